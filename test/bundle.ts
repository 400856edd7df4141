// Bundles a TS entry into one .mjs with esbuild, so a test can start hundreds of real processes
// cheaply (no loader in each). Dependencies stay external and resolve from the project.
import { join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../lib/config/paths.ts';

const cache = new Map<string, Promise<string>>();

export function bundle(entry: string): Promise<string> {
  const key = entry;
  let p = cache.get(key);
  if (!p) {
    const outfile = join(PROJECT_ROOT, 'node_modules', '.cache', 'selfheal-test', `${entry.replace(/[/.]/g, '_')}.mjs`);
    p = build({ entryPoints: [join(PROJECT_ROOT, entry)], bundle: true, platform: 'node', format: 'esm', outfile, packages: 'external', logLevel: 'error' }).then(() => outfile);
    cache.set(key, p);
  }
  return p;
}
