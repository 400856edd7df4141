// The shared shell of every script: arguments, configuration, exit codes (0 ran, 78 bad
// configuration, 1 internal error), --json output. yargs loads only when there are arguments, so a
// launchd tick (no arguments) does not pay for it.
import { ConfigError, EXIT_CONFIG, loadConfig, type Config } from '../config/config.ts';
import type { Tier } from '../record/state.ts';
import { StateAccessError } from '../record/store.ts';
import { publish } from '../tiers/publish.ts';
import { armDeadline } from '../seams/deadline.ts';
import { killLiveChildren } from '../seams/exec.ts';

/** The state folder cannot be read or written (sysexits' EX_CANTCREAT). */
export const EXIT_STATE = 73;

/** Wrong words on the command line: one line, exit 2. */
export class UsageError extends Error {}

export type OptionSpec = Record<string, { type: 'boolean' | 'string' | 'number'; describe: string; default?: boolean | string | number }>;
export type Args = Record<string, unknown> & { json: boolean };

export async function parseArgs(name: string, usage: string, spec: OptionSpec, argv = process.argv.slice(2)): Promise<Args> {
  const defaults: Record<string, unknown> = { json: false };
  for (const [k, v] of Object.entries(spec)) if (v.default !== undefined) defaults[k] = v.default;
  if (argv.length === 0) return defaults as Args;
  const { default: yargs } = await import('yargs');
  const parsed = await yargs(argv)
    .scriptName(name)
    .usage(usage)
    .options({ json: { type: 'boolean', describe: 'print a JSON summary instead of text', default: false }, ...spec })
    .strict()
    .help()
    .version(false)
    .fail((msg, err) => {
      process.stderr.write(`${name}: ${msg ?? err?.message}\n`);
      process.exit(2);
    })
    .parse();
  return parsed as unknown as Args;
}

/** Runs a script body with the exit-code contract; a tier's run also has its deadline (exit 70). */
export async function main<T>(name: string, body: (cfg: Config) => Promise<T>, render: (r: T) => string, json: boolean, tier?: Tier): Promise<T> {
  let cfg: Config;
  try {
    cfg = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${name}: ${e.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    throw e;
  }
  // What is wrong but stops nothing goes to the tier's log, every run, until it is fixed.
  for (const p of cfg.problems) process.stderr.write(`${name}: warning: ${p.message}\n`);
  if (tier && tier !== 'doctor') {
    const seconds = cfg.deadlineS[tier];
    const home = cfg.home;
    armDeadline(name, seconds, async (doing) => {
      killLiveChildren();
      const [{ StateStore }, { recordDeadline }] = await Promise.all([import('../record/store.ts'), import('../record/deadline.ts')]);
      await new StateStore(home).update((s) => ({ state: recordDeadline(s, tier, seconds, doing, Date.now()), result: null }));
    });
  }
  try {
    const result = await body(cfg);
    // The page and the metrics, from the state this run left (report/publish.ts); from process start
    // (process.uptime: the global `performance` loads perf_hooks' internals on a tick that needs none).
    if (tier) await publish(cfg, tier, Date.now() - process.uptime() * 1000);
    process.stdout.write(`${json ? JSON.stringify(result, null, 2) : render(result)}\n`);
    process.exitCode = 0;
    return result;
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${name}: ${e.message}\n`);
      process.exit(EXIT_CONFIG);
    }
    if (e instanceof StateAccessError) {
      process.stderr.write(`${name}: ${e.message}\n`);
      process.exit(EXIT_STATE);
    }
    if (e instanceof UsageError) {
      process.stderr.write(`${name}: ${e.message}\n`);
      process.exit(2);
    }
    process.stderr.write(`${name}: internal error: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(1);
  }
}
