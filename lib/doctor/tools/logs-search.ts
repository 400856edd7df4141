import { z } from 'zod';
import { readTail } from '../../observe/log-files.ts';
import { pemLines } from '../../text/redact.ts';
import { pickLogs } from './logs.ts';
import { defineTool } from './tool.ts';

export default defineTool({
  name: 'logs_search',
  description: "Lines containing a literal text (case-insensitive, no regular expressions) in the gateway's configured logs (the last 20 MB of each), with line numbers. Secrets are redacted.",
  input: z.strictObject({
    text: z.string().min(1).max(200).describe('the literal text to find'),
    log: z.string().min(1).max(300).optional().describe('one configured log, by full path or file name'),
    max: z.number().int().min(1).max(200).optional().describe('at most this many matches (default 50), newest last'),
  }),
  acts: false,
  async run({ d, redact }, { text, log, max }) {
    const files = pickLogs(d.cfg, log);
    const needle = text.toLowerCase();
    const limit = max ?? 50;
    const hits: string[] = [];
    for (const f of files) {
      const { text: body, truncated } = readTail(f, 20 * 1024 * 1024);
      const lines = body.split('\n');
      const found: string[] = [];
      const pem = pemLines(lines);
      lines.forEach((l, i) => {
        // A line of a PEM block is masked whole: its body lines match "MIIE" and look like nothing else.
        if (pem.has(i)) {
          if (l.toLowerCase().includes(needle)) found.push(`${i + 1}: [REDACTED: inside a PEM block]`);
          return;
        }
        // Redacted whole, then cut: a cut first would leave part of a token no pattern knows any more.
        if (l.toLowerCase().includes(needle)) found.push(`${i + 1}${truncated ? ' (from the last 20 MB)' : ''}: ${redact(l).slice(0, 500)}`);
      });
      hits.push(`### ${f}: ${found.length} match(es)${found.length > limit ? `, the last ${limit} shown` : ''}`, ...found.slice(-limit));
    }
    return { text: hits.join('\n'), summary: `searched ${files.length} log(s)` };
  },
});
