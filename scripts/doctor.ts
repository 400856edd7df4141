// Tier 3, kickstarted by tiers 1-2 (and a slow safety-net interval): the Claude Doctor.
//   doctor             run if a doctor was requested (one at a time, within budget)
//   doctor --dry-run   print the rendered prompt, the exact command line and the settings; run nothing
import { main, parseArgs } from '../lib/view/cli.ts';
import { realDeps } from '../lib/seams/deps.ts';
import { dryRun } from '../lib/doctor/plan.ts';
import { runDoctor } from '../lib/tiers/doctor.ts';
import { renderDoctor } from '../lib/view/render.ts';

const args = await parseArgs('doctor', 'Tier 3: Claude Code diagnoses and repairs, fenced in and verified.', {
  'dry-run': { type: 'boolean', describe: 'print the prompt, command line and settings; run nothing', default: false },
});
await main('doctor', (cfg) => (args['dry-run'] ? dryRun(realDeps(cfg)) : runDoctor(realDeps(cfg))), renderDoctor, args.json, args['dry-run'] ? undefined : 'doctor');
