// The shared state every tier reads and writes (docs/design.md, "The state file and its lock"). Pure: types
// and the fresh state; normalize.ts makes a state read from disk whole, store.ts reads and writes it.

import { freshServing, type LogCursor, type ServingCause, type ServingState } from './serving-state.ts';
import { freshUpdate, type UpdateState } from './update-state.ts';

export { freshServing, type LogCursor, type ServingCause, type ServingState };

export const STATE_VERSION = 1;
export const TIERS = ['watchdog', 'health', 'doctor', 'alert'] as const;
export type Tier = (typeof TIERS)[number];

export interface TierRecord {
  lastRunAt: number | null;
  lastOk: boolean | null;
  consecutiveFailures: number;
  lastSummary: string | null;
}

/** What a tier did: `tool` is a doctor tool that acts or was refused, `look` one that only read. */
export type ActionKind = 'restart' | 'kill' | 'agent-reload' | 'channel-start' | 'session-abort' | 'doctor-requested' | 'doctor-run' | 'tool' | 'look' | 'alert' | 'note';

export interface IncidentAction {
  at: number;
  tier: Tier;
  kind: ActionKind;
  detail: string;
  ok: boolean | null;
  /** For a doctor tool call: which tool, whether it acts, and its summary (no argument text). */
  tool?: { name: string; acts: boolean; summary: string };
}

export type IncidentOutcome = 'recovered' | 'human-alerted';

export interface Incident {
  id: string;
  openedAt: number;
  trigger: string;
  tiers: Tier[];
  actions: IncidentAction[];
  restarts: number;
  lastRestartAt: number | null;
  doctorRequestedAt: number | null;
  doctorRuns: number;
  diagnosis: string | null;
  humanAlertedAt: number | null;
  closedAt: number | null;
  outcome: IncidentOutcome | null;
  fixedBy: string | null;
  /** What kind of trouble: the gateway not live (the default), live but not ready, or in safe mode. */
  kind?: 'liveness' | 'readiness' | 'safe-mode' | 'serving';
  /** A serving incident's cause, as the signature table or OpenClaw's own check named it. */
  serving?: ServingCause;
  /** The gateway's own record of its last shutdown, as read when its process was found gone. */
  lastShutdown?: string;
  /** When a tier opened it (`openedAt` is when the first failing probe began). */
  detectedAt?: number;
  /** Its alerts, per channel: delivered, and tries that failed. */
  alerts?: Partial<Record<ChannelId, { sent: number; failed: number }>>;
  /** A serving cause opened this many times in 24 hours (decide/recurring.ts): counted, not pushed. */
  recurring?: number;
  /** Written to incidents.jsonl: 1 when it closed, 2 again once its alerts were out (record/history.ts). */
  filed?: 1 | 2;
}

/**
 * Counters that only grow while this state lives (docs/design.md, "What happened: history, page,
 * metrics"): a fresh state starts them at zero, which Prometheus reads as a counter reset.
 */
export interface Counters {
  /** By `kind|fixer` (fixer: watchdog, health, abort, doctor, person, itself). */
  incidents: Record<string, number>;
  /** By `tier|cause|ok` (cause: the incident's kind). */
  restarts: Record<string, number>;
  sessionAborts: number;
  /** By outcome. */
  doctorRuns: Record<string, number>;
  doctorCostUsd: number;
  alertsSent: Record<string, number>;
  alertsFailed: Record<string, number>;
  alertsDropped: Record<string, number>;
  /** By `ok` or `failed`. */
  canaryRuns: Record<string, number>;
  /** Time to recovery of closed incidents, in seconds: counts per upper bound of TTR_BUCKETS_S. */
  ttr: { buckets: number[]; sum: number; count: number };
}

/** What the health tier last learned from OpenClaw's /readyz. */
export interface ReadinessState {
  /** Live but not ready since (null: ready, or not known). */
  notReadySince: number | null;
  failing: string[];
  /** Channels the crash-loop breaker keeps down (safe mode). */
  suppressed: string[];
  /** When the supervisor last started each of those channels itself (channels.start). */
  channelStarts: Record<string, number>;
  /** When channels.start last answered a channel is not configured: held down, nothing to start. */
  unconfigured: Record<string, number>;
  /** Probes in a row with the event loop degraded. */
  stallCount: number;
  detail: string | null;
  at: number | null;
}

export interface DoctorLease {
  pid: number;
  tmuxSession: string | null;
  startedAt: number;
  deadline: number;
  incidentId: string | null;
  /**
   * SHA-256 of the run's token, which only the tool server this run started holds (in its
   * environment): acting tools work for that server alone, not for any local process that starts one.
   */
  tokenHash?: string;
}

export interface DoctorRun {
  incidentId: string | null;
  startedAt: number;
  endedAt: number;
  durationMs: number;
  turns: number | null;
  costUsd: number | null;
  denied: string[];
  diagnosis: string | null;
  outcome: 'recovered' | 'not-recovered' | 'refused' | 'timeout' | 'error';
  detail: string;
  transcript: string | null;
  /** Config changes the doctor made that were kept (recovered), described and redacted. */
  configChanges?: string[];
  /** Protected config changes that were put back. */
  protectedReverted?: string[];
  /** The pre-doctor config snapshot (to roll back by hand). */
  snapshot?: string;
  /** Where the doctor's own version of the config was kept, when the file was rewritten. */
  doctorConfig?: string | null;
}

export interface DoctorState {
  lease: DoctorLease | null;
  requested: { at: number; reason: string; incidentId: string | null } | null;
  runs: DoctorRun[];
  lastEndedAt: number | null;
}

export type AlertKind = 'incident' | 'escalated' | 'human' | 'reminder' | 'recovered' | 'self' | 'heads-up' | 'test';

export const CHANNEL_IDS = ['discord', 'slack', 'telegram', 'ntfy', 'webhook', 'macos'] as const;
export type ChannelId = (typeof CHANNEL_IDS)[number];

/** One alert's delivery to one channel: its own attempts, backoff and order. */
export interface ChannelDelivery {
  /** skipped: never meant for this channel (the notice that this channel lost an alert). */
  status: 'pending' | 'sent' | 'dropped' | 'skipped';
  attempts: number;
  nextAttemptAt: number;
  firstFailedAt: number | null;
  lastError: string | null;
}

/** An alert as a decision queues it (the outbox adds its delivery fields). */
export type NewAlert = Omit<OutboxAlert, 'createdAt' | 'attempts' | 'nextAttemptAt' | 'lastError' | 'deliveries'>;

export interface OutboxAlert {
  id: string; // unique per event: the same id is never queued twice
  kind: AlertKind;
  incidentId: string | null;
  createdAt: number;
  title: string;
  summary: string;
  fields: Array<{ name: string; value: string }>;
  /** Delivery tries over all channels (0: nothing was tried yet). */
  attempts: number;
  /** Not before: holds the alert on every channel (a recovery notice settling, an escalation delayed). */
  nextAttemptAt: number;
  lastError: string | null;
  /** Per channel; a channel without an entry has not been tried. */
  deliveries?: Partial<Record<ChannelId, ChannelDelivery>>;
}

/** An alert a channel gave up on (a 4xx, or 24 hours of failing). */
export interface AlertDrop {
  at: number;
  channel: ChannelId;
  alertId: string;
  title: string;
  why: string;
}

export interface State {
  version: number;
  createdAt: number;
  tiers: Record<Tier, TierRecord>;
  restarts: number[];
  lastRestartAt: number | null;
  /** A tier is restarting the gateway right now (set before acting, cleared when it recorded the outcome). */
  restartInProgress: { tier: Tier; pid: number; at: number } | null;
  healthySince: number | null;
  unhealthySince: number | null;
  lastProbe: { at: number; ok: boolean; detail: string; latencyMs: number | null } | null;
  incident: Incident | null;
  history: Incident[];
  doctor: DoctorState;
  outbox: OutboxAlert[];
  sentAlertIds: string[];
  paused: { until: number; reason: string; at: number } | null;
  notices: Array<{ at: number; text: string }>;
  readiness: ReadinessState;
  /**
   * When the supervisor stopped the gateway uncleanly (SIGKILL). OpenClaw counts unclean boots: 3 in
   * 5 minutes trip its crash-loop breaker, which keeps the channels down (safe mode).
   */
  uncleanStops: number[];
  alertDrops: AlertDrop[];
  serving: ServingState;
  /**
   * The gateway's LaunchAgent plist as it was while launchd ran the gateway (macOS): only that file,
   * unchanged, is ever loaded again by the supervisor when launchd has dropped it.
   */
  gatewayAgent: AgentPlistPrint | null;
  /**
   * A gateway not answering yet: its main pid and the CPU seconds it and its workers had used at the
   * last failing health check, so the next one can tell a slow boot making progress from a stuck one.
   */
  bootCpu: { pid: number; cpuS: number; at: number; /** It refused connections at one of these checks. */ refused: boolean } | null;
  counters: Counters;
  /** When the weekly digest was last queued (null: never). */
  digestSentAt: number | null;
  /** OpenClaw's own updates: one running (the tiers stand down), and the runs a person was told of. */
  update: UpdateState;
}

/** A plist file's identity and content hash. */
export interface AgentPlistPrint {
  path: string;
  size: number;
  mtimeMs: number;
  sha256: string;
  at: number;
}

export const HISTORY_MAX = 20;
/** Upper bounds (s) of the time-to-recovery histogram; the last bucket is +Inf. */
export const TTR_BUCKETS_S = [30, 60, 120, 300, 600, 1800, 3600] as const;
export const SENT_IDS_MAX = 200;
export const DOCTOR_RUNS_MAX = 30;
export const OUTBOX_MAX = 100;

export function freshTier(): TierRecord {
  return { lastRunAt: null, lastOk: null, consecutiveFailures: 0, lastSummary: null };
}

export function freshState(now: number): State {
  return {
    version: STATE_VERSION,
    createdAt: now,
    tiers: { watchdog: freshTier(), health: freshTier(), doctor: freshTier(), alert: freshTier() },
    restarts: [],
    lastRestartAt: null,
    restartInProgress: null,
    healthySince: null,
    unhealthySince: null,
    lastProbe: null,
    incident: null,
    history: [],
    doctor: { lease: null, requested: null, runs: [], lastEndedAt: null },
    outbox: [],
    sentAlertIds: [],
    paused: null,
    notices: [],
    readiness: freshReadiness(),
    uncleanStops: [],
    alertDrops: [],
    serving: freshServing(),
    gatewayAgent: null,
    bootCpu: null,
    counters: freshCounters(),
    digestSentAt: null,
    update: freshUpdate(),
  };
}

export function freshCounters(): Counters {
  return { incidents: {}, restarts: {}, sessionAborts: 0, doctorRuns: {}, doctorCostUsd: 0, alertsSent: {}, alertsFailed: {}, alertsDropped: {}, canaryRuns: {}, ttr: { buckets: TTR_BUCKETS_S.map(() => 0), sum: 0, count: 0 } };
}

export function freshReadiness(): ReadinessState {
  return { notReadySince: null, failing: [], suppressed: [], channelStarts: {}, unconfigured: {}, stallCount: 0, detail: null, at: null };
}

/** A tier ran: when, whether it found things well, and what it saw. */
export function recordTierRun(s: State, tier: Tier, ok: boolean, summary: string, now: number): State {
  const prev = s.tiers[tier];
  return {
    ...s,
    tiers: { ...s.tiers, [tier]: { lastRunAt: now, lastOk: ok, consecutiveFailures: ok ? 0 : prev.consecutiveFailures + 1, lastSummary: summary } },
  };
}
