// What is going on, and maintenance switches.
//   status [--json]                 health, open incident, what was tried, doctor, alerts, recent incidents
//   status pause <duration> [--reason "upgrading OpenClaw"]   tiers observe but do not act until then
//   status resume
//   status --history [--since 30d] [--json]   closed incidents, with their times to recovery
//   status --html [--open]          write the status page and print its path (--open: open it)
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { UsageError, main } from '../lib/view/cli.ts';
import { eventLog } from '../lib/seams/events.ts';
import { StateStore } from '../lib/record/store.ts';
import { channelSettings } from '../lib/act/channels/index.ts';
import { ack, pause, pauseSpan, resume } from '../lib/record/pause.ts';
import { renderStatus, statusReport, VERDICT_EXIT, type Schedule } from '../lib/view/status.ts';
import { DEFAULT_INTERVALS } from '../lib/install/plist.ts';
import { probeOnce } from '../lib/observe/health.ts';
import { realHttpGet } from '../lib/seams/http.ts';
import { tierLabel, tierUnit, TIER_SCRIPT } from '../lib/seams/launcher.ts';
import { join } from 'node:path';
import { HISTORY_FILE, readHistory } from '../lib/record/history.ts';
import { writePage } from '../lib/report/publish.ts';
import { parseDuration } from '../lib/text/duration.ts';
import { renderHistory } from '../lib/view/history.ts';
import { openFile } from '../lib/seams/open.ts';

const argv = await yargs(hideBin(process.argv))
  .scriptName('status')
  .usage('$0 [pause <duration> | resume] [--json]')
  .option('json', { type: 'boolean', default: false, describe: 'print JSON' })
  .option('reason', { type: 'string', default: 'maintenance', describe: 'why the supervisor is paused' })
  .option('history', { type: 'boolean', default: false, describe: 'list the closed incidents (incidents.jsonl)' })
  .option('since', { type: 'string', default: '30d', describe: 'with --history: how far back (12h, 7d, 90d)' })
  .option('html', { type: 'boolean', default: false, describe: 'write the status page and print its path' })
  .option('open', { type: 'boolean', default: false, describe: "with --html: open it with the system's opener" })
  .command('$0', 'show the status')
  .command('pause [duration]', 'pause all actions for a duration (30m, 2h, 1d; at most 7d), or --until a date', (y) =>
    y.positional('duration', { type: 'string' }).option('until', { type: 'string', describe: 'pause until this date (2026-12-24, 2026-12-24T18:00)' }),
  )
  .command('resume', 'end a pause now')
  .command('ack', 'clear the notes (you have read them)')
  .strict()
  .help()
  .version(false)
  .parse();

const [cmd] = argv._;
if (argv.history) {
  await main(
    'status',
    async (cfg) => {
      const sinceMs = parseDuration(argv.since);
      if (sinceMs === null) throw new UsageError(`--since: expected a duration like 12h, 7d or 90d, got "${argv.since}"`);
      return { ...readHistory(cfg.home, Date.now() - sinceMs), sinceMs, path: join(cfg.home, HISTORY_FILE) };
    },
    (r) => renderHistory(r, argv.since, r.path),
    argv.json,
  );
  process.exit();
}
if (argv.html) {
  await main(
    'status',
    async (cfg) => {
      const path = await writePage(cfg, new StateStore(cfg.home).read(), Date.now());
      const opened = argv.open ? await openFile(path) : null;
      return { path, opened };
    },
    (r) => (r.opened ? `${r.path}\n${r.opened}` : r.path),
    argv.json,
  );
  process.exit();
}
const shown = await main(
  'status',
  async (cfg) => {
    const store = new StateStore(cfg.home);
    const now = Date.now();
    if (cmd === 'pause') {
      const span = pauseSpan(argv.duration as string | undefined, argv.until as string | undefined, now);
      if ('error' in span) throw new UsageError(span.error);
      const ms = span.ms;
      await store.update((s) => ({ state: pause(s, now + ms, argv.reason, now), result: null }));
      eventLog(cfg.home)({ tier: 'status', event: 'paused', until: new Date(now + ms).toISOString(), reason: argv.reason });
    } else if (cmd === 'resume') {
      await store.update((s) => ({ state: resume(s), result: null }));
      eventLog(cfg.home)({ tier: 'status', event: 'resumed' });
    } else if (cmd === 'ack') {
      await store.update((s) => ({ state: ack(s), result: null }));
    }
    // The gateway probed now (bounded to about 2 s), not only what the tiers last wrote.
    const probe = await probeOnce({ cfg: { ...cfg, healthTimeoutMs: Math.min(cfg.healthTimeoutMs, 2_000) }, httpGet: realHttpGet }, 1);
    const uid = process.getuid?.() ?? 501;
    const schedule: Schedule = {
      intervals: { watchdog: DEFAULT_INTERVALS.watchdog, health: DEFAULT_INTERVALS.health, alert: DEFAULT_INTERVALS.alert },
      check: (tier) =>
        cfg.launcher === 'systemctl'
          ? `systemctl --user list-timers ${tierUnit(cfg.labelPrefix, tier)}.timer`
          : process.platform === 'darwin'
            ? `launchctl print gui/${uid}/${tierLabel(cfg, tier)}`
            : `nothing schedules the tiers here (LaunchAgents are macOS-only; no systemd units installed); run it by hand: npx tsx scripts/${TIER_SCRIPT[tier]}.ts`,
    };
    const report = statusReport(store.read(), Date.now(), channelSettings(cfg), cfg.problems.map((p) => p.message), { ok: probe.ok, detail: probe.detail }, schedule);
    return { report, now: Date.now(), maxPerDay: cfg.doctorMaxPerDay, tmuxSocket: cfg.tmuxSocket };
  },
  (r) => renderStatus(r.report, r.now, r.maxPerDay, r.tmuxSocket),
  argv.json,
);
// Exit codes a script can act on: 0 healthy, 1 unhealthy or degraded, 2 stale or cannot tell.
// pause, resume and ack say only whether they were done.
if (!cmd || cmd === '$0') process.exitCode = VERDICT_EXIT[shown.report.verdict];
