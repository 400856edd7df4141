// The status page (report/page.ts) in a real browser: Debian's Chromium driven by playwright-core. No
// request leaves the file, no console error, the open incident and its restart shown, a channel error
// holding HTML shown as text, a phone's width without horizontal scroll, STALE when not rewritten.
// Screenshots go to a temporary folder; with SCREENSHOTS=docs to docs/ (docs/status-page-*.png).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { tally } from '../lib/record/counters.ts';
import { HISTORY_FILE, historyRecord } from '../lib/record/history.ts';
import { closeRecovered, noteAction, openIncident } from '../lib/record/incident.ts';
import { markFailed, markSent, queueAlert } from '../lib/record/outbox.ts';
import { freshState, type State } from '../lib/record/state.ts';
import { SCRIPT, SCRIPT_HASH } from '../lib/report/page.ts';
import { PAGE_FILE, pageKey, writtenPage } from '../lib/report/page-key.ts';
import { writePage } from '../lib/report/publish.ts';
import { configFor, tempDir } from './helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const HOSTILE = '<img src=x onerror="document.title=\'pwned\'"><script>document.title="pwned"</script>';
const DAY = 86_400_000;

/** Thirty days of a supervisor's life: incidents fixed by each tier, one by a person, one open now. */
function lifeOf(home: string, now: number): State {
  let s = freshState(now - 40 * DAY);
  const lines: string[] = [];
  const fixers = [
    ['watchdog', 'restart'],
    ['health', 'restart'],
    ['health', 'session-abort'],
    ['doctor', 'doctor-run'],
  ] as const;
  for (let d = 29, n = 0; d >= 1; d -= 2, n++) {
    const t = now - d * DAY + 3 * 3_600_000;
    const [tier, kind] = fixers[n % fixers.length] as (typeof fixers)[number];
    let x = openIncident(s, n % 3 ? 'gateway process is not running' : 'health check failed: HTTP 503', tier, t, t - 20_000);
    if (n % 7 !== 6) x = noteAction(x, { tier, kind, detail: `${kind}: ok`, ok: true }, t + 30_000 * (1 + (n % 4)));
    else x = { ...x, incident: x.incident ? { ...x.incident, humanAlertedAt: t + 60_000 } : null };
    x = closeRecovered(x, t + 60_000 * (1 + (n % 5)), 'healthy');
    const inc = x.history.at(-1);
    if (inc) lines.push(JSON.stringify(historyRecord(inc, [])));
    s = tally(s, x);
  }
  writeFileSync(join(home, HISTORY_FILE), `${lines.join('\n')}\n`);
  // Now: an incident open for 4 minutes, a restart that failed, an alert Slack refused with HTML in its error.
  const prev = s;
  s = openIncident(s, 'health check failed: no answer within 5000 ms (3 times)', 'health', now - 240_000, now - 250_000);
  s = noteAction(s, { tier: 'health', kind: 'restart', detail: 'frozen: SIGTERM to 4242, then GATEWAY_RESTART_COMMAND', ok: null }, now - 200_000);
  s = noteAction(s, { tier: 'health', kind: 'restart', detail: 'GATEWAY_RESTART_COMMAND: still not answering', ok: false }, now - 150_000);
  s = queueAlert(s, { id: 'inc-now:escalated', kind: 'escalated', incidentId: s.incident?.id ?? null, title: 'OpenClaw gateway down: Claude Doctor was called', summary: 'x', fields: [] }, now - 140_000);
  s = markSent(s, 'inc-now:escalated', 'discord', ['discord', 'slack']);
  s = markFailed(s, 'inc-now:escalated', 'slack', `HTTP 400 ${HOSTILE}`, now + 60_000, now - 130_000);
  s = tally(prev, s);
  s = {
    ...s,
    lastProbe: { at: now - 20_000, ok: false, detail: 'no answer', latencyMs: null },
    unhealthySince: now - 250_000,
    doctor: { ...s.doctor, runs: [{ incidentId: 'x', startedAt: now - 5 * DAY, endedAt: now - 5 * DAY + 300_000, durationMs: 300_000, turns: 12, costUsd: 0.42, denied: [], diagnosis: null, outcome: 'recovered', detail: '', transcript: `${home}/doctor/run-1/transcript.jsonl` }] },
  };
  for (const t of ['watchdog', 'health', 'alert'] as const) s = { ...s, tiers: { ...s.tiers, [t]: { lastRunAt: now - 30_000, lastOk: t !== 'health', consecutiveFailures: 0, lastSummary: t === 'health' ? 'no answer within 5000 ms' : 'ok' } } };
  return s;
}

/** A PNG's pixels are not all one colour: enough distinct bytes in its inflated image data. */
function nonBlank(png: Buffer): boolean {
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const idat: Buffer[] = [];
  for (let o = 8; o < png.length; ) {
    const len = png.readUInt32BE(o);
    const type = png.subarray(o + 4, o + 8).toString('latin1');
    if (type === 'IDAT') idat.push(png.subarray(o + 8, o + 8 + len));
    o += 12 + len;
  }
  const raw = inflateSync(Buffer.concat(idat));
  return new Set(raw).size > 64;
}

let browser: Browser | null = null;
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed (./install.sh installs Debian's chromium where it may)`;

before(async () => {
  if (skip) return;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    // No sandbox as root; nothing reaching out to Google's services on this closed network.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
});

async function open(path: string, width: number, js = true): Promise<{ page: Page; requests: string[]; errors: string[] }> {
  const ctx = await (browser as Browser).newContext({ viewport: { width, height: 900 }, javaScriptEnabled: js });
  const page = await ctx.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`file://${path}`);
  return { page, requests, errors };
}

describe('the status page in Chromium', { skip }, () => {
  const home = tempDir();
  const now = Date.now();
  const cfg = configFor({ SELFHEAL_HOME: home, DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/x' });
  let path = '';
  const shots = process.env.SCREENSHOTS === 'docs' ? join(PROJECT_ROOT, 'docs') : tempDir();

  before(async () => {
    path = await writePage(cfg, lifeOf(home, now), now);
  });

  it('desktop: nothing fetched, no console error; now, the open incident with its restart, 30 days, the doctor, the channels, the tiers', async () => {
    const { page, requests, errors } = await open(path, 1100);
    assert.deepEqual(requests, [`file://${path}`], 'the page itself and nothing else');
    assert.deepEqual(errors, []);
    const text = await page.innerText('body');
    assert.match(text, /Open incident inc-\d{8}-\d{6}/);
    assert.match(text, /restart failed: GATEWAY_RESTART_COMMAND: still not answering/);
    assert.match(text, /restart: frozen: SIGTERM to 4242/);
    assert.match(text, /live\s+NO\s+since 4m 10s ago/);
    assert.match(text, /\d+% of 15 incident\(s\) fixed without a person/);
    assert.match(text, /\$0\.42/);
    assert.match(text, /doctor\/run-1\/transcript\.jsonl/);
    assert.equal(await page.locator('svg rect').count() > 10, true, 'a bar per day and fixer');
    assert.ok(!((await page.evaluate<string>('document.body.className')).includes('stale')), 'just written: not stale');
    const png = await page.screenshot({ fullPage: true, path: join(shots, 'status-page-desktop.png') });
    assert.ok(nonBlank(png), 'the screenshot is not blank');
  });

  it("a channel's error holding HTML is shown as text, never run or rendered", async () => {
    const { page, errors } = await open(path, 1100);
    assert.deepEqual(errors, []);
    assert.equal(await page.locator('img').count(), 0);
    assert.notEqual(await page.title(), 'pwned');
    assert.match(await page.innerText('body'), /HTTP 400 <img src=x onerror="document\.title='pwned'"><script>document\.title="pwned"<\/script>/);
    assert.ok(!readFileSync(path, 'utf8').includes('<img'), 'escaped in the file itself');
  });

  it('a phone, 375 px wide: no horizontal scroll, and the page reads the same without its script', async () => {
    const { page, errors } = await open(path, 375);
    assert.deepEqual(errors, []);
    const { scroll, client } = await page.evaluate<{ scroll: number; client: number }>('({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth })');
    if (scroll > client) console.log(await page.evaluate<string>(`[...document.querySelectorAll('*')].filter(e => e.getBoundingClientRect().right > ${client} + 1).slice(0, 8).map(e => e.tagName + ' ' + Math.round(e.getBoundingClientRect().right) + ' ' + (e.textContent || '').slice(0, 50)).join('\\n')`));
    assert.ok(scroll <= client, `scrollWidth ${scroll} > ${client}`);
    const png = await page.screenshot({ fullPage: true, path: join(shots, 'status-page-phone.png') });
    assert.ok(nonBlank(png));
    const noJs = await open(path, 375, false);
    assert.match(await noJs.page.innerText('body'), /Open incident inc-/);
  });

  it("the CSP's script hash is the script's", () => {
    assert.equal(createHash('sha256').update(SCRIPT).digest('base64'), SCRIPT_HASH);
  });

  it('STALE when the page was not rewritten in time; written again only when what it shows changed', async () => {
    const old = join(tempDir(), PAGE_FILE);
    const state = lifeOf(home, now);
    const oldCfg = { ...cfg, home: old.replace(`/${PAGE_FILE}`, '') };
    await writePage(oldCfg, state, now - 3_600_000);
    const { page } = await open(old, 1100);
    assert.ok((await page.evaluate<string>('document.body.className')).includes('stale'));
    assert.ok(await page.locator('.stale-note').isVisible());
    const w = writtenPage(old);
    assert.equal(w?.key, pageKey(state));
    assert.equal(w?.at, now - 3_600_000);
    assert.notEqual(pageKey({ ...state, incident: null }), pageKey(state));
    assert.equal(pageKey({ ...state, tiers: { ...state.tiers, watchdog: { ...state.tiers.watchdog, lastRunAt: now } } }), pageKey(state), "a tick's time alone changes nothing shown");
  });
});
