// Tier 4: drain the outbox to the Discord webhook, in order, each alert removed only once Discord
// accepted it. 429 retry_after honoured; 5xx and timeouts retried with backoff across runs; one
// sender at a time (its own lock), so no event goes out twice from two runs.
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import type { Config } from './config.ts';
import type { Deps } from './deps.ts';
import { capLogs } from './logcap.ts';
import { discordPayload, type AlertContext, type DiscordPayload } from './discord.ts';
import { policyFrom, remindIfDue } from './escalation.ts';
import { dueAlerts, markDelivered, markDropped, markFailed } from './outbox.ts';
import { redactorFor } from './redact.ts';
import type { OutboxAlert, State } from './state.ts';

export interface PostResult {
  status: number;
  retryAfterMs: number | null;
  text: string;
}

/** The HTTP seam for webhooks: throws on network errors and timeouts. */
export type Post = (url: URL, body: unknown, timeoutMs: number) => Promise<PostResult>;

export const realPost: Post = async (url, body, timeoutMs) => {
  const { default: fetch } = await import('node-fetch');
  const res = await fetch(url.href, {
    method: 'POST',
    // connection: close, so an idle keep-alive socket does not hold a one-shot tier open after its work.
    headers: { 'content-type': 'application/json', 'user-agent': 'openclaw-selfheal', connection: 'close' },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let retryAfterMs: number | null = null;
  if (res.status === 429) {
    // Discord puts retry_after (seconds, fractional) in the body; Retry-After header as a fallback.
    try {
      const j = JSON.parse(text) as { retry_after?: number };
      if (typeof j.retry_after === 'number') retryAfterMs = Math.ceil(j.retry_after * 1000);
    } catch {
      /* not JSON */
    }
    const h = res.headers.get('retry-after');
    if (retryAfterMs === null && h && /^\d+(\.\d+)?$/.test(h)) retryAfterMs = Math.ceil(Number(h) * 1000);
  }
  return { status: res.status, retryAfterMs, text: text.slice(0, 500) };
};

export const POST_TIMEOUT_MS = 10_000;
const MAX_INLINE_WAIT_MS = 10_000;

export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

export interface AlertSummary {
  tier: 'alert';
  webhook: boolean;
  delivered: string[];
  failed: Array<{ id: string; error: string; retryAt: number }>;
  waiting: number;
  skipped: string | null;
}

function webhookUrl(cfg: Config): URL | null {
  if (!cfg.discordWebhookUrl) return null;
  const u = new URL(cfg.discordWebhookUrl.href);
  u.searchParams.set('wait', 'true'); // Discord answers 200 with the message only once it is stored
  return u;
}

function contextFor(s: State, a: OutboxAlert): AlertContext {
  const run = [...s.doctor.runs].reverse().find((r) => r.incidentId === a.incidentId);
  return { tmuxSession: s.doctor.lease?.tmuxSession ?? null, transcript: run?.transcript ?? null, host: hostname() };
}

export async function deliver(d: Deps, post: Post = realPost, timeoutMs = POST_TIMEOUT_MS): Promise<AlertSummary> {
  const cfg = d.cfg;
  const summary: AlertSummary = { tier: 'alert', webhook: cfg.discordWebhookUrl !== null, delivered: [], failed: [], waiting: 0, skipped: null };
  const policy = policyFrom(cfg);
  // Every 5 minutes is often enough to keep launchd's logs bounded even in a crash loop.
  for (const p of capLogs(cfg.logDir, cfg.logMaxMb * 1_048_576)) d.log({ tier: 'alert', event: 'log-capped', path: p });
  let state = await d.store.update((s) => {
    const next = remindIfDue(s, policy, d.now());
    return { state: next, result: next };
  });
  const url = webhookUrl(cfg);
  if (!url) {
    summary.waiting = state.outbox.length;
    summary.skipped = 'DISCORD_WEBHOOK_URL is not set: alerts wait in the outbox (see npm run status)';
    for (const a of dueAlerts(state, d.now())) d.log({ tier: 'alert', event: 'undelivered', id: a.id, title: a.title });
    return summary;
  }
  // One sender at a time: a second run would send the same alert before the first recorded it.
  let release: () => Promise<void>;
  try {
    release = await lockfile.lock(join(cfg.home, 'alert-sender'), { realpath: false, stale: 60_000, update: 20_000, retries: 0, onCompromised: () => undefined });
  } catch {
    summary.skipped = 'another alert run is delivering';
    summary.waiting = state.outbox.length;
    return summary;
  }
  try {
    const redact = redactorFor(cfg.configPath);
    for (const a of dueAlerts(state, d.now())) {
      const payload: DiscordPayload = discordPayload(a, cfg, redact, d.now(), contextFor(state, a));
      let result: PostResult | null = null;
      let error: string | null = null;
      for (let inline = 0; inline < 3; inline++) {
        try {
          result = await post(url, payload, timeoutMs);
          error = null;
        } catch (e) {
          result = null;
          error = (e as Error).name === 'AbortError' || /timeout|aborted/i.test((e as Error).message) ? `no answer within ${timeoutMs / 1000}s` : (e as Error).message;
        }
        if (result?.status === 429 && (result.retryAfterMs ?? Infinity) <= MAX_INLINE_WAIT_MS) {
          await d.pc.sleep(result.retryAfterMs ?? 1_000);
          continue;
        }
        break;
      }
      if (result && result.status >= 200 && result.status < 300) {
        state = await d.store.update((s) => {
          const next = markDelivered(s, a.id);
          return { state: next, result: next };
        });
        summary.delivered.push(a.id);
        d.log({ tier: 'alert', event: 'delivered', id: a.id });
        continue;
      }
      const now = d.now();
      let retryAt = now + backoffMs(a.attempts + 1);
      if (result?.status === 429) {
        retryAt = now + (result.retryAfterMs ?? 60_000);
        error = `rate limited by Discord (retry_after ${Math.round((result.retryAfterMs ?? 60_000) / 1000)}s)`;
      } else if (result) {
        error = `HTTP ${result.status}${result.text ? `: ${result.text.slice(0, 120)}` : ''}`;
        if (result.status === 401 || result.status === 403 || result.status === 404) error += ' (the webhook was deleted or its URL is wrong: check DISCORD_WEBHOOK_URL)';
      }
      const err = error ?? 'unknown error';
      // 400: Discord will never take this payload; keeping it would block every later alert.
      const drop = result?.status === 400;
      state = await d.store.update((s) => {
        let next = drop ? markDropped(s, a.id, err, now) : markFailed(s, a.id, err, retryAt);
        if (result && result.status >= 400 && result.status < 500 && result.status !== 429) {
          next = { ...next, notices: [...next.notices, { at: now, text: `Discord rejected an alert: ${err}` }] };
        }
        return { state: next, result: next };
      });
      if (drop) continue;
      summary.failed.push({ id: a.id, error: err, retryAt });
      d.log({ tier: 'alert', event: 'delivery-failed', id: a.id, error: err, retryAt: new Date(retryAt).toISOString() });
      // In order: a later alert must not overtake one that is waiting.
      break;
    }
  } finally {
    await release().catch(() => undefined);
  }
  summary.waiting = state.outbox.length;
  return summary;
}

/** `alert --test`: one message straight to the webhook; says plainly whether it was accepted. */
export async function sendTest(cfg: Config, post: Post = realPost, now = Date.now()): Promise<{ accepted: boolean; detail: string }> {
  const url = webhookUrl(cfg);
  if (!url) return { accepted: false, detail: 'DISCORD_WEBHOOK_URL is not set in .env' };
  const alert: OutboxAlert = {
    id: `test:${now}`,
    kind: 'test',
    incidentId: null,
    createdAt: now,
    title: 'Test: openclaw-selfheal can reach you',
    summary: 'If you can read this, alerts about your OpenClaw gateway will arrive here.',
    fields: [],
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
  };
  try {
    const r = await post(url, discordPayload(alert, cfg, redactorFor(cfg.configPath), now, { host: hostname() }), POST_TIMEOUT_MS);
    if (r.status >= 200 && r.status < 300) return { accepted: true, detail: `the webhook accepted the test message (HTTP ${r.status})` };
    return { accepted: false, detail: `the webhook refused the test message: HTTP ${r.status} ${r.text.slice(0, 200)}` };
  } catch (e) {
    return { accepted: false, detail: `could not reach the webhook: ${(e as Error).message}` };
  }
}

export function renderAlert(s: AlertSummary): string {
  const lines = [`alert: ${s.delivered.length} delivered, ${s.failed.length} failed, ${s.waiting} waiting`];
  if (s.skipped) lines.push(s.skipped);
  for (const f of s.failed) lines.push(`failed: ${f.id}: ${f.error}; next try ${new Date(f.retryAt).toISOString()}`);
  return lines.join('\n');
}
