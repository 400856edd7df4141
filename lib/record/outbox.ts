// The alert outbox in the state (docs/design.md, "Alerts"): an alert is recorded first, then delivered to
// each channel on its own: its own attempts, backoff and order, so a channel that is down holds back
// only its own later alerts. An alert leaves the outbox once every channel took it or gave it up.
// Pure functions over State.
import { CHANNEL_NAMES, lostAlert, selfAlert } from './alerts.ts';
import { countDelivery } from './counters.ts';
import { OUTBOX_MAX, SENT_IDS_MAX, type ChannelDelivery, type ChannelId, type NewAlert, type OutboxAlert, type State } from './state.ts';

export type { NewAlert };

export interface QueueOptions {
  /** Channels it is not for (a channel is never told that it lost an alert). */
  skip?: ChannelId[];
  /** Held on every channel until then (a recovery notice settling, an escalation naming its doctor). */
  notBefore?: number;
}

/** Queues an alert unless the same event id is already queued or was already delivered. */
export function queueAlert(s: State, a: NewAlert, now: number, opts: QueueOptions = {}): State {
  if (s.outbox.some((x) => x.id === a.id) || s.sentAlertIds.includes(a.id)) return s;
  const deliveries: OutboxAlert['deliveries'] = {};
  for (const c of opts.skip ?? []) deliveries[c] = { status: 'skipped', attempts: 0, nextAttemptAt: now, firstFailedAt: null, lastError: null };
  const alert: OutboxAlert = { ...a, createdAt: now, attempts: 0, nextAttemptAt: Math.max(now, opts.notBefore ?? now), lastError: null, deliveries };
  // When the outbox overflows (every channel unreachable for days), drop the oldest reminders first.
  let outbox = [...s.outbox, alert];
  while (outbox.length > OUTBOX_MAX) {
    const i = outbox.findIndex((x) => x.kind === 'reminder');
    outbox.splice(i >= 0 ? i : 0, 1);
  }
  return { ...s, outbox };
}

/** Lets held alerts go now (the doctor started, so the escalation can name where to watch it). */
export function releaseAlerts(s: State, which: (a: OutboxAlert) => boolean, now: number): State {
  return { ...s, outbox: s.outbox.map((a) => (which(a) ? { ...a, nextAttemptAt: Math.min(a.nextAttemptAt, now) } : a)) };
}

/** A supervisor problem alert (once a day per problem), with a notice for `status`. */
export function queueSelfAlert(s: State, problem: string, title: string, summary: string, now: number): State {
  const next = queueAlert(s, selfAlert(problem, title, summary, s.incident?.id ?? null, now), now);
  return next === s ? s : { ...next, notices: [...next.notices, { at: now, text: `${title}: ${summary}` }] };
}

export function deliveryOf(a: OutboxAlert, ch: ChannelId): ChannelDelivery {
  return a.deliveries?.[ch] ?? { status: 'pending', attempts: 0, nextAttemptAt: a.createdAt, firstFailedAt: null, lastError: null };
}

export function pendingOn(a: OutboxAlert, ch: ChannelId): boolean {
  return deliveryOf(a, ch).status === 'pending';
}

function byAge(s: State): OutboxAlert[] {
  return [...s.outbox].sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * What one channel may send now, oldest first. In order: nothing passes an alert that waits, whether
 * it waits on this channel's backoff or is held for every channel (a recovery notice settling).
 */
export function dueOn(s: State, ch: ChannelId, now: number): OutboxAlert[] {
  const mine = byAge(s).filter((a) => pendingOn(a, ch));
  const blocked = mine.findIndex((a) => a.nextAttemptAt > now || deliveryOf(a, ch).nextAttemptAt > now);
  return blocked === -1 ? mine : mine.slice(0, blocked);
}

/** Whether any active channel could send something now (wakes the alert tier). */
export function anyDue(s: State, now: number, active: ChannelId[]): boolean {
  // With no channel the alert tier still runs: it logs what waits undelivered.
  if (active.length === 0) return s.outbox.some((a) => a.nextAttemptAt <= now);
  return active.some((c) => dueOn(s, c, now).length > 0);
}

/** When the next delivery try is due on any active channel (null: nothing waits). */
export function nextTryAt(s: State, active: ChannelId[]): number | null {
  let next: number | null = null;
  for (const a of s.outbox) {
    for (const c of active) {
      if (!pendingOn(a, c)) continue;
      const at = Math.max(a.nextAttemptAt, deliveryOf(a, c).nextAttemptAt);
      if (next === null || at < next) next = at;
    }
  }
  return next;
}

/** What waits for one channel. */
export function backlogOn(s: State, ch: ChannelId): OutboxAlert[] {
  return byAge(s).filter((a) => pendingOn(a, ch));
}

function withDelivery(s: State, id: string, ch: ChannelId, f: (d: ChannelDelivery, a: OutboxAlert) => ChannelDelivery, touch: (a: OutboxAlert) => Partial<OutboxAlert> = () => ({})): State {
  return {
    ...s,
    outbox: s.outbox.map((a) => (a.id === id ? { ...a, ...touch(a), deliveries: { ...a.deliveries, [ch]: f(deliveryOf(a, ch), a) } } : a)),
  };
}

/**
 * Removes the alerts every active channel is done with, remembering their ids so a replayed tier
 * run cannot queue them again. With no channel configured nothing is done: alerts wait.
 */
export function settleOutbox(s: State, active: ChannelId[]): State {
  if (active.length === 0) return s;
  const done = s.outbox.filter((a) => active.every((c) => !pendingOn(a, c)));
  if (done.length === 0) return s;
  const ids = done.map((a) => a.id);
  return {
    ...s,
    outbox: s.outbox.filter((a) => !ids.includes(a.id)),
    sentAlertIds: [...s.sentAlertIds.filter((x) => !ids.includes(x)), ...ids].slice(-SENT_IDS_MAX),
  };
}

export function markSent(s: State, id: string, ch: ChannelId, active: ChannelId[]): State {
  const a = s.outbox.find((x) => x.id === id);
  const next = withDelivery(s, id, ch, (d) => ({ ...d, status: 'sent', lastError: null }));
  return settleOutbox(a ? countDelivery(next, ch, 'sent', a.incidentId) : next, active);
}

export function markFailed(s: State, id: string, ch: ChannelId, error: string, retryAt: number, now: number): State {
  const a = s.outbox.find((x) => x.id === id);
  return withDelivery(
    a ? countDelivery(s, ch, 'failed', a.incidentId) : s,
    id,
    ch,
    (d) => ({ ...d, attempts: d.attempts + 1, nextAttemptAt: retryAt, firstFailedAt: d.firstFailedAt ?? now, lastError: error }),
    (a) => ({ attempts: a.attempts + 1, lastError: `${ch}: ${error}` }),
  );
}

/**
 * A channel gives an alert up (it refused it for good, or 24 hours of failing). The person learns it
 * from `status` and from every other channel: a notice that names the channel and what it lost.
 */
export function markDropped(s: State, id: string, ch: ChannelId, why: string, now: number, active: ChannelId[]): State {
  const a = s.outbox.find((x) => x.id === id);
  if (!a) return s;
  let next = countDelivery(withDelivery(s, id, ch, (d) => ({ ...d, status: 'dropped', attempts: d.attempts + 1, lastError: why })), ch, 'dropped', a.incidentId);
  const name = CHANNEL_NAMES[ch];
  next = {
    ...next,
    notices: [...next.notices, { at: now, text: `${name} lost alert "${a.title}" (${id}): ${why}` }],
    alertDrops: [...next.alertDrops, { at: now, channel: ch, alertId: id, title: a.title, why }].slice(-20),
  };
  // No notice about a notice: a lost "lost" alert is in status only.
  if (!id.startsWith('lost:')) next = queueAlert(next, lostAlert(ch, a, why), now, { skip: [ch] });
  return settleOutbox(next, active);
}
