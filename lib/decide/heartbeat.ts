// The dead man's switch's ping (docs/design.md, "What happened: history, page, metrics"): success on a
// healthy tick, failure with our one-line reason (fixed words by kind) while an incident is open, in the push convention the
// URL is for. Uptime Kuma's push URLs (/api/push/<token>) take status=up|down and msg; any other
// (healthchecks.io and its kind) take the URL itself for success and <url>/fail for failure. Pure.

export type HeartbeatPing = { kind: 'up' } | { kind: 'down'; reason: string };

/** Our one-line reason per kind of incident: fixed words, so nothing from outside is sent. */
const REASONS: Record<string, string> = {
  liveness: 'OpenClaw gateway down: not running or not answering its health check',
  readiness: 'OpenClaw gateway live but not ready: a channel or plugin is failing',
  'safe-mode': "OpenClaw gateway in safe mode: its crash-loop breaker holds channels down",
  serving: 'OpenClaw gateway not serving: live and ready, but chats are not answered',
};

/** What to ping this tick: up when healthy with nothing open, down while an incident is open. */
export function heartbeatPing(probeOk: boolean, incidentKind: string | null): HeartbeatPing | null {
  if (incidentKind !== null) return { kind: 'down', reason: REASONS[incidentKind] ?? (REASONS.liveness as string) };
  return probeOk ? { kind: 'up' } : null;
}

export function heartbeatUrl(base: URL, ping: HeartbeatPing): URL {
  const u = new URL(base.href);
  if (/\/api\/push\/[^/]+\/?$/.test(u.pathname)) {
    u.searchParams.set('status', ping.kind);
    u.searchParams.set('msg', ping.kind === 'up' ? 'OK' : ping.reason.slice(0, 200));
    u.searchParams.set('ping', '');
    return u;
  }
  if (ping.kind === 'up') return u;
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/fail`;
  return u;
}
