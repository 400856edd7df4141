// The JSON lockfile on disk: read-modify-write under a lock, atomic replace, stale-lock breaking,
// corrupt files moved aside (never deleted). The lock is held only for the read-decide-write step;
// callers do slow work (HTTP, restart, Claude) outside it.
import { mkdirSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { stateCorruptAlert } from './alerts.ts';
import { queueAlert } from './outbox.ts';
import { StateShapeError, freshState, normalizeState, type State } from './state.ts';

export interface StoreOptions {
  /** A lock older than this (its holder stopped refreshing it: dead or frozen) is broken. */
  staleMs?: number;
  /** How long to wait for the lock before giving up. */
  waitMs?: number;
  now?: () => number;
}

export class StateLockError extends Error {}

/** A temp file of an interrupted atomic write is swept once it is this old. */
export const TEMP_MAX_AGE_MS = 10 * 60_000;

export class StateStore {
  readonly path: string;
  readonly lockPath: string;
  private readonly staleMs: number;
  private readonly waitMs: number;
  private readonly now: () => number;

  constructor(
    readonly home: string,
    opts: StoreOptions = {},
  ) {
    this.path = join(home, 'state.json');
    this.lockPath = join(home, 'state.json.lock');
    this.staleMs = Math.max(opts.staleMs ?? 10_000, 2_000);
    this.waitMs = opts.waitMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  /** Reads without the lock (writes are atomic renames, so a reader sees a whole file). */
  read(): State {
    const { state } = this.load();
    return state;
  }

  /**
   * Read-modify-write under the lock. `fn` gets the current state and returns the next state and a
   * result. It must be quick and must not await slow work.
   */
  async update<T>(fn: (s: State) => { state: State; result: T }): Promise<T> {
    mkdirSync(this.home, { recursive: true, mode: 0o700 });
    const release = await this.acquire();
    try {
      const { state } = this.load(true);
      const out = fn(structuredClone(state));
      await writeFileAtomic(this.path, `${JSON.stringify(out.state, null, 1)}\n`, { mode: 0o600 });
      this.sweepTemps();
      return out.result;
    } finally {
      await release().catch(() => undefined);
    }
  }

  /**
   * A writer killed mid-write leaves write-file-atomic's temp file (state.json.<n>) behind: under the
   * lock, those older than TEMP_MAX_AGE_MS go (a live writer's is seconds old at most).
   */
  private sweepTemps(): void {
    const base = basename(this.path);
    let names: string[];
    try {
      names = readdirSync(this.home);
    } catch {
      return;
    }
    const cutoff = this.now() - TEMP_MAX_AGE_MS;
    for (const n of names) {
      if (!n.startsWith(`${base}.`) || !/^\d+$/.test(n.slice(base.length + 1))) continue;
      const p = join(this.home, n);
      try {
        if (statSync(p).mtimeMs < cutoff) unlinkSync(p);
      } catch {
        /* gone already */
      }
    }
  }

  private async acquire(): Promise<() => Promise<void>> {
    const deadline = Date.now() + this.waitMs;
    let delay = 5;
    for (;;) {
      try {
        return await lockfile.lock(this.path, {
          lockfilePath: this.lockPath,
          realpath: false,
          stale: this.staleMs,
          update: Math.floor(this.staleMs / 2),
          retries: 0,
          // A compromised lock means we were frozen past the staleness bound; the write that follows
          // is still atomic, so note it instead of crashing from a timer.
          onCompromised: (err) => process.stderr.write(`state lock compromised: ${err.message}\n`),
        });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') throw err;
        if (Date.now() > deadline) throw new StateLockError(`state lock ${this.lockPath} busy for ${this.waitMs} ms`);
        await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
        delay = Math.min(delay * 1.5, 100);
      }
    }
  }

  /** Parses the file; a file that cannot be parsed is moved aside when `repair` is set (under lock). */
  private load(repair = false): { state: State } {
    const now = this.now();
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: freshState(now) };
      throw err;
    }
    try {
      return { state: normalizeState(JSON.parse(text), now) };
    } catch (err) {
      if (!(err instanceof SyntaxError) && !(err instanceof StateShapeError)) throw err;
      const fresh = freshState(now);
      if (!repair) return { state: fresh };
      const aside = `${this.path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.path, aside);
      const text = `state file could not be read (${err.message}); moved to ${aside}, started fresh`;
      fresh.notices.push({ at: now, text });
      return { state: queueAlert(fresh, stateCorruptAlert(text, aside, now), now) };
    }
  }
}
