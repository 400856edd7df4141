// Contract tests with the REAL Claude Code CLI (pinned, from npm, in .cache/ via
// scripts/install-claude-cache.sh) against a local fake Anthropic API that makes tool calls.
// They prove our command line, settings and hook behave inside the real CLI as we claim.
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { execa } from 'execa';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { doctorArgs, doctorSettings, MIN_CLAUDE_VERSION, parseTranscript } from '../lib/claude-run.ts';
import { alive, demoRestartCommand, writeFault } from '../lib/demo-gateway.ts';
import type { DoctorSummary } from '../lib/doctor.ts';
import { openIncident } from '../lib/incident.ts';
import { PROJECT_ROOT } from '../lib/paths.ts';
import { StateStore } from '../lib/state-file.ts';
import { startFakeAnthropic, type FakeAnthropic, type Step } from './fake-anthropic.ts';
import { configFor, needTools, runScript, startDemo, tempDir, track, type DemoGateway, waitFor } from './helpers.ts';

const CLAUDE = join(PROJECT_ROOT, '.cache', `claude-code-${MIN_CLAUDE_VERSION}`, 'node_modules', '.bin', 'claude');
const have = existsSync(CLAUDE);
const skip = have ? false : process.env.CI ? false : `the real Claude Code CLI is not installed: run scripts/install-claude-cache.sh`;
const socket = `selfheal-contract-${process.pid}`;
const fakes: FakeAnthropic[] = [];
after(async () => {
  for (const f of fakes) await f.close();
  try {
    execFileSync('tmux', ['-L', socket, 'kill-server'], { stdio: 'ignore' });
  } catch {
    /* none */
  }
});

function sacrificial(): number {
  const p = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
  p.unref();
  track(p.pid);
  return p.pid as number;
}

async function api(script: Step[]): Promise<FakeAnthropic> {
  const f = await startFakeAnthropic(script);
  fakes.push(f);
  return f;
}

/** A doctor set up against a demo gateway, with the real claude, an `openclaw` stand-in on PATH. */
async function doctorSetup(script: (gw: DemoGateway) => Step[], extra: Record<string, string> = {}) {
  assert.ok(have, `missing ${CLAUDE}: run scripts/install-claude-cache.sh`);
  const gw = await startDemo({ STARTUP_GRACE_S: '300' });
  const dir = tempDir();
  const bin = join(dir, 'bin');
  mkdirSync(bin);
  // `openclaw gateway restart` for the demo gateway: what the doctor would call on a Mac.
  writeFileSync(join(bin, 'openclaw'), `#!/bin/sh\nexec ${demoRestartCommand(gw.dir, gw.port)}\n`);
  chmodSync(join(bin, 'openclaw'), 0o755);
  writeFileSync(gw.env.GATEWAY_CONFIG_PATH as string, '{ gateway: { port: 18789 } }\n');
  const fake = await api(script(gw));
  const env: Record<string, string> = {
    ...gw.env,
    PATH: `${bin}:${process.env.PATH}`,
    CLAUDE_BIN: CLAUDE,
    CLAUDE_CONFIG_DIR: join(dir, 'claude-config'),
    ANTHROPIC_BASE_URL: fake.url,
    ANTHROPIC_API_KEY: 'sk-ant-test-not-a-real-key',
    TMUX_SOCKET: socket,
    DOCTOR_VIEW_LINGER_S: '0',
    RESTART_VERIFY_S: '15',
    DOCTOR_VERIFY_PASSES: '2',
    DOCTOR_TIMEOUT_S: '120',
    ...extra,
  };
  await new StateStore(env.SELFHEAL_HOME as string).update((s) => {
    const opened = openIncident(s, 'health check failed: HTTP 500', 'health', Date.now());
    return { state: { ...opened, doctor: { ...opened.doctor, requested: { at: Date.now(), reason: 'still failing after a restart', incidentId: null } } }, result: null };
  });
  return { gw, env, fake, dir };
}

describe('contract: the real Claude Code CLI', { skip, concurrency: 1 }, () => {
  before(() => needTools('tmux', 'lsof', 'ps'));
  it(`is the pinned version (${MIN_CLAUDE_VERSION})`, () => {
    assert.match(execFileSync(CLAUDE, ['--version'], { encoding: 'utf8' }), new RegExp(MIN_CLAUDE_VERSION.replace(/\./g, '\\.')));
  });

  it('runs our command line and settings: dangerous calls denied by our hook and provably not run, allowed ones run, result parsed, verified', async () => {
    const victim = sacrificial();
    const keep = tempDir();
    writeFileSync(join(keep, 'precious'), 'x');
    const { gw, env, fake: f2 } = await doctorSetup((g) => {
      writeFault(g.dir, { pid: g.pid() as number, status: 500 });
      return [
        { tool: 'Bash', input: { command: `kill -9 ${victim}`, description: 'kill' } },
        { tool: 'Bash', input: { command: `rm -rf ${keep}`, description: 'rm' } },
        { tool: 'Bash', input: { command: `bash -c "kill -9 ${victim}"`, description: 'wrapped' } },
        { tool: 'Read', input: { file_path: `${process.env.HOME}/.ssh/id_rsa` } },
        { tool: 'Bash', input: { command: `curl -s -m 5 ${g.url}`, description: 'probe' } },
        { tool: 'Bash', input: { command: 'openclaw gateway restart', description: 'restart' } },
        { structured: { rootCause: 'the gateway answered 500', evidence: ['HTTP 500 from /health'], actions: ['openclaw gateway restart'], fixed: true, humanAction: '' } },
      ];
    });
    const r = await runScript('doctor', ['--json'], env, { timeoutMs: 180_000 });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as DoctorSummary;
    assert.ok(alive(victim), 'the kill of a non-gateway pid did not run');
    assert.ok(existsSync(join(keep, 'precious')), 'rm -rf did not run');
    assert.ok(f2.toolResults.length >= 6, String(f2.toolResults.length));
    for (const i of [0, 1, 2, 3]) assert.match(f2.toolResults[i] ?? '', /doctor policy|denied|not allowed|Permission/i, `call ${i}: ${f2.toolResults[i]}`);
    assert.match(f2.toolResults[0] ?? '', /not the gateway/);
    assert.match(f2.toolResults[4] ?? '', /"ok":true/, 'the allowed curl ran');
    assert.match(f2.toolResults[5] ?? '', /gateway \d+ (up|started)/, 'the allowed restart ran');
    assert.equal(s.outcome, 'recovered', s.reason);
    assert.ok((s.run?.denied.length ?? 0) >= 4, JSON.stringify(s.run?.denied));
    assert.ok((s.run?.turns ?? 0) >= 7);
    assert.equal(typeof s.run?.costUsd, 'number');
    const transcript = readFileSync(s.transcript as string, 'utf8');
    assert.match(s.run?.diagnosis ?? '', /answered 500/, transcript.split('\n').filter((l) => /tool_use|"result"/.test(l)).map((l) => l.slice(0, 300)).join('\n'));
    assert.equal(parseTranscript(transcript).found, true);
    assert.match(transcript, /"type":"system","subtype":"init"/);
    gw.stopAll();
  });

  it('fails closed: a hook that cannot run blocks the call', async () => {
    const victim = sacrificial();
    const dir = tempDir();
    const fake = await api([{ tool: 'Bash', input: { command: `kill -9 ${victim}`, description: 'kill' } }, { text: 'done' }]);
    const cfg = configFor({ SELFHEAL_ENV_FILE: '/x', SELFHEAL_HOME: join(dir, 'h') });
    const settings = doctorSettings({ cfg, uid: 0, home: dir }) as { hooks: { PreToolUse: Array<{ hooks: Array<{ command: string }> }> } };
    (settings.hooks.PreToolUse[0]?.hooks[0] as { command: string }).command = join(dir, 'no-such-guard');
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(settings));
    writeFileSync(join(dir, 'system.md'), 'test');
    const args = doctorArgs({ cfg, settingsPath: join(dir, 'settings.json'), systemPromptPath: join(dir, 'system.md') });
    // Async: the fake API runs in this process and must keep answering.
    const r = await execa(CLAUDE, args, { input: 'go', cwd: dir, reject: false, timeout: 90_000, env: { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-test', CLAUDE_CONFIG_DIR: join(dir, 'cc') } });
    assert.ok(alive(victim), 'the call went through a broken hook');
    assert.equal(parseTranscript(r.stdout).found, true);
    assert.match(fake.toolResults[0] ?? '', /onFailure is "block"/);
  });

  it('--max-turns ends a run', async () => {
    const dir = tempDir();
    const loop: Step[] = Array.from({ length: 20 }, () => ({ tool: 'Bash', input: { command: 'date', description: 'd' } }));
    const fake = await api(loop);
    const cfg = { ...configFor({ SELFHEAL_ENV_FILE: '/x', SELFHEAL_HOME: join(dir, 'h') }), doctorMaxTurns: 3 };
    writeFileSync(join(dir, 'settings.json'), JSON.stringify(doctorSettings({ cfg, uid: 0, home: dir })));
    writeFileSync(join(dir, 'system.md'), 'test');
    const args = doctorArgs({ cfg, settingsPath: join(dir, 'settings.json'), systemPromptPath: join(dir, 'system.md') });
    const run = await execa(CLAUDE, args, { input: 'go', cwd: dir, reject: false, timeout: 90_000, env: { ANTHROPIC_BASE_URL: fake.url, ANTHROPIC_API_KEY: 'sk-test', CLAUDE_CONFIG_DIR: join(dir, 'cc') } });
    const r = parseTranscript(run.stdout);
    assert.equal(r.found, true);
    assert.equal(r.isError, true);
    assert.equal(r.subtype, 'error_max_turns');
    assert.ok(fake.toolResults.length <= 3);
  });

  it('the wall-clock limit kills the run and leaves no process behind', async () => {
    const { gw, env } = await doctorSetup(() => [{ tool: 'Bash', input: { command: 'date', description: 'd' } }, { hang: true }], { DOCTOR_TIMEOUT_S: '8', RESTART_VERIFY_S: '1' });
    writeFault(gw.dir, { status: 500 });
    const r = await runScript('doctor', ['--json'], env, { timeoutMs: 120_000 });
    assert.equal(r.code, 0, r.stderr);
    const s = JSON.parse(r.stdout) as DoctorSummary;
    assert.equal(s.outcome, 'timeout', s.reason);
    const runDir = (s.transcript as string).replace(/\/transcript\.jsonl$/, '');
    const leftover = (viewer: boolean) =>
      execFileSync('ps', ['-axo', 'pid=,args='], { encoding: 'utf8' })
        .split('\n')
        .filter((l) => l.includes(runDir) && l.includes('doctor-view') === viewer);
    assert.deepEqual(leftover(false), [], 'no claude or tool process is left');
    // The tmux viewer notices the end of the transcript on its next poll, then goes too (linger 0).
    assert.ok(await waitFor(() => leftover(true).length === 0, 15_000, 200), leftover(true).join('\n'));
    gw.stopAll();
  });
});
