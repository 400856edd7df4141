// Acceptance against the real OpenClaw gateway: F14 a channel that cannot connect. It waits out
// OpenClaw's own connect grace (120 s, then our READY_GRACE_S), mostly idle meanwhile: on a gateway of
// its own, beside acceptance.test.ts and acceptance-repair.test.ts (test/run.mjs).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realBench, unsupported } from './real-bench.ts';

const run = realBench();

describe('the real OpenClaw gateway, supervised as launchd would run the tiers: a channel that cannot connect', { concurrency: false, skip: unsupported }, () => {
  // On a fresh gateway: OpenClaw's crash-loop breaker counts unclean boots for 5 minutes, and other
  // faults' crashes would trip it (F14 would then see safe mode).
  it('F14 a channel that cannot connect: live, never restarted; past the readiness grace a person is told which channel', async () => {
    const r = await run('F14', { last: true });
    assert.equal(r.outcome, 'alerted', JSON.stringify(r));
    assert.deepEqual(r.problems, [], `the alert names telegram: ${JSON.stringify(r)}`);
    assert.equal(r.restarts, 0);
    assert.deepEqual(r.kills, []);
    assert.deepEqual(r.falseActions, []);
  });
});
