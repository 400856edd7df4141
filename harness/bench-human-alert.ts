// How long from the doctor's refusal (Claude Code missing) to the person's alert arriving at a
// channel: the real tiers as processes, waking each other the way this platform does (a detached
// spawn off a Mac), the demo gateway dead with its restart budget spent, a loopback stand-in for
// Discord. A benchmark: it prints figures, it asserts nothing.
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { StateStore } from '../lib/record/store.ts';
import { demoSupervisorEnv, freePort } from './demo-gateway.ts';
import { startFakeDiscord } from './fake-discord.ts';

export interface HumanAlertRun {
  /** From the doctor's refusal (its event) to the human alert accepted by the channel. */
  refusalToChannelMs: number;
  /** From the watchdog's start (gateway found dead) to the human alert accepted. */
  detectionToChannelMs: number;
  /** Pushes the channel got for this one step (escalation, person, doctor cannot run) within 3 s more. */
  pushes: number;
}

export async function benchHumanAlert(runs = 5): Promise<HumanAlertRun[]> {
  const out: HumanAlertRun[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'selfheal-bench-human-'));
    const fake = await startFakeDiscord();
    const arrived: number[] = [];
    const origPush = fake.accepted.push.bind(fake.accepted);
    fake.accepted.push = (...items) => {
      for (const it of items) if (JSON.stringify(it).includes('needs you')) arrived.push(Date.now());
      return origPush(...items);
    };
    try {
      // No gateway at all on a free port; the restart budget already spent: the doctor is next.
      const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: dir, ...demoSupervisorEnv(dir, await freePort()), DISCORD_WEBHOOK_URL: fake.url, CLAUDE_BIN: '/nonexistent/claude', SELFHEAL_LAUNCHER: 'spawn', GATEWAY_RESTART_COMMAND: '/bin/false', STARTUP_GRACE_S: '0' };
      const home = env.SELFHEAL_HOME as string;
      const store = new StateStore(home);
      const now = Date.now();
      await store.update((s) => ({ state: { ...s, restarts: [now - 3000, now - 2000, now - 1000] }, result: null }));
      const t0 = Date.now();
      // Awaited, not spawnSync: the fake Discord answers from this event loop, and the alert's arrival
      // is stamped when it does.
      await execa(process.execPath, [join(PROJECT_ROOT, 'dist', 'scripts', 'watchdog.js')], { env, extendEnv: false, timeout: 60_000, reject: false });
      for (let w = 0; w < 300 && arrived.length === 0; w++) await new Promise((r) => setTimeout(r, 100));
      const events = readFileSync(join(home, 'events.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { at: string; tier: string; event: string });
      const refused = events.find((e) => e.tier === 'doctor' && e.event === 'not-run');
      const got = arrived[0];
      if (got !== undefined) await new Promise((r) => setTimeout(r, 3000));
      if (!refused || got === undefined) throw new Error(`run ${i + 1}: ${refused ? 'no human alert arrived within 30 s' : 'the doctor never ran'}`);
      out.push({ refusalToChannelMs: got - Date.parse(refused.at), detectionToChannelMs: got - t0, pushes: fake.accepted.length });
    } finally {
      await fake.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}
