// Loads the gateway's own, unchanged LaunchAgent plist into launchd again (`launchctl bootstrap
// gui/<uid> <plist>`, one retry: #136453 reports a second try works), then asks launchd whether it
// has it. Never writes a plist.
import { describeExec, type Exec } from '../seams/exec.ts';
import type { ProcessControl } from '../seams/process.ts';

export async function bootstrapAgent(exec: Exec, pc: Pick<ProcessControl, 'sleep'>, path: string, label: string, uid = process.getuid?.() ?? 0): Promise<{ ok: boolean; steps: string[] }> {
  const domain = `gui/${uid}`;
  const steps: string[] = [];
  for (let i = 0; i < 2; i++) {
    if (i > 0) await pc.sleep(1_000);
    const r = await exec('launchctl', ['bootstrap', domain, path], { timeoutMs: 15_000 });
    steps.push(r.ok ? `launchctl bootstrap ${domain} ${label}.plist: ok` : describeExec(`launchctl bootstrap ${domain} ${label}.plist`, r));
    if (r.ok) break;
  }
  const loaded = (await exec('launchctl', ['print', `${domain}/${label}`], { timeoutMs: 10_000 })).ok;
  steps.push(loaded ? 'launchd has it loaded again' : 'launchd still does not have it');
  return { ok: loaded, steps };
}
