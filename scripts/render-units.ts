// Used by install.sh on Linux: renders the systemd user units into a folder and prints one unit per line.
//   render-units --out DIR --node /abs/node --path "/a:/b" --home ~ --log-dir DIR [--env KEY=VALUE ...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { DEFAULT_INTERVALS } from '../lib/install/plist.ts';
import { renderUnits } from '../lib/install/units.ts';

const a = await yargs(hideBin(process.argv))
  .option('out', { type: 'string', demandOption: true })
  .option('node', { type: 'string', demandOption: true })
  .option('path', { type: 'string', demandOption: true })
  .option('home', { type: 'string', demandOption: true })
  .option('log-dir', { type: 'string', demandOption: true })
  .option('label-prefix', { type: 'string', default: 'ai.openclaw.selfheal' })
  .option('env', { type: 'array', string: true, default: [] as string[], describe: 'KEY=VALUE for Environment=' })
  .option('interval-scale', { type: 'number', default: 1, describe: 'multiply the timers\' intervals (tests)' })
  .strict()
  .parse();
for (const p of [a.node, a.home, a['log-dir']]) {
  if (!p.startsWith('/')) {
    process.stderr.write(`render-units: ${p} is not an absolute path\n`);
    process.exit(2);
  }
}
const extraEnv: Record<string, string> = {};
for (const kv of a.env) {
  const i = kv.indexOf('=');
  if (i > 0) extraEnv[kv.slice(0, i)] = kv.slice(i + 1);
}
const scale = a['interval-scale'];
const intervals = Object.fromEntries(Object.entries(DEFAULT_INTERVALS).map(([k, v]) => [k, Math.max(1, Math.round(v * scale))])) as typeof DEFAULT_INTERVALS;
mkdirSync(a.out, { recursive: true });
for (const u of renderUnits(join(PROJECT_ROOT, 'plists', 'systemd'), { root: PROJECT_ROOT, node: a.node, path: a.path, home: a.home, logDir: a['log-dir'], labelPrefix: a['label-prefix'], intervals, extraEnv })) {
  writeFileSync(join(a.out, u.fileName), u.text, { mode: 0o644 });
  process.stdout.write(`${u.unit}\n`);
}
