// Acceptance against the real OpenClaw gateway, lane 2 (its own gateway, run beside lane 1 in
// acceptance.test.ts): the serving faults, where /health and /readyz stay green. F19 waits on
// OpenClaw's own stall diagnostic, a built-in threshold of about 6 minutes (not configurable in
// 2026.9.6: resolveStuckSessionWarnMs returns a constant), so this lane runs beside the other.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realBench, unsupported } from './real-bench.ts';

const run = realBench();

describe('the real OpenClaw gateway serving: a provider refusing, a chat stuck', { concurrency: false, skip: unsupported }, () => {
  it('F16 the model provider rejects the login (401) while /health and /readyz say yes: a person is told with the command, never a restart', async () => {
    const r = await run('F16');
    assert.equal(r.outcome, 'alerted', JSON.stringify(r));
    assert.deepEqual(r.problems, [], JSON.stringify(r));
    assert.equal(r.restarts, 0);
    assert.deepEqual(r.kills, []);
    assert.deepEqual(r.falseActions, []);
    console.log(`# F16 real: detected ${r.detectMs} ms after the provider began answering 401, a person told after ${r.humanMs} ms`);
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
