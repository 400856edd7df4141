// The chaos benchmark: every fault against the real OpenClaw gateway and the demo gateway, the tiers
// run as launchd would (intervals scaled), a Markdown table and JSON in bench/out/, the table printed.
//   npm run bench [-- --only F1,F7] [--target real|demo]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { findOpenclaw, OPENCLAW_VERSION } from '../harness/real-gateway.ts';
import { FAULTS, fmt, runFault, SCALE, setupBench, teardownBench, type FaultResult, type TargetKind } from '../harness/chaos.ts';

const a = await yargs(hideBin(process.argv))
  .option('only', { type: 'string', describe: 'comma-separated fault ids' })
  .option('target', { choices: ['real', 'demo', 'both'] as const, default: 'both' as const })
  .strict()
  .parse();
const only = a.only ? new Set(a.only.split(',')) : null;
const install = findOpenclaw();
const targets: TargetKind[] = a.target === 'both' ? ['real', 'demo'] : [a.target];
if (targets.includes('real') && !install) {
  console.error('bench: the real gateway is not installed; run scripts/install-openclaw-cache.sh (or --target demo)');
  process.exit(69);
}

const results: FaultResult[] = [];
for (const kind of targets) {
  const faults = FAULTS.filter((f) => f.targets.includes(kind) && (!only || only.has(f.id)));
  if (faults.length === 0) continue;
  const b = await setupBench(kind, install);
  console.error(`${kind} gateway up in ${fmt(b.target.bootMs)}`);
  try {
    for (const f of faults) results.push(await runFault(b, f, { log: (s) => console.error(s) }));
  } finally {
    await teardownBench(b);
  }
}

const cell = (r: FaultResult) => {
  const acts = (r.actions.length ? r.actions : ['none']).map((x) => (x === 'doctor' && r.toolCalls.length ? `doctor [${r.toolCalls.join(', ')}]` : x)).join(', ');
  const alerts = r.alerts.length ? r.alerts.join(', ') : '—';
  const doctor = r.doctorRuns ? `${r.doctorRuns} ($${r.doctorCostUsd.toFixed(2)})` : '0';
  return `| ${r.id} | ${r.name} | ${r.target} | ${r.outcome}${r.pass ? '' : ' ✗'} | ${fmt(r.detectMs)} | ${fmt(r.healthyMs)} | ${fmt(r.healthyMinusBootMs)} | ${fmt(r.humanMs)} | ${r.restarts} | ${r.uncleanStops} | ${doctor} | ${alerts} | ${acts} | ${[...r.falseActions, ...r.problems].join('; ') || 'none'} |`;
};
const header = [
  '| fault | what | gateway | outcome | detected | healthy | healthy − boot | human told | restarts | unclean stops | doctor runs (cost) | alerts sent | actions | false actions |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
];
const boot = [...new Set(results.map((r) => `${r.target} boot ${fmt(r.bootMs)}`))].join(', ');
const table = [
  ...header,
  ...results.map(cell),
  '',
  `Intervals scaled by ${SCALE} (watchdog and health every ${60 * SCALE} s, doctor ${3600 * SCALE} s, alert ${300 * SCALE} s); ${boot}; openclaw ${OPENCLAW_VERSION}; Claude: the real Claude Code CLI against a fake model in F7, a stand-in elsewhere (cost is their reported figure); ${new Date().toISOString().slice(0, 10)}.`,
  `${results.filter((r) => r.pass).length} of ${results.length} faults ended as expected.`,
].join('\n');
const out = join(PROJECT_ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
const name = a.target === 'both' && !only ? 'chaos' : `chaos-${a.target}${only ? `-${[...only].join('-')}` : ''}`;
writeFileSync(join(out, `${name}.md`), `${table}\n`);
writeFileSync(join(out, `${name}.json`), `${JSON.stringify({ scale: SCALE, openclaw: OPENCLAW_VERSION, at: new Date().toISOString(), results }, null, 2)}\n`);
console.log(table);
process.exitCode = results.every((r) => r.pass) ? 0 : 1;
