// End to end as launchd would run it: install.sh renders and "bootstraps" the agents (stand-in
// launchctl), a small scheduler fires them with launchd's semantics and intervals scaled by 1/20,
// under launchd's bare environment, running the compiled scripts. A crash and a hang of the demo
// gateway are recovered through the real scripts.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { alive, demoRestartCommand, writeFault } from '../harness/demo-gateway.ts';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { StateStore } from '../lib/record/store.ts';
import { makeStandins } from '../harness/launchd-standins.ts';
import { Scheduler } from '../harness/scheduler.ts';
import { needTools, startDemo, tempDir, track, type DemoGateway, waitFor, waitHealthy } from './helpers.ts';

const SCALE = 0.05;
let sched: Scheduler | null = null;
let gw: DemoGateway;
let store: StateStore;

before(async () => {
  // The agents run dist/, as on a Mac after install.sh (npm test builds it first).
  gw = await startDemo();
  const dir = tempDir();
  const home = join(dir, 'home');
  const s = makeStandins(dir);
  const envFile = join(dir, 'selfheal.env');
  const cfg: Record<string, string> = {
    ...gw.env,
    GATEWAY_RESTART_COMMAND: demoRestartCommand(gw.dir, gw.port),
    SELFHEAL_LAUNCHER: 'launchctl',
    SELFHEAL_LOG_DIR: join(home, 'Library', 'Logs', 'openclaw-selfheal'),
    STARTUP_GRACE_S: '4',
    RESTART_VERIFY_S: '10',
    ALERT_RECOVERY_SETTLE_S: '1',
    CLAUDE_BIN: join(s.bin, 'claude'),
  };
  delete cfg.SELFHEAL_ENV_FILE;
  writeFileSync(envFile, Object.entries(cfg).map(([k, v]) => `${k}=${v}`).join('\n'));
  const r = spawnSync(join(PROJECT_ROOT, 'install.sh'), [], {
    env: { HOME: home, PATH: `${s.bin}:${dirname(process.execPath)}:/usr/bin:/bin`, SELFHEAL_FORCE_MACOS: '1', SELFHEAL_SKIP_DEPS: '1', SELFHEAL_ENV_FILE: envFile, SELFHEAL_HOME: cfg.SELFHEAL_HOME as string, SELFHEAL_INTERVAL_SCALE: String(SCALE) },
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  store = new StateStore(cfg.SELFHEAL_HOME as string);
  sched = new Scheduler(join(home, 'Library', 'LaunchAgents'), s.kickDir);
  sched.start(['ai.openclaw.selfheal.watchdog', 'ai.openclaw.selfheal.health']);
});


function recovered(): number {
  return store.read().history.filter((h) => h.outcome === 'recovered').length;
}

describe('as launchd runs it (scheduler, bare environment, compiled scripts)', () => {
  before(() => needTools('lsof', 'ps', 'tmux'));
  // Here, not at the top: the suite's own hook runs before the shared clean-up removes the folders
  // the scheduler's tiers still write into (seen: a removal failing, the scheduler never stopped).
  after(async () => {
    await sched?.stop();
    gw?.stopAll();
  });
  it('the agents run under the bare environment and find everything they need', async () => {
    assert.ok(await waitFor(() => (sched?.firings.filter((f) => f.exitCode === 0).length ?? 0) >= 2, 15_000), JSON.stringify(sched?.firings));
    assert.ok(sched?.firings.every((f) => f.exitCode === undefined || f.exitCode === 0), JSON.stringify(sched?.firings));
    assert.equal(store.read().tiers.health.lastOk, true);
  });

  it('a crash is recovered end to end', async () => {
    const before = recovered();
    const pid = gw.pid() as number;
    process.kill(pid, 'SIGKILL');
    assert.ok(await waitFor(() => recovered() > before, 45_000, 250), JSON.stringify(store.read().incident));
    assert.ok(await waitHealthy(gw.url, 5_000));
    track(gw.pid());
    assert.notEqual(gw.pid(), pid);
  });

  it('a hang that ignores SIGTERM is recovered end to end, with SIGKILL of that pid only', async () => {
    // Wait out the startup grace of the previous restart.
    await new Promise((r) => setTimeout(r, 4_500));
    const before = recovered();
    const pid = gw.pid() as number;
    writeFault(gw.dir, { pid, hang: true, ignoreTerm: true });
    assert.ok(await waitFor(() => recovered() > before, 60_000, 250), JSON.stringify(store.read().incident));
    assert.equal(alive(pid), false);
    track(gw.pid());
    assert.ok(await waitHealthy(gw.url, 5_000));
    const last = store.read().history.at(-1);
    assert.match(JSON.stringify(last?.actions), new RegExp(`SIGKILL to ${pid}`));
    // The alert tier was kickstarted by label and delivered nothing (no webhook), without failing.
    // The recovery notice comes due after ALERT_RECOVERY_SETTLE_S; the next tier run kickstarts the alert agent.
    assert.ok(await waitFor(() => sched?.firings.some((f) => f.label === 'ai.openclaw.selfheal.alert' && f.why === 'kickstart') ?? false, 15_000, 200));
    assert.ok(existsSync(join(PROJECT_ROOT, 'dist', 'scripts', 'alert.js')));
  });
});
