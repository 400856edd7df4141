// The serving check's part of the state (docs/design.md, "The serving check"): what the health tier
// last learned about whether the assistant answers, where it stopped reading the logs, and the causes
// it names in our words. Types and the fresh value; state.ts re-exports them.

/** The OpenClaw version the gateway runs, as asked once per boot (observe/gateway-version.ts). */
export interface GatewayVersion {
  version: string | null;
  /** gateway: its own answer; installed: the package on disk (the gateway may still run an older one). */
  from: 'gateway' | 'installed' | null;
  /** When the boot it was asked for began (now minus /readyz's uptime). */
  bootAt: number;
  at: number;
  detail: string;
}

/** Why the assistant does not answer while the gateway is live (our words, and plain names only). */
export interface ServingCause {
  /** The signature or check that saw it (provider-auth-rejected, models-status, canary, disk). */
  id: string;
  /** auth, billing, rate-limit, overloaded, provider-down, session, channel, disk. */
  class: string;
  /** The provider, channel or folder it is about, when known. */
  subject: string | null;
  meaning: string;
  /** person, restart, doctor, wait. */
  fix: string;
}

/** Where the serving check stopped reading a log: the file's identity and the offset read to. */
export interface LogCursor {
  path: string;
  dev: number;
  ino: number;
  offset: number;
  /** The newest JSON line's time read from this path (ms): an older file swapped in is not news. */
  newestAt?: number;
}

/** What the health tier's serving check (live, ready, and answering?) last learned. */
export interface ServingState {
  lastCheckAt: number | null;
  /** Signature matches still inside their windows. */
  hits: Array<{ at: number; id: string; subject: string | null; n: number }>;
  cursors: LogCursor[];
  /** Not serving since (null: serving, or not known). */
  notServingSince: number | null;
  /** The faults the last check found, worst first. */
  faults: ServingCause[];
  /** OpenClaw's route check: when it last ran, and what it said (our words). */
  models: { at: number; ok: boolean; detail: string } | null;
  disk: Array<{ path: string; freeMb: number }>;
  canary: { lastAt: number | null; lastOk: boolean | null; detail: string | null; failuresInRow: number; runs: number[] };
  /** One heads-up a day per subject (a credential expiring, a disk getting low). */
  headsUp: Record<string, number>;
  /** When the supervisor last aborted the run each stuck chat was on, by session key. */
  sessionAborts: Record<string, number>;
  /** Log hints the gateway's own answer contradicted (never acted on), by signature id. */
  unconfirmed: Record<string, number>;
  /** What the last check could not see or ask (a log unreadable, skipped bytes, a call that failed), our words. */
  blind: string[];
  /** Since when OpenClaw's JSON file log has not been read (null: read on the last check). */
  jsonUnreadSince: number | null;
  /** The OpenClaw version the gateway runs, asked once per boot (observe/gateway-version.ts). */
  version: GatewayVersion | null;
}

export function freshServing(): ServingState {
  return { lastCheckAt: null, hits: [], cursors: [], notServingSince: null, faults: [], models: null, disk: [], canary: { lastAt: null, lastOk: null, detail: null, failuresInRow: 0, runs: [] }, headsUp: {}, sessionAborts: {}, unconfirmed: {}, blind: [], jsonUnreadSince: null, version: null };
}
