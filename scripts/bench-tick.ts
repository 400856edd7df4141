// `npm run bench:tick`: CPU and peak memory of one healthy tick vs `node -e 0` (target: at most 3x).
import { benchTick, renderTick } from '../harness/bench-tick.ts';

const rows = await benchTick(Number(process.argv[2] ?? 15));
process.stdout.write(`${renderTick(rows)}\n`);
const hc = rows[1];
if (hc) process.stdout.write(`\nhealthcheck / node -e 0: CPU ${hc.cpuRatio.toFixed(2)}x, memory ${hc.rssRatio.toFixed(2)}x (target: CPU at most 3x)\n`);
