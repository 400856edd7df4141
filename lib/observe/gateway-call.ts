// One `openclaw gateway call <method>` (the gateway's own RPC, over its websocket, with the CLI's
// credentials), its answer parsed as JSON. Every failure is our words: the CLI missing, no answer in
// time, an answer that is not JSON, or the gateway's refusal by its error code, never its text.
import { openclawEnv, type Exec } from '../seams/exec.ts';

export type GatewayAnswer = { ok: true; data: Record<string, unknown>; durationMs: number } | { ok: false; why: string; durationMs: number };

export async function gatewayCall(exec: Exec, openclawBin: string, method: string, params: Record<string, unknown> | null, timeoutMs: number, gatewayPort: string | null): Promise<GatewayAnswer> {
  const args = ['gateway', 'call', method, ...(params ? ['--params', JSON.stringify(params)] : []), '--json'];
  const r = await exec(openclawBin, args, { timeoutMs, killGraceMs: 3_000, env: openclawEnv(gatewayPort) });
  if (r.notFound) return { ok: false, why: `${openclawBin} not found (OPENCLAW_BIN)`, durationMs: r.durationMs };
  if (r.timedOut) return { ok: false, why: `no answer within ${Math.round(timeoutMs / 1000)} s`, durationMs: r.durationMs };
  let data: unknown;
  try {
    data = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
  } catch {
    return { ok: false, why: `no JSON answer (exit ${r.exitCode ?? 'none'})`, durationMs: r.durationMs };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { ok: false, why: `no JSON answer (exit ${r.exitCode ?? 'none'})`, durationMs: r.durationMs };
  const d = data as Record<string, unknown>;
  if (d.ok === false || d.error) {
    const e = d.error as { code?: unknown; type?: unknown } | undefined;
    const code = [e?.code, e?.type].find((v): v is string => typeof v === 'string' && /^[A-Za-z][\w-]{0,39}$/.test(v));
    return { ok: false, why: `refused${code ? `: ${code}` : ''} (exit ${r.exitCode ?? 'none'})`, durationMs: r.durationMs };
  }
  return { ok: true, data: d, durationMs: r.durationMs };
}
