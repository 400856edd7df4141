// The serving check inside tier 2, as a real process against the demo gateway, whose `openclaw`
// stand-in answers the canary and the route check as the real one did against a provider
// answering 401 (test/fixtures/serving/).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StateStore } from '../lib/record/store.ts';
import type { HealthSummary } from '../lib/tiers/health.ts';
import { runScript, startDemo, writeFakeOpenclaw } from './helpers.ts';

async function demoWithModel(mode: string) {
  const gw = await startDemo();
  const oc = writeFakeOpenclaw(gw);
  writeFileSync(join(gw.dir, 'model-mode'), mode);
  return { gw, env: { ...gw.env, OPENCLAW_BIN: oc } as Record<string, string> };
}

/**
 * The demo with OpenClaw's JSON file log beside its console log (where OpenClaw writes its stall
 * diagnostic), and the real line it writes for a chat stuck on a run, to append as it does every 30 s.
 */
async function demoWithFileLog() {
  const { gw, env: base } = await demoWithModel('ok');
  const fileLog = join(gw.dir, 'openclaw-file.log');
  writeFileSync(fileLog, '');
  const stall = readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'serving', 'openclaw-file-session-stalled.jsonl'), 'utf8').split('\n')[2] as string;
  const env: Record<string, string> = { ...base, GATEWAY_LOG_PATHS: `${base.GATEWAY_LOG_PATHS},${fileLog}`, SERVING_INTERVAL_S: '1', CANARY_INTERVAL_S: '0' };
  // The gateway's own answer (sessions.describe): that chat has been running for 10 minutes.
  writeFileSync(join(gw.dir, 'sessions.json'), JSON.stringify({ 'agent:dev:wedge': { key: 'agent:dev:wedge', status: 'running', startedAt: Date.now() - 600_000 } }));
  return { gw, env, fileLog, stall: () => twoStalls(stall) };
}

/**
 * The diagnostic twice, stamped now and each newer than any line written before: lines no newer than
 * the newest already read are not news, and on a fast machine two ticks fit in the second between.
 */
let stampedUpTo = 0;
function twoStalls(line: string): string {
  const at = (ms: number) => line.replace(/"time":"[^"]+"/, `"time":"${new Date(ms).toISOString()}"`);
  const first = Math.max(Date.now() - 1_000, stampedUpTo + 1);
  stampedUpTo = Math.max(Date.now(), first + 1);
  return `${at(first)}\n${at(stampedUpTo)}\n`;
}

/** The next tick checks serving again at once (as after the supervisor acted), with no wait for SERVING_INTERVAL_S. */
async function dueNow(env: Record<string, string>): Promise<void> {
  await new StateStore(env.SELFHEAL_HOME as string).update((s) => ({ state: { ...s, serving: { ...s.serving, lastCheckAt: null } }, result: null }));
}

describe('the serving check in tier 2', () => {
  it('live and ready, the model login rejected: one health run tells a person with the command, restarts nothing; once fixed, the next check closes it', async () => {
    const { gw, env } = await demoWithModel('401');
    // The compiled tier, as launchd and systemd run it: the serving check is its own bundle, loaded when due.
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'scripts', 'healthcheck.js'), '--json'], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    const h = JSON.parse(r.stdout) as HealthSummary;
    assert.equal(h.probe.ok, true);
    assert.equal(h.action.kind, 'human');
    assert.equal(h.restart, null);
    const s = new StateStore(env.SELFHEAL_HOME as string).read();
    assert.equal(s.incident?.kind, 'serving');
    assert.equal(s.restarts.length, 0);
    const human = s.outbox.find((a) => a.kind === 'human');
    assert.match(human?.summary ?? '', /rejected the login \(provider anthropic\)/);
    const status = await runScript('status', [], env);
    assert.equal(status.code, 1, status.stdout);
    assert.match(status.stdout, /LIVE, READY, NOT SERVING/);
    // The person signs in again: the next check (due: an open serving incident sends the canary each time) closes it.
    writeFileSync(join(gw.dir, 'model-mode'), 'ok');
    await dueNow(env);
    const soon = await runScript('healthcheck', ['--json'], { ...env, SERVING_INTERVAL_S: '1' });
    assert.equal(soon.code, 0, soon.stderr);
    const after = new StateStore(env.SELFHEAL_HOME as string).read();
    assert.equal(after.incident, null);
    assert.match(JSON.stringify(after.outbox.find((a) => a.kind === 'recovered')), /answering again: a test message got its answer/);
    gw.stopAll();
  });

  it("a chat stuck on a run (OpenClaw's stall diagnostic): its run is aborted, nothing restarted, the next check closes it; stuck again, a restart", async () => {
    const { gw, env, fileLog, stall } = await demoWithFileLog();
    const tick = async () => {
      const r = await runScript('healthcheck', ['--json'], env);
      assert.equal(r.code, 0, r.stderr);
      await dueNow(env);
      return JSON.parse(r.stdout) as HealthSummary;
    };
    await tick(); // the first look takes the file as it is
    appendFileSync(fileLog, stall());
    const h = await tick();
    assert.equal(h.action.kind, 'none', h.action.reason);
    assert.equal(h.restart, null);
    assert.equal(readFileSync(join(gw.dir, 'sessions-aborted'), 'utf8'), 'agent:dev:wedge\n');
    const store = new StateStore(env.SELFHEAL_HOME as string);
    const mid = store.read();
    assert.equal(mid.incident?.kind, 'serving');
    assert.match(mid.incident?.actions.map((a) => `${a.kind} ${a.detail}`).join('\n') ?? '', /session-abort sessions\.abort \(a chat of agent dev\): aborted/);
    // The session key (it can hold a person's number) is never in what a person reads.
    const status = await runScript('status', [], env);
    assert.match(status.stdout, /a chat session is stuck.*\(a chat of agent dev\)\n\s+its run aborted by the supervisor \d+s ago \(sessions\.abort\)\n\s+checking again on the next health tick/);
    assert.doesNotMatch(status.stdout + JSON.stringify(mid.outbox), /agent:dev:wedge/);
    // No new stall logged: the next check closes it, saying what fixed it.
    await tick();
    const after = store.read();
    assert.equal(after.incident, null);
    assert.equal(after.restarts.length, 0);
    assert.match(after.history.at(-1)?.fixedBy ?? '', /aborting the run a chat was stuck on/);
    // Stuck again within the half hour: the abort did not last, so a restart.
    appendFileSync(fileLog, stall());
    const again = await tick();
    assert.equal(again.action.kind, 'restart', again.action.reason);
    assert.equal(readFileSync(join(gw.dir, 'sessions-aborted'), 'utf8'), 'agent:dev:wedge\n');
    gw.stopAll();
  });

  it("a chat stuck on a run whose abort OpenClaw refuses: a restart at once", async () => {
    const { gw, env, fileLog, stall } = await demoWithFileLog();
    writeFileSync(join(gw.dir, 'session-abort'), 'refused');
    assert.equal((await runScript('healthcheck', [], env)).code, 0);
    await dueNow(env);
    appendFileSync(fileLog, stall());
    const r = await runScript('healthcheck', ['--json'], env);
    const h = JSON.parse(r.stdout) as HealthSummary;
    assert.equal(h.action.kind, 'restart', h.action.reason);
    assert.equal(h.restart?.ok, true);
    const s = new StateStore(env.SELFHEAL_HOME as string).read();
    assert.match(s.incident?.actions.map((a) => `${a.kind} ${a.detail}`).join('\n') ?? '', /session-abort sessions\.abort \(a chat of agent dev\): refused: INVALID_REQUEST/);
    gw.stopAll();
  });

  it('a gateway running a newer OpenClaw than the signatures were seen on: asked once per boot, one heads-up, and status says so', async () => {
    const { gw, env: base } = await demoWithModel('ok');
    const env: Record<string, string> = { ...base, SERVING_INTERVAL_S: '1', CANARY_INTERVAL_S: '0' };
    writeFileSync(join(gw.dir, 'gateway-version'), '2026.10.1');
    const calls = () => {
      try {
        return readFileSync(join(gw.dir, 'gateway-status-calls'), 'utf8').length;
      } catch {
        return 0;
      }
    };
    const tick = async () => {
      const r = await runScript('healthcheck', ['--json'], env);
      assert.equal(r.code, 0, r.stderr);
      return JSON.parse(r.stdout) as HealthSummary;
    };
    const first = await tick();
    assert.ok(first.serving, 'the serving check ran');
    assert.equal(calls(), 1);
    const s = new StateStore(env.SELFHEAL_HOME as string).read();
    assert.equal(s.serving.version?.version, '2026.10.1');
    assert.deepEqual(s.outbox.filter((a) => a.kind === 'heads-up').map((a) => a.title), ["OpenClaw 2026.10.1 is newer than the supervisor's log signatures"]);
    assert.equal(first.action.kind, 'none', 'nothing done for it');
    await new Promise((r) => setTimeout(r, 1_100));
    const second = await tick();
    assert.ok(second.serving, 'the serving check ran again');
    assert.equal(calls(), 1, 'the same boot: not asked again');
    const status = await runScript('status', [], env);
    assert.match(status.stdout, /OpenClaw 2026\.10\.1: NEWER than the log signatures were seen on/);
    gw.stopAll();
  });

  it('a bad signature table: the probe is recorded, a person is told, and the tier exits 78 naming the entry', async () => {
    const { gw, env } = await demoWithModel('ok');
    const table = join(gw.dir, 'signatures.json5');
    writeFileSync(table, "{ signatures: [{ id: 'bad-one', pattern: 'a(b', meaning: 'something it means', class: 'session', count: 1, windowS: 60, fix: 'restart', source: 'seen' }] }");
    const r = await runScript('healthcheck', [], { ...env, SERVING_SIGNATURES_FILE: table });
    assert.equal(r.code, 78, r.stdout + r.stderr);
    assert.match(r.stderr, /signatures\[0\] \(bad-one\)\.pattern must be a JavaScript regular expression; got "a\(b" \(from .*signatures\.json5\)/);
    const s = new StateStore(env.SELFHEAL_HOME as string).read();
    assert.equal(s.lastProbe?.ok, true);
    assert.ok(s.outbox.some((a) => /bad-one/.test(`${a.title} ${a.summary}`)), JSON.stringify(s.outbox));
    const check = await runScript('healthcheck', ['--check'], { ...env, SERVING_SIGNATURES_FILE: table });
    assert.equal(check.code, 78);
    // The project's own table: checked, and the OpenClaw versions it was seen on said.
    const good = await runScript('healthcheck', ['--check'], env);
    assert.equal(good.code, 0, good.stderr);
    assert.match(good.stdout, /signature table ok: \d+ entries \(.*log-signatures\.json5\), seen on OpenClaw 2026\.9\.5, 2026\.9\.6;/);
    gw.stopAll();
  });
});
