// Tiers 1 and 2 as real processes against the real demo gateway: crash, hang that ignores SIGTERM,
// slow, slow start, flapping, paused.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { before, describe, it } from 'node:test';
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { alive, demoSupervisorEnv, freePort, readPid, start as startGateway, writeFault } from '../harness/demo-gateway.ts';
import type { HealthSummary } from '../lib/tiers/health.ts';
import { StateStore } from '../lib/record/store.ts';
import { startFakeDiscord } from '../harness/fake-discord.ts';
import type { WatchdogSummary } from '../lib/tiers/watchdog.ts';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { needTools, runScript, sleep, startDemo, tempDir, track, waitFor, waitHealthy, writeFakeOpenclaw } from './helpers.ts';

async function tier<T>(name: 'watchdog' | 'healthcheck', env: Record<string, string>): Promise<T> {
  const r = await runScript(name, ['--json'], env);
  assert.equal(r.code, 0, `${name} exited ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

describe('tiers 1 and 2 against the demo gateway', { concurrency: 2 }, () => {
  before(() => needTools('lsof', 'ps'));
  it('crash: one watchdog run restarts it, the next health check passes and closes the incident', async () => {
    const gw = await startDemo();
    const old = gw.pid() as number;
    process.kill(old, 'SIGKILL');
    await waitFor(() => !alive(old));
    const w = await tier<WatchdogSummary>('watchdog', gw.env);
    assert.equal(w.action.kind, 'restart');
    assert.equal(w.runningAfter, true);
    const fresh = gw.pid();
    assert.ok(fresh && fresh !== old);
    assert.ok(await waitHealthy(gw.url));
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.probe.ok, true);
    assert.equal(h.incident, null);
    const s = new StateStore(gw.env.SELFHEAL_HOME as string).read();
    assert.equal(s.history.at(-1)?.outcome, 'recovered');
    assert.equal(s.outbox.filter((a) => a.kind === 'recovered').length, 1);
    gw.stopAll();
  });

  it('one bad optional key (Telegram token without its chat id) switches off Telegram only: the dead gateway is restarted and Discord hears of the key', async () => {
    const fake = await startFakeDiscord();
    const gw = await startDemo();
    const env = { ...gw.env, DISCORD_WEBHOOK_URL: fake.url, TELEGRAM_BOT_TOKEN: '123456789:AAHk3xampleT0kenFromBotFather0123456' };
    const old = gw.pid() as number;
    process.kill(old, 'SIGKILL');
    await waitFor(() => !alive(old));
    const r = await runScript('watchdog', ['--json'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^watchdog: warning: config: TELEGRAM_CHAT_ID must be set with TELEGRAM_BOT_TOKEN.*that alert channel is off/);
    const w = JSON.parse(r.stdout) as WatchdogSummary;
    assert.equal(w.action.kind, 'restart');
    assert.equal(w.runningAfter, true);
    assert.ok(await waitHealthy(gw.url));
    const a = await runScript('alert', [], env);
    assert.equal(a.code, 0, a.stderr);
    const titles = fake.accepted.map((x) => (x.embeds as Array<{ title: string }>)[0]?.title ?? '');
    assert.ok(titles.some((t) => /TELEGRAM_CHAT_ID needs fixing/.test(t)), titles.join(' | '));
    // Once per change: the next ticks do not tell it again.
    await runScript('watchdog', [], env);
    await runScript('alert', [], env);
    assert.equal(fake.accepted.map((x) => (x.embeds as Array<{ title: string }>)[0]?.title ?? '').filter((t) => /needs fixing/.test(t)).length, 1);
    await fake.close();
    gw.stopAll();
  });

  it('status tells the truth: it probes the gateway now, says STALE when the tiers stopped, and exits 0, 1 or 2', async () => {
    const gw = await startDemo();
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.probe.ok, true);
    const ok = await runScript('status', [], gw.env);
    assert.equal(ok.code, 0, ok.stdout);
    assert.match(ok.stdout, /^OpenClaw gateway: HEALTHY/);
    // Killed seconds after a healthy tick: the state still says healthy, status does not.
    process.kill(gw.pid() as number, 'SIGKILL');
    await waitFor(() => !alive(readPid(gw.dir) as number));
    const dead = await runScript('status', ['--json'], gw.env);
    assert.equal(dead.code, 1, dead.stdout);
    const j = JSON.parse(dead.stdout) as { report: { verdict: string; live: { ok: boolean } } };
    assert.equal(j.report.verdict, 'unhealthy');
    assert.equal(j.report.live.ok, false);
    const text = await runScript('status', [], gw.env);
    assert.match(text.stdout, /^OpenClaw gateway: UNHEALTHY\n {2}probed now: DOES NOT ANSWER/);
    // Back, but the tiers last ran 3 h ago: their schedule stopped.
    await runScript('watchdog', [], gw.env);
    assert.ok(await waitHealthy(gw.url));
    const store = new StateStore(gw.env.SELFHEAL_HOME as string);
    await store.update((s) => ({ state: { ...s, tiers: { ...s.tiers, watchdog: { ...s.tiers.watchdog, lastRunAt: Date.now() - 3 * 3_600_000 }, health: { ...s.tiers.health, lastRunAt: Date.now() - 3 * 3_600_000 } }, notices: [{ at: Date.now(), text: 'something to read' }] }, result: null }));
    const stale = await runScript('status', [], gw.env);
    assert.equal(stale.code, 2, stale.stdout);
    assert.match(stale.stdout, /STALE: the watchdog tier last ran 3h ago .*is its agent loaded\? /);
    assert.match(stale.stdout, /Note \(.*\): something to read/);
    const acked = await runScript('status', ['ack'], gw.env);
    assert.equal(acked.code, 0);
    assert.doesNotMatch(acked.stdout, /something to read/);
    gw.stopAll();
  });

  it("a gateway stopped from outside: the incident carries the gateway's own shutdown reason; a crash after our restart says it left none", async () => {
    const gw = await startDemo();
    const oc = writeFakeOpenclaw(gw);
    const env: Record<string, string> = { ...gw.env, OPENCLAW_BIN: oc };
    const first = gw.pid() as number;
    process.kill(first, 'SIGTERM'); // someone else stopped it: it records why
    await waitFor(() => !alive(first));
    const w1 = await tier<WatchdogSummary>('watchdog', env);
    assert.equal(w1.action.kind, 'restart');
    assert.match(w1.lastShutdown ?? '', /^the gateway's own last shutdown: stop \(SIGTERM\) at 20\d\d-/);
    const s1 = new StateStore(env.SELFHEAL_HOME as string).read();
    assert.match(s1.incident?.actions.map((a) => a.detail).join('\n') ?? '', /own last shutdown: stop \(SIGTERM\)/);
    assert.ok(await waitHealthy(gw.url));
    await tier<HealthSummary>('healthcheck', env); // closes it
    const second = gw.pid() as number;
    process.kill(second, 'SIGKILL'); // a crash: no record; the old one predates our restart
    await waitFor(() => !alive(second));
    const w2 = await tier<WatchdogSummary>('watchdog', env);
    assert.match(w2.lastShutdown ?? '', /^the gateway recorded no shutdown for this exit \(a crash or a kill\); its last recorded one was stop \(SIGTERM\)/);
    assert.ok(await waitHealthy(gw.url));
    gw.stopAll();
  });

  it("port held by another program: it is not killed, no restart is attempted, the human is told who holds it", async () => {
    const gw = await startDemo();
    gw.stopAll();
    await waitFor(() => !alive(gw.pid() as number));
    // A stranger takes the port (a real process, not ours to kill).
    const squatter = spawn(process.execPath, ['-e', `require('net').createServer().listen(${gw.port}, '127.0.0.1'); setInterval(() => {}, 1e6)`], { stdio: 'ignore' });
    track(squatter.pid);
    assert.ok(await waitFor(() => new Promise<boolean>((r) => { const c = connect(gw.port, '127.0.0.1', () => (c.destroy(), r(true))); c.on('error', () => r(false)); }), 20_000));
    const w = await tier<WatchdogSummary>('watchdog', gw.env);
    assert.equal(w.action.kind, 'restart');
    assert.equal(w.restart?.ok, false);
    assert.equal(w.restart?.killed.length, 0);
    assert.match(w.restart?.steps.join(' ') ?? '', new RegExp(`held by pid ${squatter.pid} .*not killed`));
    assert.equal(alive(squatter.pid as number), true);
    const s = new StateStore(gw.env.SELFHEAL_HOME as string).read();
    const human = s.outbox.find((a) => a.kind === 'human');
    assert.ok(human, JSON.stringify(s.outbox));
    assert.match(human.summary, new RegExp(`port ${gw.port} is held by pid ${squatter.pid}`));
    assert.equal(readPid(gw.dir), gw.pid(), 'no second gateway was started');
    squatter.kill('SIGKILL');
  });

  it('hang that ignores SIGTERM: detected within timeout x retries, SIGKILL of that exact pid, answers again', async () => {
    const gw = await startDemo();
    const old = gw.pid() as number;
    writeFault(gw.dir, { pid: old, hang: true, ignoreTerm: true });
    const t0 = Date.now();
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.probe.ok, false);
    assert.equal(h.probe.attempts.length, 2);
    assert.ok(h.probe.attempts.every((a) => a.verdict === 'timeout'));
    assert.equal(h.action.kind, 'restart');
    assert.ok(h.restart?.killed.some((k) => k.pid === old && k.signal === 'SIGKILL'), JSON.stringify(h.restart));
    assert.ok(h.restart?.killed.every((k) => k.pid === old), 'nothing but the hung gateway was signalled');
    assert.equal(h.verified?.ok, true);
    assert.equal(alive(old), false);
    assert.ok(gw.pid() !== old);
    assert.ok(Date.now() - t0 < 60_000);
    const s = new StateStore(gw.env.SELFHEAL_HOME as string).read();
    assert.equal(s.incident, null, 'the incident closed once verified');
    assert.equal(s.history.at(-1)?.outcome, 'recovered');
    gw.stopAll();
  });

  it('an established gateway stopped (SIGSTOP): frozen after the first of three tries, SIGTERM then SIGCONT, a clean stop, no SIGKILL', async () => {
    // KILL_GRACE_S 30: were SIGCONT missing, the SIGKILL would come only after it, and show.
    const gw = await startDemo({ HEALTH_RETRIES: '3', STARTUP_GRACE_MAX_S: '1', KILL_GRACE_S: '30' });
    const old = gw.pid() as number;
    await sleep(2_100); // older than STARTUP_GRACE_MAX_S: established, not booting
    process.kill(old, 'SIGSTOP');
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.probe.attempts.length, 1, JSON.stringify(h.probe));
    assert.equal(h.action.kind, 'restart');
    assert.match(h.action.reason, /frozen: the process is stopped \(state T\)/);
    assert.ok(h.restart?.killed.some((k) => k.pid === old && k.signal === 'SIGCONT'), JSON.stringify(h.restart));
    assert.ok(!h.restart?.killed.some((k) => k.signal === 'SIGKILL'), JSON.stringify(h.restart));
    assert.ok(h.restart?.killed.every((k) => k.pid === old), 'nothing but the stopped gateway was signalled');
    assert.equal(h.verified?.ok, true, JSON.stringify(h.restart));
    assert.equal(alive(old), false);
    const s = new StateStore(gw.env.SELFHEAL_HOME as string).read();
    assert.equal(s.uncleanStops.length, 0, 'a clean stop: nothing for OpenClaw\'s breaker');
    gw.stopAll();
  });

  it('an established gateway hung (accepts, never answers, no CPU): frozen after the second of four tries', async () => {
    const gw = await startDemo({ HEALTH_RETRIES: '4', STARTUP_GRACE_MAX_S: '1' });
    const old = gw.pid() as number;
    await sleep(2_100);
    writeFault(gw.dir, { pid: old, hang: true });
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.probe.attempts.length, 2, JSON.stringify(h.probe));
    assert.equal(h.action.kind, 'restart');
    assert.match(h.action.reason, /frozen: it accepted the connection, never answered, and used no CPU/);
    assert.equal(h.verified?.ok, true, JSON.stringify(h.restart));
    gw.stopAll();
  });

  it('the gateway replaced during the probe (it died and launchd started another): the new one keeps its startup grace and is not restarted', async () => {
    // A grace of 20 s: on a loaded machine (CI) the tier itself took over 8 s past the new start,
    // and the new gateway was judged old enough to restart.
    const gw = await startDemo({ HEALTH_RETRIES: '3', HEALTH_TIMEOUT_MS: '4000', STARTUP_GRACE_S: '20', STARTUP_GRACE_MAX_S: '20' });
    const old = gw.pid() as number;
    await sleep(20_300); // established: past the startup grace
    writeFault(gw.dir, { pid: old, hang: true });
    const run = tier<HealthSummary>('healthcheck', gw.env);
    // During the second try (the first failed after 4 s, and the tier looked at the old process):
    // it dies, and a new one starts at once, as KeepAlive does, still booting when the probe ends.
    await sleep(6_500);
    writeFault(gw.dir, { startDelayMs: 15_000 });
    process.kill(old, 'SIGKILL');
    track(startGateway(gw.dir, gw.port));
    const h = await run;
    assert.equal(h.probe.ok, false);
    assert.equal(h.action.kind, 'hold', h.action.reason);
    assert.match(h.action.reason, /within the startup grace/);
    assert.equal(h.restart, null);
    gw.stopAll();
  });

  it('slow but under the threshold: no action', async () => {
    const gw = await startDemo();
    const pid = gw.pid();
    writeFault(gw.dir, { delayMs: 300 });
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.probe.ok, true);
    assert.equal(h.action.kind, 'none');
    assert.equal(gw.pid(), pid);
    gw.stopAll();
  });

  it('slow over the threshold counts as failing', async () => {
    const gw = await startDemo({ HEALTH_SLOW_MS: '100' });
    writeFault(gw.dir, { pid: gw.pid() as number, delayMs: 400 });
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.probe.verdict, 'slow');
    assert.equal(h.action.kind, 'restart');
    assert.equal(h.verified?.ok, true);
    gw.stopAll();
  });

  it('5xx and a wrong body are failures', async () => {
    const gw = await startDemo();
    writeFault(gw.dir, { pid: gw.pid() as number, status: 503 });
    const a = await tier<HealthSummary>('healthcheck', { ...gw.env, SELFHEAL_LAUNCHER: 'none', RESTART_MAX: '1', STARTUP_GRACE_S: '300' });
    assert.equal(a.probe.verdict, 'bad-status');
    writeFault(gw.dir, { pid: gw.pid() as number, body: '{"ok":false}' });
    const b = await tier<HealthSummary>('healthcheck', { ...gw.env, STARTUP_GRACE_S: '300' });
    assert.equal(b.probe.verdict, 'bad-body');
    gw.stopAll();
  });

  it('slow start within the startup grace: no kill', async () => {
    const gw = await startDemo({ STARTUP_GRACE_S: '60' });
    // Long enough that a loaded machine still probes while it boots.
    writeFault(gw.dir, { startDelayMs: 15_000 });
    process.kill(gw.pid() as number, 'SIGKILL');
    const w = await tier<WatchdogSummary>('watchdog', gw.env);
    assert.equal(w.action.kind, 'restart');
    const booting = gw.pid() as number;
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.probe.ok, false);
    assert.equal(h.action.kind, 'hold');
    assert.match(h.action.reason, /startup grace/);
    assert.equal(h.restart, null);
    assert.ok(alive(booting), 'the booting gateway was not killed');
    assert.ok(await waitHealthy(gw.url, 30_000));
    assert.equal(gw.pid(), booting);
    gw.stopAll();
  });

  it('flapping: no more restarts than the budget, then the doctor request is recorded', async () => {
    const gw = await startDemo({ STARTUP_GRACE_S: '1', RESTART_MAX: '3', RESTART_WINDOW_S: '600', RESTART_VERIFY_S: '2' });
    writeFault(gw.dir, { exitAfterMs: 200 });
    process.kill(gw.pid() as number, 'SIGKILL');
    const kinds: string[] = [];
    for (let i = 0; i < 7; i++) {
      await sleep(1_200);
      const w = await tier<WatchdogSummary>('watchdog', gw.env);
      track(gw.pid());
      kinds.push(w.action.kind);
    }
    const s = new StateStore(gw.env.SELFHEAL_HOME as string).read();
    assert.equal(kinds.filter((k) => k === 'restart').length, 3, kinds.join(','));
    assert.equal(s.restarts.length, 3);
    assert.ok(s.doctor.requested, 'doctor requested');
    assert.match(s.doctor.requested?.reason ?? '', /budget spent/);
    assert.ok(s.incident?.actions.some((a) => a.kind === 'doctor-requested'));
    assert.equal(kinds.at(-1), 'doctor');
    writeFault(gw.dir, {});
    gw.stopAll();
  });

  it('paused: no action, and status says paused and until when', async () => {
    const gw = await startDemo();
    const p = await runScript('status', ['pause', '10m', '--reason', 'upgrading OpenClaw'], gw.env);
    assert.equal(p.code, 0, p.stderr);
    assert.match(p.stdout, /PAUSED until .* upgrading OpenClaw/);
    process.kill(gw.pid() as number, 'SIGKILL');
    const w = await tier<WatchdogSummary>('watchdog', gw.env);
    assert.equal(w.action.kind, 'hold');
    assert.match(w.action.reason, /paused until/);
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.action.kind, 'hold');
    const st = await runScript('status', ['--json'], gw.env);
    const rep = JSON.parse(st.stdout) as { report: { paused: { until: number; reason: string }; healthy: boolean } };
    assert.equal(rep.report.paused.reason, 'upgrading OpenClaw');
    assert.ok(rep.report.paused.until > Date.now() + 500_000);
    assert.equal(rep.report.healthy, false);
    // While paused, status still probes: the dead gateway shows.
    assert.match((await runScript('status', [], gw.env)).stdout, /UNHEALTHY[\s\S]*PAUSED until/);
    const r = await runScript('status', ['resume'], gw.env);
    assert.doesNotMatch(r.stdout, /PAUSED/);
    const w2 = await tier<WatchdogSummary>('watchdog', gw.env);
    assert.equal(w2.action.kind, 'restart');
    gw.pid();
    gw.stopAll();
  });

  it('a restart command that cannot run: nothing is killed, and the supervisor raises an alert about itself', async () => {
    const gw = await startDemo({ GATEWAY_RESTART_COMMAND: '/nonexistent/openclaw gateway restart' });
    const pid = gw.pid() as number;
    writeFault(gw.dir, { pid, hang: true });
    const h = await tier<HealthSummary>('healthcheck', gw.env);
    assert.equal(h.action.kind, 'restart');
    assert.equal(h.restart?.ok, false);
    assert.deepEqual(h.restart?.killed, []);
    assert.ok(alive(pid), 'the sick gateway was left alone rather than killed with no way to start it');
    const s = new StateStore(gw.env.SELFHEAL_HOME as string).read();
    const self = s.outbox.filter((a) => a.kind === 'self');
    assert.equal(self.length, 1);
    assert.match(self[0]?.summary ?? '', /GATEWAY_RESTART_COMMAND/);
    gw.stopAll();
  });

  it('one step of an incident is one push: the doctor cannot run, and the person gets one message saying so, not three', async () => {
    // As the bench does (harness/bench-human-alert.ts): no gateway, restarts spent, Claude Code
    // missing; the tiers wake each other as processes. The escalation, the person's alert and "the
    // doctor cannot run" are queued within a second: one push, led by the person's alert.
    const fake = await startFakeDiscord();
    const dir = tempDir();
    const env: Record<string, string> = { ...demoSupervisorEnv(dir, await freePort()), HOME: dir, DISCORD_WEBHOOK_URL: fake.url, CLAUDE_BIN: '/nonexistent/claude', SELFHEAL_LAUNCHER: 'spawn', GATEWAY_RESTART_COMMAND: '/bin/false', STARTUP_GRACE_S: '0' };
    const home = env.SELFHEAL_HOME as string;
    const now = Date.now();
    await new StateStore(home).update((s) => ({ state: { ...s, restarts: [now - 3000, now - 2000, now - 1000] }, result: null }));
    // What the launcher reported spawning: the watchdog's output, and each woken tier's log.
    let watchdogOut = '';
    const spawned = () => {
      const logs = join(home, 'logs');
      const text = [watchdogOut, ...(existsSync(logs) ? readdirSync(logs).map((f) => readFileSync(join(logs, f), 'utf8')) : [])].join('\n');
      return [...text.matchAll(/spawned [\w-]+ \(pid (\d+)\)/g)].map(([, p]) => Number(p));
    };
    try {
      const r = await runScript('watchdog', [], env);
      watchdogOut = r.stdout;
      assert.equal(r.code, 0, r.stderr);
      assert.ok(spawned().length > 0, `the watchdog woke the doctor: ${r.stdout}`);
      assert.ok(await waitFor(() => fake.accepted.length > 0, 30_000), 'the person heard nothing within 30 s');
      await sleep(3000); // anything else of this step would have left by now
      assert.equal(fake.accepted.length, 1, fake.accepted.map((x) => JSON.stringify(x).slice(0, 300)).join('\n'));
      const m = fake.accepted[0] as { content: string; embeds: Array<{ title: string; fields: Array<{ name: string; value: string }>; footer: { text: string } }> };
      const e = m.embeds[0];
      assert.match(m.content, /needs you/);
      const names = e?.fields.map((f) => f.name) ?? [];
      assert.ok(names.includes('The Claude Doctor cannot run'), names.join(' | '));
      assert.ok(names.some((n) => /restarts did not fix it/.test(n)), names.join(' | '));
      assert.match(e?.footer.text ?? '', /human \+ escalated \+ self|human \+ self \+ escalated/);
      // Each command once in "What to do", however many of the step's alerts give it.
      const todo = (e?.fields.find((f) => f.name === 'What to do')?.value ?? '').split('\n');
      assert.equal(new Set(todo).size, todo.length, todo.join('\n'));
      // All three are sent and gone from the outbox: nothing left to push later.
      assert.ok(await waitFor(() => new StateStore(home).read().outbox.length === 0, 30_000), JSON.stringify(new StateStore(home).read().outbox.map((a) => a.kind)));
    } finally {
      // The tiers it woke are one-shot; wait them out by the pid the launcher reported (never by name).
      for (const pid of spawned()) {
        if (!(await waitFor(() => !alive(pid), 10_000))) process.kill(pid, 'SIGKILL');
      }
      await fake.close();
    }
  });

  it("the dead man's switch: healthchecks.io's convention (the URL, then <url>/fail while an incident is open) and Uptime Kuma's (status=up|down with our reason), against loopback stand-ins", async () => {
    const seen: string[] = [];
    const srv = http.createServer((req, res) => {
      seen.push(req.url ?? '');
      res.end('OK');
    });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
    try {
      for (const [path, up, down] of [
        ['/ping/5f2c', '/ping/5f2c', /^\/ping\/5f2c\/fail$/],
        ['/api/push/Kt0k', '/api/push/Kt0k?status=up&msg=OK&ping=', /^\/api\/push\/Kt0k\?status=down&msg=OpenClaw\+gateway\+down%3A\+not\+running\+or\+not\+answering\+its\+health\+check&ping=$/],
      ] as const) {
        seen.length = 0;
        const gw = await startDemo({ HEARTBEAT_URL: `${base}${path}`, STARTUP_GRACE_S: '0' });
        try {
          await tier<HealthSummary>('healthcheck', gw.env);
          assert.deepEqual(seen, [up], 'healthy: the success ping');
          writeFault(gw.dir, { pid: gw.pid() as number, status: 500 });
          const h = await tier<HealthSummary>('healthcheck', { ...gw.env, RESTART_VERIFY_S: '1', GATEWAY_RESTART_COMMAND: '/bin/false' });
          assert.ok(h.incident, 'an incident is open');
          assert.equal(seen.length, 2, JSON.stringify(seen));
          assert.match(seen[1] as string, down);
        } finally {
          gw.stopAll();
        }
      }
    } finally {
      srv.close();
    }
  });
});
