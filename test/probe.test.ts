// Process observations: ps's elapsed time, and which port owners are the gateway (ours to restart)
// and which are someone else's (never killed).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Exec, ExecResult } from '../lib/exec.ts';
import { spawn } from 'node:child_process';
import { processAlive } from '../lib/alive.ts';
import { findProcesses, gatewayPids, parseEtime } from '../lib/probe.ts';

function fakeExec(outputs: Record<string, string>): Exec {
  return async (file) => {
    const stdout = outputs[file];
    const r: ExecResult = { ok: stdout !== undefined, exitCode: stdout !== undefined ? 0 : 1, signal: null, timedOut: false, notFound: false, stdout: stdout ?? '', stderr: '', durationMs: 1 };
    return r;
  };
}

describe('process observations', () => {
  it('parses ps etime in all its shapes', () => {
    assert.equal(parseEtime('00:07'), 7);
    assert.equal(parseEtime('12:34'), 754);
    assert.equal(parseEtime('01:02:03'), 3723);
    assert.equal(parseEtime('2-01:02:03'), 2 * 86_400 + 3723);
    assert.equal(parseEtime('garbage'), undefined);
  });

  const ps = [
    '  100     1 700000    10:00 openclaw-gateway',
    '  101   100  60000    09:59 /opt/node /opt/openclaw/dist/worker.js',
    '  200     1  20000  1-00:00:00 python3 -m http.server 18789',
    '  300     1  20000    00:05 openclaw',
    '  400     1      0    00:05 [openclaw-gatewa] <defunct>',
  ].join('\n');
  const where = { url: new URL('http://127.0.0.1:18789/health'), label: 'ai.openclaw.gateway', match: 'openclaw-gateway', pidFile: null };

  it('the gateway and a worker it forked are ours; nothing else is', async () => {
    const g = await gatewayPids(fakeExec({ ps, lsof: '100\n101' }), where);
    assert.deepEqual(g.pids.sort(), [100, 101]);
    assert.deepEqual(g.foreignPortOwners, []);
  });

  it("a booting gateway, not yet renamed, is found through the service manager's pidfile", async () => {
    const pidFile = join(mkdtempSync(join(tmpdir(), 'selfheal-probe-')), 'gateway.pid');
    writeFileSync(pidFile, '300\n');
    const procs = await findProcesses(fakeExec({ ps }), { ...where, pidFile });
    assert.deepEqual(procs?.map((p) => [p.pid, p.ageS]), [[100, 600], [300, 5]]);
    rmSync(pidFile);
    const without = await findProcesses(fakeExec({ ps }), where);
    assert.deepEqual(without?.map((p) => p.pid), [100], 'a zombie is not a gateway');
  });

  it('a zombie (exited, not reaped) is not alive', async () => {
    // `sleep 0.1` becomes the child of `sleep 30`, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const zombie = Number(await new Promise<string>((r) => parent.stdout.once('data', (c: Buffer) => r(c.toString()))));
    await new Promise((r) => setTimeout(r, 600));
    assert.doesNotThrow(() => process.kill(zombie, 0), 'the kernel still has it');
    assert.equal(processAlive(zombie), false);
    assert.equal(processAlive(parent.pid as number), true);
    parent.kill('SIGKILL');
  });

  it('a stranger on the gateway port is reported, never taken for the gateway', async () => {
    const g = await gatewayPids(fakeExec({ ps, lsof: '200' }), where);
    assert.deepEqual(g.pids, [100]);
    assert.deepEqual(g.foreignPortOwners.map((p) => [p.pid, p.command]), [[200, 'python3 -m http.server 18789']]);
  });
});
