// Unfinished plugin upgrades after an OpenClaw update (docs/design.md, "During an OpenClaw update"):
// the one thing its run ledger does not hold. `openclaw update status --json` lists them as
// `migrationWarnings` (cli/update/status-and-history.md; OpenClaw 2026.9.6 reads them from its
// `migration_runs` table), so it is asked once per finished run, never each tick. Only how many
// leaves here: each warning's text names a plugin and a command, and is OpenClaw's to show.
import type { Exec } from '../seams/exec.ts';
import { openclawEnv } from '../seams/exec.ts';

export interface MigrationLook {
  /** The command ran and printed OpenClaw's JSON. */
  asked: boolean;
  /** Unfinished plugin data/settings upgrades (`migrationWarnings`). */
  count: number;
  /** OpenClaw could not read its own migration state (`migrationWarningsError`). */
  unreadable: boolean;
  /** Why it could not be asked, in our words (null: asked). */
  why: string | null;
  durationMs: number;
}

const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

/** The CLI's printed answer: counted, never quoted. */
export function parseMigrationWarnings(stdout: string, exitCode: number | null, durationMs: number): MigrationLook {
  let d: Record<string, unknown> | null = null;
  try {
    const v: unknown = JSON.parse(stdout);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) d = obj(v);
  } catch {
    d = null;
  }
  // Its JSON always holds `availability` (registry and git): anything else is not its answer.
  if (!d || !('availability' in d)) return { asked: false, count: 0, unreadable: false, why: `openclaw update status printed no status JSON (exit ${exitCode ?? 'none'})`, durationMs };
  const list = Array.isArray(d.migrationWarnings) ? d.migrationWarnings.filter((w) => typeof w === 'string') : [];
  const unreadable = typeof d.migrationWarningsError === 'string' && d.migrationWarningsError.length > 0;
  return { asked: true, count: list.length, unreadable, why: null, durationMs };
}

/**
 * One call, bounded: OpenClaw's own checks (the registry's latest version) get a few seconds less
 * than our timeout, and the process is killed at it.
 */
export async function askMigrationWarnings(exec: Exec, openclawBin: string, timeoutMs: number, port: string | null): Promise<MigrationLook> {
  const checksS = Math.max(1, Math.floor(timeoutMs / 1000) - 5);
  const started = Date.now();
  const r = await exec(openclawBin, ['update', 'status', '--json', '--timeout', String(checksS)], { timeoutMs, killGraceMs: 3_000, env: openclawEnv(port) });
  const ms = Date.now() - started;
  if (r.notFound) return { asked: false, count: 0, unreadable: false, why: `${openclawBin} not found (OPENCLAW_BIN)`, durationMs: ms };
  if (r.timedOut) return { asked: false, count: 0, unreadable: false, why: `openclaw update status: no answer within ${Math.round(timeoutMs / 1000)} s`, durationMs: ms };
  return parseMigrationWarnings(r.stdout, r.exitCode, ms);
}
