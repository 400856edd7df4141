// A generic JSON webhook for Home Assistant, n8n or anything else: the same message as data.
import { cut, plainText, type AlertMessage } from './message.ts';
import { JSON_HEADERS, webChannel } from './channel.ts';

export const WEBHOOK_TEXT_LIMIT = 16_000;

export interface WebhookPayload {
  source: 'openclaw-selfheal';
  id: string;
  /** Every alert this push carries (one step of an incident is one push); `id` is the first. */
  ids: string[];
  kind: string;
  severity: string;
  incidentId: string | null;
  title: string;
  /** The whole message as plain text, ready to show. */
  text: string;
  summary: string;
  fields: Array<{ name: string; value: string }>;
  steps: string | null;
  footer: string;
  createdAt: string;
  sentAt: string;
}

export function webhookPayload(m: AlertMessage, now: number): WebhookPayload {
  return {
    source: 'openclaw-selfheal',
    id: m.id,
    ids: m.ids,
    kind: m.kind,
    severity: m.severity,
    incidentId: m.incidentId,
    title: m.title,
    text: plainText(m, WEBHOOK_TEXT_LIMIT),
    summary: cut(m.summary, 4000),
    fields: m.fields.slice(0, 25).map((f) => ({ name: cut(f.name, 256), value: cut(f.value, 4000) })),
    steps: m.steps,
    footer: m.footer,
    createdAt: new Date(m.createdAt).toISOString(),
    sentAt: new Date(now).toISOString(),
  };
}

export const webhook = webChannel({
  id: 'webhook',
  request: (m, cfg) => ({ url: cfg.alertWebhookUrl as URL, headers: JSON_HEADERS, body: JSON.stringify(webhookPayload(m, Date.now())) }),
  reading: { hint: 'the receiver refused it: check ALERT_WEBHOOK_URL' },
  secrets: (cfg) => [cfg.alertWebhookUrl?.href ?? '', cfg.alertWebhookUrl?.pathname ?? ''],
});
