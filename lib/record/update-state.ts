// What the supervisor last saw of OpenClaw's own updates (decide/update.ts): one running, and which
// runs a person has already been told of.
/** OpenClaw 2026.9.6's closed lists (its `update_runs` table's checks). */
export type UpdatePhase = 'requested' | 'staging' | 'validating' | 'repairing' | 'activating' | 'restarting' | 'verifying' | 'finished';
export type UpdateStatus = 'running' | 'succeeded' | 'failed' | 'rolled-back' | 'skipped';

/** An update seen running: from the ledger (a run) or the state lock (its Doctor's maintenance). */
export interface UpdateActive {
  via: 'ledger' | 'lock';
  runId: string | null;
  phase: UpdatePhase | 'maintenance';
  since: number;
  trigger: string | null;
  before: string | null;
}

export interface UpdateState {
  active: UpdateActive | null;
  /** When the ledger and the lock were last looked at (null: never). */
  seenAt: number | null;
  /** Why the ledger could not be read at the last look (null: it could, or there is none yet). */
  blind: string | null;
  lastRun: { runId: string; status: UpdateStatus; reason: string | null; before: string | null; after: string | null; finishedAt: number | null } | null;
  /** What a person has been told of, by key (outcome:<run>, deadline:<run>, stale:<run>, migrations:<run>): once each. */
  told: string[];
  /** Unfinished plugin upgrades OpenClaw reported after the last finished run (asked once per run). */
  migrations: { runId: string; count: number; at: number } | null;
}

export function freshUpdate(): UpdateState {
  return { active: null, seenAt: null, blind: null, lastRun: null, told: [], migrations: null };
}
