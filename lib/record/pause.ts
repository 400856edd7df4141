// What a person's `status pause`, `resume` and `ack` change in the state (pure): the tiers observe
// and do not act while paused; resuming restarts the failing clock; ack clears the notes read.
import { parseDuration } from '../text/duration.ts';
import type { State } from './state.ts';

export function pause(s: State, untilMs: number, reason: string, now: number): State {
  return { ...s, paused: { until: untilMs, reason, at: now } };
}

/** Resumed: the failing clock starts again (a person may have restarted the gateway while it was paused). */
export function resume(s: State): State {
  return { ...s, paused: null, unhealthySince: null };
}

export const PAUSE_MAX_MS = 7 * 86_400_000;

/**
 * How long `status pause` pauses, or why not: a duration needs its unit (a bare `30` is not "30
 * minutes"), and more than 7 days needs an explicit end (`--until`), so no one pauses for a year by
 * a slip of the keyboard.
 */
export function pauseSpan(duration: string | undefined, until: string | undefined, now: number): { ms: number } | { error: string } {
  if (until !== undefined) {
    const at = Date.parse(until);
    if (!Number.isFinite(at) || at <= now) return { error: `pause --until: "${until}" is not a date in the future (like 2026-12-24 or 2026-12-24T18:00)` };
    return { ms: at - now };
  }
  const text = (duration ?? '').trim();
  if (!/^\d+(\.\d+)?\s*[smhd]$/i.test(text)) return { error: `pause: "${text}" needs a unit: 90s, 30m, 2h or 1d` };
  const ms = parseDuration(text) ?? 0;
  if (ms > PAUSE_MAX_MS) return { error: `pause: ${text} is longer than 7 days; to pause that long, say until when: pause --until 2026-12-24` };
  return { ms };
}

/** `status ack`: the notes have been read. */
export function ack(s: State): State {
  return { ...s, notices: [] };
}
