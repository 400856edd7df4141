// launchd holds each agent's StandardOutPath open: renaming it would silently stop the logging. So
// an oversized log is copied aside, then truncated in place (copy-then-truncate).
import { copyFileSync, readdirSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';

export function capLogs(dir: string, maxBytes: number): string[] {
  const capped: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.endsWith('.log'));
  } catch {
    return capped;
  }
  for (const f of names) {
    const p = join(dir, f);
    try {
      if (statSync(p).size <= maxBytes) continue;
      copyFileSync(p, `${p}.1`);
      truncateSync(p, 0);
      capped.push(p);
    } catch {
      /* vanished or unreadable: next time */
    }
  }
  return capped;
}
