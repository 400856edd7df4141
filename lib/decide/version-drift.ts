// A gateway newer than the log signatures were seen on (docs/design.md, "The serving check"): its
// log lines may say things in other words, so the log hints may see less. One heads-up per version;
// the canary and OpenClaw's route check, which do not read the log, still check logins and billing.
import type { GatewayVersion } from '../observe/gateway-version.ts';
import { compareVersions } from '../config/signatures.ts';
import { headsUpAlert } from '../record/alerts.ts';
import { queueAlert } from '../record/outbox.ts';
import type { State } from '../record/state.ts';

/** The running version is newer than every version the table was seen on (null: not known). */
export function newerThanVerified(version: string | null, verified: string[]): boolean {
  const last = verified.at(-1);
  return version !== null && last !== undefined && compareVersions(version, last) > 0;
}

/** Records what the gateway said its version is; newer than the table's: one heads-up, ever, per version. */
export function noteVersion(s: State, v: GatewayVersion | null, verified: string[], now: number): State {
  if (!v) return s;
  let next: State = { ...s, serving: { ...s.serving, version: v } };
  if (!v.version || !newerThanVerified(v.version, verified)) return next;
  const key = `version-drift:${v.version}`;
  if (next.serving.headsUp[key] !== undefined) return next;
  next = { ...next, serving: { ...next.serving, headsUp: { ...next.serving.headsUp, [key]: now } } };
  const seen = verified.join(', ');
  return queueAlert(
    next,
    headsUpAlert(key, `OpenClaw ${v.version} is newer than the supervisor's log signatures`, `The log signatures were verified on OpenClaw ${seen}; this gateway runs ${v.version}${v.from === 'installed' ? ' (as installed)' : ''}. Its log lines may now say things in other words, so log hints may miss a fault; the canary and OpenClaw's route check still check logins and billing. Update the supervisor (git pull && ./install.sh) when a version verified on ${v.version} is out.`, now),
    now,
  );
}
