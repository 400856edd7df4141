// The test runner behind `npm test` and `npm run test:quick` (--quick: the first step alone, without
// the Claude Code CLI): node:test's run() (the runner of `node --test`), in two steps reported as
// one. First test/*.test.ts and the Claude Code CLI's contract, three at a time, the heaviest first so
// the step does not end on a long file alone. Then the real gateway's faults in three files side by
// side, each on a gateway of its own, not beside the first step's load: the process faults (and a
// provider refusing the login), the faults a restart cannot fix, and a channel that cannot connect
// (mostly idle through OpenClaw's 120 s connect grace). The chat stuck for
// OpenClaw's 6 minutes (on a gateway of its own, mostly idle) runs beside both steps from the start.
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
const HEAVY = ['tiers', 'state', 'forged', 'doctor', 'launchd', 'identity', 'readiness', 'serving-tier', 'page', 'install', 'history', 'doctor-tools', 'config', 'alert-channels', 'systemd', 'chaos-runner', 'alert'];
const rank = (f) => {
  const i = HEAVY.indexOf(f.replace(/\.test\.ts$/, ''));
  return i < 0 ? HEAVY.length : i;
};
const quick = readdirSync(here)
  .filter((f) => f.endsWith('.test.ts'))
  .sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  .map((f) => join(here, f));
const quickOnly = process.argv.includes('--quick');
const steps = quickOnly
  ? // Three at a time: many files wait on a gateway's boot (docs/development.md).
    [{ files: quick, concurrency: 3 }]
  : [
      // Three at a time, as the quick loop: the Claude Code CLI's contract holds one slot most of the step.
      { files: [real('claude-contract.test.ts'), ...quick], concurrency: 3 },
      // F14 beside the first step cost that step as much time as it saved here (907 s against 901 s).
      { files: [real('acceptance.test.ts'), real('acceptance-repair.test.ts'), real('acceptance-channel.test.ts')], concurrency: 3 },
    ];
// The stuck chat waits about 7 minutes on OpenClaw's own clock, mostly idle: it starts at once, beside
// both steps, and its report is printed after theirs.
const beside = quickOnly ? [] : [real('acceptance-stall.test.ts')];

let failed = false;
const toSpec = new PassThrough({ objectMode: true });
const toTimes = new PassThrough({ objectMode: true });
const printed = new Promise((resolve) => toSpec.compose(spec).on('end', resolve).pipe(process.stdout, { end: false }));
const held = [];
const besideDone = beside.length
  ? new Promise((resolve) => {
      run({ files: beside, concurrency: 1 })
        .on('data', (ev) => {
          if (ev.type === 'test:fail' && !ev.data.todo) failed = true;
          held.push(ev);
        })
        .on('end', resolve);
    })
  : Promise.resolve();
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
await besideDone;
for (const ev of held) {
  toSpec.write(ev);
  toTimes.write(ev);
}
toSpec.end();
toTimes.end();
await printed;
for await (const line of fileTimes(toTimes)) process.stdout.write(line);
process.exitCode = failed ? 1 : 0;
