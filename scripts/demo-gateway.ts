// The demo gateway and its stand-in service manager, for the demo, the tests and the benchmark.
//   demo-gateway serve   --dir D --port P    the gateway process itself (foreground)
//   demo-gateway restart --dir D --port P    stop (SIGTERM, gives up if ignored) then start, detached
//   demo-gateway stop    --dir D
//   demo-gateway fault   --dir D '{"hang":true}'   set a fault (JSON, see harness/demo-gateway.ts)
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { restart, serve, stop, writeFault, type Fault } from '../harness/demo-gateway.ts';

await yargs(hideBin(process.argv))
  .scriptName('demo-gateway')
  .option('dir', { type: 'string', demandOption: true, describe: 'folder for the pidfile, fault file and log' })
  .option('port', { type: 'number', default: 18789, describe: 'loopback port' })
  .option('note', { type: 'string', describe: 'free text on the command line, ignored' })
  .option('stop-timeout', { type: 'number', default: 3000, describe: 'ms to wait for SIGTERM before giving up' })
  .command('serve', 'run the gateway in the foreground', {}, (a) => serve(String(a.dir), Number(a.port)))
  .command('restart', 'stop, then start detached', {}, async (a) => {
    const r = await restart(String(a.dir), Number(a.port), Number(a["stop-timeout"]));
    (r.ok ? console.log : console.error)(r.detail);
    process.exitCode = r.ok ? 0 : 1;
  })
  .command('stop', 'stop with SIGTERM', {}, async (a) => {
    const ok = await stop(String(a.dir), Number(a["stop-timeout"]));
    process.exitCode = ok ? 0 : 1;
  })
  .command('fault <json>', 'set a fault', (y) => y.positional('json', { type: 'string', demandOption: true }), (a) => {
    writeFault(String(a.dir), JSON.parse(a.json) as Fault);
  })
  .demandCommand(1)
  .strict()
  .parse();
