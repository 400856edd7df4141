// Acceptance against the real OpenClaw gateway (npm `openclaw` on Node 24, from the pinned cache),
// the process faults: F1 crash, F2 hang, F6 port held, F5 booting, F13 a second gateway, and F16 a
// provider refusing the login (a person told). Each fault runs as launchd would run the tiers
// (install.sh's plists, the scheduler, intervals scaled by SCALE, compiled scripts), must end recovered
// or alerted as expected, and nothing but the gateway may be signalled. Three more files run beside
// this one, each on a gateway of its own (test/run.mjs): acceptance-repair.test.ts,
// acceptance-channel.test.ts and acceptance-stall.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realBench, unsupported } from './real-bench.ts';

const run = realBench();

describe('the real OpenClaw gateway, supervised as launchd would run the tiers: process faults', { concurrency: false, skip: unsupported }, () => {
  it('F1 crash: restarted and healthy again, nothing else signalled', async () => {
    const r = await run('F1');
    assert.equal(r.outcome, 'recovered', JSON.stringify(r));
    assert.deepEqual(r.falseActions, []);
    assert.ok(r.restarts >= 1);
    assert.equal(r.doctorRuns, 0);
  });

  it('F2 hang (SIGSTOP): that exact pid gets SIGTERM then SIGCONT and stops cleanly, then healthy again', async () => {
    const r = await run('F2');
    assert.equal(r.outcome, 'recovered', JSON.stringify(r));
    assert.deepEqual(r.falseActions, []);
    assert.ok(r.kills.some((k) => k.startsWith('SIGCONT')), JSON.stringify(r.kills));
    assert.equal(r.uncleanStops, 0, 'a clean stop: nothing for the breaker');
  });

  it('F6 port held by another program: it survives, and the human is told who holds the port', async () => {
    const r = await run('F6');
    assert.equal(r.outcome, 'alerted', JSON.stringify(r));
    assert.deepEqual(r.falseActions, [], 'the squatter and the bystanders are alive');
    assert.deepEqual(r.kills, []);
    assert.ok(r.alerts.includes('human'));
  });

  it('F5 a gateway booting after a start outside the supervisor: left alone, no action', async () => {
    const r = await run('F5');
    assert.equal(r.outcome, 'no action', JSON.stringify(r));
    assert.deepEqual(r.falseActions, []);
  });

  it('F13 two real gateways matching the stock pattern, ours crashes: ours is restarted, the other never signalled', async () => {
    const r = await run('F13');
    assert.equal(r.outcome, 'recovered', JSON.stringify(r));
    assert.deepEqual(r.falseActions, [], 'the other gateway (and the bystanders) survived, and only ours was signalled');
    assert.deepEqual(r.problems, []);
    assert.ok(r.restarts >= 1);
  });

  it('F16 the model provider rejects the login (401) while /health and /readyz say yes: a person is told with the command, never a restart', async () => {
    const r = await run('F16', { last: true });
    assert.equal(r.outcome, 'alerted', JSON.stringify(r));
    assert.deepEqual(r.problems, [], JSON.stringify(r));
    assert.equal(r.restarts, 0);
    assert.deepEqual(r.kills, []);
    assert.deepEqual(r.falseActions, []);
    console.log(`# F16 real: detected ${r.detectMs} ms after the provider began answering 401, a person told after ${r.humanMs} ms`);
  });
});
