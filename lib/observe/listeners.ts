// Who listens on which TCP port, by pid. On Linux /proc answers without starting a process
// (/proc/net/tcp{,6} for the listening sockets, /proc/<pid>/fd for their owners); elsewhere lsof,
// which ships with macOS. Either sees only this user's processes (as lsof does without root).
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import type { Exec } from '../seams/exec.ts';

/** Every TCP listener's ports, by pid, from `lsof -Fpn` (null: lsof missing or hung). */
export async function listeners(exec: Exec): Promise<Map<number, number[]> | null> {
  const r = await exec('lsof', ['-nP', '-iTCP', '-sTCP:LISTEN', '-Fpn'], { timeoutMs: 10_000 });
  if (r.notFound || r.timedOut) return null;
  const out = new Map<number, number[]>();
  let pid = 0;
  for (const line of r.stdout.split('\n')) {
    if (line.startsWith('p')) pid = Number(line.slice(1));
    else if (line.startsWith('n') && pid) {
      const port = Number(/:(\d+)$/.exec(line)?.[1]);
      if (Number.isInteger(port)) out.set(pid, [...new Set([...(out.get(pid) ?? []), port])]);
    }
  }
  return out;
}

/** Listening sockets from /proc/net/tcp and tcp6: inode -> port. Null when /proc has no such file. */
export function listeningInodes(root = '/proc'): Map<string, number> | null {
  const out = new Map<string, number>();
  let found = false;
  for (const f of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`${root}/net/${f}`, 'utf8');
    } catch {
      continue;
    }
    found = true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const cols = line.trim().split(/\s+/);
      if (cols.length < 10 || cols[3] !== '0A') continue;
      const port = Number.parseInt((cols[1] ?? '').split(':')[1] ?? '', 16);
      if (Number.isInteger(port) && cols[9] !== '0') out.set(cols[9] as string, port);
    }
  }
  return found ? out : null;
}

function socketInodes(pid: number, root: string): string[] {
  let fds: string[];
  try {
    fds = readdirSync(`${root}/${pid}/fd`);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const fd of fds) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`${root}/${pid}/fd/${fd}`));
      if (m?.[1]) out.push(m[1]);
    } catch {
      /* closed meanwhile */
    }
  }
  return out;
}

/**
 * Ports by pid from /proc: the `likely` pids first; the rest only when none of those holds `port`
 * (a stranger on the gateway's port must still be seen). Null off Linux.
 */
export function procListeners(likely: number[], port: number, all: number[], root = '/proc'): Map<number, number[]> | null {
  if (process.platform !== 'linux' && root === '/proc') return null;
  const inodes = listeningInodes(root);
  if (!inodes) return null;
  const out = new Map<number, number[]>();
  const scan = (pids: number[]) => {
    for (const pid of pids) {
      const ports = [...new Set(socketInodes(pid, root).map((i) => inodes.get(i)).filter((p): p is number => p !== undefined))];
      if (ports.length) out.set(pid, ports);
    }
  };
  const first = [...new Set(likely)];
  scan(first);
  const portHeld = [...inodes.values()].includes(port);
  if (portHeld && ![...out.values()].some((ports) => ports.includes(port))) scan(all.filter((p) => !first.includes(p)));
  return out;
}
