// A local stand-in for Anthropic's Messages API, so the real Claude Code CLI runs end to end offline.
// It plays a script: for the main conversation, step N is chosen by how many assistant turns the
// request already carries. Steps are tool calls (MCP tools, or built-ins the CLI must refuse) or a
// final answer. Every request body is kept, to prove what did and did not reach the model.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type Step = { tool: string; input: Record<string, unknown> } | { text: string } | { structured: Record<string, unknown> } | { hang: true };

export interface FakeAnthropic {
  url: string;
  requests: Array<{ tools: string[]; messages: number; body: Record<string, unknown> }>;
  /** Every request body exactly as received, side requests included: what left for the model. */
  raw: string[];
  /** Tool results the CLI sent back, in order (what each tool call produced, or its denial). */
  toolResults: string[];
  close(): Promise<void>;
}

interface Msg {
  role: string;
  content: string | Array<{ type: string; text?: string; content?: unknown; is_error?: boolean; tool_use_id?: string }>;
}

function sse(res: http.ServerResponse, events: Array<Record<string, unknown>>): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const e of events) res.write(`event: ${e.type as string}\ndata: ${JSON.stringify(e)}\n\n`);
  res.end();
}

function message(blocks: Array<Record<string, unknown>>, stop: string, model: string): Array<Record<string, unknown>> {
  const ev: Array<Record<string, unknown>> = [
    { type: 'message_start', message: { id: `msg_${Date.now()}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 100, output_tokens: 1 } } },
  ];
  blocks.forEach((b, index) => {
    if (b.type === 'text') {
      ev.push({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      ev.push({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: b.text } });
    } else {
      ev.push({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: b.id, name: b.name, input: {} } });
      ev.push({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: JSON.stringify(b.input) } });
    }
    ev.push({ type: 'content_block_stop', index });
  });
  ev.push({ type: 'message_delta', delta: { stop_reason: stop, stop_sequence: null }, usage: { output_tokens: 50 } });
  ev.push({ type: 'message_stop' });
  return ev;
}

function textOf(c: unknown): string {
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map((x: { text?: string }) => x.text ?? '').join('');
  return '';
}

export async function startFakeAnthropic(script: Step[]): Promise<FakeAnthropic> {
  const requests: FakeAnthropic['requests'] = [];
  const toolResults: string[] = [];
  const rawBodies: string[] = [];
  const sockets = new Set<import('node:net').Socket>();
  let ids = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      rawBodies.push(raw);
      if (!req.url?.startsWith('/v1/messages')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end('{"type":"error","error":{"type":"not_found_error","message":"not here"}}');
        return;
      }
      const body = JSON.parse(raw || '{}') as { model?: string; tools?: Array<{ name: string }>; messages?: Msg[]; stream?: boolean };
      const model = body.model ?? 'claude-sonnet-4-5';
      if (req.url.startsWith('/v1/messages/count_tokens')) {
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"input_tokens":100}');
        return;
      }
      const tools = (body.tools ?? []).map((t) => t.name);
      const messages = body.messages ?? [];
      requests.push({ tools, messages: messages.length, body: body as Record<string, unknown> });
      // Side requests (titles, summaries) carry no tools: answer briefly.
      if (!tools.some((t) => t === 'Bash' || t === 'Read' || t.startsWith('mcp__'))) {
        if (body.stream === false) {
          res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'msg_side', type: 'message', role: 'assistant', model, content: [{ type: 'text', text: 'ok' }], stop_reason: 'end_turn', usage: { input_tokens: 1, output_tokens: 1 } }));
        } else sse(res, message([{ type: 'text', text: 'ok' }], 'end_turn', model));
        return;
      }
      // Every tool result so far, in order (the CLI interleaves system messages, so not just the last).
      const results: string[] = [];
      for (const m of messages) {
        if (m.role !== 'user' || !Array.isArray(m.content)) continue;
        for (const b of m.content) if (b.type === 'tool_result') results.push(`${b.is_error ? 'ERROR: ' : ''}${textOf(b.content)}`);
      }
      if (results.length > toolResults.length) toolResults.splice(0, toolResults.length, ...results);
      const step = script[messages.filter((m) => m.role === 'assistant').length] ?? { text: 'done' };
      if ('hang' in step) return; // never answer
      if ('text' in step) return sse(res, message([{ type: 'text', text: step.text }], 'end_turn', model));
      if ('structured' in step) {
        const name = tools.find((t) => /structured|output/i.test(t));
        if (!name) return sse(res, message([{ type: 'text', text: JSON.stringify(step.structured) }], 'end_turn', model));
        return sse(res, message([{ type: 'tool_use', id: `toolu_${++ids}`, name, input: step.structured }], 'tool_use', model));
      }
      return sse(res, message([{ type: 'tool_use', id: `toolu_${++ids}`, name: step.tool, input: step.input }], 'tool_use', model));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    raw: rawBodies,
    toolResults,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
