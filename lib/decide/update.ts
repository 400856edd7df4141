// During an OpenClaw update (docs/design.md, "During an OpenClaw update"): the updater stops and
// restarts the gateway on purpose, so no tier restarts, kills, aborts or calls the doctor while one
// runs. An updater that is gone is not an update. One that runs past its own deadline, or a run that
// failed, was rolled back or was left unverified: a person is told, once per run. Pure.
import type { MaintenanceLock, UpdateLook, UpdateRunSeen } from '../observe/update-run.ts';
import type { MigrationLook } from '../observe/update-status.ts';
import { headsUpAlert } from '../record/alerts.ts';
import { queueAlert } from '../record/outbox.ts';
import type { NewAlert, State } from '../record/state.ts';
import type { UpdateActive, UpdateState } from '../record/update-state.ts';
import { formatDuration } from '../text/duration.ts';

/** OpenClaw's own update step deadline: 30 minutes, 45 for an automatic update (cli/update/how-updates-run.md). */
export const UPDATER_DEADLINE_MS = 30 * 60_000;
export const AUTOMATIC_DEADLINE_MS = 45 * 60_000;
/** What we give it beyond its own deadline before a person is told. */
export const DEADLINE_MARGIN_MS = 10 * 60_000;
/** A run with no updater recorded and no ledger activity for this long is stale (OpenClaw's own rule). */
export const INACTIVE_MS = 30 * 60_000;
/** A look older than this no longer holds the tiers back: they look again before acting. */
export const LOOK_FRESH_MS = 10 * 60_000;
/** Failures older than this when first seen are history, not news (the supervisor was installed later). */
const TELL_WITHIN_MS = 7 * 86_400_000;

export function deadlineOf(trigger: string | null): number {
  return (trigger === 'campaign' ? AUTOMATIC_DEADLINE_MS : UPDATER_DEADLINE_MS) + DEADLINE_MARGIN_MS;
}

/** A running ledger row that is an update in progress: its updater is alive, or (none recorded) it was active lately. */
function runIsLive(r: UpdateRunSeen, now: number): boolean {
  if (r.status !== 'running') return false;
  if (r.driverAlive !== null) return r.driverAlive;
  return now - r.updatedAtMs < INACTIVE_MS;
}

/** What the look shows running now, or null. A dead holder's lock and a dead updater's row are not an update. */
export function activeUpdate(look: UpdateLook, now: number): UpdateActive | null {
  const run = look.runs.find((r) => runIsLive(r, now));
  if (run) return { via: 'ledger', runId: run.runId, phase: run.phase, since: run.createdAtMs, trigger: run.trigger, before: run.before };
  const lock: MaintenanceLock | null = look.lock;
  if (lock?.alive && lock.role === 'sqlite-maintenance') return { via: 'lock', runId: null, phase: 'maintenance', since: lock.sinceMs ?? look.at, trigger: null, before: null };
  return null;
}

/** Rows left running by an updater that is gone: not an update, but worth a person's look once. */
export function staleRuns(look: UpdateLook, now: number): UpdateRunSeen[] {
  return look.runs.filter((r) => r.status === 'running' && !runIsLive(r, now));
}

/** Why the tiers must not act now, or null: an update seen running at a recent look. */
export function updateHold(u: UpdateState, now: number): string | null {
  const a = u.active;
  if (!a || u.seenAt === null || now - u.seenAt > LOOK_FRESH_MS) return null;
  return `an OpenClaw update is running (phase ${a.phase}, since ${new Date(a.since).toISOString()}): standing down until it ends`;
}

const OUTCOME_WORDS: Record<string, string> = {
  failed: 'failed',
  'rolled-back': 'failed and was rolled back',
  skipped: 'installed, but the gateway was not confirmed ready',
};

/** What a finished run that a person should hear of says, in our words; null: nothing to tell. */
export function outcomeAlert(r: UpdateRunSeen, now: number): NewAlert | null {
  if (r.status === 'running' || r.status === 'succeeded') return null;
  const words = OUTCOME_WORDS[r.status] ?? r.status;
  const versions = r.before || r.after ? ` (${r.before ?? 'unknown'} → ${r.after ?? 'unknown'})` : '';
  const when = new Date(r.finishedAtMs ?? r.updatedAtMs).toISOString();
  const code = r.reason ? ` OpenClaw's reason code: ${r.reason}.` : '';
  const running = r.status === 'rolled-back' ? ` The gateway runs ${r.before ?? 'the version before'} again.` : '';
  const summary = `An OpenClaw update${versions} ${words} at ${when}.${code}${running} See what it recorded: openclaw update status. To repair it, as OpenClaw's docs say: openclaw update repair, or openclaw triage (a coding agent that diagnoses the installation)`;
  return { ...headsUpAlert(`update:${r.runId}`, `OpenClaw update ${words}${versions}`, summary, now), id: `update:${r.runId}` };
}

function deadlineAlert(a: UpdateActive, now: number): NewAlert {
  const key = `update-deadline:${a.runId ?? `lock-${a.since}`}`;
  const what = a.via === 'lock' ? "OpenClaw's Doctor has held its maintenance lock" : 'An OpenClaw update has been running';
  const summary = `${what} for ${formatDuration(now - a.since)} (phase ${a.phase}, since ${new Date(a.since).toISOString()}), past OpenClaw's own deadline. The supervisor stands down while it runs, so nothing restarts the gateway meanwhile. Look: openclaw update status. If no update is running any more: openclaw update repair`;
  return { ...headsUpAlert(key, 'An OpenClaw update is taking too long', summary, now), id: key };
}

function staleAlert(r: UpdateRunSeen, now: number): NewAlert {
  const key = `update-stale:${r.runId}`;
  const summary = `OpenClaw's update ledger shows a run in phase ${r.phase} since ${new Date(r.createdAtMs).toISOString()}, and its updater is no longer running: it is not an update in progress, and the supervisor does not stand down for it. OpenClaw may keep config writes suspended until it is settled. Look: openclaw update status; then: openclaw update repair`;
  return { ...headsUpAlert(key, 'An OpenClaw update was left unfinished', summary, now), id: key };
}

const TOLD_MAX = 50;

/** Records a look; queues what a person must hear once (a failed run, one past its deadline, one left behind). */
export function noteUpdate(s: State, look: UpdateLook, now: number): State {
  const active = activeUpdate(look, now);
  const told = new Set(s.update.told);
  const alerts: NewAlert[] = [];
  const tell = (key: string, a: NewAlert): void => {
    if (told.has(key)) return;
    told.add(key);
    alerts.push(a);
  };
  if (active && now - active.since > deadlineOf(active.trigger)) tell(`deadline:${active.runId ?? active.since}`, deadlineAlert(active, now));
  for (const r of staleRuns(look, now)) tell(`stale:${r.runId}`, staleAlert(r, now));
  const last = look.runs.find((r) => r.status !== 'running');
  if (last && now - (last.finishedAtMs ?? last.updatedAtMs) < TELL_WITHIN_MS) {
    const a = outcomeAlert(last, now);
    if (a) tell(`outcome:${last.runId}`, a);
  }
  const lastRun = last ? { runId: last.runId, status: last.status, reason: last.reason, before: last.before, after: last.after, finishedAt: last.finishedAtMs } : s.update.lastRun;
  let next: State = { ...s, update: { ...s.update, active, seenAt: look.at, blind: look.blind, lastRun, told: [...told].slice(-TOLD_MAX) } };
  // A run that succeeded: a line in the notes, not a push.
  if (last?.status === 'succeeded' && !s.update.told.includes(`outcome:${last.runId}`) && now - (last.finishedAtMs ?? last.updatedAtMs) < TELL_WITHIN_MS) {
    next = { ...next, update: { ...next.update, told: [...next.update.told, `outcome:${last.runId}`].slice(-TOLD_MAX) }, notices: [...next.notices, { at: now, text: `OpenClaw updated${last.before || last.after ? ` from ${last.before ?? 'unknown'} to ${last.after ?? 'unknown'}` : ''} at ${new Date(last.finishedAtMs ?? last.updatedAtMs).toISOString()}` }] };
  }
  for (const a of alerts) next = queueAlert(next, a, now);
  return next;
}

/**
 * A finished run not yet asked about unfinished plugin upgrades: its id, or null. Never while an
 * update runs (OpenClaw's docs: let it finish before following plugin repair advice); once per run.
 */
export function migrationsDue(u: UpdateState, now: number): string | null {
  const l = u.lastRun;
  if (u.active || !l || l.status === 'running' || u.told.includes(`migrations:${l.runId}`)) return null;
  return l.finishedAt !== null && now - l.finishedAt < TELL_WITHIN_MS ? l.runId : null;
}

/** Records what `openclaw update status` said of a run's plugin upgrades; any left unfinished: one heads-up, its count only. */
export function noteMigrations(s: State, runId: string, m: MigrationLook, now: number): State {
  const key = `migrations:${runId}`;
  if (s.update.told.includes(key)) return s;
  const told = [...s.update.told, key].slice(-TOLD_MAX);
  const l = s.update.lastRun?.runId === runId ? s.update.lastRun : null;
  const versions = l && (l.before || l.after) ? ` (${l.before ?? 'unknown'} → ${l.after ?? 'unknown'})` : '';
  let next: State = { ...s, update: { ...s.update, told, migrations: m.asked ? { runId, count: m.count, at: now } : s.update.migrations } };
  // Not asked (no CLI, no answer in time) or OpenClaw could not read its own state: said, not pushed.
  const blind = !m.asked ? `could not ask OpenClaw about unfinished plugin upgrades after its update${versions}: ${m.why}` : m.unreadable ? `OpenClaw could not read its plugin migration state after its update${versions} (openclaw update status says why)` : null;
  if (blind) next = { ...next, notices: [...next.notices, { at: now, text: blind }] };
  if (!m.asked || m.count === 0) return next;
  const n = m.count === 1 ? 'one plugin data/settings upgrade' : `${m.count} plugin data/settings upgrades`;
  const summary = `OpenClaw's update${versions} left ${n} unfinished. OpenClaw kept the existing data and settings. See which plugin, and the repair command OpenClaw names for each: openclaw update status (then: openclaw doctor --fix)`;
  return queueAlert(next, { ...headsUpAlert(key, 'An OpenClaw update left plugin upgrades unfinished', summary, now), id: key }, now);
}
