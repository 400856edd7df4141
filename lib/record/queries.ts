// Questions every layer asks of the state. Plain reads: the numbers of policy come in as arguments.
import type { State } from './state.ts';

export const DAY_MS = 86_400_000;

/** OpenClaw's crash-loop breaker: this many unclean boots within the window put it in safe mode. */
export const BREAKER_BOOTS = 3;
export const BREAKER_WINDOW_MS = 5 * 60_000;

export function isPaused(s: State, now: number): boolean {
  return s.paused !== null && s.paused.until > now;
}

/** A lease whose deadline passed is stale (a dead pid is checked by whoever can see processes). */
export function doctorActive(s: State, now: number): boolean {
  return s.doctor.lease !== null && s.doctor.lease.deadline > now;
}

export function restartsInWindow(s: State, windowMs: number, now: number): number {
  return s.restarts.filter((t) => now - t < windowMs).length;
}

export function inStartupGrace(s: State, graceMs: number, now: number): boolean {
  return s.lastRestartAt !== null && now - s.lastRestartAt < graceMs;
}

/** Doctor runs in the last 24 h (a run refused before it started costs nothing). */
export function doctorRunsToday(s: State, now: number): number {
  return s.doctor.runs.filter((r) => now - r.startedAt < DAY_MS && r.outcome !== 'refused').length;
}

/** The supervisor's own unclean stops (SIGKILLs) within the breaker's window. */
export function recentUncleanStops(s: State, now: number): number {
  return s.uncleanStops.filter((t) => now - t < BREAKER_WINDOW_MS).length;
}

/**
 * How many more unclean stops the supervisor may cause before one of its own would trip OpenClaw's
 * breaker. It counts only its own: a crash the gateway had by itself is not known here, so it stops
 * one short of the count.
 */
export function uncleanStopsLeft(s: State, now: number): number {
  return Math.max(0, BREAKER_BOOTS - 1 - recentUncleanStops(s, now));
}
