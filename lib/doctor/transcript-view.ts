// Turns stream-json transcript lines into what a person watching in tmux wants to read.
import type { Redactor } from '../text/redact.ts';
import { stripControl } from '../text/untrusted.ts';

interface Block {
  type: string;
  text?: string;
  name?: string;
  input?: Record<string, unknown>;
  content?: unknown;
  is_error?: boolean;
}

export function viewLine(line: string, redact: Redactor): string | null {
  let o: { outcome?: string; detail?: string; type?: string; subtype?: string; message?: { content?: Block[] }; tools?: string[]; model?: string; result?: string; is_error?: boolean; num_turns?: number; total_cost_usd?: number; tool_name?: string };
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  const out: string[] = [];
  if (o.type === 'system' && o.subtype === 'init') out.push(`== doctor started: model ${o.model ?? '?'}, tools ${(o.tools ?? []).join(', ')}`);
  if (o.type === 'system' && o.subtype === 'permission_denied') out.push(`   DENIED ${o.tool_name ?? ''}`);
  for (const b of o.message?.content ?? []) {
    if (b.type === 'text' && b.text) out.push(`claude> ${b.text}`);
    if (b.type === 'tool_use') {
      const i = b.input ?? {};
      out.push(`  $ ${b.name}: ${String(i.command ?? i.file_path ?? i.pattern ?? JSON.stringify(i))}`);
    }
    if (b.type === 'tool_result') {
      const text = typeof b.content === 'string' ? b.content : Array.isArray(b.content) ? (b.content as Block[]).map((c) => c.text ?? '').join('') : '';
      const lines = text.split('\n');
      out.push(...lines.slice(0, 12).map((l) => `    ${b.is_error ? '! ' : ''}${l}`));
      if (lines.length > 12) out.push(`    ... (${lines.length - 12} more lines)`);
    }
  }
  if (o.type === 'selfheal_verdict') out.push(`== supervisor's verdict: ${o.outcome}: ${o.detail}`);
  if (o.type === 'result') out.push(`== finished: ${o.is_error ? 'ERROR' : 'ok'} after ${o.num_turns ?? '?'} turns, $${(o.total_cost_usd ?? 0).toFixed(2)}: ${(o.result ?? '').slice(0, 500)}`);
  // A log line the model quoted must not clear the watcher's screen or print a forged verdict.
  return out.length ? stripControl(redact(out.join('\n'))) : null;
}
