// Which configured log a tool argument names: a resolved path or its basename, nothing else.
import { basename } from 'node:path';
import type { Config } from '../../config/config.ts';
import { resolveLogPaths } from '../../observe/log-files.ts';
import { Refused } from './tool.ts';

export function pickLogs(cfg: Config, log: string | undefined): string[] {
  const files = resolveLogPaths(cfg.logPaths);
  if (!files.length) throw new Refused(`no log file exists at the configured GATEWAY_LOG_PATHS (${cfg.logPaths.join(', ')})`);
  if (log === undefined) return files;
  const hit = files.find((f) => f === log || basename(f) === log);
  if (!hit) throw new Refused(`unknown log: choose one of ${files.map((f) => basename(f)).join(', ')}`);
  return [hit];
}
