// A real `openclaw update` beside a running real gateway, under our watchdog and health tiers: does
// the supervisor keep out of the updater's way, and is the outcome told once? OpenClaw 2026.9.5 is
// installed globally into a scratch npm prefix (as `openclaw update` expects), the target is a packed
// 2026.9.6 tarball (no registry at update time). The gateway runs in the foreground under the
// harness's stand-in service manager: OpenClaw can stop and restart a launchd or systemd service
// itself, not this one, so when the updater's own Doctor waits for the gateway to stop, the harness
// stops it, as the service manager would. From then until the run ends, any restart is ours.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../lib/config/config.ts';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { lookForUpdate, type UpdateLook } from '../lib/observe/update-run.ts';
import { realDeps } from '../lib/seams/deps.ts';
import { realExec } from '../lib/seams/exec.ts';
import { realProcessControl } from '../lib/seams/process.ts';
import { runHealthcheck } from '../lib/tiers/health.ts';
import { runWatchdog } from '../lib/tiers/watchdog.ts';
import { alive } from './demo-gateway.ts';
import { runCommand } from './command.ts';
import { findOpenclaw, healthy, installAtPrefix, readRealPid, realPaths, realSupervisorEnv, stopReal, upReal, type OpenclawInstall } from './real-gateway.ts';

export const FROM = '2026.9.5';
export const TO = '2026.9.6';
const CACHE = join(PROJECT_ROOT, '.cache', `openclaw-update-${FROM}`);

export interface UpdateBenchResult {
  runId: string | null;
  outcome: string | null;
  reason: string | null;
  versions: string;
  updaterExit: number | null;
  updaterS: number;
  /** The gateway stopped (by the stand-in service manager) until the run ended. */
  stoppedS: number | null;
  /** Restarts by our tiers while the run was live (must be 0), and after it ended. */
  restartsDuring: number;
  restartsAfter: number;
  /** Tier ticks that stood down, and the phases they saw. */
  heldTicks: number;
  phases: string[];
  alerts: string[];
  healthyAtEnd: boolean;
  timeline: string[];
  problems: string[];
}

function npm(args: string[], node24: string): void {
  const r = spawnSync('npm', args, { env: { ...process.env, PATH: `${node24}:${process.env.PATH ?? ''}` }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000 });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed: ${r.stderr.slice(-600)}`);
}

/** The 2026.9.5 global install (a template, copied per run: the update rewrites it) and the 2026.9.6 tarball. */
export function prepareUpdateCache(cache: OpenclawInstall): { template: string; tarball: string } {
  const node24 = join(cache.node, '..');
  const template = join(CACHE, 'prefix');
  if (!installAtPrefix(template, cache)) {
    mkdirSync(CACHE, { recursive: true });
    npm(['install', '-g', '--prefix', template, '--no-audit', '--no-fund', '--loglevel=error', `openclaw@${FROM}`], node24);
  }
  const tarball = join(CACHE, `openclaw-${TO}.tgz`);
  if (!existsSync(tarball)) npm(['pack', `openclaw@${TO}`, '--pack-destination', CACHE, '--loglevel=error'], node24);
  return { template, tarball };
}

/**
 * The same 2026.9.6 tarball with its CLI entry (dist/entry.js) made unloadable (two lines put above
 * its `#!` line: a SyntaxError, whatever the lines say): the staged
 * version's own checks (its Doctor, run from the staged copy before the service stops) fail, as
 * they would for a release that cannot run here.
 */
export function brokenTarball(good: string): string {
  const out = good.replace(/\.tgz$/, '-broken.tgz');
  if (existsSync(out)) return out;
  const work = mkdtempSync(join(tmpdir(), 'selfheal-broken-'));
  try {
    const run = (cmd: string, args: string[]) => {
      const r = spawnSync(cmd, args, { cwd: work, encoding: 'utf8', timeout: 300_000 });
      if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr.slice(-300)}`);
    };
    run('tar', ['xzf', good]);
    const entry = join(work, 'package', 'dist', 'entry.js');
    writeFileSync(entry, `process.stderr.write('openclaw: broken on purpose (selfheal update bench)\\n');\nprocess.exit(1);\n${readFileSync(entry, 'utf8')}`);
    run('tar', ['czf', out, 'package']);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return out;
}

export async function runUpdateBench(log: (s: string) => void, o: { broken?: boolean } = {}): Promise<UpdateBenchResult> {
  const cache = findOpenclaw();
  if (!cache) throw new Error('the real gateway is not installed: run scripts/install-openclaw-cache.sh');
  const prepared = prepareUpdateCache(cache);
  const template = prepared.template;
  const tarball = o.broken ? brokenTarball(prepared.tarball) : prepared.tarball;
  const root = mkdtempSync(join(tmpdir(), 'selfheal-update-'));
  const prefix = join(root, 'prefix');
  cpSync(template, prefix, { recursive: true, verbatimSymlinks: true });
  const install = installAtPrefix(prefix, cache) as OpenclawInstall;
  const dir = join(root, 'real');
  const g = await upReal(dir, install);
  const p = realPaths(dir);
  const t0 = Date.now();
  const at = () => `${((Date.now() - t0) / 1000).toFixed(1).padStart(6)} s`;
  const timeline: string[] = [];
  const note = (s: string) => {
    timeline.push(`${at()}  ${s}`);
    log(`${at()}  ${s}`);
  };
  note(`gateway ${FROM} up on 127.0.0.1:${g.port} in ${(g.bootMs / 1000).toFixed(1)} s`);
  const env: Record<string, string> = {
    HOME: p.home,
    SELFHEAL_HOME: join(root, 'selfheal'),
    SELFHEAL_ENV_FILE: join(root, 'none.env'),
    ...realSupervisorEnv(dir, g.port),
    GATEWAY_RESTART_COMMAND: [...runCommand('real-gateway'), 'restart', '--dir', dir, '--prefix', prefix].join(' '),
    GATEWAY_STATE_DIR: join(p.home, '.openclaw'),
    // No doctor here: what would wake it goes to a person, so a restart is the only action to count.
    DOCTOR_MAX_PER_DAY: '0',
    HEALTH_RETRIES: '1',
    RESTART_VERIFY_S: '90',
    // A serving check (and so a look at the ledger) every 15 s: how a run that ended while the
    // gateway kept answering is learned. No canary: no model provider here.
    SERVING_INTERVAL_S: '15',
    CANARY_INTERVAL_S: '0',
  };
  const cfg = loadConfig(env);
  const d = realDeps(cfg, { launch: async () => 'not woken' });
  const lookDeps = { exec: realExec, alive: (pid: number) => realProcessControl.alive(pid), sqliteBin: cfg.sqliteBin, uid: typeof process.getuid === 'function' ? process.getuid() : null, now: () => Date.now() };
  const updaterOut = join(root, 'update.json');
  const updater: ChildProcess = spawn(install.node, [install.entry, 'update', '--tag', tarball, '--yes', '--json'], {
    env: { ...process.env, HOME: p.home, PATH: `${install.bin}:${join(install.node, '..')}:${process.env.PATH ?? ''}`, NO_COLOR: '1', OPENCLAW_GATEWAY_PORT: String(g.port) },
    stdio: ['ignore', openSync(updaterOut, 'w'), openSync(join(root, 'update.err'), 'w')],
    detached: true,
  });
  note(`openclaw update --tag ${tarball.split('/').pop()} started (pid ${updater.pid})`);
  let updaterExit: number | null = null;
  let updaterDone = false;
  updater.on('exit', (code) => {
    updaterExit = code;
    updaterDone = true;
  });
  let stoppedAt: number | null = null;
  let endedAt: number | null = null;
  let lastPhase = '';
  let heldTicks = 0;
  const phases: string[] = [];
  let last: UpdateLook | null = null;
  const deadline = Date.now() + 30 * 60_000;
  try {
    while (Date.now() < deadline) {
      last = await lookForUpdate(lookDeps, env.GATEWAY_STATE_DIR as string);
      const run = last.runs[0];
      const phase = run ? `${run.phase}/${run.status}` : 'none';
      if (phase !== lastPhase) {
        note(`ledger: ${phase}${run?.reason ? ` (${run.reason})` : ''}; gateway ${(await healthy(g.port)) ? 'answers' : 'does not answer'}`);
        lastPhase = phase;
        if (run) phases.push(run.phase);
      }
      if (run && run.status !== 'running' && endedAt === null) endedAt = Date.now();
      // The package is swapped and the updater's Doctor waits for the gateway: the service manager stops it.
      if (run?.phase === 'activating' && stoppedAt === null) {
        const pid = readRealPid(dir);
        await stopReal(dir, 60_000);
        stoppedAt = Date.now();
        note(`the stand-in service manager stopped the gateway (pid ${pid}), as launchd would for the updater`);
      }
      const w = await runWatchdog(d);
      const h = await runHealthcheck(d);
      for (const a of [w.action, h.action]) if (/OpenClaw update is running/.test(a.reason)) heldTicks++;
      if (w.action.kind === 'restart' || h.action.kind === 'restart') note(`our ${w.action.kind === 'restart' ? 'watchdog' : 'health tier'} restarted the gateway: ${(w.action.kind === 'restart' ? w.action : h.action).reason.slice(0, 160)}`);
      // Done: the updater exited, the run ended, the gateway answers and the tiers have seen the end.
      const seenEnd = updaterDone && endedAt !== null && d.store.read().update.lastRun?.runId === run?.runId;
      if (seenEnd && (await healthy(g.port))) break;
      // A gateway that cannot come back after the run (a broken release): 3 minutes of our tiers, then stop.
      if (seenEnd && endedAt !== null && Date.now() - endedAt > 180_000) break;
      await new Promise((r) => setTimeout(r, 3_000));
    }
  } finally {
    if (!updaterDone && updater.pid && alive(updater.pid)) process.kill(-updater.pid, 'SIGKILL');
  }
  note(`updater exited ${updaterExit}; gateway ${(await healthy(g.port)) ? 'answers' : 'does not answer'}`);
  const s = d.store.read();
  const run = last?.runs[0] ?? null;
  const during = s.restarts.filter((t) => stoppedAt !== null && t >= stoppedAt && (endedAt === null || t < endedAt)).length;
  const after = s.restarts.filter((t) => endedAt !== null && t >= endedAt).length;
  const alerts = [...s.outbox.map((a) => `${a.id}: ${a.title}`)];
  const problems: string[] = [];
  if (!run) problems.push('the updater left no run in the ledger');
  if (during > 0) problems.push(`the supervisor restarted the gateway ${during} time(s) while the update ran`);
  if (run && run.status !== 'succeeded') {
    const told = s.outbox.filter((a) => a.id === `update:${run.runId}`);
    if (told.length !== 1) problems.push(`the ${run.status} update was told ${told.length} times, not once`);
    else if (!told[0]?.title.includes(`${run.before ?? 'unknown'} → ${run.after ?? 'unknown'}`)) problems.push(`the alert does not name the versions: ${told[0]?.title}`);
  }
  if (stoppedAt !== null && heldTicks === 0) problems.push('no tick stood down: the update was never seen');
  const healthyAtEnd = await healthy(g.port);
  if (!healthyAtEnd) problems.push('the gateway does not answer at the end');
  const result: UpdateBenchResult = {
    runId: run?.runId ?? null,
    outcome: run?.status ?? null,
    reason: run?.reason ?? null,
    versions: `${run?.before ?? '?'} → ${run?.after ?? '?'}`,
    updaterExit,
    updaterS: (Date.now() - t0) / 1000,
    stoppedS: stoppedAt !== null ? ((endedAt ?? Date.now()) - stoppedAt) / 1000 : null,
    restartsDuring: during,
    restartsAfter: after,
    heldTicks,
    phases: [...new Set(phases)],
    alerts,
    healthyAtEnd,
    timeline,
    problems,
  };
  // Leave nothing running: the gateway by its pidfile, then the scratch folder.
  const pid = readRealPid(dir);
  if (pid && alive(pid)) {
    await stopReal(dir, 15_000);
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  try {
    if (!process.env.SELFHEAL_KEEP_CHAOS) rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  } catch (e) {
    log(`could not remove ${root}: ${(e as Error).message}`);
  }
  return result;
}
