// When the serving check, its canary and OpenClaw's route check are due (docs/design.md, "The
// serving check"). Apart from the decision itself, so a healthy tick loads only this.
import type { State } from '../record/state.ts';
import type { Policy } from './policy.ts';

/** Is a serving check due on this tick (the gateway live and ready, the interval passed)? */
export function servingDue(s: State, p: Policy, now: number): boolean {
  if (p.servingIntervalMs <= 0) return false;
  const last = s.serving.lastCheckAt;
  return last === null || now - last >= p.servingIntervalMs || now < last;
}

/** OpenClaw's route check runs at most this often unless the log just showed a model fault (2.6 s of CPU each). */
export const MODELS_STATUS_EVERY_MS = 1_800_000;

/**
 * The canary (a test message through the gateway) on its own cadence, and on every check while a
 * serving incident is open or after a failed one (its passing is what closes an auth or provider
 * incident). OpenClaw 2026.9.6 writes no log line for a model call that succeeded, so a quiet night
 * cannot be told from a working one without it.
 */
export function canaryDue(s: State, p: Policy, now: number, modelHint = false): boolean {
  const c = s.serving.canary;
  return p.canaryIntervalMs > 0 && (modelHint || s.incident?.kind === 'serving' || c.failuresInRow > 0 || due(c.lastAt, p.canaryIntervalMs, now));
}

/**
 * OpenClaw's route check (no tokens, but 2.6 s of CPU) every 30 minutes, or at once when the logs
 * just showed a model fault (a login set aside shows there with its reason), or while a serving
 * incident is open.
 */
export function modelsCheckDue(s: State, p: Policy, now: number, modelFaultInLog: boolean): boolean {
  return modelFaultInLog || s.incident?.kind === 'serving' || due(s.serving.models?.at ?? null, Math.max(p.servingIntervalMs, MODELS_STATUS_EVERY_MS), now);
}

function due(last: number | null, every: number, now: number): boolean {
  return last === null || now - last >= every || now < last;
}
