// Whether the status page must be written again (docs/design.md, "What happened: history, page,
// metrics"): a short hash of what it shows, compared with the one in the written page's first line.
// Small on purpose: every tick loads it.
import { closeSync, openSync, readSync } from 'node:fs';
import type { State, Tier } from '../record/state.ts';

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
    s.update.active?.phase ?? null,
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
  return fnv(JSON.stringify(shown), 0x811c9dc5) + fnv(JSON.stringify(shown), 0x01000193);
}

/** FNV-1a, 32 bits as 8 hex digits: enough to tell "changed", and no node:crypto on a tick. */
function fnv(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
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
