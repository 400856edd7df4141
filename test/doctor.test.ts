// Tier 3 with a stand-in claude against the demo gateway: recovered, claimed-but-down, hang past the
// limit, not logged in, two at once, missing or too old. Real tmux, real processes.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { alive, writeFault } from '../harness/demo-gateway.ts';
import type { DoctorSummary } from '../lib/tiers/doctor.ts';
import { openIncident } from '../lib/record/incident.ts';
import { runCommand } from '../harness/command.ts';
import { renderTemplate } from '../lib/doctor/prompt.ts';
import { StateStore } from '../lib/record/store.ts';
import { CONFIG_JSON5, LOG_LINES, allSecrets } from './fixtures/secrets.ts';
import JSON5 from 'json5';
import { needTools, runScript, startDemo, tempDir, track, waitFor } from './helpers.ts';
import { killTmuxServer } from '../harness/tmux-socket.ts';

const socket = `selfheal-test-${process.pid}`;
after(() => killTmuxServer(socket));

const CONFIG = '{\n  // the gateway config\n  gateway: { port: 18789 },\n}\n';

async function setup(mode: string, extra: Record<string, string> = {}) {
  const gw = await startDemo({ STARTUP_GRACE_S: '300' });
  writeFault(gw.dir, { status: 500 }); // sticky: a restart alone does not fix it
  const dir = tempDir();
  const wrapper = join(dir, 'claude');
  writeFileSync(wrapper, `#!/bin/sh\nexec ${runCommand('../harness/fake-claude').join(' ')} "$@"\n`);
  chmodSync(wrapper, 0o755);
  writeFileSync(gw.env.GATEWAY_CONFIG_PATH as string, CONFIG);
  const log = join(dir, 'claude.log');
  const env: Record<string, string> = {
    ...gw.env,
    CLAUDE_BIN: wrapper,
    TMUX_SOCKET: socket,
    DOCTOR_VIEW_LINGER_S: '0',
    RESTART_VERIFY_S: '6',
    DOCTOR_VERIFY_PASSES: '2',
    DOCTOR_TIMEOUT_S: '60',
    FAKE_CLAUDE_MODE: mode,
    FAKE_CLAUDE_LOG: log,
    FAKE_DEMO_DIR: gw.dir,
    FAKE_CHILD_PIDFILE: join(dir, 'child.pid'),
    ...extra,
  };
  const store = new StateStore(env.SELFHEAL_HOME as string);
  await store.update((s) => {
    const now = Date.now();
    const opened = openIncident(s, 'health check failed: HTTP 500', 'health', now);
    return { state: { ...opened, doctor: { ...opened.doctor, requested: { at: now, reason: 'still failing after a restart', incidentId: opened.incident?.id ?? null } } }, result: null };
  });
  const calls = () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as { args: string[]; prompt: string }) : []);
  return { gw, env, store, calls, dir };
}

async function doctor(env: Record<string, string>): Promise<DoctorSummary> {
  const r = await runScript('doctor', ['--json'], env);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as DoctorSummary;
}

describe('the Claude Doctor (stand-in claude)', { concurrency: 2 }, () => {
  before(() => needTools('tmux', 'lsof', 'ps'));
  it('a fix that works: recovered, lease released, recovery notice queued, watchable in tmux', async () => {
    const { gw, env, store, calls } = await setup('fix');
    const s = await doctor(env);
    assert.equal(s.outcome, 'recovered', s.reason);
    assert.ok(s.tmuxSession);
    const st = store.read();
    assert.equal(st.doctor.lease, null);
    assert.equal(st.incident, null);
    assert.equal(st.history.at(-1)?.outcome, 'recovered');
    assert.match(st.history.at(-1)?.fixedBy ?? '', /Claude Doctor/);
    assert.equal(st.outbox.filter((a) => a.kind === 'recovered').length, 1);
    const run = st.doctor.runs.at(-1);
    assert.equal(run?.turns, 4);
    assert.equal(run?.costUsd, 0.12);
    assert.deepEqual(run?.denied, ['Bash: rm -rf ~']);
    // The exact fences went to claude, and the prompt carried the incident.
    const [call] = calls();
    assert.ok(call);
    for (const flag of ['-p', '--permission-mode', 'dontAsk', '--tools', '--mcp-config', '--strict-mcp-config', '--settings', '--max-turns', '--max-budget-usd', '--json-schema', '--no-session-persistence']) assert.ok(call.args.includes(flag), flag);
    assert.equal(call.args[call.args.indexOf('--tools') + 1], '', 'no built-in tools');
    assert.ok(!call.args.some((a) => /dangerously|--bare/.test(a)));
    assert.match(call.prompt, /health check failed: HTTP 500/);
    assert.match(call.prompt, /Runbook/);
    const settings = JSON.parse(readFileSync(call.args[call.args.indexOf('--settings') + 1] as string, 'utf8')) as { hooks: { PreToolUse: Array<{ hooks: Array<{ onFailure: string }> }> } };
    assert.equal(settings.hooks.PreToolUse[0]?.hooks[0]?.onFailure, 'block');
    const st2 = await runScript('status', [], env);
    assert.match(st2.stdout, /recovered in .* by the Claude Doctor/);
    gw.stopAll();
  });

  it('a fix claimed but the gateway still down: not recovered, config restored, alert queued', async () => {
    const { gw, env, store } = await setup('claim');
    const s = await doctor(env);
    assert.equal(s.outcome, 'not-recovered');
    assert.match(s.reason, /Claude said it was fixed, but health check still failing/);
    const cfgPath = env.GATEWAY_CONFIG_PATH as string;
    assert.equal(readFileSync(cfgPath, 'utf8'), CONFIG, 'the pre-doctor config is back');
    const kept = readdirSync(gw.dir).filter((f) => f.startsWith('openclaw.json.doctor-'));
    assert.equal(kept.length, 1);
    assert.match(readFileSync(join(gw.dir, kept[0] as string), 'utf8'), /doctorWasHere/);
    const st = store.read();
    assert.equal(st.doctor.lease, null);
    const human = st.outbox.filter((a) => a.kind === 'human');
    assert.equal(human.length, 1);
    assert.ok(human[0]?.fields.some((f) => f.name === 'Diagnosis' && /sticky fault/.test(f.value)));
    gw.stopAll();
  });

  it('a run that hangs past the limit: killed with everything it started, lease released, alert queued', async () => {
    const { gw, env, store, dir } = await setup('hang', { DOCTOR_TIMEOUT_S: '5', RESTART_VERIFY_S: '1' });
    const s = await doctor(env);
    assert.equal(s.outcome, 'timeout');
    const child = Number(readFileSync(join(dir, 'child.pid'), 'utf8'));
    track(child);
    assert.ok(await waitFor(() => !alive(child), 10_000), 'the tool process claude started is gone too');
    const st = store.read();
    assert.equal(st.doctor.lease, null);
    assert.equal(st.outbox.filter((a) => a.kind === 'human').length, 1);
    gw.stopAll();
  });

  it('not logged in: alert saying so, and no retry storm', async () => {
    const { gw, env, store, calls } = await setup('not-logged-in', { DOCTOR_COOLDOWN_S: '600' });
    const s = await doctor(env);
    assert.equal(s.outcome, 'refused');
    assert.match(s.reason, /not logged in/i);
    // The tiers ask again: the cooldown holds, no second session.
    await store.update((x) => ({ state: { ...x, doctor: { ...x.doctor, requested: { at: Date.now(), reason: 'again', incidentId: null } } }, result: null }));
    const again = await doctor(env);
    assert.equal(again.ran, false);
    assert.match(again.reason, /cooling down/);
    assert.equal(calls().length, 1);
    assert.ok(store.read().outbox.some((a) => a.kind === 'human' && /not logged in/i.test(a.summary)));
    gw.stopAll();
  });

  it('two doctors started at the same moment: exactly one runs', async () => {
    const { gw, env, calls } = await setup('slow-fix');
    const [a, b] = await Promise.all([doctor(env), doctor(env)]);
    const ran = [a, b].filter((x) => x.ran);
    assert.equal(ran.length, 1);
    assert.match([a, b].find((x) => !x.ran)?.reason ?? '', /another doctor|nothing is wrong|no doctor/);
    assert.equal(calls().length, 1);
    gw.stopAll();
  });

  it('claude missing, or older than the fail-closed version: no run, straight to a human, saying why', async () => {
    const { gw, env, store, calls } = await setup('fix', { CLAUDE_BIN: '/nonexistent/claude' });
    const s = await doctor(env);
    assert.equal(s.ran, false);
    assert.match(s.reason, /not installed/);
    const st = store.read();
    assert.ok(st.outbox.some((a) => a.kind === 'human' && /not installed/.test(a.summary)));
    assert.ok(st.outbox.some((a) => a.kind === 'self'));
    gw.stopAll();
    const old = await setup('fix', { FAKE_CLAUDE_VERSION: '2.1.197' });
    const o = await doctor(old.env);
    assert.equal(o.ran, false);
    assert.match(o.reason, /2\.1\.197 is older than 2\.1\.331/);
    assert.equal(old.calls().length, 0);
    assert.equal(calls().length, 0);
    old.gw.stopAll();
  });

  it("OpenClaw's own triage agent at work (a coding agent the gateway started): the doctor waits, says so once on the incident, and keeps the request", async () => {
    const { gw, env, store, calls } = await setup('fix');
    writeFault(gw.dir, { status: 500, triageAgent: 'claude' });
    await waitFor(async () => (await fetch(gw.url).then((r) => r.status, () => 0)) === 500 && existsSync(join(gw.dir, 'triage.pid')));
    const agentPid = Number(readFileSync(join(gw.dir, 'triage.pid'), 'utf8'));
    track(agentPid);
    await waitFor(() => alive(agentPid));
    for (let i = 0; i < 2; i++) {
      const s = await doctor(env);
      assert.equal(s.outcome, 'skipped', s.reason);
      assert.match(s.reason, new RegExp(`OpenClaw's own triage agent \\(claude, pid ${agentPid}\\) is repairing the gateway: the doctor waits`));
    }
    assert.deepEqual(calls(), [], 'Claude was not started');
    const st = store.read();
    assert.ok(st.doctor.requested, 'the request stands for when triage is done');
    assert.equal(st.doctor.lease, null);
    assert.equal(st.incident?.actions.filter((a) => /OpenClaw's own triage agent/.test(a.detail)).length, 1, 'said once');
    gw.stopAll();
    assert.ok(await waitFor(() => !alive(agentPid), 5_000), 'the agent left with its gateway');
  });

  it('the safety-net run does nothing without a request, even with an incident open', async () => {
    const { gw, env, store, calls } = await setup('fix');
    await store.update((x) => ({ state: { ...x, doctor: { ...x.doctor, requested: null } }, result: null }));
    const s = await doctor(env);
    assert.equal(s.ran, false);
    assert.match(s.reason, /no doctor was requested/);
    assert.equal(calls().length, 0);
    assert.ok(store.read().incident, 'the incident stays with the cheaper tiers');
    gw.stopAll();
  });

  it('--dry-run prints the prompt, the command line and the settings, and runs nothing', async () => {
    const { gw, env, store, calls } = await setup('fix');
    const r = await runScript('doctor', ['--dry-run'], env);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /# command/);
    assert.match(r.stdout, /--permission-mode dontAsk/);
    assert.match(r.stdout, /"onFailure": "block"/);
    assert.match(r.stdout, /health check failed: HTTP 500/);
    assert.equal(calls().length, 0);
    assert.ok(store.read().doctor.requested, 'the request is still there');
    gw.stopAll();
  });

  it('the prompt carries no log and no config, and no secret; an @path from the gateway is neutralised', async () => {
    const { gw, env, store } = await setup('fix');
    writeFileSync(env.GATEWAY_CONFIG_PATH as string, CONFIG_JSON5);
    writeFileSync(join(gw.dir, 'gateway.log'), `${LOG_LINES.map(([, l]) => l).join('\n')}\nGateway failed to start: Invalid config\n`);
    // The trigger, and a shutdown reason the gateway itself recorded (the watchdog's note): both gateway text.
    const note = { at: Date.now(), tier: 'watchdog' as const, kind: 'note' as const, detail: "the gateway's own last shutdown: restart (SIGUSR2: see @~/.aws/credentials) at 2026-11-25T02:11:00.000Z", ok: null };
    await store.update((s) => ({ state: { ...s, incident: s.incident ? { ...s.incident, trigger: `restart failed: ${LOG_LINES[0]?.[1]} see @~/.ssh/id_rsa and \`@/etc/x\``, actions: [...s.incident.actions, note] } : null }, result: null }));
    const r = await runScript('doctor', ['--dry-run'], env);
    assert.equal(r.code, 0, r.stderr);
    const prompt = r.stdout.slice(r.stdout.indexOf('# prompt'));
    assert.doesNotMatch(prompt, /Gateway failed to start/, 'no log tail in the prompt: logs come through the tools');
    assert.doesNotMatch(prompt, /telegram/, 'no config in the prompt');
    assert.match(prompt, /see ＠~\/\.ssh\/id_rsa and '＠\/etc\/x'/, 'the trigger is there, neutralised');
    assert.match(prompt, /SIGUSR2: see ＠~\/\.aws\/credentials/, 'the shutdown note is there, neutralised');
    assert.doesNotMatch(prompt, /(^|\s)@[~/]/m);
    for (const secret of allSecrets()) assert.ok(!r.stdout.includes(secret), `dry run leaks ${secret}`);
    assert.match(r.stdout, /mcp__selfheal__gateway_restart/, 'the tool list');
    assert.match(r.stdout, /"--strict-mcp-config"|--strict-mcp-config/);
    gw.stopAll();
  });

  it('a doctor that changes a protected key and recovers: the key is put back, the rest kept, a human told', async () => {
    const { gw, env, store } = await setup('fix-token');
    const cfgPath = env.GATEWAY_CONFIG_PATH as string;
    writeFileSync(cfgPath, CONFIG_JSON5);
    const s = await doctor(env);
    assert.equal(s.outcome, 'recovered', s.reason);
    const cfg = JSON5.parse(readFileSync(cfgPath, 'utf8')) as { gateway: { auth: { token: string } }; logging?: { level: string } };
    assert.equal(cfg.gateway.auth.token, 'gw-tok-7c1e9a0b44d2f3e8a1', 'the protected key is back');
    assert.equal(cfg.logging?.level, 'debug', 'the unprotected change stays');
    const kept = readdirSync(gw.dir).filter((f) => f.startsWith('openclaw.json.doctor-'));
    assert.equal(kept.length, 1);
    assert.match(readFileSync(join(gw.dir, kept[0] as string), 'utf8'), /doctor-rotated-token-0d0e/, "the doctor's version is kept for review");
    const st = store.read();
    const human = st.outbox.find((a) => a.kind === 'human' && /protected/.test(a.title));
    assert.ok(human, JSON.stringify(st.outbox.map((a) => a.title)));
    const putBack = human.fields.find((f) => f.name === 'Put back')?.value ?? '';
    assert.match(putBack, /changed `gateway\.auth\.token`: \[REDACTED\] → \[REDACTED\]/);
    assert.ok(!JSON.stringify(human).includes('doctor-rotated-token-0d0e') && !JSON.stringify(human).includes('gw-tok-7c1e9a0b44d2f3e8a1'));
    const notice = st.outbox.find((a) => a.kind === 'recovered');
    assert.match(notice?.fields.find((f) => /kept/.test(f.name))?.value ?? '', /added `logging\.level` = "debug"[\s\S]*To roll back: cp /);
    assert.equal(st.doctor.runs.at(-1)?.protectedReverted?.length, 1);
    gw.stopAll();
  });

  it('prompt templates: placeholders filled, unknown ones reported', () => {
    const r = renderTemplate('# {{incidentId}} {{trigger}} {{nope}}', { incidentId: 'inc-1', trigger: 'down' });
    assert.equal(r.text, '# inc-1 down {{nope}}');
    assert.deepEqual(r.unknown, ['nope']);
  });
});
