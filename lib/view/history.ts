// `status --history`: the closed incidents from incidents.jsonl as a table (docs/design.md, "What
// happened: history, page, metrics"). Lines that could not be read are counted and said, never fatal.
import type { HistoryRead } from '../record/history.ts';
import { formatDuration, localTime } from '../text/duration.ts';

export function renderHistory(h: HistoryRead, span: string, path: string): string {
  const out: string[] = [];
  if (h.records.length === 0) out.push(`No incident closed in the last ${span} (${path}).`);
  else {
    const rows = h.records.map((r) => [localTime(r.startedAt).slice(0, 19), r.kind, formatDuration(r.ttrMs), r.fixer, r.restarts ? String(r.restarts) : '', r.doctorCostUsd ? `$${r.doctorCostUsd.toFixed(2)}` : '', r.cause.slice(0, 90)]);
    const head = ['began', 'kind', 'to recovery', 'fixed by', 'restarts', 'doctor', 'cause'];
    const widths = head.map((t, i) => Math.max(t.length, ...rows.map((r) => (r[i] as string).length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] as number))).join('  ').trimEnd();
    out.push(line(head), ...rows.map(line));
    const alone = h.records.filter((r) => r.fixer !== 'person').length;
    const ttrs = h.records.map((r) => r.ttrMs).sort((a, b) => a - b);
    const mid = ttrs[Math.floor((ttrs.length - 1) / 2)] as number;
    out.push('', `${h.records.length} incident(s) in the last ${span}; ${alone} fixed without a person; median time to recovery ${formatDuration(mid)}, worst ${formatDuration(ttrs.at(-1) as number)}.`);
  }
  if (h.skipped) out.push(`${h.skipped} line(s) of ${path} could not be read and were skipped.`);
  return out.join('\n');
}
