// Waking another tier: `launchctl kickstart` of its LaunchAgent on macOS, `systemctl --user start` of
// its unit under systemd (so it runs in its own job, with the manager's no-overlap rule), a detached
// spawn elsewhere, nothing at all when told so.
import { mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/config.ts';
import type { Exec } from './exec.ts';
import { PROJECT_ROOT } from '../config/paths.ts';
import type { Tier } from '../record/state.ts';

export type Launcher = (tier: Tier) => Promise<string>;

export const TIER_SCRIPT: Record<Tier, string> = { watchdog: 'watchdog', health: 'healthcheck', doctor: 'doctor', alert: 'alert' };

export function tierLabel(cfg: Pick<Config, 'labelPrefix'>, tier: Tier): string {
  return `${cfg.labelPrefix}.${tier}`;
}

/** A tier's systemd unit name (no suffix): the label prefix with dots as dashes, `ai-openclaw-selfheal-health`. */
export function tierUnit(labelPrefix: string, tier: Tier): string {
  return `${labelPrefix.replace(/[^A-Za-z0-9:_-]/g, '-')}-${tier}`;
}

/** How to run one of our scripts from here: compiled JS under dist/, or the TS source through tsx. */
export function scriptCommand(name: string): string[] {
  const compiled = import.meta.url.endsWith('.js');
  if (compiled) return [process.execPath, join(PROJECT_ROOT, 'dist', 'scripts', `${name}.js`)];
  // An absolute loader URL: a bare `--import tsx` would resolve from the child's cwd.
  return [process.execPath, '--import', import.meta.resolve('tsx'), join(PROJECT_ROOT, 'scripts', `${name}.ts`)];
}

export function makeLauncher(cfg: Config, exec: Exec): Launcher {
  if (cfg.launcher === 'none') return async (tier) => `not woken (SELFHEAL_LAUNCHER=none): ${tier}`;
  if (cfg.launcher === 'launchctl') {
    return async (tier) => {
      const target = `gui/${process.getuid?.() ?? 0}/${tierLabel(cfg, tier)}`;
      const r = await exec('launchctl', ['kickstart', target], { timeoutMs: 15_000 });
      return r.ok ? `kickstarted ${target}` : `launchctl kickstart ${target} failed: ${r.stderr || r.exitCode}`;
    };
  }
  if (cfg.launcher === 'systemctl') {
    return async (tier) => {
      // --no-block: a oneshot's start would otherwise wait for the whole tier run.
      const unit = `${tierUnit(cfg.labelPrefix, tier)}.service`;
      const r = await exec('systemctl', ['--user', 'start', '--no-block', unit], { timeoutMs: 15_000 });
      return r.ok ? `started ${unit}` : `systemctl --user start ${unit} failed: ${r.stderr || r.exitCode}`;
    };
  }
  return async (tier) => {
    const { spawn } = await import('node:child_process');
    const [file, ...args] = scriptCommand(TIER_SCRIPT[tier]) as [string, ...string[]];
    const logDir = join(cfg.home, 'logs');
    mkdirSync(logDir, { recursive: true });
    const log = openSync(join(logDir, `${tier}.log`), 'a');
    // Detached: its own process group, so it outlives us as a launchd job would.
    const child = spawn(file, args, { detached: true, stdio: ['ignore', log, log], cwd: PROJECT_ROOT, env: process.env });
    child.unref();
    return `spawned ${TIER_SCRIPT[tier]} (pid ${child.pid})`;
  };
}
