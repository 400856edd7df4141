// After a channel refused or failed an alert: try again when (its own backoff, or the time the
// channel asked for), or give it up on that channel (a refusal for good, or 24 hours of failing).
import type { ChannelDelivery } from '../record/state.ts';

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
