// `npm run bench:tick`: CPU and peak memory of one healthy tick (and of the doctor's hook) vs
// `node -e 0` in the same run, as launchd runs them from dist/. Targets: the hook at most 1.2x,
// a watchdog or health tick at most 1.5x. A benchmark, not a test: it prints, it never fails a build.
import { benchTick, renderTick } from '../harness/bench-tick.ts';

const rows = await benchTick(Number(process.argv[2] ?? 15));
process.stdout.write(`${renderTick(rows)}\n\n`);
const target = (what: string, max: number) => {
  const r = rows.find((x) => x.what.startsWith(what));
  if (r) process.stdout.write(`${what}: CPU ${r.cpuRatio.toFixed(2)}x node -e 0 (target at most ${max}x), peak RSS ${r.maxRssMb.toFixed(1)} MB\n`);
};
target('healthcheck (dist', 1.5);
target('watchdog (dist', 1.5);
target('doctor-guard hook', 1.2);
