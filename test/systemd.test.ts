// Linux under systemd, end to end with stand-ins for systemctl and loginctl (no user manager runs
// here): install.sh renders and enables the user units, a timer's tick runs its tier under the bare
// environment its unit gives, a tier wakes another through `systemctl --user start`, a dead demo
// gateway is restarted, uninstall leaves nothing, and a second install sits beside the first.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { alive, demoRestartCommand } from '../harness/demo-gateway.ts';
import { startFakeDiscord } from '../harness/fake-discord.ts';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { StateStore } from '../lib/record/store.ts';
import { startDemo, tempDir, waitFor, waitHealthy, writeStub } from './helpers.ts';

/**
 * `systemctl` that records its calls (a user manager answers), `loginctl` saying lingering is off.
 * With a gateway: its unit `openclaw-gateway.service` is the demo gateway, its MainPID the demo's
 * pidfile, and `restart` of it the demo's restart, as systemd would run OpenClaw's own unit.
 */
function standins(dir: string, gateway?: { pidFile: string; restart: string }): { bin: string; calls: () => string[] } {
  const bin = join(dir, 'sysbin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'systemctl-calls.log');
  const script = (name: string, body: string) => writeStub(bin, name, body);
  const unit = gateway
    ? `case "$*" in
  "--user show -p MainPID --value openclaw-gateway.service") cat '${gateway.pidFile}' 2>/dev/null || echo 0; exit 0;;
  "--user restart openclaw-gateway.service") exec ${gateway.restart};;
  "--user is-enabled openclaw-gateway.service") echo enabled; exit 0;;
esac
`
    : '';
  script('systemctl', `echo "systemctl $*" >> '${log}'\n${unit}exit 0`);
  script('loginctl', 'echo "Linger=no"');
  return { bin, calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []) };
}

/** A unit's command and environment, as systemd would give them: nothing else. */
function unitCommand(path: string): { argv: string[]; env: Record<string, string> } {
  const text = readFileSync(path, 'utf8');
  const words = (line: string) => [...line.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => (m[1] as string).replace(/\\(.)/g, '$1').replace(/%%/g, '%'));
  const exec = /^ExecStart=(.*)$/m.exec(text)?.[1] ?? '';
  const env = Object.fromEntries(words(/^Environment=(.*)$/m.exec(text)?.[1] ?? '').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  return { argv: words(exec), env };
}

function install(dir: string, s: { bin: string }, extra: Record<string, string>, ...args: string[]) {
  return spawnSync(join(PROJECT_ROOT, 'install.sh'), args, {
    env: { HOME: join(dir, 'home'), PATH: `${s.bin}:${dirname(process.execPath)}:/usr/bin:/bin`, SELFHEAL_FORCE_SYSTEMD: '1', SELFHEAL_SKIP_DEPS: '1', SYSTEMD_USER_DIR: join(dir, 'units'), XDG_RUNTIME_DIR: join(dir, 'run'), ...extra },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('install.sh under systemd --user (stand-ins for systemctl and loginctl)', () => {
  it('installs, runs, wakes, restarts a dead gateway, uninstalls to nothing, and a second install sits beside the first', async () => {
    const gw = await startDemo();
    const dir = tempDir();
    // The gateway is known by its unit only: no pidfile, a pattern that matches nothing, restarted through systemd.
    const s = standins(dir, { pidFile: join(gw.dir, 'gateway.pid'), restart: demoRestartCommand(gw.dir, gw.port) });
    const envFile = join(dir, 'selfheal.env');
    const discord = await startFakeDiscord();
    const cfg: Record<string, string> = {
      ...gw.env,
      GATEWAY_SYSTEMD_UNIT: 'openclaw-gateway.service',
      GATEWAY_PROCESS_MATCH: 'no-process-is-called-this',
      GATEWAY_RESTART_COMMAND: 'systemctl --user restart openclaw-gateway.service',
      STARTUP_GRACE_S: '4',
      RESTART_VERIFY_S: '10',
      SERVING_INTERVAL_S: '0',
      DISCORD_WEBHOOK_URL: discord.url,
      ALERT_RECOVERY_SETTLE_S: '0',
    };
    delete cfg.SELFHEAL_ENV_FILE;
    delete cfg.GATEWAY_PID_FILE;
    writeFileSync(envFile, Object.entries(cfg).map(([k, v]) => `${k}=${v}`).join('\n'));
    const home = cfg.SELFHEAL_HOME as string;
    const r = install(dir, s, { SELFHEAL_ENV_FILE: envFile, SELFHEAL_HOME: home });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const units = readdirSync(join(dir, 'units')).sort();
    assert.deepEqual(units, ['alert', 'doctor', 'health', 'watchdog'].flatMap((t) => [`ai-openclaw-selfheal-${t}.service`, `ai-openclaw-selfheal-${t}.timer`]).sort());
    const calls = s.calls();
    assert.equal(calls[0], 'systemctl --user daemon-reload');
    for (const t of ['alert', 'doctor', 'health', 'watchdog']) assert.ok(calls.includes(`systemctl --user enable --now ai-openclaw-selfheal-${t}.timer`), calls.join('\n'));
    assert.ok(calls.includes('systemctl --user start --no-block ai-openclaw-selfheal-health.service'));
    assert.match(r.stdout, /sudo loginctl enable-linger /);
    assert.match(r.stdout, /journalctl --user -u ai-openclaw-selfheal-health\.service/);

    // The gateway dies; the watchdog timer fires: its unit's command under only its unit's environment.
    const old = gw.pid() as number;
    process.kill(old, 'SIGKILL');
    await waitFor(() => !alive(old));
    const w = unitCommand(join(dir, 'units', 'ai-openclaw-selfheal-watchdog.service'));
    assert.deepEqual(Object.keys(w.env).sort(), ['HOME', 'PATH', 'SELFHEAL_ENV_FILE', 'SELFHEAL_HOME', 'SELFHEAL_LAUNCHER', 'SELFHEAL_LOG_DIR']);
    const run = spawnSync(w.argv[0] as string, w.argv.slice(1), { env: w.env, cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 0, run.stderr + run.stdout);
    assert.ok(await waitHealthy(gw.url), 'restarted and healthy');
    assert.notEqual(gw.pid(), old);
    // Found dead through its unit's MainPID, and restarted through systemd.
    assert.ok(s.calls().includes('systemctl --user show -p MainPID --value openclaw-gateway.service'), s.calls().join('\n'));
    assert.ok(s.calls().includes('systemctl --user restart openclaw-gateway.service'), s.calls().join('\n'));
    const w2 = spawnSync(w.argv[0] as string, [...w.argv.slice(1), '--json'], { env: w.env, cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(w2.status, 0, w2.stderr);
    assert.match(w2.stdout, /"action": \{\s*"kind": "none"/, 'the next tick finds it running, by its unit');
    const st = new StateStore(home).read();
    assert.ok(st.incident || st.history.length, 'an incident was recorded');
    // The health timer fires: the incident closes, and tier 2 wakes tier 4 through the user manager.
    const h = unitCommand(join(dir, 'units', 'ai-openclaw-selfheal-health.service'));
    const hr = spawnSync(h.argv[0] as string, h.argv.slice(1), { env: h.env, cwd: PROJECT_ROOT, encoding: 'utf8', timeout: 60_000 });
    assert.equal(hr.status, 0, hr.stderr + hr.stdout);
    assert.match(hr.stdout, /woke: started ai-openclaw-selfheal-alert\.service/);
    assert.ok(s.calls().includes('systemctl --user start --no-block ai-openclaw-selfheal-alert.service'), s.calls().join('\n'));
    await discord.close();

    // A second install with its own prefix and state sits beside the first.
    const home2 = join(dir, 'state-b');
    const r2 = install(dir, s, { SELFHEAL_ENV_FILE: envFile, SELFHEAL_HOME: home2, SELFHEAL_LABEL_PREFIX: 'ai.openclaw.selfheal.b' });
    assert.equal(r2.status, 0, r2.stderr + r2.stdout);
    assert.equal(readdirSync(join(dir, 'units')).length, 16);
    assert.match(readFileSync(join(dir, 'units', 'ai-openclaw-selfheal-b-health.service'), 'utf8'), /"SELFHEAL_LABEL_PREFIX=ai\.openclaw\.selfheal\.b"/);
    // Uninstalling the second leaves the first whole; then the first leaves nothing.
    const u2 = install(dir, s, { SELFHEAL_ENV_FILE: envFile, SELFHEAL_HOME: home2, SELFHEAL_LABEL_PREFIX: 'ai.openclaw.selfheal.b' }, '--uninstall');
    assert.equal(u2.status, 0, u2.stderr + u2.stdout);
    assert.deepEqual(readdirSync(join(dir, 'units')).sort(), units);
    const u1 = install(dir, s, { SELFHEAL_ENV_FILE: envFile, SELFHEAL_HOME: home }, '--uninstall');
    assert.equal(u1.status, 0, u1.stderr + u1.stdout);
    assert.deepEqual(readdirSync(join(dir, 'units')), []);
    assert.ok(s.calls().includes('systemctl --user disable --now ai-openclaw-selfheal-watchdog.timer'));
    assert.ok(!existsSync(join(home, 'installed-units.txt')));
    // Re-running install after uninstall is safe, and a second run over it too.
    for (let i = 0; i < 2; i++) assert.equal(install(dir, s, { SELFHEAL_ENV_FILE: envFile, SELFHEAL_HOME: home }).status, 0);
    assert.equal(readdirSync(join(dir, 'units')).length, 8);
    gw.stopAll();
  });
});

describe('words that fit the platform', () => {
  it('under systemd the alerts say systemctl and journalctl; on a Mac launchctl and ~/Library/Logs', async () => {
    const { nextSteps } = await import('../lib/record/alerts.ts');
    const base = { tmuxSocket: null, logPath: null, healthLabel: 'ai.openclaw.selfheal.health', healthUnit: 'ai-openclaw-selfheal-health', uid: 1000, folder: '/opt/selfheal' };
    const linux = `${nextSteps('human', { ...base, launcher: 'systemctl', logDir: '/home/me/.local/state/openclaw-selfheal/logs' })}\n${nextSteps('self', { ...base, launcher: 'systemctl', logDir: '/home/me/.local/state/openclaw-selfheal/logs' })}`;
    assert.match(linux, /Re-check now: `systemctl --user start ai-openclaw-selfheal-health\.service`/);
    assert.match(linux, /journalctl --user -u 'ai-openclaw-selfheal-\*'/);
    assert.doesNotMatch(linux, /launchctl|Library\/Logs/);
    const mac = `${nextSteps('human', { ...base, launcher: 'launchctl' })}\n${nextSteps('self', { ...base, launcher: 'launchctl' })}`;
    assert.match(mac, /launchctl kickstart gui\/1000\/ai\.openclaw\.selfheal\.health/);
    assert.match(mac, /~\/Library\/Logs\/openclaw-selfheal\//);
  });
});

describe("the gateway's unit names its pid", () => {
  it('systemctl --user show -p MainPID --value: a pid when running, null for 0 or no user manager', async () => {
    const { systemdPid } = await import('../lib/observe/launch-agent.ts');
    const asked: string[][] = [];
    const exec = (out: string, ok = true) => async (file: string, args: string[]) => {
      asked.push([file, ...args]);
      return { ok, exitCode: ok ? 0 : 1, signal: null, timedOut: false, notFound: false, stdout: out, stderr: ok ? '' : 'Failed to connect to bus', durationMs: 3 };
    };
    assert.equal(await systemdPid(exec('4242\n'), 'openclaw-gateway.service'), 4242);
    assert.deepEqual(asked[0], ['systemctl', '--user', 'show', '-p', 'MainPID', '--value', 'openclaw-gateway.service']);
    assert.equal(await systemdPid(exec('0\n'), 'openclaw-gateway.service'), null);
    assert.equal(await systemdPid(exec('', false), 'openclaw-gateway.service'), null);
    const { gatewayWhere } = await import('../lib/observe/identity.ts');
    const where = { healthUrl: new URL('http://127.0.0.1:18789/health'), launchdLabel: 'ai.openclaw.gateway', processMatch: 'openclaw-gateway', pidFile: null, gatewaySystemdUnit: 'openclaw-gateway-work.service' };
    assert.equal(gatewayWhere({ ...where, launcher: 'systemctl' }).systemdUnit, 'openclaw-gateway-work.service');
    assert.equal(gatewayWhere({ ...where, launcher: 'launchctl' }).systemdUnit, null);
  });
});

describe("the gateway's unit gone or disabled", () => {
  it('is told with its fix; enabled, static or unknown is not', async () => {
    const { gatewayUnitProblem } = await import('../lib/observe/launch-agent.ts');
    assert.match(gatewayUnitProblem({ enabled: 'not-found' }, 'openclaw-gateway.service') ?? '', /openclaw-gateway\.service is gone.*Fix: openclaw gateway install \(then: systemctl --user status openclaw-gateway\.service\)/);
    assert.match(gatewayUnitProblem({ enabled: 'disabled' }, 'openclaw-gateway.service') ?? '', /is disabled/);
    for (const ok of ['enabled', 'static', 'unknown', 'no-systemctl']) assert.equal(gatewayUnitProblem({ enabled: ok }, 'openclaw-gateway.service'), null, ok);
  });
});
