// Delivery's two questions: which due alerts leave a channel as one push (one step of an incident is
// one push), and after a channel refused or failed one, when to try again (its own backoff, or the
// time the channel asked for) or to give it up on that channel (a refusal for good, 24 hours failing).
import type { AlertKind, ChannelDelivery, OutboxAlert } from '../record/state.ts';

/** After this long failing on one channel, that channel gives the alert up. */
export const CHANNEL_GIVE_UP_MS = 24 * 3_600_000;

export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

export interface Failure {
  permanent: boolean;
  retryAfterMs: number | null;
  error: string;
}

export function afterFailure(out: Failure, before: ChannelDelivery | null, now: number): { drop: string; retryAt: null } | { drop: null; retryAt: number } {
  const firstFailed = before?.firstFailedAt ?? now;
  if (out.permanent) return { drop: out.error, retryAt: null };
  if (now - firstFailed >= CHANNEL_GIVE_UP_MS) return { drop: `still failing after 24 hours: ${out.error}`, retryAt: null };
  const attempts = (before?.attempts ?? 0) + 1;
  return { drop: null, retryAt: now + (out.retryAfterMs ?? backoffMs(attempts)) };
}

/** Alerts of one incident queued this close together are one step of it: one push per channel. */
export const COALESCE_MS = 10_000;

/** Each its own push: the all-clear, a reminder of a standing incident, a channel test. */
const ALONE: ReadonlySet<AlertKind> = new Set<AlertKind>(['recovered', 'reminder', 'test']);

/**
 * What one channel sends as one push: its first due alert and the due alerts right after it that
 * belong to the same incident and were queued within COALESCE_MS of it (an escalation, the person's
 * alert and "the doctor cannot run" are one step; three pushes in a second only train people to mute).
 */
export function pushGroup(due: OutboxAlert[], windowMs = COALESCE_MS): OutboxAlert[] {
  const first = due[0];
  if (!first) return [];
  if (ALONE.has(first.kind)) return [first];
  const group = [first];
  for (const a of due.slice(1)) {
    if (ALONE.has(a.kind) || a.incidentId !== first.incidentId || a.createdAt - first.createdAt > windowMs) break;
    group.push(a);
  }
  return group;
}
