// Tier 3, the Claude Doctor: one at a time (a lease in the state), within budget, with no hands but
// our typed tools (an MCP server; no shell, no file tools), fenced in behind them (permission rules
// and a fail-closed hook), bounded (turns, dollars, wall clock ending in TERM then KILL of its whole
// process group), watchable (a tmux session following the transcript), verified by our own probes,
// and judged (protected config keys put back whatever the outcome; the whole snapshot restored when
// the gateway is not healthy afterwards).
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { compareVersions, doctorArgs, doctorSettings, mcpConfig, MIN_CLAUDE_VERSION, parseClaudeVersion, parseTranscript, type ClaudeResult, type Diagnosis } from './claude.ts';
import { describeChange, diffConfigs, judgeConfig, readDoc, type ConfigChange } from './config-judge.ts';
import { TOOLS } from './tools/index.ts';
import type { Deps } from '../deps.ts';
import { formatDuration } from '../duration.ts';
import { alertHuman, doctorActive, doctorBlocked, policyFrom } from '../escalation.ts';
import { probeOnce, waitHealthy, wakeAlertsIfDue } from '../healthcheck.ts';
import { actionLines, closeRecovered, noteAction, openIncident } from '../incident.ts';
import { queueAlert } from '../alerts/outbox.ts';
import { scriptCommand } from '../launcher.ts';
import { clearStaleLease } from '../lease.ts';
import { PROJECT_ROOT } from '../paths.ts';
import { identifyGateway } from '../gateway/identity.ts';
import { probeReadiness } from '../gateway/readiness.ts';
import { gatewayWhere } from '../gateway/probe.ts';
import { neutralise, renderTemplate } from './prompt.ts';
import { redactorFor, type Redactor } from '../redact.ts';
import { selfAlert } from '../selfcheck.ts';
import { attachCommand } from '../status.ts';
import type { DoctorRun, State } from '../state/state.ts';

export interface DoctorSummary {
  tier: 'doctor';
  ran: boolean;
  outcome: DoctorRun['outcome'] | 'skipped';
  reason: string;
  run: DoctorRun | null;
  tmuxSession: string | null;
  transcript: string | null;
  woke: string[];
}

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

export interface Preflight {
  ok: boolean;
  version: string | null;
  reason: string | null;
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

function runId(now: number): string {
  return new Date(now).toISOString().replace(/[:.]/g, '-').slice(0, 19);
}

function tmuxArgs(d: Deps, ...args: string[]): string[] {
  return d.cfg.tmuxSocket ? ['-L', d.cfg.tmuxSocket, ...args] : args;
}

/** The prompt, the settings and the command line for a run, from the current state. */
export async function prepare(d: Deps, s: State, runDir: string, deadline: number): Promise<DryRun> {
  const cfg = d.cfg;
  const redact = redactorFor(cfg.configPath);
  // Everything put into the prompt is redacted and neutralised: Claude Code would read an `@path`
  // in it into the request. Logs and the config are not here at all: the model reads them through
  // the tools, whose results it does not expand.
  const safe = (t: string) => neutralise(redact(t));
  const [probe, id] = await Promise.all([probeOnce(d, 1), identifyGateway(d.probeExec, gatewayWhere(cfg))]);
  const procs = id?.processes ?? null;
  const inc = s.incident;
  const uid = process.getuid?.() ?? 0;
  const vars: Record<string, string> = {
    incidentId: inc?.id ?? '(none)',
    trigger: safe(inc?.trigger ?? s.doctor.requested?.reason ?? 'a doctor run was requested by hand'),
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
    mcpConfig: mcpConfig(cfg, runDir),
    tools: TOOLS.map((t) => ({ name: t.name, acts: t.acts, description: t.description })),
    prompt: text,
    systemPrompt: readFileSync(systemPromptPath, 'utf8'),
    unknownPlaceholders: unknown,
  };
}

export async function dryRun(d: Deps): Promise<DryRun> {
  const s = d.store.read();
  const dir = join(d.cfg.home, 'doctor', 'dry-run');
  return prepare(d, s, dir, d.now() + d.cfg.doctorTimeoutS * 1000);
}

type Claim = { go: true; incidentId: string; state: State } | { go: false; why: string; outcome: 'skipped' | 'refused' };

/** Under the lock: may a doctor run now? If so, take the lease. */
function claim(s0: State, d: Deps, pf: Preflight, session: string | null, now: number): { state: State; result: Claim } {
  const policy = policyFrom(d.cfg);
  const { state: s1 } = clearStaleLease(s0, (pid) => d.pc.alive(pid), now);
  let s = s1;
  if (doctorActive(s, now)) return { state: s, result: { go: false, why: `another doctor (pid ${s.doctor.lease?.pid}) is running`, outcome: 'skipped' } };
  // Only a recorded request starts Claude: the hourly safety-net run picks up a request whose
  // kickstart was lost, never an incident the cheaper tiers are still handling.
  if (!s.doctor.requested) return { state: s, result: { go: false, why: 'no doctor was requested', outcome: 'skipped' } };
  if (!s.incident) s = openIncident(s, s.doctor.requested?.reason ?? 'doctor requested', 'doctor', now);
  const blocked = doctorBlocked(s, policy, now);
  if (blocked) {
    s = alertHuman(s, 'doctor', blocked, now);
    return { state: s, result: { go: false, why: blocked, outcome: 'skipped' } };
  }
  if (!pf.ok) {
    s = alertHuman(s, 'doctor', pf.reason ?? 'Claude Code cannot run', now);
    s = selfAlert(s, 'claude', 'The Claude Doctor cannot run', pf.reason ?? '', now);
    s = { ...s, doctor: { ...s.doctor, lastEndedAt: now } };
    return { state: s, result: { go: false, why: pf.reason ?? 'Claude Code cannot run', outcome: 'refused' } };
  }
  const deadline = now + (d.cfg.doctorTimeoutS + 60) * 1000;
  const inc = s.incident as NonNullable<State['incident']>;
  s = {
    ...s,
    doctor: { ...s.doctor, requested: null, lease: { pid: process.pid, tmuxSession: session, startedAt: now, deadline, incidentId: inc.id } },
    incident: { ...inc, doctorRuns: inc.doctorRuns + 1 },
  };
  s = noteAction(s, { tier: 'doctor', kind: 'doctor-run', detail: `started${session ? `; watch: ${attachCommand(session, d.cfg.tmuxSocket)}` : ''}`, ok: null }, now);
  return { state: s, result: { go: true, incidentId: inc.id, state: s } };
}

/** Runs claude in its own process group; at the deadline TERM, then KILL, the whole group. */
async function runClaude(d: Deps, args: string[], prompt: string, runDir: string, transcript: string): Promise<{ exitCode: number | null; timedOut: boolean }> {
  const { execa } = await import('execa');
  const child = execa(d.cfg.claudeBin, args, {
    input: prompt,
    cwd: runDir,
    detached: true,
    reject: false,
    stdout: { file: transcript },
    stderr: { file: join(runDir, 'claude.stderr.log') },
    env: { ...process.env, DISABLE_AUTOUPDATER: '1', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1', BASH_DEFAULT_TIMEOUT_MS: '120000', BASH_MAX_TIMEOUT_MS: '300000', ...(d.cfg.envFile ? { SELFHEAL_ENV_FILE: d.cfg.envFile } : {}) },
  });
  const pgid = child.pid as number;
  const group = (sig: NodeJS.Signals) => {
    try {
      process.kill(-pgid, sig);
    } catch {
      /* already gone */
    }
  };
  let timedOut = false;
  const term = setTimeout(() => {
    timedOut = true;
    group('SIGTERM');
  }, d.cfg.doctorTimeoutS * 1000);
  const kill = setTimeout(() => group('SIGKILL'), d.cfg.doctorTimeoutS * 1000 + 10_000);
  const r = await child;
  clearTimeout(term);
  clearTimeout(kill);
  // Whatever a tool left running in the group goes with it.
  group('SIGKILL');
  return { exitCode: r.exitCode ?? null, timedOut };
}

/**
 * Passing probes in a row, after giving the gateway time to boot. For a live-but-not-ready incident
 * (or safe mode) the gateway must also be ready, with no channel held down, at the end.
 */
async function verify(d: Deps, needReady: boolean): Promise<{ ok: boolean; detail: string }> {
  const first = await waitHealthy(d, d.cfg.restartVerifyS);
  if (!first.ok) return { ok: false, detail: `health check still failing: ${first.detail}` };
  for (let i = 1; i < d.cfg.doctorVerifyPasses; i++) {
    await d.pc.sleep(2_000);
    const p = await probeOnce(d, 1);
    if (!p.ok) return { ok: false, detail: `healthy once, then failing again: ${p.detail}` };
  }
  if (needReady && d.cfg.readyUrl) {
    const r = await probeReadiness(d.httpGet, d.cfg.readyUrl, d.cfg.healthTimeoutMs);
    if (!r.ready || r.suppressed.length) return { ok: false, detail: `live, but still not serving: ${r.detail}` };
    return { ok: true, detail: `${d.cfg.doctorVerifyPasses} health checks in a row passed, and ready (${r.detail})` };
  }
  return { ok: true, detail: `${d.cfg.doctorVerifyPasses} health checks in a row passed` };
}

function diagnosisText(r: ClaudeResult): string | null {
  const g: Diagnosis | null = r.diagnosis;
  if (g) {
    const parts = [g.rootCause];
    if (g.evidence.length) parts.push(`Evidence: ${g.evidence.slice(0, 5).join(' | ')}`);
    if (g.actions.length) parts.push(`Done: ${g.actions.join('; ')}`);
    if (g.humanAction) parts.push(`For you: ${g.humanAction}`);
    return parts.join('\n');
  }
  return r.text ? r.text.slice(0, 1500) : null;
}

/** Restores the pre-doctor config, keeping the doctor's version beside it for review. */
function restoreConfig(configPath: string, snapshot: string, runDir: string, id: string): string | null {
  if (!existsSync(snapshot)) return null;
  const before = readFileSync(snapshot);
  const now = existsSync(configPath) ? readFileSync(configPath) : null;
  if (now && before.equals(now)) return null;
  const kept = `${configPath}.doctor-${id}`;
  if (now) {
    writeFileSync(kept, now, { mode: 0o600 });
    copyFileSync(kept, join(runDir, 'config.after-doctor'));
  }
  const tmp = `${configPath}.selfheal-restore`;
  writeFileSync(tmp, before, { mode: 0o600 });
  // rename: the gateway never sees a half-written config.
  renameSync(tmp, configPath);
  return now ? kept : null;
}

interface RunJudgement {
  /** Changes kept (recovered): described, redacted. */
  kept: string[];
  /** Protected changes put back: described, redacted. */
  reverted: string[];
  /** Where the doctor's own version of the config was kept, if the file was rewritten. */
  doctorConfig: string | null;
  /** Set when the whole pre-doctor config came back (not recovered). */
  restoredTo: string | null;
}

/**
 * After a run: protected keys go back to their pre-doctor values whatever the outcome; when the
 * gateway is not healthy, the whole pre-doctor config comes back; otherwise the other changes stay.
 */
function judgeRun(configPath: string, snapshot: string, runDir: string, id: string, recovered: boolean, redact: Redactor): RunJudgement {
  const before = readDoc(snapshot).doc;
  const after = readDoc(configPath).doc;
  const changes: ConfigChange[] = before && after ? diffConfigs(before, after) : [];
  const reverted = changes.filter((c) => c.protected).map((c) => describeChange(c, redact));
  if (!recovered) {
    const restoredTo = restoreConfig(configPath, snapshot, runDir, id);
    return { kept: [], reverted, doctorConfig: restoredTo, restoredTo };
  }
  if (!before || !after) return { kept: [], reverted: [], doctorConfig: null, restoredTo: null };
  const j = judgeConfig(configPath, snapshot, `${configPath}.doctor-${id}`);
  return { kept: changes.filter((c) => !c.protected).map((c) => describeChange(c, redact)), reverted, doctorConfig: j.keptAt, restoredTo: null };
}

/** What the doctor's acting tools did in this run, in words: "removed key `x`; restarted; healthy". */
function doctorDid(s: State, since: number): string {
  const acting = new Set(TOOLS.filter((t) => t.acts).map((t) => t.name));
  const done = (s.incident?.actions ?? [])
    .filter((a) => a.kind === 'tool' && a.at >= since && a.ok === true)
    .map((a) => /^(\w+)\(.*?\): (.*) \([\d.]+ s\)$/.exec(a.detail))
    .filter((m): m is RegExpExecArray => m !== null && acting.has(m[1] as string))
    .map((m) => m[2] as string);
  return done.join('; ');
}

/** A person hears about every protected key the doctor touched, even when the gateway is healthy. */
function protectedAlert(s: State, incidentId: string, run: DoctorRun, configPath: string, now: number): State {
  return queueAlert(
    s,
    {
      id: `${incidentId}:protected:${run.startedAt}`,
      kind: 'human',
      incidentId,
      title: 'The Claude Doctor changed protected gateway settings: they were put back',
      summary: `During ${incidentId} the doctor changed settings it may not change (who can reach the gateway, where it sends data, what it runs, or secrets). They were reverted to their values before the doctor ran. Review the change; apply it yourself only if you want it.`,
      fields: [
        { name: 'Put back', value: (run.protectedReverted ?? []).join('\n') },
        { name: 'Gateway after the doctor', value: run.outcome === 'recovered' ? 'healthy (recovered)' : `not recovered (${run.outcome})` },
        ...(run.doctorConfig ? [{ name: "The doctor's version", value: run.doctorConfig }] : []),
        { name: 'Config now', value: configPath },
      ],
    },
    now,
  );
}

export async function runDoctor(d: Deps): Promise<DoctorSummary> {
  const cfg = d.cfg;
  const summary: DoctorSummary = { tier: 'doctor', ran: false, outcome: 'skipped', reason: '', run: null, tmuxSession: null, transcript: null, woke: [] };
  const pf = await preflight(d);
  const started = d.now();
  const id = runId(started);
  const session = `selfheal-doctor-${id.slice(11).replace(/-/g, '')}-${process.pid}`;
  const c = await d.store.update((s) => claim(s, d, pf, session, d.now()));
  if (!c.go) {
    summary.outcome = c.outcome;
    summary.reason = c.why;
    d.log({ tier: 'doctor', event: 'not-run', why: c.why });
    if (c.outcome === 'refused') {
      summary.run = { incidentId: null, startedAt: started, endedAt: d.now(), durationMs: 0, turns: null, costUsd: null, denied: [], diagnosis: null, outcome: 'refused', detail: c.why, transcript: null };
      await d.store.update((s) => ({ state: { ...s, doctor: { ...s.doctor, runs: [...s.doctor.runs, summary.run as DoctorRun] } }, result: null }));
    }
    await wakeAlertsIfDue(d, d.store.read(), summary.woke);
    return summary;
  }

  const runDir = join(cfg.home, 'doctor', id);
  mkdirSync(runDir, { recursive: true, mode: 0o700 });
  const transcript = join(runDir, 'transcript.jsonl');
  writeFileSync(transcript, '', { mode: 0o600 });
  summary.transcript = transcript;
  const snapshot = join(runDir, 'config.before');
  if (existsSync(cfg.configPath)) copyFileSync(cfg.configPath, snapshot);
  let run: DoctorRun;
  try {
    const plan = await prepare(d, c.state, runDir, started + cfg.doctorTimeoutS * 1000);
    writeFileSync(join(runDir, 'settings.json'), JSON.stringify(plan.settings, null, 2), { mode: 0o600 });
    writeFileSync(join(runDir, 'mcp.json'), JSON.stringify(plan.mcpConfig, null, 2), { mode: 0o600 });
    writeFileSync(join(runDir, 'prompt.md'), plan.prompt, { mode: 0o600 });

    // Live view: a tmux session following the transcript. The doctor runs without it if tmux is missing.
    const viewer = [...scriptCommand('doctor-view'), transcript, '--linger', String(cfg.doctorViewLingerS)];
    const t = await d.exec(cfg.tmuxBin, tmuxArgs(d, 'new-session', '-d', '-s', session, '-x', '160', '-y', '48', ...viewer), { timeoutMs: 10_000 });
    if (t.ok) summary.tmuxSession = session;
    else {
      d.log({ tier: 'doctor', event: 'no-tmux', detail: t.stderr || String(t.exitCode) });
      await d.store.update((s) => {
        const lease = s.doctor.lease ? { ...s.doctor.lease, tmuxSession: null } : null;
        const next = selfAlert({ ...s, doctor: { ...s.doctor, lease } }, 'tmux', 'The doctor runs without a live view', `tmux could not start (TMUX_BIN=${cfg.tmuxBin}): ${(t.stderr || 'not found').slice(0, 200)}. The transcript is at ${transcript}.`, d.now());
        return { state: next, result: null };
      });
    }
    d.log({ tier: 'doctor', event: 'started', session: summary.tmuxSession, transcript, version: pf.version });
    // The "doctor called" alert waited for this moment so it can say where to watch: send it now.
    const started2 = d.now();
    const st = await d.store.update((s) => {
      const next = { ...s, outbox: s.outbox.map((a) => (a.kind === 'escalated' && a.incidentId === c.incidentId ? { ...a, nextAttemptAt: Math.min(a.nextAttemptAt, started2) } : a)) };
      return { state: next, result: next };
    });
    await wakeAlertsIfDue(d, st, summary.woke);

    const [, ...args] = plan.command;
    const res = await runClaude(d, args, plan.prompt, runDir, transcript);
    const result = parseTranscript(readFileSync(transcript, 'utf8'));
    const notLoggedIn = result.isError && /not logged in|login|invalid api key|authentication/i.test(result.text ?? '');
    const kind = d.store.read().incident?.kind ?? 'liveness';
    const v = notLoggedIn ? { ok: false, detail: 'not verified: Claude Code could not run' } : await verify(d, kind !== 'liveness');
    let outcome: DoctorRun['outcome'];
    let detail: string;
    if (v.ok) {
      outcome = 'recovered';
      detail = v.detail;
    } else if (notLoggedIn) {
      outcome = 'refused';
      detail = `Claude Code is not logged in (${(result.text ?? '').slice(0, 120)}): run \`claude\` once and /login, or set ANTHROPIC_API_KEY`;
    } else if (res.timedOut) {
      outcome = 'timeout';
      detail = `stopped at the ${formatDuration(cfg.doctorTimeoutS * 1000)} limit (DOCTOR_TIMEOUT_S); ${v.detail}`;
    } else if (!result.found) {
      outcome = 'error';
      detail = `Claude Code exited ${res.exitCode} without a result; ${v.detail}`;
    } else {
      outcome = 'not-recovered';
      detail = `${result.diagnosis?.fixed ? 'Claude said it was fixed, but ' : ''}${v.detail}${result.subtype && result.subtype !== 'success' ? ` (${result.subtype})` : ''}`;
    }
    // Judged, not trusted: every config change of this run, whoever made it (a tool, doctor --fix).
    const judged = judgeRun(cfg.configPath, snapshot, runDir, id, outcome === 'recovered', redactorFor(snapshot));
    if (judged.restoredTo) detail += `; config restored to the pre-doctor version (the doctor's version is kept at ${judged.restoredTo})`;
    const did = doctorDid(d.store.read(), started);
    if (outcome === 'recovered' && did) detail = `${did}; ${detail}`;
    const ended = d.now();
    run = { incidentId: c.incidentId, startedAt: started, endedAt: ended, durationMs: ended - started, turns: result.turns, costUsd: result.costUsd, denied: result.denied, diagnosis: diagnosisText(result), outcome, detail, transcript, configChanges: judged.kept, protectedReverted: judged.reverted, snapshot, doctorConfig: judged.doctorConfig };
  } catch (e) {
    const ended = d.now();
    const restored = restoreConfig(cfg.configPath, snapshot, runDir, id);
    run = { incidentId: c.incidentId, startedAt: started, endedAt: ended, durationMs: ended - started, turns: null, costUsd: null, denied: [], diagnosis: null, outcome: 'error', detail: `the doctor failed: ${(e as Error).message}`, transcript, doctorConfig: restored };
  }

  const finished = run;
  // The supervisor's verdict closes the transcript, so the live view ends even when claude was killed.
  appendFileSync(transcript, `${JSON.stringify({ type: 'selfheal_verdict', outcome: finished.outcome, detail: finished.detail })}\n`);
  await d.store.update((s) => {
    const now = d.now();
    let next: State = { ...s, doctor: { ...s.doctor, lease: null, lastEndedAt: now, runs: [...s.doctor.runs, finished] } };
    if (next.incident) next = { ...next, incident: { ...next.incident, diagnosis: finished.diagnosis ?? next.incident.diagnosis } };
    const cost = finished.costUsd !== null ? `, $${finished.costUsd.toFixed(2)}` : '';
    next = noteAction(next, { tier: 'doctor', kind: 'doctor-run', detail: `${finished.outcome} after ${formatDuration(finished.durationMs)}, ${finished.turns ?? '?'} turns${cost}: ${finished.detail}`, ok: finished.outcome === 'recovered' }, now);
    const incId = next.incident?.id ?? finished.incidentId;
    if (finished.outcome === 'recovered') {
      const kept = finished.configChanges?.length
        ? [{ name: 'Config changes the doctor made (kept)', value: `${finished.configChanges.join('\n')}\nTo roll back: cp ${finished.snapshot} ${cfg.configPath}` }]
        : [];
      next = { ...closeRecovered(next, now, `the Claude Doctor's fix held: ${finished.detail}`, d.cfg.alertRecoverySettleS * 1000, kept), healthySince: now, unhealthySince: null };
    } else next = alertHuman(next, 'doctor', `the Claude Doctor did not fix it (${finished.outcome}): ${finished.detail}`, now, finished.diagnosis);
    if (finished.protectedReverted?.length && incId) next = protectedAlert(next, incId, finished, cfg.configPath, now);
    return { state: next, result: null };
  });
  d.log({ tier: 'doctor', event: 'finished', outcome: finished.outcome, detail: finished.detail, turns: finished.turns, costUsd: finished.costUsd, denied: finished.denied.length });
  summary.ran = true;
  summary.outcome = finished.outcome;
  summary.reason = finished.detail;
  summary.run = finished;
  await wakeAlertsIfDue(d, d.store.read(), summary.woke);
  return summary;
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
  if (s.run?.diagnosis) lines.push(`diagnosis: ${s.run.diagnosis}`);
  if (s.run?.denied.length) lines.push(`denied: ${s.run.denied.join(' | ')}`);
  return lines.join('\n');
}
