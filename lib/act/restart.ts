// Restarting the gateway (docs/design.md, "The escalation ladder"): the configured command with a timeout; if it
// fails or hangs, SIGTERM then SIGKILL of the exact PIDs (identity.ts: port owner, launchd pid,
// pidfile, a single pattern match),
// then the command again to start it. Never a kill by name, and never a process that merely holds the
// gateway's port without being the gateway.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Config } from '../config/config.ts';
import { gatewayWhere, identifyGateway, urlPort } from '../observe/identity.ts';
import type { ProcessInfo } from '../observe/processes.ts';
import { describeExec, type Exec } from '../seams/exec.ts';
import type { ProcessControl } from '../seams/process.ts';

export interface RestartOutcome {
  ok: boolean;
  /** The restart command could not be started at all (not found, not executable). */
  cannotRun?: boolean;
  /** The gateway itself refused its configuration: no restart can fix that, the doctor can. */
  configRejected?: boolean;
  /** Another program listens on the gateway's port: a restart would die of EADDRINUSE. */
  portHeldBy?: ProcessInfo;
  /** Two processes match GATEWAY_PROCESS_MATCH and nothing says which is ours: none was signalled. */
  ambiguous?: ProcessInfo[];
  /** It outlived SIGTERM, and a SIGKILL would have tripped OpenClaw's crash-loop breaker: not sent. */
  breakerHeld?: boolean;
  steps: string[];
  killed: Array<{ pid: number; signal: 'SIGTERM' | 'SIGCONT' | 'SIGKILL' }>;
}

/** SIGTERM each pid, wait up to graceMs, SIGKILL what is left (unless `mayKill` is false). Returns what was sent. */
export async function terminate(pids: number[], graceMs: number, pc: ProcessControl, mayKill = true): Promise<RestartOutcome['killed']> {
  const sent: RestartOutcome['killed'] = [];
  const targets = pids.filter((p) => p > 1 && p !== process.pid && pc.alive(p));
  for (const pid of targets) if (pc.kill(pid, 'SIGTERM')) sent.push({ pid, signal: 'SIGTERM' });
  // A stopped process (state T) cannot act on SIGTERM until it runs: let it, and it shuts down cleanly
  // (no unclean boot for OpenClaw's breaker) instead of waiting out the grace for a SIGKILL. Where the
  // state cannot be read (macOS), SIGCONT goes anyway: a running process ignores it.
  for (const pid of targets) if (pc.stopped && pc.stopped(pid) !== false && pc.kill(pid, 'SIGCONT')) sent.push({ pid, signal: 'SIGCONT' });
  const deadline = Date.now() + graceMs;
  while (targets.some((p) => pc.alive(p)) && Date.now() < deadline) await pc.sleep(100);
  for (const pid of targets) {
    if (mayKill && pc.alive(pid) && pc.kill(pid, 'SIGKILL')) sent.push({ pid, signal: 'SIGKILL' });
  }
  // SIGKILL is not instant; give the kernel a moment so the port is free for the start.
  const reap = Date.now() + 2_000;
  while (targets.some((p) => pc.alive(p)) && Date.now() < reap) await pc.sleep(50);
  return sent;
}

/** OpenClaw's own words when it will not start on its config (reference: "config rejected"). */
export const CONFIG_REJECTED = /Invalid config|Unrecognized key|openclaw doctor --fix/i;

/** Whether a restart's signals stopped the gateway uncleanly (OpenClaw will count an unclean boot). */
export function unclean(o: RestartOutcome): number {
  return o.killed.some((k) => k.signal === 'SIGKILL') ? 1 : 0;
}

/** Whether a command can be started: a path that is executable, or a name found on PATH. */
export function commandRunnable(file: string, path = process.env.PATH ?? ''): boolean {
  const ok = (f: string) => {
    try {
      accessSync(f, constants.X_OK);
      return statSync(f).isFile();
    } catch {
      return false;
    }
  };
  if (file.includes('/')) return ok(file);
  return path.split(delimiter).some((dir) => dir !== '' && ok(join(dir, file)));
}

/**
 * `uncleanLeft`: how many SIGKILLs the supervisor may still send before one would trip OpenClaw's
 * crash-loop breaker (record/queries.ts uncleanStopsLeft); with none left a gateway that outlives
 * SIGTERM is left for the doctor.
 * `frozen`: the health tier found it frozen. Its processes are stopped by pid first and the command
 * then only starts it: the service manager's own stop (launchd's, `openclaw gateway restart`'s) would
 * wait out its timeout against a process that cannot act on SIGTERM.
 */
export async function restartGateway(cfg: Config, exec: Exec, pc: ProcessControl, o: { uncleanLeft?: number; frozen?: boolean } = {}): Promise<RestartOutcome> {
  const [file, ...args] = cfg.restartCommand as [string, ...string[]];
  const full = cfg.restartCommand.join(' ');
  const cmdText = full.length > 60 ? 'GATEWAY_RESTART_COMMAND' : full;
  const where = gatewayWhere(cfg);
  const before = await identifyGateway(exec, where);
  const holder = before?.foreignPortOwners[0];
  if (holder && before?.pids.length === 0) {
    // Killing a stranger's process is never a supervisor's call; a human decides.
    const port = urlPort(cfg.healthUrl);
    return { ok: false, portHeldBy: holder, steps: [`port ${port} is held by pid ${holder.pid} (${holder.command.slice(0, 80)}), which is not the gateway: not killed, not restarted`], killed: [] };
  }
  const opts = { timeoutMs: cfg.restartTimeoutS * 1000, killGraceMs: 2_000, env: { ...process.env } };
  const steps: string[] = [];
  // Killing a gateway we cannot start again would turn a sick gateway into a dead one.
  const cannotRun = (): RestartOutcome => ({ ok: false, cannotRun: true, steps: [...steps, 'nothing was killed: the restart command cannot run (check GATEWAY_RESTART_COMMAND and PATH)'], killed: [] });
  if (o.frozen) {
    if (!commandRunnable(file)) {
      steps.push(`${cmdText}: not found`);
      return cannotRun();
    }
    steps.push('frozen: stopped by pid first, then the command starts it');
  } else {
    const first = await exec(file, args, opts);
    steps.push(first.ok ? `${cmdText}: ok` : describeExec(cmdText, first));
    if (first.ok) return { ok: true, steps, killed: [] };
    if (first.notFound) return cannotRun();
  }

  const now = await identifyGateway(exec, where);
  const ambiguous = now?.ambiguous ?? before?.ambiguous ?? null;
  if (ambiguous && !now?.pids.length && !before?.pids.length) {
    // Two gateways answer to the pattern and nothing says which is ours: signal neither.
    const which = ambiguous.map((p) => `${p.pid} (${p.command.slice(0, 60)})`).join(', ');
    return { ok: false, ambiguous, steps: [...steps, `nothing was killed: GATEWAY_PROCESS_MATCH matches ${which} and nothing says which is the supervised gateway (set GATEWAY_PID_FILE, or GATEWAY_LAUNCHD_LABEL on a Mac)`], killed: [] };
  }
  // Only what is proven the gateway is signalled: proven now, or proven before the command and still
  // counted as the gateway now. A process that only matches the pattern is named, never signalled.
  const stillThere = new Set(now?.pids ?? []);
  const pids = [...new Set([...(now?.signalable ?? []), ...(before?.signalable ?? []).filter((p) => stillThere.has(p))])];
  const unproven = (now?.pids ?? []).filter((p) => !pids.includes(p));
  if (unproven.length) steps.push(`pid ${unproven.join(', ')} matches GATEWAY_PROCESS_MATCH, but nothing proves it is the gateway (it holds no port, and neither launchd nor the pidfile names it): not signalled`);
  // One SIGKILL'd gateway is one unclean boot, its workers included.
  const mayKill = (o.uncleanLeft ?? Number.POSITIVE_INFINITY) >= 1;
  const killed = await terminate(pids, cfg.killGraceS * 1000, pc, mayKill);
  steps.push(killed.length ? `sent ${killed.map((k) => `${k.signal} to ${k.pid}`).join(', ')}` : 'no gateway process to stop');
  const left = pids.filter((p) => pc.alive(p));
  if (!mayKill && left.length) {
    steps.push(`pid ${left.join(', ')} outlived SIGTERM; no SIGKILL: it would trip OpenClaw's crash-loop breaker`);
    return { ok: false, breakerHeld: true, steps, killed };
  }
  const second = await exec(file, args, opts);
  const when = o.frozen ? 'after the stop' : 'after kill';
  steps.push(second.ok ? `${cmdText} (${when}): ok` : describeExec(`${cmdText} (${when})`, second));
  const rejected = !second.ok && CONFIG_REJECTED.test(`${second.stdout}\n${second.stderr}`);
  return { ok: second.ok, steps, killed, ...(rejected ? { configRejected: true } : {}) };
}
