// Tier 3, kickstarted by tiers 1-2 (and a slow safety-net interval): the Claude Doctor.
//   doctor             run if a doctor was requested (one at a time, within budget)
//   doctor --dry-run   print the rendered prompt, the exact command line and the settings; run nothing
import { main, parseArgs } from '../lib/cli.ts';
import { realDeps } from '../lib/deps.ts';
import { dryRun, renderDoctor, runDoctor } from '../lib/doctor/doctor.ts';

const args = await parseArgs('doctor', 'Tier 3: Claude Code diagnoses and repairs, fenced in and verified.', {
  'dry-run': { type: 'boolean', describe: 'print the prompt, command line and settings; run nothing', default: false },
});
await main('doctor', (cfg) => (args['dry-run'] ? dryRun(realDeps(cfg)) : runDoctor(realDeps(cfg))), renderDoctor, args.json);
