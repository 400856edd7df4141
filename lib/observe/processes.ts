// The processes on this machine, as ps reports them (the same on macOS and Linux): pid, parent,
// memory, age, command line; and the state and CPU time of a few.
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

/** State and CPU time of some pids; `ps -o stat=,time=` reads the same on macOS and Linux. */
export async function processStates(exec: Exec, pids: number[]): Promise<Map<number, ProcessState>> {
  const out = new Map<number, ProcessState>();
  if (!pids.length) return out;
  const r = await exec('ps', ['-o', 'pid=,stat=,time=', '-p', pids.join(',')], { timeoutMs: 10_000 });
  for (const line of r.stdout.split('\n')) {
    const m = /^\s*(\d+)\s+(\S+)\s+(\S+)\s*$/.exec(line);
    if (!m) continue;
    const cpu = parseCpuTime(m[3] as string);
    out.set(Number(m[1]), { pid: Number(m[1]), stat: m[2] as string, cpuS: cpu ?? 0 });
  }
  return out;
}
