// Reminders while a human-alerted incident stays open: one every ALERT_REMIND_S.
import { reminderAlert } from '../record/alerts.ts';
import { queueAlert } from '../record/outbox.ts';
import type { State } from '../record/state.ts';
import type { Policy } from './policy.ts';

export function remindIfDue(s: State, p: Policy, now: number): State {
  const inc = s.incident;
  if (!inc?.humanAlertedAt) return s;
  const n = Math.floor((now - inc.humanAlertedAt) / p.alertRemindMs);
  if (n < 1) return s;
  return queueAlert(s, reminderAlert(inc, n, now), now);
}
