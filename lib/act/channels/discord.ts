// Discord: a webhook message with one embed, severity colour, within Discord's limits, mentions
// disabled (log text must never ping @everyone).
import type { Config } from '../../config/config.ts';
import { jsonBody } from './http.ts';
import { cut, fitParts, type AlertMessage, type Severity } from './message.ts';
import { JSON_HEADERS, webChannel } from './channel.ts';

export const LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000, content: 2000 };

const COLOUR: Record<Severity, number> = {
  urgent: 0xd93025, // red: a person must act
  high: 0xe8710a, // orange: the supervisor itself is impaired
  normal: 0xf9ab00, // amber: the doctor is on it
  ok: 0x1e8e3e, // green
};

export interface DiscordEmbed {
  title: string;
  description: string;
  color: number;
  fields: Array<{ name: string; value: string; inline?: boolean }>;
  footer: { text: string };
  timestamp: string;
}

export interface DiscordPayload {
  username: string;
  content: string;
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: string[] };
}

export function discordPayload(m: AlertMessage): DiscordPayload {
  const fields = m.fields.map((f) => ({ name: cut(f.name, LIMITS.fieldName), value: cut(f.value, LIMITS.fieldValue) }));
  if (m.steps) fields.push({ name: 'What to do', value: cut(m.steps, LIMITS.fieldValue) });
  if (m.incidentId) fields.push({ name: 'Incident', value: cut(m.incidentId, LIMITS.fieldValue) });
  const embed: DiscordEmbed = {
    title: cut(m.title, LIMITS.title),
    description: cut(m.summary || '-', LIMITS.description),
    color: COLOUR[m.severity],
    fields: fields.slice(0, LIMITS.fields),
    footer: { text: cut(`${m.footer}${m.attempt > 1 ? ` · delivery try ${m.attempt}` : ''}`, LIMITS.footer) },
    timestamp: new Date(m.createdAt).toISOString(),
  };
  // Discord rejects an embed over 6000 characters in all: the shared trimming (longest first, then
  // the last fields dropped), over the description and the field values.
  const fixed = embed.title.length + embed.footer.text.length;
  const names = embed.fields.map((f) => f.name.length);
  const size = (p: string[]) => fixed + p.reduce((n, x, i) => n + x.length + (i > 0 ? (names[i - 1] ?? 0) : 0), 0);
  const fitted = fitParts([embed.description, ...embed.fields.map((f) => f.value)], size, LIMITS.total, 100);
  embed.description = fitted[0] ?? '-';
  embed.fields = embed.fields.slice(0, fitted.length - 1).map((f, i) => ({ ...f, value: fitted[i + 1] as string }));
  const mention = m.headline ? `**${m.headline.replace(/\.$/, '')}.** ` : '';
  return { username: 'OpenClaw self-heal', content: cut(`${mention}${embed.title}`, LIMITS.content), embeds: [embed], allowed_mentions: { parse: [] } };
}

function webhookUrl(cfg: Config): URL {
  const u = new URL((cfg.discordWebhookUrl as URL).href);
  u.searchParams.set('wait', 'true'); // Discord answers 200 with the message only once it is stored
  return u;
}

export const discord = webChannel({
  id: 'discord',
  request: (m, cfg) => ({ url: webhookUrl(cfg), headers: JSON_HEADERS, body: JSON.stringify(discordPayload(m)) }),
  reading: {
    // Discord puts retry_after (seconds, fractional) in the body; the Retry-After header is the fallback.
    retryAfter: (res) => {
      const v = jsonBody(res)?.retry_after;
      return typeof v === 'number' ? Math.ceil(v * 1000) : null;
    },
    hint: 'the webhook was deleted or its URL is wrong: check DISCORD_WEBHOOK_URL',
  },
  secrets: (cfg) => [cfg.discordWebhookUrl?.href ?? '', cfg.discordWebhookUrl?.pathname ?? ''],
});
