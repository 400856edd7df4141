// Every alert channel against a loopback stand-in with the real API's shape: each delivered on its
// own (one channel down holds back only itself), once and in order per channel, within each
// channel's limits, with no secret in any payload; and the keys, --test and status around them.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CHANNELS } from '../lib/act/channels/index.ts';
import { osascriptArgs } from '../lib/act/channels/macos.ts';
import { deliver, messageFor } from '../lib/tiers/alert.ts';
import { realPost } from '../lib/act/channels/http.ts';
import { queueAlert, type NewAlert } from '../lib/record/outbox.ts';
import { realDeps, type Deps } from '../lib/seams/deps.ts';
import type { Exec } from '../lib/seams/exec.ts';
import { decideHealth } from '../lib/decide/health.ts';
import { policyFrom } from '../lib/decide/policy.ts';
import { restartDone } from '../lib/record/restarts.ts';
import type { HealthProbe } from '../lib/observe/health.ts';
import { redactorFor } from '../lib/text/redact.ts';
import type { OutboxAlert } from '../lib/record/state.ts';
import { channelEnv, parseTelegramHtml, startFakeChannel, type FakeChannel, type Kind } from '../harness/fake-channels.ts';
import { allSecrets, CONFIG_JSON5, CONFIG_SECRETS, LIBRARY_LINES, LOG_LINES } from './fixtures/secrets.ts';
import { configFor, runScript, tempDir } from './helpers.ts';

const open: FakeChannel[] = [];
after(async () => {
  for (const f of open) await f.close();
});

const WEB: Kind[] = ['discord', 'slack', 'telegram', 'ntfy', 'webhook'];

async function fakes(): Promise<Record<Kind, FakeChannel>> {
  const out = {} as Record<Kind, FakeChannel>;
  for (const k of WEB) {
    out[k] = await startFakeChannel(k);
    open.push(out[k]);
  }
  return out;
}

async function setup(extra: Record<string, string> = {}) {
  const f = await fakes();
  const dir = tempDir();
  const configPath = join(dir, 'openclaw.json');
  writeFileSync(configPath, CONFIG_JSON5);
  const env = { SELFHEAL_HOME: join(dir, 'home'), SELFHEAL_ENV_FILE: join(dir, 'none.env'), SELFHEAL_LAUNCHER: 'none', GATEWAY_CONFIG_PATH: configPath, ...channelEnv(f), ...extra };
  let clock = 1_800_000_000_000;
  const cfg = configFor(env);
  const d: Deps = realDeps(cfg, { now: () => clock, launch: async () => 'not woken' });
  d.pc = { ...d.pc, sleep: async (ms) => void (clock += ms) };
  return { f, env, d, cfg, advance: (ms: number) => (clock += ms) };
}

/** Which alert a channel's payload carries, read back from what the channel shows. */
function titleOf(kind: Kind, body: Record<string, unknown>): string {
  switch (kind) {
    case 'discord':
      return (body.embeds as Array<{ title: string }>)[0]?.title ?? '';
    case 'slack':
      return ((body.blocks as Array<{ type: string; text: { text: string } }>).find((b) => b.type === 'header')?.text.text ?? '').trim();
    case 'telegram':
      return parseTelegramHtml(String(body.text)).split('\n')[0]?.replace(/^\S+ (OpenClaw needs you\. )?/, '') ?? '';
    case 'ntfy':
      return String(body.title).replace(/^OpenClaw needs you\. /, '');
    default:
      return String(body.title);
  }
}

const down: HealthProbe = { ok: false, verdict: 'timeout', attempts: [], latencyMs: null, detail: 'no answer within 5000 ms' };
const up: HealthProbe = { ok: true, verdict: 'ok', attempts: [], latencyMs: 12, detail: 'HTTP 200 in 12 ms' };

function alert(id: string, over: Partial<NewAlert> = {}): NewAlert {
  return { id, kind: 'human', incidentId: `inc-${id}`, title: `alert ${id}`, summary: 'summary', fields: [{ name: 'What was tried', value: 'restart' }], ...over };
}

describe('alert channels', () => {
  it('one incident, every channel: Discord down all along holds back only itself; each channel gets each alert once, in order', async () => {
    const { f, d, env, advance } = await setup({ DOCTOR_MAX_PER_DAY: '0', STARTUP_GRACE_S: '60', ALERT_RECOVERY_SETTLE_S: '120' });
    const p = policyFrom(d.cfg, process.pid);
    const step = (probe: HealthProbe) =>
      d.store.update((s) => {
        const dec = decideHealth(s, { probe }, p, d.now());
        return { state: dec.action.kind === 'restart' ? restartDone(dec.state, d.now()) : dec.state, result: null };
      });
    f.discord.setMode('500');
    f.slack.failNext('429', 1, 2);
    f.telegram.failNext('429', 1, 3);
    f.ntfy.failNext('hang', 1);
    await step(down); // restart
    advance(120_000);
    await step(down); // no doctor allowed: a person is told
    const first = await deliver(d, { post: realPost }, 3_000);
    // Slack and Telegram waited out their retry-after inline; ntfy timed out; the webhook took it at once.
    for (const k of ['slack', 'telegram', 'webhook'] as const) assert.equal(f[k].accepted.length, 1, `${k} got the human alert in the first run`);
    assert.equal(f.ntfy.accepted.length, 0);
    assert.deepEqual(first.failed.map((x) => x.channel).sort(), ['discord', 'ntfy']);
    assert.match(first.failed.find((x) => x.channel === 'ntfy')?.error ?? '', /no answer within 3s/);

    await step(up); // recovered: the notice settles first
    advance(d.cfg.alertRecoverySettleS * 1000);
    await deliver(d, { post: realPost }, 3_000);
    // Nothing waits behind Discord: every other channel has both, in order, once.
    for (const k of ['slack', 'telegram', 'ntfy', 'webhook'] as const) {
      const titles = f[k].accepted.map((b) => titleOf(k, b));
      assert.equal(titles.length, 2, `${k}: ${JSON.stringify(titles)}`);
      assert.match(titles[0] ?? '', /gateway/i, `${k} first: the human alert`);
      assert.match(titles[1] ?? '', /healthy again/, `${k} second: the recovery notice`);
    }
    assert.equal(f.discord.accepted.length, 0);
    assert.ok(f.discord.requests >= 2, 'Discord was tried');
    // What status says meanwhile: Discord's backlog, the others clear.
    const st = await runScript('status', [], env);
    assert.match(st.stdout, /discord: 2 waiting \(oldest .*\); last error: HTTP 500/);
    assert.match(st.stdout, /slack: nothing waiting/);

    f.discord.setMode('ok');
    advance(16 * 60_000); // past the longest backoff
    await deliver(d, { post: realPost }, 3_000);
    await deliver(d, { post: realPost }, 3_000);
    const discordTitles = f.discord.accepted.map((b) => titleOf('discord', b));
    assert.equal(discordTitles.length, 2);
    assert.match(discordTitles[0] ?? '', /gateway/i);
    assert.match(discordTitles[1] ?? '', /healthy again/);
    for (const k of WEB) assert.deepEqual(f[k].invalid, [], `${k} would have refused a payload`);
    for (const k of ['slack', 'telegram', 'ntfy', 'webhook'] as const) assert.equal(f[k].accepted.length, 2, `${k} got nothing twice`);
    assert.equal(d.store.read().outbox.length, 0);
    // ntfy rings loudly for the person, quietly for the recovery.
    assert.deepEqual(f.ntfy.accepted.map((b) => b.priority), ['urgent', 'default']);
  });

  it('a channel that refuses for good gives the alert up; status and the other channels are told which lost what', async () => {
    const { f, d, env } = await setup();
    await d.store.update((s) => ({ state: queueAlert(queueAlert(s, alert('g1'), d.now()), alert('g2'), d.now()), result: null }));
    f.slack.failNext('404', 1);
    const r = await deliver(d, { post: realPost });
    assert.deepEqual(f.slack.invalid, []);
    assert.deepEqual(r.dropped.map((x) => [x.id, x.channel]), [['g1', 'slack']]);
    assert.match(r.dropped[0]?.error ?? '', /HTTP 404: no_service \(the hook was revoked.*SLACK_WEBHOOK_URL\)/);
    // Slack still got g2; every other channel got g1, g2 and the notice that Slack lost g1.
    assert.deepEqual(f.slack.accepted.map((b) => titleOf('slack', b)), ['alert g2']);
    for (const k of ['discord', 'telegram', 'ntfy', 'webhook'] as const) {
      const titles = f[k].accepted.map((b) => titleOf(k, b));
      assert.deepEqual(titles.slice(0, 2), ['alert g1', 'alert g2'], k);
      assert.equal(titles.length, 3, `${k}: ${JSON.stringify(titles)}`);
      assert.match(titles[2] ?? '', /Slack did not get an alert/);
    }
    assert.match(JSON.stringify(f.webhook.accepted[2]), /gave up on \\"alert g1\\": HTTP 404/);
    const st = await runScript('status', [], env);
    assert.match(st.stdout, /slack: nothing waiting\n {4}lost .* ago: "alert g1": HTTP 404/);
    assert.equal(d.store.read().outbox.length, 0);
  });

  it('after 24 hours of failing, a channel gives the alert up (and only that channel)', async () => {
    const { f, d, advance } = await setup();
    f.telegram.setMode('500');
    await d.store.update((s) => ({ state: queueAlert(s, alert('h1'), d.now()), result: null }));
    for (let i = 0; i < 100 && d.store.read().outbox.some((a) => a.id === 'h1'); i++) {
      await deliver(d, { post: realPost });
      advance(16 * 60_000);
    }
    const drop = d.store.read().alertDrops.find((x) => x.alertId === 'h1');
    assert.equal(drop?.channel, 'telegram');
    assert.match(drop?.why ?? '', /still failing after 24 hours: HTTP 500/);
    assert.ok(f.telegram.requests > 20 && f.telegram.requests < 100, `${f.telegram.requests} tries in 24 h`);
    for (const k of ['discord', 'slack', 'ntfy', 'webhook'] as const) assert.equal(f[k].accepted.filter((b) => titleOf(k, b) === 'alert h1').length, 1, k);
  });

  it('a channel taken out of .env holds nothing back: what only it still owed leaves the outbox', async () => {
    const { f, d } = await setup();
    f.discord.setMode('500');
    await d.store.update((s) => ({ state: queueAlert(s, alert('r1'), d.now()), result: null }));
    await deliver(d, { post: realPost });
    assert.equal(d.store.read().outbox.length, 1, 'waiting for Discord');
    const without = realDeps({ ...d.cfg, discordWebhookUrl: null }, { now: d.now, store: d.store });
    await deliver(without, { post: realPost });
    assert.equal(d.store.read().outbox.length, 0);
    assert.ok(d.store.read().sentAlertIds.includes('r1'));
  });

  it('two alert runs at the same moment: every channel gets each alert once', async () => {
    const { f, env, d } = await setup();
    await d.store.update((s) => {
      let n = s;
      for (let i = 1; i <= 3; i++) n = queueAlert(n, alert(`e${i}`), Date.now() - 1000 + i);
      return { state: n, result: null };
    });
    const [a, b] = await Promise.all([runScript('alert', ['--json'], env, { timeoutMs: 60_000 }), runScript('alert', ['--json'], env, { timeoutMs: 60_000 })]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    const c = await runScript('alert', ['--json'], env, { timeoutMs: 60_000 });
    assert.equal(c.code, 0, c.stderr);
    for (const k of WEB) assert.deepEqual(f[k].accepted.map((x) => titleOf(k, x)), ['alert e1', 'alert e2', 'alert e3'], k);
  });

  it('no secret in any payload of any channel, and every message fits its channel however long the log', async () => {
    const { f, d } = await setup();
    // With provider shapes only the maintained set knows, at the start where no trim can hide them.
    const logText = [...LIBRARY_LINES, ...LOG_LINES].map(([, l]) => l).join('\n');
    const huge = `${logText}\n`.repeat(60); // ~100 KB of log
    await d.store.update((s) => ({
      state: queueAlert(
        s,
        alert('s1', {
          title: `gateway down: ${CONFIG_SECRETS[0]} ${'é'.repeat(300)}`,
          summary: huge,
          fields: [
            { name: 'Diagnosis', value: `the token ${CONFIG_SECRETS[10]} in config is wrong` },
            { name: 'Log tail', value: huge },
            { name: 'Config', value: CONFIG_JSON5 },
            ...Array.from({ length: 40 }, (_, i) => ({ name: `extra ${i} <b>&`, value: `v & <i> ${'x'.repeat(3000)}` })),
          ],
        }),
        d.now(),
      ),
      result: null,
    }));
    const sent = await deliver(d, { post: realPost });
    assert.deepEqual(sent.dropped, []);
    for (const k of WEB) {
      assert.deepEqual(f[k].invalid, [], `${k} would refuse: ${f[k].invalid.join('; ')}`);
      assert.equal(f[k].accepted.length, 1, k);
    }
    // Independent of the fakes: each channel's own limit.
    assert.ok(Buffer.byteLength(String(f.ntfy.accepted[0]?.message)) <= 4096);
    assert.ok(parseTelegramHtml(String(f.telegram.accepted[0]?.text)).length <= 4096);
    // The incident id survives every trim.
    for (const k of WEB) assert.match(f[k].raw[0] ?? '', /inc-s1/, `${k} kept the incident id`);
    const secrets = [...allSecrets(), ...LIBRARY_LINES.map(([s]) => s)];
    for (const k of WEB) {
      for (const raw of f[k].raw) for (const s of secrets) assert.ok(!raw.includes(s), `${k} leaks ${s}`);
      for (const r of f[k].received) for (const s of secrets) assert.ok(!JSON.stringify(r.headers).includes(s), `${k} headers leak ${s}`);
    }
    // The macOS banner is built from the same redacted message.
    const m = messageFor(d.store.read().outbox[0] ?? ({ ...alert('s2'), createdAt: 1, attempts: 0, nextAttemptAt: 0, lastError: null } as OutboxAlert), d.cfg, redactorFor(d.cfg.configPath));
    for (const s of secrets) assert.ok(!osascriptArgs(m).join(' ').includes(s));
  });

  it('the macOS banner passes its text as osascript arguments, never as script', async () => {
    const cfg = configFor({ SELFHEAL_ENV_FILE: '/x', MACOS_NOTIFY: 'true' });
    const hostile = '" & (do shell script "touch /tmp/pwned") & "';
    const a: OutboxAlert = { ...alert('m1', { title: `-e ${hostile}`, summary: `--help\n${hostile}\nend run` }), createdAt: 1, attempts: 0, nextAttemptAt: 0, lastError: null };
    const args = osascriptArgs(messageFor(a, cfg, (s) => s));
    // The script is fixed: three -e lines, and nothing of the message among them.
    assert.deepEqual(args.slice(0, 6), ['-e', 'on run argv', '-e', 'display notification (item 1 of argv) with title (item 2 of argv) subtitle (item 3 of argv)', '-e', 'end run']);
    const data = args.slice(6);
    assert.equal(data.length, 3);
    assert.ok(data.every((x) => !x.startsWith('-') && !x.includes('\n')), JSON.stringify(data));
    assert.ok(data.some((x) => x.includes('do shell script')), 'the text is kept, as data');
    // Sent through the exec seam, on a Mac; off a Mac nothing runs and it says so.
    const calls: Array<[string, string[]]> = [];
    const exec: Exec = async (file, argv) => {
      calls.push([file, argv]);
      return { ok: true, exitCode: 0, signal: null, timedOut: false, notFound: false, stdout: '', stderr: '', durationMs: 1 };
    };
    const macos = CHANNELS.find((c) => c.id === 'macos');
    assert.ok(macos);
    const out = await macos.send(messageFor(a, cfg, (s) => s), cfg, { post: realPost, exec, platform: 'darwin' }, 1000);
    assert.equal(out.ok, true);
    assert.equal(calls[0]?.[0], '/usr/bin/osascript');
    assert.equal(macos.unavailable('linux'), 'Notification Center exists only on macOS: nothing is shown here');
  });

  it('--test: one line per channel, accepted or why not; macOS says it is off here', async () => {
    const { f, env, d } = await setup({ MACOS_NOTIFY: 'true' });
    f.telegram.setMode('404');
    const r = await runScript('alert', ['--test'], env);
    assert.equal(r.code, 1, 'a channel refused');
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 6, r.stdout);
    assert.match(r.stdout, /^discord: accepted the test message \(HTTP 200\)$/m);
    assert.match(r.stdout, /^slack: accepted the test message \(HTTP 200\)$/m);
    assert.match(r.stdout, /^telegram: refused the test message: HTTP 404: .*check TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID\)$/m);
    assert.match(r.stdout, /^ntfy: accepted the test message \(HTTP 200\)$/m);
    assert.match(r.stdout, /^webhook: accepted the test message \(HTTP 204\)$/m);
    if (process.platform !== 'darwin') assert.match(r.stdout, /^macos: not sent: Notification Center exists only on macOS/m);
    assert.ok(!r.stdout.includes(d.cfg.telegramBotToken as string), 'the bot token is never printed');
    const list = await runScript('alert', ['--channels'], env);
    assert.match(list.stdout, /^alert channels: discord, slack, telegram, ntfy, webhook, macos/);
  });

  it('a network error never carries the webhook URL or token into the state', async () => {
    const { d, f } = await setup();
    for (const k of WEB) await f[k].close();
    await d.store.update((s) => ({ state: queueAlert(s, alert('n1'), d.now()), result: null }));
    const r = await deliver(d, { post: realPost }, 500);
    assert.equal(r.failed.length, 5);
    const saved = JSON.stringify(d.store.read());
    for (const secret of ['fake-token', 'fakeslacksecret', (d.cfg.telegramBotToken as string).split(':')[1] as string, d.cfg.ntfyToken as string]) assert.ok(!saved.includes(secret), `state holds ${secret}`);
  });

  for (const [key, value, expect] of [
    ['SLACK_WEBHOOK_URL', 'https://hooks.slack.com/workflows/T1/B2/x', /SLACK_WEBHOOK_URL must be a Slack incoming-webhook URL like https:\/\/hooks\.slack\.com\/services\//],
    ['TELEGRAM_BOT_TOKEN', 'not-a-token-but-a-secret-anyway', /TELEGRAM_BOT_TOKEN must be a bot token from @BotFather like 123456789:\w+; got "<31 characters, not shown>"/],
    ['NTFY_URL', 'http://ntfy.example.com/alerts', /NTFY_URL must be an ntfy topic URL like https:\/\/ntfy\.sh\//],
    ['ALERT_WEBHOOK_URL', 'http://example.com/hook', /ALERT_WEBHOOK_URL must be an https URL like https:\/\/example\.com\/hooks\/openclaw/],
    ['MACOS_NOTIFY', 'sometimes', /MACOS_NOTIFY must be true or false; got "sometimes"/],
  ] as const) {
    it(`a bad ${key}: that channel off, the tier runs, one line naming it and a valid example`, async () => {
      const dir = tempDir();
      const r = await runScript('alert', [], { SELFHEAL_HOME: join(dir, 'h'), SELFHEAL_ENV_FILE: join(dir, 'x'), [key]: value });
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, expect);
      assert.match(r.stderr, /that alert channel is off until it is fixed/);
    });
  }

  it('Telegram needs both keys; the missing one is named', async () => {
    const dir = tempDir();
    const r = await runScript('alert', [], { SELFHEAL_HOME: join(dir, 'h'), SELFHEAL_ENV_FILE: join(dir, 'x'), TELEGRAM_BOT_TOKEN: '123456789:AAHk3xampleT0kenFromBotFather0123456' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^alert: warning: config: TELEGRAM_CHAT_ID must be set with TELEGRAM_BOT_TOKEN: a chat id like 123456789/);
  });
});
