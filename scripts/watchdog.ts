// Tier 1, fired by launchd every 60 s: is the gateway process there (and not bloated)? If not, restart it.
import { main, parseArgs } from '../lib/cli.ts';
import { realDeps } from '../lib/deps.ts';
import { renderWatchdog, runWatchdog } from '../lib/watchdog.ts';

const args = await parseArgs('watchdog', 'Tier 1: checks that the gateway process runs and is under MEMORY_MAX_MB; restarts it within budget.', {});
await main('watchdog', (cfg) => runWatchdog(realDeps(cfg)), renderWatchdog, args.json);
