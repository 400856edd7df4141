// When do we restart? Within the startup grace, no; past the budget, the doctor; tier 2 restarts
// once per incident. And what a restart's outcome means beyond "it failed".
import type { RestartOutcome } from '../act/restart.ts';
import { CANNOT_RESTART } from '../record/alerts.ts';
import { queueSelfAlert } from '../record/outbox.ts';
import { BREAKER_BOOTS, BREAKER_WINDOW_MS, inStartupGrace, restartsInWindow } from '../record/queries.ts';
import { recordRestartIntent } from '../record/restarts.ts';
import type { State, Tier } from '../record/state.ts';
import { formatDuration } from '../text/duration.ts';
import { alertHuman, escalate, portHeld } from './escalate.ts';
import type { Decision, Policy } from './policy.ts';

/** Without its state (it cannot be written), tier 1 restarts a dead gateway at most once in this long. */
export const FALLBACK_RESTART_GAP_MS = 10 * 60_000;

/** The conservative budget tier 1 keeps on its own when the state cannot be written. */
export function fallbackRestartAllowed(restarts: number[], now: number): boolean {
  return !restarts.some((t) => now - t < FALLBACK_RESTART_GAP_MS);
}

/** Restart when allowed; otherwise hold (grace) or escalate (budget spent, or a restart already failed). */
export function restartOrEscalate(s: State, tier: Tier, problem: string, p: Policy, now: number, o: { frozen?: boolean } = {}): Decision {
  if (s.doctor.requested) return { state: s, action: { kind: 'doctor', reason: `${problem}; the doctor was requested ${formatDuration(now - s.doctor.requested.at)} ago` } };
  // The grace is for a gateway that boots; a frozen one is not booting.
  if (!o.frozen && inStartupGrace(s, p.startupGraceMs, now)) {
    const left = p.startupGraceMs - (now - (s.lastRestartAt ?? now));
    return { state: s, action: { kind: 'hold', reason: `${problem}; within the startup grace (${formatDuration(left)} left), not restarting` } };
  }
  const used = restartsInWindow(s, p.restartWindowMs, now);
  if (used >= p.restartMax) {
    return escalate(s, tier, `${problem}; restart budget spent (${used} restarts in ${formatDuration(p.restartWindowMs)})`, p, now);
  }
  if (tier === 'health' && (s.incident?.restarts ?? 0) > 0) {
    return escalate(s, tier, `${problem}; still failing after a restart and the startup grace`, p, now);
  }
  return { state: recordRestartIntent(s, tier, problem, now, p.actorPid), action: { kind: 'restart', reason: problem, ...(o.frozen ? { frozen: true } : {}) } };
}

/**
 * What a restart's outcome says beyond "it failed": the command cannot run (a self alert), a stranger
 * holds the port (a human), or the gateway refuses its config (the doctor, at once: the gateway says
 * so itself, so the restart budget is not spent on it). Shared by tiers 1 and 2.
 */
export function afterRestart(s: State, tier: Tier, o: RestartOutcome, where: { command: string[]; port: number }, p: Policy, now: number): { state: State; wakeDoctor: boolean } {
  let next = s;
  if (o.cannotRun) next = queueSelfAlert(next, CANNOT_RESTART.problem, CANNOT_RESTART.title, CANNOT_RESTART.summary(where.command[0] ?? ''), now);
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
