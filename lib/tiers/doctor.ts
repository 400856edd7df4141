// Tier 3, the Claude Doctor: one at a time (a lease in the state), within budget, with no hands but
// our typed tools (an MCP server; no shell, no file tools), fenced in behind them (permission rules
// and a fail-closed hook), bounded (turns, dollars, wall clock ending in TERM then KILL of its whole
// process group: doctor/process-group.ts), watchable (a tmux session following the transcript),
// verified by our own probes, and judged (doctor/config-restore.ts).
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { claimDoctor, judgeDoctorRun, notLoggedIn, type Preflight } from '../decide/doctor.ts';
import { alertHuman } from '../decide/escalate.ts';
import { policyFrom } from '../decide/policy.ts';
import { diagnosisText, parseTranscript, preflight } from '../doctor/claude.ts';
import { judgeRun, restoreConfig } from '../doctor/config-restore.ts';
import { prepare } from '../doctor/plan.ts';
import { runClaude } from '../doctor/process-group.ts';
import { answers, probeOnce, waitHealthy } from '../observe/health.ts';
import { gatewayWhere } from '../observe/identity.ts';
import { observeTriage } from '../observe/triage.ts';
import { probeReadiness } from '../observe/readiness.ts';
import { NO_LIVE_VIEW, protectedAlert } from '../record/alerts.ts';
import { closeRecovered, noteAction, toolsDone } from '../record/incident.ts';
import { clearStaleLease, leaseTokenHash } from '../record/lease.ts';
import { queueAlert, queueSelfAlert, releaseAlerts } from '../record/outbox.ts';
import { recordTierRun, type DoctorRun, type State } from '../record/state.ts';
import type { Deps } from '../seams/deps.ts';
import { scriptCommand } from '../seams/launcher.ts';
import { formatDuration } from '../text/duration.ts';
import { redactorFor } from '../text/redact.ts';
import { lookForUpdateNow, wake } from './steps.ts';
import { noteUpdate } from '../decide/update.ts';

export type { Preflight };

export interface DoctorSummary {
  tier: 'doctor';
  ran: boolean;
  outcome: DoctorRun['outcome'] | 'skipped';
  reason: string;
  run: DoctorRun | null;
  tmuxSession: string | null;
  transcript: string | null;
  woke: string[];
}

function runId(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

function tmuxArgs(d: Deps, ...args: string[]): string[] {
  return d.cfg.tmuxSocket ? ['-L', d.cfg.tmuxSocket, ...args] : args;
}

/**
 * Passing probes in a row, after giving the gateway time to boot. For a live-but-not-ready incident
 * (or safe mode) the gateway must also be ready, with no channel held down, at the end.
 */
async function verify(d: Deps, needReady: boolean): Promise<{ ok: boolean; detail: string }> {
  // A slow answer with the right body is an answer: on a busy machine (a build, a backup) undoing a
  // fix that worked because /health took 1.7 s would turn a repair into an outage. Slowness stays
  // the health tier's to judge, over its own retries.
  const first = await waitHealthy(d, d.cfg.restartVerifyS, answers);
  if (!answers(first)) return { ok: false, detail: `health check still failing: ${first.detail}` };
  for (let i = 1; i < d.cfg.doctorVerifyPasses; i++) {
    await d.pc.sleep(2_000);
    const p = await probeOnce(d);
    if (!answers(p)) return { ok: false, detail: `healthy once, then failing again: ${p.detail}` };
  }
  if (needReady && d.cfg.readyUrl) {
    const r = await probeReadiness(d.httpGet, d.cfg.readyUrl, d.cfg.healthTimeoutMs);
    if (!r.ready || r.suppressed.length) return { ok: false, detail: `live, but still not serving: ${r.detail}` };
    return { ok: true, detail: `${d.cfg.doctorVerifyPasses} health checks in a row passed, and ready (${r.detail})` };
  }
  return { ok: true, detail: `${d.cfg.doctorVerifyPasses} health checks in a row passed` };
}

export async function runDoctor(d: Deps): Promise<DoctorSummary> {
  const summary = await doctorRun(d);
  // Recorded, so `status` can say when tier 3 last ran and how it ended.
  const ok = summary.outcome === 'recovered' || summary.outcome === 'skipped';
  await d.store.update((s) => ({ state: recordTierRun(s, 'doctor', ok, `${summary.outcome}: ${summary.reason}`.slice(0, 300), d.now()), result: null }));
  return summary;
}

async function doctorRun(d: Deps): Promise<DoctorSummary> {
  const cfg = d.cfg;
  const summary: DoctorSummary = { tier: 'doctor', ran: false, outcome: 'skipped', reason: '', run: null, tmuxSession: null, transcript: null, woke: [] };
  const pf = await preflight(d);
  // Only when a run is asked for: is OpenClaw's own triage agent already repairing it?
  const requested = d.store.read().doctor.requested !== null;
  const triage = requested ? await observeTriage(d.probeExec, gatewayWhere(cfg)) : null;
  // And is OpenClaw's updater at work on it (decide/update.ts)?
  const look = requested ? await lookForUpdateNow(d) : null;
  const started = d.now();
  const id = runId(started);
  const session = `selfheal-doctor-${id.slice(11).replace(/-/g, '')}-${process.pid}`;
  const policy = policyFrom(cfg, process.pid);
  // The lease names its holder: only the tool server given this token may act.
  const token = randomBytes(24).toString('hex');
  const c = await d.store.update((s) => {
    const now = d.now();
    const { state } = clearStaleLease(look ? noteUpdate(s, look, now) : s, (pid) => d.pc.alive(pid), now);
    return claimDoctor(state, { preflight: pf, session, tmuxSocket: cfg.tmuxSocket, pid: process.pid, leaseMs: (cfg.doctorTimeoutS + 60) * 1000, tokenHash: leaseTokenHash(token), triage }, policy, now);
  });
  if (!c.go) {
    summary.outcome = c.outcome;
    summary.reason = c.why;
    d.log({ tier: 'doctor', event: 'not-run', why: c.why });
    if (c.outcome === 'refused') {
      summary.run = { incidentId: null, startedAt: started, endedAt: d.now(), durationMs: 0, turns: null, costUsd: null, denied: [], diagnosis: null, outcome: 'refused', detail: c.why, transcript: null };
      await d.store.update((s) => ({ state: { ...s, doctor: { ...s.doctor, runs: [...s.doctor.runs, summary.run as DoctorRun] } }, result: null }));
    }
    await wake(d, d.store.read(), false, summary.woke);
    return summary;
  }

  const runDir = join(cfg.home, 'doctor', id);
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const transcript = join(runDir, 'transcript.jsonl');
  writeFileSync(transcript, '', { mode: 0o600 });
  summary.transcript = transcript;
  const snapshot = join(runDir, 'config.before');
  if (existsSync(cfg.configPath)) copyFileSync(cfg.configPath, snapshot);
  let run: DoctorRun;
  try {
    const plan = await prepare(d, c.state, runDir, started + cfg.doctorTimeoutS * 1000, token);
    writeFileSync(join(runDir, 'settings.json'), JSON.stringify(plan.settings, null, 2), { mode: 0o600 });
    writeFileSync(join(runDir, 'mcp.json'), JSON.stringify(plan.mcpConfig, null, 2), { mode: 0o600 });
    writeFileSync(join(runDir, 'prompt.md'), plan.prompt, { mode: 0o600 });

    // Live view: a tmux session following the transcript. The doctor runs without it if tmux is missing.
    const viewer = [...scriptCommand('doctor-view'), transcript, '--linger', String(cfg.doctorViewLingerS)];
    const t = await d.exec(cfg.tmuxBin, tmuxArgs(d, 'new-session', '-d', '-s', session, '-x', '160', '-y', '48', ...viewer), { timeoutMs: 10_000 });
    if (t.ok) summary.tmuxSession = session;
    else {
      d.log({ tier: 'doctor', event: 'no-tmux', detail: t.stderr || String(t.exitCode) });
      await d.store.update((s) => {
        const lease = s.doctor.lease ? { ...s.doctor.lease, tmuxSession: null } : null;
        const next = queueSelfAlert({ ...s, doctor: { ...s.doctor, lease } }, NO_LIVE_VIEW.problem, NO_LIVE_VIEW.title, NO_LIVE_VIEW.summary(cfg.tmuxBin, (t.stderr || 'not found').slice(0, 200), transcript), d.now());
        return { state: next, result: null };
      });
    }
    d.log({ tier: 'doctor', event: 'started', session: summary.tmuxSession, transcript, version: pf.version });
    // The "doctor called" alert waited for this moment so it can say where to watch: send it now.
    const started2 = d.now();
    const st = await d.store.update((s) => {
      const next = releaseAlerts(s, (a) => a.kind === 'escalated' && a.incidentId === c.incidentId, started2);
      return { state: next, result: next };
    });
    await wake(d, st, false, summary.woke);

    const [, ...args] = plan.command;
    const res = await runClaude(d, args, plan.prompt, runDir, transcript);
    const result = parseTranscript(readFileSync(transcript, 'utf8'));
    const loginFailed = notLoggedIn(result.isError, result.text);
    const kind = d.store.read().incident?.kind ?? 'liveness';
    const verified = loginFailed ? { ok: false, detail: 'not verified: Claude Code could not run' } : await verify(d, kind !== 'liveness');
    let { outcome, detail } = judgeDoctorRun({ verified, notLoggedIn: loginFailed, claudeText: result.text, timedOut: res.timedOut, timeoutS: cfg.doctorTimeoutS, exitCode: res.exitCode, resultFound: result.found, saidFixed: result.diagnosis?.fixed === true, subtype: result.subtype });
    // Judged, not trusted: every config change of this run, whoever made it (a tool, doctor --fix).
    const judged = judgeRun(cfg.configPath, snapshot, runDir, id, outcome === 'recovered', redactorFor(snapshot));
    if (judged.restoredTo) detail += `; config restored to the pre-doctor version (the doctor's version is kept at ${judged.restoredTo})`;
    const did = toolsDone(d.store.read().incident, started);
    if (outcome === 'recovered' && did) detail = `${did}; ${detail}`;
    const ended = d.now();
    run = { incidentId: c.incidentId, startedAt: started, endedAt: ended, durationMs: ended - started, turns: result.turns, costUsd: result.costUsd, denied: result.denied, diagnosis: diagnosisText(result), outcome, detail, transcript, configChanges: judged.kept, protectedReverted: judged.reverted, snapshot, doctorConfig: judged.doctorConfig };
  } catch (e) {
    const ended = d.now();
    const restored = restoreConfig(cfg.configPath, snapshot, runDir, id);
    run = { incidentId: c.incidentId, startedAt: started, endedAt: ended, durationMs: ended - started, turns: null, costUsd: null, denied: [], diagnosis: null, outcome: 'error', detail: `the doctor failed: ${(e as Error).message}`, transcript, doctorConfig: restored };
  }

  const finished = run;
  // The supervisor's verdict closes the transcript, so the live view ends even when claude was killed.
  appendFileSync(transcript, `${JSON.stringify({ type: 'selfheal_verdict', outcome: finished.outcome, detail: finished.detail })}\n`);
  await d.store.update((s) => {
    const now = d.now();
    let next: State = { ...s, doctor: { ...s.doctor, lease: null, lastEndedAt: now, runs: [...s.doctor.runs, finished] } };
    if (next.incident) next = { ...next, incident: { ...next.incident, diagnosis: finished.diagnosis ?? next.incident.diagnosis } };
    const cost = finished.costUsd !== null ? `, $${finished.costUsd.toFixed(2)}` : '';
    next = noteAction(next, { tier: 'doctor', kind: 'doctor-run', detail: `${finished.outcome} after ${formatDuration(finished.durationMs)}, ${finished.turns ?? '?'} turns${cost}: ${finished.detail}`, ok: finished.outcome === 'recovered' }, now);
    const incId = next.incident?.id ?? finished.incidentId;
    if (finished.outcome === 'recovered') {
      const kept = finished.configChanges?.length
        ? [{ name: 'Config changes the doctor made (kept)', value: `${finished.configChanges.join('\n')}\nTo roll back: cp ${finished.snapshot} ${cfg.configPath}` }]
        : [];
      next = { ...closeRecovered(next, now, `the Claude Doctor's fix held: ${finished.detail}`, d.cfg.alertRecoverySettleS * 1000, kept), healthySince: now, unhealthySince: null };
    } else next = alertHuman(next, 'doctor', `the Claude Doctor did not fix it (${finished.outcome}): ${finished.detail}`, now, finished.diagnosis);
    if (finished.protectedReverted?.length && incId) next = queueAlert(next, protectedAlert(incId, finished, cfg.configPath), now);
    return { state: next, result: null };
  });
  d.log({ tier: 'doctor', event: 'finished', outcome: finished.outcome, detail: finished.detail, turns: finished.turns, costUsd: finished.costUsd, denied: finished.denied.length });
  summary.ran = true;
  summary.outcome = finished.outcome;
  summary.reason = finished.detail;
  summary.run = finished;
  await wake(d, d.store.read(), false, summary.woke);
  return summary;
}
