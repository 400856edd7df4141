// Tier 2, fired by launchd every 60 s: does the gateway answer in time? If not: restart, verify, escalate.
import { main, parseArgs } from '../lib/cli.ts';
import { realDeps } from '../lib/deps.ts';
import { renderHealth, runHealthcheck } from '../lib/healthcheck.ts';

const args = await parseArgs('healthcheck', 'Tier 2: probes GATEWAY_HEALTH_URL; on failure restarts once, verifies, then hands over to the doctor.', {});
await main('healthcheck', (cfg) => runHealthcheck(realDeps(cfg)), renderHealth, args.json);
