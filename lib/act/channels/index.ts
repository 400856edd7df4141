// Every alert channel, in the order a person reads them in `status` and `alert --test`.
import type { Config } from '../../config/config.ts';
import type { ChannelId } from '../../record/state.ts';
import type { Channel } from './channel.ts';
import { discord } from './discord.ts';
import { macos } from './macos.ts';
import { ntfy } from './ntfy.ts';
import { slack } from './slack.ts';
import { telegram } from './telegram.ts';
import { webhook } from './webhook.ts';

export const CHANNELS: Channel[] = [discord, slack, telegram, ntfy, webhook, macos];

/** The channels that will get alerts from this machine. */
export function activeChannels(cfg: Config, platform: NodeJS.Platform = process.platform): Channel[] {
  return CHANNELS.filter((c) => c.configured(cfg) && c.unavailable(platform) === null);
}

export function activeIds(cfg: Config, platform: NodeJS.Platform = process.platform): ChannelId[] {
  return activeChannels(cfg, platform).map((c) => c.id);
}

/** One line: what is configured, and what is configured but cannot work here; then what .env has wrong, a line each. */
export function describeChannels(cfg: Config, platform: NodeJS.Platform = process.platform): string {
  const on = CHANNELS.filter((c) => c.configured(cfg));
  const head = on.length
    ? `alert channels: ${on.map((c) => (c.unavailable(platform) ? `${c.id} (off: ${c.unavailable(platform)})` : c.id)).join(', ')}`
    : 'alert channels: none configured (set DISCORD_WEBHOOK_URL, SLACK_WEBHOOK_URL, TELEGRAM_BOT_TOKEN + TELEGRAM_CHAT_ID, NTFY_URL, ALERT_WEBHOOK_URL or MACOS_NOTIFY=true in .env)';
  return [head, ...cfg.problems.map((p) => p.message)].join('\n');
}

/** The configured channels, each with why it cannot work here (or null), for `status`. */
export function channelSettings(cfg: Config, platform: NodeJS.Platform = process.platform): Array<{ id: ChannelId; off: string | null }> {
  return CHANNELS.filter((c) => c.configured(cfg)).map((c) => ({ id: c.id, off: c.unavailable(platform) }));
}
