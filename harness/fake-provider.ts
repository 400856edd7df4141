// A loopback stand-in for a model provider's Messages API (Anthropic's wire format), for the real
// gateway to call: it answers as told (a short reply, 401, 429, 529, a billing refusal, never, or
// a streamed answer that stops after its first event, as a dropped connection mid-answer leaves it),
// and counts the calls, so a test or the chaos bench can break the provider while the gateway stays up.
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type ProviderMode = 'ok' | '401' | '429' | '529' | 'billing' | 'hang' | 'stall';

export interface FakeProvider {
  url: string;
  mode: ProviderMode;
  /** Messages calls received, by the mode that answered them. */
  calls: Array<{ at: number; mode: ProviderMode }>;
  close(): Promise<void>;
}

const ERRORS: Record<Exclude<ProviderMode, 'ok' | 'hang' | 'stall'>, { status: number; type: string; message: string }> = {
  '401': { status: 401, type: 'authentication_error', message: 'invalid x-api-key' },
  '429': { status: 429, type: 'rate_limit_error', message: 'Number of request tokens has exceeded your per-minute rate limit' },
  '529': { status: 529, type: 'overloaded_error', message: 'Overloaded' },
  billing: { status: 400, type: 'invalid_request_error', message: 'Your credit balance is too low to access the Anthropic API. Please go to Plans & Billing to upgrade or purchase credits.' },
};

function reply(res: http.ServerResponse, model: string, stream: boolean, stall = false): void {
  const usage = { input_tokens: 12, output_tokens: 2 };
  if (!stream) {
    if (stall) return;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'msg_fake', type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'pong' }], stop_reason: 'end_turn', stop_sequence: null, usage }));
    return;
  }
  const ev = [
    { type: 'message_start', message: { id: 'msg_fake', type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { ...usage, output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'pong' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 2 } },
    { type: 'message_stop' },
  ];
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of stall ? ev.slice(0, 1) : ev) res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
  // Stalled: the stream stays open, and nothing more comes (the socket is closed with the fake).
  if (!stall) res.end();
}

export async function startFakeProvider(mode: ProviderMode = 'ok'): Promise<FakeProvider> {
  const sockets = new Set<Socket>();
  const fake: FakeProvider = { url: '', mode, calls: [], close: async () => undefined };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (!req.url?.includes('/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"type":"error","error":{"type":"not_found_error","message":"not here"}}');
        return;
      }
      const m = fake.mode;
      fake.calls.push({ at: Date.now(), mode: m });
      if (m === 'hang') return;
      let body: { model?: string; stream?: boolean } = {};
      try {
        body = JSON.parse(raw || '{}') as typeof body;
      } catch {
        /* answered as an empty request */
      }
      if (m === 'ok' || m === 'stall') return reply(res, body.model ?? 'fake-model', body.stream === true, m === 'stall');
      const e = ERRORS[m];
      const headers: Record<string, string> = { 'content-type': 'application/json', 'request-id': 'req_fake' };
      if (m === '429') headers['retry-after'] = '60';
      res.writeHead(e.status, headers).end(JSON.stringify({ type: 'error', error: { type: e.type, message: e.message } }));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return fake;
}
