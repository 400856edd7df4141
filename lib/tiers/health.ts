// Tier 2: observe (HTTP probe; readiness when live), decide (decide/health.ts, decide/readiness.ts),
// act (restart, verify), record, wake. The lock is held only inside store.update, never across the
// probe or the restart.
import { heartbeatPing, heartbeatUrl } from '../decide/heartbeat.ts';
import { setDoing } from '../seams/deadline.ts';
import { startChannel, type ChannelStart } from '../act/channel-start.ts';
import { abortSession, type SessionAbort } from '../act/session-abort.ts';
import type { RestartOutcome } from '../act/restart.ts';
import { gatewayPort } from '../config/config.ts';
import { decideHealth, isStopped, judgeStillness, type Stillness } from '../decide/health.ts';
import { policyFrom, type Action } from '../decide/policy.ts';
import { afterChannelStarts, decideReadiness } from '../decide/readiness.ts';
import { afterSessionAborts, servingDue } from '../decide/serving.ts';
import { remindIfDue } from '../decide/reminders.ts';
import { probeOnce, waitHealthy, type HealthProbe, type ProbeAttempt, type Verdict } from '../observe/health.ts';
import { gatewayWhere, identifyGateway } from '../observe/identity.ts';
import { cpuGained, descendantsOf, listProcesses, processStates } from '../observe/processes.ts';
import { probeReadiness, type Readiness } from '../observe/readiness.ts';
import { ConfigError } from '../config/reader.ts';
import { configAlert } from '../record/alerts.ts';
import { closeRecovered } from '../record/incident.ts';
import { queueAlert } from '../record/outbox.ts';
import { trimState } from '../record/normalize.ts';
import type { Deps } from '../seams/deps.ts';
import { loadPart } from '../seams/part.ts';
import type { ServingSummary } from './serving.ts';
import { tickStart, restartAndRecord, wake } from './steps.ts';

export interface HealthSummary {
  tier: 'health';
  probe: HealthProbe;
  /** OpenClaw's /readyz, probed when the gateway is live (null: not probed). */
  readiness: Readiness | null;
  /** The serving check, when one was due (null: not due, or the gateway not live). */
  serving: ServingSummary | null;
  action: Action;
  restart: RestartOutcome | null;
  verified: HealthProbe | null;
  incident: string | null;
  woke: string[];
}

/** The shortest span CPU time is compared across. */
const MIN_SPAN_MS = 2_000;

/**
 * A gateway that did not answer: frozen, or booting, or busy? Its state, and its CPU time (with the
 * workers it forked) across one more try: /proc/<pid>/stat on Linux, `ps -o stat=,time=` on macOS,
 * both to the hundredth. Measured inside the probe's own retries, so a frozen gateway ends them
 * early: stopped (state T) after the first failed try, no CPU across the second. Only on this path:
 * a healthy tick pays nothing for it.
 */
class StillnessWatch {
  pids: number[] = [];
  /** The gateway's processes and everything they forked: whose CPU time counts as its progress. */
  family: number[] = [];
  main: number | null = null;
  youngestAgeMs: number | null = null;
  result: Stillness | null = null;
  private before: Map<number, { stat: string; cpuS: number }> | null = null;
  /** When the first sample was taken. */
  private beforeAt = 0;
  private looked = false;

  constructor(private readonly d: Deps) {}

  /** /proc on Linux (hundredths of a second), ps elsewhere. */
  private async states(): Promise<Map<number, { stat: string; cpuS: number }>> {
    return processStates(this.d.probeExec, this.family, this.d.platform);
  }

  /** Which processes are the gateway, once per tick: a dead gateway is looked up once, not per try. */
  private async identify(): Promise<void> {
    if (this.looked) return;
    this.looked = true;
    const procs = (await identifyGateway(this.d.probeExec, gatewayWhere(this.d.cfg), { cheap: true }))?.processes ?? [];
    this.pids = procs.map((p) => p.pid);
    // The main process: the one whose parent is not itself a gateway process.
    this.main = procs.find((p) => !this.pids.includes(p.ppid))?.pid ?? null;
    // Its descendants too: a booting gateway's work can be in a worker it forked (the real one's
    // SQLite and spawn workers) while the main process waits on it.
    this.family = this.pids.length ? descendantsOf(this.pids, (await listProcesses(this.d.probeExec)) ?? []) : [];
    const ages = procs.map((p) => p.ageS).filter((a): a is number => a !== undefined);
    this.youngestAgeMs = ages.length ? Math.min(...ages) * 1000 : null;
  }

  /** After a failed try: true when the gateway is frozen and more tries would only add downtime. */
  readonly stopAfter = async (tries: ProbeAttempt[]): Promise<boolean> => {
    if (this.before === null) {
      if (this.looked) return false;
      await this.identify();
      if (!this.pids.length) return false;
      this.before = await this.states();
      this.beforeAt = this.d.now();
      const stats = this.gatewayStats(this.before);
      if (stats.some(isStopped)) this.result = { stats, cpuDeltaS: null, verdict: tries[0]?.verdict ?? 'timeout' };
    } else if (this.result === null) this.result = await this.measure(tries[0]?.verdict ?? 'timeout');
    return this.result !== null && judgeStillness(this.result).frozen;
  };

  async measure(verdict: Verdict): Promise<Stillness | null> {
    if (!this.before || !this.pids.length) return null;
    // A refused connection returns at once: CPU gained over a few milliseconds says nothing, so the
    // second sample waits until MIN_SPAN_MS after the first (a booting gateway shows its progress).
    const left = MIN_SPAN_MS - (this.d.now() - this.beforeAt);
    if (left > 0) await this.d.pc.sleep(left);
    const after = await this.states();
    const total = [...after.values()].reduce((n, x) => n + x.cpuS, 0);
    return { stats: this.gatewayStats(after), cpuDeltaS: after.size ? cpuGained(this.before, after) : null, verdict, mainPid: this.main, cpuTotalS: after.size ? Math.round(total * 100) / 100 : null };
  }

  /** The state letters of the gateway's own processes (a worker's state is not the gateway's). */
  private gatewayStats(m: Map<number, { stat: string }>): string[] {
    return this.pids.map((pid) => m.get(pid)?.stat).filter((st): st is string => st !== undefined);
  }

  /**
   * After the last failed try. Measured across it when the retries began measuring; with one try only,
   * a young gateway gets one more try, measured (booting or frozen decides whether it keeps its grace).
   */
  async afterRetries(last: Verdict): Promise<void> {
    const lookedDuringRetries = this.looked;
    await this.sample(last);
    // The process looked at during the retries died, or none was there then: launchd's KeepAlive (or
    // a person) may have started another meanwhile. Look once more, so a gateway started seconds ago
    // keeps its grace instead of being judged by the one that died (seen with the real gateway).
    if (!lookedDuringRetries || this.pids.some((pid) => this.d.pc.alive(pid))) return;
    this.looked = false;
    this.before = null;
    this.result = null;
    await this.identify();
  }

  private async sample(last: Verdict): Promise<void> {
    if (this.before !== null) {
      if (this.result === null) this.result = await this.measure(last);
      return;
    }
    await this.identify();
    if (!this.pids.length) return;
    this.before = await this.states();
    this.beforeAt = this.d.now();
    const stats = this.gatewayStats(this.before);
    if (stats.some(isStopped)) this.result = { stats, cpuDeltaS: null, verdict: last };
    else if (this.youngestAgeMs !== null && this.youngestAgeMs < Math.max(this.d.cfg.startupGraceS, this.d.cfg.startupGraceMaxS) * 1000) {
      const again = await probeOnce(this.d, 1);
      this.result = await this.measure(again.verdict);
    }
  }
}

/** Observe: the probe (a frozen gateway ends its retries early); on failure the gateway's age and stillness; when live, readiness. */
async function observe(d: Deps): Promise<{ probe: HealthProbe; startedAt: number; youngestProcessAgeMs: number | null; stillness: Stillness | null; readiness: Readiness | null }> {
  const startedAt = d.now();
  const watch = new StillnessWatch(d);
  setDoing('probing the gateway (GATEWAY_HEALTH_URL)');
  const probe = await probeOnce(d, d.cfg.healthRetries, watch.stopAfter);
  if (!probe.ok) await watch.afterRetries(probe.verdict);
  // Live: is it also ready (channels, agent databases)? Only then; a dead gateway is not "not ready".
  const readiness = probe.ok && d.cfg.readyUrl ? await probeReadiness(d.httpGet, d.cfg.readyUrl, d.cfg.healthTimeoutMs) : null;
  return { probe, startedAt, youngestProcessAgeMs: probe.ok ? null : watch.youngestAgeMs, stillness: probe.ok ? null : watch.result, readiness };
}

/**
 * The serving check's code, only on a tick where a check is due. From dist/ it is its own bundle
 * (scripts/serving-check.ts): bundled into this one it would add half again to what every tick parses.
 */
export function loadServing(): Promise<typeof import('./serving.ts')> {
  return loadPart('serving-check', '../tiers/serving.ts');
}

export async function runHealthcheck(d: Deps): Promise<HealthSummary> {
  const policy = policyFrom(d.cfg, process.pid);
  const obs = await observe(d);
  const { probe, readiness } = obs;
  // Decide and record the intent, under the lock.
  const decision = await d.store.update((s0) => {
    const now = d.now();
    let dec = decideHealth(tickStart(d, 'health', s0, now), obs, policy, now);
    if (probe.ok && d.cfg.readyUrl) dec = decideReadiness(dec.state, readiness, policy, now);
    const state = trimState(remindIfDue(dec.state, policy, now), now, policy.restartWindowMs);
    return { state, result: { action: dec.action, state } };
  });
  let { action } = decision;
  d.log({ tier: 'health', event: action.kind, ok: probe.ok, detail: action.reason, latencyMs: probe.latencyMs });
  const summary: HealthSummary = { tier: 'health', probe, readiness, serving: null, action, restart: null, verified: null, incident: decision.state.incident?.id ?? null, woke: [] };
  let after = decision.state;
  // Live: does the assistant answer? On its own slower cadence; loaded only when due. Also while
  // not ready: one channel left unready must not switch off login, billing and stuck-chat detection.
  let servingError: ConfigError | null = null;
  if ((action.kind === 'none' || action.kind === 'hold') && probe.ok && servingDue(after, policy, d.now())) {
    try {
      setDoing('the serving check');
      const { checkServing } = await loadServing();
      const sv = await checkServing(d, after, policy);
      summary.serving = sv.summary;
      // Nothing to do for serving: the liveness and readiness verdict stands, with what serving saw.
      summary.action = action = sv.action.kind === 'none' ? { ...action, reason: `${action.reason}; ${sv.action.reason}` } : sv.action;
      after = sv.state;
    } catch (e) {
      // A bad signature table: the liveness work above stands; a person is told, and the tier exits 78 naming the entry.
      if (!(e instanceof ConfigError)) throw e;
      servingError = e;
      after = await d.store.update((s) => {
        const next = queueAlert(s, configAlert({ key: e.key, message: e.message }), d.now());
        return { state: next, result: next };
      });
    }
  }
  // Safe mode: start the channels the breaker holds down, then record what OpenClaw answered.
  if (action.kind === 'start-channels') {
    const started: ChannelStart[] = [];
    setDoing('starting a channel (openclaw gateway call channels.start)');
    for (const c of action.channels) started.push(await startChannel(d.exec, d.cfg.openclawBin, c, d.cfg.servingTimeoutS * 1000, gatewayPort(d.cfg)));
    const dec = await d.store.update((s) => {
      const r = afterChannelStarts(s, started, policy, d.now());
      return { state: r.state, result: r };
    });
    d.log({ tier: 'health', event: 'channels-started', detail: dec.action.reason, outcomes: started.map((r) => `${r.channel}: ${r.outcome} in ${r.durationMs} ms`) });
    summary.action = action = dec.action;
    after = dec.state;
  }
  // Chats stuck on a run: abort those runs, then record what OpenClaw answered (a failed abort: a restart, below).
  if (action.kind === 'abort-sessions') {
    const aborted: SessionAbort[] = [];
    setDoing('aborting a stuck chat\'s run (openclaw gateway call sessions.abort)');
    for (const k of action.sessions) aborted.push(await abortSession(d.exec, d.cfg.openclawBin, k, d.cfg.servingTimeoutS * 1000, gatewayPort(d.cfg)));
    const dec = await d.store.update((s) => {
      const r = afterSessionAborts(s, aborted, policy, d.now());
      return { state: r.state, result: r };
    });
    d.log({ tier: 'health', event: 'sessions-aborted', detail: dec.action.reason, outcomes: aborted.map((r) => `${r.outcome} in ${r.durationMs} ms`) });
    summary.action = action = dec.action;
    after = dec.state;
  }
  let wakeDoctor = action.kind === 'doctor';
  // Act, then record the outcome.
  if (action.kind === 'restart') {
    setDoing('restarting the gateway and waiting for it to answer');
    const r = await restartAndRecord(d, 'health', policy, after, async (o) => {
      summary.verified = o.ok ? await waitHealthy(d, d.cfg.restartVerifyS) : null;
      const v = summary.verified;
      if (!v) return { ok: false, detail: '' };
      return {
        ok: v.ok,
        pending: !v.ok,
        detail: v.ok ? 'then healthy' : `the command worked, but the gateway did not answer within ${d.cfg.restartVerifyS} s: ${v.detail}`,
        record: (s, now, prior) =>
          v.ok && s.incident?.kind === 'serving'
            ? // Live again is not answering again: the next serving check (due now) judges that.
              { ...s, healthySince: now, unhealthySince: null, serving: { ...s.serving, lastCheckAt: null } }
            : v.ok
            ? closeRecovered({ ...s, healthySince: now, unhealthySince: null, lastProbe: { at: now, ok: true, detail: v.detail, latencyMs: v.latencyMs } }, now, `healthy ${Math.round((now - (prior.lastRestartAt ?? now)) / 1000)}s after the restart`, policy.recoverySettleMs)
            : s,
      };
    }, { frozen: action.frozen });
    summary.restart = r.outcome;
    d.log({ tier: 'health', event: 'restarted', ok: r.outcome.ok, steps: r.outcome.steps, healthy: summary.verified?.ok ?? false });
    after = r.state;
    wakeDoctor ||= r.wakeDoctor;
  }
  await wake(d, after, wakeDoctor, summary.woke);
  const ping = d.cfg.heartbeatUrl ? heartbeatPing(probe.ok, after.incident ? after.incident.kind ?? 'liveness' : null) : null;
  if (ping && d.cfg.heartbeatUrl) {
    // Dead-man's switch: a missing ping tells the person the supervisor itself stopped; a failure ping
    // says what kind of trouble, in fixed words (nothing from outside leaves the machine this way).
    await d.httpGet(heartbeatUrl(d.cfg.heartbeatUrl, ping), 10_000).catch((e: Error) => d.log({ tier: 'health', event: 'heartbeat-failed', detail: e.message }));
  }
  summary.incident = after.incident?.id ?? null;
  if (servingError) throw servingError;
  return summary;
}
