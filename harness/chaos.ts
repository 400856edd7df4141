// The chaos harness: inject one fault into a gateway (the real OpenClaw or the demo), let the tiers
// run as launchd would (install.sh's plists fired by harness/scheduler.ts, intervals scaled, compiled
// scripts, bare environment), and measure what happened: time to detect, time to healthy, actions,
// restarts, doctor runs and cost, alerts, and anything done that should not have been.
// Used by `npm run bench` (every fault, a table) and by the acceptance tests (test/real/).
// Its parts, in harness/chaos/: the targets and the bench around them, the runner, the steps faults
// take (config edits, restarts from outside, a chat turn, the fake provider), the fault table.
export { SCALE, setupBench, teardownBench, type Bench, type TargetKind } from './chaos/targets.ts';
export { fmt, runFault, type Fault, type FaultResult } from './chaos/runner.ts';
export { FAULTS } from './chaos/faults.ts';
