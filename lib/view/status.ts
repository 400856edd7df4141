// What a person asks first: is it healthy, since when, what is open, what was tried, is a doctor
// running, is the supervisor paused. Pure rendering of the state, plus pause/resume as state changes.
import { formatDuration } from '../text/duration.ts';
import { modelReading, stripControl } from '../text/untrusted.ts';
import { actionLines, attachCommand } from '../record/alerts.ts';
import { servingProblem } from '../record/serving-alerts.ts';
import { updateHold } from '../decide/update.ts';
import { doctorActive, doctorRunsToday, isPaused, recentUncleanStops } from '../record/queries.ts';
import { backlogOn, deliveryOf } from '../record/outbox.ts';
import { TIERS, type ChannelId, type Incident, type ServingCause, type State, type Tier } from '../record/state.ts';

/** A channel as the config has it: on, or on but unable to work here (why). */
export interface ChannelSetting {
  id: ChannelId;
  off: string | null;
}

export interface ChannelReport extends ChannelSetting {
  waiting: number;
  oldestAt: number | null;
  lastError: string | null;
  /** Alerts it gave up on in the last 24 h, newest last. */
  lost: Array<{ at: number; title: string; why: string }>;
}

export interface StatusReport {
  healthy: boolean | null;
  since: number | null;
  lastProbe: State['lastProbe'];
  paused: State['paused'];
  /** OpenClaw's own updates: one running now (the tiers stand down), the last that ended, a ledger not readable. */
  update: { running: string | null; active: State['update']['active']; lastRun: State['update']['lastRun']; blind: string | null; migrations: State['update']['migrations'] };
  incident: Incident | null;
  doctor: { running: boolean; tmuxSession: string | null; deadline: number | null; requested: State['doctor']['requested']; runsToday: number; lastRun: State['doctor']['runs'][number] | null };
  outbox: { waiting: number; oldestAt: number | null; lastError: string | null; channels: ChannelReport[] };
  recent: Array<{ id: string; openedAt: number; outcome: string | null; ttrMs: number | null; fixedBy: string | null; trigger: string }>;
  tiers: State['tiers'];
  notices: State['notices'];
  readiness: State['readiness'];
  /** Live and ready: does the assistant answer (log signatures, OpenClaw's route check, disk, canary)? */
  serving: State['serving'];
  uncleanStops: number;
  /** What is wrong in .env but stops nothing (a channel off, an unknown key). */
  configProblems: string[];
  /** The gateway probed now, by status itself (null: not probed). */
  live: { ok: boolean; detail: string } | null;
  /** Tiers that ran before and have not run within 3 of their intervals: their schedule stopped. */
  stale: Array<{ tier: Tier; lastRunAt: number; check: string }>;
  /** One word for scripts: healthy (exit 0), degraded or unhealthy (1), stale or unknown (2). */
  verdict: Verdict;
}

export type Verdict = 'healthy' | 'degraded' | 'unhealthy' | 'stale' | 'unknown';

export const VERDICT_EXIT: Record<Verdict, number> = { healthy: 0, degraded: 1, unhealthy: 1, stale: 2, unknown: 2 };

/** What status needs to know of this machine to judge staleness. */
export interface Schedule {
  /** Each scheduled tier's interval in seconds (the doctor runs on demand). */
  intervals: Partial<Record<Tier, number>>;
  /** The command that shows whether a tier's agent is loaded. */
  check: (tier: Tier) => string;
}

/** A tier that ran before and has missed 3 of its intervals: its schedule has stopped. */
export function staleTiers(s: State, now: number, schedule: Schedule): StatusReport['stale'] {
  const out: StatusReport['stale'] = [];
  for (const [tier, interval] of Object.entries(schedule.intervals) as Array<[Tier, number]>) {
    const last = s.tiers[tier].lastRunAt;
    if (last !== null && now - last > 3 * interval * 1000) out.push({ tier, lastRunAt: last, check: schedule.check(tier) });
  }
  return out;
}

function judge(r: Omit<StatusReport, 'verdict'>): Verdict {
  const rd = r.readiness;
  const live = r.live ? r.live.ok : r.healthy;
  if (live === false) return 'unhealthy';
  if (r.stale.length) return 'stale';
  if (live === null) return 'unknown';
  if (r.serving.faults.length > 0) return 'degraded';
  return rd.at !== null && (rd.notReadySince !== null || rd.suppressed.length > 0) ? 'degraded' : 'healthy';
}

export function channelReport(s: State, c: ChannelSetting, now: number): ChannelReport {
  const backlog = backlogOn(s, c.id);
  return {
    ...c,
    waiting: c.off ? 0 : backlog.length,
    oldestAt: c.off ? null : (backlog[0]?.createdAt ?? null),
    lastError: c.off ? null : (backlog.map((a) => deliveryOf(a, c.id).lastError).find((e) => e) ?? null),
    lost: s.alertDrops.filter((x) => x.channel === c.id && now - x.at < 86_400_000).map((x) => ({ at: x.at, title: x.title, why: x.why })),
  };
}

export function statusReport(s: State, now: number, channels: ChannelSetting[] = [], configProblems: string[] = [], live: StatusReport['live'] = null, schedule: Schedule | null = null): StatusReport {
  const healthy = s.lastProbe ? s.lastProbe.ok : null;
  const lease = s.doctor.lease;
  const report: Omit<StatusReport, 'verdict'> = {
    live,
    stale: schedule ? staleTiers(s, now, schedule) : [],
    healthy,
    since: healthy === null ? null : healthy ? s.healthySince : s.unhealthySince,
    lastProbe: s.lastProbe,
    readiness: s.readiness,
    serving: s.serving,
    uncleanStops: recentUncleanStops(s, now),
    configProblems,
    paused: isPaused(s, now) ? s.paused : null,
    update: { running: updateHold(s.update, now), active: updateHold(s.update, now) ? s.update.active : null, lastRun: s.update.lastRun, blind: s.update.blind, migrations: s.update.migrations },
    incident: s.incident,
    doctor: {
      running: doctorActive(s, now),
      tmuxSession: lease?.tmuxSession ?? null,
      deadline: lease?.deadline ?? null,
      requested: s.doctor.requested,
      runsToday: doctorRunsToday(s, now),
      lastRun: s.doctor.runs.at(-1) ?? null,
    },
    outbox: {
      waiting: s.outbox.length,
      oldestAt: s.outbox.length ? Math.min(...s.outbox.map((a) => a.createdAt)) : null,
      lastError: s.outbox.find((a) => a.lastError)?.lastError ?? null,
      channels: channels.map((c) => channelReport(s, c, now)),
    },
    recent: s.history
      .slice(-5)
      .reverse()
      .map((h) => ({ id: h.id, openedAt: h.openedAt, outcome: h.outcome, ttrMs: h.closedAt ? h.closedAt - h.openedAt : null, fixedBy: h.fixedBy, trigger: h.trigger })),
    tiers: s.tiers,
    notices: s.notices.slice(-3),
  };
  return { ...report, verdict: judge(report) };
}

function ago(now: number, t: number | null): string {
  return t === null ? 'never' : `${formatDuration(now - t)} ago`;
}

function clock(t: number): string {
  return new Date(t).toLocaleString('en-GB', { hour12: false });
}

export function renderStatus(r: StatusReport, now: number, maxPerDay: number, tmuxSocket: string | null = null): string {
  const out: string[] = [];
  // Live and ready are told apart: a gateway that answers /health while its channels are dead serves nobody.
  const rd = r.readiness;
  const notReady = r.healthy === true && rd.at !== null && (rd.notReadySince !== null || rd.suppressed.length > 0);
  // Probed now, not only read from the state: the tiers may have stopped running hours ago.
  const liveNow = r.live ? r.live.ok : r.healthy;
  const sv = r.serving;
  const notServing = liveNow === true && !notReady && sv.faults.length > 0;
  const head = liveNow === null ? 'UNKNOWN (no health check has run yet)' : !liveNow ? 'UNHEALTHY' : notReady ? 'LIVE, NOT READY' : notServing ? 'LIVE, READY, NOT SERVING' : 'HEALTHY';
  const sinceOk = r.since !== null && (r.live === null || r.live.ok === r.healthy);
  out.push(`OpenClaw gateway: ${head}${sinceOk && r.since ? ` since ${clock(r.since)} (${ago(now, r.since)})` : ''}`);
  if (r.live) out.push(`  probed now: ${r.live.ok ? 'answers' : 'DOES NOT ANSWER'}: ${r.live.detail}`);
  for (const t of r.stale) out.push(`STALE: the ${t.tier} tier last ran ${ago(now, t.lastRunAt)} (it runs every ${t.tier === 'alert' ? '5 min' : 'minute'}): is its agent loaded? ${t.check}`);
  if (notReady) {
    const started = rd.suppressed.filter((c) => now - (rd.channelStarts[c] ?? -Infinity) < 3_600_000).map((c) => `${c} ${ago(now, rd.channelStarts[c] as number)}`);
    const what = rd.suppressed.length ? `SAFE MODE: the crash-loop breaker keeps ${rd.suppressed.join(', ')} down${started.length ? ` (started by the supervisor: ${started.join(', ')})` : ''}` : `NOT READY for ${formatDuration(now - (rd.notReadySince ?? now))}: ${rd.failing.join(', ') || 'no reason given'}`;
    out.push(`  gateway live, ${what}${rd.detail ? ` (${rd.detail})` : ''}`);
  } else if (r.healthy && rd.at !== null) out.push(`  ready (${rd.detail ?? 'ok'})`);
  if (liveNow && !notReady) for (const line of servingLines(sv, now)) out.push(`  ${line}`);
  if (r.uncleanStops) out.push(`  unclean stops by the supervisor in the last 5 min: ${r.uncleanStops} (OpenClaw's crash-loop breaker trips at 3)`);
  if (r.lastProbe) out.push(`  last probe ${ago(now, r.lastProbe.at)}: ${r.lastProbe.detail}`);
  for (const line of updateLines(r.update, now)) out.push(line);
  if (r.paused) out.push(`PAUSED until ${clock(r.paused.until)} (${formatDuration(r.paused.until - now)} left): ${r.paused.reason}. Resume: npm run status -- resume`);
  if (r.incident) {
    const i = r.incident;
    out.push(`Open incident ${i.id}, ${ago(now, i.openedAt)}: ${i.trigger}`);
    out.push(`  tiers reached: ${i.tiers.join(', ')}; restarts: ${i.restarts}; doctor runs: ${i.doctorRuns}${i.humanAlertedAt ? `; human alerted ${ago(now, i.humanAlertedAt)}` : ''}`);
    for (const line of actionLines(i, 10).split('\n')) out.push(`  ${line}`);
    if (i.diagnosis) out.push(`  the doctor's reading (a model's words): ${modelReading(i.diagnosis, 400)}`);
  } else {
    out.push('No open incident.');
  }
  const d = r.doctor;
  if (d.running) out.push(`Doctor: RUNNING, deadline ${clock(d.deadline ?? now)}${d.tmuxSession ? `. Watch it: ${attachCommand(d.tmuxSession, tmuxSocket)}` : ''}`);
  else if (d.requested) out.push(`Doctor: requested ${ago(now, d.requested.at)}: ${d.requested.reason}`);
  else out.push(`Doctor: idle (${d.runsToday}/${maxPerDay} runs in the last 24 h)`);
  if (d.lastRun) {
    const l = d.lastRun;
    out.push(`  last run ${ago(now, l.endedAt)}: ${l.outcome} in ${formatDuration(l.durationMs)}, ${l.turns ?? '?'} turns, $${(l.costUsd ?? 0).toFixed(2)}${l.denied.length ? `, ${l.denied.length} commands denied` : ''}${l.diagnosis ? `: ${modelReading(l.diagnosis, 300)}` : ''}`);
    if (l.transcript) out.push(`  transcript: ${l.transcript}`);
  }
  const chans = r.outbox.channels;
  if (chans.length === 0) {
    if (r.outbox.waiting) out.push(`Alerts: ${r.outbox.waiting} waiting (oldest ${ago(now, r.outbox.oldestAt)}), and no channel is configured: set one in .env (see .env.example)`);
  } else {
    out.push('Alert channels:');
    for (const c of chans) {
      const state = c.off ? `off: ${c.off}` : c.waiting ? `${c.waiting} waiting (oldest ${ago(now, c.oldestAt)})${c.lastError ? `; last error: ${c.lastError}` : ''}` : 'nothing waiting';
      out.push(`  ${c.id}: ${state}`);
      for (const l of c.lost.slice(-3)) out.push(`    lost ${ago(now, l.at)}: "${l.title}": ${l.why}`);
      if (c.lost.length > 3) out.push(`    (${c.lost.length} lost in the last 24 h in all)`);
    }
  }
  if (r.recent.length) {
    out.push('Recent incidents:');
    for (const h of r.recent) {
      out.push(`  ${h.id} ${h.outcome === 'recovered' ? `recovered in ${formatDuration(h.ttrMs ?? 0)} by ${h.fixedBy}` : (h.outcome ?? 'open')}: ${h.trigger}`);
    }
  }
  out.push(`Tiers (last run, how it ended): ${TIERS.map((t) => `${t} ${r.tiers[t].lastRunAt ? `${ago(now, r.tiers[t].lastRunAt)} ${r.tiers[t].lastOk ? 'ok' : 'NOT ok'}` : 'never ran'}`).join('; ')}`);
  // What tier 1 saw last: which pid it counts as the gateway, and any other gateway it left alone.
  if (r.tiers.watchdog.lastSummary) out.push(`  watchdog saw: ${r.tiers.watchdog.lastSummary}`);
  for (const n of r.notices) out.push(`Note (${ago(now, n.at)}): ${n.text}`);
  for (const p of r.configProblems) out.push(`Config: ${p}`);
  // Log and probe text reach these lines: no escape sequence may reach the terminal.
  return stripControl(out.join('\n'));
}

/** The serving check's lines: the faults it found, or what it last saw and what the canary cost. */
export function servingLines(sv: State['serving'], now: number): string[] {
  return [...faultLines(sv, now), ...hintLines(sv)];
}

/** Hints the gateway contradicted (counted, never acted on), and what the check could not see or ask. */
function hintLines(sv: State['serving']): string[] {
  const out: string[] = [];
  const seen = Object.entries(sv.unconfirmed ?? {});
  if (seen.length) out.push(`  seen in a log, not confirmed by the gateway (nothing done): ${seen.map(([id, n]) => `${id} ×${n}`).join(', ')}`);
  for (const b of (sv.blind ?? []).slice(0, 5)) out.push(`  blind spot: ${b}`);
  const v = sv.version;
  // Newer than the log signatures were seen on: decide/version-drift.ts left its heads-up's key.
  if (v?.version) out.push(`  OpenClaw ${v.version}${v.from === 'installed' ? ' (installed)' : ''}${sv.headsUp[`version-drift:${v.version}`] !== undefined ? ': NEWER than the log signatures were seen on; log hints may miss a fault (the canary still checks)' : ''}`);
  else if (v) out.push(`  OpenClaw version not known: ${v.detail}`);
  return out;
}

function faultLines(sv: State['serving'], now: number): string[] {
  const c = sv.canary;
  const canary = c.lastAt === null ? 'canary never ran' : `canary ${c.lastOk ? 'answered' : `FAILED (${c.detail ?? 'no detail'})`} ${ago(now, c.lastAt)}, ${c.runs.filter((t) => now - t < 86_400_000).length} test messages in 24 h`;
  if (sv.faults.length === 0) return [sv.lastCheckAt === null ? 'serving: not checked yet (the health tier checks every SERVING_INTERVAL_S)' : `serving: no fault seen (checked ${ago(now, sv.lastCheckAt)}; ${canary})`];
  const first = sv.faults[0] as ServingCause;
  const lines = [`NOT SERVING for ${formatDuration(now - (sv.notServingSince ?? now))}: ${servingProblem(first).replace(/^NOT SERVING: /, '')}`];
  for (const f of sv.faults.slice(1, 4)) lines.push(`  also: ${servingProblem(f).replace(/^NOT SERVING: /, '')}`);
  const aborted = first.class === 'session' && first.subject !== null ? sv.sessionAborts[first.subject] : undefined;
  if (aborted !== undefined && now - aborted < 3_600_000) lines.push(`  its run aborted by the supervisor ${ago(now, aborted)} (sessions.abort)`);
  // After the supervisor acted (a restart, an abort) the next tick checks again at once.
  lines.push(sv.lastCheckAt === null ? `  checking again on the next health tick; ${canary}` : `  checked ${ago(now, sv.lastCheckAt)}; ${canary}`);
  return lines;
}

const RUN_WORDS: Record<string, string> = { succeeded: 'succeeded', failed: 'FAILED', 'rolled-back': 'FAILED and was rolled back', skipped: 'installed, readiness not confirmed' };

/** OpenClaw's own update, as the last look saw it (decide/update.ts). */
export function updateLines(u: StatusReport['update'], now: number): string[] {
  const out: string[] = [];
  if (u.active) out.push(`OPENCLAW UPDATE RUNNING (phase ${u.active.phase}) since ${clock(u.active.since)} (${formatDuration(now - u.active.since)}): the supervisor stands down until it ends. Look: openclaw update status`);
  const l = u.lastRun;
  if (l && l.finishedAt !== null && now - l.finishedAt < 7 * 86_400_000) {
    const versions = l.before || l.after ? ` (${l.before ?? '?'} → ${l.after ?? '?'})` : '';
    out.push(`  last OpenClaw update${versions} ${RUN_WORDS[l.status] ?? l.status} ${ago(now, l.finishedAt)}${l.reason ? ` (${l.reason})` : ''}${l.status === 'succeeded' ? '' : '. Look: openclaw update status; repair: openclaw update repair'}`);
  }
  const m = u.migrations;
  if (m && m.count > 0 && m.runId === l?.runId) out.push(`  the last OpenClaw update left ${m.count} plugin data/settings upgrade${m.count === 1 ? '' : 's'} unfinished (as of ${ago(now, m.at)}). Look: openclaw update status`);
  if (u.blind) out.push(`  cannot read OpenClaw's update ledger: ${u.blind}; an update would look like an outage`);
  return out;
}
