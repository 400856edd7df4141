// The serving check inside tier 2, as a real process against the demo gateway, whose `openclaw`
// stand-in answers the canary and the route check as the real one did against a provider
// answering 401 (test/fixtures/serving/).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { StateStore } from '../lib/record/store.ts';
import type { HealthSummary } from '../lib/tiers/health.ts';
import { runScript, sleep, startDemo, writeFakeOpenclaw } from './helpers.ts';

async function demoWithModel(mode: string) {
  const gw = await startDemo();
  const oc = writeFakeOpenclaw(gw);
  writeFileSync(join(gw.dir, 'model-mode'), mode);
  return { gw, env: { ...gw.env, OPENCLAW_BIN: oc } as Record<string, string> };
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
    await sleep(1_100);
    const soon = await runScript('healthcheck', ['--json'], { ...env, SERVING_INTERVAL_S: '1' });
    assert.equal(soon.code, 0, soon.stderr);
    const after = new StateStore(env.SELFHEAL_HOME as string).read();
    assert.equal(after.incident, null);
    assert.match(JSON.stringify(after.outbox.find((a) => a.kind === 'recovered')), /answering again: a test message got its answer/);
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
    gw.stopAll();
  });
});
