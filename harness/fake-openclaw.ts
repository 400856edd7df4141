// A stand-in `openclaw` CLI for a demo gateway, for the doctor's tools in contract tests: gateway
// restart (the demo's service stand-in), config validate/unset, doctor --fix (removes unknown
// top-level keys, as OpenClaw's does), gateway call channels.start, sessions.abort, sessions.describe, channels.status and plugins.list, update status, channels and models status (which print secrets of the
// config, as a careless CLI might, so redaction is tested on them).
// Where it differs from the real 2026.9.6 CLI, on purpose: its `config unset` works on a config the
// validator rejects (the real one declines and says to run doctor --fix; the contract test "the
// config fences with the real OpenClaw CLI" shows that), so the tool's removal path can be tested;
// and its doctor --fix leaves nested unknown keys (the real one removes them too).
//   fake-openclaw.ts --config C --demo-dir D --port P <openclaw words...>
import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { checkConfig, demoPaths, demoRestartCommand, KNOWN_CONFIG_KEYS, writeFault, type Fault } from './demo-gateway.ts';

const argv = process.argv.slice(2);
const opt = (name: string) => {
  const i = argv.indexOf(name);
  const v = argv[i + 1] as string;
  argv.splice(i, 2);
  return v;
};
const config = opt('--config');
const dir = opt('--demo-dir');
const port = Number(opt('--port'));
const words = argv.join(' ');
const read = () => JSON5.parse(readFileSync(config, 'utf8')) as Record<string, unknown>;
/** The demo's model provider: ok unless the demo folder's model-mode file says 401, billing or hang. */
const modelMode = (): string => {
  try {
    return readFileSync(`${dir}/model-mode`, 'utf8').trim() || 'ok';
  } catch {
    return 'ok';
  }
};
const write = (doc: Record<string, unknown>) => writeFileSync(config, `${JSON.stringify(doc, null, 2)}\n`);

if (words === 'gateway status --deep --json') {
  // The part of OpenClaw's deep status the supervisor reads: the demo's own shutdown record.
  let lastShutdown: unknown;
  try {
    lastShutdown = JSON.parse(readFileSync(`${dir}/last-shutdown.json`, 'utf8'));
  } catch {
    lastShutdown = undefined;
  }
  console.log(JSON.stringify({ cli: { version: 'fake' }, gateway: { port, lastShutdown } }, null, 2));
} else if (words === 'gateway status --json') {
  // OpenClaw 2026.9.6's shape, its version fields only: the running gateway's from the demo folder's
  // gateway-version file (each call counted in gateway-status-calls), else the installed CLI's.
  appendFileSync(`${dir}/gateway-status-calls`, 'x');
  let server: string | null = null;
  try {
    server = readFileSync(`${dir}/gateway-version`, 'utf8').trim() || null;
  } catch {
    server = null;
  }
  console.log(JSON.stringify({ cli: { version: '2026.9.6' }, rpc: { ok: server !== null, server: { version: server } }, pluginVersionDrift: { gatewayVersion: '2026.9.6', drifts: [] } }, null, 2));
} else if (argv[0] === 'update' && argv[1] === 'status' && argv[2] === '--json') {
  // OpenClaw 2026.9.6's shape (test/fixtures/update/update-status-migrations.json), its warnings from
  // the demo folder's migration-warnings.json (none without it); each call counted in update-status-calls.
  appendFileSync(`${dir}/update-status-calls`, 'x');
  const real = JSON.parse(readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'update', 'update-status-migrations.json'), 'utf8')) as Record<string, unknown>;
  delete real.migrationWarnings;
  let warnings: string[] = [];
  try {
    warnings = JSON.parse(readFileSync(`${dir}/migration-warnings.json`, 'utf8')) as string[];
  } catch {
    warnings = [];
  }
  console.log(JSON.stringify({ ...real, ...(warnings.length ? { migrationWarnings: warnings } : {}) }, null, 2));
} else if (words === 'gateway restart') {
  const [file, ...rest] = demoRestartCommand(dir, port).split(' ');
  execFileSync(file as string, rest, { stdio: 'inherit' });
} else if (words === 'config validate --json') {
  // OpenClaw 2026.9.6's shape (test/fixtures/openclaw-config-validate.json). The demo rejects unknown
  // top-level keys; its validator also names nested keys called hidden* (the tests' stand-in for a
  // key an upgrade dropped), which the demo gateway itself tolerates.
  const doc = read();
  const issues: Array<{ path: string; message: string }> = Object.keys(doc).filter((k) => !KNOWN_CONFIG_KEYS.has(k)).map((k) => ({ path: '<root>', message: `Unrecognized key: "${k}"` }));
  const walk = (o: unknown, at: string[]) => {
    if (!o || typeof o !== 'object' || Array.isArray(o)) return;
    for (const [k, v] of Object.entries(o)) {
      if (/^hidden/.test(k)) issues.push({ path: at.join('.') || '<root>', message: `Unrecognized key: "${k}"` });
      else walk(v, [...at, k]);
    }
  };
  walk(doc, []);
  console.log(JSON.stringify(issues.length ? { ok: false, valid: false, path: config, issues } : { ok: true, valid: true, path: config, issues: [] }, null, 2));
  process.exit(issues.length ? 1 : 0);
} else if (words === 'config validate') {
  const problem = checkConfig(config);
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
  console.log('Config valid');
} else if (argv[0] === 'config' && argv[1] === 'unset' && argv.length === 3) {
  const doc = read();
  const path = (argv[2] as string).split('.');
  let cur: Record<string, unknown> = doc;
  for (const k of path.slice(0, -1)) cur = (cur[k] ?? {}) as Record<string, unknown>;
  const last = path[path.length - 1] as string;
  if (!(last in cur)) {
    console.error(`Config path not found: ${argv[2]}`);
    process.exit(1);
  }
  delete cur[last];
  write(doc);
  console.log(`Removed ${argv[2]}. Restart the gateway to apply.`);
} else if (words === 'doctor --fix --non-interactive') {
  const doc = read();
  const unknown = Object.keys(doc).filter((k) => !KNOWN_CONFIG_KEYS.has(k));
  for (const k of unknown) delete doc[k];
  write(doc);
  console.log(unknown.length ? `Removed unknown keys: ${unknown.join(', ')}` : 'Nothing to fix');
} else if (words === 'channels status --probe') {
  const doc = read() as { channels?: { telegram?: { botToken?: string } } };
  console.log(`telegram default: running, probe ok (bot ${doc.channels?.telegram?.botToken ?? 'none'})`);
} else if (argv[0] === 'gateway' && argv[1] === 'call' && argv[2] === 'sessions.abort' && argv[3] === '--params' && (argv.length === 5 || (argv.length === 6 && argv[5] === '--json'))) {
  // Like OpenClaw's: the session's run is aborted (each key noted in the demo folder's
  // sessions-aborted), unless its session-abort file gives the answer instead (`refused`, `no-active-run`).
  const p = JSON.parse(argv[4] as string) as { key: string };
  appendFileSync(`${dir}/sessions-aborted`, `${p.key}\n`);
  let answer = '';
  try {
    answer = readFileSync(`${dir}/session-abort`, 'utf8').trim();
  } catch {
    /* aborted */
  }
  if (answer === 'refused') {
    console.log(JSON.stringify({ ok: false, error: { code: 'INVALID_REQUEST', message: 'session target is unavailable' } }));
    process.exitCode = 1;
  } else console.log(JSON.stringify({ ok: true, abortedRunId: answer ? null : 'run-1', status: answer || 'aborted' }));
} else if (argv[0] === 'gateway' && argv[1] === 'call' && argv[2] === 'channels.start' && argv[3] === '--params' && (argv.length === 5 || (argv.length === 6 && argv[5] === '--json'))) {
  // Like OpenClaw's: the channel leaves the breaker's list (the demo's /readyz `suppressed`), unless
  // the demo folder's channel-start file names the answer it gets instead (`skipped secret-unavailable`).
  const p = JSON.parse(argv[4] as string) as { channel: string; accountId?: string };
  const accountId = p.accountId ?? 'default';
  let refused = '';
  try {
    refused = readFileSync(`${dir}/channel-start`, 'utf8').trim();
  } catch {
    /* started */
  }
  if (refused) {
    const [status, reason] = refused.split(' ');
    console.log(JSON.stringify({ channel: p.channel, accountId, started: false, outcome: { status, reason } }));
  } else {
    let f: Fault = {};
    try {
      f = JSON.parse(readFileSync(demoPaths(dir).faultFile, 'utf8')) as Fault;
    } catch {
      /* no fault */
    }
    // Started: off the breaker's list, and off /readyz's failing list.
    if (f.suppressed || f.notReady) writeFault(dir, { ...f, suppressed: f.suppressed?.filter((c) => c !== p.channel), notReady: f.notReady?.filter((c) => c !== p.channel) });
    console.log(JSON.stringify({ channel: p.channel, accountId, started: true, outcome: { status: 'handed-off' } }));
  }
} else if (argv[0] === 'gateway' && argv[1] === 'call' && ['sessions.describe', 'channels.status', 'plugins.list'].includes(argv[2] as string)) {
  // Like OpenClaw 2026.9.6's answers (test/fixtures/serving/): a session row from the demo folder's
  // sessions.json (key -> row), else none; the channels named in channels-stopped.json not running;
  // the plugins named in plugins-failed.json not loaded, with an error.
  const json = <T>(file: string, fallback: T): T => {
    try {
      return JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')) as T;
    } catch {
      return fallback;
    }
  };
  if (argv[2] === 'sessions.describe') {
    const key = (JSON.parse(argv[4] ?? '{}') as { key?: string }).key ?? '';
    console.log(JSON.stringify({ session: json<Record<string, unknown>>('sessions.json', {})[key] ?? null }, null, 2));
  } else if (argv[2] === 'channels.status') {
    // channels-status.json: a whole answer (one of test/fixtures/serving/channels-status-*.json).
    const whole = json<Record<string, unknown> | null>('channels-status.json', null);
    const stopped = json<string[]>('channels-stopped.json', []);
    console.log(JSON.stringify(whole ?? { ts: Date.now(), channelOrder: stopped, channels: {}, channelAccounts: Object.fromEntries(stopped.map((c) => [c, [{ accountId: 'default', enabled: true, configured: true, running: false }]])), statusIssues: [] }, null, 2));
  } else {
    const failed = json<string[]>('plugins-failed.json', []);
    const plugins = [{ id: 'memory-core', enabled: true, state: 'enabled', runtime: { state: 'active' } }, ...failed.map((id) => ({ id, enabled: true, state: 'enabled', runtime: { state: 'unloaded', error: 'failed to load' } }))];
    console.log(JSON.stringify({ plugins, diagnostics: [], mutationAllowed: true, generation: 1 }, null, 2));
  }
} else if (words === 'models status --check --json') {
  // OpenClaw 2026.9.6's shape (test/fixtures/serving/): a login set aside shows only after a failed call.
  const mode = modelMode();
  const unusable = mode === 'billing' ? [{ profileId: 'anthropic:default', kind: 'disabled', reason: 'billing', until: Date.now() + 600_000 }] : [];
  console.log(JSON.stringify({ defaultModel: 'anthropic/claude', auth: { missingProvidersInUse: [], modelRouteIssues: [], unusableProfiles: unusable, oauth: { profiles: [] } } }, null, 2));
  process.exit(unusable.length ? 1 : 0);
} else if (words === 'infer model run --gateway --prompt Reply with exactly: pong --json') {
  // The demo's model: answers, or fails as the real gateway reported it against a provider answering 401 or a billing refusal.
  const mode = modelMode();
  if (mode === 'hang') setInterval(() => undefined, 1 << 30);
  else if (mode === 'ok') console.log(JSON.stringify({ ok: true, capability: 'model.run', transport: 'gateway', provider: 'anthropic', model: 'claude', attempts: [], outputs: [{ text: 'pong', mediaUrl: null }] }, null, 2));
  else {
    const message = mode === '401' ? '⚠️ anthropic/claude request failed (authentication failed, HTTP 401). Re-authenticate the provider and try again.' : '⚠️ anthropic (claude) returned a billing error — your API key has run out of credits or has an insufficient balance.';
    console.log(JSON.stringify({ ok: false, error: { type: 'cli_error', message } }, null, 2));
    process.exit(1);
  }
} else if (words === 'models status') {
  const doc = read() as { models?: { providers?: { anthropic?: { apiKey?: string } } } };
  console.log(`default: anthropic/claude; anthropic auth: api key ${doc.models?.providers?.anthropic?.apiKey ?? 'none'} usable`);
} else {
  console.error(`fake openclaw: unsupported: ${words}`);
  process.exit(2);
}
