import { z } from 'zod';
import { gatewayWhere, identifyGateway } from '../../observe/identity.ts';
import { uncleanStopsLeft } from '../../record/queries.ts';
import { recordUncleanStops } from '../../record/restarts.ts';
import { defineTool, Refused } from './tool.ts';

export default defineTool({
  name: 'gateway_stop_pid',
  description:
    'Sends TERM (default) or KILL to one pid, only if the supervisor identifies it at this moment as the supervised gateway or a worker the gateway forked. Every other pid is refused. Use it for a frozen gateway or an old gateway still holding the port; then gateway_restart.',
  input: z.strictObject({
    pid: z.number().int().min(2).max(4_194_304).describe('a pid gateway_status lists'),
    signal: z.enum(['TERM', 'KILL']).optional(),
  }),
  acts: true,
  async run({ d }, { pid, signal }) {
    const ids = await identifyGateway(d.probeExec, gatewayWhere(d.cfg));
    const lease = d.store.read().doctor.lease;
    // Only a pid proven to be the gateway (its port, launchd, the pidfile, or their worker).
    const ours = ids?.signalable ?? [];
    if (pid === process.pid || pid === process.ppid || pid === lease?.pid || !ours.includes(pid)) {
      const unproven = (ids?.pids ?? []).includes(pid) ? '; it only matches the process pattern, which proves nothing' : '';
      const why = ids?.ambiguous ? `; the supervisor cannot tell which of ${ids.ambiguous.map((p) => p.pid).join(', ')} is its gateway` : unproven;
      throw new Refused(`pid ${pid} is not the supervised gateway (its pids now: ${ours.join(', ') || 'none'}${why})`);
    }
    const sig = signal === 'KILL' ? 'SIGKILL' : 'SIGTERM';
    if (sig === 'SIGKILL' && uncleanStopsLeft(d.store.read(), d.now()) === 0) {
      throw new Refused(`a SIGKILL now would be the 3rd unclean stop within 5 minutes and trip OpenClaw's crash-loop breaker (channels kept down); use TERM, or leave it for a person`);
    }
    if (!d.pc.kill(pid, sig)) return { text: `pid ${pid} was already gone`, summary: `pid ${pid} already gone` };
    if (sig === 'SIGKILL') await d.store.update((s) => ({ state: recordUncleanStops(s, 1, d.now()), result: null }));
    const deadline = d.now() + 5_000;
    while (d.pc.alive(pid) && d.now() < deadline) await d.pc.sleep(200);
    const gone = !d.pc.alive(pid);
    return { text: `sent ${sig} to ${pid}; ${gone ? 'it exited' : 'still alive after 5 s (KILL it, or restart)'}`, summary: `${sig} to ${pid} (the gateway)${gone ? '' : ', still alive'}` };
  },
});
