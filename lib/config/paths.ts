// Where things are: the project root (so prompts/ and .env are found from source and from dist/),
// and ~ expansion for paths in the configuration.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'prompts'))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(start, '..');
    dir = up;
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));

export function expandHome(p: string, home: string = process.env.HOME ?? homedir()): string {
  if (p === '~') return home;
  if (p.startsWith('~/')) return join(home, p.slice(2));
  return p;
}

/** The table of log signatures the serving check matches (config/signatures.ts reads it). */
export const SIGNATURES_FILE = join(PROJECT_ROOT, 'lib', 'config', 'log-signatures.json5');
