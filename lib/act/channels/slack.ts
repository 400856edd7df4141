// Slack: an incoming webhook with Block Kit blocks, and a `text` fallback (what a phone's
// notification shows). mrkdwn is escaped (& < >), so log text can never form a <!channel> ping.
import { cut, fitParts, type AlertMessage } from './message.ts';
import { JSON_HEADERS, webChannel } from './channel.ts';

/** Slack's documented limits: a section's text, a header, blocks per message; our own cap on `text`. */
export const SLACK_LIMITS = { section: 3000, header: 150, blocks: 50, text: 3000, context: 3000 };

const ICON = { urgent: ':rotating_light:', high: ':warning:', normal: ':hourglass_flowing_sand:', ok: ':white_check_mark:' } as const;

export function slackEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

type Block =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji: true } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: Array<{ type: 'mrkdwn'; text: string }> };

export interface SlackPayload {
  text: string;
  blocks: Block[];
}

/** Cut before escaping, measured after it, so a cut never splits an `&amp;`. */
function fitEscaped(text: string, limit: number): string {
  return slackEscape(fitParts([text], (p) => slackEscape(p[0] ?? '').length, limit, 1)[0] ?? '');
}

const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text: fitEscaped(text, SLACK_LIMITS.section) } });

export function slackPayload(m: AlertMessage): SlackPayload {
  const blocks: Block[] = [{ type: 'header', text: { type: 'plain_text', text: cut(m.title, SLACK_LIMITS.header), emoji: true } }];
  if (m.headline || m.summary) blocks.push(section(`${m.headline ? `*${m.headline}* ` : ''}${m.summary}`));
  for (const f of m.fields.slice(0, SLACK_LIMITS.blocks - 5)) blocks.push(section(`*${f.name}*\n${f.value}`));
  if (m.steps) blocks.push(section(`*What to do*\n${m.steps}`));
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: fitEscaped(m.footer, SLACK_LIMITS.context) }] });
  const head = `${ICON[m.severity]} ${m.headline ? `${m.headline} ` : ''}`;
  const parts = fitParts([m.title, m.summary], (p) => slackEscape(`${head}${p.join(': ')} (${m.footer})`).length, SLACK_LIMITS.text);
  return { text: slackEscape(`${head}${parts.join(': ')} (${m.footer})`), blocks };
}

export const slack = webChannel({
  id: 'slack',
  request: (m, cfg) => ({ url: cfg.slackWebhookUrl as URL, headers: JSON_HEADERS, body: JSON.stringify(slackPayload(m)) }),
  reading: {
    // Slack answers a plain "ok"; 429 carries Retry-After (the default reading).
    refused: (res) => (res.text.trim() === 'ok' ? null : `Slack answered ${res.text.trim().slice(0, 80) || 'nothing'}`),
    hint: 'the hook was revoked or its channel archived: check SLACK_WEBHOOK_URL',
  },
  secrets: (cfg) => [cfg.slackWebhookUrl?.href ?? '', cfg.slackWebhookUrl?.pathname ?? ''],
});
