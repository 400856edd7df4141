// The Prometheus text exposition of the state (docs/design.md, "What happened: history, page,
// metrics"), for node_exporter's textfile collector. Pure. Counters come from the state's counters;
// a fresh state starts them at zero again, which Prometheus reads as a reset.
import { backlogOn } from '../record/outbox.ts';
import { TIERS, TTR_BUCKETS_S, type ChannelId, type State } from '../record/state.ts';
import { gatewayNow } from './now.ts';

type Labels = Record<string, string>;

const esc = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (l: Labels): string => {
  const parts = Object.entries(l).map(([k, v]) => `${k}="${esc(v)}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
};
const num = (n: number): string => (Number.isFinite(n) ? String(Math.round(n * 1e6) / 1e6) : n > 0 ? '+Inf' : 'NaN');

class Exposition {
  private readonly out: string[] = [];
  family(name: string, type: 'gauge' | 'counter' | 'histogram', help: string, samples: Array<[Labels, number]>): void {
    this.out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [l, v] of samples) this.out.push(`${name}${labels(l)} ${num(v)}`);
  }
  raw(line: string): void {
    this.out.push(line);
  }
  text(): string {
    return `${this.out.join('\n')}\n`;
  }
}

/** `a|b|c` keys of a counter map, split into labels. */
function split(m: Record<string, number>, names: string[]): Array<[Labels, number]> {
  return Object.entries(m)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => {
      const parts = k.split('|');
      return [Object.fromEntries(names.map((n, i) => [n, parts[i] ?? ''])), v];
    });
}

const secs = (ms: number | null | undefined): number => (ms === null || ms === undefined ? 0 : ms / 1000);

/** `durations`: each tier's last run, in seconds (kept in the metrics file itself: report/metrics-file.ts). */
export function renderMetrics(s: State, channels: ChannelId[], now: number, durations: Partial<Record<string, number>> = {}): string {
  const e = new Exposition();
  const g = gatewayNow(s);
  const bit = (v: boolean | null): number => (v ? 1 : 0);
  e.family('openclaw_selfheal_gateway_live', 'gauge', 'The gateway answered its health check on the last probe (1) or not (0).', [[{}, bit(g.live.ok)]]);
  e.family('openclaw_selfheal_gateway_ready', 'gauge', 'The gateway was live and ready (/readyz) on the last probe.', [[{}, bit(g.ready.ok)]]);
  e.family('openclaw_selfheal_gateway_serving', 'gauge', 'The gateway was live, ready and answering chats on the last check.', [[{}, bit(g.serving.ok)]]);
  e.family('openclaw_selfheal_incident_open', 'gauge', 'An incident is open.', [[{}, s.incident ? 1 : 0]]);
  e.family('openclaw_selfheal_incident_opened_timestamp_seconds', 'gauge', 'When the open incident began (0: none open).', [[{}, secs(s.incident?.openedAt)]]);
  e.family('openclaw_selfheal_paused', 'gauge', 'A person paused the supervisor (1) until the pause ends.', [[{}, s.paused && s.paused.until > now ? 1 : 0]]);
  const c = s.counters;
  e.family('openclaw_selfheal_incidents_total', 'counter', 'Closed incidents, by kind and by who fixed them.', split(c.incidents, ['kind', 'fixed_by']));
  e.family('openclaw_selfheal_restarts_total', 'counter', 'Gateway restarts by the supervisor, by tier, cause (the incident kind) and result.', split(c.restarts, ['tier', 'cause', 'result']));
  e.family('openclaw_selfheal_session_aborts_total', 'counter', 'Runs of stuck chats aborted by the supervisor (sessions.abort).', [[{}, c.sessionAborts]]);
  e.family('openclaw_selfheal_doctor_runs_total', 'counter', 'Claude Doctor runs, by outcome.', split(c.doctorRuns, ['outcome']));
  e.family('openclaw_selfheal_doctor_cost_dollars_total', 'counter', 'What the Claude Doctor runs cost, in US dollars, as Claude Code reported it.', [[{}, c.doctorCostUsd]]);
  const per = (m: Record<string, number>): Array<[Labels, number]> => channels.map((ch) => [{ channel: ch }, m[ch] ?? 0]);
  e.family('openclaw_selfheal_alerts_sent_total', 'counter', 'Alerts delivered, per channel.', per(c.alertsSent));
  e.family('openclaw_selfheal_alerts_failed_total', 'counter', 'Alert deliveries that failed and will be tried again, per channel.', per(c.alertsFailed));
  e.family('openclaw_selfheal_alerts_dropped_total', 'counter', 'Alerts a channel gave up on (refused for good, or 24 hours of failing), per channel.', per(c.alertsDropped));
  e.family('openclaw_selfheal_alert_backlog', 'gauge', 'Alerts waiting for delivery, per channel.', channels.map((ch) => [{ channel: ch }, backlogOn(s, ch).length]));
  e.family('openclaw_selfheal_canary_runs_total', 'counter', 'Canary chats sent through the gateway, by result.', split(c.canaryRuns, ['result']));
  e.family('openclaw_selfheal_tier_last_run_timestamp_seconds', 'gauge', 'When each tier last ran.', TIERS.map((t) => [{ tier: t }, secs(s.tiers[t].lastRunAt)]));
  e.family('openclaw_selfheal_tier_last_run_duration_seconds', 'gauge', 'How long each tier\'s last run took, start to exit.', TIERS.filter((t) => durations[t] !== undefined).map((t) => [{ tier: t }, durations[t] as number]));
  e.family('openclaw_selfheal_tier_last_run_ok', 'gauge', 'Whether each tier found things well on its last run.', TIERS.filter((t) => s.tiers[t].lastOk !== null).map((t) => [{ tier: t }, bit(s.tiers[t].lastOk)]));
  const name = 'openclaw_selfheal_time_to_recovery_seconds';
  e.raw(`# HELP ${name} Time to recovery of closed incidents, from the first failing probe to the close.`);
  e.raw(`# TYPE ${name} histogram`);
  TTR_BUCKETS_S.forEach((le, i) => e.raw(`${name}_bucket{le="${le}"} ${c.ttr.buckets[i] ?? 0}`));
  e.raw(`${name}_bucket{le="+Inf"} ${c.ttr.count}`);
  e.raw(`${name}_sum ${num(c.ttr.sum)}`);
  e.raw(`${name}_count ${c.ttr.count}`);
  return e.text();
}
