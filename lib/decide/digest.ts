// The weekly digest (docs/monitoring.md): on DIGEST_DAY, from 09:00 on this machine's clock, one push
// with the week's incidents, how many were fixed without a person, the median time to recovery and
// what the doctor cost. Once a week: the state remembers when it was queued. Pure.
import { digestAlert } from '../record/alerts.ts';
import type { HistoryRecord } from '../record/history.ts';
import { queueAlert } from '../record/outbox.ts';
import type { State } from '../record/state.ts';

const DAY = 86_400_000;

/** `day`: 0 Sunday .. 6 Saturday (null: off). `week`: the incidents that ended in the last 7 days. */
export function digestIfDue(s: State, week: HistoryRecord[], day: number | null, now: number): State {
  if (day === null) return s;
  const local = new Date(now);
  if (local.getDay() !== day || local.getHours() < 9) return s;
  if (s.digestSentAt !== null && now - s.digestSentAt < 6 * DAY) return s;
  return { ...queueAlert(s, digestAlert(week.filter((r) => r.endedAt > now - 7 * DAY), now), now), digestSentAt: now };
}
