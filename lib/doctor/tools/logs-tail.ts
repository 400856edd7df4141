import { z } from 'zod';
import { tailLines } from '../../observe/log-files.ts';
import { pickLogs } from './logs.ts';
import { defineTool } from './tool.ts';

export default defineTool({
  name: 'logs_tail',
  description: "The last lines of one of the gateway's configured logs (by path or file name), or of each of them when no log is given. Secrets are redacted.",
  input: z.strictObject({
    log: z.string().min(1).max(300).optional().describe('a configured log, by full path or file name'),
    lines: z.number().int().min(1).max(500).optional().describe('how many lines (default 100)'),
  }),
  acts: false,
  async run({ d, redact }, { log, lines }) {
    const files = pickLogs(d.cfg, log);
    const n = lines ?? 100;
    const parts = files.map((f) => `### ${f}\n${redact(tailLines(f, n)) || '(empty)'}`);
    return { text: parts.join('\n\n'), summary: `${n} lines of ${files.length === 1 ? files[0] : `${files.length} logs`}` };
  },
});
