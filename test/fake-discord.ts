// A local stand-in for a Discord webhook: records what it accepted, and can answer 500, 429 with
// retry_after, 400, or hang, for as many requests as told.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Mode = 'ok' | '500' | '429' | '400' | '404' | 'hang';

export interface FakeDiscord {
  url: string;
  accepted: Array<Record<string, unknown>>;
  requests: number;
  /** Answer the next `n` requests with `mode` (then back to ok). */
  failNext(mode: Mode, n: number, retryAfterS?: number): void;
  setMode(mode: Mode, retryAfterS?: number): void;
  close(): Promise<void>;
}

export async function startFakeDiscord(): Promise<FakeDiscord> {
  let mode: Mode = 'ok';
  let queue: Array<{ mode: Mode; retryAfterS: number }> = [];
  let retryAfter = 1;
  const sockets = new Set<import('node:net').Socket>();
  const fake = { accepted: [] as Array<Record<string, unknown>>, requests: 0 };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      fake.requests++;
      const next = queue.shift() ?? { mode, retryAfterS: retryAfter };
      switch (next.mode) {
        case 'hang':
          return;
        case '500':
          return res.writeHead(500).end('{"message":"internal"}');
        case '400':
          return res.writeHead(400, { 'content-type': 'application/json' }).end('{"message":"Invalid Form Body","code":50035}');
        case '404':
          return res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Unknown Webhook","code":10015}');
        case '429':
          return res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(Math.ceil(next.retryAfterS)) }).end(JSON.stringify({ message: 'You are being rate limited.', retry_after: next.retryAfterS, global: false }));
        default: {
          const payload = JSON.parse(body) as Record<string, unknown>;
          fake.accepted.push(payload);
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: String(fake.accepted.length), ...payload }));
        }
      }
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/api/webhooks/123456789/fake-token`,
    accepted: fake.accepted,
    get requests() {
      return fake.requests;
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
