// The alert outbox in the state (DESIGN.md "Alerts"): recorded first, delivered by tier 4, removed
// only once the webhook accepted it. Pure functions over State.
import { OUTBOX_MAX, SENT_IDS_MAX, type OutboxAlert, type State } from './state.ts';

export type NewAlert = Omit<OutboxAlert, 'createdAt' | 'attempts' | 'nextAttemptAt' | 'lastError'>;

/** Queues an alert unless the same event id is already queued or was already delivered. */
export function queueAlert(s: State, a: NewAlert, now: number): State {
  if (s.outbox.some((x) => x.id === a.id) || s.sentAlertIds.includes(a.id)) return s;
  const alert: OutboxAlert = { ...a, createdAt: now, attempts: 0, nextAttemptAt: now, lastError: null };
  // When the outbox overflows (webhook unreachable for days), drop the oldest reminders first.
  let outbox = [...s.outbox, alert];
  while (outbox.length > OUTBOX_MAX) {
    const i = outbox.findIndex((x) => x.kind === 'reminder');
    outbox.splice(i >= 0 ? i : 0, 1);
  }
  return { ...s, outbox };
}

export function markDelivered(s: State, id: string): State {
  return {
    ...s,
    outbox: s.outbox.filter((x) => x.id !== id),
    sentAlertIds: [...s.sentAlertIds.filter((x) => x !== id), id].slice(-SENT_IDS_MAX),
  };
}

export function markFailed(s: State, id: string, error: string, retryAt: number): State {
  return {
    ...s,
    outbox: s.outbox.map((x) => (x.id === id ? { ...x, attempts: x.attempts + 1, lastError: error, nextAttemptAt: retryAt } : x)),
  };
}

/** Alerts due now, oldest first; delivery is in order, so nothing passes one that is waiting to retry. */
export function dueAlerts(s: State, now: number): OutboxAlert[] {
  const sorted = [...s.outbox].sort((a, b) => a.createdAt - b.createdAt);
  const blocked = sorted.findIndex((a) => a.nextAttemptAt > now);
  return blocked === -1 ? sorted : sorted.slice(0, blocked);
}

/** Drops an alert Discord will never take (a malformed payload), remembering it so it is not queued again. */
export function markDropped(s: State, id: string, why: string, now: number): State {
  return { ...markDelivered(s, id), notices: [...s.notices, { at: now, text: `alert ${id} dropped: ${why}` }] };
}
