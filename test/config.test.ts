// Every configuration key given a wrong value: exit 78, one line naming the key, nothing written.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { CHANNEL_KEYS } from '../lib/config/channels.ts';
import { ConfigError, loadConfig } from '../lib/config/config.ts';

const CHANNEL_KEY_NAMES = Object.values(CHANNEL_KEYS).flat();
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { runScript, tempDir } from './helpers.ts';

const BAD: Record<string, string> = {
  SELFHEAL_HOME: 'relative/path',
  GATEWAY_HEALTH_URL: 'not a url',
  GATEWAY_PROCESS_MATCH: 'x',
  GATEWAY_LAUNCHD_LABEL: 'has spaces in it',
  GATEWAY_PID_FILE: 'gateway.pid',
  GATEWAY_RESTART_COMMAND: 'openclaw gateway restart; rm -rf ~',
  GATEWAY_CONFIG_PATH: 'openclaw.json',
  HEALTH_TIMEOUT_MS: 'five',
  HEALTH_RETRIES: '0',
  HEALTH_SLOW_MS: '-3',
  HEALTH_BODY_REGEX: '([',
  STARTUP_GRACE_S: '2m',
  RESTART_MAX: '1.5',
  RESTART_WINDOW_S: 'forever',
  RESTART_TIMEOUT_S: '0',
  RESTART_VERIFY_S: 'x',
  KILL_GRACE_S: '99999',
  MEMORY_MAX_MB: '4GB',
  CLAUDE_BIN: 'my claude',
  TMUX_BIN: 'tm ux',
  SQLITE_BIN: 'sq lite',
  GATEWAY_STATE_DIR: 'relative/dir',
  DOCTOR_TIMEOUT_S: '1',
  DOCTOR_MAX_TURNS: 'lots',
  DOCTOR_MAX_BUDGET_USD: '$2',
  DOCTOR_MAX_PER_DAY: '-1',
  DOCTOR_COOLDOWN_S: 'soon',
  DOCTOR_VERIFY_PASSES: '0',
  OPENCLAW_BIN: 'open claw',
  GATEWAY_READY_URL: 'ftp://127.0.0.1/readyz',
  READY_GRACE_S: 'ten minutes',
  STALL_PROBES: '0',
  DOCTOR_TOOL_TIMEOUT_S: '2',
  DISCORD_WEBHOOK_URL: 'https://example.com/hook',
  ALERT_REMIND_S: 'hourly',
  HEARTBEAT_URL: 'ftp://example.com',
  SELFHEAL_LAUNCHER: 'systemd',
  SLACK_WEBHOOK_URL: 'https://hooks.slack.com/triggers/T1/2/x',
  TELEGRAM_BOT_TOKEN: '12:short',
  TELEGRAM_CHAT_ID: 'my chat',
  TELEGRAM_API_URL: 'http://api.telegram.org',
  NTFY_URL: 'http://ntfy.example.com/alerts',
  NTFY_TOKEN: 'password123',
  ALERT_WEBHOOK_URL: 'http://example.com/hook',
  MACOS_NOTIFY: 'maybe',
};

describe('configuration', () => {
  it('defaults are OpenClaw\'s', () => {
    const c = loadConfig({ HOME: '/Users/me', SELFHEAL_ENV_FILE: '/nonexistent.env' });
    assert.equal(c.healthUrl.href, 'http://127.0.0.1:18789/health');
    assert.equal(c.home, '/Users/me/.openclaw-selfheal');
    assert.equal(c.configPath, '/Users/me/.openclaw/openclaw.json');
    assert.deepEqual(c.restartCommand, ['openclaw', 'gateway', 'restart']);
    assert.equal(c.openclawBin, 'openclaw');
    assert.equal(loadConfig({ HOME: '/h', SELFHEAL_ENV_FILE: '/nonexistent.env', GATEWAY_RESTART_COMMAND: '/opt/bin/openclaw gateway restart' }).openclawBin, '/opt/bin/openclaw');
    assert.equal(c.restartMax, 3);
    assert.equal(c.restartWindowS, 900);
    assert.equal(c.doctorTimeoutS, 1800);
    assert.equal(c.discordWebhookUrl, null);
  });

  it('reads .env, and the environment wins over it', () => {
    const dir = tempDir();
    const file = join(dir, '.env');
    writeFileSync(file, 'HEALTH_RETRIES=5\nRESTART_MAX=7\n');
    const c = loadConfig({ HOME: dir, SELFHEAL_ENV_FILE: file, RESTART_MAX: '2' });
    assert.equal(c.healthRetries, 5);
    assert.equal(c.restartMax, 2);
  });

  it('every key has a check that names it: a tier key stops the tier, a channel key turns off only its channel', () => {
    for (const [key, value] of Object.entries(BAD)) {
      if (CHANNEL_KEY_NAMES.includes(key)) {
        const c = loadConfig({ HOME: '/h', SELFHEAL_ENV_FILE: '/nonexistent.env', [key]: value });
        const p = c.problems.find((x) => x.key === key);
        assert.ok(p, `${key}: no problem reported`);
        assert.match(p.message, new RegExp(`^config: ${key} must be .*that alert channel is off`));
        assert.doesNotMatch(p.message, /\n/);
        continue;
      }
      assert.throws(() => loadConfig({ HOME: '/h', SELFHEAL_ENV_FILE: '/nonexistent.env', [key]: value }), (e: unknown) => {
        assert.ok(e instanceof ConfigError, `${key}: ${String(e)}`);
        assert.equal(e.key, key);
        assert.doesNotMatch(e.message, /\n/);
        return true;
      });
    }
  });

  it('one bad optional key turns off its channel only: the others stay on', () => {
    const c = loadConfig({ HOME: '/h', SELFHEAL_ENV_FILE: '/x', TELEGRAM_BOT_TOKEN: '123456789:AAHk3xampleT0kenFromBotFather0123456', DISCORD_WEBHOOK_URL: 'https://discord.com/api/webhooks/1/abc', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/XXXX' });
    assert.equal(c.telegramBotToken, null, 'Telegram off');
    assert.match(c.problems[0]?.message ?? '', /TELEGRAM_CHAT_ID must be set with TELEGRAM_BOT_TOKEN/);
    assert.equal(c.discordWebhookUrl?.hostname, 'discord.com');
    assert.equal(c.slackWebhookUrl?.hostname, 'hooks.slack.com');
  });

  it('a misspelled key is never ignored in favour of the default: a tier key stops the tier, naming both spellings', () => {
    for (const wrong of ['GATEWAY_HEALT_URL', 'gateway_health_url', 'GATEWAY_HEALTH_UR']) {
      assert.throws(() => loadConfig({ HOME: '/h', SELFHEAL_ENV_FILE: '/x', [wrong]: 'http://127.0.0.1:28789/health' }), (e: unknown) => {
        assert.ok(e instanceof ConfigError, `${wrong}: ${String(e)}`);
        assert.equal(e.key, 'GATEWAY_HEALTH_URL');
        assert.match(e.message, new RegExp(`spelled GATEWAY_HEALTH_URL \\(the environment has ${wrong}`));
        return true;
      });
    }
    const dir = tempDir();
    writeFileSync(join(dir, '.env'), 'DISCORD_WEBHOK_URL=https://discord.com/api/webhooks/1/abc\nSOMETHING_ELSE=1\n');
    const c = loadConfig({ HOME: dir, SELFHEAL_ENV_FILE: join(dir, '.env') });
    assert.match(c.problems.map((p) => p.message).join('\n'), /DISCORD_WEBHOOK_URL must be spelled DISCORD_WEBHOOK_URL \(.*has DISCORD_WEBHOK_URL.*alert channel is off/);
    assert.match(c.problems.map((p) => p.message).join('\n'), /unknown key SOMETHING_ELSE in .*, ignored \(did you mean /);
  });

  it('.env.example documents every key, and its example values are valid', () => {
    const dir0 = join(PROJECT_ROOT, 'lib', 'config');
    const source = readdirSync(dir0).filter((f) => f.endsWith('.ts')).map((f) => readFileSync(join(dir0, f), 'utf8')).join('\n');
    const keys = new Set([...source.matchAll(/(?:r\.(?:str|int|num|url|bool|secret|raw)|path|bin)\('([A-Z][A-Z0-9_]+)'/g)].map((m) => m[1] as string));
    assert.ok(keys.size >= 45, `found ${keys.size} keys`);
    const example = readFileSync(join(PROJECT_ROOT, '.env.example'), 'utf8');
    const documented = new Set([...example.matchAll(/^#?([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1] as string));
    const undocumented = [...keys].filter((k) => !documented.has(k) && !['SELFHEAL_ENV_FILE', 'SELFHEAL_LABEL_PREFIX', 'SELFHEAL_LAUNCHER'].includes(k));
    assert.deepEqual(undocumented, []);
    // Uncommented as they stand, the examples load (paths aside, which must exist on a Mac).
    const dir = tempDir();
    const file = join(dir, '.env');
    writeFileSync(file, example.replace(/^#([A-Z][A-Z0-9_]+=\S)/gm, '$1'));
    const c = loadConfig({ HOME: dir, SELFHEAL_ENV_FILE: file });
    assert.equal(c.telegramChatId, '123456789');
    assert.equal(c.slackWebhookUrl?.hostname, 'hooks.slack.com');
  });

  it('an invalid webhook URL says what a valid one looks like', () => {
    const c = loadConfig({ HOME: '/h', SELFHEAL_ENV_FILE: '/x', DISCORD_WEBHOOK_URL: 'https://discord.com/channels/1/2' });
    assert.match(c.problems[0]?.message ?? '', /https:\/\/discord\.com\/api\/webhooks\/<id>\/<token>/);
  });

  for (const script of ['watchdog', 'healthcheck', 'status']) {
    it(`${script}: each bad key exits 78 with one line naming it, and writes nothing`, async () => {
      const keys = script === 'watchdog' ? Object.keys(BAD) : ['HEALTH_TIMEOUT_MS', 'SELFHEAL_HOME', 'DISCORD_WEBHOOK_URL'];
      await Promise.all(
        keys.map(async (key) => {
          const dir = tempDir();
          const home = join(dir, 'home');
          const bad = BAD[key] as string;
          // The same bad value from .env must be reported just the same.
          const envFile = join(dir, '.env');
          writeFileSync(envFile, `${key}=${bad.includes(' ') ? JSON.stringify(bad) : bad}\n`);
          const env: Record<string, string> = { SELFHEAL_ENV_FILE: envFile, SELFHEAL_HOME: home, SELFHEAL_LAUNCHER: 'none' };
          delete env[key]; // the environment would win over .env
          const r = await runScript(script, [], env);
          const lines = r.stderr.trim().split('\n');
          assert.equal(lines.length, 1, r.stderr);
          if (CHANNEL_KEY_NAMES.includes(key)) {
            // An alert channel's key: that channel is off, said on one line; the tier still does its job
            // (status exits with its verdict on the gateway, which here is not running).
            assert.equal(r.code, script === 'status' ? 1 : 0, `${key}: ${r.stderr}`);
            assert.match(lines[0] as string, new RegExp(`^${script}: warning: config: ${key} must be`));
            return;
          }
          assert.equal(r.code, 78, `${key}: ${r.stderr}`);
          assert.match(lines[0] as string, new RegExp(`^${script}: config: ${key} must be`));
          assert.equal(r.stdout, '');
          assert.equal(existsSync(home), false, `${key}: nothing written`);
        }),
      );
    });
  }
});
