// Starts a channel OpenClaw's crash-loop breaker holds down, as its docs say an operator does
// (cli/channels.md "Per-account recovery", gateway/restart-recovery.md): `openclaw gateway call
// channels.start`. It re-authenticates nothing and resets the breaker for no other channel. What
// OpenClaw answered is kept only as plain words (a status, a reason, an error code), never its text.
import { gatewayCall, parseGatewayAnswer, type GatewayAnswer } from '../observe/gateway-call.ts';
import type { Exec } from '../seams/exec.ts';

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
export function channelStartOf(channel: string, a: GatewayAnswer): ChannelStart {
  if (!a.ok && !a.ran) return { channel, ran: false, started: false, outcome: a.why, durationMs: a.durationMs };
  const none: ChannelStart = { channel, ran: true, started: false, outcome: `no answer OpenClaw's docs describe (exit ${a.ok ? 0 : (a.exitCode ?? 'none')})`, durationMs: a.durationMs };
  if (!a.ok) return a.refused ? { ...none, outcome: `refused${a.code ? `: ${a.code}` : ''}` } : none;
  const outcome = a.data.outcome as { status?: unknown; reason?: unknown } | undefined;
  const status = word(outcome?.status, /^[a-z][a-z-]{0,39}$/);
  const reason = word(outcome?.reason, /^[a-z][a-z-]{0,39}$/);
  if (typeof a.data.started !== 'boolean' || !status) return none;
  return { ...none, started: a.data.started, outcome: reason ? `${status}: ${reason}` : status };
}

/** The CLI's printed answer, in our words. */
export const parseChannelStart = (channel: string, stdout: string, exitCode: number | null, durationMs: number): ChannelStart => channelStartOf(channel, parseGatewayAnswer(stdout, exitCode, durationMs));

export async function startChannel(exec: Exec, openclawBin: string, channel: string, timeoutMs: number, gatewayPort: string | null): Promise<ChannelStart> {
  return channelStartOf(channel, await gatewayCall(exec, openclawBin, 'channels.start', { channel }, timeoutMs, gatewayPort));
}
