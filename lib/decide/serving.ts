// The third question, after live and ready: does the assistant answer? Decided from what the
// serving check saw (log signatures, OpenClaw's route check, free space, the canary) by the fault's
// cause: a person's fault (a login, billing, a full disk) goes to a person at once and is never
// restarted; one a restart clears is restarted within the budget; the rest is recorded and shown.
import type { Signature } from '../config/signatures.ts';
import type { CanaryResult } from '../observe/canary.ts';
import type { DiskSpace } from '../observe/disk.ts';
import type { HintAnswers, HintQuestions } from '../observe/hint-answers.ts';
import type { LogScan } from '../observe/log-scan.ts';
import type { ModelsStatus } from '../observe/models-status.ts';
import { headsUpAlert } from '../record/alerts.ts';
import { SERVING_HEADS_UP, servingProblem, servingWhy } from '../record/serving-alerts.ts';
import { closeRecovered, noteAction, openIncident } from '../record/incident.ts';
import { queueAlert } from '../record/outbox.ts';
import { doctorActive } from '../record/queries.ts';
import type { ServingCause, ServingState, State } from '../record/state.ts';
import { formatDuration } from '../text/duration.ts';
import { actingHeld, alertHuman, escalate } from './escalate.ts';
import { countRecurring, recurringCount } from './recurring.ts';
import { noteVersion } from './version-drift.ts';
import { verifiedOn } from '../config/signatures.ts';
import type { GatewayVersion } from '../record/serving-state.ts';
import type { Decision, Policy } from './policy.ts';
import { restartOrEscalate } from './restart.ts';
import { ABORTS_PER_CHECK, recentlyAborted } from './session-abort.ts';

export interface ServingObservation {
  at: number;
  log: LogScan | null;
  models: ModelsStatus | null;
  disk: DiskSpace[] | null;
  canary: CanaryResult | null;
  /** What the gateway answered about the log's hints (null: nothing to ask). */
  answers: HintAnswers | null;
  /** The OpenClaw version, asked on the first check after a boot (absent or null: not asked). */
  version?: GatewayVersion | null;
}

const FIX_RANK: Record<string, number> = { person: 0, restart: 1, doctor: 2, wait: 3 };
/** Faults OpenClaw's model path has: a model turn that went through clears them. */
export const MODEL_CLASSES = new Set(['auth', 'billing', 'rate-limit', 'overloaded', 'provider-down']);

function worstFirst(a: ServingCause, b: ServingCause): number {
  return (FIX_RANK[a.fix] ?? 9) - (FIX_RANK[b.fix] ?? 9);
}

/** The log hits still inside their signatures' windows, this check's added; a passing canary clears the model faults before it. */
function updateHits(sv: ServingState, obs: ServingObservation, sigs: Signature[], now: number): ServingState['hits'] {
  const byId = new Map(sigs.map((s) => [s.id, s]));
  let hits = [...sv.hits, ...(obs.log?.hits ?? []).map((h) => ({ at: now, id: h.id, subject: h.provider ?? h.channel ?? h.plugin ?? h.session, n: h.n }))];
  hits = hits.filter((h) => {
    const sig = byId.get(h.id);
    return sig !== undefined && now - h.at < sig.windowS * 1000 && h.at <= now;
  });
  if (obs.canary?.ok) hits = hits.filter((h) => !(MODEL_CLASSES.has(byId.get(h.id)?.class ?? '') && h.at <= now));
  return hits;
}

/** Log signatures that reached their count within their window, per subject: each only a hint. */
function countedHints(hits: ServingState['hits'], sigs: Signature[]): Array<{ sig: Signature; subject: string | null; n: number }> {
  const out: Array<{ sig: Signature; subject: string | null; n: number }> = [];
  for (const sig of sigs) {
    const counts = new Map<string | null, number>();
    for (const h of hits) if (h.id === sig.id) counts.set(h.subject, (counts.get(h.subject) ?? 0) + h.n);
    for (const [subject, n] of counts) if (n >= sig.count) out.push({ sig, subject, n });
  }
  return out;
}

/** A model fault in the log (auth, billing, a provider failing): the canary and route check say if it is real. */
export function modelHint(log: LogScan | null, sigs: Signature[]): boolean {
  const classOf = new Map(sigs.map((x) => [x.id, x.class]));
  return (log?.hits ?? []).some((h) => MODEL_CLASSES.has(classOf.get(h.id) ?? ''));
}

/**
 * What to ask the gateway before any action (pure): the stuck chats the log names (a few a check),
 * whether a channel is down, whether a plugin failed to load. Model faults are asked of the canary.
 */
export function hintQuestions(s: State, log: LogScan | null, sigs: Signature[], now: number): HintQuestions | null {
  const hits = updateHits(s.serving, { at: now, log, models: null, disk: null, canary: null, answers: null }, sigs, now);
  const counted = countedHints(hits, sigs);
  const sessions = [...new Set(counted.filter((c) => c.sig.class === 'session' && c.subject !== null).map((c) => c.subject as string))].slice(0, ABORTS_PER_CHECK);
  const channels = counted.some((c) => c.sig.class === 'channel');
  const plugin = counted.find((c) => c.sig.class === 'plugin');
  if (!sessions.length && !channels && !plugin) return null;
  return { sessions, channels, plugin: plugin ? { hinted: plugin.subject } : null };
}

interface LogVerdict {
  faults: ServingCause[];
  /** Hints the gateway contradicted, by signature id (their hits are spent). */
  contradicted: Array<{ id: string; subject: string | null }>;
  /** Hints that could not be asked about, our words. */
  cannotAsk: string[];
}

/**
 * Faults from the log, each confirmed by the gateway's own answer; the subject a person may see is
 * the gateway's name (a channel, a plugin), or the session key (asked about, never shown).
 */
function logFaults(hits: ServingState['hits'], sigs: Signature[], answers: HintAnswers | null): LogVerdict {
  const v: LogVerdict = { faults: [], contradicted: [], cannotAsk: [] };
  for (const { sig, subject } of countedHints(hits, sigs)) {
    if (MODEL_CLASSES.has(sig.class) || sig.class === 'disk') continue;
    const answer = sig.class === 'session' ? (subject !== null ? answers?.sessions[subject] : undefined) : sig.class === 'channel' ? answers?.channels : sig.class === 'plugin' ? answers?.plugin : undefined;
    if (!answer) continue;
    if (!answer.asked) {
      v.cannotAsk.push(`${sig.id}: the gateway could not be asked (${answer.why}); nothing done on the log line alone`);
      continue;
    }
    if (!answer.confirmed) {
      v.contradicted.push({ id: sig.id, subject });
      continue;
    }
    const named = sig.class === 'session' ? subject : answer.subject;
    if (v.faults.some((f) => f.class === sig.class && f.subject === named)) continue;
    v.faults.push({ id: sig.id, class: sig.class, subject: named, meaning: sig.meaning, fix: sig.fix === 'wait' ? 'person' : sig.fix });
  }
  return v;
}

function modelsFaults(m: ModelsStatus | null): ServingCause[] {
  if (!m?.ran) return [];
  const out: ServingCause[] = [];
  for (const u of m.unusable) {
    if (u.class === 'auth') out.push({ id: 'models-status', class: 'auth', subject: u.provider, meaning: `OpenClaw set the provider's login aside after an authentication failure (reason ${u.reason})`, fix: 'person' });
    else if (u.class === 'billing') out.push({ id: 'models-status', class: 'billing', subject: u.provider, meaning: 'OpenClaw disabled the provider\'s login after a billing refusal: credits or quota are used up', fix: 'person' });
  }
  for (const p of m.routeIssues) if (!out.some((f) => f.subject === p)) out.push({ id: 'models-status', class: 'auth', subject: p, meaning: 'OpenClaw reports the model route has missing or expired auth', fix: 'person' });
  return out;
}

function diskFaults(disk: DiskSpace[] | null, p: Policy): ServingCause[] {
  return (disk ?? []).filter((d) => d.freeMb < p.diskCriticalMb).map((d) => ({ id: 'disk', class: 'disk', subject: d.path, meaning: `the disk is almost full: ${d.freeMb} MB free (under ${p.diskCriticalMb} MB)`, fix: 'person' }));
}

function canaryFaults(c: ServingState['canary'], r: CanaryResult | null, p: Policy, hits: ServingState['hits'], sigs: Signature[]): ServingCause[] {
  if (!r || r.ok) return [];
  if (r.class === 'auth' || r.class === 'billing') return [{ id: 'canary', class: r.class, subject: r.provider, meaning: `a test message through the gateway failed: ${r.detail}`, fix: 'person' }];
  // A canary that hangs or fails for no named cause is one failure, not an outage: only in a row.
  if (c.failuresInRow < p.canaryFailures) return [];
  // The log may name the cause the canary could not (a provider overloaded, rate-limiting): say it.
  const byId = new Map(sigs.map((x) => [x.id, x]));
  const why = [...hits].reverse().map((h) => ({ h, sig: byId.get(h.id) })).find((x) => x.sig && MODEL_CLASSES.has(x.sig.class));
  const meaning = `${c.failuresInRow} test messages in a row got no answer through the gateway (last: ${r.detail})`;
  // The provider named is the canary's (the gateway's answer), never the one a log line captured.
  if (why?.sig) return [{ id: 'canary', class: why.sig.class, subject: r.provider, meaning: `${meaning}; the gateway's log hints why: ${why.sig.meaning}`, fix: 'person' }];
  return [{ id: 'canary', class: r.class ?? 'provider-down', subject: r.provider, meaning, fix: 'person' }];
}

/** Heads-ups, once a day each: a credential expiring, a disk getting low. */
function headsUps(s: State, obs: ServingObservation, p: Policy, now: number): State {
  let next = s;
  const day = 86_400_000;
  const tell = (key: string, { title, summary }: { title: string; summary: string }) => {
    const last = next.serving.headsUp[key];
    if (last !== undefined && now - last < day) return;
    next = { ...next, serving: { ...next.serving, headsUp: { ...next.serving.headsUp, [key]: now } } };
    next = queueAlert(next, headsUpAlert(key, title, summary, now), now);
  };
  if (obs.models?.ran && obs.models.expiring) tell('expiring', SERVING_HEADS_UP.expiring);
  if (obs.canary?.access) tell('cli-access', SERVING_HEADS_UP.cliAccess);
  const unread = next.serving.jsonUnreadSince;
  if (unread !== null && now - unread >= day) tell('json-log-unread', SERVING_HEADS_UP.jsonLogUnread(formatDuration(now - unread)));
  for (const d of obs.disk ?? []) {
    if (d.freeMb >= p.diskCriticalMb && d.freeMb < p.diskMinMb) tell(`disk:${d.path}`, SERVING_HEADS_UP.diskLow(d.path, d.freeMb, p.diskMinMb, p.diskCriticalMb));
  }
  return next;
}

function openServing(s: State, cause: ServingCause, now: number): State {
  const had = s.incident;
  const next = openIncident(s, servingProblem(cause), 'health', now);
  if (!next.incident || had) return next;
  const recurring = recurringCount(s, cause, now);
  return { ...next, incident: { ...next.incident, kind: 'serving', serving: cause, ...(recurring ? { recurring } : {}) } };
}

/**
 * Records what the serving check saw and decides. Only while the gateway is live and ready with no
 * other incident open: a dead or unready gateway is the other questions' to answer.
 */
export function decideServing(s0: State, obs: ServingObservation, sigs: Signature[], p: Policy, now: number): Decision {
  const prev = s0.serving;
  // A canary that could not be started (OPENCLAW_BIN missing), or that the gateway would not let
  // in (the CLI not paired), says nothing about the assistant.
  const ran = obs.canary?.ran && !obs.canary.access ? obs.canary : null;
  const canary = ran
    ? { ...prev.canary, lastAt: now, lastOk: ran.ok, detail: ran.detail, failuresInRow: ran.ok ? 0 : prev.canary.failuresInRow + 1, runs: [...prev.canary.runs, now] }
    : obs.canary
      ? { ...prev.canary, lastAt: now, lastOk: null, detail: obs.canary.detail }
      : prev.canary;
  let hits = updateHits(prev, obs, sigs, now);
  const fromLog = logFaults(hits, sigs, obs.answers);
  // A hint the gateway contradicted is spent and counted: never an action, an alert or a doctor run.
  hits = hits.filter((h) => !fromLog.contradicted.some((c) => c.id === h.id && c.subject === h.subject));
  const unconfirmed = { ...prev.unconfirmed };
  for (const c of fromLog.contradicted) unconfirmed[c.id] = (unconfirmed[c.id] ?? 0) + 1;
  const blind = [...(obs.log?.notes ?? []), ...fromLog.cannotAsk];
  if (obs.log && !obs.log.jsonRead) blind.push("OpenClaw's JSON file log was not read (not among GATEWAY_LOG_PATHS, or not there yet): log hints see nothing; the canary still checks the model path");
  const faults = [...fromLog.faults, ...modelsFaults(obs.models), ...diskFaults(obs.disk, p), ...canaryFaults(canary, ran, p, hits, sigs)].sort(worstFirst);
  const models = obs.models ? { at: now, ok: obs.models.ran && obs.models.unusable.length === 0 && obs.models.routeIssues.length === 0, detail: obs.models.ran ? `exit ${obs.models.exitCode ?? 'none'}${obs.models.unusable.length ? `, ${obs.models.unusable.map((u) => `${u.provider} set aside (${u.reason})`).join(', ')}` : ''}` : (obs.models.error ?? 'did not run') } : prev.models;
  let s: State = {
    ...s0,
    serving: {
      ...prev,
      lastCheckAt: now,
      hits,
      cursors: obs.log?.cursors ?? prev.cursors,
      faults,
      models,
      disk: obs.disk ?? prev.disk,
      canary,
      unconfirmed,
      blind: blind.slice(0, 10),
      jsonUnreadSince: !obs.log ? prev.jsonUnreadSince : obs.log.jsonRead ? null : (prev.jsonUnreadSince ?? now),
      notServingSince: faults.length ? (prev.notServingSince ?? now) : null,
    },
  };
  s = headsUps(noteVersion(s, obs.version ?? null, verifiedOn(sigs), now), obs, p, now);
  const other = s.incident && s.incident.kind !== 'serving';
  if (other) return besideOther(s, faults, p, now);
  const worst = faults[0];
  if (!worst) {
    if (s.incident?.kind === 'serving' && !doctorActive(s, now)) {
      const what = obs.canary?.ok ? 'a test message got its answer through the gateway' : 'no fault signature within its window, and OpenClaw reports the model logins usable';
      s = closeRecovered(s, now, `answering again: ${what}`, p.recoverySettleMs);
    }
    return { state: s, action: { kind: 'none', reason: 'serving: no fault seen' } };
  }
  const problem = servingProblem(worst);
  const held = actingHeld(s, now);
  if (held) return { state: s, action: { kind: 'hold', reason: `${problem}; ${held}` } };
  s = openServing(s, worst, now);
  if (s.incident?.humanAlertedAt || s.doctor.requested) return { state: s, action: { kind: 'hold', reason: `${problem}; waiting for the doctor or a person` } };
  if (worst.fix === 'person') {
    const counted = countRecurring(s, problem, now);
    if (counted) return counted;
    // Never a restart for a login, billing or a full disk: it cannot help, and it drops the chats in flight.
    const why = servingWhy(worst);
    return { state: alertHuman(s, 'health', why, now), action: { kind: 'human', reason: `${problem}; a person was told` } };
  }
  if (worst.fix === 'doctor') return escalate(s, 'health', `${problem}; the doctor can work on it`, p, now);
  // Chats stuck on a run: abort those runs first (every other chat and channel goes on), once per
  // chat in SESSION_ABORT_RETRY; stuck again after that, the restart below.
  const stuck = worst.class === 'session' ? faults.filter((f) => f.class === 'session' && f.subject !== null && !recentlyAborted(s, f.subject, p, now)) : [];
  if (stuck.length > 0) {
    // A few a tick (each is a CLI run of about 2 s): many chats stuck at once is rather a provider's
    // fault, which the canary names; the rest wait for the next check.
    const keys = stuck.slice(0, ABORTS_PER_CHECK).map((f) => f.subject as string);
    const aborts = { ...s.serving.sessionAborts, ...Object.fromEntries(keys.map((k) => [k, now])) };
    // The lines that showed them are spent: only a stall logged after the abort counts again.
    s = { ...s, serving: { ...s.serving, sessionAborts: aborts, hits: s.serving.hits.filter((h) => !(h.subject !== null && keys.includes(h.subject))) } };
    return { state: s, action: { kind: 'abort-sessions', sessions: keys, reason: `${problem}; aborting the run it is stuck on (openclaw gateway call sessions.abort)` } };
  }
  if (worst.class === 'session' && worst.subject !== null) s = noteAction(s, { tier: 'health', kind: 'note', detail: `stuck again after the supervisor aborted its run ${formatDuration(now - (s.serving.sessionAborts[worst.subject] ?? now))} ago`, ok: null }, now);
  // A restart clears it: the matched lines are spent, so only new ones after the restart count.
  s = { ...s, serving: { ...s.serving, hits: s.serving.hits.filter((h) => h.id !== worst.id) } };
  s = noteAction(s, { tier: 'health', kind: 'note', detail: `${problem}: a restart clears it`, ok: null }, now);
  return restartOrEscalate(s, 'health', problem, p, now);
}

/**
 * Another question's incident is open (a channel not ready a person was told of): the serving check
 * still runs. A confirmed stuck chat still gets its run aborted (it touches nothing else); a fault
 * only a person can fix is told as a heads-up, once a day; nothing is restarted here.
 */
function besideOther(s0: State, faults: ServingCause[], p: Policy, now: number): Decision {
  let s = s0;
  const id = s.incident?.id;
  const worst = faults[0];
  if (!worst) return { state: s, action: { kind: 'none', reason: `serving checked (no fault); incident ${id} is another question's` } };
  if (worst.fix === 'person') {
    const key = `also:${worst.class}:${worst.subject ?? ''}`;
    const last = s.serving.headsUp[key];
    if (last === undefined || now - last >= 86_400_000) {
      s = { ...s, serving: { ...s.serving, headsUp: { ...s.serving.headsUp, [key]: now } } };
      const also = SERVING_HEADS_UP.also(worst);
      s = queueAlert(s, headsUpAlert(key, also.title, also.summary, now), now);
    }
  }
  const stuck = faults.filter((f) => f.class === 'session' && f.subject !== null && !recentlyAborted(s, f.subject, p, now)).slice(0, ABORTS_PER_CHECK);
  if (stuck.length > 0) {
    const keys = stuck.map((f) => f.subject as string);
    s = { ...s, serving: { ...s.serving, sessionAborts: { ...s.serving.sessionAborts, ...Object.fromEntries(keys.map((k) => [k, now])) }, hits: s.serving.hits.filter((h) => !(h.subject !== null && keys.includes(h.subject))) } };
    return { state: s, action: { kind: 'abort-sessions', sessions: keys, reason: `${servingProblem(worst)}; aborting the run it is stuck on beside incident ${id}` } };
  }
  return { state: s, action: { kind: 'none', reason: `serving checked (${servingProblem(worst)}); incident ${id} is another question's` } };
}
