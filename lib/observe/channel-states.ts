// What the gateway answers about its channels' accounts (`openclaw gateway call channels.status`),
// asked once when a channel has kept /readyz failing past the grace, to tell a refused login from
// a network that is down (docs/design.md, "Live and ready"). Seen on OpenClaw 2026.9.6: an
// unreachable Bot API leaves the account `running: true, connected: false` (OpenClaw retries it
// itself); a refused token stops it, `running: false, lifecycle: "blocked", terminalDisconnect:
// true`. Kept: the gateway's ids, checked to be plain words, and booleans; its free text only to
// choose among our own words, never passed on.
import type { Exec } from '../seams/exec.ts';
import { gatewayCall } from './gateway-call.ts';

export interface AccountState {
  channel: string;
  accountId: string | null;
  running: boolean | null;
  connected: boolean | null;
  /** OpenClaw stopped it and will not retry (`terminalDisconnect`, lifecycle `blocked`). */
  terminal: boolean;
  /** Its last error says the login or token was refused (401, 403, unauthorized, revoked, logged out). */
  loginRefused: boolean;
}

export type ChannelStates = { asked: true; accounts: AccountState[] } | { asked: false; why: string };

const NAME = /^[\w.-]{1,64}$/;
const bool = (v: unknown): boolean | null => (typeof v === 'boolean' ? v : null);
const REFUSED = /\b(unauthori[sz]ed|forbidden|40[13]|invalid (bot )?token|token (was )?revoked|revoked|logged out|not logged in|auth(entication)? failed)\b/i;

/** The configured, enabled accounts of `channels.status`'s `channelAccounts`, by the gateway's names. */
export function parseChannelStates(data: Record<string, unknown>): AccountState[] {
  const accounts = data.channelAccounts;
  if (typeof accounts !== 'object' || accounts === null || Array.isArray(accounts)) return [];
  const out: AccountState[] = [];
  for (const [channel, list] of Object.entries(accounts as Record<string, unknown>)) {
    if (!NAME.test(channel) || !Array.isArray(list)) continue;
    for (const raw of list.slice(0, 20)) {
      if (typeof raw !== 'object' || raw === null) continue;
      const a = raw as Record<string, unknown>;
      if (a.enabled === false || a.configured === false) continue;
      const terminal = a.terminalDisconnect === true || a.lifecycle === 'blocked' || a.healthState === 'terminal-disconnect';
      const err = typeof a.lastError === 'string' ? a.lastError.slice(0, 500) : '';
      out.push({
        channel,
        accountId: typeof a.accountId === 'string' && NAME.test(a.accountId) ? a.accountId : null,
        running: bool(a.running),
        connected: bool(a.connected),
        terminal,
        loginRefused: REFUSED.test(err),
      });
    }
  }
  return out;
}

export async function askChannelStates(exec: Exec, openclawBin: string, timeoutMs: number, port: string | null): Promise<ChannelStates> {
  const r = await gatewayCall(exec, openclawBin, 'channels.status', null, timeoutMs, port);
  return r.ok ? { asked: true, accounts: parseChannelStates(r.data) } : { asked: false, why: `channels.status: ${r.why}` };
}
