// A real `openclaw update` (2026.9.5 to a packed 2026.9.6) beside a running real gateway, under the
// watchdog and health tiers (harness/update-bench.ts): no restart of ours while it runs, its outcome
// told once. About 10 to 15 minutes; figures to stdout and bench/out/update.json.
//   npm run bench:update
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { FROM, TO, runUpdateBench } from '../harness/update-bench.ts';

const r = await runUpdateBench((s) => console.error(s));
const out = join(PROJECT_ROOT, 'bench', 'out');
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'update.json'), `${JSON.stringify(r, null, 2)}\n`);
console.log(`| update | outcome | versions | updater | gateway stopped | our restarts while it ran | after | ticks stood down | alerts |`);
console.log(`|---|---|---|---|---|---|---|---|---|`);
console.log(`| ${FROM} → ${TO} (tarball) | ${r.outcome ?? '—'}${r.reason ? ` (${r.reason})` : ''} | ${r.versions} | exit ${r.updaterExit ?? '—'}, ${r.updaterS.toFixed(0)} s | ${r.stoppedS === null ? '—' : `${r.stoppedS.toFixed(0)} s`} | ${r.restartsDuring} | ${r.restartsAfter} | ${r.heldTicks} | ${r.alerts.length} |`);
console.log(`\nPhases seen: ${r.phases.join(' → ')}. Alerts: ${r.alerts.join('; ') || 'none'}.`);
console.log(r.problems.length ? `PROBLEMS: ${r.problems.join('; ')}` : 'As expected: no restart of ours while the update ran; its outcome told once.');
process.exitCode = r.problems.length ? 1 : 0;
