// Test helpers: free loopback ports, temp folders, the demo gateway, running our scripts as real
// processes. Every process a test starts is tracked and killed by its pid at the end.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { loadConfig, type Config } from '../lib/config/config.ts';
import { alive, demoSupervisorEnv, freePort, readPid, start } from '../harness/demo-gateway.ts';

export { freePort };
import { runCommand } from '../harness/command.ts';
import { PROJECT_ROOT } from '../lib/config/paths.ts';

const tracked = new Set<number>();
const dirs: string[] = [];
const demoDirs: string[] = [];

export function track(pid: number | undefined | null): void {
  if (pid) tracked.add(pid);
}

export function killTracked(): void {
  for (const pid of tracked) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  tracked.clear();
}

after(() => {
  // Restarts start new gateway processes: their pids are in each demo's pidfile.
  for (const d of demoDirs) track(readPid(d));
  killTracked();
  // A process still writing into a folder (a tier a test's scheduler started) can make one removal
  // fail: tried again, and a folder left behind is said, never a failed run.
  for (const d of dirs) {
    try {
      rmSync(d, { recursive: true, force: true, maxRetries: 5, retryDelay: 100 });
    } catch (e) {
      process.stderr.write(`could not remove ${d}: ${(e as Error).message}\n`);
    }
  }
});

/**
 * Fails with one line naming what is missing when a test needs an OS tool that is not installed
 * (`./install.sh` installs them), instead of an opaque assertion later on.
 */
export function needTools(...tools: string[]): void {
  const missing = tools.filter((t) => spawnSync('sh', ['-c', `command -v ${t}`]).status !== 0);
  if (missing.length) throw new Error(`${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not installed (this test needs ${missing.length > 1 ? 'them' : 'it'}): run ./install.sh`);
}

export function tempDir(prefix = 'selfheal-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}


export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export async function waitFor(cond: () => boolean | Promise<boolean>, timeoutMs = 10_000, stepMs = 50): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await sleep(stepMs);
  }
  return cond();
}

export interface DemoGateway {
  dir: string;
  port: number;
  url: string;
  /** Environment for our scripts that supervise this demo gateway. */
  env: Record<string, string>;
  pid(): number | null;
  stopAll(): void;
}


/** Starts a demo gateway on a free port and waits until it answers. */
export async function startDemo(extraEnv: Record<string, string> = {}, opts: { wait?: boolean; note?: string; dir?: string; argv0?: string } = {}): Promise<DemoGateway> {
  const dir = opts.dir ?? tempDir('selfheal-demo-');
  demoDirs.push(dir);
  const port = await freePort();
  const pid = start(dir, port, opts.note, opts.argv0);
  track(pid);
  const url = `http://127.0.0.1:${port}/health`;
  const env: Record<string, string> = {
    ...demoSupervisorEnv(dir, port),
    ...extraEnv,
  };
  const gw: DemoGateway = {
    dir,
    port,
    url,
    env,
    pid: () => {
      const p = readPid(dir);
      track(p);
      return p;
    },
    stopAll: () => {
      const p = readPid(dir);
      if (p && alive(p)) process.kill(p, 'SIGKILL');
    },
  };
  if (opts.wait !== false) await waitHealthy(url);
  return gw;
}

export async function waitHealthy(url: string, timeoutMs = 15_000): Promise<boolean> {
  return waitFor(async () => {
    try {
      const r = await fetch(url, { signal: AbortSignal.timeout(500) });
      return r.status === 200;
    } catch {
      return false;
    }
  }, timeoutMs, 100);
}

export function configFor(env: Record<string, string>): Config {
  return loadConfig({ HOME: process.env.HOME, ...env });
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs one of our scripts as a real process, as launchd would (environment given, not inherited). */
export function runScript(name: string, args: string[], env: Record<string, string>, opts: { timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  const [file, ...pre] = runCommand(name) as [string, ...string[]];
  return new Promise((resolve) => {
    const child = spawn(file, [...pre, ...args], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    track(child.pid);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdin.end(opts.input ?? '');
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** A stand-in command: a shell script `name` in `bin` (the tests put `bin` first in PATH). */
export function writeStub(bin: string, name: string, body: string): void {
  writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
  chmodSync(join(bin, name), 0o755);
}

/**
 * The shell line that runs the stand-in `openclaw` (harness/fake-openclaw) against a demo gateway;
 * `configPath` is the gateway config it edits (the demo's own unless a test gives another).
 */
export function fakeOpenclawLine(gw: DemoGateway, configPath = gw.env.GATEWAY_CONFIG_PATH as string): string {
  return `exec ${runCommand('../harness/fake-openclaw').join(' ')} --config ${configPath} --demo-dir ${gw.dir} --port ${gw.port} "$@"`;
}

/** A stand-in `openclaw` in the demo's folder; returns its path (for OPENCLAW_BIN). */
export function writeFakeOpenclaw(gw: DemoGateway): string {
  const oc = join(gw.dir, 'openclaw');
  writeFileSync(oc, `#!/bin/sh\n${fakeOpenclawLine(gw)}\n`, { mode: 0o755 });
  return oc;
}
