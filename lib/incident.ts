// The incident lifecycle as pure functions over State: open, note what each tier did, close as
// recovered (with a recovery notice queued). Every incident ends recovered or with a human alerted.
import { formatDuration } from './duration.ts';
import { queueAlert } from './alerts/outbox.ts';
import type { Incident, IncidentAction, State, Tier } from './state/state.ts';

function incidentId(now: number): string {
  const d = new Date(now).toISOString();
  return `inc-${d.slice(0, 10).replace(/-/g, '')}-${d.slice(11, 19).replace(/:/g, '')}`;
}

export function openIncident(s: State, trigger: string, tier: Tier, now: number): State {
  if (s.incident) return s.incident.tiers.includes(tier) ? s : { ...s, incident: { ...s.incident, tiers: [...s.incident.tiers, tier] } };
  // Failing again before the last recovery notice went out: that "recovered" was premature (flapping).
  const settling = (a: State['outbox'][number]) => a.kind === 'recovered' && a.attempts === 0 && a.nextAttemptAt > now;
  const withheld = s.outbox.filter(settling);
  let id = incidentId(now);
  if (s.history.some((h) => h.id === id)) id = `${id}-${Math.floor(Math.random() * 1e4)}`;
  const incident: Incident = {
    id,
    openedAt: now,
    trigger,
    tiers: [tier],
    actions: [],
    restarts: 0,
    lastRestartAt: null,
    doctorRequestedAt: null,
    doctorRuns: 0,
    diagnosis: null,
    humanAlertedAt: null,
    closedAt: null,
    outcome: null,
    fixedBy: null,
  };
  const next: State = { ...s, incident, outbox: s.outbox.filter((a) => !settling(a)) };
  if (withheld.length === 0) return next;
  const ids = withheld.map((a) => a.incidentId).join(', ');
  return noteAction(next, { tier, kind: 'note', detail: `failed again before the recovery of ${ids} was announced: flapping; that notice was withheld`, ok: null }, now);
}

export function noteAction(s: State, a: Omit<IncidentAction, 'at'>, now: number): State {
  if (!s.incident) return s;
  const tiers = s.incident.tiers.includes(a.tier) ? s.incident.tiers : [...s.incident.tiers, a.tier];
  return { ...s, incident: { ...s.incident, tiers, actions: [...s.incident.actions, { ...a, at: now }].slice(-80) } };
}

/** What fixed it, in words: the last successful action, else "it came back by itself". */
export function fixedBy(inc: Incident): string {
  const last = [...inc.actions].reverse().find((a) => a.ok === true && (a.kind === 'restart' || a.kind === 'doctor-run'));
  if (!last) return inc.restarts > 0 ? `restart by ${inc.actions.find((a) => a.kind === 'restart')?.tier ?? 'a tier'}` : 'it came back by itself (or launchd restarted it)';
  return last.kind === 'doctor-run' ? `the Claude Doctor: ${last.detail}` : `restart by the ${last.tier} tier`;
}

export function actionLines(inc: Incident, max = 8): string {
  const t0 = inc.openedAt;
  // The doctor's read-only looks (kind "look") stay in the state and status, not in the alerts.
  const lines = inc.actions.filter((a) => a.kind !== 'look').slice(-max).map((a) => `+${formatDuration(a.at - t0)} ${a.tier}: ${a.kind}${a.ok === false ? ' (failed)' : ''}: ${a.detail}`);
  return lines.length ? lines.join('\n') : 'none';
}

/** Closes the open incident as recovered, files it in history and queues the recovery notice. */
export function closeRecovered(s: State, now: number, detail: string, settleMs = 0, extraFields: Array<{ name: string; value: string }> = []): State {
  const inc = s.incident;
  if (!inc) return s;
  const closed: Incident = { ...inc, closedAt: now, outcome: 'recovered', fixedBy: fixedBy(inc) };
  let next: State = { ...s, incident: null, history: [...s.history, closed], doctor: { ...s.doctor, requested: null } };
  next = queueAlert(
    next,
    {
      id: `${inc.id}:recovered`,
      kind: 'recovered',
      incidentId: inc.id,
      title: `Recovered: OpenClaw gateway healthy again after ${formatDuration(now - inc.openedAt)}`,
      summary: `${detail}. Fixed by ${closed.fixedBy}.`,
      fields: [
        { name: 'What broke', value: inc.trigger },
        { name: 'Time to recovery', value: formatDuration(now - inc.openedAt) },
        { name: 'What was tried', value: actionLines(inc) },
        ...(inc.diagnosis ? [{ name: 'Diagnosis', value: inc.diagnosis }] : []),
        ...extraFields,
      ],
    },
    now,
  );
  // Sent once it has stayed up a while (a flapping gateway "recovers" every few seconds).
  return settleMs > 0 ? { ...next, outbox: next.outbox.map((a) => (a.id === `${inc.id}:recovered` ? { ...a, nextAttemptAt: now + settleMs } : a)) } : next;
}
