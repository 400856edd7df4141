// How the doctor calls Claude Code: the exact command line, the generated settings (permissions and
// our fail-closed PreToolUse hook), the diagnosis schema, and reading the stream-json transcript.
import type { Config } from './config.ts';
import { scriptCommand } from './launcher.ts';

/** The oldest Claude Code known to honour "onFailure": "block" (older ones let a failing hook through). */
export const MIN_CLAUDE_VERSION = '2.1.331';

export const DOCTOR_TOOLS = ['Bash', 'Read', 'Grep', 'Glob', 'Edit'];

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

export interface DoctorSettingsInput {
  cfg: Config;
  uid: number;
  home: string;
}

/** Permission rules: an allow-list for what a doctor needs, deny rules behind it, and our hook in front. */
export function doctorSettings({ cfg, uid, home }: DoctorSettingsInput): Record<string, unknown> {
  const label = cfg.launchdLabel;
  const abs = (p: string) => `/${p}`; // Claude Code writes absolute paths in rules with a leading //
  const logDirs = [...new Set(cfg.logPaths.map((p) => p.replace(/\/[^/]*$/, '')))];
  const hook = [...scriptCommand('doctor-guard')].map((w) => (/[\s"']/.test(w) ? JSON.stringify(w) : w)).join(' ');
  return {
    permissions: {
      defaultMode: 'dontAsk',
      allow: [
        `Read(${abs(cfg.configPath)})`,
        `Edit(${abs(cfg.configPath)})`,
        ...logDirs.map((d) => `Read(${abs(d)}/**)`),
        ...[
          'ps', 'pgrep', 'lsof', 'tail', 'head', 'cat', 'grep', 'ls', 'wc', 'date', 'uptime', 'df', 'free', 'vm_stat', 'sleep', 'echo', 'find', 'top', 'kill', 'timeout', 'curl',
          'openclaw status', 'openclaw health', 'openclaw logs', 'openclaw gateway status', 'openclaw gateway restart', 'openclaw gateway start', 'openclaw doctor', 'openclaw channels status', 'openclaw config validate', 'openclaw config get', 'openclaw config set', 'openclaw config unset', 'openclaw --version',
        ].map((c) => `Bash(${c}:*)`),
        `Bash(launchctl print gui/${uid}/${label})`,
        `Bash(launchctl kickstart -k gui/${uid}/${label})`,
        `Bash(launchctl kickstart gui/${uid}/${label})`,
      ],
      deny: [
        'Bash(rm:*)', 'Bash(sudo:*)', 'Bash(su:*)', 'Bash(pkill:*)', 'Bash(killall:*)', 'Bash(launchctl bootout:*)', 'Bash(launchctl remove:*)',
        'Bash(launchctl unload:*)', 'Bash(launchctl disable:*)', 'Bash(chmod:*)', 'Bash(chown:*)', 'Bash(bash:*)', 'Bash(sh:*)', 'Bash(zsh:*)', 'Bash(eval:*)',
        'Bash(xargs:*)', 'Bash(base64:*)', 'Bash(osascript:*)', 'Bash(security:*)',
        `Read(/${home}/.ssh/**)`, `Read(/${home}/.aws/**)`, `Read(/${home}/.openclaw/credentials/**)`, `Read(/${home}/.openclaw/agents/**/auth-profiles.json)`,
        `Read(/${home}/.claude/**)`, `Edit(/${home}/.ssh/**)`, `Edit(/${home}/Library/LaunchAgents/**)`, `Edit(/${home}/.zshrc)`, `Edit(/${home}/.bashrc)`,
        'WebFetch', 'WebSearch', 'Task', 'Write', 'NotebookEdit',
      ],
    },
    hooks: {
      PreToolUse: [{ matcher: '*', hooks: [{ type: 'command', command: hook, timeout: 20, onFailure: 'block' }] }],
    },
    env: { DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' },
  };
}

export interface DoctorArgsInput {
  cfg: Config;
  settingsPath: string;
  systemPromptPath: string;
}

/** The exact arguments after the claude binary. The prompt goes on stdin. */
export function doctorArgs({ cfg, settingsPath, systemPromptPath }: DoctorArgsInput): string[] {
  return [
    '-p',
    '--output-format', 'stream-json',
    '--verbose',
    '--permission-mode', 'dontAsk',
    '--tools', DOCTOR_TOOLS.join(','),
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
