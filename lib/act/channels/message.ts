// The message text, written once for every channel: what broke, what was tried, the diagnosis, what
// to do. Everything in it is redacted here, before any channel shapes it; each channel's formatter
// only lays it out and fits it to that channel's limits.
import type { AlertKind, OutboxAlert } from '../../record/state.ts';
import { localTime } from '../../text/duration.ts';
import { inertText } from '../../text/untrusted.ts';
import type { Redactor } from '../../text/redact.ts';
import { scrubKnownSecrets } from '../../text/secret-scan.ts';

/** How loudly a channel should ring: a person must act, the supervisor is impaired, FYI, all well. */
export type Severity = 'urgent' | 'high' | 'normal' | 'ok';

export const SEVERITY: Record<AlertKind, Severity> = {
  human: 'urgent',
  reminder: 'urgent',
  self: 'high',
  'heads-up': 'high',
  escalated: 'normal',
  incident: 'normal',
  recovered: 'ok',
  test: 'normal',
};

export interface AlertContext {
  /** What a person can run (record/alerts.ts nextSteps), one command per line. */
  steps?: string | null;
  host?: string;
}

export interface AlertMessage {
  id: string;
  /** Every alert this one push carries (the lead's id first): one step of an incident, coalesced. */
  ids: string[];
  kind: AlertKind;
  severity: Severity;
  incidentId: string | null;
  /** Said before the title where a channel has room for it ("OpenClaw needs you."). */
  headline: string | null;
  title: string;
  summary: string;
  fields: Array<{ name: string; value: string }>;
  /** What a person can run, one command per line, commands in `backticks`. */
  steps: string | null;
  /** Never trimmed: which incident, from which machine, what kind. */
  footer: string;
  createdAt: number;
  attempt: number;
}

/** Cuts to `n` characters, marking the cut with "…". */
export function cut(s: string, n: number): string {
  return s.length <= n ? s : `${s.slice(0, Math.max(0, n - 1))}…`;
}

/** Cuts to `n` bytes of UTF-8 without splitting a character, marking the cut with "…". */
export function cutBytes(s: string, n: number): string {
  if (Buffer.byteLength(s) <= n) return s;
  let out = s.slice(0, n);
  while (Buffer.byteLength(`${out}…`) > n) out = out.slice(0, -1);
  return `${out}…`;
}

/**
 * Trims the longest part (never below `floor`), then drops parts from the end, until `size` of the
 * parts is within `limit`. Each step shrinks a part or drops one, so it ends. The first part (the
 * title) is dropped last.
 */
export function fitParts(parts: string[], size: (p: string[]) => number, limit: number, floor = 80): string[] {
  const p = [...parts];
  for (let guard = 0; size(p) > limit && guard < 10_000; guard++) {
    const excess = size(p) - limit;
    let longest = -1;
    for (let i = 0; i < p.length; i++) if ((p[i] as string).length > floor && (longest === -1 || (p[i] as string).length > (p[longest] as string).length)) longest = i;
    if (longest >= 0) {
      const s = p[longest] as string;
      p[longest] = cut(s, Math.max(floor, s.length - Math.max(excess, 1)));
    } else if (p.length > 1) p.pop();
    else p[0] = cut(p[0] as string, Math.max(1, (p[0] as string).length - Math.max(excess, 1)));
  }
  return p;
}

export function composeMessage(a: OutboxAlert, redact: Redactor, ctx: AlertContext = {}): AlertMessage {
  // Redacted, and inert: a log's words in a trigger cannot become a link, a mention or an escape.
  const r = (s: string) => inertText(redact(s));
  const steps = ctx.steps ?? null;
  return {
    id: a.id,
    ids: [a.id],
    kind: a.kind,
    severity: SEVERITY[a.kind],
    incidentId: a.incidentId,
    headline: a.kind === 'human' || a.kind === 'reminder' ? 'OpenClaw needs you.' : null,
    title: r(a.title),
    summary: r(a.summary),
    fields: a.fields.filter((f) => f.value.trim()).map((f) => ({ name: r(f.name), value: r(f.value) })),
    steps: steps ? r(steps) : null,
    // When it happened, in the machine's own time: every channel shows the footer whole.
    footer: footerOf(a.incidentId, ctx.host, a.createdAt, [a.kind]),
    createdAt: a.createdAt,
    attempt: a.attempts + 1,
  };
}

function footerOf(incidentId: string | null, host: string | undefined, at: number, kinds: AlertKind[]): string {
  return `${incidentId ? `incident ${incidentId} · ` : ''}openclaw-selfheal on ${host ?? 'this Mac'} · ${localTime(at)} · ${[...new Set(kinds)].join(' + ')}`;
}

const LOUDNESS: Severity[] = ['urgent', 'high', 'normal', 'ok'];

/**
 * Several alerts of one incident step as one push: the loudest leads (its title, headline and
 * fields), each other alert follows as a section under its own title, "What to do" holds each
 * command once, and the footer names every kind. Each part was composed (redacted, inert) already.
 */
export function mergeMessages(ms: AlertMessage[], host?: string): AlertMessage {
  const [lead, ...rest] = [...ms].sort((a, b) => LOUDNESS.indexOf(a.severity) - LOUDNESS.indexOf(b.severity));
  if (!lead) throw new Error('mergeMessages: no message');
  if (rest.length === 0) return lead;
  const steps = [...new Set(ms.flatMap((m) => (m.steps ? m.steps.split('\n') : [])).filter((l) => l.trim()))];
  return {
    ...lead,
    ids: [lead.id, ...rest.map((m) => m.id)],
    // A field the lead already shows word for word (what was tried) is not said twice.
    fields: [...lead.fields, ...rest.map((m) => ({ name: m.title, value: [m.summary, ...m.fields.filter((f) => !lead.fields.some((l) => l.name === f.name && l.value === f.value)).map((f) => `${f.name}: ${f.value}`)].filter((x) => x.trim()).join('\n') }))],
    steps: steps.length ? steps.join('\n') : null,
    footer: footerOf(lead.incidentId, host, Math.min(...ms.map((m) => m.createdAt)), [lead.kind, ...rest.map((m) => m.kind)]),
    createdAt: Math.min(...ms.map((m) => m.createdAt)),
    attempt: Math.max(...ms.map((m) => m.attempt)),
  };
}

/**
 * The message after a second, maintained pass over every text in it (lib/text/secret-scan.ts):
 * composeMessage already redacted it with our patterns and the config's values; this is what leaves.
 */
export async function scrubMessage(m: AlertMessage): Promise<AlertMessage> {
  const s = scrubKnownSecrets;
  return {
    ...m,
    headline: m.headline === null ? null : await s(m.headline),
    title: await s(m.title),
    summary: await s(m.summary),
    fields: await Promise.all(m.fields.map(async (f) => ({ name: await s(f.name), value: await s(f.value) }))),
    steps: m.steps === null ? null : await s(m.steps),
  };
}

/** The message as plain text sections (title first), for channels without structure. */
export function plainParts(m: AlertMessage): string[] {
  return [m.headline ? `${m.headline} ${m.title}` : m.title, m.summary, ...m.fields.map((f) => `${f.name}:\n${f.value}`), ...(m.steps ? [`What to do:\n${m.steps}`] : [])].filter((p) => p.trim());
}

/** Plain text within `limit` (measured by `size`), the footer always kept whole. */
export function plainText(m: AlertMessage, limit: number, size: (s: string) => number = (s) => s.length, skipTitle = false): string {
  const parts = skipTitle ? plainParts(m).slice(1) : plainParts(m);
  const join = (p: string[]) => [...p, m.footer].join('\n\n');
  return join(fitParts(parts, (p) => size(join(p)), limit));
}
