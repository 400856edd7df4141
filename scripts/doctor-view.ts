// The live view a tmux session shows while the doctor works: follows the transcript, prints it
// readably, and lingers a while after the result so a person can read it.
//   doctor-view <transcript.jsonl> [--linger seconds]
import { closeSync, openSync, readSync } from 'node:fs';
import { redact } from '../lib/text/redact.ts';
import { viewLine } from '../lib/doctor/transcript-view.ts';

const [file, flag, value] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: doctor-view <transcript.jsonl> [--linger seconds]\n');
  process.exit(2);
}
const linger = flag === '--linger' ? Number(value) : 300;
process.stdout.write(`openclaw-selfheal: the Claude Doctor, live (${file})\n\n`);
const fd = openSync(file, 'r');
let pos = 0;
let rest = '';
let done = false;
const buf = Buffer.alloc(65_536);
while (!done) {
  const n = readSync(fd, buf, 0, buf.length, pos);
  if (n === 0) {
    await new Promise((r) => setTimeout(r, 300));
    continue;
  }
  pos += n;
  const lines = (rest + buf.subarray(0, n).toString('utf8')).split('\n');
  rest = lines.pop() ?? '';
  for (const line of lines) {
    const v = viewLine(line, redact);
    if (v) process.stdout.write(`${v}\n`);
    if (line.includes('"type":"selfheal_verdict"')) done = true;
  }
}
closeSync(fd);
process.stdout.write(`\n(this view closes in ${linger}s; the transcript stays at ${file})\n`);
await new Promise((r) => setTimeout(r, linger * 1000));
