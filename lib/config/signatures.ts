// The table of log signatures (log-signatures.json5): read and checked entry by entry, so a bad
// pattern or an unknown fix stops the tier with one line naming the entry (exit 78), never a
// signature silently skipped.
import { readFileSync } from 'node:fs';
import JSON5 from 'json5';
import { SIGNATURES_FILE } from './paths.ts';
import { ConfigError } from './reader.ts';

export const FAULT_CLASSES = ['auth', 'billing', 'rate-limit', 'overloaded', 'provider-down', 'session', 'channel', 'plugin', 'disk'] as const;
export type FaultClass = (typeof FAULT_CLASSES)[number];
export const FIXES = ['person', 'restart', 'doctor', 'wait'] as const;
export type Fix = (typeof FIXES)[number];
export const SOURCES = ['seen', 'docs', 'reported', 'code'] as const;
export const LOG_KINDS = ['json', 'console'] as const;

/**
 * A pattern must start at the message's start with a literal (after at most one bounded name, as a
 * plugin's line starts with the plugin): matching is then linear in the line, and text a model or a
 * message put later in a line cannot make it. Returns what is wrong, or null.
 */
export function anchorProblem(source: string): string | null {
  if (!source.startsWith('^')) return 'a pattern anchored with ^ to the start of the message';
  const rest = source.slice(1)
    .replace(/^\\\[/, '')
    .replace(/^\(\?:[a-z]+(?:\|[a-z]+)+\)/, '')
    .replace(/^\(\?<\w+>\[[^\]]{1,20}\]\{1,\d{1,3}\}\)(?:\\\])?/, '');
  return /^(?:[A-Za-z0-9 _:=,-]|\\[[\]{}().*+?\/|-]){4}/.test(rest) ? null : 'a literal of at least 4 characters at the start of the message (after at most one bounded name like (?<plugin>[\\w.-]{1,64}))';
}

export interface Signature {
  id: string;
  pattern: RegExp;
  meaning: string;
  class: FaultClass;
  count: number;
  windowS: number;
  fix: Fix;
  source: (typeof SOURCES)[number];
  /** The log it trusts: OpenClaw's JSON file log, or the console (only for entries that exist only there). */
  log: (typeof LOG_KINDS)[number];
  /** The subsystem that writes it (`channels/*`: any channel's). */
  subsystem: string;
  /** The OpenClaw versions it was produced or read on (empty: none recorded). */
  seenOn: string[];
}

const VERSION = /^\d{4}\.\d{1,2}\.\d{1,2}(?:-[\w.]{1,20})?$/;

/** OpenClaw's versions (`2026.9.6`, `2026.10.1-beta.2`) in order: a release after its pre-releases. */
export function compareVersions(a: string, b: string): number {
  const parts = (v: string) => {
    const [core, pre] = v.split('-', 2) as [string, string | undefined];
    return { nums: core.split('.').map(Number), pre };
  };
  const x = parts(a);
  const y = parts(b);
  for (let i = 0; i < 3; i++) if ((x.nums[i] ?? 0) !== (y.nums[i] ?? 0)) return (x.nums[i] ?? 0) - (y.nums[i] ?? 0);
  if (x.pre === y.pre) return 0;
  if (x.pre === undefined) return 1;
  if (y.pre === undefined) return -1;
  return x.pre < y.pre ? -1 : 1;
}

/** Every version an entry of the table was seen on, oldest first. */
export function verifiedOn(sigs: Signature[]): string[] {
  return [...new Set(sigs.flatMap((s) => s.seenOn))].sort(compareVersions);
}

/** Does a line's subsystem match an entry's (`a/*` matches `a/<anything>`)? */
export function subsystemMatches(want: string, got: string | null): boolean {
  if (got === null) return false;
  return want.endsWith('/*') ? got.startsWith(want.slice(0, -1)) : got === want;
}

/** Checks one entry; `where` names it in the error (the file and the entry's id or index). */
function entry(raw: unknown, where: string, file: string): Signature {
  const fail = (key: string, expected: string, got: unknown): never => {
    throw new ConfigError(`${where}.${key}`, expected, typeof got === 'string' ? got : JSON.stringify(got) ?? 'nothing', file);
  };
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('entry', 'an object', raw);
  const e = raw as Record<string, unknown>;
  const id = typeof e.id === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(e.id) ? e.id : fail('id', 'lower-case words joined by -', e.id);
  let pattern: RegExp;
  try {
    if (typeof e.pattern !== 'string' || e.pattern === '') throw new Error('empty');
    pattern = new RegExp(e.pattern);
  } catch {
    return fail('pattern', 'a JavaScript regular expression', e.pattern);
  }
  if (pattern.test('')) fail('pattern', 'a regular expression that does not match an empty line', e.pattern);
  const anchor = anchorProblem(pattern.source);
  if (anchor) fail('pattern', anchor, e.pattern);
  const log = LOG_KINDS.find((k) => k === e.log) ?? fail('log', `one of ${LOG_KINDS.join(', ')}`, e.log);
  const subsystem = typeof e.subsystem === 'string' && /^[\w.-]{1,64}(?:\/[\w.-]{1,64}|\/\*)?$/.test(e.subsystem) ? e.subsystem : fail('subsystem', 'the OpenClaw subsystem that writes it (like agent/embedded or channels/*)', e.subsystem);
  const meaning = typeof e.meaning === 'string' && e.meaning.trim().length >= 10 ? e.meaning.trim() : fail('meaning', 'a sentence saying what it means', e.meaning);
  const cls = FAULT_CLASSES.find((c) => c === e.class) ?? fail('class', `one of ${FAULT_CLASSES.join(', ')}`, e.class);
  const fix = FIXES.find((f) => f === e.fix) ?? fail('fix', `one of ${FIXES.join(', ')}`, e.fix);
  const source = SOURCES.find((x) => x === e.source) ?? fail('source', `one of ${SOURCES.join(', ')}`, e.source);
  const int = (key: 'count' | 'windowS', max: number): number => {
    const v = e[key];
    return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= max ? v : fail(key, `a whole number from 1 to ${max}`, v);
  };
  // Auth, billing and a full disk are a person's: a restart cannot renew a login or free space.
  if ((cls === 'auth' || cls === 'billing' || cls === 'disk') && fix === 'restart') fail('fix', `person, doctor or wait for class ${cls} (a restart cannot fix it)`, fix);
  const seenOn = e.seenOn === undefined ? [] : Array.isArray(e.seenOn) && e.seenOn.length <= 50 && e.seenOn.every((v) => typeof v === 'string' && VERSION.test(v)) ? (e.seenOn as string[]) : fail('seenOn', 'a list of OpenClaw versions like "2026.9.6"', e.seenOn);
  return { id, pattern, meaning, class: cls, count: int('count', 10_000), windowS: int('windowS', 7 * 86_400), fix, source, log, subsystem, seenOn };
}

/** Parses and checks the table's text. */
export function parseSignatures(text: string, file: string): Signature[] {
  let data: unknown;
  try {
    data = JSON5.parse(text);
  } catch (e) {
    throw new ConfigError('signatures', 'a JSON5 file', (e as Error).message.slice(0, 120), file);
  }
  const list = (data as { signatures?: unknown } | null)?.signatures;
  if (!Array.isArray(list) || list.length === 0) throw new ConfigError('signatures', 'a non-empty list under "signatures"', JSON.stringify(list) ?? 'nothing', file);
  const seen = new Set<string>();
  return list.map((raw, i) => {
    const id = (raw as { id?: unknown } | null)?.id;
    const s = entry(raw, `signatures[${i}]${typeof id === 'string' ? ` (${id})` : ''}`, file);
    if (seen.has(s.id)) throw new ConfigError(`signatures[${i}].id`, 'an id used once', s.id, file);
    seen.add(s.id);
    return s;
  });
}

/** Reads the table (SERVING_SIGNATURES_FILE, else the project's). */
export function loadSignatures(file: string = SIGNATURES_FILE): Signature[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError('signatures', 'a readable file', file, (e as Error).message);
  }
  return parseSignatures(text, file);
}
