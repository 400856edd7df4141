// What a person asks first, from the state alone: is the gateway live, ready and serving, and since
// when (docs/design.md, "How it decides"). Shared by the status page and the metrics.
import type { State } from '../record/state.ts';

export interface Verdict {
  ok: boolean | null;
  since: number | null;
}

export interface Now {
  live: Verdict;
  ready: Verdict;
  serving: Verdict;
}

export function gatewayNow(s: State): Now {
  const probe = s.lastProbe;
  if (!probe) return { live: { ok: null, since: null }, ready: { ok: null, since: null }, serving: { ok: null, since: null } };
  const live: Verdict = probe.ok ? { ok: true, since: s.healthySince } : { ok: false, since: s.unhealthySince };
  if (!probe.ok) return { live, ready: { ok: false, since: s.unhealthySince }, serving: { ok: false, since: s.unhealthySince } };
  const nr = s.readiness.notReadySince;
  const ready: Verdict = nr !== null ? { ok: false, since: nr } : { ok: true, since: s.healthySince };
  const ns = s.serving.notServingSince;
  const serving: Verdict = ns !== null ? { ok: false, since: ns } : nr !== null ? { ok: false, since: nr } : { ok: true, since: s.healthySince };
  return { live, ready, serving };
}
