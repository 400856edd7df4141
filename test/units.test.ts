// The systemd user units (Linux): rendered from plists/systemd/ and checked by systemd's own
// `systemd-analyze verify` (Debian's systemd package), with no warning.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { DEFAULT_INTERVALS } from '../lib/install/plist.ts';
import { renderUnits, systemdQuote, unitName } from '../lib/install/units.ts';
import { needTools, tempDir } from './helpers.ts';

describe('systemd user units', () => {
  it('render one oneshot service and one timer per tier, with absolute paths and only the environment the tier needs', () => {
    const units = renderUnits(join(PROJECT_ROOT, 'plists', 'systemd'), { root: PROJECT_ROOT, node: process.execPath, path: '/usr/bin:/bin:/usr/bin', home: '/home/me', logDir: '/home/me/.local/state/openclaw-selfheal', labelPrefix: 'ai.openclaw.selfheal', intervals: DEFAULT_INTERVALS, extraEnv: { SELFHEAL_ENV_FILE: '/home/me/oc sh/.env' } });
    assert.deepEqual(units.map((u) => u.fileName).sort(), ['alert', 'doctor', 'health', 'watchdog'].flatMap((t) => [`ai-openclaw-selfheal-${t}.service`, `ai-openclaw-selfheal-${t}.timer`]).sort());
    const health = units.find((u) => u.fileName === 'ai-openclaw-selfheal-health.service')?.text ?? '';
    assert.match(health, new RegExp(`ExecStart="${process.execPath}" "${PROJECT_ROOT}/dist/scripts/healthcheck.js"`));
    assert.match(health, /Environment="PATH=\/usr\/bin:\/bin" "HOME=\/home\/me" "SELFHEAL_ENV_FILE=\/home\/me\/oc sh\/\.env"\n/);
    assert.match(health, /KillMode=control-group/);
    assert.match(units.find((u) => u.fileName === 'ai-openclaw-selfheal-doctor.service')?.text ?? '', /KillMode=process/);
    assert.match(units.find((u) => u.fileName === 'ai-openclaw-selfheal-alert.timer')?.text ?? '', /OnUnitActiveSec=300s\nAccuracySec=1s\nUnit=ai-openclaw-selfheal-alert\.service/);
    assert.equal(systemdQuote('50%"\\'), '"50%%\\"\\\\"');
    assert.equal(unitName('ai.openclaw.selfheal.b', 'health'), 'ai-openclaw-selfheal-b-health');
  });

  it('pass systemd-analyze verify --user with no warning', () => {
    needTools('systemd-analyze');
    const dir = tempDir();
    const runtime = join(dir, 'run');
    mkdirSync(runtime, { mode: 0o700 });
    const logDir = join(dir, 'logs');
    const units = renderUnits(join(PROJECT_ROOT, 'plists', 'systemd'), { root: PROJECT_ROOT, node: process.execPath, path: '/usr/bin:/bin', home: dir, logDir, labelPrefix: 'ai.openclaw.selfheal', intervals: DEFAULT_INTERVALS, extraEnv: {} });
    // verify checks that ExecStart's program exists: the built scripts.
    for (const u of units) writeFileSync(join(dir, u.fileName), u.text);
    assert.ok(readFileSync(join(PROJECT_ROOT, 'dist', 'scripts', 'healthcheck.js')).length > 0, 'npm run build first');
    const r = spawnSync('systemd-analyze', ['--user', 'verify', '--man=no', ...units.map((u) => join(dir, u.fileName))], { encoding: 'utf8', env: { ...process.env, XDG_RUNTIME_DIR: runtime }, timeout: 60_000 });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'no warning');
  });
});
