// Tier 1: observe (is the gateway process there, how big is it), decide (decide/watchdog.ts), act
// (restart), record, wake. Whether it answers is tier 2's business.
import { alertHuman } from '../decide/escalate.ts';
import { policyFrom, type Action } from '../decide/policy.ts';
import { decideWatchdog } from '../decide/watchdog.ts';
import type { RestartOutcome } from '../act/restart.ts';
import { describeOthers, gatewayWhere, identifyGateway } from '../observe/identity.ts';
import type { ProcessInfo } from '../observe/processes.ts';
import { noteAction } from '../record/incident.ts';
import { trimState, type State } from '../record/state.ts';
import { StateAccessError } from '../record/store.ts';
import type { Deps } from '../seams/deps.ts';
import { tickStart, restartAndRecord, wake } from './steps.ts';

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
  const id = await identifyGateway(d.probeExec, gatewayWhere(d.cfg), { cheap: true });
  const processes = id?.processes ?? null;
  // Decide, under the lock. A state it cannot write still leaves the gateway's restart to do.
  const decision = await d.store.update((s0) => {
    const now = d.now();
    const dec = decideWatchdog(tickStart(d, 'watchdog', s0, now), { processes, ambiguous: id?.ambiguous ?? null, others: id ? describeOthers(id) : [] }, policy, now);
    const state = trimState(dec.state, now, policy.restartWindowMs);
    // When the gateway was last seen running: a shutdown record older than that is not this exit's.
    const seen = Math.max(s0.lastProbe?.ok ? s0.lastProbe.at : 0, s0.lastRestartAt ?? 0);
    return { state, result: { action: dec.action, state, seenRunningAt: seen > 0 ? seen : null } };
  }).catch(async (e: unknown) => {
    if (!(e instanceof StateAccessError)) throw e;
    const { withoutState } = await import('./without-state.ts');
    const did = await withoutState(d, e, processes);
    throw new StateAccessError(e.path, e.code, d.cfg.home, did);
  });
  const { action } = decision;
  d.log({ tier: 'watchdog', event: action.kind, detail: action.reason, pids: processes?.map((p) => p.pid) ?? null });
  const summary: WatchdogSummary = { tier: 'watchdog', processes, action, restart: null, runningAfter: null, incident: decision.state.incident?.id ?? null, lastShutdown: null, woke: [] };
  let after = decision.state;
  let wakeDoctor = action.kind === 'doctor';
  // Act, then record the outcome.
  if (action.kind === 'restart') {
    const r = await restartAndRecord(d, 'watchdog', policy, decision.state, async (o) => {
      const running = o.ok ? await waitForProcess(d, Math.min(d.cfg.restartVerifyS, 15)) : false;
      summary.runningAfter = running;
      // Gone and not coming back: is its LaunchAgent (Mac) or its systemd unit (Linux) still there to start it?
      const { gatewayUnitProblem, launchAgentProblem, observeGatewayUnit, observeLaunchAgent } = await import('../observe/launch-agent.ts');
      const unit = d.cfg.launcher === 'systemctl' ? d.cfg.gatewaySystemdUnit : null;
      const agentProblem = running
        ? null
        : unit
          ? gatewayUnitProblem(await observeGatewayUnit(d.probeExec, unit), unit)
          : launchAgentProblem(await observeLaunchAgent(d.probeExec, d.cfg.launchdLabel, process.env.HOME ?? '/'), d.cfg.launchdLabel);
      return {
        ok: running,
        detail: `process ${running ? 'is back' : 'did not appear'}`,
        record: (s, now) => (agentProblem && s.incident && !s.incident.humanAlertedAt ? alertHuman(s, 'watchdog', agentProblem, now) : s),
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
