// Live but not ready: degraded, never a restart by itself; past READY_GRACE_S the doctor or a person.
// Safe mode (the crash-loop breaker holds channels down): the supervisor starts them itself once,
// then the doctor; a stalled event loop is a liveness failure.
import type { Readiness } from '../observe/readiness.ts';
import type { ChannelStart } from '../act/channel-start.ts';
import type { ChannelStates } from '../observe/channel-states.ts';
import { channelsNotWorking, recentlyStarted } from './channel-cause.ts';
import { closeRecovered, noteAction, openIncident } from '../record/incident.ts';
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
 * the channel named. Channels held down by the crash-loop breaker (safe mode) are started by the
 * supervisor (`channels.start`), once each; still held down, the doctor: the gateway is up, so no
 * restart helps, and another unclean boot would only extend it. An
 * event loop degraded, with a p99 delay of HEALTH_SLOW_MS or more, STALL_PROBES times in a row is a
 * stall: a liveness failure. A channel past the grace: the gateway is asked why (`ask-channels`,
 * then decide/channel-cause.ts); `channels` is that answer when the caller has it already.
 */
export function decideReadiness(s0: State, r: Readiness | null, p: Policy, now: number, channels?: ChannelStates): Decision {
  if (!r) return { state: s0, action: { kind: 'none', reason: 'readiness not probed (GATEWAY_READY_URL=none)' } };
  const prev = s0.readiness;
  // OpenClaw also calls its loop "degraded" under host CPU pressure with a p99 delay of 25 ms (seen
  // here while another gateway booted): only a delay as slow as a slow /health answer is a stall.
  const stalled = r.eventLoopDegraded && (r.delayP99Ms ?? Number.POSITIVE_INFINITY) >= p.stallDelayMs;
  const stallCount = stalled && !transitional(r.failing) ? prev.stallCount + 1 : 0;
  const notReady = !r.ready;
  let s: State = {
    ...s0,
    readiness: { notReadySince: notReady ? (prev.notReadySince ?? now) : null, failing: r.failing, suppressed: r.suppressed, channelStarts: prev.channelStarts, unconfigured: prev.unconfigured, stallCount, detail: r.detail, at: now },
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
  // A channel held down that is no longer configured is nothing to start (channels.start said so).
  const unwanted = r.suppressed.filter((c) => notConfigured(s, c, p, now));
  const suppressed = r.suppressed.filter((c) => !unwanted.includes(c));
  if (r.ready && suppressed.length === 0) {
    const why = unwanted.length ? `${r.detail}; ${unwanted.join(', ')} held down but not configured (nothing to start)` : r.detail;
    if (mine && !doctorActive(s, now)) s = closeRecovered(s, now, `ready again: ${why}`, p.recoverySettleMs);
    return { state: s, action: { kind: 'none', reason: why } };
  }
  if (held) return { state: s, action: { kind: 'hold', reason: `${r.detail}; ${held}` } };
  if (suppressed.length > 0) {
    const problem = `safe mode: OpenClaw's crash-loop breaker keeps ${suppressed.join(', ')} down (3 unclean boots within 5 minutes); the gateway is live`;
    s = openKind(s, problem, 'safe-mode', now);
    if (s.incident?.humanAlertedAt || s.doctor.requested) return { state: s, action: { kind: 'hold', reason: `${problem}; waiting for the doctor or a person` } };
    const start = channelsToStart(s, suppressed, p, now);
    if (start.length > 0) {
      // The gateway is up again, so the crash loop has ended; starting the channels is what OpenClaw's
      // docs tell an operator to do (it re-authenticates nothing). Once per channel: held down again,
      // the cause is still there and is the doctor's.
      const starts = { ...s.readiness.channelStarts, ...Object.fromEntries(start.map((c) => [c, now])) };
      s = { ...s, readiness: { ...s.readiness, channelStarts: starts } };
      return { state: s, action: { kind: 'start-channels', channels: start, reason: `${problem}; starting ${start.join(', ')} (openclaw gateway call channels.start)` } };
    }
    return escalate(s, 'health', `${problem}${startedBefore(s, suppressed, p, now)}. Fix the cause of the unclean boots, then start the channels (openclaw gateway call channels.start --params '{"channel":"<id>"}'); do not restart the gateway`, p, now);
  }
  const forMs = now - (s.readiness.notReadySince ?? now);
  // Still in a startup phase: a boot, let be as long as a boot is (STARTUP_GRACE_MAX_S), at least.
  const starting = transitional(r.failing);
  const graceMs = starting ? Math.max(p.readyGraceMs, p.startupGraceMaxMs) : p.readyGraceMs;
  if (forMs < graceMs) {
    const why = starting ? 'OpenClaw is still starting' : 'OpenClaw retries its channels itself';
    return { state: s, action: { kind: 'none', reason: `degraded: live, not ready for ${formatDuration(forMs)} (waiting ${formatDuration(graceMs - forMs)} more: ${why}): ${r.detail}` } };
  }
  const problem = `live but NOT READY for ${formatDuration(forMs)}: ${r.detail}`;
  s = openKind(s, problem, 'readiness', now);
  if (s.incident?.humanAlertedAt || s.doctor.requested) return { state: s, action: { kind: 'hold', reason: `${problem}; waiting for the doctor or a person` } };
  const fixable = repairable(r.failing);
  if (fixable.length > 0) return escalate(s, 'health', `${problem}; OpenClaw names something its repair can work on (${fixable.join(', ')})`, p, now);
  const failing = r.failing.filter((f) => !transitional([f]));
  if (failing.length > 0) {
    // Which of a refused login, a stopped account or a network that is down: the gateway's answer decides.
    if (channels) return channelsNotWorking(s, problem, failing, channels, p, now);
    return { state: s, action: { kind: 'ask-channels', channels: failing, problem, reason: `${problem}; asking the gateway why (channels.status)` } };
  }
  const why = `${problem}. it never finished starting (still in OpenClaw's startup phase ${r.failing.join(', ') || 'unnamed'}): a plugin or channel that hangs its start. See what it waits on: openclaw gateway status --deep, and its log`;
  return { state: alertHuman(s, 'health', why, now), action: { kind: 'human', reason: why } };
}

/** Held-down channels the supervisor may start itself: named, and not started by it within CHANNEL_START_RETRY. */
export function channelsToStart(s: State, suppressed: string[], p: Policy, now: number): string[] {
  return suppressed.filter((c) => c !== 'unnamed' && !recentlyStarted(s, c, p, now));
}

/** channels.start's answers for a channel the config does not have (OpenClaw 2026.9.6). */
const UNCONFIGURED = new Set(['skipped: unconfigured', 'skipped: disabled']);

function notConfigured(s: State, channel: string, p: Policy, now: number): boolean {
  const at = s.readiness.unconfigured[channel];
  return at !== undefined && now - at < p.channelStartRetryMs && at <= now;
}

function startedBefore(s: State, suppressed: string[], p: Policy, now: number): string {
  const again = suppressed.filter((c) => recentlyStarted(s, c, p, now));
  return again.length ? `; the supervisor started ${again.join(', ')} ${formatDuration(now - Math.min(...again.map((c) => s.readiness.channelStarts[c] as number)))} ago and it is held down again` : '';
}

/**
 * Records what `channels.start` answered: each start noted on the incident; all started, the next
 * tick's /readyz closes it; one not started (OpenClaw skipped it, refused, or did not answer) goes to
 * the doctor at once, with OpenClaw's reason in our words.
 */
export function afterChannelStarts(s0: State, results: ChannelStart[], p: Policy, now: number): Decision {
  let s = s0;
  for (const r of results) s = noteAction(s, { tier: 'health', kind: 'channel-start', detail: `channels.start ${r.channel}: ${r.started ? 'started' : 'not started'} (${r.outcome})`, ok: r.started }, now);
  // Not configured any more (a person removed it, or a protected key put back took its login away):
  // no fault of the channel's, nothing to start; until CHANNEL_START_RETRY it is left alone.
  const unwanted = results.filter((r) => !r.started && UNCONFIGURED.has(r.outcome)).map((r) => r.channel);
  if (unwanted.length) s = { ...s, readiness: { ...s.readiness, unconfigured: { ...s.readiness.unconfigured, ...Object.fromEntries(unwanted.map((c) => [c, now])) } } };
  const failed = results.filter((r) => !r.started && !unwanted.includes(r.channel));
  const started = results.filter((r) => r.started).map((r) => r.channel);
  if (failed.length === 0) {
    const words = [started.length ? `started ${started.join(', ')} (channels.start)` : '', unwanted.length ? `${unwanted.join(', ')} not configured (nothing to start)` : ''].filter(Boolean).join('; ');
    return { state: s, action: { kind: 'none', reason: `${words}; the next probe of /readyz confirms it` } };
  }
  const safe = s.incident?.kind === 'safe-mode';
  const could = `the supervisor could not start ${failed.map((r) => `${r.channel} (${r.outcome})`).join(', ')}`;
  const why = safe
    ? `safe mode: ${could}. Fix the cause of the unclean boots and what OpenClaw names, then start the channels (openclaw gateway call channels.start --params '{"channel":"<id>"}'); do not restart the gateway`
    : `a channel OpenClaw reports stopped: ${could}. Fix what OpenClaw names (openclaw channels status --probe), then start it (openclaw gateway call channels.start --params '{"channel":"<id>"}'); do not restart the gateway`;
  if (s.incident?.humanAlertedAt || s.doctor.requested) return { state: s, action: { kind: 'hold', reason: `${why}; waiting for the doctor or a person` } };
  return escalate(s, 'health', why, p, now);
}

/** Opens (or names) the incident for a readiness problem. */
function openKind(s: State, problem: string, kind: 'readiness' | 'safe-mode', now: number): State {
  const had = s.incident !== null;
  const next = openIncident(s, problem, 'health', now);
  if (!next.incident || (had && next.incident.kind && next.incident.kind !== 'liveness')) return next;
  return had ? next : { ...next, incident: { ...next.incident, kind } };
}
