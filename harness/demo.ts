// `npm run demo`: the supervisor against the embedded demo gateway, on a readable timeline. The tiers
// run as separate processes, as launchd would run them; faults are injected for real.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { alive, demoSupervisorEnv, freePort, readPid, start, writeFault } from './demo-gateway.ts';
import { realExec } from '../lib/seams/exec.ts';
import type { HealthSummary } from '../lib/tiers/health.ts';
import { TIER_SCRIPT } from '../lib/seams/launcher.ts';
import { runCommand } from './command.ts';
import { StateStore } from '../lib/record/store.ts';
import type { WatchdogSummary } from '../lib/tiers/watchdog.ts';

type Say = (line: string) => void;

/** `inspect`: called with the demo's state folder before it is removed (the tests read its history). */
export async function runDemo(say: Say = (l) => process.stdout.write(`${l}\n`), inspect?: (home: string, env: NodeJS.ProcessEnv) => Promise<void>): Promise<boolean> {
  const dir = mkdtempSync(join(tmpdir(), 'selfheal-demo-'));
  const port = await freePort();
  const supervisorEnv = demoSupervisorEnv(dir, port);
  const home = supervisorEnv.SELFHEAL_HOME as string;
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...supervisorEnv };
  const t0 = Date.now();
  const at = (text: string) => say(`[t+${((Date.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${text}`);
  const tier = async <T>(name: 'watchdog' | 'health' | 'alert'): Promise<T> => {
    const [file, ...args] = runCommand(TIER_SCRIPT[name]) as [string, ...string[]];
    const r = await realExec(file, [...args, '--json'], { timeoutMs: 120_000, env });
    if (r.exitCode !== 0) throw new Error(`${name} exited ${r.exitCode}: ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  const healthy = async (): Promise<boolean> => {
    for (let i = 0; i < 100; i++) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(500) })).ok) return true;
      } catch {
        /* not yet */
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  };
  let ok = true;
  const expect = (cond: boolean, what: string) => {
    if (!cond) ok = false;
    at(`${cond ? 'ok' : 'UNEXPECTED'}: ${what}`);
  };

  try {
    say(`openclaw-selfheal demo: a demo gateway on 127.0.0.1:${port}, state in ${home}`);
    say('Each tier below is its own process, as launchd would start it.\n');
    const first = start(dir, port);
    expect(await healthy(), `demo gateway started (pid ${first}) and answers /health`);

    let h = await tier<HealthSummary>('health');
    at(`health check: ${h.probe.detail} -> ${h.action.kind}`);

    say('\n-- fault 1: the gateway process crashes (SIGKILL) --');
    process.kill(first, 'SIGKILL');
    at(`killed gateway ${first}`);
    const w = await tier<WatchdogSummary>('watchdog');
    at(`watchdog: ${w.action.reason} -> ${w.action.kind}${w.restart ? `: ${w.restart.steps.at(-1)}` : ''}`);
    expect(w.action.kind === 'restart' && w.runningAfter === true, `watchdog restarted it (new pid ${readPid(dir)})`);
    await healthy();
    h = await tier<HealthSummary>('health');
    at(`health check: ${h.probe.detail} -> ${h.action.kind}`);
    expect(h.probe.ok && h.incident === null, 'incident closed as recovered');

    say('\n-- fault 2: the gateway hangs (alive, never answers) and ignores SIGTERM --');
    const hung = readPid(dir) as number;
    writeFault(dir, { pid: hung, hang: true, ignoreTerm: true });
    at(`gateway ${hung} now accepts connections and never answers`);
    const w2 = await tier<WatchdogSummary>('watchdog');
    at(`watchdog: ${w2.action.reason} (a process watchdog alone cannot see a hang)`);
    h = await tier<HealthSummary>('health');
    at(`health check: ${h.probe.detail}`);
    at(`health check -> ${h.action.kind}: ${(h.restart?.steps ?? []).join('; ')}`);
    expect(Boolean(h.restart?.killed.some((k) => k.pid === hung && k.signal === 'SIGKILL')) && !alive(hung), `SIGKILL went to exactly pid ${hung}`);
    expect(h.verified?.ok === true, `healthy again (new pid ${readPid(dir)}): ${h.verified?.detail}`);

    const s = new StateStore(home).read();
    say('\n-- what the supervisor recorded: npm run status -- --history --');
    const [file, ...args] = runCommand('status') as [string, ...string[]];
    const hist = await realExec(file, [...args, '--history'], { timeoutMs: 60_000, env });
    say(hist.stdout.trimEnd());
    expect(hist.exitCode === 0 && s.history.length === 2, 'both incidents are in the history, with their times to recovery');
    say(`alerts queued (no alert channel is set in the demo, so they wait in the outbox): ${s.outbox.map((a) => `"${a.title}"`).join(', ') || 'none'}`);
    say(`the status page: ${join(home, 'status.html')} (npm run status -- --html --open)`);
    await inspect?.(home, env);
    say(`\nDemo ${ok ? 'finished: every fault detected and recovered' : 'FAILED: see UNEXPECTED above'}.`);
  } finally {
    const pid = readPid(dir);
    if (pid && alive(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
  return ok;
}
