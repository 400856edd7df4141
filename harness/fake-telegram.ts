// A loopback stand-in for Telegram's Bot API, for the real gateway's Telegram channel to poll
// (`channels.telegram.apiRoot`, which OpenClaw offers for a self-hosted Bot API): getMe names a bot,
// getUpdates long-polls and returns nothing, the rest say ok. It counts the calls, so the bench can
// tell a channel that polls from one that is held down.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FakeTelegram {
  /** The Bot API root (no /bot<TOKEN>), for `apiRoot`. */
  url: string;
  /** Calls received: when, and which method. */
  calls: Array<{ at: number; method: string }>;
  close(): Promise<void>;
}

const BOT = { id: 123456789, is_bot: true, first_name: 'Selfheal', username: 'selfheal_fake_bot', can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false };

export function startFakeTelegram(): Promise<FakeTelegram> {
  const calls: FakeTelegram['calls'] = [];
  const sockets = new Set<Socket>();
  const polls = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const method = /^\/bot[^/]+\/(\w+)/.exec(req.url ?? '')?.[1] ?? '?';
      calls.push({ at: Date.now(), method });
      const send = (result: unknown) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true, result }));
      if (method === 'getMe') return send(BOT);
      if (method === 'getWebhookInfo') return send({ url: '', has_custom_certificate: false, pending_update_count: 0 });
      if (method === 'getUpdates') {
        let timeoutS = 0;
        try {
          timeoutS = Number((JSON.parse(body || '{}') as { timeout?: unknown }).timeout ?? 0) || 0;
        } catch {
          /* a form body: answer at once */
        }
        const t = setTimeout(() => {
          polls.delete(t);
          send([]);
        }, Math.min(timeoutS, 30) * 1000);
        polls.add(t);
        return;
      }
      return send(true);
    });
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        calls,
        close: () =>
          new Promise<void>((done) => {
            for (const t of polls) clearTimeout(t);
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
