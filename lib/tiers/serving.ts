// Tier 2's slower question, asked every SERVING_INTERVAL_S while the gateway is live: does the
// assistant answer? Observe (the logs' new lines against the signature table, OpenClaw's route
// check, free space, the canary when due), decide (decide/serving.ts), record. Acting (a restart, a
// person told) is the health tier's, as for its other decisions. Loaded only when a check is due.
import { tmpdir } from 'node:os';
import { dirname } from 'node:path';
import { gatewayPort, type Config } from '../config/config.ts';
import { loadSignatures, verifiedOn } from '../config/signatures.ts';
import { askGatewayVersion, versionDue } from '../observe/gateway-version.ts';
import type { Policy, Decision } from '../decide/policy.ts';
import { decideServing, hintQuestions, modelHint, type ServingObservation } from '../decide/serving.ts';
import { canaryDue, modelsCheckDue } from '../decide/serving-due.ts';
import { runCanary } from '../observe/canary.ts';
import { freeSpace } from '../observe/disk.ts';
import { askGateway } from '../observe/hint-answers.ts';
import { scanLogs } from '../observe/log-scan.ts';
import { modelsStatus } from '../observe/models-status.ts';
import type { Signature } from '../config/signatures.ts';
import type { State } from '../record/state.ts';
import { setDoing } from '../seams/deadline.ts';
import type { Deps } from '../seams/deps.ts';

export interface ServingSummary {
  observation: ServingObservation;
  faults: string[];
}

/** Where OpenClaw writes: its state folder, its logs' folders, the temp folder. */
export function diskPaths(d: Deps): string[] {
  return [dirname(d.cfg.configPath), ...d.cfg.logPaths.map((p) => dirname(p)), tmpdir()];
}

export async function observeServing(d: Deps, s: State, sigs: Signature[], p: Policy, now: number, bootAt: number | null = null): Promise<ServingObservation> {
  // The logs first: a line is a hint, and what it hints at is asked of the gateway itself before
  // anything is done (a model fault: the canary and the route check, at once; a stuck chat, a
  // channel, a plugin: the gateway's own RPC). A line the canary's test message made is read next check.
  setDoing('the serving check: reading the logs');
  const log = scanLogs(d.cfg.logPaths, s.serving.cursors, sigs, d.cfg.servingLogMaxKb * 1024);
  const hinted = modelHint(log, sigs);
  const port = gatewayPort(d.cfg);
  setDoing('the serving check: the canary (openclaw infer model run)');
  const canary = canaryDue(s, p, now, hinted) ? await runCanary(d.exec, d.cfg.openclawBin, d.cfg.canaryTimeoutS * 1000, port) : null;
  const questions = hintQuestions(s, log, sigs, now);
  setDoing('the serving check: asking the gateway about a log hint (openclaw gateway call)');
  const answers = questions ? await askGateway(d.exec, d.cfg.openclawBin, questions, d.cfg.servingTimeoutS * 1000, port, d.now) : null;
  const disk = freeSpace(diskPaths(d));
  setDoing('the serving check: OpenClaw\'s route check (openclaw models status)');
  const models = modelsCheckDue(s, p, now, hinted) ? await modelsStatus(d.exec, d.cfg.openclawBin, d.cfg.servingTimeoutS * 1000) : null;
  // Which OpenClaw runs: once per boot (a CLI call of about 7 s of CPU), for the drift heads-up.
  setDoing('the serving check: which OpenClaw runs (openclaw gateway status)');
  const version = versionDue(s.serving.version, bootAt) && bootAt !== null ? await askGatewayVersion(d.exec, d.cfg.openclawBin, d.cfg.servingTimeoutS * 1000, port, bootAt, d.now) : null;
  return { at: now, log, models, disk, canary, answers, version };
}

/** Observe, then decide and record under the lock; the caller acts on the decision. */
export async function checkServing(d: Deps, s: State, p: Policy, bootAt: number | null = null): Promise<Decision & { summary: ServingSummary }> {
  // A bad table stops the check here, with the entry named (exit 78), before anything is read.
  const sigs = loadSignatures(d.cfg.signaturesFile);
  const obs = await observeServing(d, s, sigs, p, d.now(), bootAt);
  const dec = await d.store.update((cur) => {
    const r = decideServing(cur, obs, sigs, p, d.now());
    return { state: r.state, result: r };
  });
  d.log({
    tier: 'health',
    event: 'serving',
    action: dec.action.kind,
    detail: dec.action.reason,
    logLines: obs.log?.lines ?? 0,
    hits: obs.log?.hits.map((h) => `${h.id}${h.provider ? `:${h.provider}` : ''}x${h.n}`) ?? [],
    models: obs.models ? `${obs.models.exitCode ?? 'none'} in ${obs.models.durationMs} ms` : null,
    canary: obs.canary ? `${obs.canary.ok ? 'ok' : obs.canary.detail} in ${obs.canary.durationMs} ms` : null,
  });
  return { ...dec, summary: { observation: obs, faults: dec.state.serving.faults.map((f) => f.meaning) } };
}

/**
 * `healthcheck --check`: what install.sh asks before it installs anything: .env reads, and the
 * signature table holds (a bad entry is a ConfigError: one line naming it, exit 78).
 */
export function checkServingConfig(cfg: Config): string {
  const sigs = loadSignatures(cfg.signaturesFile);
  const serving = cfg.servingIntervalS > 0 ? `every ${cfg.servingIntervalS} s, canary ${cfg.canaryIntervalS > 0 ? `at most every ${cfg.canaryIntervalS} s` : 'off'}` : 'off (SERVING_INTERVAL_S=0)';
  const versions = verifiedOn(sigs);
  return `configuration ok; signature table ok: ${sigs.length} entries (${cfg.signaturesFile}), seen on OpenClaw ${versions.length ? versions.join(', ') : 'no version recorded'}; serving check ${serving}`;
}
