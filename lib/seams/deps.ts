// The seams every tier acts through, bundled: tests replace any of them.
import type { Config } from '../config/config.ts';
import { eventLog, type EventLog } from './events.ts';
import { probeExec, realExec, type Exec } from './exec.ts';
import { makeLauncher, type Launcher } from './launcher.ts';
import { realHttpGet, type HttpGet } from './http.ts';
import { realProcessControl, type ProcessControl } from './process.ts';
import { StateStore } from '../record/store.ts';

export interface Deps {
  cfg: Config;
  store: StateStore;
  exec: Exec;
  /** Cheap read-only commands run every tick (ps). */
  probeExec: Exec;
  pc: ProcessControl;
  launch: Launcher;
  httpGet: HttpGet;
  now: () => number;
  log: EventLog;
  /** The OS the tiers act for: launchd's steps run on darwin only (tests drive them elsewhere). */
  platform: NodeJS.Platform;
}

export function realDeps(cfg: Config, over: Partial<Deps> = {}): Deps {
  const exec = over.exec ?? realExec;
  const now = over.now ?? Date.now;
  return {
    cfg,
    store: over.store ?? new StateStore(cfg.home, { now }),
    exec,
    probeExec: over.probeExec ?? (over.exec ? exec : probeExec),
    pc: over.pc ?? realProcessControl,
    launch: over.launch ?? makeLauncher(cfg, exec),
    httpGet: over.httpGet ?? realHttpGet,
    now,
    log: over.log ?? eventLog(cfg.home, now),
    platform: over.platform ?? process.platform,
  };
}
