// Tier 4, kickstarted by the other tiers and fired every 5 min: delivers the outbox to every
// configured channel (Discord, Slack, Telegram, ntfy, a generic webhook, macOS notifications).
//   alert              deliver what is due (reminders included)
//   alert --test       send a test message to every configured channel; one line per channel
//   alert --channels   say which channels are configured (install.sh prints it)
import { deliver, sendTest } from '../lib/tiers/alert.ts';
import { renderAlert, renderTest } from '../lib/view/render.ts';
import { describeChannels } from '../lib/act/channels/index.ts';
import { main, parseArgs } from '../lib/view/cli.ts';
import { realDeps } from '../lib/seams/deps.ts';

const args = await parseArgs('alert', 'Tier 4: delivers queued alerts to every configured channel.', {
  test: { type: 'boolean', describe: 'send a test message to every configured channel and say whether each accepted it', default: false },
  channels: { type: 'boolean', describe: 'list the configured channels', default: false },
});
if (args.channels) {
  await main('alert', async (cfg) => describeChannels(cfg), (x) => x, args.json);
} else if (args.test) {
  const r = await main('alert', (cfg) => sendTest(cfg), renderTest, args.json);
  if (r.length === 0 || r.some((x) => !x.accepted && !x.skipped)) process.exitCode = 1;
} else {
  await main('alert', (cfg) => deliver(realDeps(cfg)), renderAlert, args.json, 'alert');
}
