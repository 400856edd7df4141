// The gateway's own record of why it last stopped (`openclaw gateway status --deep --json`:
// gateway.lastShutdown {reason, completedAtMs}), read once for an incident where the process was
// gone. A crash or a SIGKILL leaves no record, so a record older than the incident is said to be so.
import { gatewayPort, type Config } from '../config/config.ts';
import { openclawEnv, type Exec } from '../seams/exec.ts';

export interface LastShutdown {
  /** OpenClaw's words: "stop (SIGTERM)", "restart (SIGUSR2: config reload: gateway.bind)", ... */
  reason: string | null;
  at: number | null;
  /** Why no record could be read (a refused state database), when OpenClaw says so. */
  unavailable: string | null;
}

/** Without a better clue: how long before the incident a record may be and still be this exit's. */
export const SAME_EXIT_WINDOW_MS = 15 * 60_000;

function clip(s: string): string {
  return s.replace(/\s+/g, ' ').trim().slice(0, 200);
}

export function parseLastShutdown(stdout: string): LastShutdown | null {
  let doc: unknown;
  try {
    doc = JSON.parse(stdout.slice(stdout.indexOf('{')));
  } catch {
    return null;
  }
  const gw = (doc as { gateway?: { lastShutdown?: unknown } } | null)?.gateway;
  const ls = gw?.lastShutdown;
  if (typeof ls !== 'object' || ls === null) return null;
  const r = ls as Record<string, unknown>;
  const at = typeof r.completedAtMs === 'number' ? r.completedAtMs : null;
  if (typeof r.reason === 'string' && r.reason.trim()) return { reason: clip(r.reason), at, unavailable: null };
  const why = ['error', 'detail', 'message', 'status'].map((k) => r[k]).find((v): v is string => typeof v === 'string' && v.trim() !== '');
  return why ? { reason: null, at, unavailable: clip(why) } : null;
}

/**
 * One line for the incident. A record is this exit's only if it is newer than the last time the
 * gateway was seen running (a passing probe, or our own restart); without such a sighting, if it is
 * within SAME_EXIT_WINDOW_MS of the incident.
 */
export function describeLastShutdown(ls: LastShutdown, openedAt: number, seenRunningAt: number | null = null): string {
  if (ls.unavailable) return `the gateway's shutdown record is unavailable: ${ls.unavailable}`;
  const when = ls.at ? new Date(ls.at).toISOString() : 'an unknown time';
  const after = seenRunningAt ?? openedAt - SAME_EXIT_WINDOW_MS;
  if (ls.at !== null && ls.at >= after) return `the gateway's own last shutdown: ${ls.reason} at ${when}`;
  return `the gateway recorded no shutdown for this exit (a crash or a kill); its last recorded one was ${ls.reason} at ${when}`;
}

/** Runs the status command at low priority, bounded; null when it cannot say (no CLI, no JSON). */
export async function readLastShutdown(cfg: Config, exec: Exec, timeoutMs = 30_000): Promise<LastShutdown | null> {
  const args = [cfg.openclawBin, 'gateway', 'status', '--deep', '--json'];
  const env = openclawEnv(gatewayPort(cfg));
  // nice: it costs seconds of CPU, while the restarted gateway boots beside it.
  let r = await exec('nice', ['-n', '10', ...args], { timeoutMs, killGraceMs: 2_000, env });
  if (r.notFound) r = await exec(args[0] as string, args.slice(1), { timeoutMs, killGraceMs: 2_000, env });
  if (!r.ok) return null;
  return parseLastShutdown(r.stdout);
}
