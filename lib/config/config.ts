// The configuration contract (docs/design.md, "The configuration contract"): every key optional, defaults for OpenClaw.
// Values come from the environment first, then from .env. A bad value is a ConfigError naming the
// key and what it expects; the scripts turn it into one line and exit 78 before touching anything.
// The alert channels' keys are read by channels.ts, the reading itself is reader.ts's.
import { dirname, join } from 'node:path';
import { CHANNEL_SETTINGS, alertKeys, type AlertConfig } from './channels.ts';
import type { ChannelId } from '../record/state.ts';
import { PROJECT_ROOT, SIGNATURES_FILE, expandHome } from './paths.ts';
import { ConfigError, Reader, commandWords, nearestKey, readEnvFile, type ConfigProblem, type Env } from './reader.ts';

export type { ConfigProblem } from './reader.ts';

export { ConfigError, EXIT_CONFIG } from './reader.ts';

export type LauncherKind = 'launchctl' | 'systemctl' | 'spawn' | 'none';

export interface CoreConfig {
  /** What is wrong but stops nothing: a channel turned off by a bad key, an unknown key in .env. */
  problems: ConfigProblem[];
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
  servingIntervalS: number;
  /** Wall-clock deadlines of the one-shot tiers (the doctor has its own, DOCTOR_TIMEOUT_S). */
  deadlineS: { watchdog: number; health: number; alert: number };
  servingTimeoutS: number;
  servingLogMaxKb: number;
  /** The table of log signatures (lib/config/log-signatures.json5 unless told). */
  signaturesFile: string;
  canaryIntervalS: number;
  canaryTimeoutS: number;
  canaryFailures: number;
  diskMinMb: number;
  diskCriticalMb: number;
  processMatch: string;
  launchdLabel: string;
  /** The gateway's systemd user unit (OpenClaw's own: openclaw-gateway.service, or openclaw-gateway-<profile>.service). */
  gatewaySystemdUnit: string;
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
  /** A gateway still booting (not listening, CPU rising) keeps its grace up to this. */
  startupGraceMaxS: number;
  restartMax: number;
  restartWindowS: number;
  memoryMaxMb: number;
  claudeBin: string;
  claudeModel: string | null;
  tmuxBin: string;
  /** sqlite3, to read OpenClaw's update ledger read-only (macOS ships /usr/bin/sqlite3). */
  sqliteBin: string;
  /** OpenClaw's state folder: its update ledger and state lock (default: the config file's folder). */
  gatewayStateDir: string;
  tmuxSocket: string | null;
  doctorViewLingerS: number;
  doctorTimeoutS: number;
  doctorMaxTurns: number;
  doctorMaxBudgetUsd: number;
  doctorMaxPerDay: number;
  doctorCooldownS: number;
  doctorVerifyPasses: number;
  heartbeatUrl: URL | null;
  /** Where every tick writes the Prometheus metrics (null: off). */
  metricsFile: string | null;
  /** The weekly digest's day, 0 Sunday .. 6 Saturday (null: off). */
  digestDay: number | null;
  launcher: LauncherKind;
  logDir: string;
  logMaxMb: number;
  labelPrefix: string;
}

export type Config = CoreConfig & AlertConfig;

const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const DAYS_FULL = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export function loadConfig(env: Env = process.env): Config {
  const envFile = env.SELFHEAL_ENV_FILE || join(PROJECT_ROOT, '.env');
  const file = readEnvFile(envFile);
  const r = new Reader(env, file, envFile);
  const problems: ConfigProblem[] = [];
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
  if (!['launchctl', 'systemctl', 'spawn', 'none'].includes(launcher)) {
    throw new ConfigError('SELFHEAL_LAUNCHER', 'one of launchctl, systemctl, spawn, none', launcher, launcherRaw?.source ?? 'default');
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

  const cfg: Config = {
    problems,
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
    servingIntervalS: r.int('SERVING_INTERVAL_S', 300, 0, 86_400, 'seconds (0: off)'),
    deadlineS: {
      watchdog: r.int('WATCHDOG_DEADLINE_S', 180, 10, 3600, 'seconds'),
      health: r.int('HEALTH_DEADLINE_S', 300, 10, 3600, 'seconds'),
      alert: r.int('ALERT_DEADLINE_S', 300, 10, 3600, 'seconds'),
    },
    servingTimeoutS: r.int('SERVING_TIMEOUT_S', 30, 1, 600, 'seconds'),
    servingLogMaxKb: r.int('SERVING_LOG_MAX_KB', 1024, 16, 1_048_576, 'kilobytes'),
    signaturesFile: path('SERVING_SIGNATURES_FILE', SIGNATURES_FILE),
    canaryIntervalS: r.int('CANARY_INTERVAL_S', 1800, 0, 7 * 86_400, 'seconds (0: off)'),
    canaryTimeoutS: r.int('CANARY_TIMEOUT_S', 90, 5, 600, 'seconds'),
    canaryFailures: r.int('CANARY_FAILURES', 2, 1, 100, 'failures in a row'),
    diskMinMb: r.int('DISK_MIN_MB', 500, 0, 10_000_000, 'megabytes'),
    diskCriticalMb: r.int('DISK_CRITICAL_MB', 100, 0, 10_000_000, 'megabytes'),
    processMatch,
    launchdLabel: label,
    gatewaySystemdUnit: (() => {
      const v = r.str('GATEWAY_SYSTEMD_UNIT', 'openclaw-gateway.service');
      if (!/^[\w@.:-]+$/.test(v)) throw new ConfigError('GATEWAY_SYSTEMD_UNIT', 'a systemd unit name (letters, digits, @ . : _ -)', v, r.raw('GATEWAY_SYSTEMD_UNIT')?.source ?? 'default');
      return v;
    })(),
    pidFile: r.raw('GATEWAY_PID_FILE') ? path('GATEWAY_PID_FILE', '') : null,
    restartCommand,
    openclawBin: bin('OPENCLAW_BIN', openclawDefault),
    doctorToolTimeoutS: r.int('DOCTOR_TOOL_TIMEOUT_S', 300, 5, 3600, 'seconds'),
    restartTimeoutS: r.int('RESTART_TIMEOUT_S', 60, 1, 3600, 'seconds'),
    restartVerifyS: r.int('RESTART_VERIFY_S', 60, 1, 3600, 'seconds'),
    killGraceS: r.int('KILL_GRACE_S', 10, 1, 600, 'seconds'),
    configPath: path('GATEWAY_CONFIG_PATH', '~/.openclaw/openclaw.json'),
    gatewayStateDir: path('GATEWAY_STATE_DIR', dirname(path('GATEWAY_CONFIG_PATH', '~/.openclaw/openclaw.json'))),
    logPaths: r
      .str('GATEWAY_LOG_PATHS', '~/.openclaw/logs/gateway.log,~/.openclaw/logs/gateway.err.log,/tmp/openclaw/openclaw-*.log')
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)
      .map((p) => expandHome(p, home)),
    startupGraceS: r.int('STARTUP_GRACE_S', 120, 0, 3600, 'seconds'),
    startupGraceMaxS: r.int('STARTUP_GRACE_MAX_S', 300, 0, 3600, 'seconds'),
    restartMax: r.int('RESTART_MAX', 3, 1, 100, 'restarts'),
    restartWindowS: r.int('RESTART_WINDOW_S', 900, 1, 86_400, 'seconds'),
    memoryMaxMb: r.int('MEMORY_MAX_MB', 4096, 16, 1_048_576, 'megabytes'),
    claudeBin: bin('CLAUDE_BIN', 'claude'),
    claudeModel: r.raw('CLAUDE_MODEL')?.value.trim() ?? null,
    tmuxBin: bin('TMUX_BIN', 'tmux'),
    sqliteBin: bin('SQLITE_BIN', 'sqlite3'),
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
    ...alertKeys(r, problems),
    heartbeatUrl: r.url('HEARTBEAT_URL', null),
    metricsFile: (() => {
      const raw = r.raw('METRICS_FILE');
      const v = raw?.value.trim();
      if (!raw || !v) return null;
      const out = expandHome(v, home);
      // node_exporter's textfile collector reads only *.prom files.
      if (!out.startsWith('/') || !out.endsWith('.prom')) throw new ConfigError('METRICS_FILE', 'an absolute path (or ~/...) ending in .prom', v, raw.source);
      return out;
    })(),
    digestDay: (() => {
      const raw = r.raw('DIGEST_DAY');
      const v = raw?.value.trim().toLowerCase();
      if (!raw || !v || v === 'off') return null;
      const i = DAYS.indexOf(v.slice(0, 3));
      if (v.length < 3 || i < 0 || !DAYS_FULL[i]?.startsWith(v)) throw new ConfigError('DIGEST_DAY', 'a day of the week (monday, mon, ..., sunday) or off', raw.value, raw.source);
      return i;
    })(),
    launcher,
    logDir: path('SELFHEAL_LOG_DIR', process.platform === 'darwin' ? '~/Library/Logs/openclaw-selfheal' : '~/.local/state/openclaw-selfheal/logs'),
    logMaxMb: r.int('LOG_MAX_MB', 5, 1, 10_000, 'megabytes'),
    labelPrefix: r.str('SELFHEAL_LABEL_PREFIX', 'ai.openclaw.selfheal'),
  };
  return checkUnknownKeys(cfg, r, env, file, envFile);
}

/** Our variables that are no configuration: the installer's and the tests' switches, the doctor's run token. */
const NOT_CONFIG = new Set(['SELFHEAL_ENV_FILE', 'SELFHEAL_FORCE_MACOS', 'SELFHEAL_FORCE_SYSTEMD', 'SELFHEAL_SKIP_DEPS', 'SELFHEAL_INTERVAL_SCALE', 'SELFHEAL_LEASE_TOKEN']);
/** Environment variables looked at for misspellings: ours only (OpenClaw's own OPENCLAW_* are not). */
const OUR_ENV = /^(SELFHEAL|GATEWAY|HEALTH|DOCTOR|RESTART|ALERT|DISCORD|SLACK|TELEGRAM|NTFY|SERVING|CANARY|DISK)_/i;

/**
 * A key in .env (or one of our variables in the environment) that this configuration does not read:
 * near a known key (a typo, another case), it is that key with a bad value, never ignored in favour
 * of the default: a channel's key turns its channel off, any other stops the tier (exit 78). Far
 * from every key, it is a warning with the nearest one.
 */
function checkUnknownKeys(cfg: Config, r: Reader, env: Env, file: Record<string, string>, envFile: string): Config {
  const known = [...r.seen];
  const found: Array<[string, string]> = [
    ...Object.keys(file).map((k): [string, string] => [k, envFile]),
    ...Object.keys(env).filter((k) => OUR_ENV.test(k) && env[k]).map((k): [string, string] => [k, 'the environment']),
  ];
  let out = cfg;
  for (const [key, source] of found) {
    if (r.seen.has(key) || NOT_CONFIG.has(key)) continue;
    const near = nearestKey(key, known);
    const set = near ? r.raw(near.key) !== null : false;
    if (near?.misspelled && !set) {
      const channel = (Object.keys(CHANNEL_SETTINGS) as ChannelId[]).find((c) => CHANNEL_SETTINGS[c].keys.includes(near.key));
      const why = `spelled ${near.key} (${source} has ${key}: a misspelled key is never ignored in favour of the default)`;
      if (!channel) throw new ConfigError(near.key, why, key, source);
      out = { ...out, ...CHANNEL_SETTINGS[channel].off, problems: [...out.problems, { key: near.key, message: `config: ${near.key} must be ${why}: that alert channel is off until it is fixed` }] };
    } else {
      out = { ...out, problems: [...out.problems, { key, message: `config: unknown key ${key} in ${source}, ignored${near ? ` (did you mean ${near.key}?)` : ''}` }] };
    }
  }
  return out;
}

/** The gateway's port, when the health URL is on this machine (a remote URL's port says nothing of the CLI's own gateway). */
export function gatewayPort(cfg: Pick<Config, 'healthUrl'>): string | null {
  const u = cfg.healthUrl;
  return ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) ? u.port || (u.protocol === 'https:' ? '443' : '80') : null;
}
