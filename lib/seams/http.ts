// The HTTP GET seam every probe goes through. node:http rather than a fetch library: this runs every
// tick and must start cheaply. Loaded when a probe is made, not before: a watchdog tick makes none
// (https, which loads TLS and crypto, only for an https URL).

export interface HttpAnswer {
  status: number;
  body: string;
  latencyMs: number;
}

export type HttpGet = (url: URL, timeoutMs: number) => Promise<HttpAnswer>;

export const realHttpGet: HttpGet = async (url, timeoutMs) => {
  const lib = url.protocol === 'https:' ? (await import('node:https')).default : (await import('node:http')).default;
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = lib.get(url, { headers: { 'user-agent': 'openclaw-selfheal', connection: 'close' }, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size <= 65_536) chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), latencyMs: Math.round(Number(process.hrtime.bigint() - started) / 1e6) });
      });
      res.on('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    // One deadline for connect, headers and body: a gateway that accepts and never answers is down.
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
};
