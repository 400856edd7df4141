// Tier 4: drain the outbox to every configured channel (act/channels/ lay out and send each message;
// decide/delivery.ts says when to retry and when to give up). Each channel on its own: in order within
// it, an alert marked sent on it only once it accepted it, its own backoff and rate limits, and a
// channel that is down holds back only its own later alerts; one step of an incident (what was queued
// for it within seconds) leaves as one push. One sender at a time (its own lock), so no alert reaches
// a channel twice from two runs.
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Channel, Transport } from '../act/channels/channel.ts';
import { CHANNELS, activeChannels } from '../act/channels/index.ts';
import { realPost, type Outcome } from '../act/channels/http.ts';
import { composeMessage, mergeMessages, scrubMessage, type AlertMessage } from '../act/channels/message.ts';
import { capLogs } from '../act/logcap.ts';
import type { Config } from '../config/config.ts';
import { PROJECT_ROOT } from '../config/paths.ts';
import { afterFailure, pushGroup } from '../decide/delivery.ts';
import { policyFrom } from '../decide/policy.ts';
import { digestIfDue } from '../decide/digest.ts';
import { remindIfDue } from '../decide/reminders.ts';
import { readHistory } from '../record/history.ts';
import { NO_CHANNEL, nextSteps } from '../record/alerts.ts';
import { dueOn, markDropped, markFailed, markSent, nextTryAt, settleOutbox, type NewAlert } from '../record/outbox.ts';
import { recordTierRun, type ChannelId, type OutboxAlert, type State } from '../record/state.ts';
import type { Deps } from '../seams/deps.ts';
import { realExec } from '../seams/exec.ts';
import { tierLabel, tierUnit } from '../seams/launcher.ts';
import { redactorFor, type Redactor } from '../text/redact.ts';

export const POST_TIMEOUT_MS = 10_000;
const MAX_INLINE_WAIT_MS = 10_000;

export function realTransport(over: Partial<Transport> = {}): Transport {
  return { post: over.post ?? realPost, exec: over.exec ?? realExec, platform: over.platform ?? process.platform };
}

export interface AlertSummary {
  tier: 'alert';
  channels: ChannelId[];
  delivered: Array<{ id: string; channel: ChannelId }>;
  failed: Array<{ id: string; channel: ChannelId; error: string; retryAt: number }>;
  dropped: Array<{ id: string; channel: ChannelId; error: string }>;
  waiting: number;
  /** When what waits is tried next (null: nothing waits, or no channel to try it on). */
  nextTryAt: number | null;
  skipped: string | null;
}

/** The message for one alert: our words (record/alerts.ts), this machine's commands, redacted. */
export function messageFor(a: OutboxAlert, cfg: Config, redact: Redactor, s: State | null = null, host = hostname()): AlertMessage {
  const run = s ? [...s.doctor.runs].reverse().find((r) => r.incidentId === a.incidentId) : undefined;
  const inc = s?.incident?.id === a.incidentId ? s?.incident : s?.history.find((h) => h.id === a.incidentId);
  const steps = nextSteps(a.kind, {
    tmuxSession: s?.doctor.lease?.tmuxSession ?? null,
    tmuxSocket: cfg.tmuxSocket,
    transcript: run?.transcript ?? null,
    logPath: cfg.logPaths[0] ?? null,
    healthLabel: tierLabel(cfg, 'health'),
    uid: process.getuid?.() ?? 501,
    folder: PROJECT_ROOT,
    incidentKind: inc?.kind,
    serving: inc?.serving,
    launcher: cfg.launcher,
    logDir: cfg.logDir,
    platform: process.platform,
    healthUnit: tierUnit(cfg.labelPrefix, 'health'),
  });
  return composeMessage(a, redact, { steps, host });
}

/** The supervisor's own channel secrets: never in a message, whatever text carried them there. */
function channelSecrets(cfg: Config): string[] {
  return [cfg.discordWebhookUrl?.href, cfg.slackWebhookUrl?.href, cfg.alertWebhookUrl?.href, cfg.ntfyToken, cfg.telegramBotToken].filter((x): x is string => typeof x === 'string' && x.length >= 8);
}

/** One push (one alert, or one step's alerts together), short rate-limit waits taken inline (they hold back only this channel). */
async function sendWithin(ch: Channel, group: OutboxAlert[], s: State, d: Deps, t: Transport, redact: Redactor, timeoutMs: number): Promise<Outcome> {
  const host = hostname();
  const m = await scrubMessage(mergeMessages(group.map((a) => messageFor(a, d.cfg, redact, s, host)), host));
  let out: Outcome = { ok: false, permanent: false, retryAfterMs: null, error: 'not sent' };
  for (let inline = 0; inline < 3; inline++) {
    out = await ch.send(m, d.cfg, t, timeoutMs);
    if (!out.ok && !out.permanent && out.retryAfterMs !== null && out.retryAfterMs <= MAX_INLINE_WAIT_MS) {
      await d.pc.sleep(out.retryAfterMs);
      continue;
    }
    break;
  }
  return out;
}

export async function deliver(d: Deps, transport: Partial<Transport> = {}, timeoutMs = POST_TIMEOUT_MS): Promise<AlertSummary> {
  const summary = await drainOutbox(d, transport, timeoutMs);
  summary.nextTryAt = nextTryAt(d.store.read(), summary.channels);
  // Recorded, so `status` can say when tier 4 last ran and how it ended.
  const ok = summary.failed.length === 0 && summary.dropped.length === 0;
  const line = `${summary.delivered.length} delivered, ${summary.failed.length} failed, ${summary.dropped.length} dropped, ${summary.waiting} waiting${summary.skipped ? `: ${summary.skipped}` : ''}`;
  await d.store.update((s) => ({ state: recordTierRun(s, 'alert', ok, line, d.now()), result: null }));
  return summary;
}

async function drainOutbox(d: Deps, transport: Partial<Transport>, timeoutMs: number): Promise<AlertSummary> {
  const cfg = d.cfg;
  const t = realTransport(transport);
  const channels = activeChannels(cfg, t.platform);
  const active = channels.map((c) => c.id);
  const summary: AlertSummary = { tier: 'alert', channels: active, delivered: [], failed: [], dropped: [], waiting: 0, nextTryAt: null, skipped: null };
  const policy = policyFrom(cfg, process.pid);
  // Every 5 minutes is often enough to keep launchd's logs bounded even in a crash loop.
  for (const p of capLogs(cfg.logDir, cfg.logMaxMb * 1_048_576)) d.log({ tier: 'alert', event: 'log-capped', path: p });
  const week = cfg.digestDay === null ? [] : readHistory(cfg.home, d.now() - 7 * 86_400_000).records;
  const first = await d.store.update((s) => {
    // A channel taken out of .env no longer holds anything back.
    const next = settleOutbox(digestIfDue(remindIfDue(s, policy, d.now()), week, cfg.digestDay, d.now()), active);
    return { state: next, result: next };
  });
  if (channels.length === 0) {
    summary.waiting = first.outbox.length;
    summary.skipped = NO_CHANNEL;
    for (const a of first.outbox) d.log({ tier: 'alert', event: 'undelivered', id: a.id, title: a.title });
    return summary;
  }
  // One sender at a time: a second run would send the same alert before the first recorded it.
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(join(cfg.home, 'alert-sender'), { realpath: false, stale: 60_000, update: 20_000, retries: 0, onCompromised: () => undefined });
  } catch {
    summary.skipped = 'another alert run is delivering';
    summary.waiting = first.outbox.length;
    return summary;
  }
  // The channels run side by side; their state changes go through one queue, one at a time.
  let latest = first;
  let queue: Promise<unknown> = Promise.resolve();
  const record = (f: (s: State) => State): Promise<State> => {
    const p = queue.then(() =>
      d.store.update((s) => {
        const next = f(s);
        return { state: next, result: next };
      }),
    ).then((s) => (latest = s));
    queue = p.catch(() => undefined);
    return p;
  };
  const redact = redactorFor(cfg.configPath, channelSecrets(cfg));
  const drain = async (ch: Channel): Promise<void> => {
    for (let guard = 0; guard < 200; guard++) {
      const group = pushGroup(dueOn(latest, ch.id, d.now()));
      if (group.length === 0) return;
      const out = await sendWithin(ch, group, latest, d, t, redact, timeoutMs);
      const now = d.now();
      if (out.ok) {
        await record((s) => group.reduce((x, a) => markSent(x, a.id, ch.id, active), s));
        for (const a of group) {
          summary.delivered.push({ id: a.id, channel: ch.id });
          d.log({ tier: 'alert', event: 'delivered', id: a.id, channel: ch.id, ...(group.length > 1 ? { push: group[0]?.id } : {}) });
        }
        continue;
      }
      // Each alert of the push keeps its own count: one may be given up while another is tried again.
      let held = false;
      for (const a of group) {
        const next = afterFailure(out, a.deliveries?.[ch.id] ?? null, now);
        if (next.drop !== null) {
          const why = next.drop;
          await record((s) => markDropped(s, a.id, ch.id, why, now, active));
          summary.dropped.push({ id: a.id, channel: ch.id, error: why });
          d.log({ tier: 'alert', event: 'dropped', id: a.id, channel: ch.id, error: why });
          continue;
        }
        const retryAt = next.retryAt;
        await record((s) => markFailed(s, a.id, ch.id, out.error, retryAt, now));
        summary.failed.push({ id: a.id, channel: ch.id, error: out.error, retryAt });
        d.log({ tier: 'alert', event: 'delivery-failed', id: a.id, channel: ch.id, error: out.error, retryAt: new Date(retryAt).toISOString() });
        held = true;
      }
      // In order: a later alert must not overtake one that waits on this channel.
      if (held) return;
    }
  };
  try {
    // A second pass when a channel gave an alert up: the others get the notice of it now.
    for (let pass = 0; pass < 2; pass++) {
      const dropped = summary.dropped.length;
      await Promise.all(channels.map(drain));
      await queue;
      if (summary.dropped.length === dropped) break;
    }
  } finally {
    await release().catch(() => undefined);
  }
  summary.waiting = latest.outbox.length;
  return summary;
}

export interface ChannelTest {
  channel: ChannelId;
  accepted: boolean;
  /** Not configured or not available here: not a failure. */
  skipped: boolean;
  detail: string;
}

/** `alert --test`: one message to every configured channel; one plain answer per channel. */
export async function sendTest(cfg: Config, transport: Partial<Transport> = {}, now = Date.now()): Promise<ChannelTest[]> {
  const test = { id: `test:${now}`, kind: 'test' as const, incidentId: null, title: 'Test: openclaw-selfheal can reach you', summary: 'If you can read this, alerts about your OpenClaw gateway will arrive here.', fields: [] };
  return sendDirect(cfg, test, transport, now, 'the test message');
}

/** One alert straight to every configured channel, past the outbox: a test, or a state that cannot be written. */
export async function sendDirect(cfg: Config, a: NewAlert, transport: Partial<Transport> = {}, now = Date.now(), what = 'the message'): Promise<ChannelTest[]> {
  const t = realTransport(transport);
  const alert: OutboxAlert = { ...a, createdAt: now, attempts: 0, nextAttemptAt: now, lastError: null };
  const m = await scrubMessage(messageFor(alert, cfg, redactorFor(cfg.configPath, channelSecrets(cfg))));
  return Promise.all(
    CHANNELS.filter((c) => c.configured(cfg)).map(async (c): Promise<ChannelTest> => {
      const off = c.unavailable(t.platform);
      if (off) return { channel: c.id, accepted: false, skipped: true, detail: `not sent: ${off}` };
      const out = await c.send(m, cfg, t, POST_TIMEOUT_MS);
      return out.ok ? { channel: c.id, accepted: true, skipped: false, detail: `accepted ${what} (${out.detail})` } : { channel: c.id, accepted: false, skipped: false, detail: `refused ${what}: ${out.error}` };
    }),
  );
}
