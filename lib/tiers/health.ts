// Tier 2: observe (HTTP probe; readiness when live), decide (decide/health.ts, decide/readiness.ts),
// act (restart, verify), record, wake. The lock is held only inside store.update, never across the
// probe or the restart.
import { heartbeatPing, heartbeatUrl } from '../decide/heartbeat.ts';
import { setDoing } from '../seams/deadline.ts';
import { startChannel } from '../act/channel-start.ts';
import { abortSession } from '../act/session-abort.ts';
import type { RestartOutcome } from '../act/restart.ts';
import { gatewayPort } from '../config/config.ts';
import { decideHealth, judgeStillness } from '../decide/health.ts';
import { policyFrom, type Action, type Decision } from '../decide/policy.ts';
import { afterChannelStarts, decideReadiness } from '../decide/readiness.ts';
import { channelsNotWorking } from '../decide/channel-cause.ts';
import { askChannelStates } from '../observe/channel-states.ts';
import { servingDue } from '../decide/serving-due.ts';
import { afterSessionAborts } from '../decide/session-abort.ts';
import { remindIfDue } from '../decide/reminders.ts';
import { probeOnce, waitHealthy, type HealthProbe } from '../observe/health.ts';
import { StillnessWatch, type Stillness } from '../observe/stillness.ts';
import { probeReadiness, type Readiness } from '../observe/readiness.ts';
import { ConfigError } from '../config/reader.ts';
import { configAlert } from '../record/alerts.ts';
import { closeRecovered } from '../record/incident.ts';
import { queueAlert } from '../record/outbox.ts';
import { trimState } from '../record/normalize.ts';
import type { State } from '../record/state.ts';
import type { Deps } from '../seams/deps.ts';
import { loadPart } from '../seams/part.ts';
import type { ServingSummary } from './serving.ts';
import { lookForUpdateNow, tickStart, restartAndRecord, wake } from './steps.ts';
import { migrationsDue, noteMigrations, noteUpdate, updateHold } from '../decide/update.ts';
import { askMigrationWarnings } from '../observe/update-status.ts';

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

/** Observe: the probe (a frozen gateway ends its retries early); on failure the gateway's age and stillness; when live, readiness. */
async function observe(d: Deps): Promise<{ probe: HealthProbe; startedAt: number; youngestProcessAgeMs: number | null; stillness: Stillness | null; readiness: Readiness | null }> {
  const startedAt = d.now();
  const watch = new StillnessWatch(d, (y) => judgeStillness(y).frozen);
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

/**
 * One gateway call per item (channels.start, sessions.abort), one after the other, outside the lock;
 * then what OpenClaw answered is recorded and decided on, under it.
 */
async function actThenRecord<T, R extends { durationMs: number }>(
  d: Deps,
  doing: string,
  items: T[],
  act: (item: T, timeoutMs: number, port: string | null) => Promise<R>,
  record: (s: State, results: R[], now: number) => Decision,
  event: string,
  line: (r: R) => string,
): Promise<Decision> {
  setDoing(doing);
  const results: R[] = [];
  for (const item of items) results.push(await act(item, d.cfg.servingTimeoutS * 1000, gatewayPort(d.cfg)));
  const dec = await d.store.update((s) => {
    const r = record(s, results, d.now());
    return { state: r.state, result: r };
  });
  d.log({ tier: 'health', event, detail: dec.action.reason, outcomes: results.map(line) });
  return dec;
}

export async function runHealthcheck(d: Deps): Promise<HealthSummary> {
  const policy = policyFrom(d.cfg, process.pid);
  const obs = await observe(d);
  const { probe, readiness } = obs;
  // Not answering or not ready: before acting, is an OpenClaw update behind it (decide/update.ts)?
  const look = !probe.ok || (readiness !== null && !readiness.ready) ? await lookForUpdateNow(d) : null;
  // Decide and record the intent, under the lock.
  const decision = await d.store.update((s0) => {
    const now = d.now();
    const s1 = look ? noteUpdate(s0, look, now) : s0;
    let dec = decideHealth(tickStart(d, 'health', s1, now), obs, policy, now);
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
  if ((action.kind === 'none' || action.kind === 'hold') && probe.ok && servingDue(after, policy, d.now()) && !look) {
    // The serving check may abort a chat or restart: the ledger first (and how the last update ended).
    const seen = await lookForUpdateNow(d);
    after = await d.store.update((s) => {
      const next = noteUpdate(s, seen, d.now());
      return { state: next, result: next };
    });
    // A run that just finished: did it leave plugin upgrades unfinished? One CLI call per run.
    const runId = migrationsDue(after.update, d.now());
    if (runId) {
      setDoing('asking OpenClaw about unfinished plugin upgrades (openclaw update status)');
      const m = await askMigrationWarnings(d.exec, d.cfg.openclawBin, d.cfg.servingTimeoutS * 1000, gatewayPort(d.cfg));
      after = await d.store.update((s) => {
        const next = noteMigrations(s, runId, m, d.now());
        return { state: next, result: next };
      });
      d.log({ tier: 'health', event: 'update-migrations', detail: m.why ?? `${m.count} unfinished plugin upgrade(s)${m.unreadable ? '; its migration state unreadable' : ''}`, durationMs: m.durationMs });
    }
  }
  const updating = updateHold(after.update, d.now());
  if (updating && (action.kind === 'none' || action.kind === 'hold')) summary.action = action = { kind: 'hold', reason: `${action.reason}; ${updating}` };
  if ((action.kind === 'none' || action.kind === 'hold') && probe.ok && !updating && servingDue(after, policy, d.now())) {
    try {
      setDoing('the serving check');
      const { checkServing } = await loadServing();
      const up = readiness?.uptimeMs;
      const sv = await checkServing(d, after, policy, up !== null && up !== undefined ? obs.startedAt - up : null);
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
  // A channel past the grace: the gateway says why (a refused login, stopped, or no network), then decide.
  if (action.kind === 'ask-channels') {
    const ask = action;
    setDoing("asking the gateway about its channels (openclaw gateway call channels.status)");
    const states = await askChannelStates(d.exec, d.cfg.openclawBin, d.cfg.servingTimeoutS * 1000, gatewayPort(d.cfg));
    const dec = await d.store.update((s) => {
      const r = channelsNotWorking(s, ask.problem, ask.channels, states, policy, d.now());
      return { state: r.state, result: r };
    });
    d.log({ tier: 'health', event: 'channels-asked', detail: dec.action.reason, asked: states.asked });
    summary.action = action = dec.action;
    after = dec.state;
  }
  // Safe mode: start the channels the breaker holds down; chats stuck on a run: abort those runs.
  // Each then records what OpenClaw answered (a failed abort: a restart, below).
  if (action.kind === 'start-channels') {
    const dec = await actThenRecord(d, 'starting a channel (openclaw gateway call channels.start)', action.channels, (c, ms, port) => startChannel(d.exec, d.cfg.openclawBin, c, ms, port), (s, r, now) => afterChannelStarts(s, r, policy, now), 'channels-started', (r) => `${r.channel}: ${r.outcome} in ${r.durationMs} ms`);
    summary.action = action = dec.action;
    after = dec.state;
  }
  if (action.kind === 'abort-sessions') {
    const dec = await actThenRecord(d, "aborting a stuck chat's run (openclaw gateway call sessions.abort)", action.sessions, (k, ms, port) => abortSession(d.exec, d.cfg.openclawBin, k, ms, port), (s, r, now) => afterSessionAborts(s, r, policy, now), 'sessions-aborted', (r) => `${r.outcome} in ${r.durationMs} ms`);
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
