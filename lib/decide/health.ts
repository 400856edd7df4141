// Tier 2's question: does the gateway answer /health in time? A booting gateway is let be, a frozen
// one (young or established) restarted without waiting out the retries; a failing one restarted (restart.ts says when), then handed to the doctor.
import type { HealthProbe } from '../observe/health.ts';
import type { Stillness } from '../observe/stillness.ts';
import { closeRecovered, openIncident } from '../record/incident.ts';
import { doctorActive } from '../record/queries.ts';
import { recordTierRun, type State } from '../record/state.ts';
import { formatDuration } from '../text/duration.ts';
import { actingHeld } from './escalate.ts';
import { transitional } from './readiness.ts';
import type { Decision, Policy } from './policy.ts';
import { restartOrEscalate } from './restart.ts';

export type { Stillness };

/**
 * Less CPU than this across a probe is none: measured to the hundredth of a second, a gateway that
 * only accepted the probe's connection used a few milliseconds of it.
 */
export const IDLE_CPU_S = 0.05;

/** Stopped: `T` (SIGSTOP) or `t` (a tracer), as ps and /proc both spell it. */
export function isStopped(stat: string): boolean {
  return /^[Tt]/.test(stat);
}

/**
 * Frozen is not booting, whatever the age. Frozen: stopped (state T), or it accepted the probe's
 * connection, never answered and used no CPU meanwhile. Booting: it refuses connections (not
 * listening yet), answers with any status (503 while it starts), or keeps using CPU.
 */
export function judgeStillness(y: Stillness): { frozen: boolean; why: string } {
  if (y.stats.some(isStopped)) return { frozen: true, why: 'the process is stopped (state T)' };
  if (y.verdict === 'refused') return { frozen: false, why: 'it refuses connections: not listening yet' };
  if (y.verdict !== 'timeout') return { frozen: false, why: 'it answers' };
  if (y.cpuDeltaS === null) return { frozen: false, why: 'no answer, CPU use unknown' };
  if (y.cpuDeltaS < IDLE_CPU_S) return { frozen: true, why: 'it accepted the connection, never answered, and used no CPU meanwhile' };
  return { frozen: false, why: `no answer yet, but it used ${y.cpuDeltaS} s of CPU meanwhile` };
}

export interface HealthObservation {
  probe: HealthProbe;
  /** Age of the youngest gateway process, looked up only when the probe failed. */
  youngestProcessAgeMs?: number | null;
  /** Looked up only when the probe failed and a gateway process was there. */
  stillness?: Stillness | null;
  /** When the probe began: a failing one's retries took time, and the outage counts from its start. */
  startedAt?: number;
}

export function decideHealth(s0: State, obs: HealthObservation, p: Policy, now: number): Decision {
  const { probe } = obs;
  const lastProbe = { at: now, ok: probe.ok, detail: probe.detail, latencyMs: probe.latencyMs };
  let s: State = recordTierRun({ ...s0, lastProbe }, 'health', probe.ok, probe.detail, now);
  if (probe.ok) {
    s = { ...s, healthySince: s.healthySince ?? now, unhealthySince: null, bootCpu: null };
    // While the doctor works it owns the verdict (it verifies with several probes in a row). A live
    // gateway that is not ready is readiness's to close (decideReadiness).
    if (s.incident && !doctorActive(s, now) && (s.incident.kind ?? 'liveness') === 'liveness') s = closeRecovered(s, now, `health check passed: ${probe.detail}`, p.recoverySettleMs);
    return { state: s, action: { kind: 'none', reason: probe.detail } };
  }
  // Not live: readiness is unknown, and the next live spell's not-ready time counts from its own start
  // (a boot must not inherit the not-ready minutes of the process before it).
  s = { ...s, healthySince: null, unhealthySince: s.unhealthySince ?? Math.min(obs.startedAt ?? now, now), readiness: { ...s.readiness, notReadySince: null } };
  // Progress over a whole tick as well as across one probe: a booting gateway can wait on its disk or
  // a worker for the 2 s of one probe and still be booting (seen with the real gateway).
  const st = obs.stillness;
  const prior = s.bootCpu;
  const sinceLastS = st?.mainPid != null && st.cpuTotalS != null && prior?.pid === st.mainPid ? Math.round((st.cpuTotalS - prior.cpuS) * 100) / 100 : null;
  const samePid = st?.mainPid != null && prior?.pid === st.mainPid;
  s = { ...s, bootCpu: st?.mainPid != null && st.cpuTotalS != null ? { pid: st.mainPid, cpuS: st.cpuTotalS, at: now, refused: st.verdict === 'refused' || (samePid && prior?.refused === true) } : null };
  const since = s.unhealthySince ?? now;
  const problem = `health check failed: ${probe.detail}`;
  const held = actingHeld(s, now);
  if (held) return { state: s, action: { kind: 'hold', reason: `${problem}; ${held}` } };
  // Someone else (launchd's KeepAlive, the user) just started it: a booting gateway is not a dead one
  // (#74281). Bounded by how long it has been failing, so a crash loop of young processes still escalates.
  const age = obs.youngestProcessAgeMs;
  const frozen = obs.stillness ? judgeStillness(obs.stillness) : null;
  if (frozen?.frozen) {
    // A frozen gateway is restarted now, young or not: waiting out the grace only adds downtime.
    const why = `${problem}; frozen: ${frozen.why}`;
    s = openIncident(s, why, 'health', now, since);
    return restartOrEscalate(s, 'health', why, p, now, { frozen: true });
  }
  // How long it has been failing bounds the graces (a crash loop of young processes still escalates);
  // time paused does not count: a person may have restarted it by hand meanwhile.
  const pauseEnded = s.paused && s.paused.until <= now ? s.paused.until : 0;
  const failingSince = Math.max(s.unhealthySince ?? now, pauseEnded);
  if (!s.incident && age !== undefined && age !== null && age < p.startupGraceMs && now - failingSince < p.startupGraceMs) {
    return { state: s, action: { kind: 'hold', reason: `${problem}; the gateway process started ${formatDuration(age)} ago, within the startup grace: booting${frozen ? ` (${frozen.why})` : ''}, not restarting` } };
  }
  // Past the grace, still booting: not listening yet and using CPU. Some boots take 174 to 240 s
  // (#119958); killing one only starts it again. Let be while it makes progress, up to STARTUP_GRACE_MAX_S.
  const failingMs = now - failingSince;
  const progress = (st?.cpuDeltaS ?? 0) >= IDLE_CPU_S || (sinceLastS ?? 0) >= IDLE_CPU_S;
  // Booting: it refuses connections, or it did at an earlier check and now accepts them without
  // answering in time yet (a starved boot listens before it can answer: seen with the real gateway
  // at a seventh of a CPU). One that accepted without answering from the first is not booting.
  // Or this same process answered before and its /readyz named a startup phase (`startup-sidecars`):
  // OpenClaw 2026.9.6 answers between loading its plugins and loading them again for its sidecars,
  // where a slow plugin blocks it a second time (seen with the real gateway, bench F5c). An answer
  // squeezed out too slowly between two such blocks is the same boot (seen there too: 1998 ms).
  const r = s.readiness;
  const starting = r.at !== null && transitional(r.failing) && age !== undefined && age !== null && age >= now - r.at;
  const blocked = st?.verdict === 'timeout' || st?.verdict === 'slow';
  const booting = st?.verdict === 'refused' || (blocked && ((samePid && prior?.refused === true) || starting));
  if (!s.incident && age !== undefined && age !== null && age < p.startupGraceMaxMs && failingMs < p.startupGraceMaxMs && booting && progress) {
    const gained = [`${st.cpuDeltaS ?? 0} s of CPU across one probe`, ...(sinceLastS !== null && prior ? [`${sinceLastS} s since the check ${formatDuration(now - prior.at)} ago`] : [])].join(', ');
    const answering = st.verdict === 'slow' ? 'answering too slowly yet' : 'not answering yet';
    const how = st.verdict === 'refused' ? 'not listening yet' : starting && !(samePid && prior?.refused) ? `in its startup phase (${r.failing.join(', ')}), ${answering}` : `listening, ${answering}`;
    return { state: s, action: { kind: 'hold', reason: `${problem}; the gateway process started ${formatDuration(age)} ago, past the startup grace but still booting (${how}, ${gained}): let be up to ${formatDuration(p.startupGraceMaxMs)}` } };
  }
  s = openIncident(s, problem, 'health', now, since);
  return restartOrEscalate(s, 'health', problem, p, now);
}
