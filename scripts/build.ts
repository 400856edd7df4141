// `npm run build`: one bundled file per entry point in dist/scripts/ (esbuild), so a LaunchAgent's
// tick loads one file and the code it reaches, not a tree of modules; code only a failing path needs
// stays behind a dynamic import() in a chunk of its own. The small packages every tick uses (dotenv,
// the lockfile, atomic writes) are bundled in; the big ones only a failing path or a person's command
// loads stay in node_modules, where they read their own files.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, type BuildOptions, type Plugin } from 'esbuild';
import { PROJECT_ROOT } from '../lib/config/paths.ts';

/** What LaunchAgents, install.sh, the doctor's settings and the tests start from dist/. */
export const ENTRIES = ['watchdog', 'healthcheck', 'doctor', 'alert', 'status', 'doctor-guard', 'doctor-tools', 'doctor-view', 'render-plists', 'render-units', 'serving-check', 'without-state', 'report', 'demo', 'demo-gateway', 'real-gateway'];

/** Stand-ins the tests start as commands (the `openclaw` and `claude` CLIs), compiled like the tiers. */
export const HARNESS_ENTRIES = ['fake-openclaw', 'fake-claude'];

/**
 * Two node modules a tick would load only for one line each, at about 3 ms of CPU apiece on every
 * tick (docs/benchmarks.md): write-file-atomic reads `threadId` from worker_threads (a tier never
 * runs in a worker: 0), and the lockfile's signal-exit checks one argument with `assert.equal`.
 */
const SHIMS: Record<string, { from: RegExp; contents: string }> = {
  worker_threads: { from: /[\\/]write-file-atomic[\\/]/, contents: 'module.exports = { threadId: 0, isMainThread: true };' },
  assert: {
    from: /[\\/]proper-lockfile[\\/]node_modules[\\/]signal-exit[\\/]/,
    contents: "const ok = (v, m) => { if (!v) throw new Error(m); }; ok.equal = (a, b, m) => ok(a == b, m); module.exports = ok;",
  },
};
const shims: Plugin = {
  name: 'tick-shims',
  setup(b) {
    b.onResolve({ filter: /^(worker_threads|assert)$/ }, (a) => (SHIMS[a.path]?.from.test(a.importer) ? { path: a.path, namespace: 'tick-shim' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'tick-shim' }, (a) => ({ contents: SHIMS[a.path]?.contents ?? '', loader: 'js' }));
  },
};

rmSync(join(PROJECT_ROOT, 'dist'), { recursive: true, force: true });
const common: BuildOptions = {
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
  plugins: [shims],
  // The bundled CommonJS packages call require() and read __filename, which ESM does not have.
  banner: { js: "import { createRequire as __selfhealRequire } from 'node:module'; import { fileURLToPath as __selfhealPath } from 'node:url'; const require = __selfhealRequire(import.meta.url); const __filename = __selfhealPath(import.meta.url); const __dirname = __selfhealPath(new URL('.', import.meta.url));" },
  logLevel: 'warning',
};
await build({ ...common, entryPoints: ENTRIES.map((e) => join(PROJECT_ROOT, 'scripts', `${e}.ts`)), outdir: join(PROJECT_ROOT, 'dist', 'scripts') });
await build({ ...common, entryPoints: HARNESS_ENTRIES.map((e) => join(PROJECT_ROOT, 'harness', `${e}.ts`)), outdir: join(PROJECT_ROOT, 'dist', 'harness') });
// When it was built: the tests run dist/ only while it is newer than every source file.
writeFileSync(join(PROJECT_ROOT, 'dist', '.built'), `${new Date().toISOString()}\n`);
