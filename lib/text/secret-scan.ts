// A second pass over what leaves the machine (the doctor's prompt and tool results, every alert), by
// a maintained secret-pattern set: secretlint's recommended preset (its 11.x line, the last for
// Node 20). It knows provider shapes our own patterns (redact.ts) do not, such as Shopify, Linear and
// 1Password tokens, and is kept up as providers change theirs; it misses shapes ours catch (an AWS
// key id, Slack `xoxe-`, `sk-proj-`, a PEM body cut from its header, a Telegram bot token), so it adds
// to redact.ts, never replaces it. Loaded only when text is about to leave (about 20 ms).
import type * as Core from '@secretlint/core';
import { REDACTED } from './redact.ts';

type Lint = typeof Core.lintSource;
type Rules = Core.SecretLintSourceOptions['options']['config']['rules'];

let loaded: Promise<{ lint: Lint; rules: Rules }> | null = null;
function load(): Promise<{ lint: Lint; rules: Rules }> {
  loaded ??= Promise.all([import('@secretlint/core'), import('@secretlint/secretlint-rule-preset-recommend')]).then(([core, preset]) => ({
    lint: core.lintSource,
    rules: [{ id: preset.creator.meta.id, rule: preset.creator }],
  }));
  return loaded;
}

/** The text with every secret the preset finds replaced by [REDACTED]; run after redact.ts's own pass. */
export async function scrubKnownSecrets(text: string): Promise<string> {
  if (text.length < 8) return text;
  const { lint, rules } = await load();
  const r = await lint({ source: { filePath: 'selfheal.txt', content: text, ext: '.txt', contentType: 'text' }, options: { config: { rules }, maskSecrets: false } });
  // Merged, right to left, so earlier offsets stay true.
  const ranges: Array<readonly [number, number]> = r.messages.map((m) => m.range).sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of ranges) {
    const last = merged.at(-1);
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  let out = text;
  for (const [s, e] of merged.reverse()) out = `${out.slice(0, s)}${REDACTED}${out.slice(e)}`;
  return out;
}
