// One `openclaw gateway call <method>` (the gateway's own RPC, over its websocket, with the CLI's
// credentials), its answer parsed as JSON. Every failure is our words: the CLI missing, no answer in
// time, an answer that is not JSON, or the gateway's refusal by its error code, never its text.
// The read-only questions (observe/hint-answers.ts) and the two actions (act/channel-start.ts,
// act/session-abort.ts) all go through here.
import { openclawEnv, type Exec } from '../seams/exec.ts';

export type GatewayAnswer =
  | { ok: true; data: Record<string, unknown>; durationMs: number }
  | {
      ok: false;
      /** The CLI ran and answered something (false: not found, or no answer in time). */
      ran: boolean;
      /** The gateway refused, with its error code when that is a plain word. */
      refused: boolean;
      code: string | null;
      exitCode: number | null;
      why: string;
      durationMs: number;
    };

/** The CLI's printed answer, in our words. */
export function parseGatewayAnswer(stdout: string, exitCode: number | null, durationMs: number): GatewayAnswer {
  const exit = `exit ${exitCode ?? 'none'}`;
  const notJson: GatewayAnswer = { ok: false, ran: true, refused: false, code: null, exitCode, why: `no JSON answer (${exit})`, durationMs };
  let data: unknown;
  try {
    data = JSON.parse(stdout.slice(stdout.indexOf('{')));
  } catch {
    return notJson;
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return notJson;
  const d = data as Record<string, unknown>;
  if (d.ok === false || d.error) {
    const e = d.error as { code?: unknown; type?: unknown } | undefined;
    const code = [e?.code, e?.type].find((v): v is string => typeof v === 'string' && /^[A-Za-z][\w-]{0,39}$/.test(v)) ?? null;
    return { ok: false, ran: true, refused: true, code, exitCode, why: `refused${code ? `: ${code}` : ''} (${exit})`, durationMs };
  }
  return { ok: true, data: d, durationMs };
}

export async function gatewayCall(exec: Exec, openclawBin: string, method: string, params: Record<string, unknown> | null, timeoutMs: number, gatewayPort: string | null): Promise<GatewayAnswer> {
  const args = ['gateway', 'call', method, ...(params ? ['--params', JSON.stringify(params)] : []), '--json'];
  const r = await exec(openclawBin, args, { timeoutMs, killGraceMs: 3_000, env: openclawEnv(gatewayPort) });
  const failed = { ok: false as const, ran: false, refused: false, code: null, exitCode: r.exitCode, durationMs: r.durationMs };
  if (r.notFound) return { ...failed, why: `${openclawBin} not found (OPENCLAW_BIN)` };
  if (r.timedOut) return { ...failed, why: `no answer within ${Math.round(timeoutMs / 1000)} s` };
  return parseGatewayAnswer(r.stdout, r.exitCode, r.durationMs);
}
