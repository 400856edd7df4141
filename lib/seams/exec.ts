// The seam for external commands. Every command gets a timeout, then SIGTERM, then SIGKILL after a
// grace. execa is imported on first use so a healthy tick that runs nothing does not pay for it.

export interface ExecOptions {
  timeoutMs: number;
  /** Wait between SIGTERM and SIGKILL once the timeout hits. */
  killGraceMs?: number;
  input?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

export interface ExecResult {
  ok: boolean;
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** The program could not be started (ENOENT, EACCES). */
  notFound: boolean;
  stdout: string;
  stderr: string;
  durationMs: number;
}

export type Exec = (file: string, args: string[], opts: ExecOptions) => Promise<ExecResult>;

/**
 * The environment for the `openclaw` CLI: no colour codes in what we parse, and, when given, the
 * port of the gateway the supervisor watches (the CLI would otherwise take gateway.port from the
 * config, or 18789, and reach another gateway, or none).
 */
export function openclawEnv(gatewayPort: string | null = null): Record<string, string | undefined> {
  return { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...(gatewayPort ? { OPENCLAW_GATEWAY_PORT: gatewayPort } : {}) };
}

/** The commands running now, by pid: a tier stopped at its deadline kills them first (none outlives it). */
const live = new Set<number>();

export function killLiveChildren(): number {
  let n = 0;
  for (const pid of live) {
    try {
      process.kill(pid, 'SIGKILL');
      n++;
    } catch {
      /* already gone */
    }
  }
  live.clear();
  return n;
}

export const realExec: Exec = async (file, args, opts) => {
  const { execa } = await import('execa');
  const started = Date.now();
  const sub = execa(file, args, {
    reject: false,
    timeout: opts.timeoutMs,
    forceKillAfterDelay: opts.killGraceMs ?? 2_000,
    input: opts.input,
    env: opts.env,
    cwd: opts.cwd,
    stripFinalNewline: true,
    maxBuffer: 10_000_000,
  });
  if (sub.pid !== undefined) live.add(sub.pid);
  const r = await sub;
  if (sub.pid !== undefined) live.delete(sub.pid);
  const code = (r as { code?: string }).code;
  return {
    ok: !r.failed && r.exitCode === 0,
    exitCode: r.exitCode ?? null,
    signal: r.signal ?? null,
    timedOut: r.timedOut,
    notFound: code === 'ENOENT' || code === 'EACCES',
    stdout: typeof r.stdout === 'string' ? r.stdout : '',
    stderr: typeof r.stderr === 'string' ? r.stderr : '',
    durationMs: Date.now() - started,
  };
};

/**
 * For the read-only probes every tick runs (ps, lsof, launchctl print): node's own execFile, which
 * costs a fraction of loading execa. Same contract: a timeout, then SIGKILL.
 */
export const probeExec: Exec = async (file, args, opts) => {
  const { execFile } = await import('node:child_process');
  const started = Date.now();
  return new Promise((resolve) => {
    const child = execFile(file, args, { timeout: opts.timeoutMs, killSignal: 'SIGKILL', env: opts.env, cwd: opts.cwd, maxBuffer: 10_000_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (child.pid !== undefined) live.delete(child.pid);
      const e = err as (NodeJS.ErrnoException & { killed?: boolean; signal?: string | null; code?: number | string }) | null;
      const code = e ? e.code : 0;
      resolve({
        ok: !e,
        exitCode: typeof code === 'number' ? code : e ? null : 0,
        signal: e?.signal ?? null,
        timedOut: Boolean(e?.killed && e.signal === 'SIGKILL'),
        notFound: code === 'ENOENT' || code === 'EACCES',
        stdout: stdout.trimEnd(),
        stderr: stderr.trimEnd(),
        durationMs: Date.now() - started,
      });
    });
    if (child.pid !== undefined) live.add(child.pid);
  });
};

/** One line describing how a command ended, for events and incidents. */
export function describeExec(cmd: string, r: ExecResult): string {
  if (r.notFound) return `${cmd}: not found`;
  if (r.timedOut) return `${cmd}: timed out after ${Math.round(r.durationMs / 1000)}s and was killed`;
  const tail = (r.stderr || r.stdout).split('\n').filter(Boolean).slice(-1)[0] ?? '';
  const how = r.signal ? `killed by ${r.signal}` : `exit ${r.exitCode}`;
  return `${cmd}: ${how}${tail ? ` (${tail.slice(0, 200)})` : ''}`;
}
