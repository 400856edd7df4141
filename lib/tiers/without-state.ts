// When the state cannot be read or written (one `sudo` run left the folder root's, a read-only disk),
// tier 1 still does its one job: it restarts a dead gateway, on a conservative budget of its own (a
// small file in the temp folder: at most once in 10 minutes), and tells a person straight through the
// channels, at most once an hour. Then the tier exits with the one line that names the fix.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fallbackRestartAllowed } from '../decide/restart.ts';
import type { ProcessInfo } from '../observe/processes.ts';
import { stateUnwritableAlert } from '../record/alerts.ts';
import type { StateAccessError } from '../record/store.ts';
import type { Deps } from '../seams/deps.ts';

interface Budget {
  restarts: number[];
  toldAt: number | null;
}

// node:crypto is imported here, not at the top: a bundler hoists a lazily imported module's static
// imports into the tick's own file, and crypto would cost every healthy watchdog tick ~3 ms of CPU.
async function budgetPath(home: string): Promise<string> {
  const { createHash } = await import('node:crypto');
  const id = createHash('sha256').update(home).digest('hex').slice(0, 12);
  return join(tmpdir(), `openclaw-selfheal-${process.getuid?.() ?? 0}-${id}.json`);
}

function readBudget(path: string): Budget {
  try {
    const b = JSON.parse(readFileSync(path, 'utf8')) as Partial<Budget>;
    return { restarts: Array.isArray(b.restarts) ? b.restarts.filter((t) => typeof t === 'number') : [], toldAt: typeof b.toldAt === 'number' ? b.toldAt : null };
  } catch {
    return { restarts: [], toldAt: null };
  }
}

function writeBudget(path: string, b: Budget): boolean {
  try {
    writeFileSync(`${path}.tmp`, JSON.stringify(b), { mode: 0o600 });
    renameSync(`${path}.tmp`, path);
    return true;
  } catch {
    return false;
  }
}

/** What tier 1 did without its state, in words (for its log line and the person's alert). */
export async function withoutState(d: Deps, err: StateAccessError, processes: ProcessInfo[] | null): Promise<string> {
  const path = await budgetPath(d.cfg.home);
  const b = readBudget(path);
  const now = d.now();
  let did = processes === null || processes.length > 0 ? 'the gateway is running; nothing else was done' : 'the gateway is not running, and it was restarted less than 10 minutes ago: not restarted again';
  if (processes !== null && processes.length === 0 && fallbackRestartAllowed(b.restarts, now)) {
    // Recorded first: a budget it cannot keep is no budget, and then it does not restart at all.
    if (!writeBudget(path, { ...b, restarts: [...b.restarts.filter((t) => now - t < 86_400_000), now] })) did = `the gateway is not running, and no budget could be kept in ${tmpdir()} either: not restarted`;
    else {
      const { restartGateway } = await import('../act/restart.ts');
      const o = await restartGateway(d.cfg, d.exec, d.pc, { uncleanLeft: 0 });
      did = `the gateway was not running: restarted on the fallback budget (at most once in 10 minutes): ${o.steps.join('; ')}`;
    }
  }
  d.log({ tier: 'watchdog', event: 'without-state', detail: did });
  if (b.toldAt === null || now - b.toldAt >= 3_600_000) {
    const { sendDirect } = await import('./alert.ts');
    const sent = await sendDirect(d.cfg, stateUnwritableAlert(err.message, did, now), {}, now).catch(() => []);
    if (sent.some((x) => x.accepted)) writeBudget(path, { ...readBudget(path), toldAt: now });
  }
  return did;
}
