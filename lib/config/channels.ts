// The alert channels' keys: which channel .env turns on, what each key must look like, and which
// channel cannot work on this machine. Knowing which channels are on costs a tick no channel module.
import type { ChannelId } from '../record/state.ts';
import { ConfigError, LOOPBACK, ownNetwork, type ConfigProblem, type Reader } from './reader.ts';

export interface AlertConfig {
  discordWebhookUrl: URL | null;
  slackWebhookUrl: URL | null;
  telegramBotToken: string | null;
  telegramChatId: string | null;
  telegramApiUrl: URL;
  ntfyUrl: URL | null;
  ntfyToken: string | null;
  /** A generic JSON webhook (Home Assistant, n8n, ...). */
  alertWebhookUrl: URL | null;
  /** A Notification Center banner on the Mac itself (a no-op elsewhere). */
  macosNotify: boolean;
  alertRemindS: number;
  alertRecoverySettleS: number;
}

const DISCORD_HOSTS = new Set(['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com']);

/** A Discord webhook (https://discord.com/api/webhooks/<id>/<token>), or a loopback stand-in for tests. */
export function discordWebhookProblem(u: URL): string | null {
  const expected = 'a Discord webhook URL like https://discord.com/api/webhooks/<id>/<token>';
  if (LOOPBACK.has(u.hostname)) return null;
  if (u.protocol !== 'https:' || !DISCORD_HOSTS.has(u.hostname)) return expected;
  if (!/^\/api(\/v\d+)?\/webhooks\/\d+\/[\w-]+\/?$/.test(u.pathname)) return expected;
  return null;
}

/** A Slack incoming webhook, or a loopback stand-in with the same path shape. */
export function slackWebhookProblem(u: URL): string | null {
  const expected = 'a Slack incoming-webhook URL like https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX';
  const shape = /^\/services\/[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]+$/;
  if (LOOPBACK.has(u.hostname)) return shape.test(u.pathname) ? null : expected;
  return u.protocol === 'https:' && u.hostname === 'hooks.slack.com' && shape.test(u.pathname) ? null : expected;
}

/** An ntfy topic URL (ntfy.sh or self-hosted); plain http only inside the user's own network. */
export function ntfyUrlProblem(u: URL): string | null {
  const expected = 'an ntfy topic URL like https://ntfy.sh/my-openclaw-alerts (http only on loopback or your LAN)';
  if (!/^(\/[\w.-]+)*\/[\w-]{1,64}$/.test(u.pathname) || u.search || u.hash) return expected;
  return u.protocol === 'https:' || ownNetwork(u.hostname) ? null : expected;
}

/** A generic JSON webhook (Home Assistant, n8n): https, or http inside the user's own network. */
export function alertWebhookProblem(u: URL): string | null {
  return u.protocol === 'https:' || ownNetwork(u.hostname) ? null : 'an https URL like https://example.com/hooks/openclaw (http only on loopback or your LAN, e.g. http://homeassistant.local:8123/api/webhook/openclaw)';
}

/** The Bot API base: api.telegram.org, a self-hosted Bot API server over https, or a loopback stand-in. */
export function telegramApiProblem(u: URL): string | null {
  const expected = 'the Telegram Bot API base URL like https://api.telegram.org';
  if (u.search || u.hash) return expected;
  return u.protocol === 'https:' || LOOPBACK.has(u.hostname) ? null : expected;
}

function telegramKeys(r: Reader): Pick<AlertConfig, 'telegramBotToken' | 'telegramChatId' | 'telegramApiUrl'> {
  const token = r.secret('TELEGRAM_BOT_TOKEN', /^\d{5,}:[\w-]{30,}$/, 'a bot token from @BotFather like 123456789:AAHk3xampleT0kenFromBotFather0123456');
  const chatRaw = r.raw('TELEGRAM_CHAT_ID');
  const chat = chatRaw?.value.trim() ?? null;
  const chatExpected = 'a chat id like 123456789 or -1001234567890 (or @channelname)';
  if (chat !== null && !/^(-?\d{1,20}|@[A-Za-z]\w{4,31})$/.test(chat)) throw new ConfigError('TELEGRAM_CHAT_ID', chatExpected, chat, chatRaw?.source ?? 'default');
  if (token && !chat) throw new ConfigError('TELEGRAM_CHAT_ID', `set with TELEGRAM_BOT_TOKEN: ${chatExpected}`, '', 'not set');
  if (chat && !token) throw new ConfigError('TELEGRAM_BOT_TOKEN', 'set with TELEGRAM_CHAT_ID: a bot token from @BotFather like 123456789:AAHk3xampleT0kenFromBotFather0123456', '', 'not set');
  return { telegramBotToken: token, telegramChatId: chat, telegramApiUrl: r.url('TELEGRAM_API_URL', 'https://api.telegram.org', telegramApiProblem) as URL };
}

function ntfyKeys(r: Reader): Pick<AlertConfig, 'ntfyUrl' | 'ntfyToken'> {
  const url = r.url('NTFY_URL', null, ntfyUrlProblem);
  const token = r.secret('NTFY_TOKEN', /^tk_[A-Za-z0-9]{20,64}$/, 'an ntfy access token like tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2');
  if (token && !url) throw new ConfigError('NTFY_URL', 'set with NTFY_TOKEN: an ntfy topic URL like https://ntfy.sh/my-openclaw-alerts', '', 'not set');
  // The token would cross the LAN in clear.
  if (token && url && url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) throw new ConfigError('NTFY_URL', 'an https URL when NTFY_TOKEN is set, like https://ntfy.example.com/openclaw', url.href, 'NTFY_TOKEN is sent with it');
  return { ntfyUrl: url, ntfyToken: token };
}

/**
 * One channel's keys; a bad one turns that channel off (its problem said), never the others and
 * never the tiers: a typo in the Telegram token must not stop the restart of a dead gateway.
 */
function channel<T>(problems: ConfigProblem[], off: T, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    problems.push({ key: e.key, message: `${e.message}: that alert channel is off until it is fixed in .env` });
    return off;
  }
}

export function alertKeys(r: Reader, problems: ConfigProblem[] = []): AlertConfig {
  return {
    discordWebhookUrl: channel(problems, null, () => r.url('DISCORD_WEBHOOK_URL', null, discordWebhookProblem)),
    slackWebhookUrl: channel(problems, null, () => r.url('SLACK_WEBHOOK_URL', null, slackWebhookProblem)),
    ...channel(problems, { telegramBotToken: null, telegramChatId: null, telegramApiUrl: new URL('https://api.telegram.org') }, () => telegramKeys(r)),
    ...channel(problems, { ntfyUrl: null, ntfyToken: null }, () => ntfyKeys(r)),
    alertWebhookUrl: channel(problems, null, () => r.url('ALERT_WEBHOOK_URL', null, alertWebhookProblem)),
    macosNotify: channel(problems, false, () => r.bool('MACOS_NOTIFY', false)),
    alertRemindS: r.int('ALERT_REMIND_S', 3600, 1, 604_800, 'seconds'),
    alertRecoverySettleS: r.int('ALERT_RECOVERY_SETTLE_S', 120, 0, 3600, 'seconds'),
  };
}

/**
 * Each channel, once: the .env keys that are its own (a misspelling of one turns that channel off,
 * not the tiers), whether they turn it on, how it looks turned off, and why it cannot work here.
 */
export const CHANNEL_SETTINGS: Record<ChannelId, { keys: string[]; configured: (c: AlertConfig) => boolean; off: Partial<AlertConfig>; unavailable: (platform: NodeJS.Platform) => string | null }> = {
  discord: { keys: ['DISCORD_WEBHOOK_URL'], configured: (c) => c.discordWebhookUrl !== null, off: { discordWebhookUrl: null }, unavailable: () => null },
  slack: { keys: ['SLACK_WEBHOOK_URL'], configured: (c) => c.slackWebhookUrl !== null, off: { slackWebhookUrl: null }, unavailable: () => null },
  telegram: {
    keys: ['TELEGRAM_BOT_TOKEN', 'TELEGRAM_CHAT_ID', 'TELEGRAM_API_URL'],
    configured: (c) => c.telegramBotToken !== null && c.telegramChatId !== null,
    off: { telegramBotToken: null, telegramChatId: null },
    unavailable: () => null,
  },
  ntfy: { keys: ['NTFY_URL', 'NTFY_TOKEN'], configured: (c) => c.ntfyUrl !== null, off: { ntfyUrl: null, ntfyToken: null }, unavailable: () => null },
  webhook: { keys: ['ALERT_WEBHOOK_URL'], configured: (c) => c.alertWebhookUrl !== null, off: { alertWebhookUrl: null }, unavailable: () => null },
  macos: { keys: ['MACOS_NOTIFY'], configured: (c) => c.macosNotify, off: { macosNotify: false }, unavailable: (platform) => (platform === 'darwin' ? null : 'Notification Center exists only on macOS: nothing is shown here') },
};

/** Each channel's own keys. */
export const CHANNEL_KEYS = Object.fromEntries(Object.entries(CHANNEL_SETTINGS).map(([id, c]) => [id, c.keys])) as Record<ChannelId, string[]>;

/** The channels that will get alerts from this machine, in the order a person reads them. */
export function activeIds(cfg: AlertConfig, platform: NodeJS.Platform = process.platform): ChannelId[] {
  return (Object.keys(CHANNEL_SETTINGS) as ChannelId[]).filter((id) => CHANNEL_SETTINGS[id].configured(cfg) && CHANNEL_SETTINGS[id].unavailable(platform) === null);
}
