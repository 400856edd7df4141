// Which OpenClaw the gateway runs, asked once per boot (docs/design.md, "The serving check"): its
// /health body says no version, so `openclaw gateway status --json` (about 7 s of CPU) is asked on
// the first serving check after /readyz's uptime shows a new boot. The running gateway's own
// answer (`rpc.server.version`) when the CLI may ask it; else the version its plugins were checked
// against (`pluginVersionDrift.gatewayVersion`); else the installed CLI's, said as such.
import type { Exec } from '../seams/exec.ts';
import { openclawEnv } from '../seams/exec.ts';
import type { GatewayVersion } from '../record/serving-state.ts';

export type { GatewayVersion };

const VERSION = /^\d{4}\.\d{1,2}\.\d{1,2}(?:-[\w.]{1,20})?$/;
const str = (v: unknown): string | null => (typeof v === 'string' && VERSION.test(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** `gateway status --json`'s answer, in our terms. */
export function parseGatewayVersion(stdout: string): Pick<GatewayVersion, 'version' | 'from'> {
  let d: Record<string, unknown>;
  try {
    d = obj(JSON.parse(stdout));
  } catch {
    return { version: null, from: null };
  }
  const server = str(obj(obj(d.rpc).server).version);
  if (server) return { version: server, from: 'gateway' };
  const installed = str(obj(d.pluginVersionDrift).gatewayVersion) ?? str(obj(d.cli).version);
  return installed ? { version: installed, from: 'installed' } : { version: null, from: null };
}

/** A boot the last answer was not for: asked again (a minute's slack for the uptime's rounding). */
export function versionDue(last: GatewayVersion | null, bootAt: number | null): boolean {
  return bootAt !== null && (last === null || Math.abs(last.bootAt - bootAt) > 60_000);
}

export async function askGatewayVersion(exec: Exec, openclawBin: string, timeoutMs: number, port: string | null, bootAt: number, now: () => number): Promise<GatewayVersion> {
  const r = await exec(openclawBin, ['gateway', 'status', '--json'], { timeoutMs, killGraceMs: 3_000, env: openclawEnv(port) });
  const at = now();
  if (r.notFound) return { version: null, from: null, bootAt, at, detail: `${openclawBin} not found (OPENCLAW_BIN)` };
  if (r.timedOut) return { version: null, from: null, bootAt, at, detail: `openclaw gateway status: no answer within ${Math.round(timeoutMs / 1000)} s` };
  const v = parseGatewayVersion(r.stdout);
  return { ...v, bootAt, at, detail: v.version ? `OpenClaw ${v.version}${v.from === 'installed' ? ' (installed; the running gateway did not say)' : ''}` : `openclaw gateway status named no version (exit ${r.exitCode ?? 'none'})` };
}
