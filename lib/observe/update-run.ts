// Is an OpenClaw update running, and how did the last one end (docs/design.md, "During an OpenClaw
// update")? Read from disk, never by a CLI call each tick: OpenClaw 2026.9.6 keeps every run in a
// ledger (`update_runs` in <state dir>/state/openclaw.sqlite), and holds its state lock with the role
// `sqlite-maintenance` while its Doctor repairs state (<state dir>/tmp/openclaw-<uid>/gateway.state.lock).
// Only tokens leave here: phase and status from OpenClaw's closed lists, reason codes shaped like
// codes, versions shaped like versions. Never the ledger's free text.
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Exec } from '../seams/exec.ts';

import type { UpdatePhase, UpdateStatus } from '../record/update-state.ts';

export type { UpdatePhase, UpdateStatus };
export const PHASES: readonly UpdatePhase[] = ['requested', 'staging', 'validating', 'repairing', 'activating', 'restarting', 'verifying', 'finished'];
export const STATUSES: readonly UpdateStatus[] = ['running', 'succeeded', 'failed', 'rolled-back', 'skipped'];

export interface UpdateRunSeen {
  runId: string;
  phase: UpdatePhase;
  status: UpdateStatus;
  /** OpenClaw's reason code (like `gateway-readiness-unverified`), when it is shaped like one. */
  reason: string | null;
  /** Who started it: cli, campaign (the auto-updater), chat, control-ui, mac-app, api. */
  trigger: string | null;
  createdAtMs: number;
  updatedAtMs: number;
  finishedAtMs: number | null;
  before: string | null;
  after: string | null;
  /** The updater process the ledger names, and whether it is alive now (null: none recorded). */
  driverPid: number | null;
  driverAlive: boolean | null;
}

/** The state lock, when a process other than the gateway holds it (an update's Doctor, or another writer). */
export interface MaintenanceLock {
  role: string;
  pid: number;
  alive: boolean;
  sinceMs: number | null;
}

export interface UpdateLook {
  at: number;
  /** The newest runs, newest first: every running one, and the last one that ended. */
  runs: UpdateRunSeen[];
  lock: MaintenanceLock | null;
  /** Why the ledger could not be read (null: read, or there is none yet: no update ever ran). */
  blind: string | null;
}

const VERSION = /^\d{4}\.\d{1,2}\.\d{1,2}(?:-[\w.]{1,20})?$/;
const CODE = /^[a-z][a-z0-9:-]{0,63}$/;
const RUN_ID = /^[0-9a-f-]{8,64}$/i;
const TRIGGERS = new Set(['chat', 'control-ui', 'cli', 'campaign', 'mac-app', 'api']);

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const version = (v: unknown): string | null => (typeof v === 'string' && VERSION.test(v) ? v : null);

/** OpenClaw's state directory: the one its config file lives in (OpenClaw's default layout). */
export function stateDirOf(configPath: string): string {
  return dirname(configPath);
}

export function ledgerPath(stateDir: string): string {
  return join(stateDir, 'state', 'openclaw.sqlite');
}

export function stateLockPath(stateDir: string, uid: number | null): string {
  return join(stateDir, 'tmp', uid === null ? 'openclaw' : `openclaw-${uid}`, 'gateway.state.lock');
}

/** The newest runs: every one still running, and the last one created. */
export const LEDGER_QUERY =
  "SELECT run_id, created_at_ms, updated_at_ms, trigger, phase, status, reason, finished_at_ms, json_extract(before_json, '$.version') AS before_version, json_extract(after_json, '$.version') AS after_version, json_extract(origin_json, '$.driver.pid') AS driver_pid FROM update_runs WHERE status = 'running' OR run_id = (SELECT run_id FROM update_runs ORDER BY created_at_ms DESC LIMIT 1) ORDER BY created_at_ms DESC LIMIT 8";

/** sqlite3 -json's rows, in our terms; a row that is not one is left out. Pure but for `alive`. */
export function parseLedgerRows(stdout: string, alive: (pid: number) => boolean): UpdateRunSeen[] {
  let rows: unknown;
  try {
    rows = JSON.parse(stdout.trim() || '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(rows)) return [];
  const out: UpdateRunSeen[] = [];
  for (const raw of rows) {
    const r = obj(raw);
    const phase = PHASES.find((p) => p === r.phase);
    const status = STATUSES.find((x) => x === r.status);
    const created = num(r.created_at_ms);
    const updated = num(r.updated_at_ms);
    if (typeof r.run_id !== 'string' || !RUN_ID.test(r.run_id) || !phase || !status || created === null || updated === null) continue;
    const pid = num(r.driver_pid);
    const driverPid = pid !== null && Number.isInteger(pid) && pid > 1 ? pid : null;
    out.push({
      runId: r.run_id,
      phase,
      status,
      reason: typeof r.reason === 'string' && CODE.test(r.reason) ? r.reason : null,
      trigger: typeof r.trigger === 'string' && TRIGGERS.has(r.trigger) ? r.trigger : null,
      createdAtMs: created,
      updatedAtMs: updated,
      finishedAtMs: num(r.finished_at_ms),
      before: version(r.before_version),
      after: version(r.after_version),
      driverPid,
      driverAlive: driverPid === null ? null : alive(driverPid),
    });
  }
  return out;
}

/** The state lock's holder, when it is not the gateway itself (whose lock says nothing of an update). */
export function parseStateLock(text: string, alive: (pid: number) => boolean): MaintenanceLock | null {
  let d: Record<string, unknown>;
  try {
    d = obj(JSON.parse(text));
  } catch {
    return null;
  }
  const pid = num(d.pid);
  const role = typeof d.role === 'string' && CODE.test(d.role) ? d.role : null;
  if (!role || role === 'gateway' || pid === null || !Number.isInteger(pid) || pid <= 1) return null;
  const since = typeof d.createdAt === 'string' ? Date.parse(d.createdAt) : NaN;
  return { role, pid, alive: alive(pid), sinceMs: Number.isFinite(since) ? since : null };
}

export interface UpdateLookDeps {
  exec: Exec;
  alive: (pid: number) => boolean;
  sqliteBin: string;
  uid: number | null;
  now: () => number;
}

/** One look: the lock (a file read) and the ledger (one sqlite3 read-only query, 5 s at most). */
export async function lookForUpdate(d: UpdateLookDeps, stateDir: string): Promise<UpdateLook> {
  let lock: MaintenanceLock | null = null;
  try {
    lock = parseStateLock(readFileSync(stateLockPath(stateDir, d.uid), 'utf8').slice(0, 4096), d.alive);
  } catch {
    // No lock file: nothing holds the state.
  }
  const db = ledgerPath(stateDir);
  try {
    if (!statSync(db).isFile()) return { at: d.now(), runs: [], lock, blind: `${db} is not a file` };
  } catch {
    // No database yet: OpenClaw has never run here, or runs elsewhere (GATEWAY_CONFIG_PATH).
    return { at: d.now(), runs: [], lock, blind: null };
  }
  const r = await d.exec(d.sqliteBin, ['-readonly', '-json', `file:${db.split('/').map(encodeURIComponent).join('/')}?mode=ro`, LEDGER_QUERY], { timeoutMs: 5_000, killGraceMs: 1_000 });
  const at = d.now();
  if (r.notFound) return { at, runs: [], lock, blind: `${d.sqliteBin} not found (SQLITE_BIN): the update ledger cannot be read` };
  if (r.timedOut) return { at, runs: [], lock, blind: 'the update ledger did not answer within 5 s' };
  // The table is made by the first update: before that there is nothing to read, and nothing is wrong.
  if (!r.ok) return { at, runs: [], lock, blind: /no such table: update_runs/.test(r.stderr) ? null : `the update ledger could not be read (sqlite3 exit ${r.exitCode})` };
  return { at, runs: parseLedgerRows(r.stdout, d.alive), lock, blind: null };
}
