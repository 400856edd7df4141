// A small launchd for tests: fires each rendered plist's ProgramArguments with launchd's semantics:
// RunAtLoad, every StartInterval seconds, never two runs of one label at once (a firing during a run
// is dropped, not queued), kickstart by label (the stand-in launchctl drops a file), and an
// environment as bare as launchd's: only the plist's EnvironmentVariables.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as plist from 'plist';

interface Job {
  label: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  intervalMs: number;
  out: string;
  err: string;
  running: ChildProcess | null;
  timer: NodeJS.Timeout | null;
}

export interface Firing {
  label: string;
  at: number;
  why: 'load' | 'interval' | 'kickstart';
  exitCode?: number | null;
}

export class Scheduler {
  readonly jobs = new Map<string, Job>();
  readonly firings: Firing[] = [];
  private poll: NodeJS.Timeout | null = null;

  constructor(
    agentsDir: string,
    private readonly kickDir: string,
  ) {
    for (const f of readdirSync(agentsDir).filter((x) => x.endsWith('.plist'))) {
      const p = plist.parse(readFileSync(join(agentsDir, f), 'utf8')) as Record<string, unknown>;
      const label = p.Label as string;
      this.jobs.set(label, {
        label,
        args: p.ProgramArguments as string[],
        env: p.EnvironmentVariables as Record<string, string>,
        cwd: p.WorkingDirectory as string,
        intervalMs: (p.StartInterval as number) * 1000,
        out: p.StandardOutPath as string,
        err: p.StandardErrorPath as string,
        running: null,
        timer: null,
      });
    }
  }

  fire(label: string, why: Firing['why']): boolean {
    const job = this.jobs.get(label);
    if (!job || job.running) return false; // launchd: no overlap, the firing is missed
    const [file, ...args] = job.args as [string, ...string[]];
    const firing: Firing = { label, at: Date.now(), why };
    this.firings.push(firing);
    const out = openSync(job.out, 'a');
    const err = openSync(job.err, 'a');
    const child = spawn(file, args, { cwd: job.cwd, env: job.env, stdio: ['ignore', out, err] });
    // The child has its own copies: ours closed, or every firing leaks two descriptors.
    closeSync(out);
    closeSync(err);
    job.running = child;
    child.on('exit', (code) => {
      firing.exitCode = code;
      job.running = null;
    });
    return true;
  }

  start(runAtLoad: string[]): void {
    for (const job of this.jobs.values()) {
      if (runAtLoad.includes(job.label)) this.fire(job.label, 'load');
      job.timer = setInterval(() => this.fire(job.label, 'interval'), job.intervalMs);
    }
    this.poll = setInterval(() => {
      for (const f of readdirSync(this.kickDir)) {
        rmSync(join(this.kickDir, f), { force: true });
        this.fire(f.split('.kick')[0]?.replace(/\.\d+$/, '') ?? '', 'kickstart');
      }
    }, 200);
  }

  /** Stops firing, lets running jobs finish (up to `waitMs`), then kills what is left by pid. */
  async drain(waitMs: number): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    for (const job of this.jobs.values()) if (job.timer) clearInterval(job.timer);
    const deadline = Date.now() + waitMs;
    while ([...this.jobs.values()].some((j) => j.running) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await this.stop();
  }

  /** Stops firing and kills running jobs by pid. */
  async stop(): Promise<void> {
    if (this.poll) clearInterval(this.poll);
    for (const job of this.jobs.values()) {
      if (job.timer) clearInterval(job.timer);
      const pid = job.running?.pid;
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          /* gone */
        }
      }
    }
  }
}
