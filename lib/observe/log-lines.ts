// One line of the gateway's logs, as far as it can be trusted. OpenClaw writes each event twice:
// to its JSON file log (/tmp/openclaw/openclaw-*.log, or `logging.file`), where a line its own
// subsystem logger wrote names that subsystem in `_meta.name`, and to its console (the
// LaunchAgent's gateway.log), where anything printed lands too: a model's reply, a plugin's output.
// Which kind a file is comes from its path, never from what a line looks like: a console line
// shaped like JSON is still console text (docs/design.md, "The serving check").

export type LogKind = 'json' | 'console';

export interface LogLine {
  kind: LogKind;
  /** The subsystem that wrote it: verified for the JSON log, claimed (any text) for the console. */
  subsystem: string | null;
  /** The message, cut to MESSAGE_MAX: signatures match its start only, so cost is bounded. */
  message: string;
  /** When it was written (ms), from the JSON log's own `time`; null for the console. */
  at: number | null;
}

/** Signatures match the first this many characters of a message (their anchors are at its start). */
export const MESSAGE_MAX = 4096;
/** A JSON line longer than this is not parsed (an event's line is a few KB; a megabyte is a dump). */
export const JSON_LINE_MAX = 65_536;

const SUBSYSTEM = /^[\w./-]{1,64}$/;
const PLAIN_VALUE = /^[\w.:@/+-]{1,128}$/;

/** OpenClaw's JSON file log: `openclaw-<date>.log` in its folder (or the file the tests name so). */
export function logKind(path: string): LogKind {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /^openclaw-[\w.-]*\.log$/.test(base) ? 'json' : 'console';
}

/** The subsystem a JSON line's logger names (`{"subsystem":"x"}`), else null. */
function subsystemOf(name: unknown): string | null {
  if (typeof name !== 'string' || !name.startsWith('{"subsystem":"')) return null;
  try {
    const s = (JSON.parse(name) as { subsystem?: unknown }).subsystem;
    return typeof s === 'string' && SUBSYSTEM.test(s) ? s : null;
  } catch {
    return null;
  }
}

/**
 * A line of the JSON file log that OpenClaw's own subsystem logger wrote: `"0"` and `_meta.name`
 * both name the subsystem (a console capture has `_meta.name` "openclaw" and the printed text in
 * `"0"`). The message is `"1"`, or for a structured event `"2"` followed by its plain fields
 * (`msg: key=value ...`), values that are not plain words left out. Anything else: null.
 */
export function parseJsonLine(line: string): LogLine | null {
  if (line.length > JSON_LINE_MAX || !line.startsWith('{')) return null;
  let d: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(line);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
    d = v as Record<string, unknown>;
  } catch {
    return null;
  }
  const meta = d._meta as { name?: unknown } | undefined;
  const subsystem = subsystemOf(d['0']);
  if (!subsystem || typeof meta !== 'object' || meta === null || meta.name !== d['0']) return null;
  let message: string;
  if (typeof d['1'] === 'string') message = d['1'];
  else if (typeof d['1'] === 'object' && d['1'] !== null && !Array.isArray(d['1']) && typeof d['2'] === 'string') {
    const fields = Object.entries(d['1'] as Record<string, unknown>)
      .filter(([k, v]) => /^\w{1,40}$/.test(k) && (typeof v === 'number' || typeof v === 'boolean' || (typeof v === 'string' && PLAIN_VALUE.test(v))))
      .map(([k, v]) => `${k}=${String(v)}`);
    message = `${d['2']}: ${fields.join(' ')}`;
  } else return null;
  const at = typeof d.time === 'string' ? Date.parse(d.time) : NaN;
  return { kind: 'json', subsystem, message: message.slice(0, MESSAGE_MAX), at: Number.isFinite(at) ? at : null };
}

/** A console line: `<time> [subsystem] message`; the subsystem is only what the line claims. */
export function parseConsoleLine(line: string): LogLine {
  const head = line.slice(0, MESSAGE_MAX + 100);
  const m = /^\S{1,40} \[([\w./-]{1,64})\] /.exec(head);
  return m ? { kind: 'console', subsystem: m[1] as string, message: head.slice(m[0].length, m[0].length + MESSAGE_MAX), at: null } : { kind: 'console', subsystem: null, message: head.slice(0, MESSAGE_MAX), at: null };
}
