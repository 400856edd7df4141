// Writing the status page (docs/design.md, "What happened: history, page, metrics"): by an atomic
// rename, so a browser never sees half a file. A bundle of its own (scripts/report.ts): a tick loads
// it only when the page must be written.
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { activeIds } from '../config/channels.ts';
import type { Config } from '../config/config.ts';
import { readHistory } from '../record/history.ts';
import type { State } from '../record/state.ts';
import { renderPage } from './page.ts';
import { PAGE_FILE, STALE_MS, pageKey } from './page-key.ts';

export { PAGE_FILE, pageKey };

/** Writes the page now from the state given; returns its path. */
export async function writePage(cfg: Config, s: State, now: number): Promise<string> {
  const path = join(cfg.home, PAGE_FILE);
  const { records, skipped } = readHistory(cfg.home, now - 30 * 86_400_000);
  const html = renderPage({ state: s, history: records, skipped, channels: activeIds(cfg), staleMs: STALE_MS, now }, `k=${pageKey(s)} w=${now}`);
  writeFileAtomic.sync(path, html, { mode: 0o644 });
  return path;
}
