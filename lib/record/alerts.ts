// Every alert a tier may queue, one builder each, and the "What to do" lines: all the words a person
// reads in an alert are written here, from our own table. Text from outside (a log line, a probe
// body, a model's report) only ever reaches a field as data, never a title, a step or a command.
import { formatDuration, localTime } from '../text/duration.ts';
import { modelReading } from '../text/untrusted.ts';
import type { HistoryRecord } from './history.ts';
import { servingFix } from './serving-alerts.ts';
import type { AlertKind, ChannelId, DoctorRun, Incident, NewAlert, ServingCause } from './state.ts';

/** What was tried, one line an action, at its time from the incident's start (alerts, status, the doctor's prompt). */
export function actionLines(inc: Incident, max = 8): string {
  const t0 = inc.openedAt;
  // The doctor's read-only looks (kind "look") stay in the state and status, not in the alerts.
  const lines = inc.actions.filter((a) => a.kind !== 'look').slice(-max).map((a) => `+${formatDuration(a.at - t0)} ${a.tier}: ${a.kind}${a.ok === false ? ' (failed)' : ''}: ${a.detail}`);
  return lines.length ? lines.join('\n') : 'none';
}

export const CHANNEL_NAMES: Record<ChannelId, string> = {
  discord: 'Discord',
  slack: 'Slack',
  telegram: 'Telegram',
  ntfy: 'ntfy',
  webhook: 'the alert webhook',
  macos: 'macOS notifications',
};

export const NO_CHANNEL = 'no alert channel is configured (DISCORD_WEBHOOK_URL, SLACK_WEBHOOK_URL, TELEGRAM_BOT_TOKEN, NTFY_URL, ALERT_WEBHOOK_URL or MACOS_NOTIFY in .env): alerts wait in the outbox (see npm run status)';

/** How to watch the doctor: the tmux command, with the socket when TMUX_SOCKET is set. */
export function attachCommand(session: string, socket: string | null): string {
  return socket ? `tmux -L ${socket} attach -t ${session}` : `tmux attach -t ${session}`;
}

/**
 * The doctor's diagnosis as a person may see it: labelled as a model's reading of text anyone who
 * can message the assistant can write, plain, bounded, without links or commands.
 */
export function diagnosisField(diagnosis: string): { name: string; value: string } {
  return { name: 'Diagnosis', value: `The doctor's reading (a model's words, not advice; links and commands left out):\n${modelReading(diagnosis)}` };
}

/** What the incident is, in a title's words: not ready is not down (the doctor's prompt says it the same way). */
export function whatIsWrong(inc: Incident): { title: string; since: string } {
  if (inc.kind === 'readiness') return { title: 'OpenClaw gateway is live but not ready, and needs you', since: 'Not ready since' };
  if (inc.kind === 'serving') return { title: 'OpenClaw is up but your assistant is not answering, and needs you', since: 'Not answering since' };
  if (inc.kind === 'safe-mode') return { title: "OpenClaw gateway is in safe mode (its channels held down), and needs you", since: 'In safe mode since' };
  return { title: 'OpenClaw gateway is down and needs you', since: 'Down since' };
}

/** The doctor could not be used, or did not fix it: a person must act. */
export function humanAlert(inc: Incident, why: string, diagnosis: string | null): NewAlert {
  const w = whatIsWrong(inc);
  return {
    id: `${inc.id}:human:${inc.doctorRuns}`,
    kind: 'human',
    incidentId: inc.id,
    title: w.title,
    summary: `${inc.trigger}. Automatic recovery stopped: ${why}.`,
    fields: [
      { name: w.since, value: localTime(inc.openedAt) },
      { name: 'What was tried', value: actionLines(inc) },
      ...(diagnosis ? [diagnosisField(diagnosis)] : []),
    ],
  };
}

/** Restarts did not fix it and the doctor was called. */
export function escalatedAlert(inc: Incident, reason: string): NewAlert {
  return {
    id: `${inc.id}:escalated:${inc.doctorRuns}`,
    kind: 'escalated',
    incidentId: inc.id,
    title: 'OpenClaw gateway: restarts did not fix it, the Claude Doctor was called',
    summary: `${inc.trigger}. ${reason}.`,
    fields: [{ name: 'What was tried', value: actionLines(inc) }],
  };
}

/** The n-th reminder while a human-alerted incident stays open. */
export function reminderAlert(inc: Incident, n: number, now: number): NewAlert {
  return {
    id: `${inc.id}:reminder:${n}`,
    kind: 'reminder',
    incidentId: inc.id,
    title: `Still down: OpenClaw gateway, ${formatDuration(now - inc.openedAt)} since it broke`,
    summary: `${inc.trigger}. Nothing has fixed it yet.`,
    fields: [{ name: 'What was tried', value: actionLines(inc) }],
  };
}

/** The incident closed as recovered: how long it took and what fixed it. */
export function recoveredAlert(inc: Incident, detail: string, fixedBy: string, now: number, extraFields: Array<{ name: string; value: string }> = []): NewAlert {
  return {
    id: `${inc.id}:recovered`,
    kind: 'recovered',
    incidentId: inc.id,
    title: `Recovered: OpenClaw gateway healthy again after ${formatDuration(now - inc.openedAt)}`,
    summary: `${detail}. Fixed by ${fixedBy}.`,
    fields: [
      { name: 'What broke', value: inc.trigger },
      { name: 'Time to recovery', value: formatDuration(now - inc.openedAt) },
      { name: 'What was tried', value: actionLines(inc) },
      ...(inc.diagnosis ? [diagnosisField(inc.diagnosis)] : []),
      ...extraFields,
    ],
  };
}

/** The weekly digest: the week in numbers, then each incident in a line (our words). */
export function digestAlert(week: HistoryRecord[], now: number): NewAlert {
  const day = new Date(now).toISOString().slice(0, 10);
  const alone = week.filter((r) => r.fixer !== 'person').length;
  const ttrs = week.map((r) => r.ttrMs).sort((a, b) => a - b);
  const median = ttrs.length ? formatDuration(ttrs[Math.floor((ttrs.length - 1) / 2)] as number) : '—';
  const cost = week.reduce((n, r) => n + r.doctorCostUsd, 0);
  const title = week.length === 0 ? 'This week: no incident' : `This week: ${week.length} incident(s), ${alone} fixed without you`;
  const summary = week.length === 0 ? 'The OpenClaw gateway needed nothing from the supervisor this week.' : `Median time to recovery ${median}; the Claude Doctor cost $${cost.toFixed(2)}.`;
  const lines = week.slice(-10).map((r) => `${localTime(r.startedAt).slice(5, 16)} ${r.kind}, ${formatDuration(r.ttrMs)}, fixed by ${r.fixer}`);
  return { id: `digest:${day}`, kind: 'heads-up', incidentId: null, title, summary, fields: lines.length ? [{ name: week.length > 10 ? 'The last 10' : 'Incidents', value: lines.join('\n') }] : [] };
}

/** A heads-up before it breaks (a login expiring, a disk getting low): at most one a day per subject. */
export function headsUpAlert(key: string, title: string, summary: string, now: number): NewAlert {
  const day = new Date(now).toISOString().slice(0, 10);
  return { id: `heads-up:${key}:${day}`, kind: 'heads-up', incidentId: null, title, summary, fields: [] };
}

/** The supervisor cannot do part of its job: at most one alert a day per problem. */
export function selfAlert(problem: string, title: string, summary: string, incidentId: string | null, now: number): NewAlert {
  const day = new Date(now).toISOString().slice(0, 10);
  return { id: `self:${problem}:${day}`, kind: 'self', incidentId, title, summary, fields: [] };
}

export const CANNOT_RESTART = {
  problem: 'restart-command',
  title: 'Supervisor cannot restart the gateway',
  summary: (command: string) =>
    `GATEWAY_RESTART_COMMAND (${command}) cannot be run: not found or not executable under the LaunchAgent's PATH. Run ./install.sh again, or set an absolute path in .env.`,
};

export const DOCTOR_CANNOT_RUN = { problem: 'claude', title: 'The Claude Doctor cannot run' };

export const NO_LIVE_VIEW = {
  problem: 'tmux',
  title: 'The doctor runs without a live view',
  summary: (tmuxBin: string, why: string, transcript: string) => `tmux could not start (TMUX_BIN=${tmuxBin}): ${why}. The transcript is at ${transcript}.`,
};

/** Something in .env is wrong but stops nothing (a channel off, a key unknown): once per distinct problem. */
export function configAlert(problem: { key: string; message: string }): NewAlert {
  let h = 0;
  for (const ch of problem.message) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  return {
    id: `self:config:${problem.key}:${h.toString(36)}`,
    kind: 'self',
    incidentId: null,
    title: `Supervisor configuration: ${problem.key} needs fixing`,
    summary: `${problem.message}. Fix it in .env (in the openclaw-selfheal folder); \`npx tsx scripts/alert.ts --channels\` checks it. Everything else keeps working.`,
    fields: [],
  };
}

/** The state folder cannot be written: sent straight to the channels, at most once an hour. */
export function stateUnwritableAlert(problem: string, did: string, now: number): NewAlert {
  return {
    id: `self:state-unwritable:${Math.floor(now / 3_600_000)}`,
    kind: 'self',
    incidentId: null,
    title: 'Supervisor cannot write its state',
    summary: `${problem}. Meanwhile: ${did}`,
    fields: [],
  };
}

/** The state file did not parse: moved aside, a fresh one started. */
export function stateCorruptAlert(text: string, aside: string, now: number, restored = false): NewAlert {
  return {
    id: `self:state-corrupt:${now}`,
    kind: 'self',
    incidentId: null,
    title: 'Supervisor state file was corrupt',
    summary: restored ? `${text}. At most the last write was lost; the supervisor keeps working.` : `${text}. Failure counts and the open incident were lost; the supervisor keeps working.`,
    fields: [{ name: 'Kept for review', value: aside }],
  };
}

/** One channel gave an alert up: every other channel hears of it. */
export function lostAlert(ch: ChannelId, lost: { id: string; title: string; incidentId: string | null }, why: string): NewAlert {
  const name = CHANNEL_NAMES[ch];
  return {
    id: `lost:${ch}:${lost.id}`,
    kind: 'self',
    incidentId: lost.incidentId,
    title: `${name} did not get an alert`,
    summary: `${name} gave up on "${lost.title}": ${why}. You got that alert here. To mend ${name}: check its keys in .env, then run \`npx tsx scripts/alert.ts --test\` in the openclaw-selfheal folder; \`npm run status\` lists what each channel lost.`,
    fields: [],
  };
}

/** A person hears about every protected key the doctor touched, even when the gateway is healthy. */
export function protectedAlert(incidentId: string, run: DoctorRun, configPath: string): NewAlert {
  return {
    id: `${incidentId}:protected:${run.startedAt}`,
    kind: 'human',
    incidentId,
    title: 'The Claude Doctor changed protected gateway settings: they were put back',
    summary: `During ${incidentId} the doctor changed settings it may not change (who can reach the gateway, where it sends data, what it runs, or secrets). They were reverted to their values before the doctor ran. Review the change; apply it yourself only if you want it.`,
    fields: [
      { name: 'Put back', value: (run.protectedReverted ?? []).join('\n') },
      { name: 'Gateway after the doctor', value: run.outcome === 'recovered' ? 'healthy (recovered)' : `not recovered (${run.outcome})` },
      ...(run.doctorConfig ? [{ name: "The doctor's version", value: run.doctorConfig }] : []),
      { name: 'Config now', value: configPath },
    ],
  };
}

/** What the "What to do" lines need to know of this machine. */
export interface StepsContext {
  tmuxSession?: string | null;
  tmuxSocket: string | null;
  transcript?: string | null;
  /** The gateway's first log file. */
  logPath: string | null;
  /** The health tier's launchd label, for "re-check now". */
  healthLabel: string;
  uid: number;
  /** Where `npm run status` must run: this install's folder. */
  folder: string;
  /** What the alert's incident is about (the steps differ for a channel not ready). */
  incidentKind?: Incident['kind'];
  /** A serving incident's cause: its fix is told, not a restart. */
  serving?: ServingCause;
  /** What runs the tiers here (SELFHEAL_LAUNCHER): the commands to run one now and to read its logs differ. */
  launcher?: 'launchctl' | 'systemctl' | 'spawn' | 'none';
  /** The tiers' log folder (SELFHEAL_LOG_DIR). */
  logDir?: string;
  /** darwin: the tiers are LaunchAgents whatever wakes them. */
  platform?: string;
  /** The health tier's systemd unit (seams/launcher.ts tierUnit), for "re-check now" and its logs under systemd. */
  healthUnit: string;
}

/** The command that runs the health tier now, on this platform. */
function recheckCommand(ctx: StepsContext): string {
  if (ctx.launcher === 'systemctl') return `systemctl --user start ${ctx.healthUnit}.service`;
  if (ctx.launcher === 'launchctl' || ctx.launcher === undefined || ctx.platform === 'darwin') return `launchctl kickstart gui/${ctx.uid}/${ctx.healthLabel}`;
  return `cd ${ctx.folder} && npx tsx scripts/healthcheck.ts`;
}

/** Where the tiers' own output is, on this platform. */
function tierLogs(ctx: StepsContext): string {
  const dir = ctx.logDir ?? '~/Library/Logs/openclaw-selfheal';
  if (ctx.launcher === 'systemctl') return `\`journalctl --user -u '${ctx.healthUnit.replace(/-health$/, '')}-*'\` and \`${dir}/\``;
  return `\`${dir}/\``;
}

/** What a person can run, one command per line, commands in `backticks`; by the alert's kind. */
export function nextSteps(kind: AlertKind, ctx: StepsContext): string | null {
  const lines: string[] = [];
  if (kind === 'escalated' && ctx.tmuxSession) lines.push(`Watch the doctor live: \`${attachCommand(ctx.tmuxSession, ctx.tmuxSocket)}\``);
  if (kind === 'human' || kind === 'reminder') {
    lines.push(`See what happened: \`cd ${ctx.folder} && npm run status\``);
    if (ctx.transcript) lines.push(`Doctor's transcript: \`${ctx.transcript}\``);
    lines.push(`Gateway logs: \`tail -n 100 ${ctx.logPath ?? '~/.openclaw/logs/gateway.log'}\``);
    if (ctx.incidentKind === 'serving' && ctx.serving) lines.push(...servingFix(ctx.serving));
    else if (ctx.incidentKind === 'readiness') {
      // A channel that will not connect: the alert says the cause the gateway answered (decide/channel-cause.ts).
      lines.push('See which channel and why: `openclaw channels status --probe`');
      lines.push('Once what the alert names is fixed, start the channel: `openclaw gateway call channels.start --params \'{"channel":"<id>"}\'`');
    } else if (ctx.incidentKind === 'safe-mode') {
      lines.push('Find why it crashed 3 times (the gateway logs above), then start the channels: `openclaw gateway call channels.start`');
    } else lines.push('Repair by hand: `openclaw doctor --fix`, then `openclaw gateway restart`');
    lines.push(`Re-check now: \`${recheckCommand(ctx)}\``);
    lines.push('Stop the supervisor acting while you work: `npm run status -- pause 1h`');
  }
  if (kind === 'self') lines.push(`Check: \`cd ${ctx.folder} && npm run status\`, and the tiers' logs in ${tierLogs(ctx)}`);
  return lines.length ? lines.join('\n') : null;
}
