// How tests and benches start one of our scripts or stand-ins: from dist/ (about 60 ms of CPU) while
// it was built after every source file changed, else through tsx (about 400 ms), so a test never
// runs stale code. `npm test` and `npm run test:quick` build first.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { scriptCommand } from '../lib/seams/launcher.ts';

let fresh: boolean | undefined;

function newestSource(dir: string): number {
  let newest = 0;
  for (const n of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, n.name);
    if (n.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(ts|json5?)$/.test(n.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** dist/ was built after the last change to lib/, scripts/ and harness/. */
export function distFresh(): boolean {
  if (fresh === undefined) {
    try {
      const built = statSync(join(PROJECT_ROOT, 'dist', '.built')).mtimeMs;
      fresh = ['lib', 'scripts', 'harness'].every((d) => newestSource(join(PROJECT_ROOT, d)) <= built);
    } catch {
      fresh = false;
    }
  }
  return fresh;
}

/** The command line for `name` (a script, or `../harness/<stand-in>`). */
export function runCommand(name: string): string[] {
  const compiled = name.startsWith('../harness/') ? join(PROJECT_ROOT, 'dist', 'harness', `${basename(name)}.js`) : join(PROJECT_ROOT, 'dist', 'scripts', `${name}.js`);
  return distFresh() && existsSync(compiled) ? [process.execPath, compiled] : scriptCommand(name);
}
