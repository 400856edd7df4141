// Renders plists/systemd/*.template into systemd user units, the Linux counterpart of the plists: a
// oneshot service per tier and a timer for each (the doctor's is the hourly net under its on-demand
// starts, like its plist's StartInterval). Absolute paths, quoted and escaped for systemd.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TIERS, type Tier } from '../record/state.ts';
import { TIER_SCRIPT, tierUnit } from '../seams/launcher.ts';
import { uniquePath, type PlistValues } from './plist.ts';

export { tierUnit as unitName };

/** One word for systemd's command and Environment= lines: double-quoted, `\` and `"` escaped, `%` doubled (specifiers). */
export function systemdQuote(s: string): string {
  if (/[\n\r]/.test(s)) throw new Error(`a systemd value cannot hold a line break: ${JSON.stringify(s)}`);
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/%/g, '%%')}"`;
}

const WHAT: Record<Tier, string> = {
  watchdog: 'tier 1: is the gateway process there?',
  health: 'tier 2: does it answer, is it ready, does the assistant answer?',
  doctor: 'tier 3: the Claude Doctor, started on demand',
  alert: 'tier 4: alerts to a person',
};

/** Every unit for every tier: { fileName, text }. */
export function renderUnits(templatesDir: string, v: PlistValues): Array<{ unit: string; fileName: string; text: string }> {
  const service = readFileSync(join(templatesDir, 'tier.service.template'), 'utf8');
  const timer = readFileSync(join(templatesDir, 'tier.timer.template'), 'utf8');
  const env = { PATH: uniquePath(v.path), HOME: v.home, ...v.extraEnv };
  // StandardOutput=append: takes a path as is: no quoting, so no space.
  for (const [what, p] of [['the log folder', v.logDir], ['the project folder', v.root]] as const) {
    if (/\s/.test(p)) throw new Error(`${what} for systemd units cannot hold a space (WorkingDirectory= and StandardOutput= take a path as is): ${p}`);
  }
  const out: Array<{ unit: string; fileName: string; text: string }> = [];
  for (const tier of TIERS) {
    const unit = tierUnit(v.labelPrefix, tier);
    const vars: Record<string, string> = {
      TIER: tier,
      WHAT: WHAT[tier],
      UNIT: unit,
      ROOT_URL: encodeURI(v.root),
      ROOT_PATH: v.root.replace(/%/g, '%%'),
      NODE_Q: systemdQuote(v.node),
      SCRIPT_Q: systemdQuote(join(v.root, 'dist', 'scripts', `${TIER_SCRIPT[tier]}.js`)),
      ENV: Object.entries(env).map(([k, val]) => systemdQuote(`${k}=${val}`)).join(' '),
      // The doctor has its own hard limit (DOCTOR_TIMEOUT_S, at most 2 h) inside; this is the net under it.
      TIMEOUT_S: tier === 'doctor' ? '9000' : '900',
      KILL_MODE: tier === 'doctor' ? 'process' : 'control-group',
      LOG_DIR: v.logDir.replace(/%/g, '%%'),
      INTERVAL: String(v.intervals[tier]),
    };
    const fill = (t: string, name: string) =>
      t.replace(/\{\{(\w+)\}\}/g, (m, k: string) => {
        const val = vars[k];
        if (val === undefined) throw new Error(`${name}: unknown placeholder ${m}`);
        return val;
      });
    out.push({ unit: `${unit}.service`, fileName: `${unit}.service`, text: fill(service, 'tier.service.template') });
    out.push({ unit: `${unit}.timer`, fileName: `${unit}.timer`, text: fill(timer, 'tier.timer.template') });
  }
  return out;
}
