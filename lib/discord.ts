// A Discord webhook message for an outbox alert: one embed, severity colour, what broke, what was
// tried, the diagnosis, what to do next. Within Discord's limits, redacted, mentions disabled (log
// text must never ping @everyone).
import type { Config } from './config.ts';
import { tierLabel } from './launcher.ts';
import { attachCommand } from './status.ts';
import type { Redactor } from './redact.ts';
import type { AlertKind, OutboxAlert } from './state.ts';

export const LIMITS = { title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, total: 6000, content: 2000 };

const COLOUR: Record<AlertKind, number> = {
  human: 0xd93025, // red: a person must act
  reminder: 0xd93025,
  self: 0xe8710a, // orange: the supervisor itself is impaired
  escalated: 0xf9ab00, // amber: the doctor is on it
  incident: 0xf9ab00,
  recovered: 0x1e8e3e, // green
  test: 0x1a73e8,
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

function cut(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, n - 1)}…`;
}

export interface AlertContext {
  tmuxSession?: string | null;
  transcript?: string | null;
  host?: string;
}

/** What a person can run, from the alert's kind and the supervisor's configuration. */
export function nextSteps(a: OutboxAlert, cfg: Config, ctx: AlertContext): string | null {
  const uid = process.getuid?.() ?? 501;
  const lines: string[] = [];
  if (a.kind === 'escalated' && ctx.tmuxSession) lines.push(`Watch the doctor live: \`${attachCommand(ctx.tmuxSession, cfg.tmuxSocket)}\``);
  if (a.kind === 'human' || a.kind === 'reminder') {
    lines.push('See what happened: `npm run status` (in the openclaw-selfheal folder)');
    if (ctx.transcript) lines.push(`Doctor's transcript: \`${ctx.transcript}\``);
    lines.push(`Gateway logs: \`tail -n 100 ${cfg.logPaths[0] ?? '~/.openclaw/logs/gateway.log'}\``);
    lines.push('Repair by hand: `openclaw doctor --fix`, then `openclaw gateway restart`');
    lines.push(`Re-check now: \`launchctl kickstart gui/${uid}/${tierLabel(cfg, 'health')}\``);
    lines.push('Stop the supervisor acting while you work: `npm run status -- pause 1h`');
  }
  if (a.kind === 'self') lines.push('Check: `npm run status`, and the logs in `~/Library/Logs/openclaw-selfheal/`');
  return lines.length ? lines.join('\n') : null;
}

export function discordPayload(a: OutboxAlert, cfg: Config, redact: Redactor, now: number, ctx: AlertContext = {}): DiscordPayload {
  const r = (s: string) => redact(s);
  const fields = a.fields
    .filter((f) => f.value.trim())
    .map((f) => ({ name: cut(r(f.name), LIMITS.fieldName), value: cut(r(f.value), LIMITS.fieldValue) }));
  const steps = nextSteps(a, cfg, ctx);
  if (steps) fields.push({ name: 'What to do', value: cut(r(steps), LIMITS.fieldValue) });
  if (a.incidentId) fields.push({ name: 'Incident', value: a.incidentId });
  const embed: DiscordEmbed = {
    title: cut(r(a.title), LIMITS.title),
    description: cut(r(a.summary), LIMITS.description),
    color: COLOUR[a.kind],
    fields: fields.slice(0, LIMITS.fields),
    footer: { text: cut(`openclaw-selfheal on ${ctx.host ?? 'this Mac'} · ${a.kind}${a.attempts ? ` · delivery try ${a.attempts + 1}` : ''}`, LIMITS.footer) },
    timestamp: new Date(a.createdAt || now).toISOString(),
  };
  // Discord rejects an embed over 6000 characters in all: trim the longest fields until it fits.
  const total = () => embed.title.length + embed.description.length + embed.footer.text.length + embed.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
  // Each step shrinks something or drops a field, so this ends.
  while (total() > LIMITS.total) {
    const excess = total() - LIMITS.total;
    const longest = embed.fields.reduce<{ name: string; value: string } | null>((a2, f) => (f.value.length > (a2?.value.length ?? 0) ? f : a2), null);
    if (longest && longest.value.length > 100) longest.value = cut(longest.value, Math.max(100, longest.value.length - excess));
    else if (embed.description.length > 200) embed.description = cut(embed.description, Math.max(200, embed.description.length - excess));
    else if (embed.fields.length > 0) embed.fields.pop();
    else embed.description = cut(embed.description, Math.max(1, embed.description.length - excess));
  }
  const mention = a.kind === 'human' ? '**OpenClaw needs you.** ' : '';
  return { username: 'OpenClaw self-heal', content: cut(`${mention}${embed.title}`, LIMITS.content), embeds: [embed], allowed_mentions: { parse: [] } };
}
