// Acceptance against the real OpenClaw gateway: the two faults that wait minutes on OpenClaw's own
// clocks, on a gateway of their own, run beside the rest of npm test (test/run.mjs): F14 waits out
// OpenClaw's channel connect grace (120 s) and then ours; F19 waits for OpenClaw's stall diagnostic,
// a built-in threshold of about 6 minutes (not configurable in 2026.9.6: resolveStuckSessionWarnMs
// returns a constant). Both mostly idle meanwhile.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realBench, unsupported } from './real-bench.ts';

const run = realBench();

describe("the real OpenClaw gateway, faults that wait on OpenClaw's own clocks", { concurrency: false, skip: unsupported }, () => {
  // First, on this fresh gateway: OpenClaw's crash-loop breaker counts unclean boots for 5 minutes
  // (F14 would see safe mode after crashes).
  it('F14 a channel that cannot connect: live, never restarted; past the readiness grace a person is told which channel', async () => {
    const r = await run('F14');
    assert.equal(r.outcome, 'alerted', JSON.stringify(r));
    assert.deepEqual(r.problems, [], `the alert names telegram: ${JSON.stringify(r)}`);
    assert.equal(r.restarts, 0);
    assert.deepEqual(r.kills, []);
    assert.deepEqual(r.falseActions, []);
  });

  it("F19 a chat stuck on a run (its provider's stream stopped mid-answer) while the gateway answers: OpenClaw's stall diagnostic seen, that chat's run aborted, the chat answers again; no restart, no one called", async () => {
    const r = await run('F19');
    assert.equal(r.outcome, 'recovered', JSON.stringify(r));
    assert.deepEqual(r.problems, [], JSON.stringify(r));
    assert.deepEqual(r.actions, ['session-abort'], JSON.stringify(r));
    assert.equal(r.restarts, 0);
    assert.deepEqual(r.kills, []);
    assert.deepEqual(r.falseActions, []);
    console.log(`# F19 real: the stuck chat seen ${r.detectMs} ms after its stream stopped (OpenClaw says so after about 6 minutes), fixed ${r.healthyMs} ms after`);
  });
});
