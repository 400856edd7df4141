// Which processes are the supervised gateway: one answer for every tier, for restarts and for the
// doctor's tools. Evidence, strongest first: the process listening on the health URL's port (and
// the workers it forked), launchd's pid for the gateway's label, the service manager's pidfile, and
// only then GATEWAY_PROCESS_MATCH: when exactly one process matches and nothing above contradicts
// it. A match that listens on another port is another gateway: never counted, never signalled. Two
// matches and nothing stronger: ambiguous, and nothing is signalled.
import { statSync } from 'node:fs';
import type { Exec } from '../seams/exec.ts';
import { readPidFile } from '../seams/process.ts';
import { launchdPid, systemdPid } from './launch-agent.ts';
import { listeners, procListeners } from './listeners.ts';
import { listProcesses, type ProcessInfo } from './processes.ts';

export interface GatewayWhere {
  url: URL;
  label: string;
  match: string;
  pidFile: string | null;
  /** The gateway's systemd user unit, asked for its main PID when the tiers run under systemd. */
  systemdUnit?: string | null;
}

export function gatewayWhere(c: { healthUrl: URL; launchdLabel: string; processMatch: string; pidFile: string | null; gatewaySystemdUnit?: string; launcher?: string }): GatewayWhere {
  return { url: c.healthUrl, label: c.launchdLabel, match: c.processMatch, pidFile: c.pidFile, systemdUnit: c.launcher === 'systemctl' ? (c.gatewaySystemdUnit ?? null) : null };
}

export function urlPort(u: URL): number {
  if (u.port) return Number(u.port);
  return u.protocol === 'https:' ? 443 : 80;
}


export interface OtherGateway {
  pid: number;
  ports: number[];
  command: string;
}

export interface Identity {
  /** The supervised gateway's processes, workers included. */
  processes: ProcessInfo[];
  pids: number[];
  /** What identified it: "port", "launchd", "pidfile", "pattern", or "none". */
  evidence: string;
  /** Programs listening on the gateway's port that are not the gateway: never ours to signal. */
  foreignPortOwners: ProcessInfo[];
  /** Pattern matches that are some other gateway (they listen on another port). */
  others: OtherGateway[];
  /** Two or more pattern matches and nothing stronger: the supervisor cannot tell which is its own. */
  ambiguous: ProcessInfo[] | null;
  /** What launchd said the label's pid is (null: not loaded, not running, or not a Mac). */
  launchdPid: number | null;
  /**
   * The pids proven to be the gateway, the only ones anything may signal: the port's owner when the
   * pattern (or launchd, or the pidfile) corroborates it, launchd's pid, the pidfile's (started
   * before the file was written), and their workers. A pattern match alone is never among them.
   */
  signalable: number[];
}

export interface IdentityObservation {
  processes: ProcessInfo[];
  port: number;
  match: string;
  /** The service manager's pid for the gateway: launchd's label, or the systemd unit's MainPID. */
  launchdPid: number | null;
  /** Which manager gave it, in the evidence: "launchd" (the default) or "systemd". */
  manager?: 'launchd' | 'systemd';
  /** The pidfile's pid, when the process by that pid started before the file was written (not a reused pid). */
  filePid: number | null;
  /** TCP ports each process listens on (only what lsof could see); null: not looked up. */
  listens: Map<number, number[]> | null;
}

const isZombie = (p: ProcessInfo) => p.command.endsWith('<defunct>');

/** Interpreters whose first script argument is the program (node /path/openclaw.mjs ...). */
const INTERPRETER = /^(node|nodejs|bun|deno|tsx|python[\d.]*)$/;
/** Interpreter options whose value is the next word. */
const TAKES_VALUE = new Set(['--import', '--require', '-r', '--loader', '--experimental-loader', '--conditions', '-C', '--env-file', '--title']);

/** The program a command line runs: its executable's name, and for an interpreter its script's name. */
export function programNames(command: string): string[] {
  const words = command.trim().split(/\s+/);
  const base = (w: string) => w.replace(/\/+$/, '').split('/').pop() ?? w;
  const exe = base(words[0] ?? '');
  if (!INTERPRETER.test(exe)) return [exe];
  for (let i = 1; i < words.length; i++) {
    const w = words[i] as string;
    if (TAKES_VALUE.has(w)) i++;
    else if (!w.startsWith('-')) return [exe, base(w)];
  }
  return [exe];
}

/**
 * GATEWAY_PROCESS_MATCH: a single word names the program (the executable, or an interpreter's
 * script), never any word of the command line: `docker logs -f openclaw-gateway` and
 * `ssh host.openclaw-gateway.lan` are not the gateway. A pattern of several words is matched in
 * the command line as it stands (a test's or a second profile's own choice).
 */
export function matchesPattern(command: string, match: string): boolean {
  if (/\s/.test(match.trim())) return command.includes(match);
  return programNames(command).some((n) => n.includes(match));
}

/** The pure decision over one observation. */
export function decideIdentity(o: IdentityObservation): Identity {
  const live = o.processes.filter((p) => !isZombie(p));
  const byPid = new Map(live.map((p) => [p.pid, p]));
  const listens = o.listens ?? new Map<number, number[]>();
  const portOwners = [...listens.entries()].filter(([, ports]) => ports.includes(o.port)).map(([pid]) => pid);
  const matches = live.filter((p) => matchesPattern(p.command, o.match));
  const elsewhere = (p: ProcessInfo) => {
    const ports = listens.get(p.pid) ?? [];
    return ports.length > 0 && !ports.includes(o.port);
  };
  const ours = new Set<number>();
  const evidence: string[] = [];
  for (const [pid, why] of [[o.launchdPid, o.manager ?? 'launchd'], [o.filePid, 'pidfile']] as Array<[number | null, string]>) {
    if (pid && byPid.has(pid)) {
      ours.add(pid);
      evidence.push(why);
    }
  }
  // A port owner is the gateway when it is corroborated: a strong pid, a pattern match, or their child.
  const corroborated = (pid: number) => {
    const p = byPid.get(pid);
    return ours.has(pid) || (p !== undefined && (matchesPattern(p.command, o.match) || ours.has(p.ppid) || matches.some((m) => m.pid === p.ppid)));
  };
  const foreign: ProcessInfo[] = [];
  for (const pid of portOwners) {
    if (corroborated(pid)) {
      ours.add(pid);
      if (!evidence.includes('port')) evidence.unshift('port');
    } else foreign.push(byPid.get(pid) ?? { pid, ppid: 0, rssMb: 0, command: '(unknown)' });
  }
  // Proven so far: launchd's, the pidfile's, the corroborated port owners. A pattern match alone is
  // counted as running below, and never signalled.
  const proven = new Set(ours);
  let ambiguous: ProcessInfo[] | null = null;
  if (ours.size === 0) {
    const candidates = matches.filter((p) => !elsewhere(p));
    if (candidates.length === 1) {
      ours.add((candidates[0] as ProcessInfo).pid);
      evidence.push('pattern');
    } else if (candidates.length > 1) {
      // A parent and the workers it forked are one gateway, not two.
      const roots = candidates.filter((p) => !candidates.some((q) => q.pid === p.ppid));
      if (roots.length === 1) {
        for (const p of candidates) ours.add(p.pid);
        evidence.push('pattern');
      } else ambiguous = roots;
    }
  }
  // Workers: children of the gateway that match the pattern or share its port.
  for (const p of live) {
    if (!ours.has(p.ppid) || !(matchesPattern(p.command, o.match) || portOwners.includes(p.pid))) continue;
    ours.add(p.pid);
    if (proven.has(p.ppid)) proven.add(p.pid);
  }
  const others: OtherGateway[] = matches
    .filter((p) => !ours.has(p.pid) && !ours.has(p.ppid) && !(ambiguous ?? []).some((a) => a.pid === p.pid) && elsewhere(p))
    .map((p) => ({ pid: p.pid, ports: listens.get(p.pid) ?? [], command: p.command }));
  for (const set of [ours, proven]) {
    set.delete(0);
    set.delete(1);
  }
  const pids = [...ours];
  return {
    processes: pids.map((pid) => byPid.get(pid)).filter((p): p is ProcessInfo => p !== undefined),
    pids,
    evidence: evidence.length ? evidence.join('+') : 'none',
    foreignPortOwners: foreign,
    others,
    ambiguous,
    launchdPid: o.launchdPid,
    signalable: pids.filter((pid) => proven.has(pid)),
  };
}

/**
 * Observes and decides. `cheap`: skip lsof when launchd or the pidfile already names a live process
 * (a healthy watchdog tick on a Mac); anything that may signal a process looks at everything.
 */
export async function identifyGateway(exec: Exec, where: GatewayWhere, opts: { cheap?: boolean } = {}): Promise<Identity | null> {
  // The service manager's pid for the gateway: launchd's label on a Mac, the unit's MainPID under systemd.
  const manager = where.systemdUnit ? systemdPid(exec, where.systemdUnit) : launchdPid(exec, where.label);
  const [all, lpid] = await Promise.all([listProcesses(exec), manager]);
  if (!all) return null;
  const filePid = pidFileOwner(where.pidFile, all);
  const strongAlive = [lpid, filePid].some((pid) => pid && all.some((p) => p.pid === pid && !isZombie(p)));
  const port = urlPort(where.url);
  let listens: Map<number, number[]> | null = null;
  if (!(opts.cheap && strongAlive)) {
    // On Linux /proc says who listens without starting lsof: the likely owners are read first.
    const likely = all.filter((p) => p.command.includes(where.match) || p.pid === lpid || p.pid === filePid).map((p) => p.pid);
    const kin = all.filter((p) => likely.includes(p.ppid)).map((p) => p.pid);
    listens = procListeners([...likely, ...kin], port, all.map((p) => p.pid)) ?? (await listeners(exec));
  }
  return decideIdentity({ processes: all, port, match: where.match, launchdPid: lpid, manager: where.systemdUnit ? 'systemd' : 'launchd', filePid, listens });
}

/**
 * The pidfile's pid, if the process with that pid started before the file was written: a gateway
 * that died leaves its pidfile, and its pid may since belong to anything else.
 */
export function pidFileOwner(path: string | null, processes: ProcessInfo[], now = Date.now()): number | null {
  const pid = readPidFile(path);
  if (!pid || !path) return null;
  const p = processes.find((x) => x.pid === pid);
  if (!p) return pid;
  let writtenAt: number;
  try {
    writtenAt = statSync(path).mtimeMs;
  } catch {
    return null;
  }
  // ps's age has whole seconds: a start up to 2 s after the write is the same process.
  return p.ageS === undefined || now - p.ageS * 1000 <= writtenAt + 2_000 ? pid : null;
}

export function describeOthers(id: Identity): string[] {
  return id.others.map((o) => `another gateway, pid ${o.pid} on port ${o.ports.join(', ')}: not ours`);
}
