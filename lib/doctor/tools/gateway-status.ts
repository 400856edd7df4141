import { z } from 'zod';
import { gatewayPids, gatewayWhere, launchdPid, listProcesses, portOwners, processStates, urlPort } from '../../probe.ts';
import { defineTool } from './tool.ts';

export default defineTool({
  name: 'gateway_status',
  description: "The supervised gateway's processes (pid, ppid, state, RSS, age, command line), who listens on its port, launchd's view of its label, and the supervisor's latest probes.",
  input: z.strictObject({}),
  acts: false,
  async run({ d, redact }) {
    const c = d.cfg;
    const port = urlPort(c.healthUrl);
    const [ids, all, owners, lpid] = await Promise.all([gatewayPids(d.probeExec, gatewayWhere(c)), listProcesses(d.probeExec), portOwners(d.probeExec, port), launchdPid(d.probeExec, c.launchdLabel)]);
    const byPid = new Map((all ?? []).map((p) => [p.pid, p]));
    const states = await processStates(d.probeExec, ids.pids);
    const processes = ids.pids.map((pid) => {
      const p = byPid.get(pid);
      const st = states.get(pid);
      return { pid, ppid: p?.ppid ?? null, state: st?.stat ?? null, cpuSeconds: st?.cpuS ?? null, rssMb: p?.rssMb ?? null, ageSeconds: p?.ageS ?? null, command: redact(p?.command ?? '').slice(0, 300) };
    });
    const s = d.store.read();
    const out = {
      healthUrl: c.healthUrl.href,
      processes,
      port: { port, listeners: owners, notTheGateway: ids.foreignPortOwners.map((p) => ({ pid: p.pid, command: redact(p.command).slice(0, 200) })) },
      launchd: process.platform === 'darwin' ? { label: c.launchdLabel, pid: lpid } : `not macOS (${process.platform}): no launchd`,
      supervisor: {
        lastProbe: s.lastProbe ? { ...s.lastProbe, at: new Date(s.lastProbe.at).toISOString() } : null,
        health: s.tiers.health.lastSummary,
        watchdog: s.tiers.watchdog.lastSummary,
        incident: s.incident ? { id: s.incident.id, trigger: s.incident.trigger, openedAt: new Date(s.incident.openedAt).toISOString() } : null,
      },
    };
    return { text: JSON.stringify(out, null, 2), summary: `${processes.length} gateway process(es)${processes.length ? `: ${processes.map((p) => `${p.pid} ${p.state ?? '?'}`).join(', ')}` : ''}` };
  },
});
