// The cost of one healthy tick, the price every minute of every day pays: CPU seconds and peak memory
// of a healthy-path `healthcheck` (and `watchdog`) run next to `node -e 0` on the same machine.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoSupervisorEnv, freePort, readPid, start } from './demo-gateway.ts';
import { PROJECT_ROOT } from '../lib/config/paths.ts';

export interface Sample {
  cpuMs: number;
  maxRssMb: number;
}

export interface TickRow {
  what: string;
  cpuMs: number;
  maxRssMb: number;
  cpuRatio: number;
  rssRatio: number;
}

const PRELOAD = `import { writeSync } from 'node:fs';
process.on('exit', () => { const u = process.resourceUsage(); writeSync(2, '\\nRUSAGE ' + (u.userCPUTime + u.systemCPUTime) + ' ' + u.maxRSS + '\\n'); });
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

interface Run {
  what: string;
  args: string[];
  input?: string;
  /** Added to the shared environment for this run only. */
  env?: NodeJS.ProcessEnv;
}

/** One run with a preload that reports its own rusage at exit. */
function once(run: Run, env: NodeJS.ProcessEnv, preload: string): { cpuMs: number; rssMb: number } {
  const r = spawnSync(process.execPath, ['--import', preload, ...run.args], { env, encoding: 'utf8', cwd: PROJECT_ROOT, timeout: 60_000, input: run.input });
  const m = /RUSAGE (\d+) (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${run.args.join(' ')} exited ${r.status}: ${r.stderr.slice(0, 500)}`);
  return { cpuMs: Number(m[1]) / 1000, rssMb: Number(m[2]) / 1024 };
}

/**
 * Each round runs every command once, in turn: a machine that is busier for a while slows the
 * baseline and the ticks alike, so their ratio holds where medians of separate batches drift apart.
 */
function measureInterleaved(runs: Run[], env: NodeJS.ProcessEnv, preload: string, n: number): Sample[] {
  const cpu: number[][] = runs.map(() => []);
  const rss: number[][] = runs.map(() => []);
  for (let i = 0; i < n; i++) {
    runs.forEach((run, k) => {
      const s = once(run, { ...env, ...run.env }, preload);
      cpu[k]!.push(s.cpuMs);
      rss[k]!.push(s.rssMb);
    });
  }
  return runs.map((_, k) => ({ cpuMs: median(cpu[k]!), maxRssMb: median(rss[k]!) }));
}

export async function benchTick(n = 15): Promise<TickRow[]> {
  const dist = join(PROJECT_ROOT, 'dist', 'scripts', 'healthcheck.js');
  if (!existsSync(dist)) throw new Error('dist/ is missing: run `npm run build` first (install.sh does)');
  const dir = mkdtempSync(join(tmpdir(), 'selfheal-bench-'));
  const preload = join(dir, 'rusage.mjs');
  writeFileSync(preload, PRELOAD);
  const port = await freePort();
  start(dir, port);
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...demoSupervisorEnv(dir, port) };
  try {
    for (let i = 0; i < 100; i++) {
      const ok = await fetch(`http://127.0.0.1:${port}/health`).then((r) => r.ok, () => false);
      if (ok) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    // A first tick outside the samples: it runs the serving check the fresh state has due.
    once({ what: 'first tick', args: [dist] }, env, preload);
    const runs: Run[] = [
      { what: 'node -e 0', args: ['-e', '0'] },
      { what: 'healthcheck (dist, as launchd runs it)', args: [dist] },
      // With METRICS_FILE set every tick records its duration and writes the metrics (report/publish.ts).
      { what: 'healthcheck (dist) with METRICS_FILE', args: [dist], env: { METRICS_FILE: join(dir, 'openclaw_selfheal.prom') } },
      { what: 'watchdog (dist, as launchd runs it)', args: [join(PROJECT_ROOT, 'dist', 'scripts', 'watchdog.js')] },
      // The doctor's PreToolUse hook runs before every tool call it makes.
      { what: 'doctor-guard hook (dist, one allowed call)', args: [join(PROJECT_ROOT, 'dist', 'scripts', 'doctor-guard.js')], input: JSON.stringify({ tool_name: 'mcp__selfheal__health_probe', tool_input: {} }) },
      { what: 'healthcheck (tsx, from source)', args: ['--import', import.meta.resolve('tsx'), join(PROJECT_ROOT, 'scripts', 'healthcheck.ts')] },
    ];
    // Another build's tick beside this one (BENCH_BASELINE_DIST=<its dist/scripts>): what a change costs.
    const other = process.env.BENCH_BASELINE_DIST;
    if (other) runs.splice(2, 0, { what: `healthcheck (dist of ${other})`, args: [join(other, 'healthcheck.js')] });
    const samples = measureInterleaved(runs, env, preload, n);
    const base = samples[0]!;
    const rows: TickRow[] = runs.map((r, k) => ({ what: r.what, ...samples[k]!, cpuRatio: samples[k]!.cpuMs / base.cpuMs, rssRatio: samples[k]!.maxRssMb / base.maxRssMb }));
    return rows;
  } finally {
    const pid = readPid(dir);
    if (pid) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

export function renderTick(rows: TickRow[]): string {
  const lines = ['| run | CPU ms (median) | x node -e 0 | peak RSS MB | x node -e 0 |', '|---|---:|---:|---:|---:|'];
  for (const r of rows) lines.push(`| ${r.what} | ${r.cpuMs.toFixed(0)} | ${r.cpuRatio.toFixed(2)} | ${r.maxRssMb.toFixed(1)} | ${r.rssRatio.toFixed(2)} |`);
  return lines.join('\n');
}
