// The gateway's LaunchAgent dropped by launchd (OpenClaw's own stop and restart can leave it
// unloaded): the watchdog loads the very plist launchd ran the gateway from, unchanged, and tells a
// person otherwise. launchd cannot run here: `launchctl` is a stand-in inside the exec seam; the
// gateway, its restart, the files and the watchdog are real.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bootstrapAgent } from '../lib/act/launch-agent.ts';
import { agentPrintStale, unloadedAgentStep } from '../lib/decide/launch-agent.ts';
import { alive, readPid, start } from '../harness/demo-gateway.ts';
import { agentPlistPath, printPlist } from '../lib/observe/launch-agent.ts';
import type { AgentPlistPrint } from '../lib/record/state.ts';
import { realDeps } from '../lib/seams/deps.ts';
import { probeExec, type Exec, type ExecResult } from '../lib/seams/exec.ts';
import { runWatchdog } from '../lib/tiers/watchdog.ts';
import { configFor, startDemo, tempDir, track, waitFor } from './helpers.ts';

const LABEL = 'ai.openclaw.gateway';
const print = (sha256: string, o: Partial<AgentPlistPrint> = {}): AgentPlistPrint => ({ path: '/Users/me/Library/LaunchAgents/ai.openclaw.gateway.plist', size: 900, mtimeMs: 1, sha256, at: 0, ...o });
const result = (ok: boolean, stderr = ''): ExecResult => ({ ok, exitCode: ok ? 0 : 5, signal: null, timedOut: false, notFound: false, stdout: '', stderr, durationMs: 1 });

describe("the gateway's LaunchAgent, dropped by launchd", () => {
  it('loaded again only when its plist is the one launchd ran the gateway from, unchanged; otherwise a person, told why', () => {
    const unloaded = { platform: 'darwin' as const, loaded: false, plistExists: true };
    assert.deepEqual(unloadedAgentStep(unloaded, print('a'), print('a'), LABEL), { kind: 'bootstrap', path: print('a').path });
    const changed = unloadedAgentStep(unloaded, print('b'), print('a'), LABEL);
    assert.equal(changed.kind, 'tell');
    assert.match(changed.kind === 'tell' ? changed.why : '', /changed since launchd last ran the gateway from it.*openclaw gateway install/);
    const never = unloadedAgentStep(unloaded, print('a'), null, LABEL);
    assert.match(never.kind === 'tell' ? never.why : '', /never saw launchd run the gateway from it/);
    const elsewhere = unloadedAgentStep(unloaded, print('a'), print('a', { path: '/tmp/x.plist' }), LABEL);
    assert.equal(elsewhere.kind, 'tell');
    const gone = unloadedAgentStep({ ...unloaded, plistExists: false }, null, print('a'), LABEL);
    assert.match(gone.kind === 'tell' ? gone.why : '', /ai\.openclaw\.gateway\.plist is gone/);
    assert.equal(unloadedAgentStep({ ...unloaded, loaded: true }, print('a'), print('a'), LABEL).kind, 'none');
    assert.equal(unloadedAgentStep({ ...unloaded, platform: 'linux' }, print('a'), print('a'), LABEL).kind, 'none');
  });

  it('its print is taken again only when the file changed by size, time or place', () => {
    const known = print('a');
    assert.equal(agentPrintStale(known, known.path, { size: 900, mtimeMs: 1 }), false);
    assert.equal(agentPrintStale(known, known.path, { size: 901, mtimeMs: 1 }), true);
    assert.equal(agentPrintStale(known, known.path, { size: 900, mtimeMs: 2 }), true);
    assert.equal(agentPrintStale(known, '/elsewhere.plist', { size: 900, mtimeMs: 1 }), true);
    assert.equal(agentPrintStale(null, known.path, { size: 900, mtimeMs: 1 }), true);
    assert.equal(agentPrintStale(known, known.path, null), false, 'no file: nothing to take');
  });

  it('launchctl bootstrap, one retry, then launchd is asked whether it has it', async () => {
    const calls: string[] = [];
    let tries = 0;
    const exec: Exec = async (file, args) => {
      calls.push(`${file} ${args.join(' ')}`);
      if (args[0] === 'bootstrap') return result(++tries > 1, 'Bootstrap failed: 5: Input/output error');
      return result(true);
    };
    const b = await bootstrapAgent(exec, { sleep: async () => {} }, '/p/ai.openclaw.gateway.plist', LABEL, 501);
    assert.equal(b.ok, true);
    assert.deepEqual(calls, ['launchctl bootstrap gui/501 /p/ai.openclaw.gateway.plist', 'launchctl bootstrap gui/501 /p/ai.openclaw.gateway.plist', 'launchctl print gui/501/ai.openclaw.gateway']);
    assert.match(b.steps[0] ?? '', /Input\/output error/);
  });

  for (const edited of [false, true]) {
    it(edited ? 'a real watchdog run, the plist edited since: not loaded, a person told' : 'a real watchdog run: the gateway gone, its restart failing, launchd without its agent: loaded again, the gateway back, no one woken', async () => {
      const gw = await startDemo();
      const home = tempDir();
      const plist = agentPlistPath(home, LABEL);
      mkdirSync(join(home, 'Library', 'LaunchAgents'), { recursive: true });
      writeFileSync(plist, '<plist><dict><key>Label</key><string>ai.openclaw.gateway</string></dict></plist>\n');
      const known = await printPlist(plist, Date.now());
      if (edited) writeFileSync(plist, '<plist><dict><key>Label</key><string>ai.openclaw.gateway</string><key>ProgramArguments</key></dict></plist>\n');
      // launchd, standing in: it has no agent until bootstrapped, and then starts the gateway.
      let loaded = false;
      const calls: string[] = [];
      const exec: Exec = async (file, args, opts) => {
        if (file !== 'launchctl') return probeExec(file, args, opts);
        calls.push(args.join(' '));
        if (args[0] === 'bootstrap') {
          loaded = true;
          track(start(gw.dir, gw.port));
          return result(true);
        }
        return result(args[0] === 'print' ? loaded : true);
      };
      const cfg = configFor({ ...gw.env, GATEWAY_RESTART_COMMAND: 'false', GATEWAY_LAUNCHD_LABEL: LABEL, RESTART_VERIFY_S: '5' });
      const d = realDeps(cfg, { exec, probeExec: exec, platform: 'darwin', launch: async () => 'not woken' });
      await d.store.update((s) => ({ state: { ...s, gatewayAgent: known }, result: null }));
      const old = gw.pid() as number;
      process.kill(old, 'SIGKILL');
      await waitFor(() => !alive(old));
      const before = process.env.HOME;
      process.env.HOME = home;
      let w;
      try {
        w = await runWatchdog(d);
      } finally {
        process.env.HOME = before;
      }
      const s = d.store.read();
      if (edited) {
        assert.equal(w.runningAfter, false);
        assert.ok(!calls.some((c) => c.startsWith('bootstrap')), calls.join(' | '));
        assert.ok(s.incident?.humanAlertedAt, 'a person is told');
        assert.match(s.outbox.find((a) => a.kind === 'human')?.summary ?? '', /changed since launchd last ran the gateway from it/);
      } else {
        assert.equal(w.runningAfter, true, JSON.stringify(w.restart));
        assert.deepEqual(calls.filter((c) => c.startsWith('bootstrap')), [`bootstrap gui/${process.getuid?.() ?? 0} ${plist}`]);
        const reload = s.incident?.actions.find((a) => a.kind === 'agent-reload');
        assert.equal(reload?.ok, true, JSON.stringify(s.incident?.actions));
        assert.equal(s.incident?.humanAlertedAt, null, 'no one woken');
        const fresh = readPid(gw.dir);
        assert.ok(fresh && fresh !== old && alive(fresh));
      }
      gw.stopAll();
    });
  }
});
