// After a run, the config is judged, not trusted: protected keys go back whatever the outcome; when
// the gateway is not healthy afterwards, the whole pre-doctor config comes back (the doctor's own
// version kept beside it for a person to read).
import { copyFileSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Redactor } from '../text/redact.ts';
import { describeChange, diffConfigs, judgeConfig, readDoc, type ConfigChange } from './config-judge.ts';

/** Restores the pre-doctor config, keeping the doctor's version beside it for review. */
export function restoreConfig(configPath: string, snapshot: string, runDir: string, id: string): string | null {
  if (!existsSync(snapshot)) return null;
  const before = readFileSync(snapshot);
  const now = existsSync(configPath) ? readFileSync(configPath) : null;
  if (now && before.equals(now)) return null;
  const kept = `${configPath}.doctor-${id}`;
  if (now) {
    writeFileSync(kept, now, { mode: 0o600 });
    copyFileSync(kept, join(runDir, 'config.after-doctor'));
  }
  const tmp = `${configPath}.selfheal-restore`;
  writeFileSync(tmp, before, { mode: 0o600 });
  // rename: the gateway never sees a half-written config.
  renameSync(tmp, configPath);
  return now ? kept : null;
}

export interface RunJudgement {
  /** Changes kept (recovered): described, redacted. */
  kept: string[];
  /** Protected changes put back: described, redacted. */
  reverted: string[];
  /** Where the doctor's own version of the config was kept, if the file was rewritten. */
  doctorConfig: string | null;
  /** Set when the whole pre-doctor config came back (not recovered). */
  restoredTo: string | null;
}

/**
 * After a run: protected keys go back to their pre-doctor values whatever the outcome; when the
 * gateway is not healthy, the whole pre-doctor config comes back; otherwise the other changes stay.
 */
export function judgeRun(configPath: string, snapshot: string, runDir: string, id: string, recovered: boolean, redact: Redactor): RunJudgement {
  const before = readDoc(snapshot).doc;
  const after = readDoc(configPath).doc;
  const changes: ConfigChange[] = before && after ? diffConfigs(before, after) : [];
  const reverted = changes.filter((c) => c.protected).map((c) => describeChange(c, redact));
  if (!recovered) {
    const restoredTo = restoreConfig(configPath, snapshot, runDir, id);
    return { kept: [], reverted, doctorConfig: restoredTo, restoredTo };
  }
  if (!before || !after) return { kept: [], reverted: [], doctorConfig: null, restoredTo: null };
  const j = judgeConfig(configPath, snapshot, `${configPath}.doctor-${id}`);
  return { kept: changes.filter((c) => !c.protected).map((c) => describeChange(c, redact)), reverted, doctorConfig: j.keptAt, restoredTo: null };
}
