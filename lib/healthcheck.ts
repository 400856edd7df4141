// Tier 2: observe (HTTP probe), decide (escalation.ts), act (restart, verify, wake the doctor),
// record. The lock is held only inside store.update, never across the probe or the restart.
import type { Deps } from './deps.ts';
import { afterRestart, clearStaleRestart, decideHealth, decideReadiness, policyFrom, recordUncleanStops, remindIfDue, restartDone, uncleanStopsLeft, type Action, type YoungGateway } from './escalation.ts';
import { probeReadiness, type Readiness } from './gateway/readiness.ts';
import { closeRecovered, noteAction } from './incident.ts';
import { clearStaleLease } from './lease.ts';
import { activeIds } from './alerts/channels/index.ts';
import { anyDue } from './alerts/outbox.ts';
import { identifyGateway } from './gateway/identity.ts';
import { gatewayWhere, probeHealth, processStates, urlPort, type HealthProbe } from './gateway/probe.ts';
import { restartGateway, unclean, type RestartOutcome } from './gateway/restart.ts';
import { trimState, type State } from './state/state.ts';

export interface HealthSummary {
  tier: 'health';
  probe: HealthProbe;
  /** OpenClaw's /readyz, probed when the gateway is live (null: not probed). */
  readiness: Readiness | null;
  action: Action;
  restart: RestartOutcome | null;
  verified: HealthProbe | null;
  incident: string | null;
  woke: string[];
}

export function probeOnce(d: Deps, retries = d.cfg.healthRetries): Promise<HealthProbe> {
  const c = d.cfg;
  return probeHealth({ url: c.healthUrl, timeoutMs: c.healthTimeoutMs, retries, slowMs: c.healthSlowMs, bodyRegex: c.healthBodyRegex, get: d.httpGet });
}

/** Polls until healthy or `seconds` pass; a gateway takes a while to boot after a restart. */
export async function waitHealthy(d: Deps, seconds: number): Promise<HealthProbe> {
  const deadline = d.now() + seconds * 1000;
  for (;;) {
    const p = await probeOnce(d, 1);
    if (p.ok || d.now() >= deadline) return p;
    await d.pc.sleep(Math.min(2_000, Math.max(100, deadline - d.now())));
  }
}

/** How long a restart may legitimately take: command twice, the kill grace, the verification. */
export function restartBoundMs(d: Deps): number {
  const c = d.cfg;
  return (2 * c.restartTimeoutS + c.killGraceS + c.restartVerifyS + 30) * 1000;
}

/** Wakes the alert tier when something waits in the outbox. */
export async function wakeAlertsIfDue(d: Deps, s: State, woke: string[]): Promise<void> {
  if (anyDue(s, d.now(), activeIds(d.cfg))) woke.push(await d.launch('alert'));
}

/**
 * A young gateway that did not answer: frozen, or booting? Its state, and its CPU time across one
 * more probe (`ps -o stat=,time=` reads the same on macOS and Linux). Only on this path: a healthy
 * tick pays nothing for it.
 */
async function observeYoung(d: Deps, pids: number[]): Promise<YoungGateway> {
  const before = await processStates(d.probeExec, pids);
  const stats = [...before.values()].map((s) => s.stat);
  if (stats.some((st) => st.startsWith('T'))) return { stats, cpuDeltaS: null, verdict: 'timeout' };
  const again = await probeOnce(d, 1);
  const after = await processStates(d.probeExec, pids);
  const cpu = (m: Map<number, { cpuS: number }>) => [...m.values()].reduce((n, s) => n + s.cpuS, 0);
  return { stats: [...after.values()].map((s) => s.stat), cpuDeltaS: after.size ? Math.round((cpu(after) - cpu(before)) * 100) / 100 : null, verdict: again.verdict };
}

export async function runHealthcheck(d: Deps): Promise<HealthSummary> {
  const policy = policyFrom(d.cfg);
  const probe = await probeOnce(d);
  let youngestProcessAgeMs: number | null = null;
  let young: YoungGateway | null = null;
  if (!probe.ok) {
    const procs = (await identifyGateway(d.probeExec, gatewayWhere(d.cfg), { cheap: true }))?.processes ?? [];
    const ages = procs.map((p) => p.ageS).filter((a): a is number => a !== undefined);
    youngestProcessAgeMs = ages.length ? Math.min(...ages) * 1000 : null;
    if (youngestProcessAgeMs !== null && youngestProcessAgeMs < d.cfg.startupGraceS * 1000) young = await observeYoung(d, procs.map((p) => p.pid));
  }
  // Live: is it also ready (channels, agent databases)? Only then; a dead gateway is not "not ready".
  const readiness = probe.ok && d.cfg.readyUrl ? await probeReadiness(d.httpGet, d.cfg.readyUrl, d.cfg.healthTimeoutMs) : null;
  const decision = await d.store.update((s0) => {
    const now = d.now();
    const { state: s1, cleared } = clearStaleLease(s0, (pid) => d.pc.alive(pid), now);
    if (cleared) d.log({ tier: 'health', event: 'lease-cleared', why: cleared });
    let dec = decideHealth(clearStaleRestart(s1, (pid) => d.pc.alive(pid), now, restartBoundMs(d)), { probe, youngestProcessAgeMs, young }, policy, now);
    if (probe.ok && d.cfg.readyUrl) dec = decideReadiness(dec.state, readiness, policy, now);
    const state = trimState(remindIfDue(dec.state, policy, now), now, policy.restartWindowMs);
    return { state, result: { action: dec.action, state } };
  });
  const { action } = decision;
  d.log({ tier: 'health', event: action.kind, ok: probe.ok, detail: action.reason, latencyMs: probe.latencyMs });
  const summary: HealthSummary = { tier: 'health', probe, readiness, action, restart: null, verified: null, incident: decision.state.incident?.id ?? null, woke: [] };
  let after = decision.state;
  let wakeDoctor = false;

  if (action.kind === 'restart') {
    summary.restart = await restartGateway(d.cfg, d.exec, d.pc, { uncleanLeft: uncleanStopsLeft(decision.state, d.now()) });
    summary.verified = summary.restart.ok ? await waitHealthy(d, d.cfg.restartVerifyS) : null;
    const verified = summary.verified;
    const outcome = summary.restart;
    d.log({ tier: 'health', event: 'restarted', ok: outcome.ok, steps: outcome.steps, healthy: verified?.ok ?? false });
    after = await d.store.update((s) => {
      const now = d.now();
      const detail = `${outcome.steps.join('; ')}${verified ? `; then ${verified.ok ? 'healthy' : `not healthy yet: ${verified.detail}`}` : ''}`;
      let next = noteAction(recordUncleanStops(restartDone(s, now), unclean(outcome), now), { tier: 'health', kind: 'restart', detail, ok: outcome.ok && (verified?.ok ?? false) }, now);
      const more = afterRestart(next, 'health', outcome, { command: d.cfg.restartCommand, port: urlPort(d.cfg.healthUrl) }, policy, now);
      next = more.state;
      wakeDoctor = more.wakeDoctor;
      if (verified?.ok) {
        next = { ...next, healthySince: now, unhealthySince: null, lastProbe: { at: now, ok: true, detail: verified.detail, latencyMs: verified.latencyMs } };
        next = closeRecovered(next, now, `healthy ${Math.round((now - (s.lastRestartAt ?? now)) / 1000)}s after the restart`, d.cfg.alertRecoverySettleS * 1000);
      }
      return { state: next, result: next };
    });
  }
  if (action.kind === 'doctor' || wakeDoctor) summary.woke.push(await d.launch('doctor'));
  await wakeAlertsIfDue(d, after, summary.woke);
  if (probe.ok && d.cfg.heartbeatUrl) {
    // Dead-man's switch: a missing ping tells the person the supervisor itself stopped.
    await d.httpGet(d.cfg.heartbeatUrl, 10_000).catch((e: Error) => d.log({ tier: 'health', event: 'heartbeat-failed', detail: e.message }));
  }
  summary.incident = after.incident?.id ?? null;
  return summary;
}

export function renderHealth(s: HealthSummary): string {
  const lines = [`health: ${s.probe.ok ? 'OK' : 'FAILING'}: ${s.probe.detail}`];
  if (s.readiness) lines.push(`readiness: ${s.readiness.detail}`);
  lines.push(`action: ${s.action.kind}: ${s.action.reason}`);
  if (s.restart) lines.push(`restart: ${s.restart.ok ? 'ok' : 'failed'}: ${s.restart.steps.join('; ')}`);
  if (s.verified) lines.push(`after restart: ${s.verified.ok ? 'healthy' : 'not healthy'}: ${s.verified.detail}`);
  if (s.incident) lines.push(`incident: ${s.incident}`);
  for (const w of s.woke) lines.push(`woke: ${w}`);
  return lines.join('\n');
}
