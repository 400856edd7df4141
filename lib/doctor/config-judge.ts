// Config changes are judged, not trusted: the gateway config before and after the doctor, parsed as
// JSON5 and compared key by key, whoever changed it (a tool, `openclaw doctor --fix`). Changes to
// protected keys (lib/doctor/protected-keys.json5) are put back; the rest is listed for a person.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { PROJECT_ROOT } from '../config/paths.ts';
import type { Redactor } from '../text/redact.ts';
import { secretKey } from '../text/redact.ts';

export type Doc = Record<string, unknown>;

export interface ConfigChange {
  /** Object keys from the root; arrays are compared whole. */
  path: string[];
  before: unknown;
  after: unknown;
  protected: boolean;
}

interface Rules {
  paths: RegExp[];
  leaf: RegExp[];
  anySegment: RegExp[];
}

function glob(p: string): RegExp {
  return new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 'i');
}

let cached: Rules | null = null;
export function protectedRules(): Rules {
  if (cached) return cached;
  const raw = JSON5.parse(readFileSync(join(PROJECT_ROOT, 'lib', 'doctor', 'protected-keys.json5'), 'utf8')) as { paths: string[]; leaf: string[]; anySegment: string[] };
  cached = { paths: raw.paths.map(glob), leaf: raw.leaf.map(glob), anySegment: raw.anySegment.map(glob) };
  return cached;
}

export function keyText(path: string[]): string {
  return path.join('.');
}

export function isProtectedKey(path: string[], rules: Rules = protectedRules()): boolean {
  const full = keyText(path);
  const last = path[path.length - 1] ?? '';
  return rules.paths.some((r) => r.test(full)) || rules.leaf.some((r) => r.test(last)) || path.some((seg) => rules.anySegment.some((r) => r.test(seg)));
}

const isObject = (v: unknown): v is Doc => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every leaf (a non-object value, or an array) with its path. */
export function leaves(doc: unknown, prefix: string[] = [], out: Array<[string[], unknown]> = []): Array<[string[], unknown]> {
  if (!isObject(doc)) {
    out.push([prefix, doc]);
    return out;
  }
  const keys = Object.keys(doc);
  // An empty object is a leaf of its own, so adding or removing `{}` is a change too.
  if (keys.length === 0 && prefix.length > 0) out.push([prefix, {}]);
  for (const k of keys) leaves(doc[k], [...prefix, k], out);
  return out;
}

/** The value at a dotted path; a number segment indexes an array (`agents.list.0.tools`). */
export function getPath(doc: unknown, path: string[]): unknown {
  let cur: unknown = doc;
  for (const k of path) {
    if (Array.isArray(cur) && /^(0|[1-9]\d*)$/.test(k) && Number(k) < cur.length) cur = cur[Number(k)];
    else if (isObject(cur) && Object.hasOwn(cur, k)) cur = cur[k];
    else return undefined;
  }
  return cur;
}

/**
 * Whether a key, or anything under it, is protected, looking inside arrays too: an array is compared
 * whole, but `agents.list[0].tools.deny` is a tool deny list wherever it sits.
 */
export function touchesProtected(path: string[], value: unknown, rules: Rules = protectedRules()): string[] | null {
  if (isProtectedKey(path, rules)) return path;
  const kids: Array<[string, unknown]> = Array.isArray(value) ? value.map((v, i) => [String(i), v]) : isObject(value) ? Object.entries(value) : [];
  for (const [k, v] of kids) {
    const hit = touchesProtected([...path, k], v, rules);
    if (hit) return hit;
  }
  return null;
}

/**
 * OpenClaw's own moves, applied to both sides before security settings are compared: a setting it
 * moved is not a setting lost. 2026.9.6's `doctor --fix` moves `agents.list[]` (each with an `id`)
 * to `agents.entries.<id>` and drops their retired `default` markers (seen on the real CLI:
 * test/fixtures/openclaw-doctor-fix-agents.*.json). Any other shape is compared as it is.
 */
export function normalizeMoves(doc: unknown): unknown {
  if (!isObject(doc) || !isObject(doc.agents) || !Array.isArray(doc.agents.list)) return doc;
  const { list, entries: had, ...agents } = doc.agents;
  const entries: Doc = isObject(had) ? { ...had } : {};
  for (const a of list as unknown[]) {
    if (!isObject(a) || typeof a.id !== 'string' || Object.hasOwn(entries, a.id)) return doc;
    const { id, default: _retired, ...rest } = a;
    entries[id] = rest;
  }
  return { ...doc, agents: { ...agents, entries } };
}

/**
 * Key-by-key differences between two parsed configs. Protected changes are judged after OpenClaw's
 * own moves (normalizeMoves): when nothing protected differs once those are applied, the raw
 * changes are listed as plain changes (a migration is no alarm); otherwise every raw protected
 * change stands, to be put back.
 */
export function diffConfigs(before: unknown, after: unknown, rules: Rules = protectedRules()): ConfigChange[] {
  const raw = rawDiff(before, after, rules);
  if (!raw.some((c) => c.protected)) return raw;
  const moved = rawDiff(normalizeMoves(before), normalizeMoves(after), rules);
  return moved.some((c) => c.protected) ? raw : raw.map((c) => ({ ...c, protected: false }));
}

function rawDiff(before: unknown, after: unknown, rules: Rules): ConfigChange[] {
  const a = new Map(leaves(before).map(([p, v]) => [JSON.stringify(p), { p, v }]));
  const b = new Map(leaves(after).map(([p, v]) => [JSON.stringify(p), { p, v }]));
  const out: ConfigChange[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    if (x && y && JSON.stringify(x.v) === JSON.stringify(y.v)) continue;
    const path = (x ?? y)?.p as string[];
    if (path.length === 0) continue;
    out.push({ path, before: x?.v, after: y?.v, protected: touchesProtected(path, x?.v, rules) !== null || touchesProtected(path, y?.v, rules) !== null });
  }
  return out.sort((m, n) => keyText(m.path).localeCompare(keyText(n.path)));
}

function setPath(doc: Doc, path: string[], value: unknown): void {
  let cur: Doc = doc;
  for (const k of path.slice(0, -1)) {
    if (!isObject(cur[k])) cur[k] = {};
    cur = cur[k] as Doc;
  }
  const last = path[path.length - 1] as string;
  if (value === undefined) delete cur[last];
  else cur[last] = value;
}

/** The after-document with every protected change put back to its value before. */
export function revertProtected(after: unknown, changes: ConfigChange[]): Doc {
  const doc = structuredClone(isObject(after) ? after : {}) as Doc;
  for (const c of changes) if (c.protected) setPath(doc, c.path, structuredClone(c.before));
  return doc;
}

/** One change in words, its values masked when the key looks secret and redacted anyway. */
export function describeChange(c: ConfigChange, redact: Redactor): string {
  const secret = c.path.some((k) => secretKey(k));
  const show = (v: unknown) => (secret ? '[REDACTED]' : redact(JSON.stringify(v)).slice(0, 120));
  const key = `\`${keyText(c.path)}\``;
  if (c.after === undefined) return `removed ${key} (was ${show(c.before)})`;
  if (c.before === undefined) return `added ${key} = ${show(c.after)}`;
  return `changed ${key}: ${show(c.before)} → ${show(c.after)}`;
}

/**
 * The keys OpenClaw's own validator calls invalid, from `openclaw config validate --json` (2026.9.6:
 * `issues: [{ path: "agents.defaults" | "<root>", message: 'Unrecognized key: "x"' }]`): the
 * unrecognized keys under their parent, else the issue's own path. Null when it said nothing we read.
 */
export function invalidKeys(stdout: string): string[] | null {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout.slice(stdout.indexOf('{')));
  } catch {
    return null;
  }
  const issues = (doc as { issues?: unknown } | null)?.issues;
  if (!Array.isArray(issues)) return (doc as { valid?: unknown } | null)?.valid === true ? [] : null;
  const out = new Set<string>();
  for (const i of issues as Array<{ path?: unknown; message?: unknown }>) {
    const parent = typeof i.path === 'string' && i.path !== '<root>' && i.path !== '' ? i.path : null;
    const unknown = typeof i.message === 'string' ? /^Unrecognized keys?: (.*)$/.exec(i.message) : null;
    if (unknown?.[1]) for (const m of unknown[1].matchAll(/"([^"]+)"/g)) out.add(parent ? `${parent}.${m[1]}` : (m[1] as string));
    else if (parent) out.add(parent);
  }
  return [...out];
}

export function readDoc(path: string): { doc: Doc | null; error: string | null } {
  if (!existsSync(path)) return { doc: null, error: `${path} does not exist` };
  try {
    const parsed: unknown = JSON5.parse(readFileSync(path, 'utf8'));
    return isObject(parsed) ? { doc: parsed, error: null } : { doc: null, error: `${path} is not a JSON5 object` };
  } catch (e) {
    return { doc: null, error: `${path} does not parse as JSON5: ${(e as Error).message}` };
  }
}

export interface Judgement {
  changes: ConfigChange[];
  protectedChanges: ConfigChange[];
  /** Set when the protected changes were put back. */
  reverted: boolean;
  /** Where the doctor's version was kept when the file was rewritten. */
  keptAt: string | null;
  error: string | null;
}

/**
 * Compares the config with its pre-doctor snapshot and puts protected keys back. When putting them
 * back leaves exactly the snapshot, the snapshot's bytes return (comments and all); otherwise the
 * merged config is written as JSON (valid JSON5), and the doctor's version is kept beside it.
 */
export function judgeConfig(configPath: string, snapshotPath: string, keepAs: string): Judgement {
  const before = readDoc(snapshotPath);
  const after = readDoc(configPath);
  if (!before.doc) return { changes: [], protectedChanges: [], reverted: false, keptAt: null, error: `no usable snapshot: ${before.error}` };
  if (!after.doc) {
    // The doctor left a config that does not parse: everything in it is suspect.
    return { changes: [], protectedChanges: [], reverted: false, keptAt: null, error: after.error };
  }
  const changes = diffConfigs(before.doc, after.doc);
  const protectedChanges = changes.filter((c) => c.protected);
  if (!protectedChanges.length) return { changes, protectedChanges, reverted: false, keptAt: null, error: null };
  writeFileSync(keepAs, readFileSync(configPath), { mode: 0o600 });
  const merged = revertProtected(after.doc, changes);
  const tmp = `${configPath}.selfheal-revert`;
  if (diffConfigs(before.doc, merged).length === 0) writeFileSync(tmp, readFileSync(snapshotPath), { mode: 0o600 });
  else writeFileSync(tmp, `${JSON.stringify(merged, null, 2)}\n`, { mode: 0o600 });
  // rename: the gateway never reads a half-written config.
  renameSync(tmp, configPath);
  return { changes, protectedChanges, reverted: true, keptAt: keepAs, error: null };
}
