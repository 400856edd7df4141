// Observations of the gateway: HTTP health (timeout, retries with backoff, status, body, latency) and
// process observations (ps, lsof, launchctl print). Only observes; never acts. Which processes are
// the gateway is identity.ts's business.
import http from 'node:http';
import https from 'node:https';
import type { Exec } from '../exec.ts';

export interface HttpAnswer {
  status: number;
  body: string;
  latencyMs: number;
}

/** The HTTP seam. node:http rather than a fetch library: this runs every tick and must start cheaply. */
export type HttpGet = (url: URL, timeoutMs: number) => Promise<HttpAnswer>;

export const realHttpGet: HttpGet = (url, timeoutMs) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.get(url, { headers: { 'user-agent': 'openclaw-selfheal', connection: 'close' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 65_536) chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), latencyMs: Math.round(performance.now() - started) });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    // One deadline for connect, headers and body: a gateway that accepts and never answers is down.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });

export type Verdict = 'ok' | 'slow' | 'bad-status' | 'bad-body' | 'timeout' | 'refused' | 'error';

export interface ProbeAttempt {
  verdict: Verdict;
  status: number | null;
  latencyMs: number | null;
  detail: string;
}

export interface HealthProbe {
  ok: boolean;
  verdict: Verdict;
  attempts: ProbeAttempt[];
  latencyMs: number | null;
  detail: string;
}

export interface HealthProbeOptions {
  url: URL;
  timeoutMs: number;
  retries: number;
  slowMs: number;
  bodyRegex: RegExp | null;
  get?: HttpGet;
  sleep?: (ms: number) => Promise<void>;
  backoffMs?: number;
}

export function judgeAnswer(a: HttpAnswer, slowMs: number, bodyRegex: RegExp | null): ProbeAttempt {
  const base = { status: a.status, latencyMs: a.latencyMs };
  if (a.status < 200 || a.status > 299) return { ...base, verdict: 'bad-status', detail: `HTTP ${a.status}` };
  if (bodyRegex && !bodyRegex.test(a.body)) {
    return { ...base, verdict: 'bad-body', detail: `HTTP ${a.status} but body ${JSON.stringify(a.body.slice(0, 80))} does not match ${bodyRegex.source}` };
  }
  if (a.latencyMs > slowMs) return { ...base, verdict: 'slow', detail: `answered in ${a.latencyMs} ms (slow limit ${slowMs} ms)` };
  return { ...base, verdict: 'ok', detail: `HTTP ${a.status} in ${a.latencyMs} ms` };
}

function judgeError(e: Error): ProbeAttempt {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return { verdict: 'refused', status: null, latencyMs: null, detail: 'connection refused' };
  if (/no answer within/.test(e.message)) return { verdict: 'timeout', status: null, latencyMs: null, detail: e.message };
  return { verdict: 'error', status: null, latencyMs: null, detail: code ? `${code}: ${e.message}` : e.message };
}

/** Probes up to `retries` times, backing off between tries; the first good answer ends it. */
export async function probeHealth(o: HealthProbeOptions): Promise<HealthProbe> {
  const get = o.get ?? realHttpGet;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts: ProbeAttempt[] = [];
  for (let i = 0; i < o.retries; i++) {
    if (i > 0) await sleep((o.backoffMs ?? 500) * 2 ** (i - 1));
    let a: ProbeAttempt;
    try {
      a = judgeAnswer(await get(o.url, o.timeoutMs), o.slowMs, o.bodyRegex);
    } catch (e) {
      a = judgeError(e as Error);
    }
    attempts.push(a);
    if (a.verdict === 'ok') break;
  }
  const last = attempts[attempts.length - 1] as ProbeAttempt;
  const ok = last.verdict === 'ok';
  const detail = ok
    ? last.detail + (attempts.length > 1 ? ` (after ${attempts.length - 1} failed tries)` : '')
    : `${attempts.length} tries failed: ${attempts.map((a) => a.detail).join('; ')}`;
  return { ok, verdict: last.verdict, attempts, latencyMs: last.latencyMs, detail };
}

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

export interface GatewayWhere {
  url: URL;
  label: string;
  match: string;
  pidFile: string | null;
}

export function gatewayWhere(c: { healthUrl: URL; launchdLabel: string; processMatch: string; pidFile: string | null }): GatewayWhere {
  return { url: c.healthUrl, label: c.launchdLabel, match: c.processMatch, pidFile: c.pidFile };
}

/** PIDs listening on a TCP port (lsof ships with macOS; `apt-get install lsof` elsewhere). */
export async function portOwners(exec: Exec, port: number): Promise<number[] | null> {
  const r = await exec('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'], { timeoutMs: 10_000 });
  if (r.notFound || r.timedOut) return null;
  // lsof exits 1 when nothing listens.
  return r.stdout
    .split('\n')
    .map((l) => Number(l.trim()))
    .filter((n) => Number.isInteger(n) && n > 1 && n !== process.pid);
}

/** The PID launchd reports for a label, or null (not loaded, not running, or not macOS). */
export async function launchdPid(exec: Exec, label: string): Promise<number | null> {
  if (process.platform !== 'darwin') return null;
  const uid = process.getuid?.() ?? 0;
  const r = await exec('launchctl', ['print', `gui/${uid}/${label}`], { timeoutMs: 10_000 });
  if (!r.ok) return null;
  const m = /^\s*pid = (\d+)/m.exec(r.stdout);
  return m?.[1] ? Number(m[1]) : null;
}

export function urlPort(u: URL): number {
  if (u.port) return Number(u.port);
  return u.protocol === 'https:' ? 443 : 80;
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
