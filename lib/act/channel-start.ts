// Starts a channel OpenClaw's crash-loop breaker holds down, as its docs say an operator does
// (cli/channels.md "Per-account recovery", gateway/restart-recovery.md): `openclaw gateway call
// channels.start`. It re-authenticates nothing and resets the breaker for no other channel. What
// OpenClaw answered is kept only as plain words (a status, a reason, an error code), never its text.
import { openclawEnv, type Exec } from '../seams/exec.ts';

export interface ChannelStart {
  channel: string;
  /** The command ran and answered (false: OPENCLAW_BIN missing, or no answer in time). */
  ran: boolean;
  /** OpenClaw reports the channel's runtime running after the call. */
  started: boolean;
  /** `handed-off`, `retry: task-owned`, `skipped: secret-unavailable`, `refused: INVALID_REQUEST`, ... */
  outcome: string;
  durationMs: number;
}

const word = (v: unknown, re: RegExp): string | null => (typeof v === 'string' && re.test(v) ? v : null);

/** OpenClaw's answer (`{channel, accountId, started, outcome: {status, reason?}}`, or `{ok: false, error: {code}}`), in our words. */
export function parseChannelStart(channel: string, stdout: string, exitCode: number | null, durationMs: number): ChannelStart {
  const none: ChannelStart = { channel, ran: true, started: false, outcome: `no answer OpenClaw's docs describe (exit ${exitCode ?? 'none'})`, durationMs };
  let data: { started?: unknown; outcome?: { status?: unknown; reason?: unknown }; error?: { code?: unknown } };
  try {
    data = JSON.parse(stdout.slice(stdout.indexOf('{'))) as typeof data;
  } catch {
    return none;
  }
  const code = word(data.error?.code, /^[A-Z][A-Z_]{0,39}$/);
  if (data.error) return { ...none, outcome: `refused${code ? `: ${code}` : ''}` };
  const status = word(data.outcome?.status, /^[a-z][a-z-]{0,39}$/);
  const reason = word(data.outcome?.reason, /^[a-z][a-z-]{0,39}$/);
  if (typeof data.started !== 'boolean' || !status) return none;
  return { ...none, started: data.started, outcome: reason ? `${status}: ${reason}` : status };
}

export async function startChannel(exec: Exec, openclawBin: string, channel: string, timeoutMs: number, gatewayPort: string | null): Promise<ChannelStart> {
  const env = openclawEnv(gatewayPort);
  const params = JSON.stringify({ channel });
  const r = await exec(openclawBin, ['gateway', 'call', 'channels.start', '--params', params, '--json'], { timeoutMs, killGraceMs: 3_000, env });
  if (r.notFound) return { channel, ran: false, started: false, outcome: `${openclawBin} not found (OPENCLAW_BIN)`, durationMs: r.durationMs };
  if (r.timedOut) return { channel, ran: false, started: false, outcome: `no answer within ${Math.round(timeoutMs / 1000)} s`, durationMs: r.durationMs };
  return parseChannelStart(channel, r.stdout, r.exitCode, r.durationMs);
}
