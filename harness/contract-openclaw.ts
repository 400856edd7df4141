// Do the log signatures still match what a given OpenClaw version writes? The real gateway of that
// version (installed into .cache/ by scripts/install-openclaw-cache.sh), its only model provider a
// loopback fake (harness/fake-provider.ts): one `openclaw infer model run --gateway` answered 401, one
// answered 429, and (with stall) one chat whose provider stream stops, watched for OpenClaw's
// 6-minute stall diagnostic. The lines it logged, in its JSON file log and on its console, are
// matched against the signature table (lib/config/log-signatures.json5) by the product's own matcher.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import JSON5 from 'json5';
import { loadSignatures } from '../lib/config/signatures.ts';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { matchLines, parseLines } from '../lib/observe/log-scan.ts';
import { startFakeProvider, type ProviderMode } from './fake-provider.ts';
import { findOpenclaw, readRealPid, realPaths, restartReal, stopReal, upReal, type OpenclawInstall } from './real-gateway.ts';
import { alive } from './demo-gateway.ts';

/** What one of the supervisor's questions to the gateway costs: medians of a few calls, as the product makes them. */
export interface CallCost {
  question: string;
  /** The CLI exited 0 each time. */
  answered: boolean;
  wallMs: number;
  cpuMs: number;
}

/**
 * The questions asked before acting on a hint (observe/hint-answers.ts, observe/channel-states.ts),
 * with the same words (`openclaw gateway call <method> [--params] --json`); a session the gateway
 * does not have is what a forged stall line names.
 */
const QUESTIONS: Array<{ question: string; args: string[] }> = [
  { question: 'sessions.describe (a stall hint)', args: ['gateway', 'call', 'sessions.describe', '--params', '{"key":"agent:main:selfheal-none"}', '--json'] },
  { question: 'channels.status (a channel hint)', args: ['gateway', 'call', 'channels.status', '--json'] },
  { question: 'plugins.list (a plugin hint)', args: ['gateway', 'call', 'plugins.list', '--json'] },
];

/** Wall and CPU (user + system) of each question, by the shell's own `time` (the CLI's children included); medians of `n`. */
function timeQuestions(bin: string, env: NodeJS.ProcessEnv, n: number): CallCost[] {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  return QUESTIONS.map((q) => {
    const wall: number[] = [];
    const cpu: number[] = [];
    let answered = true;
    for (let i = 0; i < n; i++) {
      const r = spawnSync('bash', ['-c', 'TIMEFORMAT="%R %U %S"; { time "$@" >/dev/null 2>&1; } 2>&1; echo "exit $?"', '_', bin, ...q.args], { env, encoding: 'utf8', timeout: 120_000, killSignal: 'SIGKILL' });
      const m = /([\d.]+) ([\d.]+) ([\d.]+)\s*\nexit (\d+)/.exec(r.stdout ?? '');
      if (!m) {
        answered = false;
        continue;
      }
      wall.push(Number(m[1]) * 1000);
      cpu.push((Number(m[2]) + Number(m[3])) * 1000);
      answered &&= m[4] === '0';
    }
    return { question: q.question, answered: answered && wall.length === n, wallMs: Math.round(median(wall)), cpuMs: Math.round(median(cpu)) };
  });
}

export interface ContractRow {
  fault: string;
  /** The signatures this fault's lines should match (the table's own expectation). */
  expected: string[];
  matched: string[];
  lines: number;
  detail: string;
}

/** The cache's install of `version`, installing it first when it is not there. */
export function openclawVersion(version: string): OpenclawInstall {
  const have = findOpenclaw(version);
  if (have) return have;
  const r = spawnSync(join(PROJECT_ROOT, 'scripts', 'install-openclaw-cache.sh'), [], { env: { ...process.env, OPENCLAW_VERSION: version }, stdio: ['ignore', 'ignore', 'inherit'], timeout: 900_000 });
  const got = findOpenclaw(version);
  if (r.status !== 0 || !got) throw new Error(`openclaw ${version} could not be installed into .cache/ (install-openclaw-cache.sh exit ${r.status})`);
  return got;
}

/** Bytes of a file from `from` on, as lines (a file not there yet: none). */
function newLines(path: string, from: number): string[] {
  if (!existsSync(path)) return [];
  return readFileSync(path).subarray(from).toString('utf8').split('\n').filter((l) => l.trim());
}

const size = (path: string): number => (existsSync(path) ? statSync(path).size : 0);

export async function runContract(version: string, o: { stall: boolean; log: (s: string) => void }): Promise<{ rows: ContractRow[]; calls: CallCost[] }> {
  const install = openclawVersion(version);
  const root = mkdtempSync(join(tmpdir(), 'selfheal-contract-'));
  const provider = await startFakeProvider('ok');
  const rows: ContractRow[] = [];
  let calls: CallCost[] = [];
  const sigs = loadSignatures();
  // Each fault on a gateway of its own: a 401 sets the provider's login aside (a cooldown OpenClaw
  // keeps in its state), a 429 leaves a backoff, and either made the next request skip the provider
  // (the first cut's 429, run after the 401, reached nothing and matched nothing).
  const faults: Array<{ mode: ProviderMode; fault: string; expected: string[]; stall?: true }> = [
    { mode: '429', fault: 'the provider rate-limits (429)', expected: ['provider-rate-limited'] },
    { mode: '401', fault: 'the provider rejects the login (401)', expected: ['provider-auth-rejected', 'provider-auth-cooldown'] },
    ...(o.stall ? [{ mode: 'stall' as const, fault: "a chat's run stalls (the provider's stream stops)", expected: ['session-stalled'], stall: true as const }] : []),
  ];
  try {
    for (const [i, f] of faults.entries()) {
      const dir = join(root, `gateway-${i}`);
      const fileLog = join(dir, 'openclaw-file.log');
      provider.mode = 'ok';
      try {
        const g = await upWithProvider(dir, install, provider.url, fileLog, version);
        o.log(`openclaw ${version} up on 127.0.0.1:${g.port} for: ${f.fault}`);
        const p = realPaths(dir);
        const env = { ...process.env, HOME: p.home, OPENCLAW_GATEWAY_PORT: String(g.port), NO_COLOR: '1', PATH: `${install.bin}:${process.env.PATH ?? ''}` };
        // On the first gateway, healthy yet: what each question costs on this version.
        if (i === 0) calls = timeQuestions(join(install.bin, 'openclaw'), env, 3);
        const at = { file: size(fileLog), console: size(p.log) };
        provider.mode = f.mode;
        if (!f.stall) {
          const began = Date.now();
          // Not spawnSync: the fake provider answers from this process's event loop, which a
          // synchronous wait would hold until the CLI's timeout (every call then waited it out).
          const r = await execa(install.node, [install.entry, 'infer', 'model', 'run', '--gateway', '--prompt', 'Reply with exactly: pong', '--json'], { env, timeout: 240_000, killSignal: 'SIGKILL', reject: false });
          // OpenClaw writes its logs a moment after it answers; a retry line may come later still.
          let seen = row(f.fault, f.expected, newLines(fileLog, at.file), newLines(p.log, at.console), '');
          for (let waited = 0; waited < 20_000 && !f.expected.some((id) => seen.matched.includes(id)); waited += 2_000) {
            await new Promise((res) => setTimeout(res, 2_000));
            seen = row(f.fault, f.expected, newLines(fileLog, at.file), newLines(p.log, at.console), '');
          }
          rows.push({ ...seen, detail: `the CLI exited ${r.exitCode ?? r.signal} after ${Math.round((Date.now() - began) / 1000)} s` });
        } else {
          // As F19 does it (harness/chaos/faults.ts): a chat answered first, once /readyz admits it;
          // then a turn whose stream stops, and the provider fine again once that turn reached it.
          provider.mode = 'ok';
          // The default agent: the one marked so, else the first, else OpenClaw's `main` (as F19's chat).
          const entries = Object.entries((JSON5.parse(readFileSync(p.config, 'utf8')) as { agents?: { entries?: Record<string, { default?: boolean }> } }).agents?.entries ?? {});
          const agent = (entries.find(([, a]) => a.default) ?? entries[0])?.[0] ?? 'main';
          const chatArgs = [install.entry, 'agent', '--session-key', `agent:${agent}:selfheal-contract`, '--message', 'Reply with exactly: pong', '--json', '--timeout', '900'];
          const ready = async () => (await fetch(`http://127.0.0.1:${g.port}/readyz`, { signal: AbortSignal.timeout(1_000) }).catch(() => null))?.status === 200;
          for (let waited = 0; waited < 120_000 && !(await ready()); waited += 500) await new Promise((res) => setTimeout(res, 500));
          const first = await execa(install.node, chatArgs, { env, timeout: 180_000, killSignal: 'SIGKILL', reject: false });
          if (first.exitCode !== 0) o.log(`the first chat did not answer (exit ${first.exitCode ?? first.signal}: ${(first.stdout + first.stderr).replace(/\s+/g, ' ').slice(-200)}): the stall is tried anyway`);
          else o.log(`the first chat answered in ${Math.round(first.durationMs / 1000)} s`);
          const before = provider.calls.length;
          provider.mode = 'stall';
          const chat = spawn(install.node, chatArgs, { env, stdio: 'ignore', detached: true });
          const started = Date.now();
          while (provider.calls.length === before && Date.now() - started < 240_000) await new Promise((res) => setTimeout(res, 250));
          provider.mode = 'ok';
          o.log(provider.calls.length > before ? `the stalled turn reached the provider after ${Math.round((Date.now() - started) / 1000)} s` : 'the stalled turn never reached the provider in 240 s');
          let seen: ContractRow | null = null;
          // OpenClaw's own clock: its stall diagnostic comes about 6 minutes in.
          while (Date.now() - started < 600_000) {
            await new Promise((res) => setTimeout(res, 10_000));
            seen = row(f.fault, f.expected, newLines(fileLog, at.file), newLines(p.log, at.console), '');
            if (seen.matched.includes('session-stalled')) break;
          }
          if (chat.pid && alive(chat.pid)) process.kill(-chat.pid, 'SIGKILL');
          if (seen) rows.push({ ...seen, detail: `watched ${Math.round((Date.now() - started) / 1000)} s` });
        }
        o.log(`${f.fault}: ${rows.at(-1)?.matched.join(', ') || 'nothing matched'}`);
      } finally {
        await stopGateway(dir);
      }
    }
  } finally {
    await provider.close();
    if (!process.env.SELFHEAL_KEEP_CHAOS) rmSync(root, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
  }
  return { rows, calls };

  function row(fault: string, expected: string[], fileLines: string[], consoleLines: string[], detail: string): ContractRow {
    const hits = [...matchLines(parseLines('json', fileLines), sigs), ...matchLines(parseLines('console', consoleLines), sigs)];
    return { fault, expected, matched: [...new Set(hits.map((h) => h.id))].sort(), lines: fileLines.length + consoleLines.length, detail };
  }
}

/** A fresh gateway in `dir` whose only model provider is the fake at `providerUrl`, logging JSON to `fileLog`. */
async function upWithProvider(dir: string, install: OpenclawInstall, providerUrl: string, fileLog: string, version: string): Promise<{ port: number }> {
  const g = await upReal(dir, install);
  const p = realPaths(dir);
  const doc = JSON5.parse(readFileSync(p.config, 'utf8')) as Record<string, unknown>;
  const spec = JSON.parse(readFileSync(p.spec, 'utf8')) as { token: string };
  doc.gateway = { ...((doc.gateway as object | undefined) ?? {}), mode: 'local', auth: { mode: 'token', token: spec.token } };
  doc.models = { mode: 'merge', providers: { fakeant: { baseUrl: providerUrl, apiKey: 'sk-fake-selfheal-contract-0000', api: 'anthropic-messages', models: [{ id: 'fake-model', name: 'Fake' }] } } };
  doc.agents = { ...((doc.agents as object | undefined) ?? {}), defaults: { model: { primary: 'fakeant/fake-model' } } };
  doc.logging = { ...((doc.logging as object | undefined) ?? {}), file: fileLog };
  // Written while it is stopped: one boot reads it, no hot reload races a drain.
  await stopReal(dir, 30_000);
  writeFileSync(p.config, `${JSON.stringify(doc, null, 2)}\n`);
  const up = await restartReal(dir, install, { upWaitMs: 120_000 });
  if (!up.ok || !up.up) throw new Error(`openclaw ${version} did not start with the fake provider: ${up.detail}`);
  return { port: g.port };
}

/** Its whole process group (started detached): workers go with it. */
async function stopGateway(dir: string): Promise<void> {
  const pid = readRealPid(dir);
  if (!pid || !alive(pid)) return;
  if (!(await stopReal(dir, 15_000))) process.kill(pid, 'SIGKILL');
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is already gone
  }
}

