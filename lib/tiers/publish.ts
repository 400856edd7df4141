// After a tier's run, what it publishes (docs/design.md, "What happened: history, page, metrics"):
// with METRICS_FILE set, the metrics written with its run time; the status page written only
// when what it shows changed, or it is 5 minutes old (so a stopped supervisor shows as such). The
// page's code is a bundle of its own (seams/part.ts), loaded only when the page is written; the
// metrics' code is small and, with METRICS_FILE set, runs every tick, so it is in the tick's own
// bundle (loading a second bundle cost more than rendering: docs/benchmarks.md).
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import type { State, Tier } from '../record/state.ts';
import { StateStore } from '../record/store.ts';
import { PAGE_FILE, PAGE_REFRESH_MS, pageKey, writtenPage } from '../report/page-key.ts';
import { loadPart } from '../seams/part.ts';
import { writeMetrics } from '../report/metrics-file.ts';

const loadReport = () => loadPart<typeof import('../report/publish.ts')>('report', '../report/publish.ts');

/**
 * After a tier's run: with metrics on, the metrics written with its run time; the page written when
 * what it shows changed. Never fails the tier: a problem is one line on stderr.
 */
export async function publish(cfg: Config, tier: Tier, startedAt: number, now: () => number = Date.now): Promise<void> {
  try {
    // What this run last wrote or read: a tick's own end state, not parsed a second time.
    const s: State = new StateStore(cfg.home).peek();
    if (cfg.metricsFile) writeMetrics(cfg, s, now(), tier, now() - startedAt);
    const t = now();
    const old = writtenPage(join(cfg.home, PAGE_FILE));
    if (!old || old.key !== pageKey(s) || t - old.at >= PAGE_REFRESH_MS) await (await loadReport()).writePage(cfg, s, t);
  } catch (e) {
    process.stderr.write(`${tier}: warning: could not write the status page or metrics: ${(e as Error).message}\n`);
  }
}
