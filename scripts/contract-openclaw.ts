// Which log signatures still match what an OpenClaw version writes (harness/contract-openclaw.ts):
// the 401, the 429 and a stuck chat, produced for real against that version's gateway.
//   npm run contract:openclaw -- 2026.9.5 [2026.9.6 ...] [--no-stall]
// The stuck chat waits for OpenClaw's own 6-minute diagnostic; --no-stall leaves it out (about 4
// minutes a version then, most of it OpenClaw retrying the 429). Prints a table, then what each question asked before acting on a hint
// costs on that version (wall and CPU, medians of 3); bench/out/contract-<version>.json. Exit 1
// when an expected signature did not match.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { runContract, type CallCost } from '../harness/contract-openclaw.ts';

const a = await yargs(hideBin(process.argv))
  .usage('contract:openclaw <version...> [--no-stall]')
  .option('stall', { type: 'boolean', default: true, describe: "also a stuck chat (OpenClaw's 6-minute stall diagnostic)" })
  .demandCommand(1, 'name at least one OpenClaw version, like 2026.9.5')
  .strict()
  .parse();
const versions = a._.map(String);
for (const v of versions) {
  if (!/^\d{4}\.\d{1,2}\.\d{1,2}(?:-[\w.]+)?$/.test(v)) {
    console.error(`contract:openclaw: "${v}" is not an OpenClaw version (like 2026.9.5)`);
    process.exit(64);
  }
}
const out = join(PROJECT_ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
let missing = 0;
const costs: Array<{ version: string; c: CallCost }> = [];
console.log('| OpenClaw | fault | expected | matched | lines read |');
console.log('|---|---|---|---|---|');
for (const v of versions) {
  const { rows, calls } = await runContract(v, { stall: a.stall, log: (s) => console.error(`# ${s}`) });
  writeFileSync(join(out, `contract-${v}.json`), `${JSON.stringify({ rows, calls }, null, 2)}\n`);
  for (const c of calls) costs.push({ version: v, c });
  for (const r of rows) {
    const ok = r.expected.some((id) => r.matched.includes(id));
    if (!ok) missing++;
    console.log(`| ${v} | ${r.fault} | ${r.expected.join(' or ')} | ${r.matched.join(', ') || 'none'}${ok ? '' : ' (MISSING)'} | ${r.lines} |`);
  }
}
console.log('\n| OpenClaw | question | answered | wall (median of 3) | CPU |');
console.log('|---|---|---|---|---|');
for (const { version, c } of costs) console.log(`| ${version} | ${c.question} | ${c.answered ? 'yes' : 'NO'} | ${(c.wallMs / 1000).toFixed(1)} s | ${(c.cpuMs / 1000).toFixed(1)} s |`);
process.exitCode = missing ? 1 : 0;
