// Reads only what a log gained since the last look: the cursor (file identity and offset) lives in
// the state. A rotated file (another inode) or a truncated one (smaller than the offset) is read
// anew, a file that grew by more than the bound is read only in its newest part, so a check costs at
// most `maxBytes` whatever the log does, and a file is never read from its start twice.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { LogCursor } from '../record/state.ts';

export type { LogCursor };

export interface LogChunk {
  lines: string[];
  cursor: LogCursor | null;
  /** What happened besides plain growth (rotated, truncated, skipped bytes, binary lines dropped). */
  notes: string[];
}

const NEWLINE = 0x0a;

/** A line worth matching: text, not a binary blob (NUL, or mostly control bytes). */
function textLine(line: string): boolean {
  if (line.includes('\u0000')) return false;
  let ctrl = 0;
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0xfffd) ctrl++;
  }
  return ctrl * 10 <= line.length;
}

/**
 * The complete lines appended to `path` since `prev`, at most `maxBytes` of them. A first look reads
 * only the newest `maxBytes` (what happened just before the supervisor started counts; years of
 * history do not). A partial last line is left for the next look.
 */
export function readNew(path: string, prev: LogCursor | null, maxBytes: number): LogChunk {
  const notes: string[] = [];
  let fd: number;
  try {
    // Non-blocking: a FIFO swapped in for a log must not block the tier (a blocked read stops even
    // its deadline timer); fstat after the open then refuses anything but a regular file of ours.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { lines: [], cursor: null, notes: code === 'ENOENT' ? [] : [`${path}: cannot read (${code ?? (e as Error).message})`] };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return { lines: [], cursor: null, notes: [`${path}: not a regular file, not read`] };
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) return { lines: [], cursor: null, notes: [`${path}: owned by uid ${st.uid}, not by this user, not read`] };
    const same = prev !== null && prev.path === path && prev.dev === st.dev && prev.ino === st.ino;
    let start = same ? prev.offset : 0;
    if (prev && prev.path === path && !same) notes.push('rotated: a new file, read from its start (what the old one gained after the last look was not read)');
    if (same && st.size < prev.offset) {
      notes.push('truncated: read from its start');
      start = 0;
    }
    if (!prev || prev.path !== path) start = Math.max(0, st.size - maxBytes);
    if (st.size - start > maxBytes) {
      notes.push(`skipped ${st.size - maxBytes - start} bytes: more than ${maxBytes} appended since the last look`);
      start = st.size - maxBytes;
    }
    const len = st.size - start;
    const buf = Buffer.alloc(len);
    let got = 0;
    while (got < len) {
      const n = readSync(fd, buf, got, len - got, start + got);
      if (n === 0) break;
      got += n;
    }
    let from = 0;
    // Started inside a line (the bound cut it, or a first look): that line is not whole, skip it.
    if (start > 0 && !(same && start === prev.offset)) {
      const nl = buf.indexOf(NEWLINE, 0);
      from = nl === -1 ? got : nl + 1;
    }
    let end = buf.lastIndexOf(NEWLINE, got - 1) + 1;
    if (end < from) end = from;
    // A "line" filling the whole bound with no newline would be held forever: let it go.
    if (end === from && got >= maxBytes) end = got;
    const raw = buf.subarray(from, end).toString('utf8').split('\n');
    const lines = raw.filter((l) => l.length > 0);
    const kept = lines.filter(textLine);
    if (kept.length < lines.length) notes.push(`${lines.length - kept.length} binary lines dropped`);
    return { lines: kept, cursor: { path, dev: st.dev, ino: st.ino, offset: start + end, ...(prev?.newestAt !== undefined ? { newestAt: prev.newestAt } : {}) }, notes };
  } finally {
    closeSync(fd);
  }
}
