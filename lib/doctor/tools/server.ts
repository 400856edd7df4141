// The doctor's tools as an MCP server over stdio (Claude Code starts it from the generated
// --mcp-config). The low-level server: our own strict validation and one-line errors (call.ts)
// rather than the SDK's, and the JSON Schemas Claude sees come from the same zod schemas.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Deps } from '../../seams/deps.ts';
import { callTool } from './call.ts';
import { SERVER_NAME, TOOLS } from './index.ts';

export function toolList(): Array<{ name: string; description: string; inputSchema: { type: 'object'; [k: string]: unknown } }> {
  return TOOLS.map((t) => {
    const { $schema: _drop, ...schema } = z.toJSONSchema(t.input) as Record<string, unknown>;
    return { name: t.name, description: t.description, inputSchema: { ...schema, type: 'object' } };
  });
}

export async function serveTools(d: Deps): Promise<void> {
  const server = new Server({ name: SERVER_NAME, version: '1.0.0' }, { capabilities: { tools: {} } });
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: toolList() }));
  server.setRequestHandler(CallToolRequestSchema, async (req) => {
    const r = await callTool(d, req.params.name, req.params.arguments);
    return { content: [{ type: 'text' as const, text: r.text }], isError: r.isError };
  });
  await server.connect(new StdioServerTransport());
}
