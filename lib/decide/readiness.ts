// Live but not ready: degraded, never a restart by itself; past READY_GRACE_S the doctor or a person.
// Safe mode (the crash-loop breaker holds channels down) goes to the doctor; a stalled event loop
// is a liveness failure.
import type { Readiness } from '../observe/readiness.ts';
import { closeRecovered, openIncident } from '../record/incident.ts';
import { doctorActive } from '../record/queries.ts';
import type { State } from '../record/state.ts';
import { formatDuration } from '../text/duration.ts';
import { actingHeld, alertHuman, escalate } from './escalate.ts';
import type { Decision, Policy } from './policy.ts';
import { restartOrEscalate } from './restart.ts';

/** Failing entries a doctor can work on (OpenClaw's own repair paths); the rest are a person's. */
export function repairable(failing: string[]): string[] {
  return failing.filter((f) => f === 'plugin-reload' || f === 'state-database' || f.startsWith('agent-database:'));
}

/** A startup phase (`startup-sidecars`, ...) or a drain: the gateway is on its way, not broken. */
export function transitional(failing: string[]): boolean {
  return failing.length > 0 && failing.every((f) => f.startsWith('startup') || f === 'gateway-draining');
}

/**
 * Readiness, on a tick where the gateway is live (gateway/health.md): not ready is recorded as
 * degraded and never restarts it by itself; past READY_GRACE_S it goes to the doctor when OpenClaw's
 * reason is one it can work on (a plugin reload, an agent or state database), else to a person with
 * the channel named. Channels held down by the crash-loop breaker (safe mode) go to the doctor at
 * once: the gateway is up, so no restart helps, and another unclean boot would only extend it. An
 * event loop degraded, with a p99 delay of HEALTH_SLOW_MS or more, STALL_PROBES times in a row is a
 * stall: a liveness failure.
 */
export function decideReadiness(s0: State, r: Readiness | null, p: Policy, now: number): Decision {
  if (!r) return { state: s0, action: { kind: 'none', reason: 'readiness not probed (GATEWAY_READY_URL=none)' } };
  const prev = s0.readiness;
  // OpenClaw also calls its loop "degraded" under host CPU pressure with a p99 delay of 25 ms (seen
  // here while another gateway booted): only a delay as slow as a slow /health answer is a stall.
  const stalled = r.eventLoopDegraded && (r.delayP99Ms ?? Number.POSITIVE_INFINITY) >= p.stallDelayMs;
  const stallCount = stalled && !transitional(r.failing) ? prev.stallCount + 1 : 0;
  const notReady = !r.ready;
  let s: State = {
    ...s0,
    readiness: { notReadySince: notReady ? (prev.notReadySince ?? now) : null, failing: r.failing, suppressed: r.suppressed, stallCount, detail: r.detail, at: now },
  };
  const held = actingHeld(s, now);
  const stallLimit = p.stallProbes;
  if (stallCount >= stallLimit) {
    const problem = `stalled: OpenClaw's event loop degraded ${stallCount} probes in a row${r.delayP99Ms !== null ? ` (p99 delay ${r.delayP99Ms} ms)` : ''}`;
    if (held) return { state: s, action: { kind: 'hold', reason: `${problem}; ${held}` } };
    s = openIncident(s, problem, 'health', now);
    const d = restartOrEscalate(s, 'health', problem, p, now, { frozen: true });
    return { ...d, state: { ...d.state, readiness: { ...d.state.readiness, stallCount: d.action.kind === 'restart' ? 0 : stallCount } } };
  }
  const inc = s.incident;
  const mine = inc && (inc.kind === 'readiness' || inc.kind === 'safe-mode');
  if (r.ready && r.suppressed.length === 0) {
    if (mine && !doctorActive(s, now)) s = closeRecovered(s, now, `ready again: ${r.detail}`, p.recoverySettleMs);
    return { state: s, action: { kind: 'none', reason: r.detail } };
  }
  if (held) return { state: s, action: { kind: 'hold', reason: `${r.detail}; ${held}` } };
  if (r.suppressed.length > 0) {
    const problem = `safe mode: OpenClaw's crash-loop breaker keeps ${r.suppressed.join(', ')} down (3 unclean boots within 5 minutes); the gateway is live`;
    s = openKind(s, problem, 'safe-mode', now);
    if (s.incident?.humanAlertedAt || s.doctor.requested) return { state: s, action: { kind: 'hold', reason: `${problem}; waiting for the doctor or a person` } };
    return escalate(s, 'health', `${problem}. Fix the cause of the unclean boots, then start the channels (openclaw gateway call channels.start --params '{"channel":"<id>"}'); do not restart the gateway`, p, now);
  }
  const forMs = now - (s.readiness.notReadySince ?? now);
  const graceMs = p.readyGraceMs;
  if (forMs < graceMs) {
    return { state: s, action: { kind: 'none', reason: `degraded: live, not ready for ${formatDuration(forMs)} (waiting ${formatDuration(graceMs - forMs)} more: OpenClaw retries its channels itself): ${r.detail}` } };
  }
  const problem = `live but NOT READY for ${formatDuration(forMs)}: ${r.detail}`;
  s = openKind(s, problem, 'readiness', now);
  if (s.incident?.humanAlertedAt || s.doctor.requested) return { state: s, action: { kind: 'hold', reason: `${problem}; waiting for the doctor or a person` } };
  const fixable = repairable(r.failing);
  if (fixable.length > 0) return escalate(s, 'health', `${problem}; OpenClaw names something its repair can work on (${fixable.join(', ')})`, p, now);
  const channels = r.failing.filter((f) => !transitional([f]));
  const what = channels.length ? `channel ${channels.join(', ')} is not working` : 'it never finished starting';
  const why = `${problem}. ${what}: usually an expired login or a revoked bot token, which only you can renew. See which account and why: openclaw channels status --probe`;
  return { state: alertHuman(s, 'health', why, now), action: { kind: 'human', reason: why } };
}

/** Opens (or names) the incident for a readiness problem. */
function openKind(s: State, problem: string, kind: 'readiness' | 'safe-mode', now: number): State {
  const had = s.incident !== null;
  const next = openIncident(s, problem, 'health', now);
  if (!next.incident || (had && next.incident.kind && next.incident.kind !== 'liveness')) return next;
  return had ? next : { ...next, incident: { ...next.incident, kind } };
}
