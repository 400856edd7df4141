// The event log: one JSON line per thing a tier saw or did, under SELFHEAL_HOME, size-capped.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Tier } from '../record/state.ts';

export const EVENTS_MAX_BYTES = 2_000_000;

export interface SelfhealEvent {
  at: string;
  tier: Tier | 'status' | 'install';
  event: string;
  [key: string]: unknown;
}

export type EventLog = (e: Omit<SelfhealEvent, 'at'>) => void;

export function eventLog(home: string, now: () => number = Date.now, maxBytes = EVENTS_MAX_BYTES): EventLog {
  const path = join(home, 'events.jsonl');
  return (e) => {
    // Best effort: a log that cannot be written must never stop a tier from doing its job (an
    // unwritable state folder is said once, by the state's own error).
    try {
      mkdirSync(home, { recursive: true, mode: 0o700 });
      try {
        // We own this file (unlike launchd's stdout), so rotating by rename is safe: one old generation.
        if (statSync(path).size > maxBytes) renameSync(path, `${path}.1`);
      } catch {
        /* no file yet */
      }
      appendFileSync(path, `${JSON.stringify({ at: new Date(now()).toISOString(), ...e })}\n`, { mode: 0o600 });
    } catch {
      /* not writable: the tier goes on */
    }
  };
}
