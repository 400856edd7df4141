// Before and after a config-changing tool: the key-by-key difference, in words.
import type { Redactor } from '../../text/redact.ts';
import { describeChange, diffConfigs, readDoc, type Doc } from '../config-judge.ts';

export function snapshot(path: string): Doc | null {
  return readDoc(path).doc;
}

export function changesText(before: Doc | null, path: string, redact: Redactor): { text: string; count: number } {
  const after = readDoc(path).doc;
  if (!before || !after) return { text: 'config diff: not available (the config does not parse before or after)', count: 0 };
  const changes = diffConfigs(before, after);
  if (!changes.length) return { text: 'config diff: no change', count: 0 };
  return { text: `config diff (${changes.length}):\n${changes.map((c) => `- ${describeChange(c, redact)}${c.protected ? ' [protected: will be put back]' : ''}`).join('\n')}`, count: changes.length };
}
