// Is the gateway's own LaunchAgent still there (openclaw#44093, #144094: lost after a restart or an
// update)? Without it nothing starts the gateway, and `openclaw gateway restart` has no service to
// restart. The fix is `openclaw gateway install` from an ordinary shell: a person's step, not the
// doctor's, since it writes a LaunchAgent (what the doctor's fences keep it away from).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentPlistPrint } from '../record/state.ts';
import type { Exec } from '../seams/exec.ts';

export interface LaunchAgentSeen {
  platform: NodeJS.Platform;
  /** `launchctl print gui/<uid>/<label>` succeeded. */
  loaded: boolean;
  plistExists: boolean;
}

/** Where launchd's per-user agent for `label` lives. */
export function agentPlistPath(home: string, label: string): string {
  return join(home, 'Library', 'LaunchAgents', `${label}.plist`);
}

/** The plist's size and modification time (one stat: cheap enough for every tick), or null. */
export function statPlist(path: string): { size: number; mtimeMs: number } | null {
  try {
    const st = statSync(path);
    return st.isFile() ? { size: st.size, mtimeMs: st.mtimeMs } : null;
  } catch {
    return null;
  }
}

/** The plist's identity and SHA-256, or null when it cannot be read. Hashed only when asked. */
export async function printPlist(path: string, now: number): Promise<AgentPlistPrint | null> {
  const st = statPlist(path);
  if (!st) return null;
  try {
    const { createHash } = await import('node:crypto');
    return { path, ...st, sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), at: now };
  } catch {
    return null;
  }
}

export async function observeLaunchAgent(exec: Exec, label: string, home: string, platform: NodeJS.Platform = process.platform): Promise<LaunchAgentSeen> {
  if (platform !== 'darwin') return { platform, loaded: false, plistExists: false };
  const r = await exec('launchctl', ['print', `gui/${process.getuid?.() ?? 0}/${label}`], { timeoutMs: 10_000 });
  return { platform, loaded: r.ok, plistExists: existsSync(join(home, 'Library', 'LaunchAgents', `${label}.plist`)) };
}

/** The PID launchd reports for a label, or null (not loaded, not running, or not macOS). */
export async function launchdPid(exec: Exec, label: string): Promise<number | null> {
  if (process.platform !== 'darwin') return null;
  const uid = process.getuid?.() ?? 0;
  const r = await exec('launchctl', ['print', `gui/${uid}/${label}`], { timeoutMs: 10_000 });
  if (!r.ok) return null;
  const m = /^\s*pid = (\d+)/m.exec(r.stdout);
  return m?.[1] ? Number(m[1]) : null;
}

/**
 * The gateway's main PID from its systemd user unit (`systemctl --user show -p MainPID --value`), the
 * way launchd's label gives it on a Mac; null when the unit is not running or there is no user manager.
 */
export async function systemdPid(exec: Exec, unit: string): Promise<number | null> {
  const r = await exec('systemctl', ['--user', 'show', '-p', 'MainPID', '--value', unit], { timeoutMs: 10_000 });
  const pid = r.ok ? Number(r.stdout.trim()) : 0;
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/** What systemd says of the gateway's user unit: `systemctl --user is-enabled` (enabled, disabled, not-found, ...). */
export interface GatewayUnitSeen {
  enabled: string;
}

export async function observeGatewayUnit(exec: Exec, unit: string): Promise<GatewayUnitSeen> {
  const r = await exec('systemctl', ['--user', 'is-enabled', unit], { timeoutMs: 10_000 });
  const word = (r.stdout.trim().split('\n')[0] ?? '').trim();
  return { enabled: /^[a-z-]{1,30}$/.test(word) ? word : r.notFound ? 'no-systemctl' : 'unknown' };
}

/**
 * The advice when the gateway's unit cannot start it (gone, or disabled: a stop with `openclaw
 * gateway stop` leaves it enabled, an uninstall does not), or null. A person's step, like the
 * LaunchAgent's: `openclaw gateway install` writes a unit.
 */
export function gatewayUnitProblem(seen: GatewayUnitSeen, unit: string): string | null {
  if (['enabled', 'enabled-runtime', 'static', 'linked', 'linked-runtime', 'alias', 'indirect', 'generated', 'transient', 'unknown', 'no-systemctl'].includes(seen.enabled)) return null;
  const what = seen.enabled === 'not-found' ? `${unit} is gone` : `${unit} is ${seen.enabled}`;
  return `the gateway's systemd user unit cannot start it (${what}): nothing will start the gateway. Fix: openclaw gateway install (then: systemctl --user status ${unit})`;
}
