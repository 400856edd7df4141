// What a restart leaves in the state: the intent before it (so the other tiers hold back), the
// outcome after it, and the unclean stops it caused (OpenClaw counts them towards its breaker).
import { noteAction } from './incident.ts';
import type { State, Tier } from './state.ts';

/** A restart is about to happen: recorded before acting, so other tiers honour the grace. */
export function recordRestartIntent(s: State, tier: Tier, reason: string, now: number, pid: number): State {
  let next: State = { ...s, restarts: [...s.restarts, now], lastRestartAt: now, restartInProgress: { tier, pid, at: now } };
  if (next.incident) next = { ...next, incident: { ...next.incident, restarts: next.incident.restarts + 1, lastRestartAt: now } };
  return noteAction(next, { tier, kind: 'restart', detail: reason, ok: null }, now);
}

/** Ends a restart-in-progress mark: the outcome is recorded, and the startup grace starts now. */
export function restartDone(s: State, now: number): State {
  return { ...s, restartInProgress: null, lastRestartAt: now };
}

/** A restart mark whose process is gone (killed mid-restart) no longer holds the others back. */
export function clearStaleRestart(s: State, alive: (pid: number) => boolean, now: number, boundMs: number): State {
  const r = s.restartInProgress;
  if (!r || (alive(r.pid) && now - r.at < boundMs)) return s;
  return { ...s, restartInProgress: null };
}

export function recordUncleanStops(s: State, count: number, now: number): State {
  return count > 0 ? { ...s, uncleanStops: [...s.uncleanStops, ...Array.from({ length: count }, () => now)] } : s;
}
