// Acceptance against the real OpenClaw gateway, the faults a restart cannot fix: F15 OpenClaw's
// crash-loop breaker holding a channel down (the supervisor starts it), F7 a config the gateway
// rejects (the real Claude Code CLI and a fake model repairing it through the doctor's tools). On a
// gateway of its own, beside acceptance.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { realBench, unsupported } from './real-bench.ts';

const run = realBench();

describe('the real OpenClaw gateway, supervised as launchd would run the tiers: faults a restart cannot fix', { concurrency: false, skip: unsupported }, () => {
  // First, on a fresh gateway: its own three unclean boots must be the ones that trip the breaker.
  it("F15 three unclean boots from outside trip OpenClaw's breaker: the supervisor starts the held-down channel itself (channels.start), it polls again; no doctor, no restart, no kill", async () => {
    const r = await run('F15');
    assert.equal(r.outcome, 'recovered', JSON.stringify(r));
    assert.deepEqual(r.problems, [], JSON.stringify(r));
    assert.equal(r.uncleanStops, 0, 'the supervisor added no unclean stop');
    assert.equal(r.restarts, 0, `no restart (it cannot clear the breaker): ${JSON.stringify(r.notes)}`);
    assert.equal(r.doctorRuns, 0);
    assert.ok(!r.alerts.includes('escalated') && !r.alerts.includes('human'), JSON.stringify(r.alerts));
    assert.deepEqual(r.falseActions, []);
  });

  it('F7 config rejected: restarts cannot fix it; the real Claude Code CLI, through the doctor tools, does', async () => {
    const r = await run('F7');
    assert.equal(r.outcome, 'recovered', JSON.stringify(r));
    assert.deepEqual(r.falseActions, []);
    assert.deepEqual(r.problems, [], 'the unknown key is gone');
    assert.equal(r.doctorRuns, 1);
    assert.ok(r.actions.includes('doctor'), JSON.stringify(r.actions));
    // The timeline shows what the doctor did: OpenClaw's own repair, then the supervisor's restart.
    assert.deepEqual(r.toolCalls, ['openclaw_doctor_fix', 'gateway_restart'], JSON.stringify(r.toolCalls));
    // OpenClaw's own repair adds skill entries and wizard marks. After F15 it can also bring
    // back its Telegram bot token (seen in CI: `added channels.telegram.botToken`; most likely from its
    // config backups, openclaw.json.bak*):
    // a protected key, which the supervisor must put back and name, the gateway still healthy.
    for (const n of r.notes.filter((x) => x.startsWith('protected'))) console.log(`# F7 real: ${n}`);
    if (r.alerts.includes('protected put back')) assert.ok(r.notes.some((n) => n.startsWith('protected config put back: ')), JSON.stringify(r.notes));
  });
});
