// Acceptance against the real OpenClaw gateway, live and answering /health but not serving: F14 a
// channel that cannot connect (it waits out OpenClaw's own 120 s connect grace, then our
// READY_GRACE_S, mostly idle meanwhile), F16 a provider refusing the login (a person told). On a
// gateway of its own, beside acceptance.test.ts and acceptance-repair.test.ts (test/run.mjs).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realBench, unsupported } from './real-bench.ts';

const run = realBench();

describe('the real OpenClaw gateway, supervised as launchd would run the tiers: live, not serving', { concurrency: false, skip: unsupported }, () => {
  // On a fresh gateway: OpenClaw's crash-loop breaker counts unclean boots for 5 minutes, and other
  // faults' crashes would trip it (F14 would then see safe mode).
  it('F14 a channel that cannot connect: live, never restarted; past the readiness grace a person is told which channel', async () => {
    const r = await run('F14');
    assert.equal(r.outcome, 'alerted', JSON.stringify(r));
    assert.deepEqual(r.problems, [], `the alert names telegram: ${JSON.stringify(r)}`);
    assert.equal(r.restarts, 0);
    assert.deepEqual(r.kills, []);
    assert.deepEqual(r.falseActions, []);
  });

  it('F16 the model provider rejects the login (401) while /health and /readyz say yes: a person is told with the command, never a restart', async () => {
    const r = await run('F16');
    assert.equal(r.outcome, 'alerted', JSON.stringify(r));
    assert.deepEqual(r.problems, [], JSON.stringify(r));
    assert.equal(r.restarts, 0);
    assert.deepEqual(r.kills, []);
    assert.deepEqual(r.falseActions, []);
    console.log(`# F16 real: detected ${r.detectMs} ms after the provider began answering 401, a person told after ${r.humanMs} ms`);
  });
});
