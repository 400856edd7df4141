// What is going on, and maintenance switches.
//   status [--json]                 health, open incident, what was tried, doctor, alerts, recent incidents
//   status pause <duration> [--reason "upgrading OpenClaw"]   tiers observe but do not act until then
//   status resume
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UsageError, main } from '../lib/view/cli.ts';
import { parseDuration } from '../lib/text/duration.ts';
import { eventLog } from '../lib/seams/events.ts';
import { StateStore } from '../lib/record/store.ts';
import { channelSettings } from '../lib/act/channels/index.ts';
import { pause, renderStatus, resume, statusReport } from '../lib/view/status.ts';

const argv = await yargs(hideBin(process.argv))
  .scriptName('status')
  .usage('$0 [pause <duration> | resume] [--json]')
  .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
  .option('reason', { type: 'string', default: 'maintenance', describe: 'why the supervisor is paused' })
  .command('$0', 'show the status')
  .command('pause <duration>', 'pause all actions for a duration (30m, 2h, 1d)', (y) => y.positional('duration', { type: 'string', demandOption: true }))
  .command('resume', 'end a pause now')
  .strict()
  .help()
  .version(false)
  .parse();

const [cmd] = argv._;
await main(
  'status',
  async (cfg) => {
    const store = new StateStore(cfg.home);
    const now = Date.now();
    if (cmd === 'pause') {
      const ms = parseDuration(String(argv.duration));
      if (ms === null) throw new UsageError(`pause: "${String(argv.duration)}" is not a duration (like 30m, 2h, 1d)`);
      await store.update((s) => ({ state: pause(s, now + ms, argv.reason, now), result: null }));
      eventLog(cfg.home)({ tier: 'status', event: 'paused', until: new Date(now + ms).toISOString(), reason: argv.reason });
    } else if (cmd === 'resume') {
      await store.update((s) => ({ state: resume(s), result: null }));
      eventLog(cfg.home)({ tier: 'status', event: 'resumed' });
    }
    return { report: statusReport(store.read(), now, channelSettings(cfg), cfg.problems.map((p) => p.message)), now, maxPerDay: cfg.doctorMaxPerDay, tmuxSocket: cfg.tmuxSocket };
  },
  (r) => renderStatus(r.report, r.now, r.maxPerDay, r.tmuxSocket),
  argv.json,
);
