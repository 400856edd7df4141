// The counters behind the metrics (docs/design.md, "What happened: history, page, metrics"), kept in
// the state so every one-shot tier adds to the same ones. Pure. Most are counted by comparing the state
// before and after a write (`tally`, called by the store), so no tier has to remember to count.
import { TTR_BUCKETS_S, type ChannelId, type Counters, type Incident, type State } from './state.ts';

export type Fixer = 'watchdog' | 'health' | 'abort' | 'doctor' | 'person' | 'itself';

/** Who fixed a closed incident: the tier of its last successful action, else a person or nobody. */
export function fixer(inc: Incident): Fixer {
  const last = [...inc.actions].reverse().find((a) => a.ok === true && ['restart', 'agent-reload', 'channel-start', 'session-abort', 'doctor-run'].includes(a.kind));
  if (!last) return inc.humanAlertedAt !== null ? 'person' : 'itself';
  if (last.kind === 'session-abort') return 'abort';
  if (last.kind === 'doctor-run' || last.tier === 'doctor') return 'doctor';
  return last.tier === 'watchdog' ? 'watchdog' : 'health';
}

/** Time to recovery, from the first failing probe to the close (ms). */
export function ttrMs(inc: Incident): number | null {
  return inc.closedAt === null ? null : Math.max(0, inc.closedAt - inc.openedAt);
}

const add = (m: Record<string, number>, k: string, n = 1): Record<string, number> => ({ ...m, [k]: (m[k] ?? 0) + n });

/** One alert delivery counted, on the counters and on its incident (open, or closed in history). */
export function countDelivery(s: State, ch: ChannelId, how: 'sent' | 'failed' | 'dropped', incidentId: string | null): State {
  const key = how === 'sent' ? 'alertsSent' : how === 'failed' ? 'alertsFailed' : 'alertsDropped';
  const counters = { ...s.counters, [key]: add(s.counters[key], ch) };
  if (incidentId === null) return { ...s, counters };
  const bump = (inc: Incident): Incident => {
    if (inc.id !== incidentId) return inc;
    const was = inc.alerts?.[ch] ?? { sent: 0, failed: 0 };
    const now = how === 'sent' ? { ...was, sent: was.sent + 1 } : { ...was, failed: was.failed + 1 };
    return { ...inc, alerts: { ...inc.alerts, [ch]: now } };
  };
  return { ...s, counters, incident: s.incident ? bump(s.incident) : null, history: s.history.map(bump) };
}

/** What happened between two states of one write: closed incidents, restarts, aborts, doctor runs, canaries. */
export function tally(prev: State, next: State): State {
  let c: Counters = next.counters;
  const before = new Map<string, Incident>();
  for (const i of [...prev.history, ...(prev.incident ? [prev.incident] : [])]) before.set(i.id, i);
  const closedIds = new Set(prev.history.map((i) => i.id));
  for (const inc of [...next.history.slice(-3), ...(next.incident ? [next.incident] : [])]) {
    const was = before.get(inc.id);
    // Actions are appended in time order: the new ones are those after the last one seen before.
    const seenUntil = was?.actions.at(-1)?.at ?? Number.NEGATIVE_INFINITY;
    for (const a of inc.actions) {
      if (a.at <= seenUntil || a.ok === null) continue;
      if (a.kind === 'restart') c = { ...c, restarts: add(c.restarts, `${a.tier}|${inc.kind ?? 'liveness'}|${a.ok ? 'ok' : 'failed'}`) };
      if (a.kind === 'session-abort' && a.ok) c = { ...c, sessionAborts: c.sessionAborts + 1 };
    }
    if (inc.closedAt !== null && !closedIds.has(inc.id)) {
      c = { ...c, incidents: add(c.incidents, `${inc.kind ?? 'liveness'}|${fixer(inc)}`) };
      const s = (ttrMs(inc) ?? 0) / 1000;
      const buckets = c.ttr.buckets.map((n, i) => (s <= (TTR_BUCKETS_S[i] as number) ? n + 1 : n));
      c = { ...c, ttr: { buckets, sum: c.ttr.sum + s, count: c.ttr.count + 1 } };
    }
  }
  const runKey = (r: State['doctor']['runs'][number]) => `${r.startedAt}|${r.endedAt}`;
  const oldRuns = new Set(prev.doctor.runs.map(runKey));
  for (const r of next.doctor.runs) {
    if (oldRuns.has(runKey(r))) continue;
    c = { ...c, doctorRuns: add(c.doctorRuns, r.outcome), doctorCostUsd: c.doctorCostUsd + (r.costUsd ?? 0) };
  }
  const canary = next.serving.canary;
  if (canary.lastAt !== null && canary.lastAt !== prev.serving.canary.lastAt) c = { ...c, canaryRuns: add(c.canaryRuns, canary.lastOk ? 'ok' : 'failed') };
  return c === next.counters ? next : { ...next, counters: c };
}
