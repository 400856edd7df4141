// The JSON lockfile under real concurrent processes: no lost update, never a torn file, dead
// holders' locks broken, corrupt files moved aside and reported.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { openIncident } from '../lib/record/incident.ts';
import { queueAlert } from '../lib/record/outbox.ts';
import { StateStore } from '../lib/record/store.ts';
import { bundle } from './bundle.ts';
import { sleep, tempDir, track, waitFor } from './helpers.ts';

function runWorker(file: string, args: string[]): { done: Promise<number | null>; child: ReturnType<typeof spawn>; firstLine: Promise<string> } {
  const child = spawn(process.execPath, [file, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  track(child.pid);
  const firstLine = new Promise<string>((resolve) => child.stdout?.once('data', (c: Buffer) => resolve(c.toString().trim())));
  const done = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { done, child, firstLine };
}

/**
 * Why a tier cannot be run here as another user (uid 65534), or false: it needs root, and a checkout
 * every folder above which others may enter (a clone under a mode-700 folder: that user cannot read dist/).
 */
function asAnotherUser(): string | false {
  if (process.getuid?.() !== 0) return 'needs root, to run the tier as another user';
  for (let dir = PROJECT_ROOT; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return `the checkout is inside ${dir}, which other users may not enter: uid 65534 cannot run its dist/`;
    if (dirname(dir) === dir) return false;
  }
}

describe('state lockfile', () => {
  it('50 processes x 20 increments end at exactly 1000, and the file always parses', async () => {
    const home = tempDir();
    const worker = await bundle('test/fixtures/state-worker.ts');
    const store = new StateStore(home);
    let reads = 0;
    let watching = true;
    const watcher = (async () => {
      while (watching) {
        if (existsSync(store.path)) {
          JSON.parse(readFileSync(store.path, 'utf8')); // throws on a torn file
          reads++;
        }
        await sleep(2);
      }
    })();
    const runs = Array.from({ length: 50 }, () => runWorker(worker, ['inc', home, '20']));
    const codes = await Promise.all(runs.map((r) => r.done));
    watching = false;
    await watcher;
    assert.deepEqual(codes, Array(50).fill(0));
    assert.equal(store.read().tiers.watchdog.consecutiveFailures, 1000);
    assert.ok(reads > 10, `the watcher read the file ${reads} times`);
  });

  it('a writer SIGKILLed mid-write 100 times never leaves an unparseable file', async () => {
    const worker = await bundle('test/fixtures/state-worker.ts');
    // Four state folders side by side, 25 kills each. What is tested is the write (atomic, never
    // torn); breaking a dead holder's lock is tested below ("hold"), so the lock a killed writer
    // left is removed here once it is dead, instead of each next writer waiting out its 2 s.
    const lanes = await Promise.all(
      [0, 1, 2, 3].map(async () => {
        const home = tempDir();
        const path = join(home, 'state.json');
        let parsed = 0;
        for (let round = 0; round < 25; round++) {
          const w = runWorker(worker, ['churn', home]);
          await w.firstLine;
          await sleep(Math.random() * 30);
          w.child.kill('SIGKILL');
          await w.done;
          JSON.parse(readFileSync(path, 'utf8')); // throws on a torn file
          rmSync(`${path}.lock`, { recursive: true, force: true });
          parsed++;
        }
        return { parsed, home };
      }),
    );
    assert.equal(lanes.reduce((n, l) => n + l.parsed, 0), 100);
    for (const l of lanes) assert.equal(new StateStore(l.home).read().version, 1);
  });

  it("an interrupted write's temp file is swept once older than 10 minutes; a fresh one is left", async () => {
    const home = tempDir();
    let now = Date.now();
    const store = new StateStore(home, { now: () => now });
    await store.update((s) => ({ state: s, result: null }));
    writeFileSync(join(home, 'state.json.123456789'), '{"torn');
    writeFileSync(join(home, 'state.json.lock.keep'), 'not ours');
    await store.update((s) => ({ state: s, result: null }));
    assert.ok(existsSync(join(home, 'state.json.123456789')), 'a young temp file may be a live writer');
    now += 11 * 60_000;
    await store.update((s) => ({ state: s, result: null }));
    assert.ok(!existsSync(join(home, 'state.json.123456789')));
    assert.ok(existsSync(join(home, 'state.json.lock.keep')));
    assert.ok(existsSync(join(home, 'state.json')));
  });

  it('breaks a lock whose holder died', async () => {
    const home = tempDir();
    const worker = await bundle('test/fixtures/state-worker.ts');
    const holder = runWorker(worker, ['hold', home]);
    assert.equal(await holder.firstLine, 'locked');
    holder.child.kill('SIGKILL');
    await holder.done;
    const store = new StateStore(home, { staleMs: 2_000, waitMs: 15_000 });
    const t0 = Date.now();
    const got = await store.update((s) => ({ state: s, result: 'written' }));
    assert.equal(got, 'written');
    assert.ok(Date.now() - t0 < 14_000);
  });

  it('waits for a live holder instead of breaking its lock', async () => {
    const home = tempDir();
    const worker = await bundle('test/fixtures/state-worker.ts');
    const holder = runWorker(worker, ['hold', home]);
    await holder.firstLine;
    const store = new StateStore(home, { staleMs: 2_000, waitMs: 3_500 });
    await assert.rejects(store.update((s) => ({ state: s, result: 1 })), /busy/);
    holder.child.kill('SIGKILL');
    await holder.done;
  });

  it('moves a corrupt state file aside, keeps it, reports it and, with no good copy left, starts fresh', async () => {
    const home = tempDir();
    const store = new StateStore(home);
    await store.update((s) => {
      s.tiers.health.consecutiveFailures = 7;
      return { state: s, result: null };
    });
    rmSync(store.lastGoodPath);
    writeFileSync(store.path, '{"version": 1, "tiers": {"health": ');
    const s = await store.update((st) => ({ state: st, result: st }));
    assert.equal(s.tiers.health.consecutiveFailures, 0);
    const aside = readdirSync(home).filter((f) => f.startsWith('state.json.corrupt-'));
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(join(home, aside[0] as string), 'utf8'), '{"version": 1, "tiers": {"health": ');
    assert.match(s.notices.at(-1)?.text ?? '', /could not be read/);
    assert.equal(s.outbox.length, 1);
    assert.equal(s.outbox[0]?.kind, 'self');
    assert.ok(await waitFor(() => JSON.parse(readFileSync(store.path, 'utf8')).version === 1));
  });

  it('treats a JSON file of the wrong shape as corrupt too', async () => {
    const home = tempDir();
    const store = new StateStore(home);
    writeFileSync(store.path, '[1,2,3]');
    const s = await store.update((st) => ({ state: st, result: st }));
    assert.equal(s.version, 1);
    assert.equal(readdirSync(home).filter((f) => f.startsWith('state.json.corrupt-')).length, 1);
  });

  it('a corrupt file gives way to the last good copy: the open incident and the queued alerts survive, each corruption announced once', async () => {
    const home = tempDir();
    const store = new StateStore(home);
    await store.update((s) => ({ state: openIncident(s, 'health check failed: HTTP 503', 'health', Date.now()), result: null }));
    await store.update((s) => ({ state: queueAlert(s, { id: 'inc:human:0', kind: 'human', incidentId: s.incident?.id ?? null, title: 'needs you', summary: 'x', fields: [] }, Date.now()), result: null }));
    const incident = store.read().incident?.id;
    for (let round = 1; round <= 3; round++) {
      writeFileSync(store.path, '{"version": 1, "tiers": ');
      assert.equal(store.read().incident?.id, incident, 'a reader sees the last good copy meanwhile');
      const s = await store.update((st) => ({ state: st, result: st }));
      assert.equal(s.incident?.id, incident, `round ${round}: the incident is kept`);
      assert.ok(s.outbox.some((a) => a.id === 'inc:human:0'), `round ${round}: the queued alert is kept`);
      assert.equal(s.outbox.filter((a) => a.title === 'Supervisor state file was corrupt').length, round, 'each corruption announced, once');
      assert.match(s.notices.at(-1)?.text ?? '', /restored the last good copy/);
      await sleep(5);
    }
    assert.equal(readdirSync(home).filter((f) => f.startsWith('state.json.corrupt-')).length, 3, 'every corrupt file kept');
  });

  it('a state folder it may not write: one line naming the path and the fix, exit 73, no stack trace', { skip: asAnotherUser() }, async () => {
    const root = tempDir();
    const home = join(root, 'state');
    mkdirSync(home, { mode: 0o700 });
    chmodSync(root, 0o755);
    writeFileSync(join(home, 'state.json'), '{}');
    // `sudo npm run status` once: the folder is root's; the LaunchAgent runs as the user.
    const js = join(PROJECT_ROOT, 'dist', 'scripts', 'healthcheck.js');
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, js], {
      env: { PATH: process.env.PATH, HOME: root, SELFHEAL_HOME: home, SELFHEAL_ENV_FILE: join(root, 'none.env'), GATEWAY_HEALTH_URL: 'http://127.0.0.1:9/health', HEALTH_RETRIES: '1', HEALTH_TIMEOUT_MS: '200', SELFHEAL_LAUNCHER: 'none', GATEWAY_RESTART_COMMAND: 'true', STARTUP_GRACE_S: '0' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(r.status, 73, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0] ?? '', new RegExp(`cannot read or write the supervisor's state: EACCES on ${home}.*Fix: sudo chown -R "\\$USER" ${home}`));
    assert.doesNotMatch(r.stderr, /\bat \w+ \(|internal error/);
  });

  it('tier 1 without its state: a dead gateway is still restarted, on a budget of its own (once in 10 minutes), and the line says so', { skip: asAnotherUser() }, async () => {
    const root = tempDir();
    const home = join(root, 'state');
    mkdirSync(home, { mode: 0o700 });
    chmodSync(root, 0o755);
    // The restart command, runnable by the tier's user: it leaves a mark each time it runs.
    const box = join(root, 'box');
    mkdirSync(box, { mode: 0o777 });
    chmodSync(box, 0o777);
    const restart = join(box, 'restart-gateway');
    writeFileSync(restart, `#!/bin/sh\necho restarted >> ${join(box, 'marks')}\n`, { mode: 0o755 });
    const js = join(PROJECT_ROOT, 'dist', 'scripts', 'watchdog.js');
    const env = { PATH: process.env.PATH, HOME: root, SELFHEAL_HOME: home, SELFHEAL_ENV_FILE: join(root, 'none.env'), GATEWAY_HEALTH_URL: 'http://127.0.0.1:9/health', GATEWAY_PROCESS_MATCH: `no-such-gateway-${process.pid}`, GATEWAY_RESTART_COMMAND: restart, SELFHEAL_LAUNCHER: 'none' };
    const run = () => spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, js], { env, encoding: 'utf8', timeout: 60_000 });
    // The fallback budget the tier keeps in the temp folder (lib/tiers/without-state.ts): this test's own, removed after.
    after(() => rmSync(join(tmpdir(), `openclaw-selfheal-65534-${createHash('sha256').update(home).digest('hex').slice(0, 12)}.json`), { force: true }));
    const first = run();
    assert.equal(first.status, 73, first.stderr);
    assert.equal(first.stderr.trim().split('\n').length, 1, first.stderr);
    assert.match(first.stderr, /Fix: sudo chown -R "\$USER" .*meanwhile: the gateway was not running: restarted on the fallback budget/);
    const second = run();
    assert.equal(second.status, 73, second.stderr);
    assert.match(second.stderr, /restarted less than 10 minutes ago: not restarted again/);
    assert.equal(readFileSync(join(box, 'marks'), 'utf8'), 'restarted\n', 'one restart, not a loop');
  });

  it('a state path the tier cannot read in an unexpected way (state.json is a folder: EISDIR): one line naming it, and tier 1 still restarts a dead gateway', async () => {
    const root = tempDir();
    const home = join(root, 'state');
    mkdirSync(join(home, 'state.json'), { recursive: true });
    const restart = join(root, 'restart-gateway');
    writeFileSync(restart, `#!/bin/sh\necho restarted >> ${join(root, 'marks')}\n`, { mode: 0o755 });
    const env = { PATH: process.env.PATH, HOME: root, SELFHEAL_HOME: home, SELFHEAL_ENV_FILE: join(root, 'none.env'), GATEWAY_HEALTH_URL: 'http://127.0.0.1:9/health', GATEWAY_PROCESS_MATCH: `no-such-gateway-${process.pid}`, GATEWAY_RESTART_COMMAND: restart, SELFHEAL_LAUNCHER: 'none', TMPDIR: root };
    const r = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'scripts', 'watchdog.js')], { env, encoding: 'utf8', timeout: 60_000 });
    assert.equal(r.status, 73, r.stderr);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /cannot read or write the supervisor's state: EISDIR on .*state\.json\. Fix: move it aside .*meanwhile: the gateway was not running: restarted on the fallback budget/);
    assert.equal(readFileSync(join(root, 'marks'), 'utf8'), 'restarted\n');
  });
});
