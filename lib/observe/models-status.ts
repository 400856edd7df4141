// OpenClaw's own check of its model routes, spending no tokens: `openclaw models status --check
// --json` (cli/models.md). Exit 0: nothing found; 1: missing or expired auth, an unavailable
// runtime; 2: a credential expiring. `auth.unusableProfiles` lists logins set aside (cooldowns,
// billing disables) with OpenClaw's reason. It makes no model call: a revoked key passes until a
// real request fails, which is the canary's part.
import type { FaultClass } from '../config/signatures.ts';
import { openclawEnv, type Exec } from '../seams/exec.ts';

export interface UnusableLogin {
  provider: string;
  /** OpenClaw's reason, as one of our classes ('other' when it names one we do not know). */
  class: FaultClass | 'other';
  /** OpenClaw's reason word (auth, billing, rate_limit, ...), kept only when it is a plain word. */
  reason: string;
  /** Set aside until (epoch ms), when OpenClaw says. */
  until: number | null;
}

export interface ModelsStatus {
  /** The command ran and answered with its JSON. */
  ran: boolean;
  exitCode: number | null;
  unusable: UnusableLogin[];
  /** Providers whose route OpenClaw calls broken (exit 1 with no login set aside). */
  routeIssues: string[];
  expiring: boolean;
  /** Why it did not run or answer, in our words. */
  error: string | null;
  durationMs: number;
}

const REASONS: Record<string, FaultClass> = {
  auth: 'auth',
  auth_permanent: 'auth',
  billing: 'billing',
  rate_limit: 'rate-limit',
  overloaded: 'overloaded',
  timeout: 'provider-down',
};

/** A provider id from OpenClaw's output, or null when it is not a plain short name (never free text). */
export function plainName(v: unknown): string | null {
  return typeof v === 'string' && /^[\w.-]{1,40}$/.test(v) ? v : null;
}

/** `inline-api-key:anthropic`, `anthropic:default`, `openai-codex:me@x`: the provider part. */
export function providerOfProfile(profileId: string): string | null {
  const parts = profileId.split(':');
  if (parts.length < 2) return plainName(profileId);
  return plainName(parts[0] === 'inline-api-key' || parts[0] === 'env' ? parts[1] : parts[0]);
}

export function parseModelsStatus(stdout: string, exitCode: number | null, durationMs: number): ModelsStatus {
  const out: ModelsStatus = { ran: false, exitCode, unusable: [], routeIssues: [], expiring: exitCode === 2, error: null, durationMs };
  let data: { auth?: { unusableProfiles?: unknown; modelRouteIssues?: unknown } };
  try {
    data = JSON.parse(stdout.slice(stdout.indexOf('{'))) as typeof data;
  } catch {
    return { ...out, error: `openclaw models status gave no JSON (exit ${exitCode ?? 'none'})` };
  }
  if (!data || typeof data.auth !== 'object' || data.auth === null) return { ...out, error: `openclaw models status answered without its auth section (exit ${exitCode ?? 'none'})` };
  out.ran = true;
  const list = Array.isArray(data.auth.unusableProfiles) ? (data.auth.unusableProfiles as Array<Record<string, unknown>>) : [];
  for (const p of list) {
    const provider = providerOfProfile(typeof p.profileId === 'string' ? p.profileId : '') ?? plainName(p.provider);
    if (!provider) continue;
    const reason = plainName(p.reason) ?? 'unknown';
    out.unusable.push({ provider, class: REASONS[reason] ?? 'other', reason, until: typeof p.until === 'number' ? p.until : null });
  }
  const issues = Array.isArray(data.auth.modelRouteIssues) ? (data.auth.modelRouteIssues as Array<Record<string, unknown>>) : [];
  for (const i of issues) {
    const provider = plainName(i.provider) ?? (typeof i.model === 'string' ? plainName(i.model.split('/')[0]) : null);
    if (provider && !out.routeIssues.includes(provider)) out.routeIssues.push(provider);
  }
  return out;
}

export async function modelsStatus(exec: Exec, openclawBin: string, timeoutMs: number): Promise<ModelsStatus> {
  const r = await exec(openclawBin, ['models', 'status', '--check', '--json'], { timeoutMs, killGraceMs: 2_000, env: openclawEnv() });
  if (r.notFound) return { ran: false, exitCode: null, unusable: [], routeIssues: [], expiring: false, error: `${openclawBin} not found (OPENCLAW_BIN)`, durationMs: r.durationMs };
  if (r.timedOut) return { ran: false, exitCode: null, unusable: [], routeIssues: [], expiring: false, error: `openclaw models status did not answer within ${Math.round(timeoutMs / 1000)} s`, durationMs: r.durationMs };
  return parseModelsStatus(r.stdout, r.exitCode, r.durationMs);
}
