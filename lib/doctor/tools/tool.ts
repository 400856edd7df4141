// What a doctor tool is: a name, a strict zod schema for its arguments, and one job. A tool returns
// text for the model and a short summary for the incident timeline; it refuses by throwing Refused
// (one line, said to the model as an error). Output is redacted and capped by the caller (call.ts).
import { z } from 'zod';
import type { Deps } from '../../seams/deps.ts';
import { gatewayPort } from '../../config/config.ts';
import { describeExec, openclawEnv, type ExecResult } from '../../seams/exec.ts';
import type { Redactor } from '../../text/redact.ts';

export interface ToolContext {
  d: Deps;
  /** Patterns plus the literal secrets of the gateway's config, read when the call began. */
  redact: Redactor;
}

export interface ToolOutput {
  text: string;
  /** For the incident timeline and the alerts: what happened, in a few words. */
  summary: string;
  /** The call ran but did not do its job (a failed restart, a failing validate). */
  failed?: boolean;
}

export class Refused extends Error {}

export interface DoctorTool<S extends z.ZodType = z.ZodType> {
  name: string;
  description: string;
  input: S;
  /** Changes something (config, processes): only while the supervisor's doctor holds its lease. */
  acts: boolean;
  run(ctx: ToolContext, args: z.infer<S>): Promise<ToolOutput>;
}

export function defineTool<S extends z.ZodType>(t: DoctorTool<S>): DoctorTool {
  return t as unknown as DoctorTool;
}

/**
 * A dotted config path: plain segments only, so it can neither traverse nor inject, and none starts
 * with `-`, so it can never be read as an option of the command it is passed to.
 */
export const CONFIG_KEY = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}(\.[A-Za-z0-9_][A-Za-z0-9_-]{0,63}){0,15}$/;

/**
 * Runs the configured `openclaw` with fixed arguments and the tool timeout, asking the gateway the
 * supervisor watches (its port, when the health URL is on this machine), as the canary does.
 */
export async function openclaw(ctx: ToolContext, args: string[]): Promise<ExecResult> {
  const c = ctx.d.cfg;
  return ctx.d.exec(c.openclawBin, args, { timeoutMs: c.doctorToolTimeoutS * 1000, killGraceMs: 5_000, env: openclawEnv(gatewayPort(c)) });
}

/** A command's outcome and output as the model sees it. */
export function commandText(label: string, r: ExecResult): string {
  const how = r.ok ? `${label}: exit 0` : describeExec(label, r);
  const out = [r.stdout, r.stderr].filter((x) => x.trim()).join('\n--- stderr ---\n');
  return `${how} (${(r.durationMs / 1000).toFixed(1)} s)\n${out || '(no output)'}`;
}

/** A read-only look that runs one fixed `openclaw` command and shows what it printed. */
export function cliLook(t: { name: string; description: string; args: string[]; ok: string; failed: string }): DoctorTool {
  const label = ['openclaw', ...t.args].join(' ');
  return defineTool({
    name: t.name,
    description: t.description,
    input: z.strictObject({}),
    acts: false,
    async run(ctx) {
      const r = await openclaw(ctx, t.args);
      return { text: commandText(label, r), summary: r.ok ? t.ok : t.failed, failed: !r.ok };
    },
  });
}
