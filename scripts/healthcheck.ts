// Tier 2, fired by launchd every 60 s: does the gateway answer in time? If not: restart, verify, escalate.
import { main, parseArgs } from '../lib/view/cli.ts';
import { realDeps } from '../lib/seams/deps.ts';
import { loadServing, runHealthcheck } from '../lib/tiers/health.ts';
import { renderHealth } from '../lib/view/render.ts';

const args = await parseArgs('healthcheck', 'Tier 2: probes GATEWAY_HEALTH_URL; on failure restarts once, verifies, then hands over to the doctor.', {
  check: { type: 'boolean', describe: 'only check .env and the signature table (exit 78 naming a bad key or entry), then exit', default: false },
});
if (args.check) await main('healthcheck', async (cfg) => (await loadServing()).checkServingConfig(cfg), (r) => r, args.json);
else await main('healthcheck', (cfg) => runHealthcheck(realDeps(cfg)), renderHealth, args.json, 'health');
