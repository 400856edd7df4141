// The incident history on disk (docs/design.md, "What happened: history, page, metrics"): every closed
// incident appended once to incidents.jsonl beside the state, under the state's lock, capped by size
// with one rotation. Written before the state that marks it filed: a crash between the two writes the
// line twice, and the reader keeps the last line of each id. A torn line is skipped and counted.
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, renameSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fixer, ttrMs, type Fixer } from './counters.ts';
import type { ChannelId, DoctorRun, Incident, State, Tier } from './state.ts';

export const HISTORY_FILE = 'incidents.jsonl';
/** Past this size the file becomes incidents.jsonl.1 (the one before is dropped). */
export const HISTORY_FILE_MAX = 2 * 1024 * 1024;
/** A closed incident waits this long for its alerts (the recovery notice) before it is filed anyway. */
const FILE_WAIT_MS = 3_600_000;

export interface HistoryRecord {
  v: 1;
  id: string;
  kind: NonNullable<Incident['kind']>;
  /** Our words: the serving cause's meaning, else what opened it. */
  cause: string;
  startedAt: number;
  detectedAt: number;
  endedAt: number;
  ttrMs: number;
  fixer: Fixer;
  fixedBy: string;
  outcome: 'recovered' | 'human-alerted';
  restarts: number;
  actions: Array<{ at: number; tier: Tier; kind: string; ok: boolean | null; detail: string }>;
  alerts: Partial<Record<ChannelId, { sent: number; failed: number }>>;
  doctorRuns: number;
  doctorCostUsd: number;
}

export function historyRecord(inc: Incident, runs: DoctorRun[]): HistoryRecord {
  const mine = runs.filter((r) => r.incidentId === inc.id);
  const closedAt = inc.closedAt ?? inc.openedAt;
  return {
    v: 1,
    id: inc.id,
    kind: inc.kind ?? 'liveness',
    cause: inc.serving?.meaning ?? inc.trigger,
    startedAt: inc.openedAt,
    detectedAt: inc.detectedAt ?? inc.openedAt,
    endedAt: closedAt,
    ttrMs: ttrMs(inc) ?? 0,
    fixer: fixer(inc),
    fixedBy: inc.fixedBy ?? '',
    outcome: inc.humanAlertedAt !== null ? 'human-alerted' : 'recovered',
    restarts: inc.restarts,
    actions: inc.actions.filter((a) => a.kind !== 'look').map((a) => ({ at: a.at, tier: a.tier, kind: a.kind, ok: a.ok, detail: a.detail })),
    alerts: inc.alerts ?? {},
    doctorRuns: mine.length,
    doctorCostUsd: Math.round(mine.reduce((n, r) => n + (r.costUsd ?? 0), 0) * 10_000) / 10_000,
  };
}

/**
 * A closed incident is appended at once (filed 1), and once more when its alerts are out (the
 * recovery notice delivered or given up) or an hour after it closed (filed 2): the reader keeps the
 * last line of an id, so its deliveries are counted in full.
 */
export function fileClosed(s: State, home: string, now: number): State {
  const settled = (i: Incident) => now - (i.closedAt as number) > FILE_WAIT_MS || !s.outbox.some((a) => a.incidentId === i.id);
  const due = s.history.filter((i) => i.closedAt !== null && (i.filed === undefined || (i.filed === 1 && settled(i))));
  if (due.length === 0) return s;
  const text = due.map((i) => `${JSON.stringify(historyRecord(i, s.doctor.runs))}\n`).join('');
  try {
    appendLines(join(home, HISTORY_FILE), text);
  } catch {
    // Not marked filed: the next write tries again; `status --history` names those still waiting.
    return s;
  }
  const ids = new Set(due.map((i) => i.id));
  return { ...s, history: s.history.map((i) => (ids.has(i.id) ? { ...i, filed: settled(i) ? (2 as const) : (1 as const) } : i)) };
}

function appendLines(path: string, text: string): void {
  if (existsSync(path) && statSync(path).size + text.length > HISTORY_FILE_MAX) renameSync(path, `${path}.1`);
  const fd = openSync(path, 'a+', 0o600);
  try {
    const size = fstatSync(fd).size;
    // A line torn by a crash: start on a line of our own, so only that one is lost.
    let lead = '';
    if (size > 0) {
      const b = Buffer.alloc(1);
      readSync(fd, b, 0, 1, size - 1);
      if (b[0] !== 0x0a) lead = '\n';
    }
    writeSync(fd, lead + text);
  } finally {
    closeSync(fd);
  }
}

export interface HistoryRead {
  records: HistoryRecord[];
  /** Lines that were not a record (torn, edited by hand): skipped. */
  skipped: number;
}

function isRecord(v: unknown): v is HistoryRecord {
  const r = v as HistoryRecord;
  return typeof r === 'object' && r !== null && r.v === 1 && typeof r.id === 'string' && typeof r.startedAt === 'number' && typeof r.endedAt === 'number' && typeof r.ttrMs === 'number' && Array.isArray(r.actions) && typeof r.cause === 'string';
}

/** Both files, oldest first; one record per id (the last written), those ended since `since`. */
export function readHistory(home: string, since = 0): HistoryRead {
  const byId = new Map<string, HistoryRecord>();
  let skipped = 0;
  for (const p of [`${join(home, HISTORY_FILE)}.1`, join(home, HISTORY_FILE)]) {
    let text: string;
    try {
      text = readFileSync(p, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const v: unknown = JSON.parse(line);
        if (isRecord(v)) byId.set(v.id, v);
        else skipped++;
      } catch {
        skipped++;
      }
    }
  }
  const records = [...byId.values()].filter((r) => r.endedAt >= since).sort((a, b) => a.startedAt - b.startedAt);
  return { records, skipped };
}
