// The doctor lease: at most one doctor at a time. A lease whose pid is dead or whose deadline passed
// is stale and is cleared by whoever sees it.
import { createHash } from 'node:crypto';
import type { DoctorLease, State } from './state.ts';

/** What the lease keeps of its run's token: the token itself lives only in the tool server's environment. */
export function leaseTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function leaseStale(lease: DoctorLease, alive: (pid: number) => boolean, now: number): string | null {
  if (lease.deadline <= now) return `deadline passed ${new Date(lease.deadline).toISOString()}`;
  if (!alive(lease.pid)) return `doctor pid ${lease.pid} is gone`;
  return null;
}

export function clearStaleLease(s: State, alive: (pid: number) => boolean, now: number): { state: State; cleared: string | null } {
  const lease = s.doctor.lease;
  if (!lease) return { state: s, cleared: null };
  const why = leaseStale(lease, alive, now);
  if (!why) return { state: s, cleared: null };
  const notices = [...s.notices, { at: now, text: `stale doctor lease cleared: ${why}` }];
  return { state: { ...s, notices, doctor: { ...s.doctor, lease: null, lastEndedAt: now } }, cleared: why };
}
