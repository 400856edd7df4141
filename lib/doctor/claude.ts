// How the doctor calls Claude Code: the exact command line, the generated settings (permissions and
// our fail-closed PreToolUse hook), the MCP config of the doctor's tools, the diagnosis schema, and
// reading the stream-json transcript.
import type { Config } from '../config/config.ts';
import type { Preflight } from '../decide/doctor.ts';
import type { Deps } from '../seams/deps.ts';
import { scriptCommand } from '../seams/launcher.ts';
import { qualifiedName, SERVER_NAME, TOOLS } from './tools/index.ts';

/** The oldest Claude Code known to honour "onFailure": "block" (older ones let a failing hook through). */
export const MIN_CLAUDE_VERSION = '2.1.331';

export const DIAGNOSIS_SCHEMA = {
  type: 'object',
  properties: {
    rootCause: { type: 'string', description: 'what broke, in one or two sentences' },
    evidence: { type: 'array', items: { type: 'string' }, description: 'log lines, command outputs that show it' },
    actions: { type: 'array', items: { type: 'string' }, description: 'what you did, in order' },
    fixed: { type: 'boolean', description: 'whether the gateway answers its health URL again, as you observed it' },
    humanAction: { type: 'string', description: 'what a person should do next (empty if nothing)' },
  },
  required: ['rootCause', 'evidence', 'actions', 'fixed', 'humanAction'],
  additionalProperties: false,
} as const;

export interface Diagnosis {
  rootCause: string;
  evidence: string[];
  actions: string[];
  fixed: boolean;
  humanAction: string;
}

export function compareVersions(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return 0;
}

export function parseClaudeVersion(out: string): string | null {
  return /(\d+\.\d+\.\d+)/.exec(out)?.[1] ?? null;
}

/** Claude Code's own tools, every one denied by name too: the doctor has no shell, files or web. */
export const BUILTIN_TOOLS = ['Bash', 'BashOutput', 'KillShell', 'Read', 'Write', 'Edit', 'MultiEdit', 'NotebookEdit', 'Grep', 'Glob', 'LS', 'WebFetch', 'WebSearch', 'Task', 'Agent', 'TodoWrite', 'SlashCommand', 'Skill'];

/** Permission rules: exactly our tools allowed, Claude Code's own denied, and our hook in front. */
export function doctorSettings(): Record<string, unknown> {
  const hook = [...scriptCommand('doctor-guard')].map((w) => (/[\s"']/.test(w) ? JSON.stringify(w) : w)).join(' ');
  return {
    permissions: {
      defaultMode: 'dontAsk',
      allow: TOOLS.map((t) => qualifiedName(t.name)),
      deny: BUILTIN_TOOLS,
    },
    hooks: {
      PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: hook, timeout: 20, onFailure: 'block' }] }],
    },
    env: { DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
  };
}

/** Where the tool server finds its run's lease token. */
export const LEASE_TOKEN_ENV = 'SELFHEAL_LEASE_TOKEN';

/** The MCP config that starts our tool server, and nothing else (--strict-mcp-config). */
export function mcpConfig(cfg: Config, runDir: string, leaseToken?: string): Record<string, unknown> {
  // --run names the run on the server's command line (ps), nothing more.
  const [command = process.execPath, ...args] = [...scriptCommand('doctor-tools'), '--run', runDir];
  // The server reads the same configuration as this run, wherever Claude Code starts it from.
  const env: Record<string, string> = { SELFHEAL_HOME: cfg.home };
  if (cfg.envFile) env.SELFHEAL_ENV_FILE = cfg.envFile;
  // The run's token: the lease holds only its hash, and acting tools work only for this server.
  if (leaseToken) env[LEASE_TOKEN_ENV] = leaseToken;
  for (const k of ['HOME', 'PATH']) {
    const v = process.env[k];
    if (v) env[k] = v;
  }
  return { mcpServers: { [SERVER_NAME]: { type: 'stdio', command, args, env, timeout: toolCallTimeoutMs(cfg) } } };
}

/**
 * Claude Code's own limit on one tool call (the server's `timeout`), set explicitly to what our
 * slowest tool may legitimately take, rather than left to a default we do not control: a cut-off
 * call would come back to the model as a failure while it still runs, and the next call would race it.
 */
export function toolCallTimeoutMs(cfg: Config): number {
  const restart = 2 * cfg.restartTimeoutS + cfg.killGraceS + cfg.restartVerifyS;
  return (Math.max(cfg.doctorToolTimeoutS, restart) + 30) * 1000;
}

export interface DoctorArgsInput {
  cfg: Config;
  settingsPath: string;
  mcpConfigPath: string;
  systemPromptPath: string;
}

/** The exact arguments after the claude binary. The prompt goes on stdin. */
export function doctorArgs({ cfg, settingsPath, mcpConfigPath, systemPromptPath }: DoctorArgsInput): string[] {
  return [
    '-p',
    '--output-format', 'stream-json',
    '--verbose',
    '--permission-mode', 'dontAsk',
    // No built-in tool at all: the doctor's only hands are the MCP tools below.
    '--tools', '',
    '--mcp-config', mcpConfigPath,
    '--strict-mcp-config',
    '--settings', settingsPath,
    // Only our settings: a user's own allow rules must not widen the doctor's fence.
    '--setting-sources', '',
    '--max-turns', String(cfg.doctorMaxTurns),
    '--max-budget-usd', String(cfg.doctorMaxBudgetUsd),
    '--json-schema', JSON.stringify(DIAGNOSIS_SCHEMA),
    '--append-system-prompt-file', systemPromptPath,
    '--no-session-persistence',
    ...(cfg.claudeModel ? ['--model', cfg.claudeModel] : []),
  ];
}

export interface ClaudeResult {
  found: boolean;
  isError: boolean;
  subtype: string | null;
  turns: number | null;
  costUsd: number | null;
  denied: string[];
  text: string | null;
  diagnosis: Diagnosis | null;
}

function isDiagnosis(x: unknown): x is Diagnosis {
  const d = x as Diagnosis;
  return typeof d === 'object' && d !== null && typeof d.rootCause === 'string' && typeof d.fixed === 'boolean';
}

/** Reads the result line of a stream-json transcript (the last line whose type is "result"). */
export function parseTranscript(text: string): ClaudeResult {
  const empty: ClaudeResult = { found: false, isError: true, subtype: null, turns: null, costUsd: null, denied: [], text: null, diagnosis: null };
  const lines = text.split('\n').filter((l) => l.startsWith('{'));
  for (let i = lines.length - 1; i >= 0; i--) {
    let o: Record<string, unknown>;
    try {
      o = JSON.parse(lines[i] as string) as Record<string, unknown>;
    } catch {
      continue;
    }
    if (o.type !== 'result') continue;
    const denials = Array.isArray(o.permission_denials) ? (o.permission_denials as Array<{ tool_name?: string; tool_input?: { command?: string; file_path?: string } }>) : [];
    let diagnosis: Diagnosis | null = isDiagnosis(o.structured_output) ? o.structured_output : null;
    if (!diagnosis && typeof o.result === 'string') {
      try {
        const parsed: unknown = JSON.parse(o.result);
        if (isDiagnosis(parsed)) diagnosis = parsed;
      } catch {
        /* plain text result */
      }
    }
    return {
      found: true,
      // Judged by is_error, not subtype: "Not logged in" comes as subtype success with is_error true.
      isError: o.is_error === true,
      subtype: typeof o.subtype === 'string' ? o.subtype : null,
      turns: typeof o.num_turns === 'number' ? o.num_turns : null,
      costUsd: typeof o.total_cost_usd === 'number' ? o.total_cost_usd : null,
      denied: denials.map((d) => `${d.tool_name ?? '?'}: ${d.tool_input?.command ?? d.tool_input?.file_path ?? JSON.stringify(d.tool_input ?? {})}`),
      text: typeof o.result === 'string' ? o.result : null,
      diagnosis,
    };
  }
  return empty;
}

export async function preflight(d: Deps): Promise<Preflight> {
  const r = await d.exec(d.cfg.claudeBin, ['--version'], { timeoutMs: 20_000 });
  if (r.notFound) return { ok: false, version: null, reason: `Claude Code is not installed (CLAUDE_BIN=${d.cfg.claudeBin} not found): install it and run ./install.sh again` };
  const version = parseClaudeVersion(r.stdout);
  if (!r.ok || !version) return { ok: false, version, reason: `\`${d.cfg.claudeBin} --version\` failed: ${(r.stderr || r.stdout).slice(0, 200)}` };
  if (compareVersions(version, MIN_CLAUDE_VERSION) < 0) {
    return { ok: false, version, reason: `Claude Code ${version} is older than ${MIN_CLAUDE_VERSION}, the first known to keep its guard hook fail-closed: update it (npm install -g @anthropic-ai/claude-code@latest)` };
  }
  return { ok: true, version, reason: null };
}

/**
 * The diagnosis in words, for the incident (the model's reading, not ours). Its advice to a person
 * (humanAction) stays in the transcript: what to do comes from our own table, never from a model.
 */
export function diagnosisText(r: ClaudeResult): string | null {
  const g: Diagnosis | null = r.diagnosis;
  if (g) {
    const parts = [g.rootCause];
    if (g.evidence.length) parts.push(`Evidence: ${g.evidence.slice(0, 5).join(' | ')}`);
    if (g.actions.length) parts.push(`Done: ${g.actions.join('; ')}`);
    return parts.join('\n');
  }
  return r.text ? r.text.slice(0, 1500) : null;
}
