// When do we restart, when do we call the doctor, when a human? All of it here, as pure functions of
// (state, observation, policy, now) -> (next state, one action). Tiers 1 and 2 act on the result.
import type { Config } from './config.ts';
import { formatDuration } from './duration.ts';
import { actionLines, closeRecovered, noteAction, openIncident } from './incident.ts';
import { queueAlert } from './alerts/outbox.ts';
import type { HealthProbe, Verdict, ProcessInfo } from './gateway/probe.ts';
import { repairable, transitional, type Readiness } from './gateway/readiness.ts';
import type { RestartOutcome } from './gateway/restart.ts';
import { cannotRestart } from './selfcheck.ts';
import type { State, Tier } from './state/state.ts';

export interface Policy {
  startupGraceMs: number;
  restartMax: number;
  restartWindowMs: number;
  memoryMaxMb: number;
  doctorMaxPerDay: number;
  doctorCooldownMs: number;
  alertRemindMs: number;
  recoverySettleMs: number;
  /** Live but not ready this long: a doctor or a person. Optional: tables that predate it get 600 s. */
  readyGraceMs?: number;
  /** Probes in a row with the event loop degraded that make a stall. */
  stallProbes?: number;
  /** The event loop's p99 delay that makes a degraded sample a stall (HEALTH_SLOW_MS). */
  stallDelayMs?: number;
}

export function policyFrom(c: Config): Policy {
  return {
    startupGraceMs: c.startupGraceS * 1000,
    restartMax: c.restartMax,
    restartWindowMs: c.restartWindowS * 1000,
    memoryMaxMb: c.memoryMaxMb,
    doctorMaxPerDay: c.doctorMaxPerDay,
    doctorCooldownMs: c.doctorCooldownS * 1000,
    alertRemindMs: c.alertRemindS * 1000,
    recoverySettleMs: c.alertRecoverySettleS * 1000,
    readyGraceMs: c.readyGraceS * 1000,
    stallProbes: c.stallProbes,
    stallDelayMs: c.healthSlowMs,
  };
}

/** OpenClaw's crash-loop breaker: this many unclean boots within the window put it in safe mode. */
export const BREAKER_BOOTS = 3;
export const BREAKER_WINDOW_MS = 5 * 60_000;

/**
 * How many more unclean stops (SIGKILLs) the supervisor may cause before one of its own would trip
 * OpenClaw's breaker. It counts only its own: a crash the gateway had by itself is not known here,
 * so it stops one short of the count.
 */
export function uncleanStopsLeft(s: State, now: number): number {
  const recent = s.uncleanStops.filter((t) => now - t < BREAKER_WINDOW_MS).length;
  return Math.max(0, BREAKER_BOOTS - 1 - recent);
}

export function recordUncleanStops(s: State, count: number, now: number): State {
  return count > 0 ? { ...s, uncleanStops: [...s.uncleanStops, ...Array.from({ length: count }, () => now)] } : s;
}

export type Action =
  | { kind: 'none'; reason: string }
  | { kind: 'hold'; reason: string } // something is wrong, but acting now is not allowed
  | { kind: 'restart'; reason: string }
  | { kind: 'doctor'; reason: string } // a doctor run was requested: wake tier 3
  | { kind: 'human'; reason: string }; // the doctor cannot be used: a human alert was queued

export interface Decision {
  state: State;
  action: Action;
}

const DAY_MS = 86_400_000;
export const ESCALATED_DELAY_MS = 20_000;

export function isPaused(s: State, now: number): boolean {
  return s.paused !== null && s.paused.until > now;
}

/** A lease whose deadline passed is stale (a dead pid is checked by the caller, which can see processes). */
export function doctorActive(s: State, now: number): boolean {
  return s.doctor.lease !== null && s.doctor.lease.deadline > now;
}

export function restartsInWindow(s: State, p: Policy, now: number): number {
  return s.restarts.filter((t) => now - t < p.restartWindowMs).length;
}

export function inStartupGrace(s: State, p: Policy, now: number): boolean {
  return s.lastRestartAt !== null && now - s.lastRestartAt < p.startupGraceMs;
}

export function doctorRunsToday(s: State, now: number): number {
  return s.doctor.runs.filter((r) => now - r.startedAt < DAY_MS && r.outcome !== 'refused').length;
}

/** Why the doctor may not run now, or null when it may. */
export function doctorBlocked(s: State, p: Policy, now: number): string | null {
  if (p.doctorMaxPerDay === 0) return 'the doctor is disabled (DOCTOR_MAX_PER_DAY=0)';
  const today = doctorRunsToday(s, now);
  if (today >= p.doctorMaxPerDay) return `the doctor already ran ${today} times in 24 h (DOCTOR_MAX_PER_DAY=${p.doctorMaxPerDay})`;
  const last = s.doctor.lastEndedAt;
  if (last !== null && now - last < p.doctorCooldownMs) {
    return `the doctor is cooling down (${formatDuration(p.doctorCooldownMs - (now - last))} left of DOCTOR_COOLDOWN_S)`;
  }
  return null;
}

/** Records that a restart is about to happen (before acting, so other tiers honour the grace). */
export function recordRestartIntent(s: State, tier: Tier, reason: string, now: number, pid: number = process.pid): State {
  let next: State = { ...s, restarts: [...s.restarts, now], lastRestartAt: now, restartInProgress: { tier, pid, at: now } };
  if (next.incident) next = { ...next, incident: { ...next.incident, restarts: next.incident.restarts + 1, lastRestartAt: now } };
  return noteAction(next, { tier, kind: 'restart', detail: reason, ok: null }, now);
}

/** Queues the human alert for the open incident: the doctor could not be used or did not fix it. */
export function alertHuman(s: State, tier: Tier, why: string, now: number, diagnosis?: string | null): State {
  const inc = s.incident;
  if (!inc) return s;
  let next = noteAction(s, { tier, kind: 'alert', detail: `human alerted: ${why}`, ok: null }, now);
  next = { ...next, incident: { ...(next.incident ?? inc), humanAlertedAt: now, diagnosis: diagnosis ?? inc.diagnosis }, doctor: { ...next.doctor, requested: null } };
  return queueAlert(
    next,
    {
      id: `${inc.id}:human:${inc.doctorRuns}`,
      kind: 'human',
      incidentId: inc.id,
      title: 'OpenClaw gateway is down and needs you',
      summary: `${inc.trigger}. Automatic recovery stopped: ${why}.`,
      fields: [
        { name: 'Down since', value: new Date(inc.openedAt).toISOString() },
        { name: 'What was tried', value: actionLines(next.incident ?? inc) },
        ...(diagnosis ?? inc.diagnosis ? [{ name: 'Diagnosis', value: (diagnosis ?? inc.diagnosis) as string }] : []),
      ],
    },
    now,
  );
}

/**
 * Another program holds the gateway's port: restarts would die of EADDRINUSE and neither we nor the
 * doctor may kill a process that is not the gateway, so a human decides (later restarts still try,
 * within the budget, and succeed once the port is free).
 */
export function portHeld(s: State, tier: Tier, holder: { pid: number; command: string }, port: number, now: number): State {
  if (!s.incident || s.incident.humanAlertedAt) return s;
  const why = `port ${port} is held by pid ${holder.pid} (${holder.command.slice(0, 120)}), which is not the gateway; stop that program or move the gateway to another port`;
  return alertHuman(s, tier, why, now);
}

/**
 * What a restart's outcome says beyond "it failed": the command cannot run (a self alert), a stranger
 * holds the port (a human), or the gateway refuses its config (the doctor, at once: the gateway says
 * so itself, so the restart budget is not spent on it). Shared by tiers 1 and 2.
 */
export function afterRestart(s: State, tier: Tier, o: RestartOutcome, where: { command: string[]; port: number }, p: Policy, now: number): { state: State; wakeDoctor: boolean } {
  let next = s;
  if (o.cannotRun) next = cannotRestart(next, where.command, now);
  if (o.portHeldBy) next = portHeld(next, tier, o.portHeldBy, where.port, now);
  if (o.ambiguous && next.incident && !next.incident.humanAlertedAt) {
    // Neither we nor the doctor may signal a process that may be someone else's gateway.
    const which = o.ambiguous.map((x) => `pid ${x.pid} (${x.command.slice(0, 80)})`).join(' and ');
    next = alertHuman(next, tier, `the restart command failed, and GATEWAY_PROCESS_MATCH matches ${which}: the supervisor cannot tell which is its gateway, so it stopped neither. Restart yours by hand, then set GATEWAY_PID_FILE (or GATEWAY_LAUNCHD_LABEL on a Mac) so it can`, now);
  }
  if (o.breakerHeld) {
    // One more SIGKILL would be the unclean boot that trips OpenClaw's crash-loop breaker.
    const esc = escalate(next, tier, `the gateway did not stop on SIGTERM, and a SIGKILL now would be the ${BREAKER_BOOTS}rd unclean stop within ${BREAKER_WINDOW_MS / 60_000} minutes and trip OpenClaw's crash-loop breaker (channels kept down): not killed`, p, now);
    return { state: esc.state, wakeDoctor: esc.action.kind === 'doctor' };
  }
  if (!o.configRejected) return { state: next, wakeDoctor: false };
  const esc = escalate(next, tier, 'the gateway refuses its configuration (it says: run openclaw doctor --fix)', p, now);
  return { state: esc.state, wakeDoctor: esc.action.kind === 'doctor' };
}

/** The restart path failed or the budget is spent: request the doctor, or go to a human. */
export function escalate(s: State, tier: Tier, reason: string, p: Policy, now: number): Decision {
  if (s.incident?.humanAlertedAt) return { state: s, action: { kind: 'hold', reason: `${reason}; a human was alerted, waiting for them` } };
  const blocked = doctorBlocked(s, p, now);
  if (blocked) return { state: alertHuman(s, tier, `${reason}, and ${blocked}`, now), action: { kind: 'human', reason: `${reason}; ${blocked}` } };
  let next: State = s;
  if (!s.doctor.requested) {
    next = { ...s, doctor: { ...s.doctor, requested: { at: now, reason, incidentId: s.incident?.id ?? null } } };
    next = noteAction(next, { tier, kind: 'doctor-requested', detail: reason, ok: null }, now);
    if (next.incident) next = { ...next, incident: { ...next.incident, doctorRequestedAt: now } };
    const inc = next.incident;
    if (inc) {
      next = queueAlert(
        next,
        {
          id: `${inc.id}:escalated:${inc.doctorRuns}`,
          kind: 'escalated',
          incidentId: inc.id,
          title: 'OpenClaw gateway: restarts did not fix it, the Claude Doctor was called',
          summary: `${inc.trigger}. ${reason}.`,
          fields: [{ name: 'What was tried', value: actionLines(inc) }],
        },
        now,
      );
      // Sent a little later, so it can name the tmux session of the doctor that is starting now.
      next = { ...next, outbox: next.outbox.map((a) => (a.id === `${inc.id}:escalated:${inc.doctorRuns}` ? { ...a, nextAttemptAt: now + ESCALATED_DELAY_MS } : a)) };
    }
  }
  return { state: next, action: { kind: 'doctor', reason } };
}

/** Paused or a live doctor: observe and record, do not act. */
function gate(s: State, now: number): string | null {
  if (isPaused(s, now) && s.paused) return `paused until ${new Date(s.paused.until).toISOString()} (${s.paused.reason})`;
  if (doctorActive(s, now)) return 'the doctor is working on the gateway';
  if (s.restartInProgress) return `the ${s.restartInProgress.tier} tier is restarting it right now`;
  return null;
}

/** Ends a restart-in-progress mark: the outcome is recorded, and the startup grace starts now. */
export function restartDone(s: State, now: number): State {
  return { ...s, restartInProgress: null, lastRestartAt: now };
}

/** A restart mark whose process is gone (killed mid-restart) no longer holds the others back. */
export function clearStaleRestart(s: State, alive: (pid: number) => boolean, now: number, boundMs: number): State {
  const r = s.restartInProgress;
  if (!r || (alive(r.pid) && now - r.at < boundMs)) return s;
  return { ...s, restartInProgress: null };
}

/** Restart when allowed; otherwise hold (grace) or escalate (budget spent, or a restart already failed). */
function restartOrEscalate(s: State, tier: Tier, problem: string, p: Policy, now: number, o: { frozen?: boolean } = {}): Decision {
  if (s.doctor.requested) return { state: s, action: { kind: 'doctor', reason: `${problem}; the doctor was requested ${formatDuration(now - s.doctor.requested.at)} ago` } };
  // The grace is for a gateway that boots; a frozen one is not booting.
  if (!o.frozen && inStartupGrace(s, p, now)) {
    const left = p.startupGraceMs - (now - (s.lastRestartAt ?? now));
    return { state: s, action: { kind: 'hold', reason: `${problem}; within the startup grace (${formatDuration(left)} left), not restarting` } };
  }
  const used = restartsInWindow(s, p, now);
  if (used >= p.restartMax) {
    return escalate(s, tier, `${problem}; restart budget spent (${used} restarts in ${formatDuration(p.restartWindowMs)})`, p, now);
  }
  if (tier === 'health' && (s.incident?.restarts ?? 0) > 0) {
    return escalate(s, tier, `${problem}; still failing after a restart and the startup grace`, p, now);
  }
  return { state: recordRestartIntent(s, tier, problem, now), action: { kind: 'restart', reason: problem } };
}

function touchTier(s: State, tier: Tier, ok: boolean, summary: string, now: number): State {
  const prev = s.tiers[tier];
  return {
    ...s,
    tiers: { ...s.tiers, [tier]: { lastRunAt: now, lastOk: ok, consecutiveFailures: ok ? 0 : prev.consecutiveFailures + 1, lastSummary: summary } },
  };
}

export interface WatchdogObservation {
  /** null: the process list could not be read. */
  processes: ProcessInfo[] | null;
  /** Several processes match GATEWAY_PROCESS_MATCH and nothing says which is ours. */
  ambiguous?: ProcessInfo[] | null;
  /** Other gateways seen (pattern matches listening elsewhere), in words, for the record. */
  others?: string[];
}

export function decideWatchdog(s0: State, obs: WatchdogObservation, p: Policy, now: number): Decision {
  if (obs.processes === null) {
    return { state: touchTier(s0, 'watchdog', false, 'could not list processes', now), action: { kind: 'none', reason: 'could not list processes' } };
  }
  if (obs.processes.length === 0 && obs.ambiguous?.length) {
    // Not knowing which is ours is no reason to start a second one: tier 2 judges by the health URL.
    const why = `cannot tell which of pids ${obs.ambiguous.map((x) => x.pid).join(', ')} is the gateway (GATEWAY_PROCESS_MATCH matches each; set GATEWAY_PID_FILE): the health check judges it by its URL`;
    return { state: touchTier(s0, 'watchdog', true, why, now), action: { kind: 'none', reason: why } };
  }
  const big = obs.processes.find((x) => x.rssMb > p.memoryMaxMb);
  let problem: string | null = null;
  if (obs.processes.length === 0) problem = `gateway process is not running${obs.others?.length ? ` (${obs.others.join('; ')})` : ''}`;
  else if (big) problem = `gateway process ${big.pid} uses ${big.rssMb} MB (limit ${p.memoryMaxMb} MB)`;
  if (!problem) {
    const pids = obs.processes.map((x) => x.pid).join(', ');
    const seen = [`running (pid ${pids})`, ...(obs.others ?? [])].join('; ');
    return { state: touchTier(s0, 'watchdog', true, seen, now), action: { kind: 'none', reason: seen } };
  }
  let s = touchTier(s0, 'watchdog', false, problem, now);
  const held = gate(s, now);
  if (held) return { state: s, action: { kind: 'hold', reason: `${problem}; ${held}` } };
  s = openIncident(s, problem, 'watchdog', now);
  return restartOrEscalate(s, 'watchdog', problem, p, now);
}

/** What the health tier sees of a young gateway that does not answer, to tell frozen from booting. */
export interface YoungGateway {
  /** ps STAT of each gateway process. */
  stats: string[];
  /** CPU seconds the gateway used across one more probe; null when not measured. */
  cpuDeltaS: number | null;
  /** How that probe ended. */
  verdict: Verdict;
}

/**
 * Frozen is not booting, whatever the age. Frozen: stopped (state T), or it accepted the probe's
 * connection, never answered and used no CPU meanwhile. Booting: it refuses connections (not
 * listening yet), answers with any status (503 while it starts), or keeps using CPU.
 */
export function judgeYoung(y: YoungGateway): { frozen: boolean; why: string } {
  if (y.stats.some((st) => st.startsWith('T'))) return { frozen: true, why: 'the process is stopped (state T)' };
  if (y.verdict === 'refused') return { frozen: false, why: 'it refuses connections: not listening yet' };
  if (y.verdict !== 'timeout') return { frozen: false, why: 'it answers' };
  if (y.cpuDeltaS === null) return { frozen: false, why: 'no answer, CPU use unknown' };
  if (y.cpuDeltaS <= 0) return { frozen: true, why: 'it accepted the connection, never answered, and used no CPU meanwhile' };
  return { frozen: false, why: `no answer yet, but it used ${y.cpuDeltaS} s of CPU meanwhile` };
}

export interface HealthObservation {
  probe: HealthProbe;
  /** Age of the youngest gateway process, looked up only when the probe failed. */
  youngestProcessAgeMs?: number | null;
  /** Looked up only when the probe failed and the gateway is young. */
  young?: YoungGateway | null;
}

export function decideHealth(s0: State, obs: HealthObservation, p: Policy, now: number): Decision {
  const { probe } = obs;
  const lastProbe = { at: now, ok: probe.ok, detail: probe.detail, latencyMs: probe.latencyMs };
  let s: State = touchTier({ ...s0, lastProbe }, 'health', probe.ok, probe.detail, now);
  if (probe.ok) {
    s = { ...s, healthySince: s.healthySince ?? now, unhealthySince: null };
    // While the doctor works it owns the verdict (it verifies with several probes in a row). A live
    // gateway that is not ready is readiness's to close (decideReadiness).
    if (s.incident && !doctorActive(s, now) && (s.incident.kind ?? 'liveness') === 'liveness') s = closeRecovered(s, now, `health check passed: ${probe.detail}`, p.recoverySettleMs);
    return { state: s, action: { kind: 'none', reason: probe.detail } };
  }
  s = { ...s, healthySince: null, unhealthySince: s.unhealthySince ?? now };
  const problem = `health check failed: ${probe.detail}`;
  const held = gate(s, now);
  if (held) return { state: s, action: { kind: 'hold', reason: `${problem}; ${held}` } };
  // Someone else (launchd's KeepAlive, the user) just started it: a booting gateway is not a dead one
  // (#74281). Bounded by how long it has been failing, so a crash loop of young processes still escalates.
  const age = obs.youngestProcessAgeMs;
  const frozen = obs.young ? judgeYoung(obs.young) : null;
  if (frozen?.frozen) {
    // A frozen gateway is restarted now, young or not: waiting out the grace only adds downtime.
    const why = `${problem}; frozen: ${frozen.why}`;
    s = openIncident(s, why, 'health', now);
    return restartOrEscalate(s, 'health', why, p, now, { frozen: true });
  }
  if (!s.incident && age !== undefined && age !== null && age < p.startupGraceMs && now - (s.unhealthySince ?? now) < p.startupGraceMs) {
    return { state: s, action: { kind: 'hold', reason: `${problem}; the gateway process started ${formatDuration(age)} ago, within the startup grace: booting${frozen ? ` (${frozen.why})` : ''}, not restarting` } };
  }
  s = openIncident(s, problem, 'health', now);
  return restartOrEscalate(s, 'health', problem, p, now);
}

/** Reminders while a human-alerted incident stays open. */
export function remindIfDue(s: State, p: Policy, now: number): State {
  const inc = s.incident;
  if (!inc?.humanAlertedAt) return s;
  const n = Math.floor((now - inc.humanAlertedAt) / p.alertRemindMs);
  if (n < 1) return s;
  return queueAlert(
    s,
    {
      id: `${inc.id}:reminder:${n}`,
      kind: 'reminder',
      incidentId: inc.id,
      title: `Still down: OpenClaw gateway, ${formatDuration(now - inc.openedAt)} since it broke`,
      summary: `${inc.trigger}. Nothing has fixed it yet.`,
      fields: [{ name: 'What was tried', value: actionLines(inc) }],
    },
    now,
  );
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
  const stalled = r.eventLoopDegraded && (r.delayP99Ms ?? Number.POSITIVE_INFINITY) >= (p.stallDelayMs ?? 3000);
  const stallCount = stalled && !transitional(r.failing) ? prev.stallCount + 1 : 0;
  const notReady = !r.ready;
  let s: State = {
    ...s0,
    readiness: { notReadySince: notReady ? (prev.notReadySince ?? now) : null, failing: r.failing, suppressed: r.suppressed, stallCount, detail: r.detail, at: now },
  };
  const held = gate(s, now);
  const stallLimit = p.stallProbes ?? 3;
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
  const graceMs = p.readyGraceMs ?? 600_000;
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
