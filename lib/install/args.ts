// The command line install.sh gives both renderers (render-plists, render-units): the same values,
// checked the same way, so a LaunchAgent and a systemd unit are made from one description.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { PROJECT_ROOT } from '../config/paths.ts';
import { DEFAULT_INTERVALS, type PlistValues } from './plist.ts';

export async function renderArgs(name: string, argv = process.argv): Promise<{ out: string; values: PlistValues }> {
  const a = await yargs(hideBin(argv))
    .scriptName(name)
    .option('out', { type: 'string', demandOption: true })
    .option('node', { type: 'string', demandOption: true })
    .option('path', { type: 'string', demandOption: true })
    .option('home', { type: 'string', demandOption: true })
    .option('log-dir', { type: 'string', demandOption: true })
    .option('label-prefix', { type: 'string', default: 'ai.openclaw.selfheal' })
    .option('env', { type: 'array', string: true, default: [] as string[], describe: 'KEY=VALUE for the environment the tiers get' })
    .option('interval-scale', { type: 'number', default: 1, describe: 'multiply the intervals (tests)' })
    .strict()
    .parse();
  for (const p of [a.node, a.home, a['log-dir']]) {
    if (!p.startsWith('/')) {
      process.stderr.write(`${name}: ${p} is not an absolute path\n`);
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
  return { out: a.out, values: { root: PROJECT_ROOT, node: a.node, path: a.path, home: a.home, logDir: a['log-dir'], labelPrefix: a['label-prefix'], intervals, extraEnv } };
}
