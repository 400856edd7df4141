// The configuration contract (DESIGN.md "Configuration"): every key optional, defaults for OpenClaw.
// Values come from the environment first, then from .env. A bad value is a ConfigError naming the
// key and what it expects; the scripts turn it into one line and exit 78 before touching anything.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { PROJECT_ROOT, expandHome } from './paths.ts';

export const EXIT_CONFIG = 78;

export class ConfigError extends Error {
  constructor(
    readonly key: string,
    readonly expected: string,
    readonly got: string,
    readonly source: string,
  ) {
    super(`config: ${key} must be ${expected}; got ${JSON.stringify(got)} (from ${source})`);
    this.name = 'ConfigError';
  }
}

export type LauncherKind = 'launchctl' | 'spawn' | 'none';

export interface Config {
  home: string;
  envFile: string | null;
  healthUrl: URL;
  healthTimeoutMs: number;
  healthRetries: number;
  healthSlowMs: number;
  healthBodyRegex: RegExp | null;
  /** OpenClaw's readiness (channels, agent databases, plugin reloads); null: not probed. */
  readyUrl: URL | null;
  /** How long the gateway may stay live but not ready before a doctor or a person is called. */
  readyGraceS: number;
  /** Probes in a row with OpenClaw's event loop degraded before that counts as a liveness failure. */
  stallProbes: number;
  processMatch: string;
  launchdLabel: string;
  /** A pidfile the gateway's service manager keeps (systemd PIDFile=, a stand-in), or null. */
  pidFile: string | null;
  restartCommand: string[];
  /** The `openclaw` CLI the doctor's tools run (absolute on a Mac, written by install.sh). */
  openclawBin: string;
  /** Upper bound for one doctor tool's command (`openclaw doctor --fix` can hang: #119583). */
  doctorToolTimeoutS: number;
  restartTimeoutS: number;
  restartVerifyS: number;
  killGraceS: number;
  configPath: string;
  logPaths: string[];
  startupGraceS: number;
  restartMax: number;
  restartWindowS: number;
  memoryMaxMb: number;
  claudeBin: string;
  claudeModel: string | null;
  tmuxBin: string;
  tmuxSocket: string | null;
  doctorViewLingerS: number;
  doctorTimeoutS: number;
  doctorMaxTurns: number;
  doctorMaxBudgetUsd: number;
  doctorMaxPerDay: number;
  doctorCooldownS: number;
  doctorVerifyPasses: number;
  discordWebhookUrl: URL | null;
  slackWebhookUrl: URL | null;
  telegramBotToken: string | null;
  telegramChatId: string | null;
  telegramApiUrl: URL;
  ntfyUrl: URL | null;
  ntfyToken: string | null;
  /** A generic JSON webhook (Home Assistant, n8n, ...). */
  alertWebhookUrl: URL | null;
  /** A Notification Center banner on the Mac itself (a no-op elsewhere). */
  macosNotify: boolean;
  alertRemindS: number;
  alertRecoverySettleS: number;
  heartbeatUrl: URL | null;
  launcher: LauncherKind;
  logDir: string;
  logMaxMb: number;
  labelPrefix: string;
}

type Env = Record<string, string | undefined>;

/** Reads `.env` (SELFHEAL_ENV_FILE, else the project's) without touching process.env. */
export function readEnvFile(path: string): Record<string, string> {
  try {
    return parseDotenv(readFileSync(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new ConfigError('SELFHEAL_ENV_FILE', 'a readable .env file', path, (err as Error).message);
  }
}

class Reader {
  constructor(
    private readonly env: Env,
    private readonly file: Record<string, string>,
    private readonly fileName: string,
  ) {}

  raw(key: string): { value: string; source: string } | null {
    const fromEnv = this.env[key];
    if (fromEnv !== undefined && fromEnv !== '') return { value: fromEnv, source: 'environment' };
    const fromFile = this.file[key];
    if (fromFile !== undefined && fromFile !== '') return { value: fromFile, source: this.fileName };
    return null;
  }

  str(key: string, def: string): string {
    return this.raw(key)?.value.trim() ?? def;
  }

  int(key: string, def: number, min: number, max: number, what: string): number {
    const r = this.raw(key);
    if (!r) return def;
    const v = r.value.trim();
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      throw new ConfigError(key, `a whole number of ${what} from ${min} to ${max}`, v, r.source);
    }
    return Number(v);
  }

  num(key: string, def: number, min: number, max: number, what: string): number {
    const r = this.raw(key);
    if (!r) return def;
    const v = r.value.trim();
    const n = Number(v);
    if (!/^\d+(\.\d+)?$/.test(v) || n < min || n > max) {
      throw new ConfigError(key, `a number of ${what} from ${min} to ${max}`, v, r.source);
    }
    return n;
  }

  bool(key: string, def: boolean): boolean {
    const r = this.raw(key);
    if (!r) return def;
    const v = r.value.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(v)) return true;
    if (['false', '0', 'no', 'off'].includes(v)) return false;
    throw new ConfigError(key, 'true or false', r.value, r.source);
  }

  /** A secret that must look like `shape`; a bad one is named by its length, never echoed. */
  secret(key: string, shape: RegExp, expected: string): string | null {
    const r = this.raw(key);
    if (!r) return null;
    const v = r.value.trim();
    if (!shape.test(v)) throw new ConfigError(key, expected, `<${v.length} characters, not shown>`, r.source);
    return v;
  }

  url(key: string, def: string | null, check?: (u: URL) => string | null): URL | null {
    const r = this.raw(key);
    const v = r?.value.trim() ?? def;
    if (v === null) return null;
    const source = r?.source ?? 'default';
    let u: URL;
    try {
      u = new URL(v);
    } catch {
      throw new ConfigError(key, 'an http(s) URL', v, source);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw new ConfigError(key, 'an http(s) URL', v, source);
    }
    const problem = check?.(u);
    if (problem) throw new ConfigError(key, problem, v, source);
    return u;
  }
}

const DISCORD_HOSTS = new Set(['discord.com', 'discordapp.com', 'ptb.discord.com', 'canary.discord.com']);
const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A Discord webhook (https://discord.com/api/webhooks/<id>/<token>), or a loopback stand-in for tests. */
export function discordWebhookProblem(u: URL): string | null {
  const expected = 'a Discord webhook URL like https://discord.com/api/webhooks/<id>/<token>';
  if (LOOPBACK.has(u.hostname)) return null;
  if (u.protocol !== 'https:' || !DISCORD_HOSTS.has(u.hostname)) return expected;
  if (!/^\/api(\/v\d+)?\/webhooks\/\d+\/[\w-]+\/?$/.test(u.pathname)) return expected;
  return null;
}

/** Plain http only where the network is the user's own: loopback, a LAN address or a .local name. */
export function ownNetwork(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '');
  if (LOOPBACK.has(host) || h === '::1') return true;
  if (/^(10\.\d+|192\.168|172\.(1[6-9]|2\d|3[01]))\.\d+\.\d+$/.test(h)) return true;
  return /\.(local|lan|home\.arpa|internal)$/i.test(h);
}

/** A Slack incoming webhook, or a loopback stand-in with the same path shape. */
export function slackWebhookProblem(u: URL): string | null {
  const expected = 'a Slack incoming-webhook URL like https://hooks.slack.com/services/T0000000/B0000000/XXXXXXXXXXXXXXXXXXXXXXXX';
  const shape = /^\/services\/[A-Z0-9]+\/[A-Z0-9]+\/[A-Za-z0-9]+$/;
  if (LOOPBACK.has(u.hostname)) return shape.test(u.pathname) ? null : expected;
  return u.protocol === 'https:' && u.hostname === 'hooks.slack.com' && shape.test(u.pathname) ? null : expected;
}

/** An ntfy topic URL (ntfy.sh or self-hosted); plain http only inside the user's own network. */
export function ntfyUrlProblem(u: URL): string | null {
  const expected = 'an ntfy topic URL like https://ntfy.sh/my-openclaw-alerts (http only on loopback or your LAN)';
  if (!/^(\/[\w.-]+)*\/[\w-]{1,64}$/.test(u.pathname) || u.search || u.hash) return expected;
  return u.protocol === 'https:' || ownNetwork(u.hostname) ? null : expected;
}

/** A generic JSON webhook (Home Assistant, n8n): https, or http inside the user's own network. */
export function alertWebhookProblem(u: URL): string | null {
  return u.protocol === 'https:' || ownNetwork(u.hostname) ? null : 'an https URL like https://example.com/hooks/openclaw (http only on loopback or your LAN, e.g. http://homeassistant.local:8123/api/webhook/openclaw)';
}

/** The Bot API base: api.telegram.org, a self-hosted Bot API server over https, or a loopback stand-in. */
export function telegramApiProblem(u: URL): string | null {
  const expected = 'the Telegram Bot API base URL like https://api.telegram.org';
  if (u.search || u.hash) return expected;
  return u.protocol === 'https:' || LOOPBACK.has(u.hostname) ? null : expected;
}

function commandWords(key: string, text: string, source: string): string[] {
  // No shell: the command is split on whitespace, quotes group words. Shell syntax is refused so a
  // restart can never turn into a pipeline.
  if (/[|&;<>`$()]/.test(text)) {
    throw new ConfigError(key, 'a plain command without shell operators (| & ; < > ` $ ( ))', text, source);
  }
  const words: string[] = [];
  const re = /"([^"]*)"|'([^']*)'|(\S+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) words.push(m[1] ?? m[2] ?? m[3] ?? '');
  if (words.length === 0) throw new ConfigError(key, 'a command', text, source);
  return words;
}

function telegramKeys(r: Reader): Pick<Config, 'telegramBotToken' | 'telegramChatId' | 'telegramApiUrl'> {
  const token = r.secret('TELEGRAM_BOT_TOKEN', /^\d{5,}:[\w-]{30,}$/, 'a bot token from @BotFather like 123456789:AAHk3xampleT0kenFromBotFather0123456');
  const chatRaw = r.raw('TELEGRAM_CHAT_ID');
  const chat = chatRaw?.value.trim() ?? null;
  const chatExpected = 'a chat id like 123456789 or -1001234567890 (or @channelname)';
  if (chat !== null && !/^(-?\d{1,20}|@[A-Za-z]\w{4,31})$/.test(chat)) throw new ConfigError('TELEGRAM_CHAT_ID', chatExpected, chat, chatRaw?.source ?? 'default');
  if (token && !chat) throw new ConfigError('TELEGRAM_CHAT_ID', `set with TELEGRAM_BOT_TOKEN: ${chatExpected}`, '', 'not set');
  if (chat && !token) throw new ConfigError('TELEGRAM_BOT_TOKEN', 'set with TELEGRAM_CHAT_ID: a bot token from @BotFather like 123456789:AAHk3xampleT0kenFromBotFather0123456', '', 'not set');
  return { telegramBotToken: token, telegramChatId: chat, telegramApiUrl: r.url('TELEGRAM_API_URL', 'https://api.telegram.org', telegramApiProblem) as URL };
}

function ntfyKeys(r: Reader): Pick<Config, 'ntfyUrl' | 'ntfyToken'> {
  const url = r.url('NTFY_URL', null, ntfyUrlProblem);
  const token = r.secret('NTFY_TOKEN', /^tk_[A-Za-z0-9]{20,64}$/, 'an ntfy access token like tk_AgQdq7mVBoFD37zQVN29RhuMzNIz2');
  if (token && !url) throw new ConfigError('NTFY_URL', 'set with NTFY_TOKEN: an ntfy topic URL like https://ntfy.sh/my-openclaw-alerts', '', 'not set');
  // The token would cross the LAN in clear.
  if (token && url && url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) throw new ConfigError('NTFY_URL', 'an https URL when NTFY_TOKEN is set, like https://ntfy.example.com/openclaw', url.href, 'NTFY_TOKEN is sent with it');
  return { ntfyUrl: url, ntfyToken: token };
}

export function loadConfig(env: Env = process.env): Config {
  const envFile = env.SELFHEAL_ENV_FILE || join(PROJECT_ROOT, '.env');
  const file = readEnvFile(envFile);
  const r = new Reader(env, file, envFile);
  const home = env.HOME || '/';
  const path = (key: string, def: string): string => {
    const v = r.str(key, def);
    const out = expandHome(v, home);
    if (!out.startsWith('/')) throw new ConfigError(key, 'an absolute path (or ~/...)', v, r.raw(key)?.source ?? 'default');
    return out;
  };

  const healthUrl = r.url('GATEWAY_HEALTH_URL', 'http://127.0.0.1:18789/health');
  const regexText = r.raw('HEALTH_BODY_REGEX');
  let healthBodyRegex: RegExp | null = /"ok"\s*:\s*true/;
  if (regexText) {
    const v = regexText.value.trim();
    if (v === 'none') healthBodyRegex = null;
    else {
      try {
        healthBodyRegex = new RegExp(v);
      } catch {
        throw new ConfigError('HEALTH_BODY_REGEX', 'a regular expression (or "none")', v, regexText.source);
      }
    }
  }
  // Readiness: the health URL's origin + /readyz unless told otherwise; `none` turns it off.
  const readyRaw = r.raw('GATEWAY_READY_URL');
  const readyUrl = readyRaw?.value.trim() === 'none' ? null : r.url('GATEWAY_READY_URL', new URL('/readyz', (healthUrl as URL).origin).href);
  const launcherRaw = r.raw('SELFHEAL_LAUNCHER');
  const launcherDefault: LauncherKind = process.platform === 'darwin' ? 'launchctl' : 'spawn';
  const launcher = (launcherRaw?.value.trim() ?? launcherDefault) as LauncherKind;
  if (!['launchctl', 'spawn', 'none'].includes(launcher)) {
    throw new ConfigError('SELFHEAL_LAUNCHER', 'one of launchctl, spawn, none', launcher, launcherRaw?.source ?? 'default');
  }
  const restartRaw = r.raw('GATEWAY_RESTART_COMMAND');
  const label = r.str('GATEWAY_LAUNCHD_LABEL', 'ai.openclaw.gateway');
  if (!/^[\w.-]+$/.test(label)) {
    throw new ConfigError('GATEWAY_LAUNCHD_LABEL', 'a launchd label (letters, digits, . _ -)', label, r.raw('GATEWAY_LAUNCHD_LABEL')?.source ?? 'default');
  }
  const bin = (key: string, def: string): string => {
    const v = r.str(key, def);
    if (/\s/.test(v) && !v.startsWith('/')) throw new ConfigError(key, 'a program name or absolute path', v, r.raw(key)?.source ?? 'default');
    return expandHome(v, home);
  };
  const processMatch = r.str('GATEWAY_PROCESS_MATCH', 'openclaw-gateway');
  if (processMatch.length < 3) {
    throw new ConfigError('GATEWAY_PROCESS_MATCH', 'a pattern of at least 3 characters', processMatch, r.raw('GATEWAY_PROCESS_MATCH')?.source ?? 'default');
  }

  const restartCommand = commandWords('GATEWAY_RESTART_COMMAND', restartRaw?.value.trim() ?? 'openclaw gateway restart', restartRaw?.source ?? 'default');
  // The restart command names the openclaw the user runs: the doctor's tools use the same one.
  const restartBin = restartCommand[0] as string;
  const openclawDefault = /(^|\/)openclaw$/.test(restartBin) ? restartBin : 'openclaw';

  return {
    home: path('SELFHEAL_HOME', '~/.openclaw-selfheal'),
    envFile,
    healthUrl: healthUrl as URL,
    healthTimeoutMs: r.int('HEALTH_TIMEOUT_MS', 5000, 100, 600_000, 'milliseconds'),
    healthRetries: r.int('HEALTH_RETRIES', 3, 1, 20, 'tries'),
    healthSlowMs: r.int('HEALTH_SLOW_MS', 3000, 10, 600_000, 'milliseconds'),
    healthBodyRegex,
    readyUrl,
    readyGraceS: r.int('READY_GRACE_S', 600, 0, 86_400, 'seconds'),
    stallProbes: r.int('STALL_PROBES', 3, 1, 100, 'probes in a row'),
    processMatch,
    launchdLabel: label,
    pidFile: r.raw('GATEWAY_PID_FILE') ? path('GATEWAY_PID_FILE', '') : null,
    restartCommand,
    openclawBin: bin('OPENCLAW_BIN', openclawDefault),
    doctorToolTimeoutS: r.int('DOCTOR_TOOL_TIMEOUT_S', 300, 5, 3600, 'seconds'),
    restartTimeoutS: r.int('RESTART_TIMEOUT_S', 60, 1, 3600, 'seconds'),
    restartVerifyS: r.int('RESTART_VERIFY_S', 60, 1, 3600, 'seconds'),
    killGraceS: r.int('KILL_GRACE_S', 10, 1, 600, 'seconds'),
    configPath: path('GATEWAY_CONFIG_PATH', '~/.openclaw/openclaw.json'),
    logPaths: r
      .str('GATEWAY_LOG_PATHS', '~/.openclaw/logs/gateway.log,~/.openclaw/logs/gateway.err.log,/tmp/openclaw/openclaw-*.log')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => expandHome(p, home)),
    startupGraceS: r.int('STARTUP_GRACE_S', 120, 0, 3600, 'seconds'),
    restartMax: r.int('RESTART_MAX', 3, 1, 100, 'restarts'),
    restartWindowS: r.int('RESTART_WINDOW_S', 900, 1, 86_400, 'seconds'),
    memoryMaxMb: r.int('MEMORY_MAX_MB', 4096, 16, 1_048_576, 'megabytes'),
    claudeBin: bin('CLAUDE_BIN', 'claude'),
    claudeModel: r.raw('CLAUDE_MODEL')?.value.trim() ?? null,
    tmuxBin: bin('TMUX_BIN', 'tmux'),
    tmuxSocket: (() => {
      const v = r.raw('TMUX_SOCKET');
      if (v && !/^[\w.-]+$/.test(v.value.trim())) throw new ConfigError('TMUX_SOCKET', 'a tmux socket name (letters, digits, . _ -)', v.value, v.source);
      return v?.value.trim() ?? null;
    })(),
    doctorViewLingerS: r.int('DOCTOR_VIEW_LINGER_S', 300, 0, 86_400, 'seconds'),
    doctorTimeoutS: r.int('DOCTOR_TIMEOUT_S', 1800, 5, 7200, 'seconds'),
    doctorMaxTurns: r.int('DOCTOR_MAX_TURNS', 40, 1, 500, 'turns'),
    doctorMaxBudgetUsd: r.num('DOCTOR_MAX_BUDGET_USD', 2, 0.01, 100, 'US dollars'),
    doctorMaxPerDay: r.int('DOCTOR_MAX_PER_DAY', 3, 0, 50, 'sessions'),
    doctorCooldownS: r.int('DOCTOR_COOLDOWN_S', 1800, 0, 86_400, 'seconds'),
    doctorVerifyPasses: r.int('DOCTOR_VERIFY_PASSES', 3, 1, 20, 'passing probes'),
    discordWebhookUrl: r.url('DISCORD_WEBHOOK_URL', null, discordWebhookProblem),
    slackWebhookUrl: r.url('SLACK_WEBHOOK_URL', null, slackWebhookProblem),
    ...telegramKeys(r),
    ...ntfyKeys(r),
    alertWebhookUrl: r.url('ALERT_WEBHOOK_URL', null, alertWebhookProblem),
    macosNotify: r.bool('MACOS_NOTIFY', false),
    alertRemindS: r.int('ALERT_REMIND_S', 3600, 1, 604_800, 'seconds'),
    alertRecoverySettleS: r.int('ALERT_RECOVERY_SETTLE_S', 120, 0, 3600, 'seconds'),
    heartbeatUrl: r.url('HEARTBEAT_URL', null),
    launcher,
    logDir: path('SELFHEAL_LOG_DIR', '~/Library/Logs/openclaw-selfheal'),
    logMaxMb: r.int('LOG_MAX_MB', 5, 1, 10_000, 'megabytes'),
    labelPrefix: r.str('SELFHEAL_LABEL_PREFIX', 'ai.openclaw.selfheal'),
  };
}
