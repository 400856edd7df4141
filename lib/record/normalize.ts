// A state read from disk, made whole (docs/design.md, "The state file and its lock"): a state of our
// version gets the fields a newer version added; anything else is a StateShapeError and the store sets
// the file aside. And the lists that grow over months, kept bounded. Pure.
import { freshCounters, freshState, HISTORY_MAX, SENT_IDS_MAX, DOCTOR_RUNS_MAX, OUTBOX_MAX, STATE_VERSION, type Counters, type State } from './state.ts';

export class StateShapeError extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Accepts what was parsed from disk when it is a state of our version; fills keys a newer field list
 * added. Anything else is a StateShapeError: the caller moves the file aside and starts fresh.
 */
export function normalizeState(data: unknown, now: number): State {
  if (!isObject(data)) throw new StateShapeError('state is not a JSON object');
  if (data.version !== STATE_VERSION) throw new StateShapeError(`state version ${String(data.version)} is not ${STATE_VERSION}`);
  const fresh = freshState(now);
  const merged = { ...fresh, ...data } as State;
  if (!isObject(merged.tiers)) throw new StateShapeError('state.tiers is not an object');
  merged.tiers = { ...fresh.tiers, ...merged.tiers };
  if (!isObject(merged.doctor)) throw new StateShapeError('state.doctor is not an object');
  merged.doctor = { ...fresh.doctor, ...merged.doctor };
  merged.readiness = isObject(merged.readiness) ? { ...fresh.readiness, ...merged.readiness } : fresh.readiness;
  if (!isObject(merged.readiness.channelStarts)) merged.readiness.channelStarts = {};
  if (!isObject(merged.readiness.unconfigured)) merged.readiness.unconfigured = {};
  merged.serving = isObject(merged.serving) ? { ...fresh.serving, ...merged.serving } : fresh.serving;
  if (!isObject(merged.bootCpu) || typeof merged.bootCpu.pid !== 'number' || typeof merged.bootCpu.cpuS !== 'number') merged.bootCpu = null;
  else merged.bootCpu = { ...merged.bootCpu, refused: merged.bootCpu.refused === true };
  if (!isObject(merged.gatewayAgent) || typeof merged.gatewayAgent.sha256 !== 'string' || typeof merged.gatewayAgent.path !== 'string') merged.gatewayAgent = null;
  if (!isObject(merged.serving.canary)) merged.serving.canary = fresh.serving.canary;
  merged.counters = normalizeCounters(merged.counters);
  if (typeof merged.digestSentAt !== 'number') merged.digestSentAt = null;
  merged.update = isObject(merged.update) ? { ...fresh.update, ...merged.update } : fresh.update;
  if (!Array.isArray(merged.update.told)) merged.update = { ...merged.update, told: [] };
  if (!isObject(merged.update.active)) merged.update = { ...merged.update, active: null };
  if (!isObject(merged.update.migrations)) merged.update = { ...merged.update, migrations: null };
  if (!isObject(merged.serving.sessionAborts)) merged.serving = { ...merged.serving, sessionAborts: {} };
  if (!isObject(merged.serving.unconfirmed)) merged.serving = { ...merged.serving, unconfirmed: {} };
  for (const key of ['hits', 'cursors', 'faults', 'disk', 'blind'] as const) if (!Array.isArray(merged.serving[key])) merged.serving = { ...merged.serving, [key]: [] };
  for (const key of ['restarts', 'history', 'outbox', 'sentAlertIds', 'notices', 'uncleanStops', 'alertDrops'] as const) {
    if (!Array.isArray(merged[key])) throw new StateShapeError(`state.${key} is not a list`);
  }
  if (!Array.isArray(merged.doctor.runs)) throw new StateShapeError('state.doctor.runs is not a list');
  return merged;
}

/** A counters object from disk; what is missing or of the wrong shape starts again at zero. */
function normalizeCounters(v: unknown): Counters {
  const fresh = freshCounters();
  if (!isObject(v)) return fresh;
  const map = (x: unknown): Record<string, number> => (isObject(x) ? Object.fromEntries(Object.entries(x).filter((e): e is [string, number] => typeof e[1] === 'number' && Number.isFinite(e[1]))) : {});
  const num = (x: unknown): number => (typeof x === 'number' && Number.isFinite(x) ? x : 0);
  const ttr = isObject(v.ttr) && Array.isArray(v.ttr.buckets) && v.ttr.buckets.length === fresh.ttr.buckets.length ? { buckets: v.ttr.buckets.map(num), sum: num(v.ttr.sum), count: num(v.ttr.count) } : fresh.ttr;
  return {
    incidents: map(v.incidents),
    restarts: map(v.restarts),
    sessionAborts: num(v.sessionAborts),
    doctorRuns: map(v.doctorRuns),
    doctorCostUsd: num(v.doctorCostUsd),
    alertsSent: map(v.alertsSent),
    alertsFailed: map(v.alertsFailed),
    alertsDropped: map(v.alertsDropped),
    canaryRuns: map(v.canaryRuns),
    ttr,
  };
}

/** Keeps the lists that grow over months bounded. */
export function trimState(s: State, now: number, restartWindowMs: number): State {
  return {
    ...s,
    restarts: s.restarts.filter((t) => now - t < Math.max(restartWindowMs, 86_400_000)).slice(-100),
    history: s.history.slice(-HISTORY_MAX),
    sentAlertIds: s.sentAlertIds.slice(-SENT_IDS_MAX),
    notices: s.notices.slice(-20),
    uncleanStops: s.uncleanStops.filter((t) => now - t < 3_600_000).slice(-20),
    alertDrops: s.alertDrops.slice(-20),
    doctor: { ...s.doctor, runs: s.doctor.runs.slice(-DOCTOR_RUNS_MAX) },
    outbox: s.outbox.slice(-OUTBOX_MAX),
    serving: { ...s.serving, hits: s.serving.hits.slice(-200), canary: { ...s.serving.canary, runs: s.serving.canary.runs.filter((t) => now - t < 86_400_000) } },
  };
}
