// What a service manager does for a gateway here, where there is no launchd: stop a pid with SIGTERM
// and give up (not SIGKILL) when it will not go, and judge a fresh start: up, still booting, or dead
// at once in its own words. Shared by the demo gateway and the real one.
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { processAlive } from '../lib/seams/process.ts';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function stopPid(pid: number | null, waitMs: number): Promise<boolean> {
  if (pid === null || !processAlive(pid)) return true;
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + waitMs;
  while (processAlive(pid) && Date.now() < deadline) await sleep(50);
  return !processAlive(pid);
}

export function logTail(path: string, lines: number): string {
  try {
    return readFileSync(path, 'utf8')
      .replace(/\x1b\[[0-9;]*m/g, '')
      .split('\n')
      .filter((l) => l.trim())
      .slice(-lines)
      .join(' | ');
  } catch {
    return '';
  }
}

export interface StartOutcome {
  ok: boolean;
  /** It answered (not merely started and still booting). */
  up?: boolean;
  pid: number | null;
  detail: string;
}

/** Waits until `up()` or the child exits or `waitMs` pass; a start that dies at once is a failed start. */
export async function judgeStart(child: ChildProcess, o: { up: () => Promise<boolean>; waitMs: number; stepMs: number; log: string }): Promise<StartOutcome> {
  let exited: number | null | undefined;
  child.on('exit', (code, signal) => (exited = code ?? (signal ? 128 : null)));
  const started = Date.now();
  try {
    while (Date.now() - started < o.waitMs) {
      if (exited !== undefined) return { ok: false, pid: null, detail: `gateway ${child.pid} exited with ${exited} while starting: ${logTail(o.log, 4)}` };
      if (await o.up()) return { ok: true, up: true, pid: child.pid ?? null, detail: `gateway ${child.pid} up ${((Date.now() - started) / 1000).toFixed(1)} s after start` };
      await sleep(o.stepMs);
    }
    return { ok: true, pid: child.pid ?? null, detail: `gateway ${child.pid} started, still booting` };
  } finally {
    child.unref();
  }
}

/** Something accepts connections on this loopback port. */
export function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(port, '127.0.0.1', () => (sock.destroy(), resolve(true)));
    sock.on('error', () => resolve(false));
  });
}
