// The gateway's logs against the signature table: only the lines appended since the last look
// (log-tail.ts), each matched once against the entries that trust its kind and subsystem. What is
// kept of a line is the signature's id and the short plain names its pattern captured, never the
// line's text. Every hit is only a hint: decide/serving.ts acts on what the gateway then answers.
import { subsystemMatches, type Signature } from '../config/signatures.ts';
import { plainName } from './models-status.ts';
import { resolveLogs } from './log-files.ts';
import { logKind, parseConsoleLine, parseJsonLine, type LogLine } from './log-lines.ts';
import { readNew, type LogCursor } from './log-tail.ts';

export interface SignatureHit {
  id: string;
  /** Matches in this look. */
  n: number;
  provider: string | null;
  channel: string | null;
  plugin: string | null;
  reason: string | null;
  /** A chat's session key (`agent:<id>:...`), to ask about and abort only: never shown to a person. */
  session: string | null;
}

/** A session key as OpenClaw writes it (`agent:<agent id>:<rest>`), plain characters only; else null. */
export function sessionKey(v: unknown): string | null {
  return typeof v === 'string' && /^agent:[\w.-]{1,64}(?::[\w.+@=-]{1,128}){1,8}$/.test(v) ? v : null;
}

export interface LogScan {
  hits: SignatureHit[];
  cursors: LogCursor[];
  /** Files read and lines looked at, for the figures. */
  files: number;
  lines: number;
  bytes: number;
  /** OpenClaw's JSON file log was read this look (else console-only entries count, as hints). */
  jsonRead: boolean;
  /** What could not be read or was skipped, our words: shown in `status` as blind spots. */
  notes: string[];
}

const keyOf = (h: SignatureHit): string => `${h.id}\u0000${h.provider ?? ''}\u0000${h.channel ?? ''}\u0000${h.plugin ?? ''}\u0000${h.session ?? ''}`;

/** Matches lines against the entries that trust their kind and subsystem; the message's start only. */
export function matchLines(lines: LogLine[], signatures: Signature[]): SignatureHit[] {
  const byKey = new Map<string, SignatureHit>();
  for (const line of lines) {
    for (const sig of signatures) {
      if (sig.log !== line.kind || !subsystemMatches(sig.subsystem, line.subsystem)) continue;
      const m = sig.pattern.exec(line.message);
      if (!m) continue;
      const g = m.groups ?? {};
      const hit = { id: sig.id, n: 1, provider: plainName(g.provider), channel: plainName(g.channel), plugin: plainName(g.plugin), reason: plainName(g.reason), session: sessionKey(g.session) };
      const had = byKey.get(keyOf(hit));
      if (had) had.n++;
      else byKey.set(keyOf(hit), hit);
    }
  }
  return [...byKey.values()];
}

/** Raw lines of one file as its kind reads them (a JSON log: only its subsystems' own lines). */
export function parseLines(kind: 'json' | 'console', raw: string[]): LogLine[] {
  if (kind === 'console') return raw.map(parseConsoleLine);
  return raw.map(parseJsonLine).filter((l): l is LogLine => l !== null);
}

/** Reads what every configured log gained since `cursors` (at most `maxBytes` a file) and matches it. */
export function scanLogs(patterns: string[], cursors: LogCursor[], signatures: Signature[], maxBytes: number): LogScan {
  const found = resolveLogs(patterns);
  const out: LogScan = { hits: [], cursors: [], files: 0, lines: 0, bytes: 0, jsonRead: false, notes: [...found.notes] };
  const consoleLines: LogLine[] = [];
  const jsonLines: LogLine[] = [];
  for (const path of found.paths) {
    const prev = cursors.find((c) => c.path === path) ?? null;
    const chunk = readNew(path, prev, maxBytes);
    if (!chunk.cursor) {
      out.notes.push(...chunk.notes);
      continue;
    }
    out.files++;
    out.bytes += chunk.cursor.offset - (prev && prev.ino === chunk.cursor.ino && prev.offset <= chunk.cursor.offset ? prev.offset : 0);
    out.notes.push(...chunk.notes.map((n) => `${path}: ${n}`));
    out.lines += chunk.lines.length;
    const kind = logKind(path);
    let lines = parseLines(kind, chunk.lines);
    let cursor = chunk.cursor;
    if (kind === 'json') {
      out.jsonRead = true;
      // Only lines newer than the newest already read here: yesterday's file swapped in is not news.
      const seen = prev?.newestAt ?? -Infinity;
      lines = lines.filter((l) => l.at === null || l.at > seen);
      const newest = lines.reduce((m, l) => Math.max(m, l.at ?? -Infinity), seen);
      if (Number.isFinite(newest)) cursor = { ...cursor, newestAt: newest };
      jsonLines.push(...lines);
    } else consoleLines.push(...lines);
    out.cursors.push(cursor);
  }
  // The console counts only for entries that exist only there, and only where the JSON log is not read.
  out.hits = matchLines(out.jsonRead ? jsonLines : [...jsonLines, ...consoleLines], signatures);
  return out;
}
