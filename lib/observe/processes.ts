// The processes on this machine, as ps reports them (the same on macOS and Linux): pid, parent,
// memory, age, command line; and the state and CPU time of a few.
import { readFileSync } from 'node:fs';
import type { Exec } from '../seams/exec.ts';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  rssMb: number;
  /** Seconds since it started (ps etime), when known. */
  ageS?: number;
  command: string;
}

/** ps's etime, `[[dd-]hh:]mm:ss`, in seconds. */
export function parseEtime(t: string): number | undefined {
  const m = /^(?:(?:(\d+)-)?(\d+):)?(\d+):(\d+)$/.exec(t.trim());
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86_400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]);
}

/** Every process but ourselves, or null when the list cannot be read. `ps` exists on macOS and Linux. */
export async function listProcesses(exec: Exec): Promise<ProcessInfo[] | null> {
  const r = await exec('ps', ['-axo', 'pid=,ppid=,rss=,etime=,args='], { timeoutMs: 10_000 });
  if (!r.ok) return null;
  const out: ProcessInfo[] = [];
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+([\d:-]+)\s+(.*)$/.exec(line);
    if (!m || m[1] === undefined || m[2] === undefined || m[3] === undefined || m[4] === undefined || m[5] === undefined) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    out.push({ pid, ppid: Number(m[2]), rssMb: Math.round(Number(m[3]) / 1024), ageS: parseEtime(m[4]), command: m[5] });
  }
  return out;
}

export interface ProcessState {
  pid: number;
  /** ps's STAT: `T` stopped, `Z` zombie, `R` running, `S` sleeping, ... */
  stat: string;
  /** CPU time used so far, in seconds. */
  cpuS: number;
}

/** ps's TIME, `[[dd-]hh:]mm:ss[.cc]`, in seconds. */
export function parseCpuTime(t: string): number | undefined {
  const m = /^(?:(?:(\d+)-)?(\d+):)?(\d+):(\d+)(?:\.(\d+))?$/.exec(t.trim());
  if (!m) return undefined;
  return Number(m[1] ?? 0) * 86_400 + Number(m[2] ?? 0) * 3600 + Number(m[3]) * 60 + Number(m[4]) + (m[5] ? Number(`0.${m[5]}`) : 0);
}

/** Linux's clock ticks per second for /proc's CPU times (USER_HZ: 100 on every architecture Linux ships). */
const USER_HZ = 100;

/**
 * State and CPU time from /proc/<pid>/stat (Linux), to the hundredth of a second: procps's `ps -o
 * time=` gives whole seconds, too coarse to see a boot gaining CPU slowly. Null when /proc cannot be read.
 */
export function procStates(pids: number[], root = '/proc'): Map<number, ProcessState> | null {
  const out = new Map<number, ProcessState>();
  for (const pid of pids) {
    let text: string;
    try {
      text = readFileSync(`${root}/${pid}/stat`, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') continue; // gone
      return null;
    }
    // The command (field 2) may hold spaces and parentheses: the fields start after its last ')'.
    const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
    const [state, utime, stime] = [f[0], Number(f[11]), Number(f[12])];
    if (!state || !Number.isFinite(utime) || !Number.isFinite(stime)) return null;
    out.set(pid, { pid, stat: state, cpuS: (utime + stime) / USER_HZ });
  }
  return out;
}

/** State and CPU time of some pids: /proc on Linux; elsewhere `ps -o stat=,time=` (macOS's TIME has hundredths). */
export async function processStates(exec: Exec, pids: number[], platform: NodeJS.Platform = process.platform): Promise<Map<number, ProcessState>> {
  const out = new Map<number, ProcessState>();
  if (!pids.length) return out;
  const fromProc = platform === 'linux' ? procStates(pids) : null;
  if (fromProc) return fromProc;
  const r = await exec('ps', ['-o', 'pid=,stat=,time=', '-p', pids.join(',')], { timeoutMs: 10_000 });
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (!m) continue;
    const cpu = parseCpuTime(m[3] as string);
    out.set(Number(m[1]), { pid: Number(m[1]), stat: m[2] as string, cpuS: cpu ?? 0 });
  }
  return out;
}

/**
 * CPU seconds the gateway's processes gained between two samples: each process still there by its
 * own gain, one that appeared by all it used. One that left is not counted: a booting gateway's
 * worker exiting between the samples would otherwise read as negative progress (seen with the real
 * gateway, 86 s into a slow boot).
 */
export function cpuGained(before: Map<number, { cpuS: number }>, after: Map<number, { cpuS: number }>): number {
  let gained = 0;
  for (const [pid, a] of after) gained += a.cpuS - (before.get(pid)?.cpuS ?? 0);
  return Math.round(gained * 100) / 100;
}

/** The pids and every process they forked, from one process list (by parent pid). */
export function descendantsOf(pids: number[], all: ProcessInfo[]): number[] {
  const children = new Map<number, number[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const family = new Set(pids);
  const queue = [...pids];
  while (queue.length) for (const c of children.get(queue.shift() as number) ?? []) if (!family.has(c)) (family.add(c), queue.push(c));
  return [...family];
}
