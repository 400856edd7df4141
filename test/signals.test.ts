// Only the gateway is ever signalled: processes whose command lines merely mention the gateway
// (`docker logs -f openclaw-gateway`, `ssh admin@openclaw-gateway.lan`) and an `openclaw gateway ...`
// CLI process (which names itself openclaw-gateway, as the gateway does) sit beside a dead gateway
// and a hung one. The restart fails, so the supervisor falls back to signals: real processes, real
// ps and /proc, the real restart code and the doctor's stop tool.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { restartGateway } from '../lib/act/restart.ts';
import { callTool } from '../lib/doctor/tools/call.ts';
import { decideIdentity, matchesPattern, pidFileOwner, programNames } from '../lib/observe/identity.ts';
import { listProcesses } from '../lib/observe/processes.ts';
import { openIncident } from '../lib/record/incident.ts';
import { leaseTokenHash } from '../lib/record/lease.ts';
import { realDeps } from '../lib/seams/deps.ts';
import { probeExec } from '../lib/seams/exec.ts';
import { processAlive, realProcessControl } from '../lib/seams/process.ts';
import { freePort } from '../harness/demo-gateway.ts';
import { configFor, needTools, startDemo, tempDir, track, waitFor } from './helpers.ts';

const started: ChildProcess[] = [];
after(() => {
  for (const c of started) if (c.pid && processAlive(c.pid)) c.kill('SIGKILL');
});

/** A long-lived process whose command line reads `argv0 args...`. */
async function bystander(argv0: string, args: string[], title?: string): Promise<number> {
  const code = `${title ? `process.title = ${JSON.stringify(title)};` : ''}setInterval(() => {}, 1000)`;
  const c = spawn(process.execPath, ['-e', code, '--', ...args], { argv0, stdio: 'ignore', detached: true });
  started.push(c);
  track(c.pid);
  const pid = c.pid as number;
  await waitFor(async () => ((await listProcesses(probeExec)) ?? []).some((p) => p.pid === pid && (title ? p.command.startsWith(title) : p.command.startsWith(argv0))));
  return pid;
}

describe('only the gateway is ever signalled', () => {
  it('a single-word pattern names the program, never any word of the command line', () => {
    const cases: Array<[string, boolean]> = [
      ['openclaw-gateway', true],
      ['openclaw-gateway --profile work', true],
      ['/usr/local/bin/node /opt/homebrew/lib/node_modules/openclaw/openclaw-gateway.mjs run', true],
      ['node --import /x/loader.mjs /opt/openclaw/openclaw-gateway.mjs', true],
      ['docker logs -f openclaw-gateway', false],
      ['ssh -t admin@openclaw-gateway.lan tmux attach', false],
      ['tail -f /home/me/.openclaw/logs/openclaw-gateway.log', false],
      ['vim openclaw-gateway.json', false],
      ['node -e x openclaw-gateway', false],
    ];
    for (const [cmd, want] of cases) assert.equal(matchesPattern(cmd, 'openclaw-gateway'), want, `${cmd} -> ${programNames(cmd).join(', ')}`);
    // Several words: matched in the command line as it stands (a test's or a second profile's choice).
    assert.equal(matchesPattern('node /x/demo-gateway.ts serve --dir /tmp/a --port 1', 'serve --dir /tmp/a'), true);
  });

  it('a pattern match alone is counted, reported and never signalable; the port owner it corroborates is', () => {
    const procs = [
      { pid: 10, ppid: 1, rssMb: 800, ageS: 100, command: 'openclaw-gateway' },
      { pid: 11, ppid: 10, rssMb: 60, ageS: 99, command: 'openclaw-gateway' },
      { pid: 20, ppid: 1, rssMb: 50, ageS: 5, command: 'openclaw-gateway' },
    ];
    const noPort = decideIdentity({ processes: procs.slice(2), port: 18789, match: 'openclaw-gateway', launchdPid: null, filePid: null, listens: new Map() });
    assert.deepEqual(noPort.pids, [20], 'counted as running');
    assert.deepEqual(noPort.signalable, [], 'never signalled on the pattern alone');
    const onPort = decideIdentity({ processes: procs.slice(0, 2), port: 18789, match: 'openclaw-gateway', launchdPid: null, filePid: null, listens: new Map([[10, [18789]]]) });
    assert.deepEqual(onPort.signalable.sort(), [10, 11], 'the port owner the pattern corroborates, and its worker');
  });

  it('a pidfile names the gateway only if its process started before the file was written', () => {
    const dir = tempDir();
    const file = join(dir, 'gateway.pid');
    writeFileSync(file, '4242');
    const now = Date.now();
    assert.equal(pidFileOwner(file, [{ pid: 4242, ppid: 1, rssMb: 1, ageS: 60, command: 'x' }], now), 4242);
    assert.equal(pidFileOwner(file, [{ pid: 4242, ppid: 1, rssMb: 1, ageS: 0, command: 'x' }], now + 60_000), null, 'a pid reused after the file was written');
  });

  it('beside a dead gateway: a failed restart signals none of the bystanders, and the doctor may not stop them', { skip: process.platform !== 'linux' && process.platform !== 'darwin' }, async () => {
    needTools('ps');
    const docker = await bystander('docker', ['logs', '-f', 'openclaw-gateway']);
    const ssh = await bystander('ssh', ['-t', 'admin@openclaw-gateway.lan', 'tmux', 'attach']);
    const cli = await bystander('openclaw', ['gateway', 'status'], 'openclaw-gateway');
    const port = await freePort();
    const home = tempDir();
    const cfg = configFor({ HOME: home, SELFHEAL_HOME: join(home, 'state'), SELFHEAL_ENV_FILE: join(home, 'none.env'), GATEWAY_HEALTH_URL: `http://127.0.0.1:${port}/health`, GATEWAY_RESTART_COMMAND: 'false', RESTART_TIMEOUT_S: '5', KILL_GRACE_S: '1', SELFHEAL_LAUNCHER: 'none' });
    const o = await restartGateway(cfg, probeExec, realProcessControl);
    assert.equal(o.ok, false);
    assert.deepEqual(o.killed, [], o.steps.join('; '));
    assert.match(o.steps.join('; '), new RegExp(`pid ${cli} matches GATEWAY_PROCESS_MATCH, but nothing proves it is the gateway`));
    // The doctor's stop tool, with a live lease, asked for each: refused.
    const d = realDeps(cfg);
    await d.store.update((s) => {
      const opened = openIncident(s, 'gateway down', 'health', Date.now());
      return { state: { ...opened, doctor: { ...opened.doctor, lease: { pid: process.pid, tmuxSession: null, startedAt: Date.now(), deadline: Date.now() + 60_000, incidentId: opened.incident?.id ?? null, tokenHash: leaseTokenHash('signals-test-token') } } }, result: null };
    });
    process.env.SELFHEAL_LEASE_TOKEN = 'signals-test-token';
    for (const pid of [docker, ssh, cli]) {
      const r = await callTool(d, 'gateway_stop_pid', { pid, signal: 'KILL' });
      assert.equal(r.isError, true, r.text);
      assert.match(r.text, /is not the supervised gateway/);
    }
    for (const [name, pid] of Object.entries({ docker, ssh, cli })) assert.equal(processAlive(pid), true, `${name} (pid ${pid}) was signalled: ${o.steps.join("; ")}`);
  });

  it('a frozen gateway whose restart command cannot run is not stopped: killing what cannot be started again would only make it dead', async () => {
    const gw = await startDemo();
    const gwPid = gw.pid() as number;
    try {
      process.kill(gwPid, 'SIGSTOP');
      const home = tempDir();
      const cfg = configFor({ ...gw.env, HOME: home, SELFHEAL_HOME: join(home, 'state'), SELFHEAL_ENV_FILE: join(home, 'none.env'), GATEWAY_RESTART_COMMAND: join(home, 'no-such-command'), KILL_GRACE_S: '1', SELFHEAL_LAUNCHER: 'none' });
      const o = await restartGateway(cfg, probeExec, realProcessControl, { frozen: true });
      assert.equal(o.cannotRun, true, o.steps.join('; '));
      assert.deepEqual(o.killed, []);
      assert.equal(processAlive(gwPid), true);
    } finally {
      process.kill(gwPid, 'SIGCONT');
      gw.stopAll();
    }
  });

  it('beside a hung gateway: a failed restart stops the gateway that holds the port, and none of the bystanders', { skip: process.platform !== 'linux' && process.platform !== 'darwin' }, async () => {
    needTools('ps');
    const docker = await bystander('docker', ['logs', '-f', 'openclaw-gateway']);
    const ssh = await bystander('ssh', ['-t', 'admin@openclaw-gateway.lan', 'tmux', 'attach']);
    const cli = await bystander('openclaw', ['gateway', 'status'], 'openclaw-gateway');
    // Named as the real gateway names itself: the name alone proves nothing, the port does.
    const gw = await startDemo({}, { argv0: 'openclaw-gateway' });
    const gwPid = gw.pid() as number;
    try {
      process.kill(gwPid, 'SIGSTOP'); // alive, holding its port, answering nothing
      const home = tempDir();
      // The stock pattern, so every bystander matches it too; the restart command fails.
      const cfg = configFor({ ...gw.env, HOME: home, SELFHEAL_HOME: join(home, 'state'), SELFHEAL_ENV_FILE: join(home, 'none.env'), GATEWAY_PROCESS_MATCH: 'openclaw-gateway', GATEWAY_RESTART_COMMAND: 'false', RESTART_TIMEOUT_S: '5', KILL_GRACE_S: '1', SELFHEAL_LAUNCHER: 'none' });
      const o = await restartGateway(cfg, probeExec, realProcessControl);
      assert.equal(o.ok, false);
      assert.deepEqual([...new Set(o.killed.map((k) => k.pid))], [gwPid], o.steps.join('; '));
      assert.ok(await waitFor(() => !processAlive(gwPid), 5_000), 'the hung gateway is gone');
      for (const [name, pid] of Object.entries({ docker, ssh, cli })) assert.equal(processAlive(pid), true, `${name} (pid ${pid}) was signalled: ${o.steps.join('; ')}`);
    } finally {
      gw.stopAll();
    }
  });
});
