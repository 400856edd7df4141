// The JSON lockfile on disk: read-modify-write under a lock, atomic replace, stale-lock breaking,
// corrupt files moved aside (never deleted). The lock is held only for the read-decide-write step;
// callers do slow work (HTTP, restart, Claude) outside it.
import { mkdirSync, writeFileSync, readFileSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, join } from 'node:path';
import lockfile from 'proper-lockfile';
import writeFileAtomic from 'write-file-atomic';
import { stateCorruptAlert } from './alerts.ts';
import { tally } from './counters.ts';
import { fileClosed } from './history.ts';
import { queueAlert } from './outbox.ts';
import { StateShapeError, normalizeState } from './normalize.ts';
import { freshState, type State } from './state.ts';

export interface StoreOptions {
  /** A lock older than this (its holder stopped refreshing it: dead or frozen) is broken. */
  staleMs?: number;
  /** How long to wait for the lock before giving up. */
  waitMs?: number;
  now?: () => number;
}

export class StateLockError extends Error {}

/**
 * The state folder or file cannot be read or written (a `sudo` run left it root's, a read-only
 * disk): one line that names the path, its owner and the fix, instead of a stack trace.
 */
export class StateAccessError extends Error {
  // As ConfigError: known by its name across bundles.
  static override [Symbol.hasInstance](v: unknown): boolean {
    return v instanceof Error && v.name === 'StateAccessError';
  }

  constructor(
    readonly path: string,
    readonly code: string,
    home: string,
    /** What the tier still did without it (tier 1 restarts a dead gateway on a budget of its own). */
    did?: string,
  ) {
    let owner = '';
    try {
      const uid = statSync(path).uid;
      const me = process.getuid?.();
      owner = uid === me ? '' : ` (owned by uid ${uid}; you are uid ${me})`;
    } catch {
      /* missing: the folder is the problem */
    }
    const fix = ACCESS.has(code) ? `sudo chown -R "$USER" ${home}` : `move it aside (mv ${path} ${path}.bad); the next run starts from the last good copy`;
    super(`cannot ${code === 'EROFS' ? 'write' : 'read or write'} the supervisor's state: ${code} on ${path}${owner}. Fix: ${fix}${did ? ` (meanwhile: ${did})` : ''}`);
    this.name = 'StateAccessError';
  }
}

const ACCESS = new Set(['EACCES', 'EPERM', 'EROFS']);

/**
 * Turns any error of the file system (a permission, a folder where the file should be, a disk
 * error) into a StateAccessError, one line naming the path; anything else is rethrown as it is.
 */
function accessError(err: unknown, path: string, home: string): unknown {
  const e = err as NodeJS.ErrnoException;
  const fsError = typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code) && (ACCESS.has(e.code) || typeof e.syscall === 'string');
  return fsError ? new StateAccessError(e.path ?? path, e.code as string, home) : err;
}

/** A temp file of an interrupted atomic write is swept once it is this old. */
export const TEMP_MAX_AGE_MS = 10 * 60_000;

export class StateStore {
  readonly path: string;
  readonly lockPath: string;
  /** The state as it last parsed, kept so a corrupt file loses nothing but the last write. */
  readonly lastGoodPath: string;
  private readonly staleMs: number;
  private readonly waitMs: number;
  private readonly now: () => number;

  constructor(
    readonly home: string,
    opts: StoreOptions = {},
  ) {
    this.path = join(home, 'state.json');
    this.lastGoodPath = join(home, 'state.json.last-good');
    this.lockPath = join(home, 'state.json.lock');
    this.staleMs = Math.max(opts.staleMs ?? 10_000, 2_000);
    this.waitMs = opts.waitMs ?? 30_000;
    this.now = opts.now ?? Date.now;
  }

  /** The state this process last read or wrote, by file: what a tick ended with, without parsing it again. */
  private static seen = new Map<string, State>();

  /** Reads without the lock (writes are atomic renames, so a reader sees a whole file). */
  read(): State {
    try {
      const s = this.load().state;
      StateStore.seen.set(this.path, s);
      return s;
    } catch (err) {
      throw accessError(err, this.path, this.home);
    }
  }

  /** The state as this process last read or wrote it (read now if it has not). */
  peek(): State {
    return StateStore.seen.get(this.path) ?? this.read();
  }

  /**
   * Read-modify-write under the lock. `fn` gets the current state and returns the next state and a
   * result. It must be quick and must not await slow work.
   */
  async update<T>(fn: (s: State) => { state: State; result: T }): Promise<T> {
    let release: () => Promise<void>;
    try {
      mkdirSync(this.home, { recursive: true, mode: 0o700 });
      release = await this.acquire();
    } catch (err) {
      throw accessError(err, this.lockPath, this.home);
    }
    try {
      const { state } = this.load(true);
      const out = fn(structuredClone(state));
      // Counted and filed here, once for every writer: what this write changed (record/counters.ts,
      // record/history.ts).
      const next = fileClosed(tally(state, out.state), this.home, this.now());
      const text = `${JSON.stringify(next, null, 1)}\n`;
      StateStore.seen.set(this.path, next);
      await writeFileAtomic(this.path, text, { mode: 0o600 });
      // And a copy, so a state file corrupted later loses nothing (a rename: never half a copy).
      writeFileSync(`${this.lastGoodPath}.tmp`, text, { mode: 0o600 });
      renameSync(`${this.lastGoodPath}.tmp`, this.lastGoodPath);
      this.sweepTemps();
      return out.result;
    } catch (err) {
      throw accessError(err, this.path, this.home);
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

  /** The last good copy, if there is one and it parses. */
  private lastGood(now: number): { state: State; at: number } | null {
    try {
      const at = statSync(this.lastGoodPath).mtimeMs;
      return { state: normalizeState(JSON.parse(readFileSync(this.lastGoodPath, 'utf8')), now), at };
    } catch {
      return null;
    }
  }

  /**
   * Parses the file. One that cannot be parsed gives way to the last good copy (or a fresh state);
   * with `repair` (under the lock) it is moved aside, never deleted, and that is announced once.
   */
  private load(repair = false): { state: State; parsed: boolean } {
    const now = this.now();
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: this.lastGood(now)?.state ?? freshState(now), parsed: false };
      throw err;
    }
    try {
      return { state: normalizeState(JSON.parse(text), now), parsed: true };
    } catch (err) {
      if (!(err instanceof SyntaxError) && !(err instanceof StateShapeError)) throw err;
      const good = this.lastGood(now);
      const base = good?.state ?? freshState(now);
      if (!repair) return { state: base, parsed: false };
      const aside = `${this.path}.corrupt-${new Date(now).toISOString().replace(/[:.]/g, '-')}`;
      renameSync(this.path, aside);
      const how = good ? `restored the last good copy (from ${new Date(good.at).toISOString()}): the open incident and queued alerts are kept` : 'no good copy was left: started fresh';
      const text = `state file could not be read (${err.message}); moved to ${aside}; ${how}`;
      base.notices.push({ at: now, text });
      return { state: queueAlert(base, stateCorruptAlert(text, aside, now, good !== null), now), parsed: false };
    }
  }
}
