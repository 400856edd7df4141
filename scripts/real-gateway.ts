// The real OpenClaw gateway (from the pinned cache) and its stand-in service manager.
//   real-gateway up      [--dir D] [--port P]   scratch HOME, free loopback port, start, wait until it answers
//   real-gateway restart --dir D                stop (SIGTERM, gives up if ignored), start, wait for it
//   real-gateway stop    --dir D
//   --prefix P: the OpenClaw installed globally into npm prefix P (the update bench), not the cache's
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { findOpenclaw, installAtPrefix, realSupervisorEnv, restartReal, stopReal, upReal } from '../harness/real-gateway.ts';

function install(prefix?: string) {
  const i = prefix ? installAtPrefix(prefix) : findOpenclaw();
  if (!i) {
    console.error(prefix ? `real-gateway: no openclaw installed at the npm prefix ${prefix}` : 'real-gateway: openclaw is not in .cache/; run scripts/install-openclaw-cache.sh first');
    process.exit(69);
  }
  return i;
}

function dirOf(dir: string | undefined): string {
  if (!dir) {
    console.error('real-gateway: --dir is required (the folder `real-gateway up` printed)');
    process.exit(64);
  }
  return dir;
}

await yargs(hideBin(process.argv))
  .scriptName('real-gateway')
  .option('dir', { type: 'string', describe: 'folder for the scratch HOME, pidfile and log' })
  .option('prefix', { type: 'string', describe: 'run the OpenClaw installed globally into this npm prefix, not the cache' })
  .option('stop-timeout', { type: 'number', default: 15_000, describe: 'ms to wait for SIGTERM before giving up' })
  .command('up', 'start a fresh gateway on a free port', (y) => y.option('port', { type: 'number' }), async (a) => {
    const dir = a.dir ?? mkdtempSync(join(tmpdir(), 'openclaw-real-'));
    const g = await upReal(dir, install(a.prefix as string | undefined), { port: a.port });
    console.log(`gateway answering at ${g.url} after ${(g.bootMs / 1000).toFixed(1)} s (dir ${dir})`);
    for (const [k, v] of Object.entries(realSupervisorEnv(dir, g.port))) console.log(`${k}=${v}`);
  })
  .command('restart', 'stop, then start detached and wait for it', {}, async (a) => {
    const r = await restartReal(dirOf(a.dir as string | undefined), install(a.prefix as string | undefined), { stopWaitMs: Number(a['stop-timeout']) });
    (r.ok ? console.log : console.error)(r.detail);
    process.exitCode = r.ok ? 0 : 1;
  })
  .command('stop', 'stop with SIGTERM', {}, async (a) => {
    process.exitCode = (await stopReal(dirOf(a.dir as string | undefined), Number(a['stop-timeout']))) ? 0 : 1;
  })
  .demandCommand(1)
  .strict()
  .parse();
