// A node --test reporter: each test file's time (the sum of its top-level tests), slowest first,
// then the run's totals again, so the closing lines say where the time went and how many passed.
import { relative } from 'node:path';

export default async function* fileTimes(source) {
  const per = new Map();
  let pass = 0;
  let fail = 0;
  let skip = 0;
  for await (const ev of source) {
    if (ev.type !== 'test:pass' && ev.type !== 'test:fail') continue;
    const d = ev.data;
    if (d.nesting === 0 && d.file) {
      const f = relative(process.cwd(), d.file);
      per.set(f, (per.get(f) ?? 0) + (d.details?.duration_ms ?? 0));
    }
    if (d.details?.type === 'suite') continue;
    if (d.skip || d.todo) skip++;
    else if (ev.type === 'test:pass') pass++;
    else fail++;
  }
  const rows = [...per.entries()].sort((a, b) => b[1] - a[1]);
  yield '\nTime per test file (sum of its top-level tests):\n';
  for (const [f, ms] of rows) yield `  ${(ms / 1000).toFixed(1).padStart(7)} s  ${f}\n`;
  yield `tests ${pass + fail}, pass ${pass}, fail ${fail}${skip ? `, skipped ${skip}` : ''}\n`;
}
