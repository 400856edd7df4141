// Each tier's summary as a person reads it on a terminal (`--json` prints the summary itself).
import { CHANNEL_NAMES, NO_CHANNEL } from '../record/alerts.ts';
import { localTime } from '../text/duration.ts';
import { modelReading } from '../text/untrusted.ts';
import type { DryRun } from '../doctor/plan.ts';
import type { AlertSummary, ChannelTest } from '../tiers/alert.ts';
import type { DoctorSummary } from '../tiers/doctor.ts';
import type { HealthSummary } from '../tiers/health.ts';
import type { WatchdogSummary } from '../tiers/watchdog.ts';

export function renderWatchdog(s: WatchdogSummary): string {
  const lines = [`watchdog: ${s.action.kind}: ${s.action.reason}`];
  if (s.restart) lines.push(`restart: ${s.restart.ok ? 'ok' : 'failed'}: ${s.restart.steps.join('; ')}; process ${s.runningAfter ? 'is back' : 'not seen'}`);
  if (s.incident) lines.push(`incident: ${s.incident}`);
  if (s.lastShutdown) lines.push(s.lastShutdown);
  for (const w of s.woke) lines.push(`woke: ${w}`);
  return lines.join('\n');
}

export function renderHealth(s: HealthSummary): string {
  const lines = [`health: ${s.probe.ok ? 'OK' : 'FAILING'}: ${s.probe.detail}`];
  if (s.readiness) lines.push(`readiness: ${s.readiness.detail}`);
  if (s.serving) {
    const o = s.serving.observation;
    const parts = [`${o.log?.lines ?? 0} new log lines`, o.models ? `models status ${o.models.ran ? `exit ${o.models.exitCode ?? 'none'}` : (o.models.error ?? 'did not run')}` : null, o.canary ? `canary ${o.canary.ok ? 'answered' : o.canary.detail}` : null].filter(Boolean);
    lines.push(`serving: ${s.serving.faults.length ? `NOT SERVING: ${s.serving.faults[0]}` : 'no fault seen'} (${parts.join('; ')})`);
  }
  lines.push(`action: ${s.action.kind}: ${s.action.reason}`);
  if (s.restart) lines.push(`restart: ${s.restart.ok ? 'ok' : 'failed'}: ${s.restart.steps.join('; ')}`);
  if (s.verified) lines.push(`after restart: ${s.verified.ok ? 'healthy' : 'not healthy'}: ${s.verified.detail}`);
  if (s.incident) lines.push(`incident: ${s.incident}`);
  for (const w of s.woke) lines.push(`woke: ${w}`);
  return lines.join('\n');
}

export function renderDoctor(s: DoctorSummary | DryRun): string {
  if ('dryRun' in s) {
    const q = (w: string) => (/^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, `'\\''`)}'`);
    return [
      '# command (the prompt goes on stdin)',
      s.command.map(q).join(' '),
      '',
      '# tools (the MCP server selfheal; the doctor has no other)',
      ...s.tools.map((t) => `- mcp__selfheal__${t.name}${t.acts ? ' (acts, only during a supervised run)' : ''}`),
      '',
      '# mcp.json (--mcp-config, with --strict-mcp-config)',
      JSON.stringify(s.mcpConfig, null, 2),
      '',
      '# settings.json',
      JSON.stringify(s.settings, null, 2),
      '',
      '# system prompt (prompts/system.md, appended)',
      s.systemPrompt,
      '# prompt (prompts/doctor.md, rendered)',
      s.prompt,
      ...(s.unknownPlaceholders.length ? [`\nwarning: unknown placeholders in prompts/doctor.md: ${s.unknownPlaceholders.join(', ')}`] : []),
    ].join('\n');
  }
  const lines = [`doctor: ${s.outcome}: ${s.reason}`];
  if (s.tmuxSession) lines.push(`watched in tmux session ${s.tmuxSession}`);
  if (s.transcript) lines.push(`transcript: ${s.transcript}`);
  if (s.run?.diagnosis) lines.push(`the doctor's reading (a model's words): ${modelReading(s.run.diagnosis)}`);
  if (s.run?.denied.length) lines.push(`denied: ${s.run.denied.join(' | ')}`);
  return lines.join('\n');
}

export function renderTest(results: ChannelTest[]): string {
  if (results.length === 0) return NO_CHANNEL;
  return results.map((r) => `${r.channel}: ${r.detail}`).join('\n');
}

export function renderAlert(s: AlertSummary): string {
  const next = s.waiting && s.nextTryAt !== null ? `, next try ${localTime(s.nextTryAt)}` : '';
  const lines = [`alert: ${s.delivered.length} delivered, ${s.failed.length} failed, ${s.dropped.length} dropped, ${s.waiting} waiting${next}${s.channels.length ? ` (channels: ${s.channels.join(', ')})` : ''}`];
  if (s.skipped) lines.push(s.skipped);
  for (const f of s.failed) lines.push(`failed on ${f.channel}: ${f.id}: ${f.error}; next try ${localTime(f.retryAt)}`);
  for (const f of s.dropped) lines.push(`${CHANNEL_NAMES[f.channel]} gave up ${f.id}: ${f.error}`);
  return lines.join('\n');
}
