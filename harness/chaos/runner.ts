// Runs one fault: a fresh supervisor state, the tiers fired as launchd would, the fault injected,
// then what happened measured (detect, healthy, actions, alerts, anything done that should not
// have been). The fault's clean-up runs whatever happens.
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { alive } from '../demo-gateway.ts';
import { runCommand } from '../command.ts';
import { healthy } from '../real-gateway.ts';
import { StateStore } from '../../lib/record/store.ts';
import type { Incident, State } from '../../lib/record/state.ts';
import { startFakeAnthropic } from '../fake-anthropic.ts';
import type { FakeProvider } from '../fake-provider.ts';
import type { FakeTelegram } from '../fake-telegram.ts';
import { Scheduler } from '../scheduler.ts';
import { LABEL, REAL_CLAUDE, SCALE, sleep, waitUntil, writeExecutable, type Bench, type ClaudeMode, type Expect, type Target, type TargetKind } from './targets.ts';

export interface FaultContext {
  b: Bench;
  t: Target;
  /** Pids the fault started (a squatter, a hung restart): cleaned up after, and they must survive if `mustSurvive`. */
  own: ChildProcess[];
  mustSurvive: number[];
  gatewayPidAtStart: number | null;
  notes: string[];
  /** A second gateway (F13), stopped after the fault. */
  second?: { pid: number; port: number; stop(): Promise<void> };
  /** Discord's count of accepted payloads when the fault began. */
  alertsBefore: number;
  /** The supervisor's state for this fault (set once it exists). */
  store?: StateStore;
  /** The gateway's model provider, a loopback fake (serving faults). */
  provider?: FakeProvider;
  /** A loopback Telegram Bot API the gateway's channel polls (F15). */
  telegram?: FakeTelegram;
  /** When the injection began. */
  injectedAt?: number;
  /**
   * The bench's last fault: its teardown stops the gateway next, so a clean-up need not restart it
   * for a fault that never comes (a real boot, 15 to 60 s of one core).
   */
  last?: boolean;
}

export interface Fault {
  id: string;
  name: string;
  targets: TargetKind[];
  expect: Expect;
  claude?: ClaudeMode;
  /** Extra supervisor configuration for this fault. */
  env?: (c: FaultContext) => Record<string, string>;
  inject(c: FaultContext): Promise<void>;
  /** While waiting (e.g. bring Discord back). */
  during?(c: FaultContext, s: State): void;
  cleanup?(c: FaultContext): Promise<void>;
  /** Before the clock starts (a second gateway to boot, a fresh start): not part of the measure. */
  prepare?(c: FaultContext): Promise<void>;
  /** Its prepare restarts the gateway anyway: no wait for the current one to leave its startup grace. */
  restartsInPrepare?: true;
  /** What must hold once it is over, before cleanup: problems, in words (none: fine). */
  verify?(c: FaultContext): string[] | Promise<string[]>;
  /** How long to wait for the outcome, when the default (real 300 s, demo 150 s) is too short. */
  timeoutMs?: number;
  /** For no-action faults: how long to watch. */
  watchMs?: (t: Target) => number;
  /**
   * A recovered fault also needs this to hold: the incident the fault is about, not only an earlier
   * one it caused, has closed (a restart's incident can close before a slower check sees the fault).
   */
  settled?(c: FaultContext, s: State): boolean;
}

export interface FaultResult {
  id: string;
  name: string;
  target: TargetKind;
  expect: Expect;
  outcome: 'recovered' | 'alerted' | 'no action' | 'timed out';
  pass: boolean;
  detectMs: number | null;
  healthyMs: number | null;
  bootMs: number;
  healthyMinusBootMs: number | null;
  /** From the injection to the human alert accepted by Discord. */
  humanMs: number | null;
  actions: string[];
  restarts: number;
  kills: string[];
  doctorRuns: number;
  doctorCostUsd: number;
  alerts: string[];
  falseActions: string[];
  /** The doctor's tool calls, in order (its timeline). */
  toolCalls: string[];
  /** SIGKILLs the supervisor sent: each is an unclean boot for OpenClaw's crash-loop breaker. */
  uncleanStops: number;
  /** What the fault's own verify found wrong. */
  problems: string[];
  notes: string[];
}

function supervisorEnv(b: Bench, stateDir: string, f: Fault, c: FaultContext): Record<string, string> {
  const real = b.target.kind === 'real';
  return {
    ...b.target.supervisorEnv(),
    SELFHEAL_HOME: stateDir,
    SELFHEAL_LAUNCHER: 'launchctl',
    SELFHEAL_LABEL_PREFIX: LABEL,
    SELFHEAL_LOG_DIR: join(b.target.home, 'Library', 'Logs', 'openclaw-selfheal'),
    HEALTH_TIMEOUT_MS: '2000',
    HEALTH_RETRIES: '2',
    HEALTH_SLOW_MS: '1500',
    // The real gateway boots in ~15 s here; the default 120 s grace is for a loaded Mac mini.
    STARTUP_GRACE_S: real ? '30' : '5',
    RESTART_TIMEOUT_S: real ? '90' : '20',
    // Generous for a real gateway booting beside the rest of the test suite (minutes on 2 busy cores);
    // the waits end as soon as it answers.
    RESTART_VERIFY_S: real ? '120' : '10',
    // A real gateway's clean stop takes seconds more on a loaded machine (three gateways side by side
    // in npm test): past this grace it would be SIGKILLed, an unclean boot for its breaker.
    KILL_GRACE_S: real ? '8' : '2',
    RESTART_MAX: '3',
    RESTART_WINDOW_S: '900',
    MEMORY_MAX_MB: '4096',
    CLAUDE_BIN: b.claudeWrapper,
    OPENCLAW_BIN: b.toolsOpenclaw,
    TMUX_SOCKET: b.tmuxSocket,
    DOCTOR_VIEW_LINGER_S: '0',
    DOCTOR_TIMEOUT_S: '480',
    DOCTOR_VERIFY_PASSES: '2',
    DOCTOR_COOLDOWN_S: '0',
    DISCORD_WEBHOOK_URL: b.discord.url,
    ALERT_REMIND_S: '3600',
    ALERT_RECOVERY_SETTLE_S: String(120 * SCALE),
    // Not 600 x SCALE: a real gateway under load (the test suite beside it) can spend over 30 s in
    // its startup phases, which /readyz reports as not ready too.
    READY_GRACE_S: real ? '90' : '30',
    // Three probes at launchd's 60 s are 3 minutes; at these scaled 3 s ticks that takes 60.
    STALL_PROBES: '60',
    // The serving check's canary costs the real gateway seconds of CPU: only the faults about
    // serving turn it on there (F16); the demo's model answers at once.
    SERVING_INTERVAL_S: real ? '0' : '30',
    ...(f.env?.(c) ?? {}),
  };
}

/** The fake model's part when the real CLI plays Claude: OpenClaw's own repair, a restart, a report. */
const REAL_FIX_CONFIG = [
  { tool: 'mcp__selfheal__openclaw_doctor_fix', input: {} },
  { tool: 'mcp__selfheal__gateway_restart', input: {} },
  { structured: { rootCause: 'the gateway refused its config: an unknown key', evidence: ['Unrecognized key: "selfhealChaos"'], actions: ['openclaw doctor --fix', 'gateway restart'], fixed: true, humanAction: '' } },
];

/** Who plays Claude for this fault: the stand-in with its mode, or the real CLI and a fake model. */
async function writeClaude(b: Bench, mode: ClaudeMode, env: Record<string, string>): Promise<void> {
  if (mode === 'real-fix-config') {
    if (!existsSync(REAL_CLAUDE)) throw new Error(`the real Claude Code CLI is not installed at ${REAL_CLAUDE}: run scripts/install-claude-cache.sh (./install.sh does)`);
    b.anthropic = await startFakeAnthropic(REAL_FIX_CONFIG);
    const vars = { ANTHROPIC_BASE_URL: b.anthropic.url, ANTHROPIC_API_KEY: 'sk-ant-bench-not-a-real-key', CLAUDE_CONFIG_DIR: join(b.root, 'claude-config') };
    const exports = Object.entries(vars).map(([k, v]) => `export ${k}='${v}'`).join('\n');
    writeExecutable(b.claudeWrapper, `#!/bin/sh\n${exports}\nexec '${REAL_CLAUDE}' "$@"\n`);
    return;
  }
  const vars: Record<string, string> = {
    FAKE_CLAUDE_MODE: mode,
    FAKE_DEMO_DIR: b.target.dir,
    GATEWAY_RESTART_COMMAND: env.GATEWAY_RESTART_COMMAND as string,
    GATEWAY_CONFIG_PATH: env.GATEWAY_CONFIG_PATH as string,
    HOME: b.target.home,
    PATH: [b.openclawBin, dirname(process.execPath), '/usr/bin', '/bin'].filter(Boolean).join(':'),
  };
  const exports = Object.entries(vars).map(([k, v]) => `export ${k}='${v}'`).join('\n');
  writeExecutable(b.claudeWrapper, `#!/bin/sh\n${exports}\nexec ${runCommand('../harness/fake-claude').join(' ')} "$@"\n`);
}

/** Every incident this fault produced (closed ones in history, the open one). */
/**
 * The incidents this fault opened. An incident counts its outage from when the failing probe began,
 * which can be before the fault was injected (a tick already probing when the gateway froze): its
 * first step, recorded when it was detected, then comes after.
 */
export function incidentsSince(s: State, t0: number): Incident[] {
  return [...s.history, ...(s.incident ? [s.incident] : [])].filter((i) => i.openedAt >= t0 - 1_000 || (i.actions[0]?.at ?? 0) >= t0);
}

const alertKind = (p: Record<string, unknown>): string => {
  const title = String((p.embeds as Array<{ title?: string }> | undefined)?.[0]?.title ?? p.content ?? '');
  if (/needs you/.test(title)) return 'human';
  if (/protected/.test(title)) return 'protected put back';
  if (/Claude Doctor was called/.test(title)) return 'escalated';
  if (/recovered|back/i.test(title)) return 'recovered';
  if (/^Still down/.test(title)) return 'reminder';
  return title.slice(0, 40);
};

/**
 * `stableMs`: how long a recovered gateway must stay up before the fault counts as recovered (the
 * bench's 15 s for a real gateway; the acceptance tests use less, and still see a flapping one fail).
 */
export async function runFault(b: Bench, f: Fault, opts: { timeoutMs?: number; log?: (s: string) => void; stableMs?: number; last?: boolean } = {}): Promise<FaultResult> {
  const t = b.target;
  const log = opts.log ?? (() => undefined);
  const c: FaultContext = { b, t, own: [], mustSurvive: [], gatewayPidAtStart: null, notes: [], alertsBefore: b.discord.accepted.length, last: opts.last };
  // A healthy gateway, old enough to be out of any startup grace, and a fresh supervisor state.
  if (!(await healthy(t.port, 2_000))) await t.restartOutside();
  const graceMs = (t.kind === 'real' ? 30 : 5) * 1000;
  const age = Date.now() - processStart(t.pid());
  if (age < graceMs + 1_000 && !f.restartsInPrepare) await sleep(graceMs + 1_000 - age);
  const stateDir = join(b.root, `state-${t.kind}-${f.id}`);
  const env = supervisorEnv(b, stateDir, f, c);
  writeFileSync(b.envFile, Object.entries(env).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');
  await writeClaude(b, f.claude ?? 'fail', env);
  const store = new StateStore(stateDir);
  c.store = store;
  const sched = new Scheduler(b.agentsDir, b.kickDir);
  sched.start([`${LABEL}.watchdog`, `${LABEL}.health`]);
  let polling = true;
  let poller: Promise<void> = Promise.resolve();
  // The fault, the wait and the drain. Whatever throws (a start that fails on a busy machine), the
  // scheduler and the poller stop and the fault is cleaned up: nothing may keep the run alive.
  let t0 = 0;
  const phases: string[] = [];
  const secs = (ms: number) => `${(ms / 1000).toFixed(0)} s`;
  const timed = async <T,>(name: string, fn: () => T | Promise<T>): Promise<T> => {
    const at = Date.now();
    const out = await fn();
    phases.push(`${name} ${secs(Date.now() - at)}`);
    return out;
  };
  let outcome: FaultResult['outcome'] = 'timed out';
  let humanAt: number | null = null;
  let alertsBefore = 0;
  const gatewayPids = new Set<number>();
  let healthyAt: number | null = null;
  // The fault's clean-up runs whatever happened: a set-up, a wait or a verify step that throws must
  // not leave the next fault a broken gateway. On the way out of an error, its own failure is dropped.
  let ended = false;
  try {
    try {
      // Where a fault's time goes, said at the end (a slow fault tells which step was slow).
      const began = Date.now();
      const baseline = await waitUntil(() => store.read().tiers.health.lastOk === true, 30_000);
      phases.push(`baseline ${secs(Date.now() - began)}`);
      if (!baseline) c.notes.push('no healthy baseline tick before the fault');
      const prepStart = Date.now();
      await f.prepare?.(c);
      // What the baseline or the preparation left (a slow first boot the tiers saw as a failure, a
      // restart of theirs still running) must not carry into the fault: its restart budget would.
      const settled = await waitUntil(() => {
        const s = store.read();
        return s.incident === null && s.restartInProgress === null;
      }, 90_000, 250);
      if (!settled) c.notes.push(`the supervisor had not settled before the fault: ${store.read().incident?.trigger ?? 'a restart still running'}`);
      phases.push(`prepare ${secs(Date.now() - prepStart)}`);
      alertsBefore = b.discord.accepted.length;
      c.alertsBefore = alertsBefore;

      // Our own view, independent of the supervisor's: poll the gateway, remember every gateway pid.
      let firstDown: number | null = null;
      let kidsOf = { pid: 0, at: 0 };
      poller = (async () => {
        while (polling) {
          const pid = t.pid();
          if (pid) {
            gatewayPids.add(pid);
            // Its workers share its sockets (lsof lists them as port owners): part of the gateway. Asked
            // each second, not each step: a `ps` five times a second per gateway loaded the machine.
            if (pid !== kidsOf.pid || Date.now() - kidsOf.at >= 1_000) {
              kidsOf = { pid, at: Date.now() };
              const kids = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' }).stdout;
              for (const k of kids.split('\n').map(Number).filter((n) => n > 1)) gatewayPids.add(k);
            }
          }
          const ok = await healthy(t.port, 1_000);
          const now = Date.now();
          if (!ok && firstDown === null) firstDown = now;
          if (ok && firstDown !== null && healthyAt === null) healthyAt = now;
          if (!ok && healthyAt !== null) healthyAt = null; // not yet for good
          await sleep(200);
        }
      })();

      c.gatewayPidAtStart = t.pid();
      t0 = Date.now();
      log(`${f.id} ${t.kind}: inject ${f.name}`);
      await f.inject(c);
      const timeoutMs = opts.timeoutMs ?? f.timeoutMs ?? (t.kind === 'real' ? 300_000 : 150_000);
      if (f.expect === 'no-action') {
        await sleep(f.watchMs?.(t) ?? 20_000);
        const incs = incidentsSince(store.read(), t0);
        outcome = incs.length === 0 ? 'no action' : incs.some((i) => i.outcome === 'human-alerted' || i.humanAlertedAt) ? 'alerted' : 'recovered';
      } else {
        const deadline = t0 + timeoutMs;
        // Recovered means it stays up: a flapping gateway answers between its deaths.
        const stableMs = opts.stableMs ?? (t.kind === 'real' ? 15_000 : 10_000);
        let upSince: number | null = null;
        while (Date.now() < deadline) {
          const s = store.read();
          f.during?.(c, s);
          const incs = incidentsSince(s, t0);
          const humanSent = b.discord.accepted.slice(alertsBefore).some((p) => alertKind(p) === 'human');
          if (humanSent) {
            humanAt = Date.now();
            outcome = 'alerted';
            break;
          }
          if (incs.length > 0 && incs.every((i) => i.outcome === 'recovered') && !s.incident && (f.settled?.(c, s) ?? true) && (await healthy(t.port, 1_000))) {
            upSince ??= Date.now();
            if (Date.now() - upSince >= stableMs) {
              outcome = 'recovered';
              break;
            }
          } else upSince = null;
          await sleep(250);
        }
      }
      // Let the alert tier deliver what the outcome queued (the recovery notice), then stop the agents.
      phases.push(`outcome ${secs(Date.now() - t0)}`);
      const drainStart = Date.now();
      await waitUntil(() => store.read().outbox.length === 0, 40_000, 500);
      phases.push(`outbox ${secs(Date.now() - drainStart)}`);
      const schedStart = Date.now();
      await sched.drain(t.kind === 'real' ? 120_000 : 30_000);
      phases.push(`agents done ${secs(Date.now() - schedStart)}`);
      polling = false;
      await poller;
    } catch (e) {
      polling = false;
      await poller;
      await sched.stop();
      throw e;
    }

    const s = store.read();
    const incs = incidentsSince(s, t0);
    const actions = incs.flatMap((i) => i.actions.filter((a) => a.at >= t0 - 1_000));
    const kills = actions.flatMap((a) => [...a.detail.matchAll(/(SIGTERM|SIGCONT|SIGKILL) to (\d+)/g)].map((m) => `${m[1]} ${m[2]}`));
    const falseActions: string[] = [];
    for (const k of kills) {
      const pid = Number(k.split(' ')[1]);
      if (!gatewayPids.has(pid)) falseActions.push(`signalled pid ${pid}, which was never the gateway`);
    }
    for (const p of [...b.bystanders.map((x) => x.pid as number), ...c.mustSurvive]) if (!alive(p)) falseActions.push(`pid ${p} (not the gateway) was killed`);
    const restarts = incs.reduce((n, i) => n + i.restarts, 0);
    if (f.expect === 'no-action' && incs.length > 0) falseActions.push(`acted on a gateway that needed nothing: ${actions.map((a) => a.kind).join(', ') || 'opened an incident'}`);
    const runs = s.doctor.runs.filter((r) => r.startedAt >= t0);
    // What the doctor ended with, in its words: the first thing to read when a fault goes wrong.
    for (const r of runs) {
      c.notes.push(`doctor ${r.outcome}: ${r.detail.slice(0, 400)}`);
      if (r.protectedReverted?.length) c.notes.push(`protected config put back: ${r.protectedReverted.join('; ').slice(0, 600)}`);
    }
    const detected = incs[0]?.openedAt ?? null;
    // Our poller's first good answer after the fault; a restart quicker than its 200 ms step goes unseen
    // by it, and then the supervisor's own record of the recovery stands.
    const closedAt = incs.at(-1)?.closedAt ?? null;
    const seenAt: number | null = healthyAt ?? closedAt;
    const healthyMs = outcome === 'recovered' && seenAt !== null ? Math.max(0, seenAt - t0) : null;
    const result: FaultResult = {
      id: f.id,
      name: f.name,
      target: t.kind,
      expect: f.expect,
      outcome,
      pass: false,
      detectMs: detected === null ? null : Math.max(0, detected - t0),
      healthyMs,
      bootMs: t.bootMs,
      healthyMinusBootMs: healthyMs === null ? null : Math.max(0, healthyMs - t.bootMs),
      humanMs: humanAt === null ? null : humanAt - t0,
      actions: summarize(actions),
      restarts,
      kills,
      doctorRuns: runs.length,
      doctorCostUsd: Math.round(runs.reduce((n, r) => n + (r.costUsd ?? 0), 0) * 100) / 100,
      alerts: b.discord.accepted.slice(alertsBefore).map(alertKind),
      falseActions,
      toolCalls: actions.filter((a) => a.kind === 'tool' || a.kind === 'look').map((a) => a.detail.split('(')[0] as string),
      uncleanStops: kills.filter((k) => k.startsWith('SIGKILL')).length,
      problems: f.verify ? await timed('verify', () => f.verify?.(c) ?? []) : [],
      notes: c.notes,
    };
    if (b.anthropic) {
      await b.anthropic.close();
      b.anthropic = null;
    }
    const wanted = f.expect === 'no-action' ? 'no action' : f.expect;
    result.pass = result.outcome === wanted && falseActions.length === 0 && result.problems.length === 0;
    // A run that went otherwise says why, in the supervisor's own words (the state folder is removed after).
    if (!result.pass) for (const i of incs) result.notes.push(`incident ${i.id}: ${i.trigger}${i.actions.length ? `; ${i.actions.map((a) => `${a.kind}: ${a.detail}`).join(' | ').slice(0, 600)}` : ''}`);
    log(`${f.id} ${t.kind}: ${result.outcome}${result.pass ? '' : ' (FAIL)'} detect ${fmt(result.detectMs)} healthy ${fmt(result.healthyMs)} (${phases.join(', ')})`);
    ended = true;
    return result;
  } finally {
    if (ended) await f.cleanup?.(c);
    else await Promise.resolve(f.cleanup?.(c)).catch(() => undefined);
    for (const p of c.own) if (p.pid && alive(p.pid)) process.kill(p.pid, 'SIGKILL');
  }
}

/** One entry per thing done: a restart or doctor run is recorded when it starts and again with its outcome. */
function summarize(actions: Incident['actions']): string[] {
  const shown: string[] = [];
  for (const a of actions) {
    // The doctor's tool calls are listed on their own (toolCalls).
    if (a.kind === 'tool' || a.kind === 'look') continue;
    if ((a.kind === 'restart' || a.kind === 'doctor-run') && a.ok !== null) {
      const i = shown.lastIndexOf(a.kind);
      if (a.ok === false) {
        if (i >= 0) shown[i] = `${a.kind} (failed)`;
        else shown.push(`${a.kind} (failed)`);
      }
      continue;
    }
    shown.push(a.kind);
  }
  return shown.map((x) => x.replace('doctor-requested', 'doctor requested').replace('doctor-run', 'doctor'));
}

/** When a process started (ms since epoch), from /proc; "long ago" when unknown. */
export function processStart(pid: number | null): number {
  if (!pid) return 0;
  const r = spawnSync('ps', ['-o', 'etimes=', '-p', String(pid)], { encoding: 'utf8' });
  const s = Number(r.stdout.trim());
  return Number.isFinite(s) && r.stdout.trim() ? Date.now() - s * 1000 : 0;
}

export const fmt = (ms: number | null): string => (ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`);
