// Claude Code runs in its own process group, bounded by the wall clock: at the deadline TERM, then
// KILL, the whole group, and whatever a tool left running in it goes too.
import { join } from 'node:path';
import type { Deps } from '../seams/deps.ts';

/** Runs claude in its own process group; at the deadline TERM, then KILL, the whole group. */
export async function runClaude(d: Deps, args: string[], prompt: string, runDir: string, transcript: string): Promise<{ exitCode: number | null; timedOut: boolean }> {
  const { execa } = await import('execa');
  const child = execa(d.cfg.claudeBin, args, {
    input: prompt,
    cwd: runDir,
    detached: true,
    reject: false,
    stdout: { file: transcript },
    stderr: { file: join(runDir, 'claude.stderr.log') },
    env: { ...process.env, DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', BASH_DEFAULT_TIMEOUT_MS: '120000', BASH_MAX_TIMEOUT_MS: '300000', ...(d.cfg.envFile ? { SELFHEAL_ENV_FILE: d.cfg.envFile } : {}) },
  });
  const pgid = child.pid as number;
  const group = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      /* already gone */
    }
  };
  let timedOut = false;
  const term = setTimeout(() => {
    timedOut = true;
    group('SIGTERM');
  }, d.cfg.doctorTimeoutS * 1000);
  const kill = setTimeout(() => group('SIGKILL'), d.cfg.doctorTimeoutS * 1000 + 10_000);
  const r = await child;
  clearTimeout(term);
  clearTimeout(kill);
  // Whatever a tool left running in the group goes with it.
  group('SIGKILL');
  return { exitCode: r.exitCode ?? null, timedOut };
}
