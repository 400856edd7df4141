// A serving subject that keeps coming back (docs/design.md, "The serving check"): past
// RECURRING_AFTER closed incidents of the same cause in 24 hours, each further one is counted, not
// pushed. One heads-up a day says so with the count; reminders keep their schedule; its recovery
// is filed in the history, not pushed. Without this, one fault coming and going every ten minutes
// (or one forged log line that many) is an endless pair of pushes.
import { headsUpAlert } from '../record/alerts.ts';
import { noteAction } from '../record/incident.ts';
import { queueAlert } from '../record/outbox.ts';
import type { ServingCause, State } from '../record/state.ts';
import type { Decision } from './policy.ts';

/** Closed incidents of one cause in a day past which another is counted, not pushed. */
export const RECURRING_AFTER = 3;
const DAY_MS = 86_400_000;

const sameCause = (a: ServingCause | undefined, b: ServingCause): boolean => a !== undefined && a.class === b.class && a.subject === b.subject;

/** Serving incidents of this cause closed within the last 24 hours. */
export function closedToday(s: State, cause: ServingCause, now: number): number {
  return s.history.filter((h) => h.kind === 'serving' && sameCause(h.serving, cause) && h.closedAt !== null && now - h.closedAt < DAY_MS).length;
}

/** The count an incident of this cause opening now carries: null while it is not recurring. */
export function recurringCount(s: State, cause: ServingCause, now: number): number | null {
  const n = closedToday(s, cause, now);
  return n >= RECURRING_AFTER ? n + 1 : null;
}

/**
 * A recurring incident that a person would be told of: one heads-up a day with the count instead
 * of a push per opening; the incident counts as told (reminders follow their schedule).
 */
export function countRecurring(s0: State, problem: string, now: number): Decision | null {
  const inc = s0.incident;
  if (!inc?.recurring || !inc.serving) return null;
  const c = inc.serving;
  const what = `${c.class}${c.subject ? ` (${c.subject})` : ''}`;
  const key = `recurring:${c.class}:${c.subject ?? ''}`;
  let s = s0;
  const last = s.serving.headsUp[key];
  if (last === undefined || now - last >= DAY_MS) {
    s = { ...s, serving: { ...s.serving, headsUp: { ...s.serving.headsUp, [key]: now } } };
    s = queueAlert(s, headsUpAlert(key, `OpenClaw keeps failing the same way: ${c.class}, ${inc.recurring} times in 24 hours`, `${problem}. It has opened ${inc.recurring} times in 24 hours and cleared each time; from now until a day has passed, each time is counted (npm run status -- --history), not pushed. Its cause is the same each time: fix it once.`, now), now);
  }
  s = noteAction(s, { tier: 'health', kind: 'note', detail: `recurring: ${what} opened ${inc.recurring} times in 24 hours; counted, not pushed`, ok: null }, now);
  const told = s.incident ? { ...s.incident, humanAlertedAt: s.incident.humanAlertedAt ?? now } : null;
  return { state: { ...s, incident: told }, action: { kind: 'hold', reason: `${problem}; recurring (${inc.recurring} times in 24 hours): counted, not pushed` } };
}
