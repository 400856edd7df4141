// The gateway's logs against the signature table: only the lines appended since the last look
// (log-tail.ts), each matched once against every signature. What is kept of a line is the
// signature's id and the short plain names its pattern captured, never the line's text: the person's
// alert carries only our words.
import type { Signature } from '../config/signatures.ts';
import { plainName } from './models-status.ts';
import { resolveLogPaths } from './log-files.ts';
import { readNew, type LogCursor } from './log-tail.ts';

export interface SignatureHit {
  id: string;
  /** Matches in this look. */
  n: number;
  provider: string | null;
  channel: string | null;
  plugin: string | null;
  reason: string | null;
  /** A chat's session key (`agent:<id>:...`), for `sessions.abort` only: never shown to a person. */
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
  notes: string[];
}

const keyOf = (h: SignatureHit): string => `${h.id}\u0000${h.provider ?? ''}\u0000${h.channel ?? ''}\u0000${h.plugin ?? ''}\u0000${h.session ?? ''}`;

export function matchLines(lines: string[], signatures: Signature[]): SignatureHit[] {
  const byKey = new Map<string, SignatureHit>();
  for (const line of lines) {
    for (const sig of signatures) {
      const m = sig.pattern.exec(line);
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

/**
 * In OpenClaw's JSON file log, a line its own subsystems wrote (`"0"` names the subsystem), not what
 * it caught printed to its console (`"0"` is the text: a reply, a command's output), which any text
 * a model or a message chose could be.
 */
export function fromSubsystem(line: string): boolean {
  return line.startsWith('{"0":"{\\"subsystem\\":\\"');
}

/**
 * One count per event, though OpenClaw writes most events twice: to its console (the LaunchAgent's
 * gateway.log) and to its JSON file log (/tmp/openclaw/openclaw-*.log), both read by default. Files
 * of one kind add up (gateway.log and gateway.err.log, one day's file and the next); between the two
 * kinds, the larger count stands (an event only one of them has still counts).
 */
export function mergeCopies(byFile: Array<{ json: boolean; hits: SignatureHit[] }>): SignatureHit[] {
  const sum = (json: boolean): Map<string, SignatureHit> => {
    const m = new Map<string, SignatureHit>();
    for (const f of byFile.filter((x) => x.json === json)) {
      for (const h of f.hits) {
        const had = m.get(keyOf(h));
        m.set(keyOf(h), had ? { ...had, n: had.n + h.n } : { ...h });
      }
    }
    return m;
  };
  const out = sum(false);
  for (const [k, h] of sum(true)) if (h.n > (out.get(k)?.n ?? 0)) out.set(k, h);
  return [...out.values()];
}

/** Reads what every configured log gained since `cursors` (at most `maxBytes` a file) and matches it. */
export function scanLogs(patterns: string[], cursors: LogCursor[], signatures: Signature[], maxBytes: number): LogScan {
  const out: LogScan = { hits: [], cursors: [], files: 0, lines: 0, bytes: 0, notes: [] };
  const byFile: Array<{ json: boolean; hits: SignatureHit[] }> = [];
  for (const path of resolveLogPaths(patterns)) {
    const prev = cursors.find((c) => c.path === path) ?? null;
    const chunk = readNew(path, prev, maxBytes);
    if (!chunk.cursor) {
      out.notes.push(...chunk.notes);
      continue;
    }
    out.files++;
    out.bytes += chunk.cursor.offset - (prev && prev.ino === chunk.cursor.ino && prev.offset <= chunk.cursor.offset ? prev.offset : 0);
    out.cursors.push(chunk.cursor);
    out.notes.push(...chunk.notes.map((n) => `${path}: ${n}`));
    out.lines += chunk.lines.length;
    const json = chunk.lines.some((l) => l.startsWith('{"'));
    byFile.push({ json, hits: matchLines(json ? chunk.lines.filter(fromSubsystem) : chunk.lines, signatures) });
  }
  out.hits = mergeCopies(byFile);
  return out;
}
