// ntfy (ntfy.sh or self-hosted): the message as the body, with Title, Priority and Tags headers.
// Header values must be ASCII on the wire: a non-ASCII title goes as an RFC 2047 encoded word, which
// ntfy decodes. The body stays within ntfy's 4 KB message limit (beyond it ntfy makes an attachment).
import { cut, cutBytes, plainText, type AlertMessage } from './message.ts';
import { webChannel } from './channel.ts';

export const NTFY_LIMIT_BYTES = 4096;

const PRIORITY = { urgent: 'urgent', high: 'high', normal: 'default', ok: 'default' } as const;
const TAGS = { urgent: 'rotating_light,openclaw', high: 'warning,openclaw', normal: 'hourglass,openclaw', ok: 'white_check_mark,openclaw' } as const;

/** A header value: one line, and ASCII (as an RFC 2047 encoded word when it is not). */
export function headerValue(s: string): string {
  const line = s.replace(/[\r\n\t]+/g, ' ').trim();
  return /^[\x20-\x7e]*$/.test(line) ? line : `=?UTF-8?B?${Buffer.from(line).toString('base64')}?=`;
}

export interface NtfyRequestParts {
  headers: Record<string, string>;
  body: string;
}

export function ntfyParts(m: AlertMessage, token: string | null): NtfyRequestParts {
  const headers: Record<string, string> = {
    'content-type': 'text/plain; charset=utf-8',
    title: headerValue(cut(m.headline ? `${m.headline} ${m.title}` : m.title, 250)),
    priority: PRIORITY[m.severity],
    tags: TAGS[m.severity],
  };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = cutBytes(plainText(m, NTFY_LIMIT_BYTES, (s) => Buffer.byteLength(s), true), NTFY_LIMIT_BYTES);
  return { headers, body };
}

export const ntfy = webChannel({
  id: 'ntfy',
  request: (m, cfg) => ({ url: cfg.ntfyUrl as URL, ...ntfyParts(m, cfg.ntfyToken) }),
  reading: { hint: 'the topic refused it (access token, or a reserved topic): check NTFY_URL and NTFY_TOKEN' },
  secrets: (cfg) => [cfg.ntfyToken ?? ''],
});
