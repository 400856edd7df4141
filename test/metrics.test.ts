// Metrics for Prometheus (report/metrics.ts): the text passes promtool's own lint, a real tier writes it
// atomically when METRICS_FILE is set, the example rules pass their unit tests, and the Grafana
// dashboard queries only series the file has.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { tally } from '../lib/record/counters.ts';
import { closeRecovered, noteAction, openIncident } from '../lib/record/incident.ts';
import { markFailed, markSent, queueAlert } from '../lib/record/outbox.ts';
import { freshState, type State } from '../lib/record/state.ts';
import { renderMetrics } from '../lib/report/metrics.ts';
import { needTools, runScript, startDemo, tempDir } from './helpers.ts';

const MON = join(PROJECT_ROOT, 'docs', 'monitoring');
const T0 = Date.UTC(2026, 11, 5, 2, 0, 0);

/** A state with a bit of everything: a closed incident, an open one with a restart, alerts sent and failed. */
function busyState(): State {
  let s = freshState(T0);
  const prev = s;
  s = openIncident(s, 'gateway process is not running', 'watchdog', T0);
  s = noteAction(s, { tier: 'watchdog', kind: 'restart', detail: 'ok', ok: true }, T0 + 1_000);
  s = closeRecovered(s, T0 + 30_000, 'healthy');
  s = tally(prev, s);
  const prev2 = s;
  s = openIncident(s, 'health check failed: HTTP 503', 'health', T0 + 60_000);
  s = noteAction(s, { tier: 'health', kind: 'restart', detail: 'failed', ok: false }, T0 + 61_000);
  s = tally(prev2, s);
  s = queueAlert(s, { id: 'a1', kind: 'incident', incidentId: s.incident?.id ?? null, title: 'Gateway "down" <b>', summary: 'x', fields: [] }, T0 + 62_000);
  s = markSent(s, 'a1', 'discord', ['discord', 'slack']);
  s = markFailed(s, 'a1', 'slack', 'HTTP 500', T0 + 99_000, T0 + 63_000);
  return { ...s, lastProbe: { at: T0 + 61_000, ok: false, detail: 'HTTP 503', latencyMs: 3 }, unhealthySince: T0 + 60_000 };
}

/** The metric family names a text declares (# TYPE lines), with the sample names each one allows. */
function families(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) {
    const [name, type] = [m[1] as string, m[2] as string];
    out.set(name, type === 'histogram' ? [`${name}_bucket`, `${name}_sum`, `${name}_count`] : [name]);
  }
  return out;
}

describe('the metrics file', () => {
  it('passes promtool check metrics, with HELP and TYPE, counters named _total, base units', () => {
    needTools('promtool');
    const text = renderMetrics(busyState(), ['discord', 'slack'], T0 + 70_000);
    const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
    assert.equal(`${r.stdout}${r.stderr}`.trim(), '', 'no lint finding');
    assert.match(text, /^openclaw_selfheal_gateway_live 0$/m);
    assert.match(text, /^openclaw_selfheal_incident_open 1$/m);
    assert.match(text, /^openclaw_selfheal_incident_opened_timestamp_seconds 1796436060$/m);
    assert.match(text, /^openclaw_selfheal_incidents_total\{kind="liveness",fixed_by="watchdog"\} 1$/m);
    assert.match(text, /^openclaw_selfheal_restarts_total\{tier="watchdog",cause="liveness",result="ok"\} 1$/m);
    assert.match(text, /^openclaw_selfheal_restarts_total\{tier="health",cause="liveness",result="failed"\} 1$/m);
    assert.match(text, /^openclaw_selfheal_alerts_sent_total\{channel="discord"\} 1$/m);
    assert.match(text, /^openclaw_selfheal_alerts_failed_total\{channel="slack"\} 1$/m);
    // The first incident's recovery notice waits on both; the second's alert failed on Slack only.
    assert.match(text, /^openclaw_selfheal_alert_backlog\{channel="slack"\} 2$/m);
    assert.match(text, /^openclaw_selfheal_alert_backlog\{channel="discord"\} 1$/m);
    assert.match(text, /^openclaw_selfheal_time_to_recovery_seconds_bucket\{le="30"\} 1$/m);
    assert.match(text, /^openclaw_selfheal_time_to_recovery_seconds_count 1$/m);
    for (const [name] of families(text)) assert.match(name, /^openclaw_selfheal_[a-z_]+$/);
  });

  it("a real tier writes it atomically when METRICS_FILE is set, with its own run's duration; nothing when it is not", async () => {
    needTools('promtool');
    const gw = await startDemo();
    try {
      const dir = tempDir();
      const metrics = join(dir, 'textfile', 'openclaw_selfheal.prom');
      mkdirSync(join(dir, 'textfile'));
      const r = await runScript('watchdog', [], { ...gw.env, METRICS_FILE: metrics });
      assert.equal(r.code, 0, r.stderr);
      const text = readFileSync(metrics, 'utf8');
      assert.match(text, /^openclaw_selfheal_tier_last_run_duration_seconds\{tier="watchdog"\} \d+(\.\d+)?$/m);
      assert.match(text, /^openclaw_selfheal_tier_last_run_timestamp_seconds\{tier="watchdog"\} 1\d{9}(\.\d+)?$/m);
      const lint = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
      assert.equal(lint.status, 0, `${lint.stdout}${lint.stderr}`);
      assert.deepEqual(readdirSync(join(dir, 'textfile')), ['openclaw_selfheal.prom'], 'no temp file left beside it (the collector would read it)');
      // The status page was written by the first run; a healthy run that changes nothing it shows
      // leaves it alone.
      const page = join(gw.env.SELFHEAL_HOME as string, 'status.html');
      const before = statSync(page).mtimeMs;
      const off = await runScript('watchdog', [], gw.env);
      assert.equal(off.code, 0, off.stderr);
      assert.equal(statSync(page).mtimeMs, before, 'the page is written only when what it shows changed');
      const bad = await runScript('watchdog', [], { ...gw.env, METRICS_FILE: join(dir, 'metrics.txt') });
      assert.equal(bad.code, 78);
      assert.match(bad.stderr, /METRICS_FILE.*an absolute path \(or ~\/\.\.\.\) ending in \.prom/);
    } finally {
      gw.stopAll();
    }
  });
});

describe('the example rules and dashboard (docs/monitoring/)', () => {
  it('promtool check rules and promtool test rules pass', () => {
    needTools('promtool');
    const check = spawnSync('promtool', ['check', 'rules', 'openclaw-selfheal.rules.yml'], { cwd: MON, encoding: 'utf8' });
    assert.equal(check.status, 0, `${check.stdout}${check.stderr}`);
    const test = spawnSync('promtool', ['test', 'rules', 'openclaw-selfheal.rules.test.yml'], { cwd: MON, encoding: 'utf8' });
    assert.equal(test.status, 0, `${test.stdout}${test.stderr}`);
    assert.match(test.stdout, /SUCCESS/);
  });

  it('the rules and the Grafana dashboard query only series the metrics file has', () => {
    const known = new Set([...families(renderMetrics(busyState(), ['discord', 'slack'], T0)).values()].flat());
    const rules = readFileSync(join(MON, 'openclaw-selfheal.rules.yml'), 'utf8');
    const dash = JSON.parse(readFileSync(join(MON, 'grafana-dashboard.json'), 'utf8')) as { panels: Array<{ title: string; targets: Array<{ expr: string }> }> };
    assert.ok(dash.panels.length >= 6);
    const exprs = [...dash.panels.flatMap((p) => p.targets.map((t) => t.expr)), ...[...rules.matchAll(/expr: (.+)$/gm)].map((m) => m[1] as string)];
    assert.ok(exprs.length >= 10);
    for (const e of exprs) {
      const used = [...e.matchAll(/openclaw_selfheal_[a-z_]+/g)].map((m) => m[0]);
      assert.ok(used.length > 0, e);
      for (const u of used) assert.ok(known.has(u), `${u} (in ${e}) is not in the metrics file`);
    }
  });
});
