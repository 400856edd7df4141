// Why a channel keeps /readyz failing past the grace, from what the gateway answered about its
// accounts (observe/channel-states.ts), and what follows (docs/design.md, "Live and ready"): a
// refused login is a person's to renew; an account OpenClaw stopped without a refusal gets one
// `channels.start` (as for the crash-loop breaker); one still trying to connect is the network or
// the service, which OpenClaw retries by itself (a start would be answered `task-owned`, its docs
// say), so a person is told it in those words, never as an expired login.
import type { ChannelStates } from '../observe/channel-states.ts';
import { alertHuman } from './escalate.ts';
import type { Decision, Policy } from './policy.ts';
import { noteAction } from '../record/incident.ts';
import type { State } from '../record/state.ts';
import { formatDuration } from '../text/duration.ts';

export type ChannelCause = 'login-refused' | 'stopped-for-good' | 'stopped' | 'connecting' | 'unknown';

/** Each channel's cause, the worst of its accounts'. Not asked, or not in the answer: unknown. */
export function channelCauses(channels: string[], st: ChannelStates): Record<string, ChannelCause> {
  const out: Record<string, ChannelCause> = {};
  for (const c of channels) {
    const acc = st.asked ? st.accounts.filter((a) => a.channel === c) : [];
    out[c] = acc.some((a) => a.terminal && a.loginRefused)
      ? 'login-refused'
      : acc.some((a) => a.terminal)
        ? 'stopped-for-good'
        : acc.some((a) => a.running === false)
          ? 'stopped'
          : acc.some((a) => a.connected === false)
            ? 'connecting'
            : 'unknown';
  }
  return out;
}

const startCmd = (c: string): string => `openclaw gateway call channels.start --params '{"channel":"${c}"}'`;

/** One channel's cause in our words, with what a person does. */
export function causeWords(c: string, cause: ChannelCause, asked: ChannelStates): string {
  switch (cause) {
    case 'login-refused':
      return `channel ${c} is not working: OpenClaw reports its login refused and stopped it for good. Renew its login or bot token (openclaw channels login --channel ${c}, or the token in its config), then start it: ${startCmd(c)}`;
    case 'stopped-for-good':
      return `channel ${c} is not working: OpenClaw stopped it and will not retry it. See why: openclaw channels status --probe; fix what it names, then start it: ${startCmd(c)}`;
    case 'stopped':
      return `channel ${c} is not working: OpenClaw reports it stopped, with no login refused. See why: openclaw channels status --probe; then start it: ${startCmd(c)}`;
    case 'connecting':
      return `channel ${c} is not working: it cannot connect, and OpenClaw keeps retrying it with no login refused, so usually the network, a proxy or the service itself is down; it reconnects by itself when that is back. See: openclaw channels status --probe`;
    default:
      return `channel ${c} is not working: an expired login or revoked token, or the network (${asked.asked ? 'the gateway did not say which' : `could not ask the gateway which: ${asked.why}`}). See which account and why: openclaw channels status --probe`;
  }
}

/**
 * Channels keeping /readyz failing past the grace, with what the gateway answered: a stopped one
 * not started by the supervisor within CHANNEL_START_RETRY is started once; otherwise a person,
 * told each channel's cause. `problem` opened the incident.
 */
export function channelsNotWorking(s0: State, problem: string, channels: string[], st: ChannelStates, p: Policy, now: number): Decision {
  let s = s0;
  if (s.incident?.humanAlertedAt || s.doctor.requested) return { state: s, action: { kind: 'hold', reason: `${problem}; waiting for the doctor or a person` } };
  const causes = channelCauses(channels, st);
  s = noteAction(s, { tier: 'health', kind: 'note', detail: `asked the gateway (channels.status): ${channels.map((c) => `${c} ${causes[c]}`).join(', ')}`, ok: null }, now);
  const start = channels.filter((c) => causes[c] === 'stopped' && !recentlyStarted(s, c, p, now));
  if (start.length > 0) {
    s = { ...s, readiness: { ...s.readiness, channelStarts: { ...s.readiness.channelStarts, ...Object.fromEntries(start.map((c) => [c, now])) } } };
    return { state: s, action: { kind: 'start-channels', channels: start, reason: `${problem}; OpenClaw reports ${start.join(', ')} stopped with no login refused: starting it (openclaw gateway call channels.start)` } };
  }
  const words = channels.map((c) => {
    const at = s.readiness.channelStarts[c];
    const again = causes[c] === 'stopped' && at !== undefined ? `; the supervisor started it ${formatDuration(now - at)} ago and it stopped again` : '';
    return `${causeWords(c, causes[c] ?? 'unknown', st)}${again}`;
  });
  const why = `${problem}. ${words.join('. ')}`;
  return { state: alertHuman(s, 'health', why, now), action: { kind: 'human', reason: why } };
}

export function recentlyStarted(s: State, channel: string, p: Policy, now: number): boolean {
  const at = s.readiness.channelStarts[channel];
  return at !== undefined && now - at < p.channelStartRetryMs && at <= now;
}
