// One tool call, whatever asked for it: find the tool, validate its arguments strictly, refuse an
// acting tool unless the supervisor's doctor holds its lease, run it, redact and cap what it says,
// and write it to the incident timeline. A refusal or a failure is one line; nothing here throws.
import type { Deps } from '../../seams/deps.ts';
import { noteAction } from '../../record/incident.ts';
import { redactorFor } from '../../text/redact.ts';
import { scrubKnownSecrets } from '../../text/secret-scan.ts';
import { LEASE_TOKEN_ENV } from '../claude.ts';
import { leaseTokenHash } from '../../record/lease.ts';
import { TOOLS } from './index.ts';
import { Refused, type ToolContext } from './tool.ts';

/** What one tool result may hold: enough for a log excerpt, bounded for the model's context. */
export const OUTPUT_MAX = 16_000;

export interface CallResult {
  isError: boolean;
  text: string;
}

function cap(text: string): string {
  return text.length <= OUTPUT_MAX ? text : `${text.slice(0, OUTPUT_MAX)}\n[... cut at ${OUTPUT_MAX} characters]`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}

function argsText(args: unknown): string {
  if (!args || typeof args !== 'object' || Object.keys(args).length === 0) return '';
  return JSON.stringify(args).slice(0, 160);
}

/** A live lease of the supervisor's doctor: the only time a tool may change anything. */
function leaseProblem(d: Deps): string | null {
  const lease = d.store.read().doctor.lease;
  if (!lease) return 'no doctor run holds the lease: acting tools work only inside a supervised doctor run';
  if (lease.deadline < d.now()) return 'the doctor run is past its deadline';
  if (!d.pc.alive(lease.pid)) return 'the doctor run that held the lease is gone';
  // The lease names its holder: a tool server someone else started does not hold its token.
  const token = process.env[LEASE_TOKEN_ENV];
  if (!lease.tokenHash || !token || leaseTokenHash(token) !== lease.tokenHash) return 'this tool server was not started by the doctor run that holds the lease';
  return null;
}

export async function callTool(d: Deps, name: string, rawArgs: unknown): Promise<CallResult> {
  const started = d.now();
  const redact = redactorFor(d.cfg.configPath);
  const ctx: ToolContext = { d, redact };
  const tool = TOOLS.find((t) => t.name === name);
  let result: CallResult;
  let summary: string;
  let ok: boolean | null;
  if (!tool) {
    result = { isError: true, text: `refused: there is no tool ${oneLine(name)}; the tools are ${TOOLS.map((t) => t.name).join(', ')}` };
    summary = 'refused: no such tool';
    ok = false;
  } else {
    const parsed = tool.input.safeParse(rawArgs ?? {});
    const lease = tool.acts ? leaseProblem(d) : null;
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => `${i.path.join('.') || 'arguments'}: ${i.message}`).join('; ');
      result = { isError: true, text: `refused: bad arguments for ${name}: ${oneLine(why)}` };
      // The model chose those arguments: the timeline (and so every alert) names the tool, not them.
      summary = 'refused (bad arguments)';
      ok = false;
    } else if (lease) {
      result = { isError: true, text: `refused: ${lease}` };
      summary = `refused: ${lease}`;
      ok = false;
    } else {
      try {
        const out = await tool.run(ctx, parsed.data);
        result = { isError: false, text: cap(redact(out.text)) };
        summary = out.summary;
        ok = !out.failed;
      } catch (e) {
        const refused = e instanceof Refused;
        const why = oneLine((e as Error).message);
        result = { isError: true, text: `${refused ? 'refused' : 'failed'}: ${why}` };
        summary = `${refused ? 'refused' : 'failed'}: ${why.slice(0, 120)}`;
        ok = false;
      }
    }
  }
  const ms = d.now() - started;
  // Arguments are shown only where a strict schema accepted them for a tool that acts (a config key,
  // a pid): a refused or unknown call's text is the model's, and never reaches a person's alert.
  const shown = tool && ok !== false && tool.acts ? argsText(rawArgs) : '';
  const detail = redact(`${tool ? name : 'an unknown tool'}(${shown}): ${summary} (${(ms / 1000).toFixed(1)} s)`);
  // Acting tools and refusals are what a person needs to read; a look at the logs is not.
  const kind = tool?.acts || ok === false ? 'tool' : 'look';
  const toolNote = tool ? { name: tool.name, acts: tool.acts, summary: redact(summary) } : undefined;
  await d.store.update((s) => ({ state: noteAction(s, { tier: 'doctor', kind, detail, ok, ...(toolNote ? { tool: toolNote } : {}) }, d.now()), result: null }));
  d.log({ tier: 'doctor', event: 'tool', tool: tool ? name : oneLine(name).slice(0, 60), ok, detail, args: redact(argsText(rawArgs)) });
  // Our patterns and the config's own values, then a maintained set: this text goes to the model.
  result.text = await scrubKnownSecrets(redact(result.text));
  return result;
}
