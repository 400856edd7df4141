// Local stand-ins for every web alert channel, with the real API's shape: the path, what the service
// would refuse (checked here independently of the code that tries to stay within limits), its status
// codes, and where it puts retry-after. Each can answer 500, 429, 400, 404 or hang, as told.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Mode = 'ok' | '500' | '429' | '400' | '404' | 'hang';
export type Kind = 'discord' | 'slack' | 'telegram' | 'ntfy' | 'webhook';

export interface Received {
  /** The JSON body (ntfy: its headers and text as an object). */
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  raw: string;
}

export interface FakeChannel {
  kind: Kind;
  /** The URL to configure (Telegram: the API base). */
  url: string;
  accepted: Array<Record<string, unknown>>;
  received: Received[];
  /** Every request body as sent, accepted or not. */
  raw: string[];
  requests: number;
  /** Why a request was refused as malformed (what the real service would have said). */
  invalid: string[];
  failNext(mode: Mode, n: number, retryAfterS?: number): void;
  setMode(mode: Mode, retryAfterS?: number): void;
  close(): Promise<void>;
}

export const TELEGRAM_TOKEN = '123456789:AAHk3xampleT0kenFromBotFather0123456';
export const NTFY_TOKEN = 'tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2';

/** Telegram's HTML parse mode: the tags it knows, balanced, and `&` only as an entity. Returns the visible text. */
export function parseTelegramHtml(html: string): string {
  const allowed = new Set(['b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'code', 'pre', 'a', 'tg-spoiler', 'blockquote']);
  const stack: string[] = [];
  let out = '';
  const re = /<(\/?)([a-z-]+)([^>]*)>|&(#\d+|#x[0-9a-f]+|lt|gt|amp|quot);|[<>&]|[^<>&]+/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const tok = m[0];
    if (m[2]) {
      const name = m[2].toLowerCase();
      if (!allowed.has(name)) throw new Error(`Unsupported start tag "${name}"`);
      if (m[1]) {
        if (stack.pop() !== name) throw new Error(`Unmatched end tag "${name}"`);
      } else stack.push(name);
    } else if (m[4]) out += m[4] === 'lt' ? '<' : m[4] === 'gt' ? '>' : m[4] === 'amp' ? '&' : m[4] === 'quot' ? '"' : '?';
    else if (tok === '<' || tok === '>' || tok === '&') throw new Error(`Unexpected "${tok}" (not escaped)`);
    else out += tok;
  }
  if (stack.length) throw new Error(`Unclosed tag "${stack.at(-1)}"`);
  return out;
}

function decode2047(v: string): string {
  const m = /^=\?UTF-8\?B\?([A-Za-z0-9+/=]+)\?=$/i.exec(v);
  return m ? Buffer.from(m[1] as string, 'base64').toString('utf8') : v;
}

/** What the real service would refuse, or null. */
function validate(kind: Kind, path: string, headers: http.IncomingHttpHeaders, raw: string): { error: string; status: number; body: string } | null {
  const json = (): Record<string, unknown> => JSON.parse(raw) as Record<string, unknown>;
  try {
    switch (kind) {
      case 'discord': {
        if (!/^\/api\/webhooks\/\d+\/[\w-]+$/.test(path)) return { error: 'path', status: 404, body: '{"message":"Unknown Webhook","code":10015}' };
        const p = json();
        const embeds = p.embeds as Array<{ title: string; description: string; fields: Array<{ name: string; value: string }>; footer: { text: string } }>;
        let total = 0;
        for (const e of embeds) {
          total += e.title.length + e.description.length + e.footer.text.length;
          for (const f of e.fields) {
            if (f.name.length > 256 || f.value.length > 1024 || !f.value) throw new Error(`field ${f.name.slice(0, 20)} too long`);
            total += f.name.length + f.value.length;
          }
          if (e.title.length > 256 || e.description.length > 4096 || e.fields.length > 25) throw new Error('embed limits');
        }
        if (total > 6000 || String(p.content).length > 2000) throw new Error(`too long: embed ${total}`);
        return null;
      }
      case 'slack': {
        if (!/^\/services\/[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]+$/.test(path)) return { error: 'path', status: 404, body: 'no_service' };
        const p = json();
        if (typeof p.text !== 'string' || !p.text) throw new Error('text missing');
        const blocks = p.blocks as Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ text: string }> }>;
        if (!Array.isArray(blocks) || blocks.length > 50) throw new Error('blocks');
        for (const b of blocks) {
          if (b.type === 'header' && (!b.text || b.text.type !== 'plain_text' || b.text.text.length > 150 || !b.text.text)) throw new Error('header');
          if (b.type === 'section' && (!b.text || b.text.text.length > 3000 || !b.text.text)) throw new Error(`section ${b.text?.text.length}`);
          if (b.type === 'context' && (!b.elements || b.elements.length > 10 || b.elements.some((e) => e.text.length > 3000))) throw new Error('context');
        }
        return null;
      }
      case 'telegram': {
        if (path !== `/bot${TELEGRAM_TOKEN}/sendMessage`) return { error: 'token', status: 401, body: '{"ok":false,"error_code":401,"description":"Unauthorized"}' };
        const p = json();
        if (p.parse_mode !== 'HTML' || !p.chat_id) throw new Error('chat_id / parse_mode');
        let visible: string;
        try {
          visible = parseTelegramHtml(String(p.text));
        } catch (e) {
          return { error: (e as Error).message, status: 400, body: JSON.stringify({ ok: false, error_code: 400, description: `Bad Request: can't parse entities: ${(e as Error).message}` }) };
        }
        if (!visible.trim()) throw new Error('message text is empty');
        if (visible.length > 4096) return { error: 'too long', status: 400, body: '{"ok":false,"error_code":400,"description":"Bad Request: message is too long"}' };
        return null;
      }
      case 'ntfy': {
        if (!/^\/[\w-]{1,64}$/.test(path)) return { error: 'topic', status: 404, body: '{"code":40401,"http":404,"error":"page not found"}' };
        if (headers.authorization !== undefined && headers.authorization !== `Bearer ${NTFY_TOKEN}`) return { error: 'auth', status: 401, body: '{"code":40101,"http":401,"error":"unauthorized"}' };
        for (const h of ['title', 'priority', 'tags']) if (!/^[\x20-\x7e]*$/.test(String(headers[h] ?? ''))) throw new Error(`header ${h} is not ASCII`);
        if (!['1', '2', '3', '4', '5', 'min', 'low', 'default', 'high', 'urgent', 'max'].includes(String(headers.priority ?? 'default'))) throw new Error('priority');
        // Beyond 4 KB ntfy turns the message into an attachment: not what a phone shows.
        if (Buffer.byteLength(raw) > 4096) throw new Error(`message ${Buffer.byteLength(raw)} bytes`);
        return null;
      }
      case 'webhook':
        json();
        return null;
    }
  } catch (e) {
    return { error: (e as Error).message, status: 400, body: kind === 'slack' ? 'invalid_blocks' : JSON.stringify({ message: (e as Error).message }) };
  }
}

function answer(kind: Kind, mode: Mode, retryAfterS: number, res: http.ServerResponse): void {
  const j = (status: number, body: unknown, headers: Record<string, string> = {}): void => void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
  const t = (status: number, body: string, headers: Record<string, string> = {}): void => void res.writeHead(status, { 'content-type': 'text/plain', ...headers }).end(body);
  const ra = String(Math.ceil(retryAfterS));
  switch (mode) {
    case '500':
      return kind === 'slack' ? t(500, 'internal_error') : j(500, { message: 'internal' });
    case '400':
      return kind === 'slack' ? t(400, 'invalid_payload') : kind === 'telegram' ? j(400, { ok: false, error_code: 400, description: 'Bad Request: chat not found' }) : j(400, { message: 'Invalid Form Body', code: 50035 });
    case '404':
      return kind === 'slack' ? t(404, 'no_service') : kind === 'telegram' ? j(404, { ok: false, error_code: 404, description: 'Not Found' }) : j(404, { message: 'Unknown Webhook', code: 10015 });
    case '429':
      switch (kind) {
        case 'discord':
          return j(429, { message: 'You are being rate limited.', retry_after: retryAfterS, global: false }, { 'retry-after': ra });
        case 'slack':
          return t(429, 'rate_limited', { 'retry-after': ra });
        case 'telegram':
          // Telegram says when in the body only.
          return j(429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${ra}`, parameters: { retry_after: retryAfterS } });
        case 'ntfy':
          return j(429, { code: 42901, http: 429, error: 'limit reached: too many requests, please be nice' });
        default:
          return j(429, { error: 'slow down' }, { 'retry-after': ra });
      }
    default:
      return undefined;
  }
}

export async function startFakeChannel(kind: Kind): Promise<FakeChannel> {
  let mode: Mode = 'ok';
  let retryAfter = 1;
  let queue: Array<{ mode: Mode; retryAfterS: number }> = [];
  const sockets = new Set<Socket>();
  const state = { requests: 0, accepted: [] as Array<Record<string, unknown>>, received: [] as Received[], raw: [] as string[], invalid: [] as string[] };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (raw += c));
    req.on('end', () => {
      state.requests++;
      state.raw.push(raw);
      const next = queue.shift() ?? { mode, retryAfterS: retryAfter };
      if (next.mode === 'hang') return;
      if (next.mode !== 'ok') return answer(kind, next.mode, next.retryAfterS, res);
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const bad = validate(kind, path, req.headers, raw);
      if (bad) {
        state.invalid.push(bad.error);
        return res.writeHead(bad.status, { 'content-type': kind === 'slack' ? 'text/plain' : 'application/json' }).end(bad.body);
      }
      const body: Record<string, unknown> =
        kind === 'ntfy' ? { title: decode2047(String(req.headers.title ?? '')), priority: req.headers.priority, tags: req.headers.tags, message: raw } : (JSON.parse(raw) as Record<string, unknown>);
      state.accepted.push(body);
      state.received.push({ body, headers: req.headers, raw });
      const n = state.accepted.length;
      switch (kind) {
        case 'discord':
          return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: String(n), ...body }));
        case 'slack':
          return res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
        case 'telegram':
          return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result: { message_id: n, chat: { id: body.chat_id }, date: Math.floor(Date.now() / 1000), text: body.text } }));
        case 'ntfy':
          return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `m${n}`, time: Math.floor(Date.now() / 1000), event: 'message', topic: path.slice(1), ...body }));
        default:
          return res.writeHead(204).end();
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const url = { discord: `${base}/api/webhooks/123456789/fake-token`, slack: `${base}/services/T0001/B0001/fakeslacksecret`, telegram: base, ntfy: `${base}/openclaw-alerts`, webhook: `${base}/hooks/openclaw` }[kind];
  return {
    kind,
    url,
    accepted: state.accepted,
    received: state.received,
    raw: state.raw,
    invalid: state.invalid,
    get requests() {
      return state.requests;
    },
    failNext(m: Mode, n: number, retryAfterS = 1) {
      queue = [...queue, ...Array.from({ length: n }, () => ({ mode: m, retryAfterS }))];
    },
    setMode(m: Mode, retryAfterS = 1) {
      mode = m;
      retryAfter = retryAfterS;
    },
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

/** The .env keys that point every channel at its fake. */
export function channelEnv(f: Partial<Record<Kind, FakeChannel>>): Record<string, string> {
  const env: Record<string, string> = {};
  if (f.discord) env.DISCORD_WEBHOOK_URL = f.discord.url;
  if (f.slack) env.SLACK_WEBHOOK_URL = f.slack.url;
  if (f.telegram) Object.assign(env, { TELEGRAM_API_URL: f.telegram.url, TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN, TELEGRAM_CHAT_ID: '-1001234567890' });
  if (f.ntfy) Object.assign(env, { NTFY_URL: f.ntfy.url, NTFY_TOKEN });
  if (f.webhook) env.ALERT_WEBHOOK_URL = f.webhook.url;
  return env;
}
