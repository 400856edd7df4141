// Writing the metrics file (docs/design.md, "What happened: history, page, metrics"): by a rename,
// readable by node_exporter. Each tier's last run time is kept in the file itself (its own
// series, read back and updated), so a tick records it without another write of the state. Two
// tiers writing at the same moment can lose the other's figure until its next run.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { activeIds } from '../config/channels.ts';
import type { Config } from '../config/config.ts';
import type { State, Tier } from '../record/state.ts';
import { renderMetrics } from './metrics.ts';

const DURATION = /^openclaw_selfheal_tier_last_run_duration_seconds\{tier="([a-z]+)"\} ([0-9.e+-]+)$/gm;

/** The durations a metrics file holds, by tier. */
export function durationsIn(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(DURATION)) if (Number.isFinite(Number(m[2]))) out[m[1] as string] = Number(m[2]);
  return out;
}

/** Writes the metrics now from the state given, with this tier's run time; returns the path. */
export function writeMetrics(cfg: Config, s: State, now: number, tier: Tier, ms: number): string | null {
  if (!cfg.metricsFile) return null;
  let old = '';
  try {
    old = readFileSync(cfg.metricsFile, 'utf8');
  } catch {
    /* the first write */
  }
  const durations = { ...durationsIn(old), [tier]: ms / 1000 };
  // A rename, no fsync: a reader sees the old file or the new one, and a figure lost to a power cut is
  // written again a minute later. The temporary name does not end in .prom, which the collector skips.
  // Readable by node_exporter, which often runs as its own user.
  const tmp = join(dirname(cfg.metricsFile), `.${basename(cfg.metricsFile)}.${process.pid}.tmp`);
  writeFileSync(tmp, renderMetrics(s, activeIds(cfg), now, durations), { mode: 0o644 });
  renameSync(tmp, cfg.metricsFile);
  return cfg.metricsFile;
}
