// Telegram: the Bot API's sendMessage, in HTML parse mode with every piece of text escaped, within
// 4096 characters. A 429 carries parameters.retry_after in the JSON body.
import { jsonBody } from './http.ts';
import { fitParts, type AlertMessage } from './message.ts';
import { JSON_HEADERS, webChannel } from './channel.ts';

export const TELEGRAM_LIMIT = 4096;

const ICON = { urgent: '🚨', high: '⚠️', normal: '⏳', ok: '✅' } as const;

export function htmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escaped text, with `code` spans (already escaped inside) as <code>. */
function withCode(s: string): string {
  return htmlEscape(s).replace(/`([^`\n]+)`/g, '<code>$1</code>');
}

export function telegramText(m: AlertMessage): string {
  const named = m.fields.map((f) => [f.name, f.value] as const);
  if (m.steps) named.push(['What to do', m.steps]);
  // Trim the plain pieces (never an escaped or tagged string), then lay them out.
  const render = (p: string[]): string => {
    const [title = '', summary = '', ...rest] = p;
    const out = [`${ICON[m.severity]} <b>${htmlEscape(m.headline ? `${m.headline} ${title}` : title)}</b>`];
    if (summary) out.push(withCode(summary));
    rest.forEach((v, i) => out.push(`<b>${htmlEscape(named[i]?.[0] ?? '')}</b>\n${withCode(v)}`));
    out.push(`<i>${htmlEscape(m.footer)}</i>`);
    return out.join('\n\n');
  };
  // The escaped length is an upper bound of what Telegram counts (it counts after parsing entities).
  const parts = fitParts([m.title, m.summary, ...named.map(([, v]) => v)], (p) => render(p).length, TELEGRAM_LIMIT);
  return render(parts);
}

export const telegram = webChannel({
  id: 'telegram',
  request: (m, cfg) => ({
    url: new URL(`${cfg.telegramApiUrl.pathname.replace(/\/$/, '')}/bot${cfg.telegramBotToken ?? ''}/sendMessage`, cfg.telegramApiUrl.origin),
    headers: JSON_HEADERS,
    body: JSON.stringify({ chat_id: cfg.telegramChatId, text: telegramText(m), parse_mode: 'HTML', link_preview_options: { is_disabled: true } }),
  }),
  reading: {
    refused: (res) => (jsonBody(res)?.ok === true ? null : `Telegram did not say ok: ${res.text.slice(0, 80)}`),
    retryAfter: (res) => {
      const p = jsonBody(res)?.parameters as { retry_after?: unknown } | undefined;
      return typeof p?.retry_after === 'number' ? Math.ceil(p.retry_after * 1000) : null;
    },
    hint: 'the bot token was revoked, or the bot is not in that chat: check TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID',
  },
  secrets: (cfg) => [cfg.telegramBotToken ?? ''],
});
