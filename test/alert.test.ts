// Tier 4 against a local fake Discord: one alert per event, reminders, one recovery notice, delivery
// through outages exactly once and in order, 429 honoured, Discord's limits kept, no secret out.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deliver, messageFor } from '../lib/tiers/alert.ts';
import { realPost } from '../lib/act/channels/http.ts';
import { realDeps, type Deps } from '../lib/seams/deps.ts';
import { LIMITS, discordPayload } from '../lib/act/channels/discord.ts';
import { decideHealth } from '../lib/decide/health.ts';
import { policyFrom } from '../lib/decide/policy.ts';
import { restartDone } from '../lib/record/restarts.ts';
import { queueAlert } from '../lib/record/outbox.ts';
import { COALESCE_MS, pushGroup } from '../lib/decide/delivery.ts';
import { composeMessage, mergeMessages } from '../lib/act/channels/message.ts';
import type { HealthProbe } from '../lib/observe/health.ts';
import { makeRedactor, redact, redactorFor } from '../lib/text/redact.ts';
import type { OutboxAlert } from '../lib/record/state.ts';
import { startFakeDiscord, type FakeDiscord } from '../harness/fake-discord.ts';
import { CONFIG_JSON5, CONFIG_SECRETS, LOG_LINES, allSecrets } from './fixtures/secrets.ts';
import { configFor, runScript, tempDir } from './helpers.ts';

const fakes: FakeDiscord[] = [];
after(async () => {
  for (const f of fakes) await f.close();
});

async function setup(extra: Record<string, string> = {}) {
  const fake = await startFakeDiscord();
  fakes.push(fake);
  const dir = tempDir();
  const configPath = join(dir, 'openclaw.json');
  writeFileSync(configPath, CONFIG_JSON5);
  const env = { SELFHEAL_HOME: join(dir, 'home'), SELFHEAL_ENV_FILE: join(dir, 'none.env'), DISCORD_WEBHOOK_URL: fake.url, SELFHEAL_LAUNCHER: 'none', GATEWAY_CONFIG_PATH: configPath, ...extra };
  let clock = 1_800_000_000_000;
  const cfg = configFor(env);
  const d: Deps = realDeps(cfg, { now: () => clock, launch: async () => 'not woken' });
  d.pc = { ...d.pc, sleep: async (ms) => void (clock += ms) };
  return { fake, env, d, cfg, advance: (ms: number) => (clock += ms), now: () => clock };
}

/** Discord's documented webhook limits, checked independently of the code that tries to keep them. */
function assertDiscordValid(p: Record<string, unknown>): void {
  const embeds = p.embeds as Array<{ title: string; description: string; fields: Array<{ name: string; value: string }>; footer: { text: string }; color: number }>;
  assert.ok(Array.isArray(embeds) && embeds.length >= 1 && embeds.length <= 10);
  assert.ok(typeof p.content === 'string' && (p.content as string).length <= 2000);
  for (const e of embeds) {
    assert.ok(e.title.length <= 256, `title ${e.title.length}`);
    assert.ok(e.description.length <= 4096);
    assert.ok(e.fields.length <= 25);
    for (const f of e.fields) {
      assert.ok(f.name.length > 0 && f.name.length <= 256);
      assert.ok(f.value.length > 0 && f.value.length <= 1024, `field ${f.name} is ${f.value.length}`);
    }
    assert.ok(e.footer.text.length <= 2048);
    assert.ok(Number.isInteger(e.color) && e.color >= 0 && e.color <= 0xffffff);
    const total = e.title.length + e.description.length + e.footer.text.length + e.fields.reduce((n, f) => n + f.name.length + f.value.length, 0);
    assert.ok(total <= 6000, `embed total ${total}`);
  }
  assert.deepEqual(p.allowed_mentions, { parse: [] });
}

const down: HealthProbe = { ok: false, verdict: 'timeout', attempts: [], latencyMs: null, detail: 'no answer within 5000 ms' };
const up: HealthProbe = { ok: true, verdict: 'ok', attempts: [], latencyMs: 12, detail: 'HTTP 200 in 12 ms' };

function newAlert(id: string, over: Partial<OutboxAlert> = {}): Parameters<typeof queueAlert>[1] {
  return { id, kind: 'human', incidentId: `inc-${id}`, title: `alert ${id}`, summary: 'summary', fields: [{ name: 'What was tried', value: 'restart' }], ...over };
}

describe('alerts', () => {
  it('an incident yields one alert, reminders at the interval, one recovery notice', async () => {
    const { fake, d } = await setup({ DOCTOR_MAX_PER_DAY: '0', ALERT_REMIND_S: '3600', STARTUP_GRACE_S: '60' });
    const p = policyFrom(d.cfg, process.pid);
    // As the health tier does: decide, and record a restart's outcome when it chose one.
    const kinds = () => fake.accepted.map((x) => /· (\w+)(?: · delivery try \d+)?$/.exec((x.embeds as Array<{ footer: { text: string } }>)[0]?.footer.text ?? '')?.[1]);
    const step = (probe: HealthProbe) =>
      d.store.update((s) => {
        const dec = decideHealth(s, { probe }, p, d.now());
        return { state: dec.action.kind === 'restart' ? restartDone(dec.state, d.now()) : dec.state, result: null };
      });
    await step(down); // restart
    d.pc.sleep(120_000);
    await step(down); // still failing after the restart: doctor disabled -> human
    await deliver(d, { post: realPost });
    await deliver(d, { post: realPost }); // nothing new
    assert.deepEqual(kinds(), ['human']);
    for (let i = 0; i < 3; i++) {
      d.pc.sleep(1_800_000);
      await step(down);
      await deliver(d, { post: realPost });
    }
    assert.deepEqual(kinds(), ['human', 'reminder']); // 90 min in: one reminder (at 60 min)
    d.pc.sleep(1_800_000);
    await deliver(d, { post: realPost });
    assert.deepEqual(kinds(), ['human', 'reminder', 'reminder']);
    await step(up);
    await deliver(d, { post: realPost });
    assert.deepEqual(kinds(), ['human', 'reminder', 'reminder'], 'the recovery notice waits out ALERT_RECOVERY_SETTLE_S');
    d.pc.sleep(d.cfg.alertRecoverySettleS * 1000);
    await deliver(d, { post: realPost });
    await deliver(d, { post: realPost });
    assert.deepEqual(kinds(), ['human', 'reminder', 'reminder', 'recovered']);
    for (const m of fake.accepted) assertDiscordValid(m);
    const recovered = fake.accepted.at(-1) as { embeds: Array<{ title: string; fields: Array<{ name: string; value: string }> }> };
    assert.match(recovered.embeds[0]?.title ?? '', /healthy again after 2h/);
    const human = fake.accepted[0] as { content: string; embeds: Array<{ fields: Array<{ name: string; value: string }> }> };
    assert.match(human.content, /needs you/);
    // Words that fit the platform: LaunchAgents on a Mac; here (Linux, nothing schedules the tiers) by hand.
    const recheck = process.platform === 'darwin' ? /launchctl kickstart gui\/\d+\/ai\.openclaw\.selfheal\.health/ : /Re-check now: `cd \S+ && npx tsx scripts\/healthcheck\.ts`/;
    assert.ok(human.embeds[0]?.fields.some((f) => f.name === 'What to do' && recheck.test(f.value)), JSON.stringify(human.embeds[0]?.fields));
  });

  it('through 500s and timeouts, every alert is delivered exactly once, in order', async () => {
    const { fake, d } = await setup();
    await d.store.update((s) => {
      let n = s;
      for (let i = 1; i <= 5; i++) n = queueAlert(n, newAlert(`a${i}`), d.now() + i);
      return { state: n, result: null };
    });
    fake.failNext('500', 3);
    fake.failNext('hang', 2);
    let runs = 0;
    while (d.store.read().outbox.length > 0 && runs < 40) {
      await deliver(d, { post: realPost }, 300);
      d.pc.sleep(16 * 60_000); // past the longest backoff
      runs++;
    }
    assert.deepEqual(fake.accepted.map((x) => (x.embeds as Array<{ title: string }>)[0]?.title), ['alert a1', 'alert a2', 'alert a3', 'alert a4', 'alert a5']);
    assert.equal(d.store.read().outbox.length, 0);
    assert.equal(fake.requests, 10);
    // Queued again after delivery (a replayed tier run): refused, it was already sent.
    await d.store.update((s) => ({ state: queueAlert(s, newAlert('a3'), d.now()), result: null }));
    assert.equal(d.store.read().outbox.length, 0);
  });

  it('backs off across runs: a failing alert is not retried before its time', async () => {
    const { fake, d } = await setup();
    await d.store.update((s) => ({ state: queueAlert(s, newAlert('b1'), d.now()), result: null }));
    fake.failNext('500', 1);
    const first = await deliver(d, { post: realPost });
    assert.equal(first.failed.length, 1);
    d.pc.sleep(5_000);
    await deliver(d, { post: realPost });
    assert.equal(fake.requests, 1, 'not retried within the backoff');
    d.pc.sleep(30_000);
    await deliver(d, { post: realPost });
    assert.equal(fake.accepted.length, 1);
  });

  it('honours 429 retry_after: a short wait inline, a long one across runs', async () => {
    const { fake, d, advance } = await setup();
    await d.store.update((s) => ({ state: queueAlert(queueAlert(s, newAlert('c1'), d.now()), newAlert('c2'), d.now()), result: null }));
    fake.failNext('429', 1, 2.5);
    const t0 = d.now();
    await deliver(d, { post: realPost });
    assert.equal(fake.accepted.length, 2);
    assert.ok(d.now() - t0 >= 2_500, 'waited retry_after before the retry');
    await d.store.update((s) => ({ state: queueAlert(s, newAlert('c3'), d.now()), result: null }));
    fake.failNext('429', 1, 120);
    const r = await deliver(d, { post: realPost });
    assert.match(r.failed[0]?.error ?? '', /rate limited \(retry after 120s\)/);
    advance(60_000);
    await deliver(d, { post: realPost });
    assert.equal(fake.requests, 4, 'nothing sent before retry_after');
    advance(61_000);
    await deliver(d, { post: realPost });
    assert.equal(fake.accepted.length, 3);
  });

  it('a payload Discord rejects as malformed is dropped and noted, not retried forever', async () => {
    const { fake, d } = await setup();
    await d.store.update((s) => ({ state: queueAlert(queueAlert(s, newAlert('d1'), d.now()), newAlert('d2'), d.now()), result: null }));
    fake.failNext('400', 1);
    await deliver(d, { post: realPost });
    assert.equal(fake.accepted.length, 1);
    assert.match(d.store.read().notices.map((n) => n.text).join('\n'), /Discord lost alert "alert d1" \(d1\): HTTP 400/);
  });

  it('two alert runs at the same moment send each alert once', async () => {
    const { fake, env, d } = await setup();
    await d.store.update((s) => {
      let n = s;
      for (let i = 1; i <= 4; i++) n = queueAlert(n, newAlert(`e${i}`, { createdAt: 0 } as Partial<OutboxAlert>), Date.now() - 1000 + i);
      return { state: n, result: null };
    });
    const [a, b] = await Promise.all([runScript('alert', ['--json'], env, { timeoutMs: 30_000 }), runScript('alert', ['--json'], env, { timeoutMs: 30_000 })]);
    assert.equal(a.code, 0, a.stderr);
    assert.equal(b.code, 0, b.stderr);
    // The loser of the sender lock says so; the next run finds nothing left.
    const c = await runScript('alert', ['--json'], env, { timeoutMs: 30_000 });
    assert.equal(c.code, 0);
    assert.deepEqual(fake.accepted.map((x) => (x.embeds as Array<{ title: string }>)[0]?.title), ['alert e1', 'alert e2', 'alert e3', 'alert e4']);
  });

  it('keeps every payload within Discord limits, however long the text', () => {
    const cfg = configFor({ SELFHEAL_ENV_FILE: '/x', DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc' });
    const huge: OutboxAlert = {
      id: 'x',
      kind: 'human',
      incidentId: 'inc-x',
      createdAt: 1,
      title: 'T'.repeat(1000),
      summary: 'S'.repeat(9000),
      fields: Array.from({ length: 40 }, (_, i) => ({ name: `field ${i} ${'n'.repeat(300)}`, value: 'v'.repeat(3000) })),
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
    };
    assertDiscordValid(discordPayload(messageFor(huge, cfg, redact)) as unknown as Record<string, unknown>);
  });

  it('lets no secret out: 33 seeded secrets in config, logs and transcripts', () => {
    const secrets = allSecrets();
    assert.ok(secrets.length >= 30);
    const dir = tempDir();
    const configPath = join(dir, 'openclaw.json');
    writeFileSync(configPath, CONFIG_JSON5);
    const r = redactorFor(configPath);
    const logText = LOG_LINES.map(([, l]) => l).join('\n');
    const transcript = JSON.stringify({ type: 'assistant', message: { content: [{ type: 'text', text: `I read the config:\n${CONFIG_JSON5}\nand the log:\n${logText}` }] } });
    const cfg = configFor({ SELFHEAL_ENV_FILE: '/x', GATEWAY_CONFIG_PATH: configPath, DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc' });
    const alert: OutboxAlert = {
      id: 'x',
      kind: 'human',
      incidentId: 'inc-x',
      createdAt: 1,
      title: `gateway down: ${CONFIG_SECRETS[0]}`,
      summary: logText.slice(0, 3000),
      fields: [
        { name: 'Diagnosis', value: `the token ${CONFIG_SECRETS[10]} in config is wrong` },
        { name: 'Log tail', value: logText },
        { name: 'Config', value: CONFIG_JSON5 },
        { name: 'Transcript', value: transcript },
      ],
      attempts: 0,
      nextAttemptAt: 0,
      lastError: null,
    };
    const payload = JSON.stringify(discordPayload(messageFor(alert, cfg, r)));
    const texts = { payload, log: r(logText), config: r(CONFIG_JSON5), transcript: r(transcript) };
    for (const s of secrets) {
      for (const [where, text] of Object.entries(texts)) assert.ok(!text.includes(s), `${where} leaks ${s}`);
    }
    // The pattern net alone (no config to learn from) still catches every secret of a known shape.
    const patternsOnly = makeRedactor();
    for (const [s, line] of LOG_LINES) assert.ok(!patternsOnly(line).includes(s), `patterns miss ${s}`);
    // And it leaves ordinary diagnostics readable.
    assert.equal(r('HTTP 503 from 127.0.0.1:18789/health after 5000 ms; pid 4242'), 'HTTP 503 from 127.0.0.1:18789/health after 5000 ms; pid 4242');
  });

  it('--test says plainly whether the webhook accepted it', async () => {
    const { fake, env } = await setup();
    const ok = await runScript('alert', ['--test'], env);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /^discord: accepted the test message \(HTTP 200\)$/m);
    fake.setMode('404');
    const bad = await runScript('alert', ['--test'], env);
    assert.equal(bad.code, 1);
    assert.match(bad.stdout, /^discord: refused the test message: HTTP 404/m);
  });

  it('an invalid webhook URL: Discord off (the tier runs), and what a valid one looks like', async () => {
    const dir = tempDir();
    const r = await runScript('alert', [], { SELFHEAL_HOME: join(dir, 'h'), SELFHEAL_ENV_FILE: join(dir, 'x'), DISCORD_WEBHOOK_URL: 'https://discord.com/channels/123/456' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr.trim(), /^alert: warning: config: DISCORD_WEBHOOK_URL must be a Discord webhook URL like https:\/\/discord\.com\/api\/webhooks\/<id>\/<token>; got "https:\/\/discord\.com\/channels\/123\/456"/);
  });

  it('without a webhook, alerts wait in the outbox and say so', async () => {
    const { d } = await setup();
    const noHook = realDeps({ ...d.cfg, discordWebhookUrl: null }, { now: d.now });
    await noHook.store.update((s) => ({ state: queueAlert(s, newAlert('f1'), d.now()), result: null }));
    const r = await deliver(noHook, { post: realPost });
    assert.equal(r.waiting, 1);
    assert.match(r.skipped ?? '', /no alert channel is configured/);
  });
});

describe('one step of an incident is one push per channel', () => {
  const at = 1_800_000_000_000;
  const A = (id: string, over: Partial<OutboxAlert> = {}): OutboxAlert => ({ ...newAlert(id), incidentId: 'inc-7', createdAt: at, attempts: 0, nextAttemptAt: at, lastError: null, ...over });

  it('groups the alerts of one incident queued within seconds; another incident, a later step, the all-clear and reminders go alone', () => {
    const step = [A('esc', { kind: 'escalated' }), A('human', { createdAt: at + 400 }), A('self', { kind: 'self', createdAt: at + 900 })];
    assert.deepEqual(pushGroup(step).map((a) => a.id), ['esc', 'human', 'self']);
    assert.deepEqual(pushGroup([...step, A('later', { createdAt: at + COALESCE_MS + 1 })]).map((a) => a.id), ['esc', 'human', 'self']);
    assert.deepEqual(pushGroup([A('x'), A('other', { incidentId: 'inc-8' }), A('y')]).map((a) => a.id), ['x'], 'in order: another incident ends the push');
    assert.deepEqual(pushGroup([A('x'), A('ok', { kind: 'recovered' })]).map((a) => a.id), ['x']);
    assert.deepEqual(pushGroup([A('ok', { kind: 'recovered' }), A('x')]).map((a) => a.id), ['ok']);
    assert.deepEqual(pushGroup([A('r', { kind: 'reminder' }), A('x')]).map((a) => a.id), ['r']);
    assert.deepEqual(pushGroup([]), []);
  });

  it('the loudest leads; the others follow under their own titles; each command and field once; the footer names every kind', () => {
    const red = makeRedactor([]);
    const esc = composeMessage(A('esc', { kind: 'escalated', title: 'restarts did not fix it', summary: 'HTTP 503.' }), red, { steps: 'Watch: `tmux attach`\nLogs: `tail x`', host: 'mini' });
    const human = composeMessage(A('human', { createdAt: at + 500, title: 'gateway down, needs you' }), red, { steps: 'Logs: `tail x`\nRe-check: `npm run status`', host: 'mini' });
    const m = mergeMessages([esc, human], 'mini');
    assert.equal(m.title, 'gateway down, needs you');
    assert.equal(m.kind, 'human');
    assert.deepEqual(m.ids, ['human', 'esc']);
    assert.deepEqual(m.fields.map((f) => f.name), ['What was tried', 'restarts did not fix it']);
    assert.equal(m.fields[1]?.value, 'HTTP 503.', 'its "What was tried" is the lead\'s, word for word: not said twice');
    assert.deepEqual(m.steps?.split('\n'), ['Watch: `tmux attach`', 'Logs: `tail x`', 'Re-check: `npm run status`']);
    assert.match(m.footer, /incident inc-7 · openclaw-selfheal on mini · .* · human \+ escalated$/);
    assert.equal(m.createdAt, at);
    assert.equal(mergeMessages([esc], 'mini'), esc);
  });

  it('through a failing channel the step stays one push: retried together, accepted once, every alert of it settled', async () => {
    const { fake, d } = await setup();
    await d.store.update((s) => {
      let n = queueAlert(s, { ...newAlert('esc'), incidentId: 'inc-7', kind: 'escalated' }, d.now());
      n = queueAlert(n, { ...newAlert('human'), incidentId: 'inc-7' }, d.now() + 300);
      n = queueAlert(n, { ...newAlert('self'), incidentId: 'inc-7', kind: 'self' }, d.now() + 600);
      n = queueAlert(n, { ...newAlert('next'), incidentId: 'inc-8' }, d.now() + 900);
      return { state: n, result: null };
    });
    fake.failNext('500', 1);
    d.pc.sleep(1000);
    const first = await deliver(d, { post: realPost });
    assert.deepEqual(first.failed.map((f) => f.id), ['esc', 'human', 'self'], 'one refused push, three alerts waiting on it');
    assert.equal(fake.accepted.length, 0, 'in order: the next incident waits behind it');
    d.pc.sleep(16 * 60_000);
    const second = await deliver(d, { post: realPost });
    assert.deepEqual(second.delivered.map((x) => x.id), ['esc', 'human', 'self', 'next']);
    assert.equal(fake.accepted.length, 2, 'one push for the step, one for the other incident');
    assert.equal(fake.requests, 3);
    assert.equal(d.store.read().outbox.length, 0);
  });
});

void LIMITS;
