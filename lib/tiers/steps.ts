// The steps every tier shares, written once: the housekeeping at the start of a tick, the restart
// (act, then record what it did and what it means), and waking the tiers that have work.
import type { RestartOutcome } from '../act/restart.ts';
import { activeIds } from '../config/channels.ts';
import type { Config } from '../config/config.ts';
import type { Policy } from '../decide/policy.ts';
import { urlPort } from '../observe/identity.ts';
import { lookForUpdate, type UpdateLook } from '../observe/update-run.ts';
import { noteAction } from '../record/incident.ts';
import { clearStaleLease } from '../record/lease.ts';
import { configAlert } from '../record/alerts.ts';
import { anyDue, queueAlert } from '../record/outbox.ts';
import { uncleanStopsLeft } from '../record/queries.ts';
import { clearStaleRestart, recordUncleanStops, restartDone } from '../record/restarts.ts';
import type { State, Tier } from '../record/state.ts';
import type { Deps } from '../seams/deps.ts';

/** How long a restart may legitimately take: command twice, the kill grace, the verification. */
export function restartBoundMs(c: Pick<Config, 'restartTimeoutS' | 'killGraceS' | 'restartVerifyS'>): number {
  return (2 * c.restartTimeoutS + c.killGraceS + c.restartVerifyS + 30) * 1000;
}

/**
 * Under the lock, first thing: a doctor lease or a restart mark whose process died holds nobody
 * back, and what is wrong in .env (a channel off) is told through the channels that work, once.
 */
export function tickStart(d: Deps, tier: Tier, s0: State, now: number): State {
  const { state, cleared } = clearStaleLease(s0, (pid) => d.pc.alive(pid), now);
  if (cleared) d.log({ tier, event: 'lease-cleared', why: cleared });
  const told = d.cfg.problems.reduce((s, p) => queueAlert(s, configAlert(p), now), state);
  return clearStaleRestart(told, (pid) => d.pc.alive(pid), now, restartBoundMs(d.cfg));
}

/** How a tier checks its restart worked, and what that adds to the state when recorded. */
export interface Verification {
  ok: boolean;
  /** Not known yet (the command worked, the gateway still boots): the step is not called failed. */
  pending?: boolean;
  /** Said after the restart's steps: "process is back", "then healthy", ... */
  detail: string;
  /**
   * Applied to the state after the restart's own record (close the incident, alert a person).
   * `prior`: the state as it was before this record (the restart's intent still in it).
   */
  record?: (s: State, now: number, prior: State) => State;
}

export interface Restarted {
  outcome: RestartOutcome;
  verification: Verification;
  state: State;
  wakeDoctor: boolean;
}

/**
 * Restart (act), verify (the tier's own way), then record under the lock: the mark cleared, the
 * unclean stops counted, the step on the incident, and what the outcome means (decide/restart.ts).
 */
export async function restartAndRecord(d: Deps, tier: Tier, policy: Policy, before: State, verify: (o: RestartOutcome) => Promise<Verification>, how: { frozen?: boolean } = {}): Promise<Restarted> {
  // Only a failing tick restarts: a healthy one never loads this code.
  const [{ restartGateway, unclean }, { afterRestart }] = await Promise.all([import('../act/restart.ts'), import('../decide/restart.ts')]);
  const outcome = await restartGateway(d.cfg, d.exec, d.pc, { uncleanLeft: uncleanStopsLeft(before, d.now()), frozen: how.frozen });
  const verification = await verify(outcome);
  let wakeDoctor = false;
  const state = await d.store.update((s) => {
    const now = d.now();
    const detail = [...outcome.steps, verification.detail].filter(Boolean).join('; ');
    const noted = noteAction(recordUncleanStops(restartDone(s, now), unclean(outcome), now), { tier, kind: 'restart', detail, ok: !outcome.ok ? false : verification.ok ? true : verification.pending ? null : false }, now);
    const more = afterRestart(noted, tier, outcome, { command: d.cfg.restartCommand, port: urlPort(d.cfg.healthUrl) }, policy, now);
    wakeDoctor = more.wakeDoctor;
    const next = verification.record ? verification.record(more.state, now, s) : more.state;
    return { state: next, result: next };
  });
  return { outcome, verification, state, wakeDoctor };
}

/** Wakes the doctor when asked to, and the alert tier when something waits in the outbox. */
export async function wake(d: Deps, s: State, doctor: boolean, woke: string[]): Promise<void> {
  if (doctor) woke.push(await d.launch('doctor'));
  if (anyDue(s, d.now(), activeIds(d.cfg))) woke.push(await d.launch('alert'));
}

/**
 * OpenClaw's update ledger and state lock, looked at only when a tier might act (the gateway gone,
 * not answering, not ready, or a serving check due): a healthy tick reads nothing more.
 */
export function lookForUpdateNow(d: Deps): Promise<UpdateLook> {
  return lookForUpdate({ exec: d.probeExec, alive: (pid) => d.pc.alive(pid), sqliteBin: d.cfg.sqliteBin, uid: typeof process.getuid === 'function' ? process.getuid() : null, now: d.now }, d.cfg.gatewayStateDir);
}
