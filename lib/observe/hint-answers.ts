// What the gateway itself answers about a log hint, before anything is done on it
// (docs/design.md, "The serving check"): a stuck chat (sessions.describe: the session exists and
// its run has gone on for minutes), a channel that gave up (channels.status: a configured account
// is not running), a plugin that failed to load (plugins.list: it is there, not active, with an
// error). The names kept are the gateway's, checked to be plain words; its free text never.
import type { Exec } from '../seams/exec.ts';
import { gatewayCall } from './gateway-call.ts';

/** A run must have gone on at least this long for the gateway's answer to confirm a stall. */
export const STUCK_RUN_MIN_MS = 300_000;

export type Answer = { asked: true; confirmed: boolean; subject: string | null; detail: string } | { asked: false; why: string };

const NAME = /^[\w.-]{1,64}$/;
const plain = (v: unknown): string | null => (typeof v === 'string' && NAME.test(v) ? v : null);
const obj = (v: unknown): Record<string, unknown> | null => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null);

/** sessions.describe's row: running (status or hasActiveRun) since `startedAt`, at least STUCK_RUN_MIN_MS ago. */
export function judgeSession(data: Record<string, unknown>, now: number): Answer {
  const row = obj(data.session);
  if (!row) return { asked: true, confirmed: false, subject: null, detail: 'the gateway has no such session' };
  const running = row.status === 'running' || row.hasActiveRun === true;
  if (!running) return { asked: true, confirmed: false, subject: null, detail: 'the gateway reports no active run in it' };
  const started = typeof row.startedAt === 'number' ? row.startedAt : null;
  if (started === null) return { asked: true, confirmed: false, subject: null, detail: 'the gateway does not say since when its run goes on' };
  const age = now - started;
  return age >= STUCK_RUN_MIN_MS ? { asked: true, confirmed: true, subject: null, detail: `its run has gone on ${Math.round(age / 60_000)} min` } : { asked: true, confirmed: false, subject: null, detail: `its run started ${Math.round(age / 1000)} s ago` };
}

/** channels.status: the first configured, enabled account that is not running, by the gateway's names. */
export function judgeChannels(data: Record<string, unknown>): Answer {
  const accounts = obj(data.channelAccounts) ?? {};
  for (const [channel, list] of Object.entries(accounts)) {
    if (!NAME.test(channel) || !Array.isArray(list)) continue;
    for (const a of list.map(obj)) {
      if (!a || a.enabled === false || a.configured === false) continue;
      if (a.running === false) return { asked: true, confirmed: true, subject: channel, detail: `the gateway reports channel ${channel}${plain(a.accountId) ? ` (account ${a.accountId as string})` : ''} not running` };
    }
  }
  return { asked: true, confirmed: false, subject: null, detail: 'the gateway reports every configured channel running' };
}

/** plugins.list: a plugin, enabled, not active, with a runtime error; the hinted one first. */
export function judgePlugins(data: Record<string, unknown>, hinted: string | null): Answer {
  const list = Array.isArray(data.plugins) ? data.plugins.map(obj).filter((p): p is Record<string, unknown> => p !== null) : [];
  const failed = list.filter((p) => {
    const rt = obj(p.runtime);
    return plain(p.id) !== null && p.enabled !== false && rt !== null && rt.state !== 'active' && rt.state !== 'disabled' && typeof rt.error === 'string';
  });
  const pick = failed.find((p) => p.id === hinted) ?? failed[0];
  if (!pick) return { asked: true, confirmed: false, subject: null, detail: 'the gateway reports no plugin that failed to load' };
  return { asked: true, confirmed: true, subject: pick.id as string, detail: `the gateway reports plugin ${pick.id as string} not loaded (${plain(obj(pick.runtime)?.state) ?? 'unloaded'})` };
}

export interface HintQuestions {
  sessions: string[];
  channels: boolean;
  plugin: { hinted: string | null } | null;
}

export interface HintAnswers {
  sessions: Record<string, Answer>;
  channels: Answer | null;
  plugin: Answer | null;
}

export async function askGateway(exec: Exec, openclawBin: string, q: HintQuestions, timeoutMs: number, port: string | null, now: () => number): Promise<HintAnswers> {
  const out: HintAnswers = { sessions: {}, channels: null, plugin: null };
  const ask = async (method: string, params: Record<string, unknown> | null, judge: (d: Record<string, unknown>) => Answer): Promise<Answer> => {
    const r = await gatewayCall(exec, openclawBin, method, params, timeoutMs, port);
    return r.ok ? judge(r.data) : { asked: false, why: `${method}: ${r.why}` };
  };
  for (const key of q.sessions) out.sessions[key] = await ask('sessions.describe', { key }, (d) => judgeSession(d, now()));
  if (q.channels) out.channels = await ask('channels.status', null, judgeChannels);
  if (q.plugin) {
    const hinted = q.plugin.hinted;
    out.plugin = await ask('plugins.list', null, (d) => judgePlugins(d, hinted));
  }
  return out;
}
