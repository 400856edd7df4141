// OpenClaw's own automatic triage (docs cli/triage.md, "Automatic failure handoff"): when its
// crash-loop breaker first trips, a supervised gateway may start a coding agent (Codex, Claude Code
// with --safe-mode, ...) to repair the installation. Two agents repairing one install at once would
// undo each other's work, so the doctor waits while one runs. Seen as a coding agent among the
// gateway's descendants; an embedded agent runs inside the gateway process and is not seen.
import type { Exec } from '../seams/exec.ts';
import { identifyGateway, type GatewayWhere } from './identity.ts';
import { descendantsOf, listProcesses, type ProcessInfo } from './processes.ts';

/** The agents triage launches, in its own detection order (cli/triage.md). */
export const TRIAGE_AGENTS = ['codex', 'claude', 'pi', 'opencode', 'muse', 'grok', 'cursor-agent', 'kimi', 'qwen'] as const;

export interface TriageAgent {
  pid: number;
  /** One of TRIAGE_AGENTS: our word for it, never the process's own text. */
  agent: string;
}

/** The program a command line runs: its first word's file name, or the script's when a runtime runs it. */
export function programOf(command: string): string {
  const words = command.trim().split(/\s+/);
  const base = (w: string | undefined) => (w ?? '').split('/').pop() ?? '';
  const first = base(words[0]);
  return /^(node|bun|deno)(\d+)?$/.test(first) ? base(words.find((w, i) => i > 0 && !w.startsWith('-'))) : first;
}

/** Coding agents among the gateway's processes and their descendants (identity may count them as workers). Pure. */
export function triageAgents(all: ProcessInfo[], gatewayPids: number[]): TriageAgent[] {
  const byPid = new Map(all.map((p) => [p.pid, p]));
  const found: TriageAgent[] = [];
  for (const pid of descendantsOf(gatewayPids, all)) {
    const program = programOf(byPid.get(pid)?.command ?? '');
    const agent = TRIAGE_AGENTS.find((a) => a === program);
    if (agent) found.push({ pid, agent });
  }
  return found;
}

/** Is OpenClaw's triage agent running now? null: the processes could not be listed. */
export async function observeTriage(exec: Exec, where: GatewayWhere): Promise<TriageAgent[] | null> {
  const [all, id] = await Promise.all([listProcesses(exec), identifyGateway(exec, where, { cheap: true })]);
  if (!all || !id) return null;
  return triageAgents(all, id.pids);
}
