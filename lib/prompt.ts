// Renders prompts/*.md with the incident's context. {{name}} placeholders; the user edits the
// Markdown, not code. Everything inserted is redacted first.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Redactor } from './redact.ts';

export function renderTemplate(template: string, vars: Record<string, string>): { text: string; unknown: string[] } {
  const unknown: string[] = [];
  const text = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, name: string) => {
    if (name in vars) return vars[name] as string;
    unknown.push(name);
    return m;
  });
  return { text, unknown };
}

/** Log files for the configured paths (a `*` in the file name is a glob), newest first. */
export function resolveLogPaths(patterns: string[]): string[] {
  const out: string[] = [];
  for (const p of patterns) {
    if (!basename(p).includes('*')) {
      if (existsSync(p)) out.push(p);
      continue;
    }
    const dir = dirname(p);
    const re = new RegExp(`^${basename(p).replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
    try {
      const files = readdirSync(dir)
        .filter((f) => re.test(f))
        .map((f) => join(dir, f))
        .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs);
      out.push(...files.slice(0, 2));
    } catch {
      /* no such folder */
    }
  }
  return out;
}

/** The last `lines` lines of a file, reading at most the last 256 KB. */
export function tail(path: string, lines: number): string {
  try {
    const buf = readFileSync(path);
    const text = buf.subarray(Math.max(0, buf.length - 262_144)).toString('utf8');
    return text.split('\n').slice(-lines - 1).join('\n').trim();
  } catch (e) {
    return `(could not read: ${(e as Error).message})`;
  }
}

export function logTails(patterns: string[], lines: number, redact: Redactor): string {
  const files = resolveLogPaths(patterns);
  if (!files.length) return '(no log files found at the configured GATEWAY_LOG_PATHS)';
  return files.map((f) => `### ${f}\n\`\`\`\n${redact(tail(f, lines)) || '(empty)'}\n\`\`\``).join('\n\n');
}
