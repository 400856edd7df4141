// The fault runner itself (harness/chaos/runner.ts), on the demo gateway: a fault's clean-up runs
// whatever happens, so a fault whose check throws never leaves the next one a broken gateway.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runFault, setupBench, teardownBench, type Bench, type Fault } from '../harness/chaos.ts';

describe('the fault runner', () => {
  let bench: Bench | null = null;
  before(async () => {
    bench = await setupBench('demo', null);
  });
  after(async () => {
    if (bench) await teardownBench(bench);
  });

  for (const where of ['verify', 'inject'] as const) {
    it(`a fault whose ${where} step throws still gets its clean-up, and the error reaches the caller`, async () => {
      let cleaned = 0;
      const boom = async () => {
        throw new Error(`${where} failed on purpose`);
      };
      const f: Fault = {
        id: 'T1',
        name: `a ${where} step that throws`,
        targets: ['demo'],
        expect: 'no-action',
        watchMs: () => 500,
        inject: where === 'inject' ? boom : async () => undefined,
        verify: where === 'verify' ? boom : () => [],
        cleanup: async () => {
          cleaned++;
        },
      };
      await assert.rejects(runFault(bench as Bench, f), new RegExp(`${where} failed on purpose`));
      assert.equal(cleaned, 1, 'the clean-up ran once');
    });
  }
});
