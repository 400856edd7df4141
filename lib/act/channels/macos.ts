// macOS: a Notification Center banner through osascript. The text travels as arguments to the
// script's run handler and is never spliced into the script, so no text can become AppleScript.
import { cut, type AlertMessage } from './message.ts';
import { settingsOf, type Channel } from './channel.ts';

export const OSASCRIPT = '/usr/bin/osascript';
const SCRIPT = ['on run argv', 'display notification (item 1 of argv) with title (item 2 of argv) subtitle (item 3 of argv)', 'end run'];

/** An argument osascript can never read as an option: no leading "-", one line. */
function arg(s: string, n: number): string {
  return cut(s.replace(/\s+/g, ' ').replace(/^[\s-]+/, '').trim(), n) || '·';
}

/** osascript's argv: the fixed script, then the banner's body, title and subtitle as data. */
export function osascriptArgs(m: AlertMessage): string[] {
  const body = m.headline ? `${m.headline} ${m.summary}` : m.summary;
  return [...SCRIPT.flatMap((line) => ['-e', line]), arg(body || m.title, 240), 'OpenClaw self-heal', arg(m.title, 120)];
}

export const macos: Channel = {
  id: 'macos',
  ...settingsOf('macos'),
  async send(m, _cfg, t, timeoutMs) {
    const r = await t.exec(OSASCRIPT, osascriptArgs(m), { timeoutMs });
    if (r.ok) return { ok: true, detail: 'banner shown' };
    const why = r.timedOut ? `osascript gave no answer within ${timeoutMs / 1000}s` : r.notFound ? `${OSASCRIPT} could not be started` : `osascript exited ${r.exitCode ?? r.signal}: ${r.stderr.trim().slice(0, 160)}`;
    return { ok: false, permanent: false, retryAfterMs: null, error: why };
  },
};
