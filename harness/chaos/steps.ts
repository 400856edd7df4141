// What the faults do to a gateway and its config: config edits, a squatter on the port, a second
// gateway, restarts from outside, a chat turn, the fake model provider.
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, cpSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import JSON5 from 'json5';
import { join } from 'node:path';
import { alive, freePort, start as startDemo } from '../demo-gateway.ts';
import { PROJECT_ROOT } from '../../lib/config/paths.ts';
import { healthy, readRealPid, realPaths, stopReal, upReal, type OpenclawInstall } from '../real-gateway.ts';
import { pause, resume } from '../../lib/record/pause.ts';
import { startFakeProvider, type ProviderMode } from '../fake-provider.ts';
import { sleep, waitUntil } from './targets.ts';
import type { Fault, FaultContext } from './runner.ts';

export const CHAOS_KEY = 'selfhealChaos';

export function addUnknownKey(path: string): void {
  const text = readFileSync(path, 'utf8');
  writeFileSync(path, text.replace('{', `{\n  "${CHAOS_KEY}": true,`));
}

export function removeUnknownKey(path: string): void {
  if (!existsSync(path)) return;
  writeFileSync(path, readFileSync(path, 'utf8').replace(/^\s*"?selfhealChaos"?\s*:.*\n/m, ''));
}

export function kill(pid: number | null, sig: NodeJS.Signals): void {
  if (pid && alive(pid)) process.kill(pid, sig);
}

/** An upgrade-and-restart that meets a config the gateway rejects: it stops, and will not start again. */
export function rejectConfig(c: FaultContext): void {
  addUnknownKey(c.t.configPath);
  kill(c.t.pid(), 'SIGTERM');
}

/**
 * A program that takes the gateway's port: not ours, must survive. It writes `marker` only once its
 * own listen succeeded: a port that merely answers may still be the dying gateway's (CI: the squatter
 * lost that race after the check, died of EADDRINUSE, and the restart then found the port free).
 */
export function squat(c: FaultContext, marker: string): ChildProcess {
  const err = openSync(join(c.b.root, 'squatter.err'), 'a');
  const code = `const s = require('net').createServer(); s.on('error', (e) => { console.error(e.code); process.exit(3); }); s.listen(${c.t.port}, '127.0.0.1', () => require('fs').writeFileSync(${JSON.stringify(marker)}, String(process.pid))); setInterval(() => {}, 1 << 30)`;
  const p = spawn(process.execPath, ['-e', code, 'port-squatter'], { stdio: ['ignore', 'ignore', err], detached: true });
  c.own.push(p);
  c.mustSurvive.push(p.pid as number);
  return p;
}

/** Bench F5c's plugin load time: OpenClaw loads it twice, so the boot is about twice this. */
export const SLOW_BOOT_S = 100;

/**
 * harness/slow-plugin, copied beside the gateway and named in its config (`plugins.load.paths`),
 * taking `seconds` to load; null: taken out of the config again.
 */
export function slowPlugin(c: FaultContext, seconds: number | null): void {
  const dir = join(c.t.dir, 'slow-plugin');
  const doc = JSON5.parse(readFileSync(c.t.configPath, 'utf8')) as { plugins?: { load?: { paths?: string[] }; entries?: Record<string, unknown> } & Record<string, unknown> };
  const plugins = doc.plugins ?? {};
  if (seconds === null) {
    doc.plugins = { ...plugins, load: { ...plugins.load, paths: (plugins.load?.paths ?? []).filter((p) => p !== dir) } };
    if (doc.plugins.entries) delete doc.plugins.entries['slow-boot'];
  } else {
    cpSync(join(PROJECT_ROOT, 'harness', 'slow-plugin'), dir, { recursive: true });
    writeFileSync(join(dir, 'seconds'), String(seconds));
    doc.plugins = { ...plugins, load: { ...plugins.load, paths: [...new Set([...(plugins.load?.paths ?? []), dir])] }, entries: { ...plugins.entries, 'slow-boot': { enabled: true } } };
  }
  writeFileSync(c.t.configPath, `${JSON.stringify(doc, null, 2)}\n`);
}

/**
 * A Telegram account with a made-up token: with no way to reach Telegram, it never connects; with
 * `apiRoot` (a loopback fake Bot API) it polls. The gateway's token goes into its config too, where
 * the real CLI (`openclaw gateway call`) finds it.
 */
export function setTelegram(configPath: string, on: boolean, apiRoot?: string, gatewayToken?: string): void {
  const doc = JSON5.parse(readFileSync(configPath, 'utf8')) as { channels?: Record<string, unknown>; gateway?: Record<string, unknown> };
  if (on) doc.channels = { ...(doc.channels ?? {}), telegram: { enabled: true, botToken: '123456789:AAFakeTokenForSelfhealChaosOnly0000000', ...(apiRoot ? { apiRoot } : {}) } };
  else if (doc.channels) delete doc.channels.telegram;
  if (gatewayToken) doc.gateway = { ...(doc.gateway ?? {}), mode: 'local', auth: { mode: 'token', token: gatewayToken } };
  writeFileSync(configPath, `${JSON.stringify(doc, null, 2)}\n`);
}

/**
 * The gateway's only model provider: a loopback fake of the Messages API (null: none), and the
 * gateway's token in its config, where `openclaw infer --gateway` (the canary) finds it.
 */
export function setProvider(c: FaultContext, url: string | null): void {
  const path = c.t.configPath;
  const doc = JSON5.parse(readFileSync(path, 'utf8')) as { models?: Record<string, unknown>; agents?: Record<string, unknown>; gateway?: Record<string, unknown> };
  if (url) {
    const spec = JSON.parse(readFileSync(realPaths(c.t.dir).spec, 'utf8')) as { token: string };
    doc.gateway = { ...(doc.gateway ?? {}), mode: 'local', auth: { mode: 'token', token: spec.token } };
    doc.models = { mode: 'merge', providers: { fakeant: { baseUrl: url, apiKey: 'sk-fake-selfheal-chaos-0000', api: 'anthropic-messages', models: [{ id: 'fake-model', name: 'Fake' }] } } };
    doc.agents = { ...(doc.agents ?? {}), defaults: { model: { primary: 'fakeant/fake-model' } } };
  } else {
    delete doc.models;
    delete (doc.agents as { defaults?: unknown } | undefined)?.defaults;
  }
  writeFileSync(path, `${JSON.stringify(doc, null, 2)}\n`);
}

/** A gateway whose Telegram polling hangs does not stop on SIGTERM within the stand-in's 15 s: kill it. */
export async function forceRestart(c: FaultContext): Promise<void> {
  kill(c.t.pid(), 'SIGKILL');
  await restartRetrying(c);
}

/**
 * A restart by hand, as a person does it when changing the config: the supervisor paused meanwhile.
 * Unpaused, a health tick that falls between the stop and the start sees a dead gateway and
 * restarts it itself, killing the harness's new start (seen as "exited with 128 while starting" in
 * F14's preparation). Tried twice: on a loaded machine the first can lose a race for the port.
 */
export async function restartRetrying(c: FaultContext, edit?: () => void): Promise<void> {
  const now = Date.now();
  await c.store?.update((s) => ({ state: pause(s, now + 300_000, 'the harness restarts the gateway by hand', now), result: null }));
  try {
    // A pause stops new decisions, not a restart a tier decided just before it (on a loaded machine
    // a slow first boot gets one): ours would race it and be killed while starting (CI: F15's
    // preparation, "exited with 128 while starting"). Its own restart ends within the stand-in's waits.
    const store = c.store;
    if (store && !(await waitUntil(() => store.read().restartInProgress === null, 150_000, 250))) c.notes.push('a tier was still restarting the gateway after 150 s');
    // A config edit made while the gateway runs races its own hot reload: a change it must restart
    // for (gateway.auth, logging.file) starts a drain that our stop then meets half-way, and the
    // next chat was once told "Gateway is draining". Stopped first, the edit is only read at boot.
    if (edit) {
      await c.t.stop();
      edit();
    }
    try {
      await c.t.restartOutside();
    } catch (e) {
      c.notes.push(`restart outside failed once: ${(e as Error).message.slice(0, 120)}`);
      await sleep(3_000);
      await c.t.restartOutside();
    }
  } finally {
    await c.store?.update((s) => ({ state: resume(s), result: null }));
  }
}

/** What Discord received since the fault began, as text. */
export const sentText = (c: FaultContext): string => JSON.stringify(c.b.discord.accepted.slice(c.alertsBefore));

/** A second gateway the supervisor's pattern also matches (another profile): never ours to touch. */
export async function secondGateway(c: FaultContext): Promise<void> {
  if (c.t.kind === 'demo') {
    // `serve --dir <dir>` is a prefix of `serve --dir <dir>-b`: the supervisor's pattern matches both.
    const dir = `${c.t.dir}-b`;
    const port = await freePort();
    const pid = startDemo(dir, port);
    if (!(await waitUntil(() => healthy(port), 15_000, 50))) throw new Error('F13: the second demo gateway did not come up');
    c.mustSurvive.push(pid);
    c.second = { pid, port, stop: async () => kill(pid, 'SIGKILL') };
    return;
  }
  const dir = `${c.t.dir}-b`;
  const g = await upReal(dir, c.b.install as OpenclawInstall);
  const pid = readRealPid(dir) as number;
  c.mustSurvive.push(pid);
  c.second = {
    pid,
    port: g.port,
    // A second 800 MB gateway left running would load every fault after this one.
    stop: async () => {
      if (!(await stopReal(dir, 15_000))) kill(pid, 'SIGKILL');
    },
  };
}

/** The gateway's JSON file log (`logging.file`), where OpenClaw writes its session diagnostics. */
export const fileLog = (c: FaultContext): string => join(c.t.dir, 'openclaw-file.log');

/**
 * One message to one chat (the same session key each time) through the real CLI, as a channel's
 * message reaches the agent; the child is the fault's own, killed by its pid at the end.
 */
interface ChatTurn {
  done: Promise<{ code: number | null; out: string; ms: number }>;
  kill: () => void;
}

/** One `openclaw agent` turn to the fault's chat; `onEnd` hears of its end as soon as it comes. */
export function chatTurn(c: FaultContext, timeoutMs: number, onEnd?: (r: { code: number | null; out: string; ms: number }) => void): ChatTurn {
  const install = c.b.install;
  if (!install) {
    const r = { code: null, out: 'openclaw is not installed', ms: 0 };
    onEnd?.(r);
    return { done: Promise.resolve(r), kill: () => {} };
  }
  const doc = JSON5.parse(readFileSync(c.t.configPath, 'utf8')) as { agents?: { entries?: Record<string, { default?: boolean }> } };
  // The default agent: the one marked so, else the first (OpenClaw 2026.9.6's doctor --fix removes
  // the retired `default` markers, as F7 before this fault runs it), else OpenClaw's `main`.
  const entries = Object.entries(doc.agents?.entries ?? {});
  const agent = (entries.find(([, a]) => a.default) ?? entries[0])?.[0] ?? 'main';
  const started = Date.now();
  const child = spawn(join(install.bin, 'openclaw'), ['agent', '--session-key', `agent:${agent}:selfheal-chaos-chat`, '--message', 'Reply with exactly: pong', '--json', '--timeout', String(Math.ceil(timeoutMs / 1000))], {
    env: { ...process.env, HOME: realPaths(c.t.dir).home, OPENCLAW_GATEWAY_PORT: String(c.t.port), NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  c.own.push(child);
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const done = new Promise<{ code: number | null; out: string; ms: number }>((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 10_000);
    child.on('close', (code) => {
      clearTimeout(t);
      const r = { code, out, ms: Date.now() - started };
      onEnd?.(r);
      resolve(r);
    });
  });
  return { done, kill: () => void child.kill('SIGKILL') };
}

/** A provider fault a person must hear of, by its words, with no restart (a serving check every 15 s). */
export function providerFault(id: string, name: string, mode: ProviderMode, canaryTimeoutS: number, words: RegExp): Fault {
  return {
    id,
    name,
    targets: ['real'],
    expect: 'alerted',
    env: () => ({ SERVING_INTERVAL_S: '15', CANARY_INTERVAL_S: '15', CANARY_TIMEOUT_S: String(canaryTimeoutS) }),
    timeoutMs: 600_000,
    restartsInPrepare: true,
    prepare: providerPrepare,
    inject: async (c) => {
      if (c.provider) c.provider.mode = mode;
    },
    verify: (c) => providerVerify(c, words),
    cleanup: providerCleanup,
  };
}

/** A provider that answers, in the gateway's config, the gateway restarted on it (serving faults). */
export async function providerPrepare(c: FaultContext, edit?: () => void): Promise<void> {
  const provider = await startFakeProvider('ok');
  c.provider = provider;
  await restartRetrying(c, () => {
    setProvider(c, provider.url);
    edit?.();
  });
}

/** The person's alert says the cause in our words, no restart was made. */
export function providerVerify(c: FaultContext, cause: RegExp): string[] {
  const text = sentText(c);
  const problems: string[] = [];
  if (!cause.test(text)) problems.push(`the alert does not say ${cause.source}`);
  if (/Overloaded"|rate limit reached|invalid x-api-key/.test(text)) problems.push("the alert carries the log's or the provider's words");
  const restarts = c.store?.read().restarts.length ?? 0;
  if (restarts > 0) problems.push(`the gateway was restarted ${restarts} times for a provider fault`);
  c.notes.push(`provider calls: ${c.provider?.calls.length ?? 0} (${[...new Set(c.provider?.calls.map((x) => x.mode))].join(',')})`);
  if (problems.length) c.notes.push(`sent: ${text.slice(0, 1500)}`);
  return problems;
}

export async function providerCleanup(c: FaultContext): Promise<void> {
  // Let the runs in flight end (answered, or their sockets closed) so the gateway can drain and stop.
  if (c.provider) c.provider.mode = 'ok';
  await sleep(2_000);
  await c.provider?.close();
  if (c.last) return;
  try {
    await restartRetrying(c, () => setProvider(c, null));
  } catch (e) {
    c.notes.push(`cleanup: ${(e as Error).message.slice(0, 160)}; killed instead`);
    await forceRestart(c);
  }
}

/** A chat key no gateway here has: the forged stall below names it. */
export const FORGED_SESSION = 'agent:dev:forged-victim';

/**
 * Two lines in the exact shape of OpenClaw's stalled-session diagnostic (its JSON file log, the
 * `diagnostic` subsystem, stamped now), for a chat the gateway does not have: what anyone who can
 * get text into the log could write. Asked, the gateway denies the chat, so nothing may be aborted.
 */
export function forgeStall(c: FaultContext, key = FORGED_SESSION): void {
  const line = () => {
    const now = new Date().toISOString();
    const msg = `stalled session: sessionId=00000000-0000-4000-8000-000000000000 sessionKey=${key} state=processing age=400s queueDepth=0 reason=active_work_without_progress classification=stalled_agent_run activeWorkKind=model_call lastProgress=model_call:stream_progress lastProgressAge=400s recovery=none`;
    const name = JSON.stringify({ subsystem: 'diagnostic' });
    return JSON.stringify({ 0: name, 1: msg, _meta: { runtime: 'node', date: now, logLevelId: 4, logLevelName: 'WARN', name, parentNames: ['openclaw'] }, time: now, message: msg });
  };
  appendFileSync(fileLog(c), `${line()}\n${line()}\n`);
}

