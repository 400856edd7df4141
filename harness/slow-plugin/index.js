// An OpenClaw plugin that takes a long time to load, for bench F5c: its (synchronous) registration
// waits on a child process that works for as many seconds as the file `seconds` beside it says, as a
// plugin installing or building its dependencies at startup does. The gateway does not listen until
// its plugins are loaded, and OpenClaw 2026.9.6 loads them twice (at start, then for its sidecars,
// after it first answers), so the boot takes twice that longer; its CPU time rises in the child.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export default {
  id: 'slow-boot',
  name: 'Slow boot',
  description: 'Takes a long time to load (bench F5c)',
  register() {
    let seconds = 0;
    try {
      seconds = Number(readFileSync(join(here, 'seconds'), 'utf8')) || 0;
    } catch {
      return;
    }
    // The child stops early if the gateway dies (a SIGKILL does not reach it): no stray worker.
    const work = `const t = Date.now(), parent = process.ppid; while (Date.now() - t < ${seconds * 1000} && process.ppid === parent) {}`;
    if (seconds > 0) execFileSync(process.execPath, ['-e', work], { stdio: 'ignore' });
  },
};
