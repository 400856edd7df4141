// Secrets never leave the machine: everything that goes out (alerts, the doctor's prompt context,
// transcript excerpts, log tails) passes through here. Two nets: patterns for the shapes secrets take
// (OpenClaw's own redactor's list and more), and the literal secret values found in the gateway's
// config, which catch a secret of a shape no pattern knows.
import { readFileSync } from 'node:fs';
import JSON5 from 'json5';

const MASK = '[REDACTED]';

// Key names whose values are secret, in env, JSON, JSON5 and YAML-ish text.
// Bounded affixes: unbounded ones backtrack cubically on long runs of letters (base64 in a log line).
const SECRET_KEY = String.raw`[A-Za-z0-9_.-]{0,32}(?:api[_-]?key|apikey|token|secret|password|passwd|pwd|credential|private[_-]?key|client[_-]?secret|auth(?:orization)?|cookie|session[_-]?key|webhook[_-]?url)[A-Za-z0-9_.-]{0,32}`;

const PATTERNS: Array<[RegExp, string | ((m: string, ...g: string[]) => string)]> = [
  // PEM blocks (private keys, certificates with keys).
  [/-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----/g, MASK],
  // Discord and Slack webhook URLs: the token is in the path.
  [/https?:\/\/(?:[\w-]+\.)?discord(?:app)?\.com\/api(?:\/v\d+)?\/webhooks\/[^\s"'<>]+/gi, `https://discord.com/api/webhooks/${MASK}`],
  [/https:\/\/hooks\.slack\.com\/[^\s"'<>]+/gi, `https://hooks.slack.com/${MASK}`],
  // Credentials inside URLs: scheme://user:pass@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s:/@"']+:[^\s@/"']+@/gi, `$1${MASK}@`],
  // Authorization headers and bearer tokens.
  [/\b(Bearer|Basic|Token)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${MASK}`],
  // Well-known token shapes.
  [/\bsk-ant-[A-Za-z0-9_-]{10,}/g, MASK],
  [/\bsk-(?:proj-|live-|test-)?[A-Za-z0-9_-]{16,}/g, MASK],
  [/\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{20,}/g, MASK],
  [/\bgithub_pat_[A-Za-z0-9_]{20,}/g, MASK],
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}/g, MASK],
  [/\bxapp-[A-Za-z0-9-]{10,}/g, MASK],
  [/\bAIza[0-9A-Za-z_-]{30,}/g, MASK],
  [/\bya29\.[0-9A-Za-z_-]{20,}/g, MASK],
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, MASK],
  [/\bglpat-[A-Za-z0-9_-]{20,}/g, MASK],
  [/\bnpm_[A-Za-z0-9]{30,}/g, MASK],
  [/\bhf_[A-Za-z0-9]{30,}/g, MASK],
  [/\bsk_(?:live|test)_[A-Za-z0-9]{16,}/g, MASK],
  // JWTs.
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, MASK],
  // Telegram bot tokens.
  [/\b\d{8,10}:[A-Za-z0-9_-]{35}\b/g, MASK],
  // ntfy access tokens.
  [/\btk_[A-Za-z0-9]{29}\b/g, MASK],
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
    return out;
  };
}

export const redact: Redactor = makeRedactor();

const SECRET_KEY_RE = new RegExp(`^${SECRET_KEY}$`, 'i');

/** Whether a key name (in JSON, env, a config path segment) holds a secret. */
export function secretKey(k: string): boolean {
  return SECRET_KEY_RE.test(k);
}

/** A copy of a parsed document with every value under a secret-looking key masked, and every string redacted. */
export function maskSecrets(doc: unknown, redactText: Redactor, underSecret = false): unknown {
  if (Array.isArray(doc)) return doc.map((v) => maskSecrets(v, redactText, underSecret));
  if (doc && typeof doc === 'object') {
    return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, maskSecrets(v, redactText, underSecret || secretKey(k))]));
  }
  if (underSecret && doc !== null && doc !== undefined && typeof doc !== 'boolean') return MASK;
  return typeof doc === 'string' ? redactText(doc) : doc;
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
