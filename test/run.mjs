// The test runner behind `npm test` (node:test's run(), the runner of `node --test`, which would sort
// the files by path): the files
// start in the order given, up to three at a time. First the real-gateway faults that wait minutes
// on OpenClaw's own clocks (test/real/acceptance-long.test.ts: mostly idle), beside them the tests
// of test/*.test.ts and the Claude Code CLI contract two at a time, then the other real-gateway
// faults (test/real/acceptance.test.ts). Reporters: spec, then each file's time and the totals.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { PassThrough } from 'node:stream';
import fileTimes from './file-times.mjs';

const here = new URL('.', import.meta.url).pathname;
const quick = readdirSync(here).filter((f) => f.endsWith('.test.ts')).sort().map((f) => join(here, f));
const real = (f) => join(here, 'real', f);
const files = [real('acceptance-long.test.ts'), ...quick, real('claude-contract.test.ts'), real('acceptance.test.ts')];

let failed = false;
const events = run({ files, concurrency: 3 });
const a = new PassThrough({ objectMode: true });
const b = new PassThrough({ objectMode: true });
events.on('data', (ev) => {
  if (ev.type === 'test:fail' && !ev.data.todo) failed = true;
  a.write(ev);
  b.write(ev);
});
events.on('end', () => {
  a.end();
  b.end();
});
await new Promise((resolve) => {
  a.compose(spec).pipe(process.stdout, { end: false }).on('unpipe', () => undefined);
  a.on('end', () => setImmediate(resolve));
});
for await (const line of fileTimes(b)) process.stdout.write(line);
process.exitCode = failed ? 1 : 0;
