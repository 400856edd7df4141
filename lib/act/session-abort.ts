// Aborts the run a chat session is stuck on, as OpenClaw's Control UI's Stop does
// (gateway/protocol/rpc-session-control.md: `sessions.abort` with the session's key): that chat's
// active run, and what waited behind it, end; every other chat and channel goes on. What OpenClaw
// answered is kept only as plain words (a status, an error code), never its text.
import { openclawEnv, type Exec } from '../seams/exec.ts';

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
export function parseSessionAbort(key: string, stdout: string, exitCode: number | null, durationMs: number): SessionAbort {
  const none: SessionAbort = { key, ran: true, cleared: false, outcome: `no answer OpenClaw's docs describe (exit ${exitCode ?? 'none'})`, durationMs };
  let data: { ok?: unknown; status?: unknown; error?: { code?: unknown } };
  try {
    data = JSON.parse(stdout.slice(stdout.indexOf('{'))) as typeof data;
  } catch {
    return none;
  }
  const code = word(data.error?.code, /^[A-Z][A-Z_]{0,39}$/);
  if (data.error || data.ok === false) return { ...none, outcome: `refused${code ? `: ${code}` : ''}` };
  const status = word(data.status, /^[a-z][a-z-]{0,39}$/);
  if (!status) return none;
  return { ...none, cleared: status === 'aborted' || status === 'no-active-run', outcome: status };
}

export async function abortSession(exec: Exec, openclawBin: string, key: string, timeoutMs: number, gatewayPort: string | null): Promise<SessionAbort> {
  const params = JSON.stringify({ key });
  const r = await exec(openclawBin, ['gateway', 'call', 'sessions.abort', '--params', params, '--json'], { timeoutMs, killGraceMs: 3_000, env: openclawEnv(gatewayPort) });
  if (r.notFound) return { key, ran: false, cleared: false, outcome: `${openclawBin} not found (OPENCLAW_BIN)`, durationMs: r.durationMs };
  if (r.timedOut) return { key, ran: false, cleared: false, outcome: `no answer within ${Math.round(timeoutMs / 1000)} s`, durationMs: r.durationMs };
  return parseSessionAbort(key, r.stdout, r.exitCode, r.durationMs);
}
