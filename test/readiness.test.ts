// Alive is not enough: the tiers against a demo gateway that answers /health while /readyz says it
// serves nobody (a dead channel, safe mode, a stalled event loop), and a restart that must not trip
// OpenClaw's crash-loop breaker. Real processes, real HTTP.
import assert from 'node:assert/strict';
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { alive, writeFault } from '../harness/demo-gateway.ts';
import type { HealthSummary } from '../lib/tiers/health.ts';
import { StateStore } from '../lib/record/store.ts';
import { needTools, runScript, sleep, startDemo, writeFakeOpenclaw } from './helpers.ts';

/** The demo with a stand-in `openclaw` whose `gateway call channels.start` takes the channel off the demo's breaker list. */
function withFakeOpenclaw(gw: Awaited<ReturnType<typeof startDemo>>): Record<string, string> {
  return { ...gw.env, OPENCLAW_BIN: writeFakeOpenclaw(gw) };
}

async function health(env: Record<string, string>): Promise<HealthSummary> {
  const r = await runScript('healthcheck', ['--json'], env);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as HealthSummary;
}

describe('live and ready, told apart', { concurrency: 2 }, () => {
  before(() => needTools('lsof', 'ps'));

  it("a dead channel: live, recorded as not ready, never restarted; past READY_GRACE_S the gateway is asked why and a person is told which channel and the cause it answered (a network down, not a login)", async () => {
    const gw = await startDemo({ READY_GRACE_S: '3' });
    const env = withFakeOpenclaw(gw);
    const pid = gw.pid() as number;
    writeFault(gw.dir, { notReady: ['telegram'] });
    // What the real 2026.9.6 gateway answers for a Telegram account whose Bot API it cannot reach.
    copyFileSync(new URL('./fixtures/serving/channels-status-network.json', import.meta.url), join(gw.dir, 'channels-status.json'));
    const first = await health(env);
    assert.equal(first.probe.ok, true);
    assert.equal(first.readiness?.ready, false);
    assert.equal(first.action.kind, 'none');
    assert.match(first.action.reason, /degraded: live, not ready/);
    const status = await runScript('status', [], gw.env);
    assert.match(status.stdout, /LIVE, NOT READY[\s\S]*gateway live, NOT READY for .*: telegram/);
    await sleep(3_500);
    const late = await health(env);
    assert.equal(late.action.kind, 'human', late.action.reason);
    assert.equal(late.restart, null);
    assert.equal(gw.pid(), pid, 'never restarted');
    const s = new StateStore(gw.env.SELFHEAL_HOME as string).read();
    const told = s.outbox.find((a) => a.kind === 'human')?.summary ?? '';
    assert.match(told, /channel telegram is not working: it cannot connect, and OpenClaw keeps retrying it with no login refused, so usually the network/);
    assert.doesNotMatch(told, /expired login|bot token/);
    // The channel comes back (OpenClaw's own monitor, or the person): the incident closes.
    writeFault(gw.dir, {});
    const back = await health(env);
    assert.equal(back.incident, null);
    assert.equal(new StateStore(gw.env.SELFHEAL_HOME as string).read().history.at(-1)?.outcome, 'recovered');
    gw.stopAll();
  });

  it('safe mode: the supervisor starts the held-down channel itself (channels.start); the next probe finds it ready and closes the incident; no doctor, no restart', async () => {
    const gw = await startDemo();
    const env = withFakeOpenclaw(gw);
    const pid = gw.pid() as number;
    writeFault(gw.dir, { suppressed: ['telegram'] });
    const h = await health(env);
    assert.equal(h.action.kind, 'none', h.action.reason);
    assert.match(h.action.reason, /started telegram \(channels\.start\)/);
    assert.equal(h.restart, null);
    const mid = new StateStore(env.SELFHEAL_HOME as string).read();
    assert.equal(mid.incident?.kind, 'safe-mode');
    assert.equal(mid.doctor.requested, null, 'no doctor');
    assert.match(mid.incident?.actions.map((a) => `${a.kind} ${a.detail}`).join('\n') ?? '', /channel-start channels\.start telegram: started \(handed-off\)/);
    const status = await runScript('status', [], env);
    assert.match(status.stdout, /channel-start: channels\.start telegram: started/);
    const back = await health(env);
    assert.equal(back.incident, null, back.action.reason);
    const s = new StateStore(env.SELFHEAL_HOME as string).read();
    assert.equal(s.history.at(-1)?.outcome, 'recovered');
    assert.match(s.history.at(-1)?.fixedBy ?? '', /starting a channel OpenClaw's crash-loop breaker held down: channels\.start telegram/);
    assert.equal(s.outbox.some((a) => a.kind === 'human' || a.kind === 'escalated'), false, 'no one was called');
    assert.equal(gw.pid(), pid, 'never restarted');
    gw.stopAll();
  });

  it("safe mode, OpenClaw skips the start (the account's secret unavailable): the doctor at once, with OpenClaw's reason in our words; the gateway is not restarted", async () => {
    const gw = await startDemo();
    const env = withFakeOpenclaw(gw);
    const pid = gw.pid() as number;
    writeFault(gw.dir, { suppressed: ['telegram'] });
    writeFileSync(join(gw.dir, 'channel-start'), 'skipped secret-unavailable');
    const h = await health(env);
    assert.equal(h.action.kind, 'doctor', h.action.reason);
    assert.match(h.action.reason, /could not start telegram \(skipped: secret-unavailable\)/);
    assert.equal(h.restart, null);
    assert.equal(gw.pid(), pid);
    const s = new StateStore(env.SELFHEAL_HOME as string).read();
    assert.equal(s.incident?.kind, 'safe-mode');
    assert.ok(s.doctor.requested);
    const status = await runScript('status', [], env);
    assert.match(status.stdout, /SAFE MODE: the crash-loop breaker keeps telegram down \(started by the supervisor: telegram /);
    gw.stopAll();
  });

  it('safe mode again after the supervisor started the channel (the cause is still there), or with no openclaw to start it: the doctor, not another start', async () => {
    const gw = await startDemo();
    const env = withFakeOpenclaw(gw);
    writeFault(gw.dir, { suppressed: ['telegram'] });
    assert.equal((await health(env)).action.kind, 'none');
    // Held down again (the gateway crashed once more and the breaker still counts it).
    writeFault(gw.dir, { suppressed: ['telegram'] });
    const again = await health(env);
    assert.equal(again.action.kind, 'doctor', again.action.reason);
    assert.match(again.action.reason, /the supervisor started telegram .* ago and it is held down again/);
    assert.equal(new StateStore(env.SELFHEAL_HOME as string).read().incident?.actions.filter((a) => a.kind === 'channel-start').length, 1, 'one start');
    gw.stopAll();
    // The stock demo has no openclaw on its path: the start cannot run, so the doctor.
    const bare = await startDemo();
    writeFault(bare.dir, { suppressed: ['telegram'] });
    const h = await health(bare.env);
    assert.equal(h.action.kind, 'doctor', h.action.reason);
    assert.match(h.action.reason, /could not start telegram \(.*not found \(OPENCLAW_BIN\)\)/);
    bare.stopAll();
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
