// What the doctor is told about a serving fault (the assistant silent while /health and /readyz say
// yes): our words for the cause, which check saw it, what else is wrong, and the last lines its
// signature matched in the gateway's logs. The lines are untrusted (anyone who can message the
// assistant can put text into its logs): stripped of control characters, redacted and neutralised
// by the caller's `safe`, each cut short, and shown as quoted data.
import type { Config } from '../config/config.ts';
import { loadSignatures, type Signature } from '../config/signatures.ts';
import { readTail, resolveLogPaths } from '../observe/log-files.ts';
import { logKind } from '../observe/log-lines.ts';
import { matchLines, parseLines } from '../observe/log-scan.ts';
import type { ServingCause, State } from '../record/state.ts';
import { stripControl } from '../text/untrusted.ts';

/** How much of each log is searched, and how many of the last matching lines are shown. */
const TAIL_BYTES = 2 * 1024 * 1024;
const MAX_LINES = 5;
const MAX_LINE_CHARS = 300;

const PLAN: Record<string, string> = {
  person: 'only a person can fix it (a login, billing, quota, a full disk): report what you find, do not restart',
  restart: 'a restart clears it; it came back after one',
  doctor: 'the doctor can work on it',
  wait: 'OpenClaw retries and fails over on its own; it has lasted past the signature\'s window',
};

function describe(c: ServingCause): string {
  return `${c.meaning}${c.subject ? ` (${c.subject})` : ''}; seen by \`${c.id}\`, class ${c.class}`;
}

/**
 * The last messages across the configured logs that the signature matches, oldest first, by the
 * scan's own rule (the log kind and subsystem the entry trusts, the message's start): text printed
 * into a log cannot push the gateway's own line out of the prompt.
 */
export function matchedLines(cfg: Pick<Config, 'logPaths'>, sig: Signature, max = MAX_LINES): string[] {
  const found: string[] = [];
  for (const path of resolveLogPaths(cfg.logPaths)) {
    let text: string;
    try {
      text = readTail(path, TAIL_BYTES).text;
    } catch {
      continue;
    }
    const kind = logKind(path);
    if (kind !== sig.log) continue;
    for (const line of parseLines(kind, text.split('\n').filter(Boolean))) if (matchLines([line], [sig]).length) found.push(`[${line.subsystem ?? '?'}] ${line.message}`);
  }
  return found.slice(-max);
}

/**
 * The prompt's "Not serving" section. `safe` redacts and neutralises (doctor/plan.ts); every line
 * of the result is in our words but the quoted log lines.
 */
export function servingContext(s: State, cfg: Pick<Config, 'logPaths' | 'signaturesFile'>, safe: (t: string) => string): string {
  const inc = s.incident;
  const cause = inc?.kind === 'serving' ? inc.serving : undefined;
  if (!cause) return '- Not serving: no; this incident is about the gateway being down or not ready.';
  const out = [`- Not serving: yes, while /health and /readyz answer: ${safe(describe(cause))}.`, `- The supervisor's plan for this cause: ${PLAN[cause.fix] ?? cause.fix}.`];
  const others = s.serving.faults.filter((f) => f.id !== cause.id || f.subject !== cause.subject);
  if (others.length) out.push(`- Also seen in the same check: ${others.map((f) => safe(describe(f))).join('; ')}.`);
  let sig: Signature | undefined;
  try {
    sig = loadSignatures(cfg.signaturesFile).find((x) => x.id === cause.id);
  } catch {
    sig = undefined; // the health tier has already said what is wrong with the table
  }
  if (!sig) return out.join('\n');
  const lines = matchedLines(cfg, sig);
  out.push(`- Its log signature: the regular expression \`${safe(sig.pattern.source)}\`; ${lines.length ? `the last ${lines.length} matching line(s), quoted data:` : 'no matching line in the last 2 MB of each log.'}`);
  for (const l of lines) {
    const t = safe(stripControl(l)).replace(/\s+/g, ' ').trim();
    out.push(`    > ${t.length > MAX_LINE_CHARS ? `${t.slice(0, MAX_LINE_CHARS - 1)}…` : t}`);
  }
  return out.join('\n');
}
