import { z } from 'zod';
import { describeOthers, gatewayWhere, identifyGateway, urlPort } from '../../observe/identity.ts';
import { processStates } from '../../observe/processes.ts';
import { defineTool } from './tool.ts';

export default defineTool({
  name: 'gateway_status',
  description: "The supervised gateway's processes (pid, ppid, state, RSS, age, command line), who listens on its port, launchd's view of its label, and the supervisor's latest probes.",
  input: z.strictObject({}),
  acts: false,
  async run({ d, redact }) {
    const c = d.cfg;
    const port = urlPort(c.healthUrl);
    // One look (ps, launchd, lsof) serves it all: identity carries the processes and launchd's pid.
    const found = await identifyGateway(d.probeExec, gatewayWhere(c));
    const ids = found ?? { pids: [], foreignPortOwners: [], others: [], ambiguous: null, evidence: 'none', processes: [], launchdPid: null, signalable: [] };
    const byPid = new Map(ids.processes.map((p) => [p.pid, p]));
    const states = await processStates(d.probeExec, ids.pids);
    const processes = ids.pids.map((pid) => {
      const p = byPid.get(pid);
      const st = states.get(pid);
      return { pid, proven: ids.signalable.includes(pid), ppid: p?.ppid ?? null, state: st?.stat ?? null, cpuSeconds: st?.cpuS ?? null, rssMb: p?.rssMb ?? null, ageSeconds: p?.ageS ?? null, command: redact(p?.command ?? '').slice(0, 300) };
    });
    const s = d.store.read();
    const out = {
      healthUrl: c.healthUrl.href,
      processes,
      identifiedBy: ids.evidence,
      port: { port, notTheGateway: ids.foreignPortOwners.map((p) => ({ pid: p.pid, command: redact(p.command).slice(0, 200) })) },
      otherGateways: describeOthers(ids),
      ambiguous: ids.ambiguous ? `GATEWAY_PROCESS_MATCH matches ${ids.ambiguous.map((p) => p.pid).join(', ')} and nothing says which is ours: none may be signalled` : null,
      launchd: process.platform === 'darwin' ? { label: c.launchdLabel, pid: ids.launchdPid } : `not macOS (${process.platform}): no launchd`,
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
