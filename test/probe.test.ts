// Process observations and the gateway's identity: which processes are the supervised gateway (ours
// to restart), which are another gateway or a stranger (never signalled), and when it cannot be told.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Exec, ExecResult } from '../lib/seams/exec.ts';
import { spawn } from 'node:child_process';
import { processAlive } from '../lib/seams/process.ts';
import { decideIdentity, type Identity, type IdentityObservation } from '../lib/observe/identity.ts';
import { listeners, procListeners } from '../lib/observe/listeners.ts';
import { probeExec } from '../lib/seams/exec.ts';
import { parseCpuTime, parseEtime, procStates } from '../lib/observe/processes.ts';

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
    '  500     1 650000    30:00 openclaw-gateway --profile work',
  ].join('\n');
  const procs = ps.split('\n').map((l) => {
    const m = /^\s*(\d+)\s+(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(l) as RegExpExecArray;
    return { pid: Number(m[1]), ppid: Number(m[2]), rssMb: Math.round(Number(m[3]) / 1024), ageS: parseEtime(m[4] as string), command: m[5] as string };
  });
  const obs = (o: Partial<IdentityObservation>): IdentityObservation => ({ processes: procs, port: 18789, match: 'openclaw-gateway', launchdPid: null, filePid: null, listens: new Map(), ...o });
  const L = (entries: Array<[number, number[]]>) => new Map(entries);

  // Each row: what is seen, which pids are ours, and what else is said.
  const table: Array<[string, Partial<IdentityObservation>, number[], Partial<Identity>]> = [
    ['the port owner and the worker it forked', { listens: L([[100, [18789]], [101, [18789]], [500, [18790]]]) }, [100, 101], { evidence: 'port' }],
    ['a second gateway on another port is not ours, and is named', { listens: L([[100, [18789]], [500, [18790]]]) }, [100], { others: [{ pid: 500, ports: [18790], command: 'openclaw-gateway --profile work' }] }],
    ['ours is dead, the other runs elsewhere: nothing is ours', { processes: procs.filter((p) => p.pid !== 100 && p.pid !== 101), listens: L([[500, [18790]]]) }, [], { evidence: 'none' }],
    ['two matches, neither listening, nothing stronger: ambiguous, nothing is ours', { listens: L([]) }, [], { evidence: 'none' }],
    ["launchd's pid decides", { launchdPid: 500, listens: L([]) }, [500], { evidence: 'launchd' }],
    ['a booting gateway, not yet renamed, through the pidfile', { filePid: 300, listens: L([]) }, [300], { evidence: 'pidfile' }],
    ['a stale pidfile (no such process) says nothing', { filePid: 999, processes: procs.filter((p) => p.pid !== 500), listens: L([]) }, [100], { evidence: 'pattern' }],
    ['a zombie is never the gateway', { processes: procs.filter((p) => p.pid === 400), listens: L([]) }, [], {}],
    ['a stranger on the port: reported, not ours', { processes: procs.filter((p) => p.pid !== 500), listens: L([[200, [18789]]]) }, [100], { evidence: 'pattern' }],
  ];
  for (const [name, o, pids, extra] of table) {
    it(`identity: ${name}`, () => {
      const id = decideIdentity(obs(o));
      assert.deepEqual(id.pids.sort(), pids);
      for (const [k, v] of Object.entries(extra)) assert.deepEqual(id[k as keyof Identity], v, k);
    });
  }

  it('identity: two matches and nothing stronger are reported as ambiguous, with both pids', () => {
    const id = decideIdentity(obs({ listens: L([]) }));
    assert.deepEqual(id.ambiguous?.map((p) => p.pid).sort(), [100, 500]);
  });

  it('identity: a stranger on the port is listed as such', () => {
    const id = decideIdentity(obs({ processes: procs.filter((p) => p.pid !== 500), listens: L([[200, [18789]]]) }));
    assert.deepEqual(id.foreignPortOwners.map((p) => [p.pid, p.command]), [[200, 'python3 -m http.server 18789']]);
  });

  it('lsof -Fpn output: ports by pid', async () => {
    const out = 'p100\nf20\nn127.0.0.1:18789\nf21\nn[::1]:18789\np500\nf9\nn*:18790\n';
    const m = await listeners(fakeExec({ lsof: out }));
    assert.deepEqual([...(m ?? new Map()).entries()], [[100, [18789]], [500, [18790]]]);
  });

  it('ps TIME in its shapes (Linux whole seconds, macOS centiseconds)', () => {
    assert.equal(parseCpuTime('00:00:07'), 7);
    assert.equal(parseCpuTime('1-02:00:00'), 93_600);
    assert.equal(parseCpuTime('0:01.23'), 1.23);
    assert.equal(parseCpuTime('x'), undefined);
  });

  it('/proc gives state and CPU time to the hundredth (Linux): a stopped process is T, a busy one gains CPU (0.1 s within 5 s, however busy the machine), an idle one none meanwhile', { skip: process.platform !== 'linux' }, async () => {
    const idle = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1 << 30)'], { stdio: 'ignore' });
    const busy = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
    const pids = [idle.pid as number, busy.pid as number];
    try {
      // Past node's own start-up, which uses CPU even in the idle one.
      await new Promise((r) => setTimeout(r, 1_500));
      const a = procStates(pids);
      // On a loaded machine (the whole suite beside it) a busy process gets less than its share.
      let b = procStates(pids);
      for (let waited = 0; waited < 5_000 && (b?.get(busy.pid as number)?.cpuS ?? 0) - (a?.get(busy.pid as number)?.cpuS ?? 0) < 0.1; waited += 100) {
        await new Promise((r) => setTimeout(r, 100));
        b = procStates(pids);
      }
      assert.ok(a && b);
      const after = b;
      const gain = (pid: number) => (after.get(pid)?.cpuS ?? 0) - (a.get(pid)?.cpuS ?? 0);
      assert.ok(gain(busy.pid as number) >= 0.1, `busy gained ${gain(busy.pid as number)} s`);
      assert.equal(gain(idle.pid as number), 0);
      process.kill(idle.pid as number, 'SIGSTOP');
      await new Promise((r) => setTimeout(r, 100));
      assert.match(procStates([idle.pid as number])?.get(idle.pid as number)?.stat ?? '', /^T/);
      assert.equal(procStates([999_999_999])?.size, 0, 'a pid that is gone is left out');
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGKILL');
    }
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

  it('/proc says who listens, as lsof does, without starting a process (Linux)', { skip: process.platform !== 'linux' }, async () => {
    const child = spawn(process.execPath, ['-e', 'const s = require("node:http").createServer().listen(0, "127.0.0.1", () => console.log(s.address().port))'], { stdio: ['ignore', 'pipe', 'ignore'] });
    try {
      const port = Number(await new Promise<string>((r) => child.stdout.once('data', (c: Buffer) => r(c.toString()))));
      const pid = child.pid as number;
      // The likely owner named: found without looking at anyone else.
      assert.deepEqual(procListeners([pid], port, [pid])?.get(pid), [port]);
      // Not named (a stranger on the gateway's port): the full scan finds it.
      assert.deepEqual(procListeners([], port, [process.pid, pid])?.get(pid), [port]);
      // A port nobody holds: nothing, and no full scan needed.
      assert.equal(procListeners([], 1, [pid])?.size, 0);
      const viaLsof = await listeners(probeExec);
      if (viaLsof) assert.deepEqual(viaLsof.get(pid), [port], 'lsof agrees');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
