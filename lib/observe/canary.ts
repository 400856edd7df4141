// One model turn through the gateway, end to end: `openclaw infer model run --gateway --prompt
// "Reply with exactly: pong" --json` exercises the gateway's routing, saved auth, provider
// selection and runtime (cli/infer.md), so it catches a revoked key on a quiet night, when no chat
// writes a failing line to the log. A raw probe: no session, tools or context, a few tokens.
import type { FaultClass } from '../config/signatures.ts';
import { openclawEnv, type Exec } from '../seams/exec.ts';
import { plainName } from './models-status.ts';

export const CANARY_PROMPT = 'Reply with exactly: pong';

export interface CanaryResult {
  ok: boolean;
  /** The command ran (false: OPENCLAW_BIN not found: the supervisor's problem, not the assistant's). */
  ran: boolean;
  /** Our class for a failure; null when it passed, or when OpenClaw's words name no cause we know. */
  class: FaultClass | null;
  provider: string | null;
  /** Our words (never the command's output text). */
  detail: string;
  timedOut: boolean;
  durationMs: number;
  /** The CLI may not talk to the gateway (not paired, no credentials): nothing is known of the assistant. */
  access?: boolean;
}

/** The CLI refused before any message: not paired with the gateway, or no credentials. */
const ACCESS = /requires credentials before opening a websocket|gateway_credentials_required|pair (?:this|the) device|pairing required|not paired/i;

/** OpenClaw's error text, read for its cause only; none of it is passed on. */
const CAUSES: Array<[RegExp, FaultClass | null, string]> = [
  [/gateway connect failed|gateway closed|token mismatch|pair the device/i, null, "the test message could not reach the gateway's WebSocket"],
  [/authentication failed|HTTP 40[13]\b|Re-authenticate/i, 'auth', 'the provider rejected the login'],
  [/temporarily disabled after a provider auth\/billing failure/i, 'auth', 'OpenClaw set the login aside after an auth or billing failure'],
  [/billing|credit balance|quota/i, 'billing', 'the provider refused for billing or quota'],
  [/rate limit/i, 'rate-limit', 'the provider is rate-limiting'],
  [/overloaded/i, 'overloaded', 'the provider is overloaded'],
  [/timed? ?out|did not respond|ECONNREFUSED|fetch failed/i, 'provider-down', 'the provider did not answer'],
];

export function judgeCanary(stdout: string, exitCode: number | null, timedOut: boolean, durationMs: number, timeoutMs: number): CanaryResult {
  if (timedOut) return { ok: false, ran: true, class: null, provider: null, detail: `no answer within ${Math.round(timeoutMs / 1000)} s`, timedOut, durationMs };
  let data: { ok?: unknown; provider?: unknown; outputs?: Array<{ text?: unknown }>; error?: { message?: unknown } } = {};
  try {
    data = JSON.parse(stdout.slice(stdout.indexOf('{'))) as typeof data;
  } catch {
    return { ok: false, ran: true, class: null, provider: null, detail: `openclaw infer gave no JSON (exit ${exitCode ?? 'none'})`, timedOut, durationMs };
  }
  const provider = plainName(data.provider);
  const text = data.outputs?.map((o) => (typeof o.text === 'string' ? o.text : '')).join('') ?? '';
  if (data.ok === true && exitCode === 0 && text.trim().length > 0) return { ok: true, ran: true, class: null, provider, detail: 'a model answered through the gateway', timedOut, durationMs };
  const message = typeof data.error?.message === 'string' ? data.error.message : '';
  const type = typeof (data.error as { type?: unknown } | undefined)?.type === 'string' ? ((data.error as { type: string }).type) : '';
  if (ACCESS.test(message) || ACCESS.test(type)) return { ok: false, ran: true, class: null, provider: null, detail: 'the openclaw CLI may not talk to the gateway (not paired with it, or no credentials)', timedOut, durationMs, access: true };
  for (const [re, cls, words] of CAUSES) {
    if (re.test(message)) {
      const named = provider ?? plainName(/([\w.-]+)\/[\w.:-]+ request failed/.exec(message)?.[1]) ?? plainName(/([\w.-]+) \([^)]*\) returned/.exec(message)?.[1]) ?? plainName(/provider "([\w.-]+)"/.exec(message)?.[1]);
      return { ok: false, ran: true, class: cls, provider: named, detail: words, timedOut, durationMs };
    }
  }
  return { ok: false, ran: true, class: null, provider, detail: data.ok === true ? 'the model answered with nothing' : `the model turn failed (exit ${exitCode ?? 'none'})`, timedOut, durationMs };
}

/**
 * The gateway the health tier probes is the one asked: its port from GATEWAY_HEALTH_URL (the CLI
 * would otherwise take gateway.port from the config, or 18789, and test another gateway, or none).
 */
export async function runCanary(exec: Exec, openclawBin: string, timeoutMs: number, gatewayPort: string | null = null): Promise<CanaryResult> {
  const env = openclawEnv(gatewayPort);
  const r = await exec(openclawBin, ['infer', 'model', 'run', '--gateway', '--prompt', CANARY_PROMPT, '--json'], { timeoutMs, killGraceMs: 3_000, env });
  if (r.notFound) return { ok: false, ran: false, class: null, provider: null, detail: `${openclawBin} not found (OPENCLAW_BIN)`, timedOut: false, durationMs: r.durationMs };
  return judgeCanary(r.stdout, r.exitCode, r.timedOut, r.durationMs, timeoutMs);
}
