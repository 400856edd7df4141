import { z } from 'zod';
import { restartGateway, unclean } from '../../act/restart.ts';
import { waitHealthy } from '../../observe/health.ts';
import { uncleanStopsLeft } from '../../record/queries.ts';
import { recordUncleanStops } from '../../record/restarts.ts';
import { defineTool } from './tool.ts';

export default defineTool({
  name: 'gateway_restart',
  description:
    "Restarts the gateway the supervisor's own way: the configured restart command (`openclaw gateway restart`); if it fails or hangs, TERM then KILL of the gateway's exact pids and the command again. Then waits for the health URL (up to RESTART_VERIFY_S). Returns each step.",
  input: z.strictObject({}),
  acts: true,
  async run({ d }) {
    const o = await restartGateway(d.cfg, d.exec, d.pc, { uncleanLeft: uncleanStopsLeft(d.store.read(), d.now()) });
    if (unclean(o)) await d.store.update((s) => ({ state: recordUncleanStops(s, unclean(o), d.now()), result: null }));
    const lines = [...o.steps];
    let healthy = false;
    if (o.ok) {
      const p = await waitHealthy(d, d.cfg.restartVerifyS);
      healthy = p.ok;
      lines.push(p.ok ? `healthy: ${p.detail}` : `not healthy within ${d.cfg.restartVerifyS} s: ${p.detail}`);
    }
    const summary = !o.ok ? 'restart failed' : healthy ? 'restarted; healthy' : 'restarted; not healthy yet';
    return { text: lines.join('\n'), summary, failed: !o.ok || !healthy };
  },
});
