// A gateway that did not answer: frozen, or booting, or busy? Its processes' state letters and CPU
// time, sampled inside the health probe's own retries (docs/design.md, "The escalation ladder").
import { gatewayWhere, identifyGateway } from './identity.ts';
import { probeOnce, type ProbeAttempt, type Verdict } from './health.ts';
import { cpuGained, descendantsOf, listProcesses, processStates } from './processes.ts';
import type { Deps } from '../seams/deps.ts';

/**
 * What the health tier sees of a gateway that does not answer, young or established, to tell frozen
 * from booting or busy: measured across the probe's own retries, so a frozen one ends them early.
 */
export interface Stillness {
  /** ps STAT of each gateway process. */
  stats: string[];
  /** CPU seconds the gateway used across one more probe; null when not measured. */
  cpuDeltaS: number | null;
  /** How that probe ended. */
  verdict: Verdict;
  /** The gateway's main pid, and the CPU seconds it and its workers have used in all (the later sample). */
  mainPid?: number | null;
  cpuTotalS?: number | null;
}

/** The shortest span CPU time is compared across. */
const MIN_SPAN_MS = 2_000;

/**
 * A gateway that did not answer: frozen, or booting, or busy? Its state, and its CPU time (with the
 * workers it forked) across one more try: /proc/<pid>/stat on Linux, `ps -o stat=,time=` on macOS,
 * both to the hundredth. Measured inside the probe's own retries, so a frozen gateway ends them
 * early: stopped (state T) after the first failed try, no CPU across the second. Only on this path:
 * a healthy tick pays nothing for it.
 */
export class StillnessWatch {
  pids: number[] = [];
  /** The gateway's processes and everything they forked: whose CPU time counts as its progress. */
  family: number[] = [];
  main: number | null = null;
  youngestAgeMs: number | null = null;
  result: Stillness | null = null;
  private before: Map<number, { stat: string; cpuS: number }> | null = null;
  /** When the first sample was taken. */
  private beforeAt = 0;
  private looked = false;

  /**
   * @param frozen the decision's own judge (decide/health.ts `judgeStillness`): this file only looks,
   *   and a frozen gateway ends the retries early.
   */
  constructor(
    private readonly d: Deps,
    private readonly frozen: (s: Stillness) => boolean,
  ) {}

  /** /proc on Linux (hundredths of a second), ps elsewhere. */
  private async states(): Promise<Map<number, { stat: string; cpuS: number }>> {
    return processStates(this.d.probeExec, this.family, this.d.platform);
  }

  /** Which processes are the gateway, once per tick: a dead gateway is looked up once, not per try. */
  private async identify(): Promise<void> {
    if (this.looked) return;
    this.looked = true;
    const procs = (await identifyGateway(this.d.probeExec, gatewayWhere(this.d.cfg), { cheap: true }))?.processes ?? [];
    this.pids = procs.map((p) => p.pid);
    // The main process: the one whose parent is not itself a gateway process.
    this.main = procs.find((p) => !this.pids.includes(p.ppid))?.pid ?? null;
    // Its descendants too: a booting gateway's work can be in a worker it forked (the real one's
    // SQLite and spawn workers) while the main process waits on it.
    this.family = this.pids.length ? descendantsOf(this.pids, (await listProcesses(this.d.probeExec)) ?? []) : [];
    const ages = procs.map((p) => p.ageS).filter((a): a is number => a !== undefined);
    this.youngestAgeMs = ages.length ? Math.min(...ages) * 1000 : null;
  }

  /** After a failed try: true when the gateway is frozen and more tries would only add downtime. */
  readonly stopAfter = async (tries: ProbeAttempt[]): Promise<boolean> => {
    if (this.before === null) {
      if (this.looked) return false;
      await this.identify();
      if (!this.pids.length) return false;
      this.before = await this.states();
      this.beforeAt = this.d.now();
      // Stopped (state T) is frozen at once; no CPU to measure.
      const first: Stillness = { stats: this.gatewayStats(this.before), cpuDeltaS: null, verdict: tries[0]?.verdict ?? 'timeout' };
      if (this.frozen(first)) this.result = first;
    } else if (this.result === null) this.result = await this.measure(tries[0]?.verdict ?? 'timeout');
    return this.result !== null && this.frozen(this.result);
  };

  async measure(verdict: Verdict): Promise<Stillness | null> {
    if (!this.before || !this.pids.length) return null;
    // A refused connection returns at once: CPU gained over a few milliseconds says nothing, so the
    // second sample waits until MIN_SPAN_MS after the first (a booting gateway shows its progress).
    const left = MIN_SPAN_MS - (this.d.now() - this.beforeAt);
    if (left > 0) await this.d.pc.sleep(left);
    const after = await this.states();
    const total = [...after.values()].reduce((n, x) => n + x.cpuS, 0);
    return { stats: this.gatewayStats(after), cpuDeltaS: after.size ? cpuGained(this.before, after) : null, verdict, mainPid: this.main, cpuTotalS: after.size ? Math.round(total * 100) / 100 : null };
  }

  /** The state letters of the gateway's own processes (a worker's state is not the gateway's). */
  private gatewayStats(m: Map<number, { stat: string }>): string[] {
    return this.pids.map((pid) => m.get(pid)?.stat).filter((st): st is string => st !== undefined);
  }

  /**
   * After the last failed try. Measured across it when the retries began measuring; with one try only,
   * a young gateway gets one more try, measured (booting or frozen decides whether it keeps its grace).
   */
  async afterRetries(last: Verdict): Promise<void> {
    const lookedDuringRetries = this.looked;
    await this.sample(last);
    // The process looked at during the retries died, or none was there then: launchd's KeepAlive (or
    // a person) may have started another meanwhile. Look once more, so a gateway started seconds ago
    // keeps its grace instead of being judged by the one that died (seen with the real gateway).
    if (!lookedDuringRetries || this.pids.some((pid) => this.d.pc.alive(pid))) return;
    this.looked = false;
    this.before = null;
    this.result = null;
    await this.identify();
  }

  private async sample(last: Verdict): Promise<void> {
    if (this.before !== null) {
      if (this.result === null) this.result = await this.measure(last);
      return;
    }
    await this.identify();
    if (!this.pids.length) return;
    this.before = await this.states();
    this.beforeAt = this.d.now();
    const first: Stillness = { stats: this.gatewayStats(this.before), cpuDeltaS: null, verdict: last };
    if (this.frozen(first)) this.result = first;
    else if (this.youngestAgeMs !== null && this.youngestAgeMs < Math.max(this.d.cfg.startupGraceS, this.d.cfg.startupGraceMaxS) * 1000) {
      const again = await probeOnce(this.d, 1);
      this.result = await this.measure(again.verdict);
    }
  }
}

