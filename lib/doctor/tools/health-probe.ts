import { z } from 'zod';
import { defineTool } from './tool.ts';

export default defineTool({
  name: 'health_probe',
  description: "One HTTP GET of the gateway's own /health (liveness) or /readyz (readiness: channels, databases, event loop), on the configured health URL's origin. Returns status, latency and the body (at most 2 KB).",
  input: z.strictObject({ path: z.enum(['/health', '/readyz']).optional().describe('/health (default) or /readyz') }),
  acts: false,
  async run({ d, redact }, { path }) {
    // Only the configured origin: the path is one of two constants, never a URL the model wrote.
    const url = new URL(path ?? '/health', d.cfg.healthUrl.origin);
    try {
      const a = await d.httpGet(url, d.cfg.healthTimeoutMs);
      const body = redact(a.body.slice(0, 2048));
      return { text: JSON.stringify({ url: url.href, status: a.status, latencyMs: a.latencyMs, body }, null, 2), summary: `${url.pathname}: HTTP ${a.status} in ${a.latencyMs} ms`, failed: a.status < 200 || a.status > 299 };
    } catch (e) {
      const why = (e as Error).message;
      return { text: JSON.stringify({ url: url.href, status: null, error: why }, null, 2), summary: `${url.pathname}: no answer (${why.slice(0, 60)})`, failed: true };
    }
  },
});
