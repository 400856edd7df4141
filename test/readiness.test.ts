// Alive is not enough: the tiers against a demo gateway that answers /health while /readyz says it
// serves nobody (a dead channel, safe mode, a stalled event loop), and a restart that must not trip
// OpenClaw's crash-loop breaker. Real processes, real HTTP.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { alive, writeFault } from '../harness/demo-gateway.ts';
import type { HealthSummary } from '../lib/tiers/health.ts';
import { StateStore } from '../lib/record/store.ts';
import { needTools, runScript, sleep, startDemo } from './helpers.ts';

async function health(env: Record<string, string>): Promise<HealthSummary> {
  const r = await runScript('healthcheck', ['--json'], env);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as HealthSummary;
}

describe('live and ready, told apart', { concurrency: 2 }, () => {
  before(() => needTools('lsof', 'ps'));

  it('a dead channel: live, recorded as not ready, never restarted; past READY_GRACE_S a person is told which channel', async () => {
    const gw = await startDemo({ READY_GRACE_S: '3' });
    const pid = gw.pid() as number;
    writeFault(gw.dir, { notReady: ['telegram'] });
    const first = await health(gw.env);
    assert.equal(first.probe.ok, true);
    assert.equal(first.readiness?.ready, false);
    assert.equal(first.action.kind, 'none');
    assert.match(first.action.reason, /degraded: live, not ready/);
    const status = await runScript('status', [], gw.env);
    assert.match(status.stdout, /LIVE, NOT READY[\s\S]*gateway live, NOT READY for .*: telegram/);
    await sleep(3_500);
    const late = await health(gw.env);
    assert.equal(late.action.kind, 'human', late.action.reason);
    assert.equal(late.restart, null);
    assert.equal(gw.pid(), pid, 'never restarted');
    const s = new StateStore(gw.env.SELFHEAL_HOME as string).read();
    assert.match(s.outbox.find((a) => a.kind === 'human')?.summary ?? '', /channel telegram is not working/);
    // The channel comes back (OpenClaw's own monitor, or the person): the incident closes.
    writeFault(gw.dir, {});
    const back = await health(gw.env);
    assert.equal(back.incident, null);
    assert.equal(new StateStore(gw.env.SELFHEAL_HOME as string).read().history.at(-1)?.outcome, 'recovered');
    gw.stopAll();
  });

  it('safe mode (channels held down by the crash-loop breaker): the doctor is called, the gateway is not restarted', async () => {
    const gw = await startDemo();
    const pid = gw.pid() as number;
    writeFault(gw.dir, { suppressed: ['telegram'] });
    const h = await health(gw.env);
    assert.equal(h.action.kind, 'doctor', h.action.reason);
    assert.equal(h.restart, null);
    assert.equal(gw.pid(), pid);
    const s = new StateStore(gw.env.SELFHEAL_HOME as string).read();
    assert.equal(s.incident?.kind, 'safe-mode');
    assert.ok(s.doctor.requested);
    const status = await runScript('status', [], gw.env);
    assert.match(status.stdout, /SAFE MODE: the crash-loop breaker keeps telegram down/);
    gw.stopAll();
  });

  it('a stalled event loop, STALL_PROBES probes in a row: restarted like a hang', async () => {
    const gw = await startDemo({ STALL_PROBES: '2' });
    const pid = gw.pid() as number;
    writeFault(gw.dir, { pid, stall: true });
    assert.equal((await health(gw.env)).action.kind, 'none');
    const h = await health(gw.env);
    assert.equal(h.action.kind, 'restart', h.action.reason);
    assert.match(h.action.reason, /stalled/);
    assert.equal(h.verified?.ok, true);
    assert.notEqual(gw.pid(), pid);
    gw.stopAll();
  });

  it("a hung gateway that ignores SIGTERM, after two unclean stops in 5 minutes: no SIGKILL (it would trip OpenClaw's breaker), the doctor instead", async () => {
    const gw = await startDemo();
    const pid = gw.pid() as number;
    await new StateStore(gw.env.SELFHEAL_HOME as string).update((s) => ({ state: { ...s, uncleanStops: [Date.now() - 120_000, Date.now() - 60_000] }, result: null }));
    writeFault(gw.dir, { pid, hang: true, ignoreTerm: true });
    const h = await health(gw.env);
    assert.equal(h.action.kind, 'restart');
    assert.equal(h.restart?.breakerHeld, true, JSON.stringify(h.restart));
    assert.ok(!h.restart?.killed.some((k) => k.signal === 'SIGKILL'));
    assert.match(h.restart?.steps.join(' ') ?? '', /no SIGKILL: it would trip OpenClaw's crash-loop breaker/);
    assert.ok(alive(pid));
    const s = new StateStore(gw.env.SELFHEAL_HOME as string).read();
    assert.ok(s.doctor.requested, 'handed to the doctor');
    assert.match(s.doctor.requested?.reason ?? '', /trip OpenClaw's crash-loop breaker/);
    assert.equal(s.uncleanStops.length, 2, 'no unclean stop added');
    gw.stopAll();
  });
});
