// The console fixtures (`<time> [subsystem] message`) as OpenClaw's JSON file log writes the same
// events: `"0"` and `_meta.name` the subsystem, `"1"` the message (the shape of the real
// openclaw-file-*.jsonl fixtures), for tests of the rule that only that log's own lines count.
import type { LogLine } from '../lib/observe/log-lines.ts';
import { parseLines } from '../lib/observe/log-scan.ts';

export function jsonLogLine(consoleLine: string): string | null {
  const m = /^(\S+) \[([\w./-]+)\] (.*)$/.exec(consoleLine);
  if (!m) return null;
  const name = JSON.stringify({ subsystem: m[2] });
  return JSON.stringify({ 0: name, 1: m[3], _meta: { runtime: 'node', name, parentNames: ['openclaw'], logLevelName: 'INFO' }, time: m[1] });
}

export function asJsonLog(consoleText: string): string {
  return `${consoleText.split('\n').map(jsonLogLine).filter((l): l is string => l !== null).join('\n')}\n`;
}

/** The lines of JSON file-log text, as the scan reads them. */
export function jsonLines(text: string): LogLine[] {
  return parseLines('json', text.split('\n').filter(Boolean));
}
