// The doctor's two questions: may a run start now (one at a time, only when requested, within its
// budget, with a Claude Code that can run), and how did it end (judged by our probes, not by what
// the model says).
import { DOCTOR_CANNOT_RUN, attachCommand } from '../record/alerts.ts';
import { noteAction, openIncident } from '../record/incident.ts';
import { queueSelfAlert } from '../record/outbox.ts';
import { doctorActive } from '../record/queries.ts';
import type { DoctorRun, State } from '../record/state.ts';
import type { TriageAgent } from '../observe/triage.ts';
import { formatDuration } from '../text/duration.ts';
import { updateHold } from './update.ts';
import { alertHuman, doctorBlocked } from './escalate.ts';
import type { Policy } from './policy.ts';

/** Whether Claude Code can run here (its version, its login): observed before the claim. */
export interface Preflight {
  ok: boolean;
  version: string | null;
  reason: string | null;
}

export type Claim = { go: true; incidentId: string; state: State } | { go: false; why: string; outcome: 'skipped' | 'refused' };

export interface ClaimRequest {
  preflight: Preflight;
  /** The tmux session the run will be watchable in. */
  session: string | null;
  tmuxSocket: string | null;
  /** The lease's holder and how long it may hold it. */
  pid: number;
  leaseMs: number;
  /** SHA-256 of the token the run's tool server gets (the lease names its holder). */
  tokenHash: string;
  /** OpenClaw's own triage agents running now (null or absent: not looked, or none could be listed). */
  triage?: TriageAgent[] | null;
}

/** How long the doctor waits for OpenClaw's own triage before a person is told instead. */
export const TRIAGE_WAIT_MS = 30 * 60_000;
const TRIAGE_NOTE = "OpenClaw's own triage agent";

/** Under the lock: may a doctor run now? If so, take the lease. (Stale leases are cleared before.) */
export function claimDoctor(s0: State, req: ClaimRequest, p: Policy, now: number): { state: State; result: Claim } {
  let s = s0;
  if (doctorActive(s, now)) return { state: s, result: { go: false, why: `another doctor (pid ${s.doctor.lease?.pid}) is running`, outcome: 'skipped' } };
  // Only a recorded request starts Claude: the hourly safety-net run picks up a request whose
  // kickstart was lost, never an incident the cheaper tiers are still handling.
  if (!s.doctor.requested) return { state: s, result: { go: false, why: 'no doctor was requested', outcome: 'skipped' } };
  if (!s.incident) s = openIncident(s, s.doctor.requested.reason, 'doctor', now);
  const agent = req.triage?.[0];
  if (agent) {
    // Two agents repairing one install at once undo each other's work: the doctor waits, and says so once.
    const why = `${TRIAGE_NOTE} (${agent.agent}, pid ${agent.pid}) is repairing the gateway: the doctor waits, so two agents never repair it at once`;
    const first = s.incident?.actions.find((a) => a.detail.startsWith(TRIAGE_NOTE));
    if (first && now - first.at >= TRIAGE_WAIT_MS) {
      const long = `${TRIAGE_NOTE} (${agent.agent}, pid ${agent.pid}) has been repairing the gateway for ${formatDuration(now - first.at)} without an end: the doctor stands down, a person should look`;
      return { state: alertHuman(s, 'doctor', long, now), result: { go: false, why: long, outcome: 'skipped' } };
    }
    if (!s.incident?.actions.some((a) => a.detail === why)) s = noteAction(s, { tier: 'doctor', kind: 'note', detail: why, ok: null }, now);
    return { state: s, result: { go: false, why, outcome: 'skipped' } };
  }
  // OpenClaw's updater stops and repairs the gateway itself: a second repairer beside it undoes its work.
  const updating = updateHold(s.update, now);
  if (updating) {
    if (!s.incident?.actions.some((a) => a.detail === updating)) s = noteAction(s, { tier: 'doctor', kind: 'note', detail: updating, ok: null }, now);
    return { state: s, result: { go: false, why: updating, outcome: 'skipped' } };
  }
  const blocked = doctorBlocked(s, p, now);
  if (blocked) return { state: alertHuman(s, 'doctor', blocked, now), result: { go: false, why: blocked, outcome: 'skipped' } };
  const pf = req.preflight;
  if (!pf.ok) {
    const why = pf.reason ?? 'Claude Code cannot run';
    s = alertHuman(s, 'doctor', why, now);
    s = queueSelfAlert(s, DOCTOR_CANNOT_RUN.problem, DOCTOR_CANNOT_RUN.title, pf.reason ?? '', now);
    s = { ...s, doctor: { ...s.doctor, lastEndedAt: now } };
    return { state: s, result: { go: false, why, outcome: 'refused' } };
  }
  const inc = s.incident as NonNullable<State['incident']>;
  s = {
    ...s,
    doctor: { ...s.doctor, requested: null, lease: { pid: req.pid, tmuxSession: req.session, startedAt: now, deadline: now + req.leaseMs, incidentId: inc.id, tokenHash: req.tokenHash } },
    incident: { ...inc, doctorRuns: inc.doctorRuns + 1 },
  };
  s = noteAction(s, { tier: 'doctor', kind: 'doctor-run', detail: `started${req.session ? `; watch: ${attachCommand(req.session, req.tmuxSocket)}` : ''}`, ok: null }, now);
  return { state: s, result: { go: true, incidentId: inc.id, state: s } };
}

/** What the run left behind, as observed: Claude Code's result and our own verification. */
export interface RunEnd {
  /** Our probes passed (live; and ready, where the incident was about readiness). */
  verified: { ok: boolean; detail: string };
  notLoggedIn: boolean;
  /** Claude Code's own words on why it could not run, when it could not. */
  claudeText: string | null;
  timedOut: boolean;
  timeoutS: number;
  exitCode: number | null;
  resultFound: boolean;
  /** The model said it fixed it (not believed, only reported). */
  saidFixed: boolean;
  subtype: string | null;
}

/** The supervisor's verdict on a run: recovered only when our own probes say so. */
export function judgeDoctorRun(e: RunEnd): { outcome: DoctorRun['outcome']; detail: string } {
  const v = e.verified;
  if (v.ok) return { outcome: 'recovered', detail: v.detail };
  if (e.notLoggedIn) return { outcome: 'refused', detail: `Claude Code is not logged in (${(e.claudeText ?? '').slice(0, 120)}): run \`claude\` once and /login, or set ANTHROPIC_API_KEY` };
  if (e.timedOut) return { outcome: 'timeout', detail: `stopped at the ${formatDuration(e.timeoutS * 1000)} limit (DOCTOR_TIMEOUT_S); ${v.detail}` };
  if (!e.resultFound) return { outcome: 'error', detail: `Claude Code exited ${e.exitCode} without a result; ${v.detail}` };
  return { outcome: 'not-recovered', detail: `${e.saidFixed ? 'Claude said it was fixed, but ' : ''}${v.detail}${e.subtype && e.subtype !== 'success' ? ` (${e.subtype})` : ''}` };
}

/** Claude Code's result says it could not log in (judged by its words; its exit code says nothing). */
export function notLoggedIn(isError: boolean, text: string | null): boolean {
  return isError && /not logged in|login|invalid api key|authentication/i.test(text ?? '');
}
