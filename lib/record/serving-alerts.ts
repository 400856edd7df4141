// The words a person reads about a serving fault (docs/design.md, "The serving check"): what it is,
// what fixes it, and the heads-ups before one. Names come only from the gateway's config or its own
// answers (the cause's subject); a session key is never shown, only its agent.
import type { ServingCause } from './state.ts';

/** The agent a session key (`agent:<id>:...`) belongs to, when it is a plain name. */
export function sessionAgent(key: string | null): string | null {
  const id = /^agent:([\w.-]{1,40}):/.exec(key ?? '')?.[1];
  return id ?? null;
}

/** What a serving fault is about, in a few words: "provider anthropic", "the disk at /". */
function servingSubject(c: ServingCause): string {
  if (!c.subject) return '';
  if (c.class === 'disk') return ` (the disk holding ${c.subject})`;
  if (c.class === 'channel') return ` (channel ${c.subject})`;
  if (c.class === 'plugin') return ` (plugin ${c.subject})`;
  // A session key can hold a person's number or user id: only its agent is named.
  if (c.class === 'session') return sessionAgent(c.subject) ? ` (a chat of agent ${sessionAgent(c.subject)})` : '';
  return ` (provider ${c.subject})`;
}

/** One line: what stops the assistant answering, from the signature table's or our own words. */
export function servingProblem(c: ServingCause): string {
  return `NOT SERVING: ${c.meaning}${servingSubject(c)}`;
}

/** The commands that fix a serving fault, by its cause (OpenClaw's docs: cli/models.md, gateway/health.md). */
export function servingFix(c: ServingCause): string[] {
  const p = c.subject && c.class !== 'disk' && c.class !== 'channel' && c.class !== 'plugin' ? c.subject : '<provider>';
  switch (c.class) {
    case 'auth':
      return [`Sign in to the provider again: \`openclaw models auth login --provider ${p}\``, 'Then check: `openclaw models status --check`'];
    case 'billing':
      return [`Add credits or raise the quota in ${p}'s console, then check: \`openclaw models status --check\``, 'Or add a fallback model: `openclaw models fallbacks add <provider/model>`'];
    case 'rate-limit':
    case 'overloaded':
      return [`OpenClaw retries by itself; if it lasts, add a fallback model: \`openclaw models fallbacks add <provider/model>\``, `See the provider's limits: \`openclaw models status --probe-provider ${p}\``];
    case 'provider-down':
      return [`Check that ${p}'s server or network is up (a local model server?), then test: \`openclaw infer model run --gateway --prompt "Reply with exactly: pong" --json\``];
    case 'disk':
      return [`Free space on ${c.subject ?? 'the disk'}: \`df -h\`, \`du -sh ~/.openclaw/* "\${TMPDIR:-/tmp}"/openclaw*\``, 'Then: `openclaw gateway restart`'];
    case 'channel':
      return ['See which channel and why: `openclaw channels status --probe`', "Start it: `openclaw gateway call channels.start --params '{\"channel\":\"<id>\"}'`"];
    case 'plugin':
      return [`See why it failed: \`openclaw plugins inspect ${c.subject ?? '<id>'} --runtime --json\``, "OpenClaw's own repair (a plugin's dependencies broken by an update): `openclaw doctor --fix`, then `openclaw gateway restart`"];
    default:
      return ['See the chats that are busy: `openclaw sessions --active 60`', "Abort the stuck one's run: `openclaw gateway call sessions.abort --params '{\"key\":\"<session key>\"}'`, or `openclaw gateway restart`"];
  }
}

/** The human alert's reason for a serving fault a person must fix: the cause and what to run. */
export function servingWhy(c: ServingCause): string {
  return `${c.meaning}${servingSubject(c)}; a restart cannot fix this`;
}

/** A chat named by its agent only (its session key can hold a person's number). */
export function chatOf(key: string): string {
  const agent = sessionAgent(key);
  return agent ? `a chat of agent ${agent}` : 'a chat';
}

/** The heads-ups of the serving check, once a day each: a title and what to do. */
export const SERVING_HEADS_UP = {
  expiring: {
    title: 'A model login expires soon',
    summary: 'OpenClaw reports a model credential expiring soon (openclaw models status --check exits 2). Renew it before it breaks: `openclaw models status` names it, then `openclaw models auth login --provider <id>`.',
  },
  cliAccess: {
    title: 'The supervisor cannot talk to the gateway through the openclaw CLI',
    summary: "OpenClaw refused the supervisor's `openclaw` CLI before any message (not paired with the gateway, or no credentials): the canary, `sessions.abort`, `channels.start` and the route check cannot work. Fix: `openclaw devices list`, then `openclaw devices approve <request id>`; or set the gateway's token (gateway.auth) where the CLI finds it.",
  },
  jsonLogUnread: (forWhat: string) => ({
    title: "OpenClaw's JSON file log cannot be read",
    summary: `For ${forWhat} the supervisor has not read OpenClaw's JSON file log (/tmp/openclaw/openclaw-*.log, or the gateway's logging.file): a chat stuck on a run is written only there, so it cannot be seen. Add the log's path to GATEWAY_LOG_PATHS in .env; \`npm run status\` names what could not be read. The canary still checks logins and billing.`,
  }),
  diskLow: (path: string, freeMb: number, minMb: number, criticalMb: number) => ({
    title: 'The disk is getting full',
    summary: `${freeMb} MB free on the disk holding ${path} (OpenClaw warns under ${minMb} MB and fails under ${criticalMb} MB). Free space: \`df -h\`, \`du -sh ~/.openclaw/*\`.`,
  }),
  /** A fault only a person can fix, while another question's incident is open. */
  also: (c: ServingCause) => ({ title: 'Also: your assistant is not answering', summary: `Besides the open incident: ${servingWhy(c)}.` }),
};
