// The HTTP seam every web channel posts through, and what an answer means: taken, try again (when),
// or never (a 4xx other than 408/429: the channel will not take this, retrying only blocks it).
export interface HttpRequest {
  url: URL;
  headers: Record<string, string>;
  body: string;
}

export interface HttpResponse {
  status: number;
  header: (name: string) => string | null;
  text: string;
}

/** Throws on network errors and timeouts. */
export type Post = (req: HttpRequest, timeoutMs: number) => Promise<HttpResponse>;

export const realPost: Post = async (req, timeoutMs) => {
  const { default: fetch } = await import('node-fetch');
  const res = await fetch(req.url.href, {
    method: 'POST',
    // connection: close, so an idle keep-alive socket does not hold a one-shot tier open after its work.
    headers: { 'user-agent': 'openclaw-selfheal', connection: 'close', ...req.headers },
    body: req.body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  // Kept whole up to 64 KB: a channel reads its JSON answer (Telegram echoes the message back).
  return { status: res.status, header: (n) => res.headers.get(n), text: text.slice(0, 65_536) };
};

export type Outcome = { ok: true; detail: string } | { ok: false; permanent: boolean; retryAfterMs: number | null; error: string };

/** A Retry-After header: seconds, or an HTTP date. */
export function retryAfterHeader(res: HttpResponse, now = Date.now()): number | null {
  const h = res.header('retry-after')?.trim();
  if (!h) return null;
  if (/^\d+(\.\d+)?$/.test(h)) return Math.ceil(Number(h) * 1000);
  const t = Date.parse(h);
  return Number.isNaN(t) ? null : Math.max(0, t - now);
}

export function jsonBody(res: HttpResponse): Record<string, unknown> | null {
  try {
    const v = JSON.parse(res.text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export interface Reading {
  /** A 2xx that is not really taken (Slack's body, Telegram's `ok`): the error, or null. */
  refused?: (res: HttpResponse) => string | null;
  retryAfter?: (res: HttpResponse) => number | null;
  /** What to check when the channel refuses for good (which key in .env). */
  hint: string;
}

/** One answer, read the way every web channel reads it. */
export function readAnswer(res: HttpResponse, how: Reading): Outcome {
  const body = res.text.replace(/\s+/g, ' ').trim().slice(0, 160);
  if (res.status >= 200 && res.status < 300) {
    const refused = how.refused?.(res) ?? null;
    return refused ? { ok: false, permanent: true, retryAfterMs: null, error: `${refused} (${how.hint})` } : { ok: true, detail: `HTTP ${res.status}` };
  }
  const what = `HTTP ${res.status}${body ? `: ${body}` : ''}`;
  if (res.status === 429) {
    const after = how.retryAfter?.(res) ?? retryAfterHeader(res);
    return { ok: false, permanent: false, retryAfterMs: after, error: `rate limited${after !== null ? ` (retry after ${Math.round(after / 1000)}s)` : ''}` };
  }
  if (res.status === 408) return { ok: false, permanent: false, retryAfterMs: null, error: what };
  if (res.status >= 400 && res.status < 500) return { ok: false, permanent: true, retryAfterMs: null, error: `${what} (${how.hint})` };
  return { ok: false, permanent: false, retryAfterMs: retryAfterHeader(res), error: what };
}

/** A network error or a timeout, in words, with the secrets of the target taken out. */
export function failureOf(e: unknown, timeoutMs: number, secrets: string[]): Outcome {
  const err = e as Error;
  let msg = err.name === 'AbortError' || /timeout|aborted/i.test(err.message) ? `no answer within ${timeoutMs / 1000}s` : err.message;
  // node-fetch names the URL in its errors, and a webhook's URL is its secret.
  for (const s of secrets.filter((x) => x.length >= 6).sort((a, b) => b.length - a.length)) msg = msg.split(s).join('<hidden>');
  return { ok: false, permanent: false, retryAfterMs: null, error: msg };
}
