// What a doctor run will be, from the current state: the rendered prompt, the settings, the MCP config
// and the exact command line. `doctor --dry-run` prints it; a run writes it into its folder.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config/paths.ts';
import { probeOnce } from '../observe/health.ts';
import { gatewayWhere, identifyGateway } from '../observe/identity.ts';
import { actionLines, whatIsWrong } from '../record/alerts.ts';
import type { State } from '../record/state.ts';
import type { Deps } from '../seams/deps.ts';
import { formatDuration } from '../text/duration.ts';
import { redactorFor } from '../text/redact.ts';
import { doctorArgs, doctorSettings, mcpConfig } from './claude.ts';
import { neutralise, renderTemplate } from './prompt.ts';
import { servingContext } from './serving-context.ts';
import { scrubKnownSecrets } from '../text/secret-scan.ts';
import { TOOLS } from './tools/index.ts';

export interface DryRun {
  tier: 'doctor';
  dryRun: true;
  command: string[];
  settings: Record<string, unknown>;
  mcpConfig: Record<string, unknown>;
  tools: Array<{ name: string; acts: boolean; description: string }>;
  prompt: string;
  systemPrompt: string;
  unknownPlaceholders: string[];
}

/** The prompt, the settings and the command line for a run, from the current state. */
export async function prepare(d: Deps, s: State, runDir: string, deadline: number, leaseToken?: string): Promise<DryRun> {
  const cfg = d.cfg;
  const redact = redactorFor(cfg.configPath);
  // Everything put into the prompt is redacted and neutralised: Claude Code would read an `@path`
  // in it into the request. The config is not here at all, and of the logs only the few lines a
  // serving fault's signature matched: the model reads the rest through the tools.
  const safe = (t: string) => neutralise(redact(t));
  const [probe, id] = await Promise.all([probeOnce(d, 1), identifyGateway(d.probeExec, gatewayWhere(cfg))]);
  const procs = id?.processes ?? null;
  const inc = s.incident;
  const uid = process.getuid?.() ?? 0;
  const vars: Record<string, string> = {
    incidentId: inc?.id ?? '(none)',
    trigger: safe(inc?.trigger ?? s.doctor.requested?.reason ?? 'a doctor run was requested by hand'),
    since: inc ? whatIsWrong(inc).since : 'Since',
    openedAt: inc ? `${new Date(inc.openedAt).toISOString()} (${formatDuration(d.now() - inc.openedAt)} ago)` : 'unknown',
    healthUrl: safe(cfg.healthUrl.href),
    probe: safe(probe.detail),
    processes: procs === null ? '(could not list processes)' : procs.length ? procs.map((p) => `${p.pid} ${p.rssMb} MB ${safe(p.command).slice(0, 160)}`).join('; ') : 'none running',
    actions: inc ? safe(actionLines(inc, 15)).split('\n').map((l) => `  - ${l}`).join('\n') : '  - none',
    configPath: safe(cfg.configPath),
    label: safe(cfg.launchdLabel),
    uid: String(uid),
    restartCommand: safe(cfg.restartCommand.join(' ')),
    logPaths: cfg.logPaths.map((p) => safe(p)).join(', '),
    tools: TOOLS.map((t) => `- \`${t.name}\`${t.acts ? ' (acts)' : ''}: ${t.description}`).join('\n'),
    deadline: new Date(deadline).toISOString(),
    maxTurns: String(cfg.doctorMaxTurns),
    serving: servingContext(s, cfg, safe),
  };
  const template = readFileSync(join(PROJECT_ROOT, 'prompts', 'doctor.md'), 'utf8');
  const { text, unknown } = renderTemplate(template, vars);
  const systemPromptPath = join(PROJECT_ROOT, 'prompts', 'system.md');
  const settingsPath = join(runDir, 'settings.json');
  const mcpConfigPath = join(runDir, 'mcp.json');
  return {
    tier: 'doctor',
    dryRun: true,
    command: [cfg.claudeBin, ...doctorArgs({ cfg, settingsPath, mcpConfigPath, systemPromptPath })],
    settings: doctorSettings(),
    mcpConfig: mcpConfig(cfg, runDir, leaseToken),
    tools: TOOLS.map((t) => ({ name: t.name, acts: t.acts, description: t.description })),
    // A maintained pattern set after our own (lib/text/secret-scan.ts): the prompt leaves the machine.
    prompt: await scrubKnownSecrets(text),
    systemPrompt: readFileSync(systemPromptPath, 'utf8'),
    unknownPlaceholders: unknown,
  };
}

export async function dryRun(d: Deps): Promise<DryRun> {
  const s = d.store.read();
  const dir = join(d.cfg.home, 'doctor', 'dry-run');
  return prepare(d, s, dir, d.now() + d.cfg.doctorTimeoutS * 1000);
}
