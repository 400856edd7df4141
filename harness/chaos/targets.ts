// The gateways a fault is injected into (the demo, or the real OpenClaw) and the bench around one:
// the supervisor's install, the launchd stand-ins, the fake Discord and Anthropic.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { alive, demoPaths, demoRestartCommand, freePort, readPid, restart as restartDemo, start as startDemo, writeFault } from '../demo-gateway.ts';
import { MIN_CLAUDE_VERSION } from '../../lib/doctor/claude.ts';
import { runCommand } from '../command.ts';
import { PROJECT_ROOT } from '../../lib/config/paths.ts';
import { healthy, readRealPid, realPaths, realSupervisorEnv, restartReal, startReal, stopReal, upReal, type OpenclawInstall } from '../real-gateway.ts';
import type { FakeAnthropic } from '../fake-anthropic.ts';
import { startFakeDiscord, type FakeDiscord } from '../fake-discord.ts';
import { makeStandins } from '../launchd-standins.ts';
import { killTmuxServer } from '../tmux-socket.ts';

/** launchd's intervals (60 s, 60 s, 3600 s, 300 s) times this. */
export const SCALE = 0.05;
export const LABEL = 'ai.openclaw.selfheal';
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export type TargetKind = 'real' | 'demo';
export type Expect = 'recovered' | 'alerted' | 'no-action';
/**
 * Who plays Claude: the stand-in (`fix`, `fail`), or the real Claude Code CLI against a fake model
 * that repairs a rejected config through the doctor's tools (`real-fix-config`).
 */
export type ClaudeMode = 'fix' | 'fail' | 'real-fix-config';

/** The pinned Claude Code CLI, installed by scripts/install-claude-cache.sh. */
export const REAL_CLAUDE = join(PROJECT_ROOT, '.cache', `claude-code-${MIN_CLAUDE_VERSION}`, 'node_modules', '.bin', 'claude');

export interface Target {
  kind: TargetKind;
  dir: string;
  home: string;
  port: number;
  url: string;
  /** How long the gateway takes to boot and answer, measured at setup. */
  bootMs: number;
  configPath: string;
  pid(): number | null;
  supervisorEnv(): Record<string, string>;
  /** Restart it the way launchd's KeepAlive or a person would (not through the supervisor). */
  restartOutside(opts?: { wait?: boolean }): Promise<void>;
  stop(): Promise<void>;
  /** The demo gateway takes faults by file; the real one only by what can be done to a process. */
  demoFault?: (f: Record<string, unknown>) => void;
}

export async function waitUntil(cond: () => boolean | Promise<boolean>, timeoutMs: number, stepMs = 200): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await cond()) return true;
    await sleep(stepMs);
  }
  return cond();
}

const BASE_CONFIG = '// the gateway config (JSON5)\n{\n  gateway: { mode: "local", bind: "loopback" },\n  agents: {},\n}\n';

export async function demoTarget(root: string): Promise<Target> {
  const dir = join(root, 'demo');
  mkdirSync(dir, { recursive: true });
  writeFileSync(demoPaths(dir).config, BASE_CONFIG);
  const port = await freePort();
  const started = Date.now();
  startDemo(dir, port);
  const url = `http://127.0.0.1:${port}/health`;
  if (!(await waitUntil(() => healthy(port), 15_000, 50))) throw new Error('demo gateway did not come up');
  return {
    kind: 'demo',
    dir,
    home: join(root, 'home'),
    port,
    url,
    bootMs: Date.now() - started,
    configPath: demoPaths(dir).config,
    pid: () => readPid(dir),
    supervisorEnv: () => ({
      GATEWAY_HEALTH_URL: url,
      GATEWAY_PROCESS_MATCH: `serve --dir ${dir}`,
      GATEWAY_RESTART_COMMAND: demoRestartCommand(dir, port),
      GATEWAY_CONFIG_PATH: demoPaths(dir).config,
      GATEWAY_LOG_PATHS: demoPaths(dir).log,
    }),
    restartOutside: async (o = {}) => {
      await restartDemo(dir, port, 1500);
      if (o.wait !== false) await waitUntil(() => healthy(port), 20_000, 50);
    },
    stop: async () => {
      const pid = readPid(dir);
      if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    },
    demoFault: (f) => writeFault(dir, f),
  };
}

export async function realTarget(root: string, install: OpenclawInstall): Promise<Target> {
  const dir = join(root, 'real');
  const g = await upReal(dir, install);
  return {
    kind: 'real',
    dir,
    home: realPaths(dir).home,
    port: g.port,
    url: g.url,
    bootMs: g.bootMs,
    configPath: realPaths(dir).config,
    pid: () => readRealPid(dir),
    supervisorEnv: () => realSupervisorEnv(dir, g.port),
    restartOutside: async (o = {}) => {
      if (o.wait === false) {
        // KeepAlive after a crash: the old one is gone, a new one starts at once.
        const old = readRealPid(dir);
        if (old && alive(old)) process.kill(old, 'SIGKILL');
        startReal(dir, install).unref();
        return;
      }
      const r = await restartReal(dir, install, { upWaitMs: 120_000 });
      if (!r.ok) throw new Error(`real gateway did not restart: ${r.detail}`);
    },
    stop: async () => {
      const pid = readRealPid(dir);
      if (pid && alive(pid)) process.kill(pid, 'SIGCONT');
      if (!(await stopReal(dir, 15_000)) && pid) process.kill(pid, 'SIGKILL');
      // Its own process group (started detached): what it spawned goes with it, and the scratch
      // folder is not written to while it is removed.
      if (pid) {
        try {
          process.kill(-pid, 'SIGKILL');
        } catch {
          // the group is already gone
        }
        await waitUntil(async () => !alive(pid), 5_000, 50);
      }
    },
  };
}

export interface Bench {
  root: string;
  target: Target;
  discord: FakeDiscord;
  agentsDir: string;
  kickDir: string;
  envFile: string;
  claudeWrapper: string;
  tmuxSocket: string;
  /** Processes that are nobody's business of ours: they must outlive every fault. */
  bystanders: ChildProcess[];
  openclawBin: string | null;
  /** The `openclaw` the doctor's tools run: the real one, or a stand-in for the demo gateway. */
  toolsOpenclaw: string;
  /** The fake Messages API of the fault running now, when the real CLI plays Claude. */
  anthropic: FakeAnthropic | null;
  /** The pinned OpenClaw (real target), for faults that start a second gateway. */
  install: OpenclawInstall | null;
}

export function writeExecutable(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** A gateway, a fake Discord, stand-ins for launchctl and plutil, and install.sh run into a scratch HOME. */
export async function setupBench(kind: TargetKind, install: OpenclawInstall | null): Promise<Bench> {
  const root = mkdtempSync(join(tmpdir(), `selfheal-chaos-${kind}-`));
  const target = kind === 'real' ? await realTarget(root, install as OpenclawInstall) : await demoTarget(root);
  try {
    return await setupAround(root, kind, target, install);
  } catch (e) {
    await target.stop();
    throw e;
  }
}

async function setupAround(root: string, kind: TargetKind, target: Target, install: OpenclawInstall | null): Promise<Bench> {
  mkdirSync(target.home, { recursive: true });
  const discord = await startFakeDiscord();
  const s = makeStandins(root, { tmuxReal: true });
  const claudeWrapper = join(root, 'claude');
  writeExecutable(claudeWrapper, '#!/bin/sh\necho "2.1.331 (Claude Code)"\n');
  const envFile = join(root, 'selfheal.env');
  writeFileSync(envFile, '');
  const openclawBin = kind === 'real' ? (install as OpenclawInstall).bin : null;
  // The real `openclaw` ahead of the stand-in, so install.sh puts it on the agents' PATH.
  const path = [openclawBin, s.bin, dirname(process.execPath), '/usr/bin', '/bin'].filter(Boolean).join(':');
  const r = spawnSync(join(PROJECT_ROOT, 'install.sh'), [], {
    env: { HOME: target.home, PATH: path, SELFHEAL_FORCE_MACOS: '1', SELFHEAL_SKIP_DEPS: '1', SELFHEAL_ENV_FILE: envFile, SELFHEAL_INTERVAL_SCALE: String(SCALE) },
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`install.sh failed: ${r.stderr}${r.stdout}`);
  const keep = 'setInterval(() => {}, 1 << 30)';
  const bystanders = [
    spawn(process.execPath, ['-e', keep, 'bystander-an-editor'], { stdio: 'ignore', detached: true }),
    spawn(process.execPath, ['-e', `require('net').createServer().listen(0, '127.0.0.1'); ${keep}`, 'bystander-another-server'], { stdio: 'ignore', detached: true }),
  ];
  const toolsOpenclaw = openclawBin ? join(openclawBin, 'openclaw') : join(root, 'openclaw-demo');
  if (!openclawBin) {
    writeExecutable(toolsOpenclaw, `#!/bin/sh\nexec ${runCommand('../harness/fake-openclaw').join(' ')} --config ${target.configPath} --demo-dir ${target.dir} --port ${target.port} "$@"\n`);
  }
  return { root, target, discord, agentsDir: join(target.home, 'Library', 'LaunchAgents'), kickDir: s.kickDir, envFile, claudeWrapper, tmuxSocket: `selfheal-chaos-${process.pid}`, bystanders, openclawBin, toolsOpenclaw, anthropic: null, install };
}

export async function teardownBench(b: Bench): Promise<void> {
  await b.target.stop();
  for (const p of b.bystanders) if (p.pid && alive(p.pid)) process.kill(p.pid, 'SIGKILL');
  killTmuxServer(b.tmuxSocket);
  await b.discord.close();
  if (process.env.SELFHEAL_KEEP_CHAOS) return;
  try {
    rmSync(b.root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (e) {
    // A scratch folder left in the temp dir is not the test's failure; say it.
    console.warn(`# could not remove ${b.root}: ${(e as Error).message}`);
  }
}
