// The layer rules of lib/, bottom first, and a reader of import lines. A folder may import from its
// own folder and from the folders it names; `typesFrom` names folders it may take types from only
// (a pure decision names what it decides over, never runs it).
export interface Rule {
  imports: string[];
  typesFrom?: string[];
  /** No node: module and no package: a pure function of its inputs. */
  pure?: boolean;
  /** Imports from these folders must be types only. */
  typesOnlyFrom?: string[];
}

export const LAYERS: Record<string, Rule> = {
  text: { imports: [] },
  record: { imports: ['text'] },
  config: { imports: ['text'], typesFrom: ['record'] },
  seams: { imports: ['text', 'config', 'record'] },
  observe: { imports: ['text', 'config', 'record', 'seams'], typesOnlyFrom: ['record'] },
  act: { imports: ['text', 'config', 'record', 'seams', 'observe'], typesOnlyFrom: ['record'] },
  decide: { imports: ['text', 'config', 'record'], typesFrom: ['observe', 'act'], pure: true },
  doctor: { imports: ['text', 'config', 'record', 'seams', 'observe', 'act', 'decide'] },
  report: { imports: ['text', 'config', 'record'] },
  tiers: { imports: ['text', 'config', 'record', 'seams', 'observe', 'act', 'decide', 'doctor', 'report'] },
  view: { imports: ['text', 'config', 'record', 'seams', 'observe', 'act', 'decide', 'doctor', 'tiers', 'report'] },
  install: { imports: ['text', 'config', 'record', 'seams'] },
};

export type Place = string;

export interface Import {
  spec: string;
  typeOnly: boolean;
  line: number;
}

/** Every static import, re-export, side-effect import and dynamic import() with a string literal. */
export function parseImports(src: string): Import[] {
  const out: Import[] = [];
  const lines = src.split('\n');
  const re = /^\s*(import|export)\s+(type\s+)?([\s\S]*?)\s*from\s*'([^']+)'|^\s*import\s+'([^']+)'|import\(\s*'([^']+)'\s*\)/gm;
  const text = lines.map((l) => (/^\s*\/\//.test(l) ? '' : l)).join('\n');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const line = text.slice(0, m.index).split('\n').length;
    if (m[4] !== undefined) {
      const names = (m[3] ?? '').replace(/^\{|\}$/g, '').split(',').map((n) => n.trim()).filter(Boolean);
      const allTypes = m[1] === 'import' && names.length > 0 && /^\{/.test((m[3] ?? '').trim()) && names.every((n) => n.startsWith('type '));
      out.push({ spec: m[4], typeOnly: Boolean(m[2]) || allTypes, line });
    } else out.push({ spec: (m[5] ?? m[6]) as string, typeOnly: false, line });
  }
  return out;
}

function area(place: Place): { top: string; folder: string | null } {
  const parts = place.split('/');
  if (parts[0] === 'lib') return { top: 'lib', folder: parts.length > 2 ? (parts[1] as string) : null };
  return { top: parts[0] as string, folder: null };
}

/** Why an import from `from` of `target` points up (null: it may). `target` is a place or a package name. */
export function checkImport(from: Place, target: string, typeOnly: boolean): string | null {
  const src = area(from);
  const local = target.startsWith('lib/') || target.startsWith('scripts/') || target.startsWith('harness/') || target.startsWith('test/');
  if (src.top === 'scripts' || src.top === 'harness') {
    if (local && target.startsWith('test/')) return `${src.top}/ never imports test/ (the tests stand on it, not under it)`;
    if (src.top === 'harness' && local && target.startsWith('scripts/')) return 'harness/ never imports scripts/ (scripts wire the harness)';
    return null;
  }
  if (src.top !== 'lib' || !src.folder) return null;
  const rule = LAYERS[src.folder];
  if (!rule) return `lib/${src.folder}/ has no layer rule`;
  if (!local) {
    if (rule.pure && !typeOnly) return `lib/${src.folder}/ is pure: no node: module and no package (${target})`;
    return null;
  }
  const dst = area(target);
  if (dst.top !== 'lib') return `lib/ never imports ${dst.top}/ (the product stands alone: ${target})`;
  if (!dst.folder) return `lib/${src.folder}/ imports a file outside lib/'s folders (${target})`;
  if (dst.folder === src.folder) return null;
  const types = rule.typesFrom ?? [];
  if (!rule.imports.includes(dst.folder) && !types.includes(dst.folder)) {
    return `lib/${src.folder}/ may import only ${[...rule.imports, ...types.map((t) => `types of ${t}`)].map((f) => (f.startsWith('types') ? f : `lib/${f}/`)).join(', ') || 'nothing else in lib/'}, not lib/${dst.folder}/`;
  }
  if (!typeOnly && (types.includes(dst.folder) || (rule.typesOnlyFrom ?? []).includes(dst.folder))) {
    return `lib/${src.folder}/ takes only types from lib/${dst.folder}/ (use import type)`;
  }
  return null;
}

/**
 * Circles in an import graph (file -> files it imports at run time): each strongly connected group
 * of more than one file, or a file importing itself, sorted. Tarjan's algorithm.
 */
export function findCircles(edges: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) as number, low.get(w) as number));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) as number, idx.get(w) as number));
    }
    if (low.get(v) === idx.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop() as string;
        on.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || (edges.get(v) ?? []).includes(v)) out.push(group.sort());
    }
  };
  for (const v of edges.keys()) if (!idx.has(v)) visit(v);
  return out;
}
