// A tier that ran past its deadline: its run recorded as failed with what it was doing, and a
// person told once a day (docs/design.md, "Deadlines").
import { selfAlert } from './alerts.ts';
import { queueAlert } from './outbox.ts';
import { recordTierRun, type State, type Tier } from './state.ts';

export function recordDeadline(s: State, tier: Tier, seconds: number, doing: string, now: number): State {
  const next = recordTierRun(s, tier, false, `ran past its deadline of ${seconds} s while ${doing}; stopped (exit 70)`, now);
  const summary = `The supervisor's ${tier} tier ran past its deadline of ${seconds} s while ${doing}, and was stopped (exit 70) so the next run can start. If it repeats: \`npm run status\`, and its log (${tier}.err.log in ~/Library/Logs/openclaw-selfheal/).`;
  return queueAlert(next, selfAlert(`deadline-${tier}`, `The supervisor's ${tier} tier hung`, summary, null, now), now);
}
