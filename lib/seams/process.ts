// Processes by pid: is one alive, and which pid a pidfile names.
// Is a process alive? kill(pid, 0), except that a zombie (exited, not yet reaped by its parent, as
// under an init that reaps slowly) counts as dead: it holds no port, does no work, and waiting for
// it to "stop" would wait forever.
import { readFileSync } from 'node:fs';

function isZombie(pid: number): boolean {
  if (process.platform !== 'linux') return false; // launchd reaps its children at once
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
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
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};
