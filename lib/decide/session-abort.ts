// After the health tier aborted the runs chats were stuck on (act/session-abort.ts): what OpenClaw
// answered, on the incident; a failed abort gets the restart (docs/design.md, "The serving check").
import type { SessionAbort } from '../act/session-abort.ts';
import { noteAction } from '../record/incident.ts';
import { chatOf } from '../record/serving-alerts.ts';
import type { State } from '../record/state.ts';
import type { Decision, Policy } from './policy.ts';
import { restartOrEscalate } from './restart.ts';

/** Stuck chats whose runs one check aborts, at most. */
export const ABORTS_PER_CHECK = 3;

export function recentlyAborted(s: State, key: string, p: Policy, now: number): boolean {
  const at = s.serving.sessionAborts[key];
  return at !== undefined && now - at < p.sessionAbortRetryMs && at <= now;
}

/**
 * Records what `sessions.abort` answered: each noted on the incident; all cleared, the next serving
 * check confirms it (due at once) and closes the incident when no new stall is logged; one not
 * cleared (refused, no answer, no CLI) gets the restart, which ends every run.
 */
export function afterSessionAborts(s0: State, results: SessionAbort[], p: Policy, now: number): Decision {
  let s = s0;
  for (const r of results) s = noteAction(s, { tier: 'health', kind: 'session-abort', detail: `sessions.abort (${chatOf(r.key)}): ${r.outcome}`, ok: r.cleared }, now);
  const failed = results.filter((r) => !r.cleared);
  if (failed.length === 0) {
    s = { ...s, serving: { ...s.serving, lastCheckAt: null } };
    return { state: s, action: { kind: 'none', reason: `aborted the run ${results.length === 1 ? 'a chat was' : `${results.length} chats were`} stuck on (sessions.abort); the next serving check confirms it` } };
  }
  const problem = `a chat session is stuck and aborting its run did not work (${failed.map((r) => r.outcome).join(', ')})`;
  return restartOrEscalate(s, 'health', problem, p, now);
}
