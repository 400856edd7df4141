// Tier 1's question: is the gateway's process there, and within its memory limit? If not, restart it
// (restart.ts says when). Whether it answers is tier 2's business.
import type { ProcessInfo } from '../observe/processes.ts';
import { openIncident } from '../record/incident.ts';
import { recordTierRun, type State } from '../record/state.ts';
import { actingHeld } from './escalate.ts';
import type { Decision, Policy } from './policy.ts';
import { restartOrEscalate } from './restart.ts';

export interface WatchdogObservation {
  /** null: the process list could not be read. */
  processes: ProcessInfo[] | null;
  /** Several processes match GATEWAY_PROCESS_MATCH and nothing says which is ours. */
  ambiguous?: ProcessInfo[] | null;
  /** Other gateways seen (pattern matches listening elsewhere), in words, for the record. */
  others?: string[];
}

export function decideWatchdog(s0: State, obs: WatchdogObservation, p: Policy, now: number): Decision {
  if (obs.processes === null) {
    return { state: recordTierRun(s0, 'watchdog', false, 'could not list processes', now), action: { kind: 'none', reason: 'could not list processes' } };
  }
  if (obs.processes.length === 0 && obs.ambiguous?.length) {
    // Not knowing which is ours is no reason to start a second one: tier 2 judges by the health URL.
    const why = `cannot tell which of pids ${obs.ambiguous.map((x) => x.pid).join(', ')} is the gateway (GATEWAY_PROCESS_MATCH matches each; set GATEWAY_PID_FILE): the health check judges it by its URL`;
    return { state: recordTierRun(s0, 'watchdog', true, why, now), action: { kind: 'none', reason: why } };
  }
  const big = obs.processes.find((x) => x.rssMb > p.memoryMaxMb);
  let problem: string | null = null;
  if (obs.processes.length === 0) problem = `gateway process is not running${obs.others?.length ? ` (${obs.others.join('; ')})` : ''}`;
  else if (big) problem = `gateway process ${big.pid} uses ${big.rssMb} MB (limit ${p.memoryMaxMb} MB)`;
  if (!problem) {
    const pids = obs.processes.map((x) => x.pid).join(', ');
    const seen = [`running (pid ${pids})`, ...(obs.others ?? [])].join('; ');
    return { state: recordTierRun(s0, 'watchdog', true, seen, now), action: { kind: 'none', reason: seen } };
  }
  let s = recordTierRun(s0, 'watchdog', false, problem, now);
  const held = actingHeld(s, now);
  if (held) return { state: s, action: { kind: 'hold', reason: `${problem}; ${held}` } };
  s = openIncident(s, problem, 'watchdog', now);
  return restartOrEscalate(s, 'watchdog', problem, p, now);
}
