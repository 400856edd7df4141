// The gateway's log files, as the supervisor and the doctor's tools may read them: only the configured paths (a `*` in a
// file name is a glob), only regular files owned by this user (a symlink planted in /tmp/openclaw
// must not turn a log read into a read of ~/.ssh), and only their last bytes.
import { closeSync, fstatSync, lstatSync, openSync, readSync, readdirSync, constants } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Log files for the configured paths, newest first per pattern (at most 2 per glob). */
export function resolveLogPaths(patterns: string[]): string[] {
  return resolveLogs(patterns).paths;
}

/** The log files, and what could not be looked at and why (said in `status`, never skipped silently). */
export function resolveLogs(patterns: string[]): { paths: string[]; notes: string[] } {
  const out: string[] = [];
  const notes: string[] = [];
  const mtime = (p: string) => {
    try {
      return lstatSync(p).mtimeMs;
    } catch {
      return 0;
    }
  };
  const keep = (p: string): boolean => {
    const why = usable(p);
    if (why !== null && why !== 'missing') notes.push(`${p}: ${why}, not read`);
    return why === null;
  };
  for (const p of patterns) {
    if (!basename(p).includes('*')) {
      if (keep(p)) out.push(p);
      continue;
    }
    const dir = dirname(p);
    const re = new RegExp(`^${basename(p).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    try {
      const files = readdirSync(dir)
        .filter((f) => re.test(f))
        .map((f) => join(dir, f))
        .filter(keep)
        .sort((a, b) => mtime(b) - mtime(a));
      out.push(...files.slice(0, 2));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') notes.push(`${dir}: cannot list (${code ?? (e as Error).message}), its logs not read`);
    }
  }
  return { paths: [...new Set(out)], notes };
}

/** Why a path is not a log we read (null when it is one): not a regular file, a symlink, someone else's. */
export function usable(path: string): string | null {
  try {
    const st = lstatSync(path);
    if (st.isSymbolicLink()) return 'a symbolic link';
    if (!st.isFile()) return 'not a regular file';
    const uid = process.getuid?.();
    if (uid !== undefined && st.uid !== uid) return `owned by uid ${st.uid}, not by this user`;
    return null;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (e as Error).message;
  }
}

/** The last `maxBytes` of a file, opened without following a symlink, starting at a whole line. */
export function readTail(path: string, maxBytes: number): { text: string; truncated: boolean } {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const st = fstatSync(fd);
    // Checked on what was opened, not on the name: a FIFO or another's file swapped in is refused.
    if (!st.isFile()) throw new Error(`${path}: not a regular file`);
    const size = st.size;
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(fd, buf, got, buf.length - got, start + got);
      if (n === 0) break;
      got += n;
    }
    let text = buf.subarray(0, got).toString('utf8');
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    return { text, truncated: start > 0 };
  } finally {
    closeSync(fd);
  }
}

export function tailLines(path: string, lines: number): string {
  const { text } = readTail(path, 262_144);
  return text.replace(/\n$/, '').split('\n').slice(-lines).join('\n');
}
