// Tier 1: observe (is the gateway process there, how big is it), decide (decide/watchdog.ts), act
// (restart), record, wake. Whether it answers is tier 2's business.
import { setDoing } from '../seams/deadline.ts';
import { alertHuman } from '../decide/escalate.ts';
import { policyFrom, type Action } from '../decide/policy.ts';
import { decideWatchdog } from '../decide/watchdog.ts';
import type { RestartOutcome } from '../act/restart.ts';
import { describeOthers, gatewayWhere, identifyGateway } from '../observe/identity.ts';
import type { ProcessInfo } from '../observe/processes.ts';
import { noteAction } from '../record/incident.ts';
import { trimState } from '../record/normalize.ts';
import type { State } from '../record/state.ts';
import { StateAccessError } from '../record/store.ts';
import type { Deps } from '../seams/deps.ts';
import { loadPart } from '../seams/part.ts';
import { lookForUpdateNow, tickStart, restartAndRecord, wake } from './steps.ts';
import { noteUpdate } from '../decide/update.ts';

export interface WatchdogSummary {
  tier: 'watchdog';
  processes: ProcessInfo[] | null;
  action: Action;
  restart: RestartOutcome | null;
  runningAfter: boolean | null;
  incident: string | null;
  /** The gateway's own word on why it stopped, when its process was gone and it kept a record. */
  lastShutdown: string | null;
  woke: string[];
}

/** After a restart, wait (briefly) for the process to appear again. */
async function waitForProcess(d: Deps, seconds: number): Promise<boolean> {
  const deadline = d.now() + seconds * 1000;
  for (;;) {
    const id = await identifyGateway(d.probeExec, gatewayWhere(d.cfg));
    if (id && id.processes.length > 0) return true;
    if (d.now() >= deadline) return false;
    await d.pc.sleep(500);
  }
}

export async function runWatchdog(d: Deps): Promise<WatchdogSummary> {
  const policy = policyFrom(d.cfg, process.pid);
  // Observe. lsof only when launchd or the pidfile does not already name a live gateway.
  let id = await identifyGateway(d.probeExec, gatewayWhere(d.cfg), { cheap: true });
  // Not there: launchd's KeepAlive may be starting the next one this very moment (a crash, then a
  // start at once). Look once more before restarting, so the watchdog never races launchd.
  if ((id?.processes.length ?? 0) === 0) {
    await d.pc.sleep(1_000);
    id = await identifyGateway(d.probeExec, gatewayWhere(d.cfg), { cheap: true });
  }
  const processes = id?.processes ?? null;
  // Gone or too big: before acting, is an OpenClaw update stopping it on purpose (decide/update.ts)?
  const look = processes && (processes.length === 0 || processes.some((x) => x.rssMb > policy.memoryMaxMb)) ? await lookForUpdateNow(d) : null;
  // Decide, under the lock. A state it cannot write still leaves the gateway's restart to do.
  const decision = await d.store.update((s0) => {
    const now = d.now();
    const s1 = look ? noteUpdate(s0, look, now) : s0;
    const dec = decideWatchdog(tickStart(d, 'watchdog', s1, now), { processes, ambiguous: id?.ambiguous ?? null, others: id ? describeOthers(id) : [] }, policy, now);
    const state = trimState(dec.state, now, policy.restartWindowMs);
    // When the gateway was last seen running: a shutdown record older than that is not this exit's.
    const seen = Math.max(s0.lastProbe?.ok ? s0.lastProbe.at : 0, s0.lastRestartAt ?? 0);
    return { state, result: { action: dec.action, state, seenRunningAt: seen > 0 ? seen : null } };
  }).catch(async (e: unknown) => {
    if (!(e instanceof StateAccessError)) throw e;
    // Its own bundle from dist/: it reaches the channels, which a healthy tick never needs.
    const { withoutState } = await loadPart<typeof import('./without-state.ts')>('without-state', '../tiers/without-state.ts');
    const did = await withoutState(d, e, processes);
    throw new StateAccessError(e.path, e.code, d.cfg.home, did);
  });
  const { action } = decision;
  d.log({ tier: 'watchdog', event: action.kind, detail: action.reason, pids: processes?.map((p) => p.pid) ?? null });
  // launchd runs the gateway: remember its plist as it is, the only one ever loaded again (one stat a tick).
  if (d.platform === 'darwin' && id?.launchdPid) await rememberAgentPlist(d, decision.state);
  const summary: WatchdogSummary = { tier: 'watchdog', processes, action, restart: null, runningAfter: null, incident: decision.state.incident?.id ?? null, lastShutdown: null, woke: [] };
  let after = decision.state;
  let wakeDoctor = action.kind === 'doctor';
  // Act, then record the outcome.
  if (action.kind === 'restart') {
    setDoing('restarting the gateway and waiting for its process');
    const r = await restartAndRecord(d, 'watchdog', policy, decision.state, async (o) => {
      let running = o.ok ? await waitForProcess(d, Math.min(d.cfg.restartVerifyS, 15)) : false;
      // Gone and not coming back: is its LaunchAgent (Mac) or its systemd unit (Linux) still there to start it?
      const agent = running ? null : await gatewayAgentStep(d, decision.state);
      if (agent?.loaded) running = await waitForProcess(d, Math.min(d.cfg.restartVerifyS, 15));
      summary.runningAfter = running;
      const tell = agent?.tell ?? null;
      return {
        ok: running,
        detail: `process ${running ? 'is back' : 'did not appear'}`,
        record: (s, now) => {
          if (agent?.loaded) return noteAction(s, { tier: 'watchdog', kind: 'agent-reload', detail: `${agent.steps.join('; ')}; the gateway ${running ? 'is back' : 'did not appear'}`, ok: running }, now);
          return tell && !running && s.incident && !s.incident.humanAlertedAt ? alertHuman(s, 'watchdog', tell, now) : s;
        },
      };
    });
    summary.restart = r.outcome;
    d.log({ tier: 'watchdog', event: 'restarted', ok: r.outcome.ok, steps: r.outcome.steps, running: summary.runningAfter });
    after = r.state;
    wakeDoctor ||= r.wakeDoctor;
  }
  await wake(d, after, wakeDoctor, summary.woke);
  // Gone, not hung: the gateway may have said why it stopped. Read last, so it delays neither the
  // restart nor the doctor nor the alerts.
  if (action.kind === 'restart' && (processes?.length ?? 0) === 0) summary.lastShutdown = await noteLastShutdown(d, after, decision.seenRunningAt);
  return summary;
}

async function rememberAgentPlist(d: Deps, s: State): Promise<void> {
  const [{ agentPlistPath, printPlist, statPlist }, { agentPrintStale }] = await Promise.all([import('../observe/launch-agent.ts'), import('../decide/launch-agent.ts')]);
  const path = agentPlistPath(process.env.HOME ?? '/', d.cfg.launchdLabel);
  if (!agentPrintStale(s.gatewayAgent, path, statPlist(path))) return;
  const print = await printPlist(path, d.now());
  if (print) await d.store.update((st) => ({ state: { ...st, gatewayAgent: print }, result: null }));
}

/**
 * The gateway did not come back after a restart: can its service manager start it at all? On a Mac,
 * a LaunchAgent launchd has dropped is loaded again when its plist is the one launchd ran the gateway
 * from, unchanged (decide/launch-agent.ts); otherwise, and for a systemd unit, a person is told.
 */
async function gatewayAgentStep(d: Deps, s: State): Promise<{ loaded: boolean; steps: string[]; tell: string | null }> {
  const { gatewayUnitProblem, observeGatewayUnit, observeLaunchAgent, agentPlistPath, printPlist } = await import('../observe/launch-agent.ts');
  const unit = d.cfg.launcher === 'systemctl' ? d.cfg.gatewaySystemdUnit : null;
  if (unit) return { loaded: false, steps: [], tell: gatewayUnitProblem(await observeGatewayUnit(d.probeExec, unit), unit) };
  const { unloadedAgentStep } = await import('../decide/launch-agent.ts');
  const label = d.cfg.launchdLabel;
  const home = process.env.HOME ?? '/';
  const seen = await observeLaunchAgent(d.probeExec, label, home, d.platform);
  const step = unloadedAgentStep(seen, seen.plistExists ? await printPlist(agentPlistPath(home, label), d.now()) : null, s.gatewayAgent, label);
  if (step.kind === 'none') return { loaded: false, steps: [], tell: null };
  if (step.kind === 'tell') return { loaded: false, steps: [], tell: step.why };
  const { bootstrapAgent } = await import('../act/launch-agent.ts');
  const b = await bootstrapAgent(d.exec, d.pc, step.path, label);
  const steps = [`launchd had dropped the gateway's LaunchAgent, its plist unchanged since launchd last ran the gateway from it: loaded again`, ...b.steps];
  d.log({ tier: 'watchdog', event: 'launch-agent-bootstrap', ok: b.ok, steps: b.steps });
  return { loaded: b.ok, steps, tell: b.ok ? null : `the gateway's LaunchAgent was dropped by launchd and loading it again failed (${b.steps.join('; ')}): nothing will start the gateway. Fix, from a Terminal: openclaw gateway install (then: openclaw gateway status)` };
}

/** Puts the gateway's own shutdown record on the open incident, once; returns what it said. */
async function noteLastShutdown(d: Deps, s: State, seenRunningAt: number | null): Promise<string | null> {
  const incidentId = s.incident?.id;
  if (!incidentId || s.incident?.lastShutdown !== undefined) return null;
  const { describeLastShutdown, readLastShutdown } = await import('../observe/last-shutdown.ts');
  const ls = await readLastShutdown(d.cfg, d.exec);
  if (!ls) return null;
  const after = await d.store.update((st) => {
    if (st.incident?.id !== incidentId) return { state: st, result: st };
    const line = describeLastShutdown(ls, st.incident.openedAt, seenRunningAt);
    const next = noteAction({ ...st, incident: { ...st.incident, lastShutdown: line } }, { tier: 'watchdog', kind: 'note', detail: line, ok: null }, d.now());
    return { state: next, result: next };
  });
  const line = after.incident?.id === incidentId ? (after.incident.lastShutdown ?? null) : null;
  d.log({ tier: 'watchdog', event: 'last-shutdown', detail: line });
  return line;
}
