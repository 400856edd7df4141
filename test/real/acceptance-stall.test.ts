// Acceptance against the real OpenClaw gateway: F19 a chat stuck on a run. It waits for OpenClaw's
// stall diagnostic, a built-in threshold of about 6 minutes (not configurable in 2026.9.6:
// resolveStuckSessionWarnMs returns a constant), mostly idle meanwhile: on a gateway of its own,
// beside acceptance.test.ts and acceptance-repair.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realBench, unsupported } from './real-bench.ts';

const run = realBench();

describe('the real OpenClaw gateway, supervised as launchd would run the tiers: a chat stuck', { concurrency: false, skip: unsupported }, () => {
  it("F19 a chat stuck on a run (its provider's stream stopped mid-answer) while the gateway answers: OpenClaw's stall diagnostic seen, that chat's run aborted, the chat answers again; no restart, no one called", async () => {
    const r = await run('F19', { last: true });
    assert.equal(r.outcome, 'recovered', JSON.stringify(r));
    assert.deepEqual(r.problems, [], JSON.stringify(r));
    assert.deepEqual(r.actions, ['session-abort'], JSON.stringify(r));
    assert.equal(r.restarts, 0);
    assert.deepEqual(r.kills, []);
    assert.deepEqual(r.falseActions, []);
    console.log(`# F19 real: the stuck chat seen ${r.detectMs} ms after its stream stopped (OpenClaw says so after about 6 minutes), fixed ${r.healthyMs} ms after`);
  });
});
