// `npm run bench:alert`: the doctor cannot run (Claude Code missing) -> how soon does the person's
// alert reach a channel? Target: under 10 s from the refusal. Prints medians; asserts nothing.
import { benchHumanAlert } from '../harness/bench-human-alert.ts';

const runs = await benchHumanAlert(Number(process.argv[2] ?? 5));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
for (const [i, r] of runs.entries()) process.stdout.write(`run ${i + 1}: refusal -> channel ${(r.refusalToChannelMs / 1000).toFixed(2)} s; dead gateway found -> channel ${(r.detectionToChannelMs / 1000).toFixed(2)} s; ${r.pushes} push(es) for the step\n`);
process.stdout.write(`median of ${runs.length}: refusal -> channel ${(median(runs.map((r) => r.refusalToChannelMs)) / 1000).toFixed(2)} s (target under 10 s); dead gateway found -> channel ${(median(runs.map((r) => r.detectionToChannelMs)) / 1000).toFixed(2)} s\n`);
