// Two gateways on one machine that share GATEWAY_PROCESS_MATCH (a second profile, a dev gateway),
// and a gateway frozen moments after it started: real demo gateways, the tiers as real processes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { alive } from '../harness/demo-gateway.ts';
import type { HealthSummary } from '../lib/tiers/health.ts';
import type { WatchdogSummary } from '../lib/tiers/watchdog.ts';
import { StateStore } from '../lib/record/store.ts';
import { needTools, runScript, sleep, startDemo, tempDir, track, waitFor, waitHealthy, type DemoGateway } from './helpers.ts';

async function tier<T>(name: 'watchdog' | 'healthcheck', env: Record<string, string>): Promise<T> {
  const r = await runScript(name, ['--json'], env);
  assert.equal(r.code, 0, `${name} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

/** A (supervised) and B (someone else's) under one parent folder: one pattern matches both. */
async function pair(extra: Record<string, string> = {}): Promise<{ a: DemoGateway; b: DemoGateway; env: Record<string, string> }> {
  const root = tempDir('selfheal-pair-');
  mkdirSync(join(root, 'a'));
  mkdirSync(join(root, 'b'));
  const a = await startDemo({}, { dir: join(root, 'a') });
  const b = await startDemo({}, { dir: join(root, 'b') });
  return { a, b, env: { ...a.env, GATEWAY_PROCESS_MATCH: `serve --dir ${root}/`, ...extra } };
}

/** Every pid a tier says it signalled. */
const signalled = (steps: string[] | undefined): number[] => [...(steps ?? []).join(' ').matchAll(/SIG\w+ to (\d+)/g)].map((m) => Number(m[1]));

describe('the supervised gateway, identified', { concurrency: 2 }, () => {
  before(() => needTools('lsof', 'ps'));

  it('two gateways share the pattern, A is killed: one watchdog run restarts A; B is never signalled', async () => {
    const { a, b, env } = await pair();
    const bPid = b.pid() as number;
    const aOld = a.pid() as number;
    // Both run: the watchdog knows which one is its own, and names the other.
    const seen = await tier<WatchdogSummary>('watchdog', env);
    assert.equal(seen.action.kind, 'none');
    assert.deepEqual(seen.processes?.map((p) => p.pid), [aOld]);
    assert.match(seen.action.reason, new RegExp(`another gateway, pid ${bPid} on port ${b.port}: not ours`));
    const status = await runScript('status', [], env);
    assert.match(status.stdout, new RegExp(`watchdog saw: running \\(pid ${aOld}\\); another gateway, pid ${bPid} on port ${b.port}: not ours`));
    process.kill(aOld, 'SIGKILL');
    await waitFor(() => !alive(aOld));
    const w = await tier<WatchdogSummary>('watchdog', env);
    assert.equal(w.action.kind, 'restart', w.action.reason);
    assert.equal(w.runningAfter, true);
    assert.ok(await waitHealthy(a.url));
    assert.ok(!signalled(w.restart?.steps).includes(bPid));
    assert.equal(alive(bPid), true);
    assert.equal(b.pid(), bPid);
    assert.ok(await waitHealthy(b.url, 2_000), 'B keeps answering');
    a.stopAll();
    b.stopAll();
  });

  it('two gateways share the pattern, A frozen: one health run stops A by pid and starts it again; B untouched', async () => {
    // The demo's service stand-in would give up on a stopped gateway, as launchd would: frozen, A is
    // stopped by its pid first, and the command only starts it.
    const { a, b, env } = await pair();
    const bPid = b.pid() as number;
    const aOld = a.pid() as number;
    process.kill(aOld, 'SIGSTOP');
    const h = await tier<HealthSummary>('healthcheck', env);
    assert.equal(h.action.kind, 'restart', h.action.reason);
    assert.match(h.restart?.steps[0] ?? '', /frozen: stopped by pid first/, JSON.stringify(h.restart?.steps));
    assert.deepEqual([...new Set(signalled(h.restart?.steps))], [aOld], JSON.stringify(h.restart?.steps));
    assert.equal(h.verified?.ok, true, JSON.stringify(h.restart));
    assert.equal(alive(aOld), false);
    assert.equal(alive(bPid), true);
    assert.ok(await waitHealthy(b.url, 2_000), 'B keeps answering');
    a.stopAll();
    b.stopAll();
  });

  it('two installs side by side (own SELFHEAL_HOME, labels, health URL) leave each other alone', async () => {
    const { a, b, env } = await pair();
    const envB = { ...b.env, GATEWAY_PROCESS_MATCH: env.GATEWAY_PROCESS_MATCH as string, SELFHEAL_LABEL_PREFIX: 'ai.openclaw.selfheal.work' };
    const [aPid, bPid] = [a.pid() as number, b.pid() as number];
    process.kill(bPid, 'SIGSTOP');
    // A's tiers: A is fine; B's trouble is not theirs.
    const wa = await tier<WatchdogSummary>('watchdog', env);
    const ha = await tier<HealthSummary>('healthcheck', env);
    assert.equal(wa.action.kind, 'none');
    assert.equal(ha.action.kind, 'none');
    // B's tiers: B is restarted; A is not touched.
    const hb = await tier<HealthSummary>('healthcheck', envB);
    assert.equal(hb.action.kind, 'restart', hb.action.reason);
    assert.deepEqual([...new Set(signalled(hb.restart?.steps))], [bPid]);
    assert.equal(hb.verified?.ok, true);
    assert.equal(a.pid(), aPid);
    assert.ok(alive(aPid) && (await waitHealthy(a.url, 2_000)));
    assert.equal(new StateStore(env.SELFHEAL_HOME as string).read().incident, null, "A's install opened nothing");
    a.stopAll();
    b.stopAll();
  });

  it('two gateways match and nothing says which is ours: nothing is signalled; a failed restart goes to a human with both pids', async () => {
    const root = tempDir('selfheal-pair-');
    // Two processes that match and listen nowhere (hung before they bind): nothing tells them apart.
    const matching = (name: string) => {
      const p = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)', `serve --dir ${root}/${name}`], { stdio: 'ignore' });
      track(p.pid);
      return p.pid as number;
    };
    const [a, b] = [matching('a'), matching('b')];
    const env: Record<string, string> = { ...(await startDemo()).env, GATEWAY_PROCESS_MATCH: `serve --dir ${root}/`, GATEWAY_HEALTH_URL: 'http://127.0.0.1:9/health', GATEWAY_RESTART_COMMAND: 'false' };
    const w = await tier<WatchdogSummary>('watchdog', env);
    assert.equal(w.action.kind, 'none');
    assert.match(w.action.reason, /cannot tell which of pids/);
    const h = await tier<HealthSummary>('healthcheck', env);
    assert.equal(h.action.kind, 'restart');
    assert.equal(h.restart?.killed.length, 0);
    assert.match(h.restart?.steps.join(' ') ?? '', /nothing was killed: GATEWAY_PROCESS_MATCH matches/);
    assert.ok(alive(a) && alive(b));
    const s = new StateStore(env.SELFHEAL_HOME as string).read();
    const human = s.outbox.find((x) => x.kind === 'human');
    assert.ok(human, JSON.stringify(s.outbox.map((x) => x.title)));
    assert.match(human.summary, new RegExp(`pid (${a}|${b}) .* and pid (${a}|${b})`));
  });

  it('a gateway frozen 3 s after it started, default 120 s grace: one health run recovers it', async () => {
    const t0 = Date.now();
    const gw = await startDemo({ STARTUP_GRACE_S: '120' });
    const pid = gw.pid() as number;
    await sleep(Math.max(0, 3_000 - (Date.now() - t0)));
    process.kill(pid, 'SIGSTOP');
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.action.kind, 'restart', h.action.reason);
    assert.match(h.action.reason, /frozen: the process is stopped \(state T\)/);
    assert.equal(h.verified?.ok, true, JSON.stringify(h.restart));
    assert.ok(signalled(h.restart?.steps).every((p) => p === pid));
    assert.equal(alive(pid), false);
    gw.stopAll();
  });
});
