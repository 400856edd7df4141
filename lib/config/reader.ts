// Reading .env and the environment, one key at a time: each reader names the key and what it expects
// when a value is bad (a ConfigError: one line, exit 78), and a secret is never echoed.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as util from 'node:util';

/**
 * .env's syntax. Node (20.12 and later) parses it itself with dotenv's own rules, at no cost to a
 * tick; an older Node loads dotenv.
 */
function parseDotenv(text: string): Record<string, string> {
  const builtin = (util as { parseEnv?: (t: string) => Record<string, string> }).parseEnv;
  if (typeof builtin === 'function') return builtin(text);
  return (createRequire(import.meta.url)('dotenv') as typeof import('dotenv')).parse(text);
}

export const EXIT_CONFIG = 78;

export class ConfigError extends Error {
  // A part loaded as its own bundle (dist/scripts/chunks) has its own copy of this class: an error
  // thrown there is still a ConfigError to the tier's shell (exit 78), by its name.
  static override [Symbol.hasInstance](v: unknown): boolean {
    return v instanceof Error && v.name === 'ConfigError';
  }

  constructor(
    readonly key: string,
    readonly expected: string,
    readonly got: string,
    readonly source: string,
  ) {
    super(`config: ${key} must be ${expected}; got ${JSON.stringify(got)} (from ${source})`);
    this.name = 'ConfigError';
  }
}

export type Env = Record<string, string | undefined>;

/** Reads `.env` (SELFHEAL_ENV_FILE, else the project's) without touching process.env. */
export function readEnvFile(path: string): Record<string, string> {
  try {
    return parseDotenv(readFileSync(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError('SELFHEAL_ENV_FILE', 'a readable .env file', path, (err as Error).message);
  }
}

/** A key that is wrong but stops nothing (a channel turned off, an unknown key): said, not fatal. */
export interface ConfigProblem {
  key: string;
  /** One line: what is wrong and the fix. */
  message: string;
}

export class Reader {
  /** Every key this configuration reads: what "a known key" means for the misspelling check. */
  readonly seen = new Set<string>();

  constructor(
    private readonly env: Env,
    private readonly file: Record<string, string>,
    private readonly fileName: string,
  ) {}

  raw(key: string): { value: string; source: string } | null {
    this.seen.add(key);
    const fromEnv = this.env[key];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: 'environment' };
    const fromFile = this.file[key];
    if (fromFile !== undefined && fromFile !== '') return { value: fromFile, source: this.fileName };
    return null;
  }

  str(key: string, def: string): string {
    return this.raw(key)?.value.trim() ?? def;
  }

  int(key: string, def: number, min: number, max: number, what: string): number {
    const r = this.raw(key);
    if (!r) return def;
    const v = r.value.trim();
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      throw new ConfigError(key, `a whole number of ${what} from ${min} to ${max}`, v, r.source);
    }
    return Number(v);
  }

  num(key: string, def: number, min: number, max: number, what: string): number {
    const r = this.raw(key);
    if (!r) return def;
    const v = r.value.trim();
    const n = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v) || n < min || n > max) {
      throw new ConfigError(key, `a number of ${what} from ${min} to ${max}`, v, r.source);
    }
    return n;
  }

  bool(key: string, def: boolean): boolean {
    const r = this.raw(key);
    if (!r) return def;
    const v = r.value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    throw new ConfigError(key, 'true or false', r.value, r.source);
  }

  /** A secret that must look like `shape`; a bad one is named by its length, never echoed. */
  secret(key: string, shape: RegExp, expected: string): string | null {
    const r = this.raw(key);
    if (!r) return null;
    const v = r.value.trim();
    if (!shape.test(v)) throw new ConfigError(key, expected, `<${v.length} characters, not shown>`, r.source);
    return v;
  }

  url(key: string, def: string | null, check?: (u: URL) => string | null): URL | null {
    const r = this.raw(key);
    const v = r?.value.trim() ?? def;
    if (v === null) return null;
    const source = r?.source ?? 'default';
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      throw new ConfigError(key, 'an http(s) URL', v, source);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new ConfigError(key, 'an http(s) URL', v, source);
    }
    const problem = check?.(u);
    if (problem) throw new ConfigError(key, problem, v, source);
    return u;
  }
}

/** Levenshtein distance, for "did you mean". */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min(cur + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

/** The known key nearest to `key`, and whether it is near enough to be that key misspelled. */
export function nearestKey(key: string, known: Iterable<string>): { key: string; misspelled: boolean } | null {
  let best: { key: string; d: number } | null = null;
  for (const k of known) {
    const d = k.toUpperCase() === key.toUpperCase() ? 0 : editDistance(key.toUpperCase(), k);
    if (!best || d < best.d) best = { key: k, d };
  }
  if (!best) return null;
  return { key: best.key, misspelled: best.d <= (best.key.length >= 10 ? 2 : 1) };
}

export const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Plain http only where the network is the user's own: loopback, a LAN address or a .local name. */
export function ownNetwork(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (LOOPBACK.has(host) || h === '::1') return true;
  if (/^(10\.\d+|192\.168|172\.(1[6-9]|2\d|3[01]))\.\d+\.\d+$/.test(h)) return true;
  return /\.(local|lan|home\.arpa|internal)$/i.test(h);
}

/** No shell: the command is split on whitespace, quotes group words. */
export function commandWords(key: string, text: string, source: string): string[] {
  // No shell: the command is split on whitespace, quotes group words. Shell syntax is refused so a
  // restart can never turn into a pipeline.
  if (/[|&;<>`$()]/.test(text)) {
    throw new ConfigError(key, 'a plain command without shell operators (| & ; < > ` $ ( ))', text, source);
  }
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  if (words.length === 0) throw new ConfigError(key, 'a command', text, source);
  return words;
}
