// A real `openclaw update` (2026.9.5 to a packed 2026.9.6) beside a running real gateway, under the
// watchdog and health tiers (harness/update-bench.ts): no restart of ours while it runs, its outcome
// told once. Two runs: the good package, and the same package broken so its checks fail. About 4
// minutes each; figures to stdout and bench/out/update.json.
//   npm run bench:update [-- --only good|broken]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { FROM, TO, runUpdateBench, type UpdateBenchResult } from '../harness/update-bench.ts';

const a = await yargs(hideBin(process.argv)).option('only', { choices: ['good', 'broken'] as const }).strict().parse();
const runs: Array<{ name: string; r: UpdateBenchResult }> = [];
for (const name of ['good', 'broken'] as const) {
  if (a.only && a.only !== name) continue;
  console.error(`# ${name}: ${FROM} → ${TO}${name === 'broken' ? ' (its entry made unloadable)' : ''}`);
  runs.push({ name, r: await runUpdateBench((s) => console.error(s), { broken: name === 'broken' }) });
}
const out = join(PROJECT_ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'update.json'), `${JSON.stringify(runs, null, 2)}\n`);
console.log('| package | outcome | versions | updater | gateway stopped | our restarts while it ran | after | ticks stood down | alerts |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const { name, r } of runs) {
  console.log(`| ${TO} ${name} | ${r.outcome ?? '—'}${r.reason ? ` (${r.reason})` : ''} | ${r.versions} | exit ${r.updaterExit ?? '—'}, ${r.updaterS.toFixed(0)} s | ${r.stoppedS === null ? '—' : `${r.stoppedS.toFixed(0)} s`} | ${r.restartsDuring} | ${r.restartsAfter} | ${r.heldTicks} | ${r.alerts.join('; ') || 'none'} |`);
}
const problems = runs.flatMap(({ name, r }) => r.problems.map((p) => `${name}: ${p}`));
console.log(problems.length ? `PROBLEMS: ${problems.join('; ')}` : 'As expected: no restart of ours while an update ran; a failed one told once.');
process.exitCode = problems.length ? 1 : 0;
