// The doctor's PreToolUse hook, run by Claude Code before every tool call: lets the selfheal tools
// and the structured report through to the permission rules, denies everything else (exit 2, reason
// on stderr, which Claude sees). It never grants. Any failure here denies too (fail closed), and
// Claude Code is told "onFailure": "block" for the case where this script cannot even start.
import { readFileSync } from 'node:fs';
import { gate } from '../lib/doctor/gate.ts';

try {
  const input = JSON.parse(readFileSync(0, 'utf8')) as { tool_name?: unknown };
  const v = gate(input.tool_name);
  if (v.allow) process.exit(0);
  process.stderr.write(`Blocked by the openclaw-selfheal doctor policy: ${v.reason}\n`);
  process.exit(2);
} catch (e) {
  process.stderr.write(`Blocked by the openclaw-selfheal doctor policy: the guard could not check this call (${(e as Error).message})\n`);
  process.exit(2);
}
