// Aborts the run a chat session is stuck on, as OpenClaw's Control UI's Stop does
// (gateway/protocol/rpc-session-control.md: `sessions.abort` with the session's key): that chat's
// active run, and what waited behind it, end; every other chat and channel goes on. What OpenClaw
// answered is kept only as plain words (a status, an error code), never its text.
import { gatewayCall, parseGatewayAnswer, type GatewayAnswer } from '../observe/gateway-call.ts';
import type { Exec } from '../seams/exec.ts';

export interface SessionAbort {
  /** The session's key, for the record; never shown to a person (it can hold a user id). */
  key: string;
  /** The command ran and answered (false: OPENCLAW_BIN missing, or no answer in time). */
  ran: boolean;
  /** Nothing is stuck on it now: its run was aborted, or had already ended. */
  cleared: boolean;
  /** `aborted`, `no-active-run`, `refused: INVALID_REQUEST`, ... */
  outcome: string;
  durationMs: number;
}

const word = (v: unknown, re: RegExp): string | null => (typeof v === 'string' && re.test(v) ? v : null);

/** OpenClaw's answer (`{ok, abortedRunId, status}`, or `{ok: false, error: {code}}`), in our words. */
export function sessionAbortOf(key: string, a: GatewayAnswer): SessionAbort {
  if (!a.ok && !a.ran) return { key, ran: false, cleared: false, outcome: a.why, durationMs: a.durationMs };
  const none: SessionAbort = { key, ran: true, cleared: false, outcome: `no answer OpenClaw's docs describe (exit ${a.ok ? 0 : (a.exitCode ?? 'none')})`, durationMs: a.durationMs };
  if (!a.ok) return a.refused ? { ...none, outcome: `refused${a.code ? `: ${a.code}` : ''}` } : none;
  const status = word(a.data.status, /^[a-z][a-z-]{0,39}$/);
  if (!status) return none;
  return { ...none, cleared: status === 'aborted' || status === 'no-active-run', outcome: status };
}

/** The CLI's printed answer, in our words. */
export const parseSessionAbort = (key: string, stdout: string, exitCode: number | null, durationMs: number): SessionAbort => sessionAbortOf(key, parseGatewayAnswer(stdout, exitCode, durationMs));

export async function abortSession(exec: Exec, openclawBin: string, key: string, timeoutMs: number, gatewayPort: string | null): Promise<SessionAbort> {
  return sessionAbortOf(key, await gatewayCall(exec, openclawBin, 'sessions.abort', { key }, timeoutMs, gatewayPort));
}
