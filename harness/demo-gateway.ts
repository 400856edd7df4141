// A stand-in for the OpenClaw gateway: answers /health and /readyz like OpenClaw and takes faults on
// command (crash, hang, status, slow, not ready, safe mode, a stalled event loop).
// Plus a tiny service manager for it (start/stop/restart by pidfile), playing launchd's part so the
// supervisor's restart command has something real to drive.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import JSON5 from 'json5';
import { processAlive, readPidFile } from '../lib/seams/process.ts';
import { judgeStart, listening, stopPid, type StartOutcome } from './service-standin.ts';
import { runCommand } from './command.ts';

export interface Fault {
  /** Only this process is affected (a restart clears it); absent: sticky across restarts. */
  pid?: number;
  /** Accept connections, never answer. */
  hang?: boolean;
  status?: number;
  body?: string;
  delayMs?: number;
  ignoreTerm?: boolean;
  startDelayMs?: number;
  /** Exit this long after starting to listen (flapping). */
  exitAfterMs?: number;
  /** Allocate this many MB and keep it (memory leak). */
  leakMb?: number;
  /** /readyz: these fail (a channel id, `plugin-reload`, `agent-database:main`), 503. */
  notReady?: string[];
  /** /readyz: channels the crash-loop breaker holds down (safe mode): still 200, like OpenClaw. */
  suppressed?: string[];
  /** /readyz: the event loop reports degraded (a stall). */
  stall?: boolean;
  /**
   * OpenClaw's automatic triage: the gateway starts this coding agent (`claude`, `codex`) as its
   * child, as OpenClaw does when its crash-loop breaker first trips. It exits when the gateway does.
   */
  triageAgent?: string;
}

export const HEALTHY_BODY = '{"ok":true,"status":"live"}';

export function demoPaths(dir: string): { pidFile: string; faultFile: string; log: string; config: string } {
  return { pidFile: join(dir, 'gateway.pid'), faultFile: join(dir, 'fault.json'), log: join(dir, 'gateway.log'), config: join(dir, 'openclaw.json') };
}

export function readFault(dir: string, pid: number): Fault {
  try {
    const f = JSON.parse(readFileSync(demoPaths(dir).faultFile, 'utf8')) as Fault;
    return f.pid === undefined || f.pid === pid ? f : {};
  } catch {
    return {};
  }
}

export function writeFault(dir: string, f: Fault): void {
  writeFileSync(demoPaths(dir).faultFile, JSON.stringify(f));
}

export const KNOWN_CONFIG_KEYS = new Set(['gateway', 'agents', 'channels', 'models', 'logging']);

/** Like OpenClaw, refuse to start on a config with an unknown key (exit 78). */
export function checkConfig(path: string): string | null {
  if (!existsSync(path)) return null;
  let cfg: unknown;
  try {
    cfg = JSON5.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    return `Invalid config at ${path}: ${(e as Error).message}`;
  }
  const unknown = Object.keys(cfg as object).filter((k) => !KNOWN_CONFIG_KEYS.has(k));
  return unknown.length ? `Invalid config at ${path}: Unrecognized key: "${unknown[0]}"` : null;
}

/** The gateway process itself. */
export async function serve(dir: string, port: number): Promise<void> {
  const problem = checkConfig(demoPaths(dir).config);
  if (problem) {
    console.error(`Gateway failed to start: ${problem}\nRun "openclaw doctor --fix"`);
    process.exit(78);
  }
  const startFault = readFault(dir, process.pid);
  if (startFault.startDelayMs) await new Promise((r) => setTimeout(r, startFault.startDelayMs));
  const hoard: Buffer[] = [];
  let triage: ChildProcess | null = null;
  const server = http.createServer((req, res) => {
    const f = readFault(dir, process.pid);
    if (f.triageAgent && !triage) {
      // Named as the agent (ps shows argv0 first); it leaves when its parent, the gateway, is gone.
      const watch = `const p = process.ppid; setInterval(() => { if (process.ppid !== p) process.exit(0); }, 200);`;
      triage = spawn(process.execPath, ['-e', watch, '--', '--safe-mode', '-p', 'repair this OpenClaw installation'], { argv0: f.triageAgent, stdio: 'ignore' });
      writeFileSync(join(dir, 'triage.pid'), String(triage.pid));
    }
    if (f.hang) return; // accepted, never answered
    if (f.leakMb && hoard.length < f.leakMb) for (let i = hoard.length; i < f.leakMb; i++) hoard.push(Buffer.alloc(1 << 20, 1));
    const answer = () => {
      if (req.url === '/health' || req.url === '/healthz') {
        res.writeHead(f.status ?? 200, { 'content-type': 'application/json' });
        res.end(f.body ?? HEALTHY_BODY);
      } else if (req.url === '/readyz' || req.url === '/ready') {
        // OpenClaw's shape (gateway/health.md): ready, failing[], suppressed[] in safe mode, eventLoop.
        const failing = f.notReady ?? [];
        const body = { ready: failing.length === 0, failing, ...(f.suppressed?.length ? { suppressed: f.suppressed } : {}), uptimeMs: Math.round(process.uptime() * 1000), eventLoop: { degraded: f.stall === true, delayP99Ms: f.stall ? 1800 : 12 } };
        res.writeHead(failing.length ? 503 : 200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      } else {
        res.writeHead(404).end();
      }
    };
    if (f.delayMs) setTimeout(answer, f.delayMs);
    else answer();
  });
  process.on('SIGTERM', () => {
    if (readFault(dir, process.pid).ignoreTerm) return console.error('SIGTERM ignored (fault)');
    server.close();
    // As OpenClaw does, a graceful stop is recorded (`gateway status --deep` reads it back).
    writeFileSync(join(dir, 'last-shutdown.json'), JSON.stringify({ reason: 'stop (SIGTERM)', completedAtMs: Date.now() }));
    process.exit(0);
  });
  server.listen(port, '127.0.0.1', () => {
    console.error(`demo gateway ${process.pid} listening on 127.0.0.1:${port}`);
    const f = readFault(dir, process.pid);
    if (f.exitAfterMs !== undefined) setTimeout(() => process.exit(1), f.exitAfterMs);
  });
}

export function readPid(dir: string): number | null {
  return readPidFile(demoPaths(dir).pidFile);
}

export function alive(pid: number): boolean {
  return processAlive(pid);
}

/** Starts the gateway detached (its own process group, like a launchd job), records its pid. */
export function start(dir: string, port: number, note?: string, argv0?: string): number {
  const child = spawnGateway(dir, port, note, argv0);
  child.unref();
  return child.pid as number;
}

/**
 * `note`: free text on the command line (tests put secrets there, as `--token X` would be); `argv0`:
 * the name it shows (`openclaw-gateway`, as the real one names itself).
 */
function spawnGateway(dir: string, port: number, note?: string, argv0?: string): ChildProcess {
  mkdirSync(dir, { recursive: true });
  const [file, ...args] = runCommand('demo-gateway') as [string, ...string[]];
  const log = openSync(demoPaths(dir).log, 'a');
  const child = spawn(file, [...args, 'serve', '--dir', dir, '--port', String(port), ...(note ? [`--note=${note}`] : [])], { detached: true, stdio: ['ignore', log, log], ...(argv0 ? { argv0 } : {}) });
  writeFileSync(demoPaths(dir).pidFile, String(child.pid));
  return child;
}

/**
 * Stops the running gateway with SIGTERM and waits; a gateway that will not stop is reported, not
 * SIGKILLed: like `openclaw gateway restart`, the service manager gives up and the caller escalates.
 */
export function stop(dir: string, waitMs = 3_000): Promise<boolean> {
  return stopPid(readPid(dir), waitMs);
}

export async function restart(dir: string, port: number, waitMs?: number): Promise<StartOutcome> {
  const old = readPid(dir);
  if (!(await stop(dir, waitMs))) return { ok: false, pid: old, detail: `gateway ${old} did not stop after SIGTERM` };
  // Like a service manager's restart, a start that dies at once is a failed restart, in its own words.
  return judgeStart(spawnGateway(dir, port), { up: () => listening(port), waitMs: 3_000, stepMs: 50, log: demoPaths(dir).log });
}

/** A free loopback port, chosen at run time. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

export function demoRestartCommand(dir: string, port: number, stopTimeoutMs = 1500): string {
  return [...runCommand('demo-gateway'), 'restart', '--dir', dir, '--port', String(port), '--stop-timeout', String(stopTimeoutMs)].join(' ');
}

/** The supervisor's configuration for a demo gateway in `dir` (short timeouts: a demo, not a Mac mini). */
export function demoSupervisorEnv(dir: string, port: number): Record<string, string> {
  return {
    SELFHEAL_ENV_FILE: join(dir, 'none.env'),
    SELFHEAL_HOME: join(dir, 'home'),
    GATEWAY_HEALTH_URL: `http://127.0.0.1:${port}/health`,
    GATEWAY_PROCESS_MATCH: `serve --dir ${dir}`,
    GATEWAY_RESTART_COMMAND: demoRestartCommand(dir, port),
    GATEWAY_CONFIG_PATH: demoPaths(dir).config,
    GATEWAY_LOG_PATHS: demoPaths(dir).log,
    SELFHEAL_LAUNCHER: 'none',
    HEALTH_TIMEOUT_MS: '1000',
    HEALTH_RETRIES: '2',
    HEALTH_SLOW_MS: '800',
    STARTUP_GRACE_S: '0',
    RESTART_VERIFY_S: '20',
    KILL_GRACE_S: '1',
    // Faults seconds apart would read as flapping at the real settle time.
    ALERT_RECOVERY_SETTLE_S: '0',
  };
}
