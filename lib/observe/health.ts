// Is the gateway live? An HTTP probe of its health URL: timeout, retries with backoff, status, body,
// latency. Only observes; never acts.
import type { Deps } from '../seams/deps.ts';
import { realHttpGet, type HttpAnswer, type HttpGet } from '../seams/http.ts';

export type Verdict = 'ok' | 'slow' | 'bad-status' | 'bad-body' | 'timeout' | 'refused' | 'error';

export interface ProbeAttempt {
  verdict: Verdict;
  status: number | null;
  latencyMs: number | null;
  detail: string;
}

export interface HealthProbe {
  ok: boolean;
  verdict: Verdict;
  attempts: ProbeAttempt[];
  latencyMs: number | null;
  detail: string;
}

export interface HealthProbeOptions {
  url: URL;
  timeoutMs: number;
  retries: number;
  slowMs: number;
  bodyRegex: RegExp | null;
  get?: HttpGet;
  sleep?: (ms: number) => Promise<void>;
  backoffMs?: number;
  /**
   * Called after each failed try while tries remain; true ends the retries (a frozen gateway needs
   * no more of them). The tries so far are passed in, the last one first.
   */
  stopAfter?: (tries: ProbeAttempt[]) => Promise<boolean>;
}

export function judgeAnswer(a: HttpAnswer, slowMs: number, bodyRegex: RegExp | null): ProbeAttempt {
  const base = { status: a.status, latencyMs: a.latencyMs };
  if (a.status < 200 || a.status > 299) return { ...base, verdict: 'bad-status', detail: `HTTP ${a.status}` };
  if (bodyRegex && !bodyRegex.test(a.body)) {
    return { ...base, verdict: 'bad-body', detail: `HTTP ${a.status} but body ${JSON.stringify(a.body.slice(0, 80))} does not match ${bodyRegex.source}` };
  }
  if (a.latencyMs > slowMs) return { ...base, verdict: 'slow', detail: `answered in ${a.latencyMs} ms (slow limit ${slowMs} ms)` };
  return { ...base, verdict: 'ok', detail: `HTTP ${a.status} in ${a.latencyMs} ms` };
}

function judgeError(e: Error): ProbeAttempt {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ECONNREFUSED') return { verdict: 'refused', status: null, latencyMs: null, detail: 'connection refused' };
  if (/no answer within/.test(e.message)) return { verdict: 'timeout', status: null, latencyMs: null, detail: e.message };
  return { verdict: 'error', status: null, latencyMs: null, detail: code ? `${code}: ${e.message}` : e.message };
}

/** "HTTP 503 (3 times)" rather than "HTTP 503; HTTP 503; HTTP 503". */
function sameOnce(details: string[]): string {
  const runs: Array<{ d: string; n: number }> = [];
  for (const d of details) {
    const last = runs[runs.length - 1];
    if (last && last.d === d) last.n++;
    else runs.push({ d, n: 1 });
  }
  return runs.map((r) => (r.n > 1 ? `${r.d} (${r.n} times)` : r.d)).join('; ');
}

/** Probes up to `retries` times, backing off between tries; the first good answer ends it. */
export async function probeHealth(o: HealthProbeOptions): Promise<HealthProbe> {
  const get = o.get ?? realHttpGet;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const attempts: ProbeAttempt[] = [];
  for (let i = 0; i < o.retries; i++) {
    if (i > 0) await sleep((o.backoffMs ?? 500) * 2 ** (i - 1));
    let a: ProbeAttempt;
    try {
      a = judgeAnswer(await get(o.url, o.timeoutMs), o.slowMs, o.bodyRegex);
    } catch (e) {
      a = judgeError(e as Error);
    }
    attempts.push(a);
    if (a.verdict === 'ok') break;
    if (i + 1 < o.retries && o.stopAfter && (await o.stopAfter([...attempts].reverse()))) break;
  }
  const last = attempts[attempts.length - 1] as ProbeAttempt;
  const ok = last.verdict === 'ok';
  const detail = ok
    ? last.detail + (attempts.length > 1 ? ` (after ${attempts.length - 1} failed tries)` : '')
    : `${attempts.length} tries failed: ${sameOnce(attempts.map((a) => a.detail))}`;
  return { ok, verdict: last.verdict, attempts, latencyMs: last.latencyMs, detail };
}

/** One probe of the configured health URL (retries as configured, or `retries`). */
export function probeOnce(d: Pick<Deps, 'cfg' | 'httpGet'>, retries = d.cfg.healthRetries, stopAfter?: HealthProbeOptions['stopAfter']): Promise<HealthProbe> {
  const c = d.cfg;
  return probeHealth({ url: c.healthUrl, timeoutMs: c.healthTimeoutMs, retries, slowMs: c.healthSlowMs, bodyRegex: c.healthBodyRegex, get: d.httpGet, stopAfter });
}

/** It answers, with the right body, if slowly: up, on a busy machine. */
export function answers(p: HealthProbe): boolean {
  return p.ok || p.verdict === 'slow';
}

/** Polls until healthy (or until `enough` says so) or `seconds` pass; a gateway takes a while to boot after a restart. */
export async function waitHealthy(d: Pick<Deps, 'cfg' | 'httpGet' | 'now' | 'pc'>, seconds: number, enough: (p: HealthProbe) => boolean = (p) => p.ok): Promise<HealthProbe> {
  const deadline = d.now() + seconds * 1000;
  for (;;) {
    const p = await probeOnce(d, 1);
    if (enough(p) || d.now() >= deadline) return p;
    await d.pc.sleep(Math.min(2_000, Math.max(100, deadline - d.now())));
  }
}
