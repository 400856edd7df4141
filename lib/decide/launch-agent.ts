// The gateway's LaunchAgent gone from launchd (macOS; OpenClaw's own stop and restart can leave it
// unloaded: openclaw#25199, #40905, #136453): load it again ourselves, or tell a person. Only the
// very plist launchd was running the gateway from, unchanged since, is ever loaded: the supervisor
// never writes a plist, and never loads one it has not seen work.
import type { LaunchAgentSeen } from '../observe/launch-agent.ts';
import type { AgentPlistPrint } from '../record/state.ts';

/** The advice for a person, or null when there is nothing wrong with it (or no launchd). */
export function launchAgentProblem(seen: LaunchAgentSeen, label: string): string | null {
  if (seen.platform !== 'darwin') return null;
  if (seen.loaded) return null;
  const where = seen.plistExists ? `its plist is there but launchd has not loaded ${label}` : `~/Library/LaunchAgents/${label}.plist is gone`;
  return `the gateway's LaunchAgent is missing (${where}): nothing will start the gateway. Fix, from a Terminal: openclaw gateway install (then: openclaw gateway status)`;
}

export type AgentStep = { kind: 'none' } | { kind: 'bootstrap'; path: string } | { kind: 'tell'; why: string };

const FIX = 'Fix, from a Terminal: openclaw gateway install (then: openclaw gateway status)';

/** `current`: the plist as it is now; `known`: as it was while launchd ran the gateway. Pure. */
export function unloadedAgentStep(seen: LaunchAgentSeen, current: AgentPlistPrint | null, known: AgentPlistPrint | null, label: string): AgentStep {
  const problem = launchAgentProblem(seen, label);
  if (!problem) return { kind: 'none' };
  if (!seen.plistExists || !current) return { kind: 'tell', why: problem };
  const unloaded = `the gateway's LaunchAgent is not loaded (launchd dropped ${label}; its plist is there)`;
  if (!known || known.path !== current.path) return { kind: 'tell', why: `${unloaded}, and the supervisor never saw launchd run the gateway from it, so it does not load it itself: nothing will start the gateway. ${FIX}` };
  if (known.sha256 !== current.sha256) return { kind: 'tell', why: `${unloaded}, but it changed since launchd last ran the gateway from it, so the supervisor does not load it itself: nothing will start the gateway. ${FIX}` };
  return { kind: 'bootstrap', path: current.path };
}

/** Whether the recorded print is stale: the plist launchd runs the gateway from now differs by size, time or path. */
export function agentPrintStale(known: AgentPlistPrint | null, path: string, st: { size: number; mtimeMs: number } | null): boolean {
  if (!st) return false;
  return !known || known.path !== path || known.size !== st.size || known.mtimeMs !== st.mtimeMs;
}
