// The test runner behind `npm test` and `npm run test:quick` (--quick: the first step alone, without
// the Claude Code CLI): node:test's run() (the runner of `node --test`), in two steps reported as one. First test/*.test.ts and the Claude Code CLI's contract, two at a time, the
// heaviest first so the step does not end on a long file alone. Then the real gateway's faults in
// three files side by side, each on a gateway of its own, none beside the first step's load: the
// process faults, the faults a restart cannot fix, and the chat stuck for OpenClaw's 6 minutes.
// Reporters: spec, then each file's time and the totals (test/file-times.mjs).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import fileTimes from './file-times.mjs';

const here = new URL('.', import.meta.url).pathname;
const real = (f) => join(here, 'real', f);
// The slowest files of the last measured run (docs/development.md), started first.
const HEAVY = ['tiers', 'state', 'alert-channels', 'forged', 'doctor', 'launchd', 'systemd', 'readiness', 'history'];
const rank = (f) => {
  const i = HEAVY.indexOf(f.replace(/\.test\.ts$/, ''));
  return i < 0 ? HEAVY.length : i;
};
const quick = readdirSync(here)
  .filter((f) => f.endsWith('.test.ts'))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  .map((f) => join(here, f));
const steps = process.argv.includes('--quick')
  ? [{ files: quick, concurrency: 2 }]
  : [
      { files: [real('claude-contract.test.ts'), ...quick], concurrency: 2 },
      { files: [real('acceptance.test.ts'), real('acceptance-repair.test.ts'), real('acceptance-stall.test.ts')], concurrency: 3 },
    ];

let failed = false;
const toSpec = new PassThrough({ objectMode: true });
const toTimes = new PassThrough({ objectMode: true });
const printed = new Promise((resolve) => toSpec.compose(spec).on('end', resolve).pipe(process.stdout, { end: false }));
for (const step of steps) {
  await new Promise((resolve) => {
    run(step)
      .on('data', (ev) => {
        if (ev.type === 'test:fail' && !ev.data.todo) failed = true;
        toSpec.write(ev);
        toTimes.write(ev);
      })
      .on('end', resolve);
  });
}
toSpec.end();
toTimes.end();
await printed;
for await (const line of fileTimes(toTimes)) process.stdout.write(line);
process.exitCode = failed ? 1 : 0;
