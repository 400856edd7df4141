// `healthcheck --check`: what install.sh asks before it installs anything: .env reads, and the
// signature table holds (a bad entry is a ConfigError: one line naming it, exit 78).
import type { Config } from '../config/config.ts';
import { loadSignatures } from '../config/signatures.ts';

export function checkOnly(cfg: Config): string {
  const sigs = loadSignatures(cfg.signaturesFile);
  const serving = cfg.servingIntervalS > 0 ? `every ${cfg.servingIntervalS} s, canary ${cfg.canaryIntervalS > 0 ? `at most every ${cfg.canaryIntervalS} s` : 'off'}` : 'off (SERVING_INTERVAL_S=0)';
  return `configuration ok; signature table ok: ${sigs.length} entries (${cfg.signaturesFile}); serving check ${serving}`;
}
