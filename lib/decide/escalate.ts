// When the cheap tiers are done: request the doctor, or tell a person. Also: the gate that keeps
// tiers 1 and 2 from acting while paused, while the doctor works, or while another tier restarts.
import { escalatedAlert, humanAlert } from '../record/alerts.ts';
import { noteAction } from '../record/incident.ts';
import { queueAlert, releaseAlerts } from '../record/outbox.ts';
import { doctorActive, doctorRunsToday, isPaused } from '../record/queries.ts';
import type { State, Tier } from '../record/state.ts';
import { formatDuration } from '../text/duration.ts';
import type { Decision, Policy } from './policy.ts';
import { updateHold } from './update.ts';

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

/** Queues the human alert for the open incident: the doctor could not be used or did not fix it. */
export function alertHuman(s: State, tier: Tier, why: string, now: number, diagnosis?: string | null): State {
  const inc = s.incident;
  if (!inc) return s;
  let next = noteAction(s, { tier, kind: 'alert', detail: `human alerted: ${why}`, ok: null }, now);
  const noted = next.incident ?? inc;
  next = { ...next, incident: { ...noted, humanAlertedAt: now, diagnosis: diagnosis ?? inc.diagnosis }, doctor: { ...next.doctor, requested: null } };
  // A person must act now: what this incident holds back (the "doctor called" note waiting to name
  // its tmux session) goes at once, ahead of this alert, and nothing stands in its way.
  next = releaseAlerts(next, (a) => a.incidentId === inc.id, now);
  return queueAlert(next, humanAlert(noted, why, diagnosis ?? inc.diagnosis), now);
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
    // Held a little, so it can name the tmux session of the doctor that is starting now.
    if (next.incident) next = queueAlert(next, escalatedAlert(next.incident, reason), now, { notBefore: now + p.escalatedDelayMs });
  }
  return { state: next, action: { kind: 'doctor', reason } };
}

/** Paused, an OpenClaw update running, a live doctor, or another tier restarting: observe and record, do not act. */
export function actingHeld(s: State, now: number): string | null {
  if (isPaused(s, now) && s.paused) return `paused until ${new Date(s.paused.until).toISOString()} (${s.paused.reason})`;
  const updating = updateHold(s.update, now);
  if (updating) return updating;
  if (doctorActive(s, now)) return 'the doctor is working on the gateway';
  if (s.restartInProgress) return `the ${s.restartInProgress.tier} tier is restarting it right now`;
  return null;
}
