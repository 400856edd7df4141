// OpenClaw's readiness (gateway/health.md): /readyz answers 200 or 503 with `ready`, `failing[]`
// (a channel id, `agent-database:<id>`, `plugin-reload`, `state-database`, `gateway-draining`, or a
// startup phase), `suppressed[]` (channels the crash-loop breaker keeps down: safe mode) and the
// event loop's latest sample. Liveness (/health) decides restarts; readiness never does by itself.
import type { HttpGet } from '../seams/http.ts';

export interface Readiness {
  /** Answered at all (an HTTP status, a body). */
  answered: boolean;
  status: number | null;
  ready: boolean;
  failing: string[];
  /** Channels whose automatic start the crash-loop breaker suppressed. */
  suppressed: string[];
  eventLoopDegraded: boolean;
  delayP99Ms: number | null;
  /** How long the gateway has been up, as it says (null: not said): a new boot shows as a smaller one. */
  uptimeMs?: number | null;
  detail: string;
}

// OpenClaw's ids (`telegram`, `agent-database:main`): anything else is not passed on as the gateway wrote it (alerts carry only our words).
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => (/^[\w.:-]{1,80}$/.test(x) ? x : 'unnamed')).slice(0, 20) : []);

export function parseReadiness(status: number, body: string): Readiness {
  let o: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed && typeof parsed === 'object') o = parsed as Record<string, unknown>;
  } catch {
    /* not JSON: the status decides */
  }
  const failing = strings(o.failing);
  const suppressed = strings(o.suppressed);
  const loop = (o.eventLoop ?? null) as { degraded?: unknown; delayP99Ms?: unknown } | null;
  const ready = typeof o.ready === 'boolean' ? o.ready && status >= 200 && status < 300 : status >= 200 && status < 300;
  const eventLoopDegraded = loop?.degraded === true;
  const delayP99Ms = typeof loop?.delayP99Ms === 'number' ? Math.round(loop.delayP99Ms) : null;
  const parts = [`HTTP ${status}`, ready ? 'ready' : 'NOT ready'];
  if (failing.length) parts.push(`failing: ${failing.join(', ')}`);
  if (suppressed.length) parts.push(`channels held down by the crash-loop breaker: ${suppressed.join(', ')}`);
  if (eventLoopDegraded) parts.push(`event loop degraded${delayP99Ms !== null ? ` (p99 delay ${delayP99Ms} ms)` : ''}`);
  const uptimeMs = typeof o.uptimeMs === 'number' && Number.isFinite(o.uptimeMs) && o.uptimeMs >= 0 ? Math.round(o.uptimeMs) : null;
  return { answered: true, status, ready, failing, suppressed, eventLoopDegraded, delayP99Ms, uptimeMs, detail: parts.join('; ') };
}

export async function probeReadiness(get: HttpGet, url: URL, timeoutMs: number): Promise<Readiness> {
  try {
    const a = await get(url, timeoutMs);
    return parseReadiness(a.status, a.body);
  } catch (e) {
    return { answered: false, status: null, ready: false, failing: [], suppressed: [], eventLoopDegraded: false, delayP99Ms: null, detail: `no answer: ${(e as Error).message}` };
  }
}
