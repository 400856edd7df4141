// Tier 4, kickstarted by the other tiers and fired every 5 min: delivers the outbox to Discord.
//   alert            deliver what is due (reminders included)
//   alert --test     send a test message and say whether the webhook accepted it
import { deliver, renderAlert, sendTest } from '../lib/alert.ts';
import { main, parseArgs } from '../lib/cli.ts';
import { realDeps } from '../lib/deps.ts';

const args = await parseArgs('alert', 'Tier 4: delivers queued alerts to DISCORD_WEBHOOK_URL.', {
  test: { type: 'boolean', describe: 'send a test message and report whether the webhook accepted it', default: false },
});
if (args.test) {
  const r = await main('alert', (cfg) => sendTest(cfg), (x) => x.detail, args.json);
  if (!r.accepted) process.exitCode = 1;
} else {
  await main('alert', (cfg) => deliver(realDeps(cfg)), renderAlert, args.json);
}
