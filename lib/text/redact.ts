// Secrets never leave the machine: everything that goes out (alerts, the doctor's prompt context,
// transcript excerpts, log tails) passes through here. Two nets: patterns for the shapes secrets take
// (OpenClaw's own redactor's list and more), and the literal secret values found in the gateway's
// config, which catch a secret of a shape no pattern knows.
import { readFileSync } from 'node:fs';
import JSON5 from 'json5';

export const REDACTED = '[REDACTED]';
const MASK = REDACTED;

// Key names whose values are secret, in env, JSON, JSON5 and YAML-ish text.
// Bounded affixes: unbounded ones backtrack cubically on long runs of letters (base64 in a log line).
const SECRET_KEY = String.raw`[A-Za-z0-9_.-]{0,32}(?:api[_-]?key|apikey|token|secret|password|passwd|pwd|credential|private[_-]?key|client[_-]?secret|auth(?:orization)?|cookie|session[_-]?key|webhook[_-]?url|(?:encrypt(?:ion)?|signing|master|access|secret)[_-]?key|(?<![A-Za-z])pass(?![A-Za-z]))[A-Za-z0-9_.-]{0,32}`;

const PATTERNS: Array<[RegExp, string | ((m: string, ...g: string[]) => string)]> = [
  // PEM blocks (private keys, certificates with keys).
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g, MASK],
  // Discord and Slack webhook URLs: the token is in the path.
  [/https?:\/\/(?:[\w-]+\.)?discord(?:app)?\.com\/api(?:\/v\d+)?\/webhooks\/[^\s"'<>]+/gi, `https://discord.com/api/webhooks/${MASK}`],
  [/https:\/\/hooks\.slack\.com\/[^\s"'<>]+/gi, `https://hooks.slack.com/${MASK}`],
  // Credentials inside URLs: scheme://user:pass@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s:/@"']*:[^\s@/"']+@/gi, `$1${MASK}@`],
  // ...and a key as the whole user part (Sentry DSNs: https://<key>@o1.ingest.sentry.io/42).
  [/\b([a-z][a-z0-9+.-]*:\/\/)[A-Za-z0-9_-]{16,}@/gi, `$1${MASK}@`],
  // A Telegram token inside a Bot API URL (/bot<id>:<token>/getUpdates): no word boundary before it.
  [/(\/bot)\d{5,}:[A-Za-z0-9_-]{30,}/g, `$1${MASK}`],
  // An AWS key id with its secret after it (AKIA...:secret, AKIA... secret).
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}[\s:=/,]+[A-Za-z0-9/+=]{30,}/g, MASK],
  // Authorization headers and bearer tokens.
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${MASK}`],
  // Well-known token shapes.
  [/\bsk-ant-[A-Za-z0-9_-]{10,}/g, MASK],
  [/\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{16,}/g, MASK],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g, MASK],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, MASK],
  [/\bxox[abposre]-[A-Za-z0-9-]{10,}/g, MASK],
  [/\bxoxe\.xox[a-z]-[A-Za-z0-9-]{10,}/g, MASK],
  // SendGrid.
  [/\bSG\.[A-Za-z0-9_-]{16,}\.[A-Za-z0-9_-]{16,}/g, MASK],
  [/\bxapp-[A-Za-z0-9-]{10,}/g, MASK],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, MASK],
  [/\bya29\.[0-9A-Za-z_-]{20,}/g, MASK],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, MASK],
  [/\bglpat-[A-Za-z0-9_-]{20,}/g, MASK],
  [/\bnpm_[A-Za-z0-9]{30,}/g, MASK],
  [/\bhf_[A-Za-z0-9]{30,}/g, MASK],
  [/\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}/g, MASK],
  // JWTs.
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, MASK],
  // Telegram bot tokens.
  [/\b\d{8,10}:[A-Za-z0-9_-]{35}\b/g, MASK],
  // ntfy access tokens.
  [/\btk_[A-Za-z0-9]{29}\b/g, MASK],
  // A secret already masked the way OpenClaw masks it (8 leading and 8 trailing characters kept):
  // 16 of its characters are still too many to show.
  [/\b[A-Za-z0-9_:-]{8}(?:…|\.\.\.)[A-Za-z0-9_-]{8}\b/g, MASK],
  // Discord bot tokens.
  [/\b[MNO][A-Za-z\d_-]{23,27}\.[A-Za-z\d_-]{6}\.[A-Za-z\d_-]{27,40}\b/g, MASK],
  // "key": "value" / key: 'value' / key = value / KEY=value for secret-looking key names.
  [new RegExp(String.raw`(["']?${SECRET_KEY}["']?\s*[:=]\s*)(["'])((?:(?!\2)[^\\\n]|\\.)*)\2`, 'gi'), (_m, pre, q) => `${pre}${q}${MASK}${q}`],
  [new RegExp(String.raw`(\b${SECRET_KEY}\s*[:=]\s*)(?!["'\[{]|\[REDACTED\])([^\s,;&}\]]+)`, 'gi'), (_m, pre) => `${pre}${MASK}`],
  // The same inside JSON that was itself put in a JSON string (transcripts): \"token\":\"value\"
  [new RegExp(String.raw`(${SECRET_KEY}\\"\s*:\s*\\")((?:[^\\]|\\(?!"))*)(\\")`, 'gi'), (_m, pre, _v, post) => `${pre}${MASK}${post}`],
  // Command-line flags: --token X, --api-key=X, -p X is not covered (too short to be sure).
  [new RegExp(String.raw`(--?${SECRET_KEY}(?:=|\s+))(?!\[REDACTED\])(?!-)("[^"]*"|'[^']*'|\S+)`, 'gi'), (_m, pre) => `${pre}${MASK}`],
  // Query-string secrets.
  [/([?&](?:token|key|api_key|apikey|secret|password|access_token|auth)=)[^&\s"']+/gi, `$1${MASK}`],
];

export type Redactor = (text: string) => string;

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A redactor with the pattern net plus literal secret values (at least 6 characters each). */
export function makeRedactor(literals: Iterable<string> = []): Redactor {
  const lits = [...new Set([...literals].filter((l) => l.length >= 6))].sort((a, b) => b.length - a.length);
  const litRe = lits.length ? new RegExp(lits.map(escapeRe).join('|'), 'g') : null;
  return (text) => {
    let out = litRe ? text.replace(litRe, MASK) : text;
    for (const [re, rep] of PATTERNS) out = out.replace(re, rep as string);
    // A window cut into a PEM block (a log tail starting inside one, or ending inside one): the
    // half that has no BEGIN, or no END, goes whole.
    out = out.replace(/^(?:(?!-----BEGIN )[\s\S])*?-----END [A-Z0-9 ]*(?:PRIVATE KEY|CERTIFICATE)-----/, MASK);
    out = out.replace(/-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----(?:(?!-----END )[\s\S])*$/, MASK);
    return out;
  };
}

export const redact: Redactor = makeRedactor();

/**
 * The indexes of lines inside a PEM block (BEGIN to END, both included; a block with no END runs to
 * the last line, lines before an END with no BEGIN from the first): a tool that shows lines one by
 * one judges each by its block, not by itself, for a key's body lines look like nothing.
 */
export function pemLines(lines: string[]): Set<number> {
  const out = new Set<number>();
  let open = -1;
  let sawBegin = false;
  lines.forEach((l, i) => {
    if (/-----BEGIN [A-Z0-9 ]+-----/.test(l)) {
      open = i;
      sawBegin = true;
    }
    if (/-----END [A-Z0-9 ]+-----/.test(l)) {
      for (let j = open === -1 && !sawBegin ? 0 : Math.max(open, 0); j <= i; j++) out.add(j);
      open = -1;
    }
  });
  if (open !== -1) for (let j = open; j < lines.length; j++) out.add(j);
  return out;
}

const SECRET_KEY_RE = new RegExp(`^${SECRET_KEY}$`, 'i');

/** Whether a key name (in JSON, env, a config path segment) holds a secret. */
export function secretKey(k: string): boolean {
  return SECRET_KEY_RE.test(k);
}

/** Keys whose short string values are settings, not data: a mode, a policy, a level, a model. */
const PLAIN_SETTING = /^(mode|[a-z]*policy|level|bind|[a-z]*scope|provider|primary|model|kind|type|transport|profile|format|region|timezone|locale|language|theme|strategy|when|channel|id)$/i;

/**
 * The config as the doctor may see it: booleans, numbers and the short values of plain settings
 * (mode, policy, level, model, ...) shown; a secret-looking key's value masked; every other string
 * only by its length. A list of secret names cannot keep up with OpenClaw's schema; a list of what
 * is safe to show can.
 */
export function configForModel(doc: unknown, redactText: Redactor, key = '', underSecret = false): unknown {
  if (Array.isArray(doc)) return doc.map((v) => configForModel(v, redactText, key, underSecret));
  if (doc && typeof doc === 'object') {
    return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, configForModel(v, redactText, k, underSecret || secretKey(k))]));
  }
  if (typeof doc !== 'string') return underSecret && doc !== null && doc !== undefined && typeof doc !== 'boolean' ? MASK : doc;
  if (underSecret) return MASK;
  if (PLAIN_SETTING.test(key) && /^[\w.:/@+-]{1,80}$/.test(doc)) return redactText(doc);
  return `[a string of ${doc.length} characters, not shown]`;
}

/** Every string value under a secret-looking key, anywhere in a parsed JSON5 document. */
export function secretValues(doc: unknown, underSecret = false, out: Set<string> = new Set()): Set<string> {
  if (typeof doc === 'string') {
    if (underSecret) out.add(doc);
  } else if (Array.isArray(doc)) {
    for (const v of doc) secretValues(v, underSecret, out);
  } else if (doc && typeof doc === 'object') {
    for (const [k, v] of Object.entries(doc)) secretValues(v, underSecret || SECRET_KEY_RE.test(k), out);
  }
  return out;
}

/** The secret values in the gateway's config (and any other JSON5 files given); unreadable files add nothing. */
export function secretsFromFiles(paths: string[]): Set<string> {
  const out = new Set<string>();
  for (const p of paths) {
    try {
      secretValues(JSON5.parse(readFileSync(p, 'utf8')), false, out);
    } catch {
      /* missing or unparseable: the pattern net still applies */
    }
  }
  return out;
}

/** The redactor for this machine: patterns, plus the literal secrets of the gateway's config. */
export function redactorFor(configPath: string, extra: string[] = []): Redactor {
  return makeRedactor([...secretsFromFiles([configPath]), ...extra]);
}
