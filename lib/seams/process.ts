// Processes by pid: is one alive, and which pid a pidfile names.
// Is a process alive? kill(pid, 0), except that a zombie (exited, not yet reaped by its parent, as
// under an init that reaps slowly) counts as dead: it holds no port, does no work, and waiting for
// it to "stop" would wait forever.
import { readFileSync } from 'node:fs';

/** The process's state letter from /proc (Linux); null elsewhere or when it cannot be read. */
function procState(pid: number): string | null {
  if (process.platform !== 'linux') return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.charAt(stat.lastIndexOf(')') + 2);
  } catch {
    return null;
  }
}

function isZombie(pid: number): boolean {
  // launchd reaps its children at once; on Linux an init may reap slowly.
  const state = procState(pid);
  return state === 'Z' || state === 'X';
}

/** Stopped (SIGSTOP, a debugger): true or false on Linux, null (unknown) elsewhere. */
export function processStopped(pid: number): boolean | null {
  const state = procState(pid);
  return state === null ? null : state === 'T' || state === 't';
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/** The pid a pidfile names, or null (missing, empty, not a pid). */
export function readPidFile(path: string | null): number | null {
  if (!path) return null;
  try {
    const n = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(n) && n > 1 ? n : null;
  } catch {
    return null;
  }
}

/** The seam for signals, liveness and waiting: tests drive a tier without real processes or time. */
export interface ProcessControl {
  /** Sends a signal; false when the process is already gone. */
  kill(pid: number, signal: NodeJS.Signals): boolean;
  alive(pid: number): boolean;
  /** Stopped (state T): true, false, or null when it cannot tell. Absent: nothing here is ever stopped. */
  stopped?(pid: number): boolean | null;
  sleep(ms: number): Promise<void>;
}

export const realProcessControl: ProcessControl = {
  kill(pid, signal) {
    try {
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  },
  alive: processAlive,
  stopped: processStopped,
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};
