// Renders plists/*.plist.template into LaunchAgents: absolute paths, a PATH found at install time
// (launchd gives agents only /usr/bin:/bin:/usr/sbin:/sbin), every value XML-escaped.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { TIERS, type Tier } from '../record/state.ts';

export interface PlistValues {
  root: string;
  node: string;
  path: string;
  home: string;
  logDir: string;
  labelPrefix: string;
  intervals: Record<Tier, number>;
  extraEnv: Record<string, string>;
}

export const DEFAULT_INTERVALS: Record<Tier, number> = { watchdog: 60, health: 60, doctor: 3600, alert: 300 };

export function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** A PATH with each folder once, first place kept (install.sh adds the system folders after its own). */
export function uniquePath(path: string): string {
  return [...new Set(path.split(':').filter(Boolean))].join(':');
}

export function renderPlist(template: string, v: PlistValues): string {
  const extra = Object.entries(v.extraEnv)
    .map(([k, val]) => `\t\t<key>${xmlEscape(k)}</key>\n\t\t<string>${xmlEscape(val)}</string>\n`)
    .join('');
  const vars: Record<string, string> = {
    ROOT: xmlEscape(v.root),
    NODE: xmlEscape(v.node),
    PATH: xmlEscape(uniquePath(v.path)),
    HOME: xmlEscape(v.home),
    LOG_DIR: xmlEscape(v.logDir),
    LABEL_PREFIX: xmlEscape(v.labelPrefix),
    EXTRA_ENV: extra,
  };
  for (const t of TIERS) vars[`INTERVAL_${t.toUpperCase()}`] = String(v.intervals[t]);
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => {
    const out = vars[k];
    if (out === undefined) throw new Error(`plist template: unknown placeholder ${m}`);
    return out;
  });
}

/** Every template in plists/, rendered: { label, fileName, xml }. */
export function renderAll(templatesDir: string, v: PlistValues): Array<{ label: string; fileName: string; xml: string }> {
  return readdirSync(templatesDir)
    .filter((f) => f.endsWith('.plist.template'))
    .sort()
    .map((f) => {
      const tier = f.replace('.plist.template', '');
      const label = `${v.labelPrefix}.${tier}`;
      return { label, fileName: `${label}.plist`, xml: renderPlist(readFileSync(join(templatesDir, f), 'utf8'), v) };
    });
}
