// `npm run build`: one bundled file per entry point in dist/scripts/ (esbuild), so a LaunchAgent's
// tick loads one file and the code it reaches, not a tree of modules; code only a failing path needs
// stays behind a dynamic import() in a chunk of its own. The small packages every tick uses (dotenv,
// the lockfile, atomic writes) are bundled in; the big ones only a failing path or a person's command
// loads stay in node_modules, where they read their own files.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { PROJECT_ROOT } from '../lib/config/paths.ts';

/** What LaunchAgents, install.sh, the doctor's settings and the tests start from dist/. */
export const ENTRIES = ['watchdog', 'healthcheck', 'doctor', 'alert', 'status', 'doctor-guard', 'doctor-tools', 'doctor-view', 'render-plists', 'render-units', 'serving-check', 'without-state', 'demo', 'demo-gateway', 'real-gateway'];

const out = join(PROJECT_ROOT, 'dist', 'scripts');
rmSync(join(PROJECT_ROOT, 'dist'), { recursive: true, force: true });
await build({
  entryPoints: ENTRIES.map((e) => join(PROJECT_ROOT, 'scripts', `${e}.ts`)),
  outdir: out,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: false,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  external: ['yargs', 'yargs/*', 'execa', 'node-fetch', 'zod', '@modelcontextprotocol/*', '@secretlint/*', 'tsx', 'esbuild'],
  // The lockfile's graceful-fs patches every fs function to queue on EMFILE: a one-shot tick opens a
  // handful of files, so node's own fs serves it, at a fraction of the start-up cost.
  alias: { 'graceful-fs': 'node:fs' },
  // The bundled CommonJS packages call require() and read __filename, which ESM does not have.
  banner: { js: "import { createRequire as __selfhealRequire } from 'node:module'; import { fileURLToPath as __selfhealPath } from 'node:url'; const require = __selfhealRequire(import.meta.url); const __filename = __selfhealPath(import.meta.url); const __dirname = __selfhealPath(new URL('.', import.meta.url));" },
  logLevel: 'warning',
});
