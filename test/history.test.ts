// The incident history (record/history.ts), the counters (record/counters.ts) and `status --history`:
// what a closed incident leaves on disk, counted once, read back whatever happened to the file.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { digestIfDue } from '../lib/decide/digest.ts';
import { fixer, tally } from '../lib/record/counters.ts';
import { HISTORY_FILE, HISTORY_FILE_MAX, fileClosed, readHistory } from '../lib/record/history.ts';
import { closeRecovered, noteAction, openIncident } from '../lib/record/incident.ts';
import { markFailed, markSent } from '../lib/record/outbox.ts';
import { freshState, type State } from '../lib/record/state.ts';
import { StateStore } from '../lib/record/store.ts';
import { runDemo } from '../harness/demo.ts';
import { runScript, tempDir } from './helpers.ts';


const T0 = Date.UTC(2026, 11, 5, 2, 0, 0);

/** An incident that opened at T0 (first failing probe 10 s before), restarted by `tier`, closed at T0 + 60 s. */
function closedBy(tier: 'watchdog' | 'health', s0: State = freshState(T0), t = T0): State {
  let s = openIncident(s0, 'gateway process is not running', tier, t, t - 10_000);
  s = noteAction(s, { tier, kind: 'restart', detail: 'GATEWAY_RESTART_COMMAND', ok: null }, t + 1_000);
  s = noteAction(s, { tier, kind: 'restart', detail: 'GATEWAY_RESTART_COMMAND: ok', ok: true }, t + 5_000);
  return closeRecovered(s, t + 60_000, 'healthy');
}

describe('counters: counted once, from what a write changed', () => {
  it('a closed incident: by kind and fixer, its time to recovery in the histogram, its restart by tier and cause', () => {
    const prev = freshState(T0);
    const next = tally(prev, closedBy('watchdog', prev));
    assert.deepEqual(next.counters.incidents, { 'liveness|watchdog': 1 });
    assert.deepEqual(next.counters.restarts, { 'watchdog|liveness|ok': 1 }, 'the restart counted at its outcome, not at its start');
    assert.equal(next.counters.ttr.count, 1);
    assert.equal(next.counters.ttr.sum, 70, 'from the first failing probe, 10 s before it was opened');
    assert.deepEqual(next.counters.ttr.buckets, [0, 0, 1, 1, 1, 1, 1], 'cumulative: 70 s is under 120 s and every bound above');
    // The same write seen again (a replayed tally) adds nothing.
    assert.deepEqual(tally(next, next).counters, next.counters);
  });

  it('a doctor run, a canary and a session abort are each counted once', () => {
    let s = openIncident(freshState(T0), 'stuck chat', 'health', T0);
    const prev = s;
    s = noteAction(s, { tier: 'health', kind: 'session-abort', detail: 'sessions.abort: aborted', ok: true }, T0 + 1_000);
    s = { ...s, doctor: { ...s.doctor, runs: [{ incidentId: null, startedAt: T0, endedAt: T0 + 9, durationMs: 9, turns: 3, costUsd: 0.25, denied: [], diagnosis: null, outcome: 'recovered', detail: '', transcript: null }] } };
    s = { ...s, serving: { ...s.serving, canary: { ...s.serving.canary, lastAt: T0 + 2_000, lastOk: false } } };
    const c = tally(prev, s).counters;
    assert.equal(c.sessionAborts, 1);
    assert.deepEqual(c.doctorRuns, { recovered: 1 });
    assert.equal(c.doctorCostUsd, 0.25);
    assert.deepEqual(c.canaryRuns, { failed: 1 });
  });

  it('who fixed it: the last successful action, else a person when one was told, else itself', () => {
    const base = closedBy('health').history[0];
    assert.ok(base);
    assert.equal(fixer(base), 'health');
    assert.equal(fixer({ ...base, actions: [] }), 'itself');
    assert.equal(fixer({ ...base, actions: [], humanAlertedAt: T0 }), 'person');
    assert.equal(fixer({ ...base, actions: [...base.actions, { at: T0 + 9, tier: 'doctor', kind: 'doctor-run', detail: 'x', ok: true }] }), 'doctor');
  });

  it('alert deliveries are counted per channel and on their incident, even after it closed', () => {
    let s = closedBy('watchdog');
    const id = s.history[0]?.id as string;
    const notice = s.outbox.find((a) => a.incidentId === id);
    assert.ok(notice, 'the recovery notice is queued');
    s = markFailed(s, notice.id, 'discord', 'HTTP 502', T0 + 90_000, T0 + 61_000);
    s = markSent(s, notice.id, 'discord', ['discord']);
    assert.deepEqual(s.counters.alertsSent, { discord: 1 });
    assert.deepEqual(s.counters.alertsFailed, { discord: 1 });
    assert.deepEqual(s.history[0]?.alerts, { discord: { sent: 1, failed: 1 } });
  });
});

describe('incidents.jsonl', () => {
  it('a closed incident is written at once, and again with its alerts once they are out; read back as one record', () => {
    const home = tempDir();
    let s = closedBy('watchdog');
    s = fileClosed(s, home, T0 + 60_000);
    assert.equal(s.history[0]?.filed, 1, 'written at once: its recovery notice is still in the outbox');
    let read = readHistory(home);
    assert.equal(read.records.length, 1);
    assert.equal(read.records[0]?.ttrMs, 70_000);
    assert.equal(read.records[0]?.fixer, 'watchdog');
    assert.deepEqual(read.records[0]?.alerts, {});
    // Nothing new: nothing written.
    const size = statSync(join(home, HISTORY_FILE)).size;
    assert.equal(fileClosed(s, home, T0 + 61_000), s);
    assert.equal(statSync(join(home, HISTORY_FILE)).size, size);
    const notice = s.outbox.find((a) => a.incidentId === s.history[0]?.id) as State['outbox'][number];
    s = fileClosed(markSent(s, notice.id, 'discord', ['discord']), home, T0 + 62_000);
    assert.equal(s.history[0]?.filed, 2);
    read = readHistory(home);
    assert.equal(read.records.length, 1, 'the second line of the same id replaces the first');
    assert.deepEqual(read.records[0]?.alerts, { discord: { sent: 1, failed: 0 } });
    assert.equal(read.skipped, 0);
  });

  it('a torn or foreign line is skipped and counted, never fatal; the next record starts on a line of its own', () => {
    const home = tempDir();
    writeFileSync(join(home, HISTORY_FILE), '{"v":1,"id":"torn","startedAt":1,"endedAt":2,"ttrM');
    fileClosed(closedBy('health'), home, T0 + 60_000);
    appendFileSync(join(home, HISTORY_FILE), 'not json\n{"v":2,"id":"future"}\n');
    const read = readHistory(home);
    assert.equal(read.records.length, 1);
    assert.equal(read.records[0]?.fixer, 'health');
    assert.equal(read.skipped, 3);
  });

  it('capped by size with one rotation: the older file is read too', () => {
    const home = tempDir();
    const path = join(home, HISTORY_FILE);
    const old = fileClosed(closedBy('watchdog'), home, T0 + 60_000).history[0];
    appendFileSync(path, `${' '.repeat(HISTORY_FILE_MAX)}\n`);
    const s2 = closedBy('health', freshState(T0 + 86_400_000), T0 + 86_400_000);
    fileClosed({ ...s2, history: s2.history.map((i) => ({ ...i, id: 'inc-later' })) }, home, T0 + 86_460_000);
    assert.ok(existsSync(`${path}.1`), 'rotated');
    assert.ok(statSync(path).size < 10_000);
    const read = readHistory(home);
    assert.deepEqual(read.records.map((r) => r.id), [old?.id, 'inc-later']);
    assert.equal(readHistory(home, T0 + 86_000_000).records.length, 1, '--since keeps those ended since');
  });

  it('the store files and counts on every write, for every writer', async () => {
    const home = tempDir();
    const store = new StateStore(home, { now: () => T0 + 60_000 });
    await store.update((s) => ({ state: closedBy('watchdog', s), result: null }));
    const s = store.read();
    assert.equal(s.history[0]?.filed, 1);
    assert.deepEqual(s.counters.incidents, { 'liveness|watchdog': 1 });
    assert.equal(readFileSync(join(home, HISTORY_FILE), 'utf8').trim().split('\n').length, 1);
  });
});

describe('the weekly digest', () => {
  it('on DIGEST_DAY from 09:00: one push with the week in numbers and each incident; once a week; off by default', () => {
    const home = tempDir();
    fileClosed(closedBy('watchdog'), home, T0 + 60_000);
    const week = readHistory(home).records;
    const monday10 = new Date(2026, 11, 7, 10, 0).getTime();
    const s0 = freshState(T0);
    assert.equal(digestIfDue(s0, week, null, monday10), s0, 'off');
    assert.equal(digestIfDue(s0, week, 1, new Date(2026, 11, 7, 8, 59).getTime()), s0, 'not before 09:00');
    assert.equal(digestIfDue(s0, week, 2, monday10), s0, 'not on another day');
    const s1 = digestIfDue(s0, week, 1, monday10);
    const a = s1.outbox.at(-1);
    assert.equal(a?.title, 'This week: 1 incident(s), 1 fixed without you');
    assert.equal(a?.summary, 'Median time to recovery 1m 10s; the Claude Doctor cost $0.00.');
    assert.match(a?.fields[0]?.value ?? '', /^\d\d-\d\d \d\d:\d9 liveness, 1m 10s, fixed by watchdog$/);
    assert.equal(digestIfDue(s1, week, 1, monday10 + 3_600_000), s1, 'once that day');
    assert.equal(digestIfDue(s1, week, 1, monday10 + 7 * 86_400_000).outbox.length, s1.outbox.length + 1, 'and again next week');
    assert.equal(digestIfDue(s0, [], 1, monday10).outbox.at(-1)?.title, 'This week: no incident');
  });
});

describe('status --history', () => {
  it("after the demo's crash and hang: both listed, each with its time to recovery and who fixed it; --json the same", async () => {
    let text = '';
    let page = '';
    let json: { records: Array<{ ttrMs: number; fixer: string; kind: string }>; skipped: number } | null = null;
    const lines: string[] = [];
    const ok = await runDemo(
      (l) => lines.push(l),
      async (home, env) => {
        const e = env as Record<string, string>;
        // The tiers wrote the status page as they went: it shows both incidents.
        page = readFileSync(join(home, 'status.html'), 'utf8');
        text = (await runScript('status', ['--history'], e)).stdout;
        json = JSON.parse((await runScript('status', ['--history', '--since', '1h', '--json'], e)).stdout);
      },
    );
    assert.ok(ok, lines.join('\n'));
    assert.match(text, /began\s+kind\s+to recovery\s+fixed by/);
    assert.match(text, /liveness\s+\d+s\s+watchdog\s+1\s+gateway process is not running/);
    assert.match(text, /liveness\s+\d+s\s+health\s+1\s+health check failed/);
    assert.match(text, /2 incident\(s\) in the last 30d; 2 fixed without a person; median time to recovery \d+s/);
    const j = json as unknown as { records: Array<{ ttrMs: number; fixer: string }>; skipped: number };
    assert.deepEqual(j.records.map((r) => r.fixer), ['watchdog', 'health']);
    assert.ok(j.records.every((r) => r.ttrMs > 0 && r.ttrMs < 120_000), JSON.stringify(j.records));
    assert.equal(j.skipped, 0);
    assert.match(page, /<b>100%<\/b> of 2 incident\(s\) fixed without a person/);
    const bad = await runScript('status', ['--history', '--since', 'yesterday'], { HOME: tempDir() });
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--since: expected a duration like 12h, 7d or 90d, got "yesterday"/);
  });
});
