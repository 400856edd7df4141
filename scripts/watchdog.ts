// Tier 1, fired by launchd every 60 s: is the gateway process there (and not bloated)? If not, restart it.
import { main, parseArgs } from '../lib/view/cli.ts';
import { realDeps } from '../lib/seams/deps.ts';
import { runWatchdog } from '../lib/tiers/watchdog.ts';
import { renderWatchdog } from '../lib/view/render.ts';

const args = await parseArgs('watchdog', 'Tier 1: checks that the gateway process runs and is under MEMORY_MAX_MB; restarts it within budget.', {});
await main('watchdog', (cfg) => runWatchdog(realDeps(cfg)), renderWatchdog, args.json, 'watchdog');
