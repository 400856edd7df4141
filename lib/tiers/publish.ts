// After a tier's run, what it publishes (docs/design.md, "What happened: history, page, metrics"):
// with METRICS_FILE set, the metrics written with its run time; the status page written only
// when what it shows changed, or it is 5 minutes old (so a stopped supervisor shows as such). The
// writing code is a bundle of its own (seams/part.ts), loaded only when something is written.
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import type { State, Tier } from '../record/state.ts';
import { StateStore } from '../record/store.ts';
import { PAGE_FILE, PAGE_REFRESH_MS, pageKey, writtenPage } from '../report/page-key.ts';
import { loadPart } from '../seams/part.ts';

const loadReport = () => loadPart<typeof import('../report/publish.ts')>('report', '../report/publish.ts');
const loadMetrics = () => loadPart<typeof import('../report/metrics-file.ts')>('metrics', '../report/metrics-file.ts');

/**
 * After a tier's run: with metrics on, the metrics written with its run time; the page written when
 * what it shows changed. Never fails the tier: a problem is one line on stderr.
 */
export async function publish(cfg: Config, tier: Tier, startedAt: number, now: () => number = Date.now): Promise<void> {
  try {
    // What this run last wrote or read: a tick's own end state, not parsed a second time.
    const s: State = new StateStore(cfg.home).peek();
    if (cfg.metricsFile) (await loadMetrics()).writeMetrics(cfg, s, now(), tier, now() - startedAt);
    const t = now();
    const old = writtenPage(join(cfg.home, PAGE_FILE));
    if (!old || old.key !== pageKey(s) || t - old.at >= PAGE_REFRESH_MS) await (await loadReport()).writePage(cfg, s, t);
  } catch (e) {
    process.stderr.write(`${tier}: warning: could not write the status page or metrics: ${(e as Error).message}\n`);
  }
}
