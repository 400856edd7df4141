// The second fence behind the tool set: the PreToolUse hook's decision. The doctor's tools are the
// selfheal MCP server's; the structured report is Claude Code's own. Everything else is denied.

/** The MCP server's name: Claude Code calls each tool `mcp__selfheal__<name>`. */
export const SERVER_NAME = 'selfheal';

const OURS = new RegExp(`^mcp__${SERVER_NAME}__[a-z_]{1,40}$`);

export function gate(toolName: unknown): { allow: true } | { allow: false; reason: string } {
  if (typeof toolName === 'string' && (OURS.test(toolName) || toolName === 'StructuredOutput')) return { allow: true };
  return { allow: false, reason: `${String(toolName).slice(0, 60)} is not one of the doctor's tools (mcp__${SERVER_NAME}__*): no shell, no file tools, no web` };
}
