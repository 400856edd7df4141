// The incident lifecycle as pure functions over State: open, note what each tier did, close as
// recovered (with a recovery notice queued). Every incident ends recovered or with a human alerted.
import { recoveredAlert } from './alerts.ts';
import { queueAlert } from './outbox.ts';
import type { Incident, IncidentAction, State, Tier } from './state.ts';

function incidentId(now: number): string {
  const d = new Date(now).toISOString();
  return `inc-${d.slice(0, 10).replace(/-/g, '')}-${d.slice(11, 19).replace(/:/g, '')}`;
}

/**
 * Opens the incident (or adds a tier to the open one). `since`: when the trouble was first seen (the
 * first failing probe began), which is when time to recovery starts counting; `now` by default.
 */
export function openIncident(s: State, trigger: string, tier: Tier, now: number, since: number = now): State {
  if (s.incident) return s.incident.tiers.includes(tier) ? s : { ...s, incident: { ...s.incident, tiers: [...s.incident.tiers, tier] } };
  // Failing again before the last recovery notice went out: that "recovered" was premature (flapping).
  const settling = (a: State['outbox'][number]) => a.kind === 'recovered' && a.attempts === 0 && a.nextAttemptAt > now;
  const withheld = s.outbox.filter(settling);
  // Two incidents in one second get -2, -3, ...: the id is a function of the state and the clock.
  const base = incidentId(since);
  let id = base;
  for (let n = 2; s.history.some((h) => h.id === id); n++) id = `${base}-${n}`;
  const incident: Incident = {
    id,
    openedAt: Math.min(since, now),
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
    detectedAt: now,
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
  const last = [...inc.actions].reverse().find((a) => a.ok === true && (a.kind === 'restart' || a.kind === 'agent-reload' || a.kind === 'channel-start' || a.kind === 'session-abort' || a.kind === 'doctor-run'));
  // No action of ours succeeded: it came back without us (launchd, OpenClaw itself, or a person).
  if (!last) return inc.restarts > 0 ? 'no action of ours (our restart did not bring it back): it came back by itself, or someone fixed it' : 'it came back by itself (launchd, OpenClaw itself, or a person)';
  if (last.kind === 'agent-reload') return `the ${last.tier} tier loading the gateway's LaunchAgent into launchd again`;
  if (last.kind === 'session-abort') return `the ${last.tier} tier aborting the run a chat was stuck on: ${last.detail}`;
  if (last.kind === 'channel-start') return `the ${last.tier} tier starting a channel OpenClaw's crash-loop breaker held down: ${last.detail}`;
  return last.kind === 'doctor-run' ? `the Claude Doctor: ${last.detail}` : `restart by the ${last.tier} tier`;
}

/** What the doctor's acting tools did since `since`, in their own summaries: "removed key x; restarted; healthy". */
export function toolsDone(inc: Incident | null, since: number): string {
  return (inc?.actions ?? [])
    .filter((a) => a.kind === 'tool' && a.at >= since && a.ok === true && a.tool?.acts)
    .map((a) => a.tool?.summary ?? '')
    .join('; ');
}

/** Closes the open incident as recovered, files it in history and queues the recovery notice. */
export function closeRecovered(s: State, now: number, detail: string, settleMs = 0, extraFields: Array<{ name: string; value: string }> = []): State {
  const inc = s.incident;
  if (!inc) return s;
  const closed: Incident = { ...inc, closedAt: now, outcome: 'recovered', fixedBy: fixedBy(inc) };
  const next: State = { ...s, incident: null, history: [...s.history, closed], doctor: { ...s.doctor, requested: null } };
  // A recurring cause's recovery is filed in the history, not pushed (decide/recurring.ts).
  if (inc.recurring) return next;
  // Sent once it has stayed up a while (a flapping gateway "recovers" every few seconds).
  return queueAlert(next, recoveredAlert(inc, detail, closed.fixedBy as string, now, extraFields), now, { notBefore: now + settleMs });
}
