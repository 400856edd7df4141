// The policy every decision reads, with every default in one place: the numbers come from .env
// (config/), the decisions (the other files here) are pure functions of state, observation, policy
// and the clock.
import type { Config } from '../config/config.ts';
import type { State } from '../record/state.ts';

export interface Policy {
  startupGraceMs: number;
  /** A gateway past the grace that is still booting (not listening, using CPU) is let be up to this. */
  startupGraceMaxMs: number;
  restartMax: number;
  restartWindowMs: number;
  memoryMaxMb: number;
  doctorMaxPerDay: number;
  doctorCooldownMs: number;
  alertRemindMs: number;
  recoverySettleMs: number;
  /** Live but not ready this long: a doctor or a person. */
  readyGraceMs: number;
  /** Probes in a row with the event loop degraded that make a stall. */
  stallProbes: number;
  /** The event loop's p99 delay that makes a degraded sample a stall (HEALTH_SLOW_MS). */
  stallDelayMs: number;
  /** The "doctor called" alert waits this long, so it can name the tmux session of the doctor starting. */
  escalatedDelayMs: number;
  /** How often the serving check runs (0: never). */
  servingIntervalMs: number;
  /** How often the canary sends its test message (0: never); every check while a serving incident is open. */
  canaryIntervalMs: number;
  /** Canary failures in a row, with no cause named, that make an outage (one is a blip). */
  canaryFailures: number;
  /** Free space under which a person gets a heads-up, and under which the assistant counts as not serving. */
  diskMinMb: number;
  diskCriticalMb: number;
  /** A channel the supervisor started itself and found held down again within this: the doctor's, not another start. */
  channelStartRetryMs: number;
  /** A chat whose stuck run the supervisor aborted and found stuck again within this: a restart, not another abort. */
  sessionAbortRetryMs: number;
  /** The process that carries out this run's decisions: its restart mark is cleared if it dies mid-restart. */
  actorPid: number;
}

export const DEFAULT_POLICY: Policy = {
  startupGraceMs: 120_000,
  startupGraceMaxMs: 300_000,
  restartMax: 3,
  restartWindowMs: 900_000,
  memoryMaxMb: 4096,
  doctorMaxPerDay: 3,
  doctorCooldownMs: 1_800_000,
  alertRemindMs: 3_600_000,
  recoverySettleMs: 120_000,
  readyGraceMs: 600_000,
  stallProbes: 3,
  stallDelayMs: 3000,
  escalatedDelayMs: 20_000,
  servingIntervalMs: 300_000,
  canaryIntervalMs: 1_800_000,
  canaryFailures: 2,
  diskMinMb: 500,
  diskCriticalMb: 100,
  channelStartRetryMs: 1_800_000,
  sessionAbortRetryMs: 1_800_000,
  actorPid: 0,
};

export function policyFrom(c: Config, actorPid: number): Policy {
  return {
    ...DEFAULT_POLICY,
    actorPid,
    startupGraceMs: c.startupGraceS * 1000,
    startupGraceMaxMs: Math.max(c.startupGraceMaxS, c.startupGraceS) * 1000,
    restartMax: c.restartMax,
    restartWindowMs: c.restartWindowS * 1000,
    memoryMaxMb: c.memoryMaxMb,
    doctorMaxPerDay: c.doctorMaxPerDay,
    doctorCooldownMs: c.doctorCooldownS * 1000,
    alertRemindMs: c.alertRemindS * 1000,
    recoverySettleMs: c.alertRecoverySettleS * 1000,
    readyGraceMs: c.readyGraceS * 1000,
    stallProbes: c.stallProbes,
    stallDelayMs: c.healthSlowMs,
    servingIntervalMs: c.servingIntervalS * 1000,
    canaryIntervalMs: c.canaryIntervalS * 1000,
    canaryFailures: c.canaryFailures,
    diskMinMb: c.diskMinMb,
    diskCriticalMb: c.diskCriticalMb,
  };
}

/** What a tier is to do after deciding: the decide functions return one of these with the next state. */
export type Action =
  | { kind: 'none'; reason: string }
  | { kind: 'hold'; reason: string } // something is wrong, but acting now is not allowed
  | { kind: 'restart'; reason: string; /** Frozen: stopped by pid before the restart command starts it. */ frozen?: boolean }
  | { kind: 'start-channels'; reason: string; channels: string[] } // safe mode, or stopped: start them (channels.start), then record
  | { kind: 'ask-channels'; reason: string; channels: string[]; problem: string } // not ready past the grace: ask the gateway why (channels.status), then decide (decide/channel-cause.ts)
  | { kind: 'abort-sessions'; reason: string; sessions: string[] } // chats stuck on a run: abort those runs (sessions.abort), then record
  | { kind: 'doctor'; reason: string } // a doctor run was requested: wake tier 3
  | { kind: 'human'; reason: string }; // the doctor cannot be used: a human alert was queued

export interface Decision {
  state: State;
  action: Action;
}
