// Writes what the supervisor publishes at the end of a tier's run (docs/design.md, "What happened:
// history, page, metrics"): the metrics file every tick when METRICS_FILE is set, and the status page
// only when what it shows changed (or it is a few minutes old, so a stopped supervisor shows as such).
// Atomic renames: a reader (node_exporter, a browser) never sees half a file.
import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import writeFileAtomic from 'write-file-atomic';
import { activeIds } from '../config/channels.ts';
import type { Config } from '../config/config.ts';
import { readHistory } from '../record/history.ts';
import type { State, Tier } from '../record/state.ts';
import { StateStore } from '../record/store.ts';

export const PAGE_FILE = 'status.html';
/** A page this old is written again even when nothing changed: its time says the tiers still run. */
export const PAGE_REFRESH_MS = 5 * 60_000;
/** A tier that has not run for this long has stopped (launchd's intervals: 60 s, 60 s, 1 h, 5 min). */
export const STALE_MS: Record<Tier, number> = { watchdog: 4 * 60_000, health: 4 * 60_000, doctor: 4 * 3_600_000, alert: 16 * 60_000 };

/** What the page shows, as a short hash: the page is rewritten when it changes. */
export function pageKey(s: State): string {
  const inc = s.incident;
  const shown = [
    s.lastProbe?.ok ?? null,
    s.healthySince,
    s.unhealthySince,
    s.readiness.notReadySince,
    s.serving.notServingSince,
    s.paused?.until ?? null,
    inc ? [inc.id, inc.actions.length, inc.actions.at(-1)?.at ?? 0, inc.humanAlertedAt] : null,
    s.history.map((i) => `${i.id}:${i.filed ?? 0}`),
    s.doctor.lease?.pid ?? null,
    s.doctor.runs.length,
    s.outbox.map((a) => [a.id, a.attempts, Object.entries(a.deliveries ?? {}).map(([c, d]) => `${c}:${d?.status}:${d?.attempts}`)]),
    s.alertDrops.length,
    s.counters.alertsSent,
    s.counters.alertsFailed,
    Object.values(s.tiers).map((t) => t.lastOk),
  ];
  return createHash('sha256').update(JSON.stringify(shown)).digest('hex').slice(0, 16);
}

/** The key and the time the current page was written, from its first line (null: no page). */
export function writtenPage(path: string): { key: string; at: number } | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const b = Buffer.alloc(80);
    const n = readSync(fd, b, 0, 80, 0);
    const m = /^<!-- k=([0-9a-f]{16}) w=(\d+) -->/.exec(b.subarray(0, n).toString('latin1'));
    return m ? { key: m[1] as string, at: Number(m[2]) } : null;
  } finally {
    closeSync(fd);
  }
}

/** Writes the page now from the state given; returns its path. */
export async function writePage(cfg: Config, s: State, now: number): Promise<string> {
  const { renderPage } = await import('./page.ts');
  const path = join(cfg.home, PAGE_FILE);
  const { records, skipped } = readHistory(cfg.home, now - 30 * 86_400_000);
  const html = renderPage({ state: s, history: records, skipped, channels: activeIds(cfg), staleMs: STALE_MS, now }, `k=${pageKey(s)} w=${now}`);
  writeFileAtomic.sync(path, html, { mode: 0o644 });
  return path;
}

/** Writes the metrics now from the state given; returns its path (null: METRICS_FILE not set). */
export async function writeMetrics(cfg: Config, s: State, now: number): Promise<string | null> {
  if (!cfg.metricsFile) return null;
  const { renderMetrics } = await import('./metrics.ts');
  // Readable by node_exporter, which often runs as its own user.
  writeFileAtomic.sync(cfg.metricsFile, renderMetrics(s, activeIds(cfg), now), { mode: 0o644 });
  return cfg.metricsFile;
}

/**
 * After a tier's run: with metrics on, its duration is recorded and the metrics written; the page is
 * written when what it shows changed. Never fails the tier: a problem is one line on stderr.
 */
export async function publish(cfg: Config, tier: Tier, startedAt: number, now: () => number = Date.now): Promise<void> {
  try {
    const store = new StateStore(cfg.home);
    let s: State;
    if (cfg.metricsFile) {
      const ms = now() - startedAt;
      s = await store.update((st) => {
        const next = { ...st, tiers: { ...st.tiers, [tier]: { ...st.tiers[tier], lastDurationMs: ms } } };
        return { state: next, result: next };
      });
      await writeMetrics(cfg, s, now());
    } else s = store.read();
    const t = now();
    const old = writtenPage(join(cfg.home, PAGE_FILE));
    if (!old || old.key !== pageKey(s) || t - old.at >= PAGE_REFRESH_MS) await writePage(cfg, s, t);
  } catch (e) {
    process.stderr.write(`${tier}: warning: could not write the status page or metrics: ${(e as Error).message}\n`);
  }
}
