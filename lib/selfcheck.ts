// The supervisor watches itself: when a tier cannot do its job (its restart command will not run,
// claude or tmux missing, the state file corrupt), that is an alert of its own, at most once a day
// per problem so a broken setup does not page every minute.
import { queueAlert } from './alerts/outbox.ts';
import type { State } from './state/state.ts';

export function selfAlert(s: State, problem: string, title: string, summary: string, now: number): State {
  const day = new Date(now).toISOString().slice(0, 10);
  const next = queueAlert(s, { id: `self:${problem}:${day}`, kind: 'self', incidentId: s.incident?.id ?? null, title, summary, fields: [] }, now);
  return next === s ? s : { ...next, notices: [...next.notices, { at: now, text: `${title}: ${summary}` }] };
}

export function cannotRestart(s: State, command: string[], now: number): State {
  return selfAlert(
    s,
    'restart-command',
    'Supervisor cannot restart the gateway',
    `GATEWAY_RESTART_COMMAND (${command[0]}) cannot be run: not found or not executable under the LaunchAgent's PATH. Run ./install.sh again, or set an absolute path in .env.`,
    now,
  );
}
