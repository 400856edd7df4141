// Tier 1: observe (is the gateway process there, how big is it), decide (escalation.ts), act (restart,
// wake the doctor), record. Whether it answers is tier 2's business.
import type { Deps } from './deps.ts';
import { afterRestart, alertHuman, clearStaleRestart, decideWatchdog, policyFrom, recordUncleanStops, restartDone, uncleanStopsLeft, type Action } from './escalation.ts';
import { describeLastShutdown, readLastShutdown } from './gateway/last-shutdown.ts';
import { launchAgentProblem, observeLaunchAgent } from './gateway/launch-agent.ts';
import { restartBoundMs, wakeAlertsIfDue } from './healthcheck.ts';
import { noteAction } from './incident.ts';
import { clearStaleLease } from './lease.ts';
import { describeOthers, identifyGateway } from './gateway/identity.ts';
import { gatewayWhere, urlPort, type ProcessInfo } from './gateway/probe.ts';
import { restartGateway, unclean, type RestartOutcome } from './gateway/restart.ts';
import { trimState, type State } from './state/state.ts';

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
  const policy = policyFrom(d.cfg);
  // lsof only when launchd or the pidfile does not already name a live gateway: every minute counts.
  const id = await identifyGateway(d.probeExec, gatewayWhere(d.cfg), { cheap: true });
  const processes = id?.processes ?? null;
  const decision = await d.store.update((s0) => {
    const now = d.now();
    const { state: s1, cleared } = clearStaleLease(s0, (pid) => d.pc.alive(pid), now);
    if (cleared) d.log({ tier: 'watchdog', event: 'lease-cleared', why: cleared });
    const dec = decideWatchdog(clearStaleRestart(s1, (pid) => d.pc.alive(pid), now, restartBoundMs(d)), { processes, ambiguous: id?.ambiguous ?? null, others: id ? describeOthers(id) : [] }, policy, now);
    const state = trimState(dec.state, now, policy.restartWindowMs);
    // When the gateway was last seen running: a shutdown record older than that is not this exit's.
    const seen = Math.max(s0.lastProbe?.ok ? s0.lastProbe.at : 0, s0.lastRestartAt ?? 0);
    return { state, result: { action: dec.action, state, seenRunningAt: seen > 0 ? seen : null } };
  });
  const { action } = decision;
  d.log({ tier: 'watchdog', event: action.kind, detail: action.reason, pids: processes?.map((p) => p.pid) ?? null });
  const summary: WatchdogSummary = { tier: 'watchdog', processes, action, restart: null, runningAfter: null, incident: decision.state.incident?.id ?? null, lastShutdown: null, woke: [] };
  let after = decision.state;
  let wakeDoctor = false;

  if (action.kind === 'restart') {
    const outcome = await restartGateway(d.cfg, d.exec, d.pc, { uncleanLeft: uncleanStopsLeft(decision.state, d.now()) });
    summary.restart = outcome;
    summary.runningAfter = outcome.ok ? await waitForProcess(d, Math.min(d.cfg.restartVerifyS, 15)) : false;
    const running = summary.runningAfter;
    // Gone and not coming back: on a Mac, is its LaunchAgent still there to start it?
    const agentProblem = running ? null : launchAgentProblem(await observeLaunchAgent(d.probeExec, d.cfg.launchdLabel, process.env.HOME ?? '/'), d.cfg.launchdLabel);
    d.log({ tier: 'watchdog', event: 'restarted', ok: outcome.ok, steps: outcome.steps, running });
    after = await d.store.update((s) => {
      const detail = `${outcome.steps.join('; ')}; process ${running ? 'is back' : 'did not appear'}`;
      let next = noteAction(recordUncleanStops(restartDone(s, d.now()), unclean(outcome), d.now()), { tier: 'watchdog', kind: 'restart', detail, ok: outcome.ok && running }, d.now());
      const more = afterRestart(next, 'watchdog', outcome, { command: d.cfg.restartCommand, port: urlPort(d.cfg.healthUrl) }, policy, d.now());
      next = more.state;
      if (agentProblem && next.incident && !next.incident.humanAlertedAt) next = alertHuman(next, 'watchdog', agentProblem, d.now());
      wakeDoctor = more.wakeDoctor;
      return { state: next, result: next };
    });
  }
  if (action.kind === 'doctor' || wakeDoctor) summary.woke.push(await d.launch('doctor'));
  await wakeAlertsIfDue(d, after, summary.woke);
  // Gone, not hung: the gateway may have said why it stopped. Read last, so it delays neither the
  // restart nor the doctor nor the alerts.
  if (action.kind === 'restart' && (processes?.length ?? 0) === 0) summary.lastShutdown = await noteLastShutdown(d, after, decision.seenRunningAt);
  return summary;
}

/** Puts the gateway's own shutdown record on the open incident, once; returns what it said. */
async function noteLastShutdown(d: Deps, s: State, seenRunningAt: number | null): Promise<string | null> {
  const incidentId = s.incident?.id;
  if (!incidentId || s.incident?.lastShutdown !== undefined) return null;
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

export function renderWatchdog(s: WatchdogSummary): string {
  const lines = [`watchdog: ${s.action.kind}: ${s.action.reason}`];
  if (s.restart) lines.push(`restart: ${s.restart.ok ? 'ok' : 'failed'}: ${s.restart.steps.join('; ')}; process ${s.runningAfter ? 'is back' : 'not seen'}`);
  if (s.incident) lines.push(`incident: ${s.incident}`);
  if (s.lastShutdown) lines.push(s.lastShutdown);
  for (const w of s.woke) lines.push(`woke: ${w}`);
  return lines.join('\n');
}
