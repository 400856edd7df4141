// The layers of lib/ (docs/design.md, "Layers"): every import points down. This test reads every import line
// under lib/, scripts/ and harness/ and names each one that points up, with the rule it breaks.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { LAYERS, checkImport, findCircles, parseImports, type Place } from './layers.ts';

function walk(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names.flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : [];
  });
}

function placeOf(file: string): Place {
  return relative(PROJECT_ROOT, file).split('/').join('/');
}

test('every import under lib/, scripts/ and harness/ points down the layers', () => {
  const files = ['lib', 'scripts', 'harness'].flatMap((d) => walk(join(PROJECT_ROOT, d)));
  assert.ok(files.length > 50, `only ${files.length} files found`);
  const problems: string[] = [];
  for (const file of files) {
    for (const imp of parseImports(readFileSync(file, 'utf8'))) {
      const target = imp.spec.startsWith('.') ? placeOf(normalize(join(dirname(file), imp.spec))) : imp.spec;
      const why = checkImport(placeOf(file), target, imp.typeOnly);
      if (why) problems.push(`${placeOf(file)}:${imp.line}: imports ${imp.spec}: ${why}`);
    }
  }
  assert.deepEqual(problems, [], `imports that point up:\n${problems.join('\n')}`);
});

test('no circle of imports inside lib/ (a folder\'s files import each other one way)', () => {
  const edges = new Map<string, string[]>();
  for (const file of walk(join(PROJECT_ROOT, 'lib'))) {
    const targets = parseImports(readFileSync(file, 'utf8'))
      .filter((i) => !i.typeOnly && i.spec.startsWith('.'))
      .map((i) => placeOf(normalize(join(dirname(file), i.spec))));
    edges.set(placeOf(file), targets);
  }
  assert.deepEqual(findCircles(edges), [], 'files that import each other in a circle');
});

test('the circle finder finds a circle made on purpose, and none where there is none', () => {
  const g = (pairs: Array<[string, string]>) => {
    const m = new Map<string, string[]>();
    for (const [a, b] of pairs) m.set(a, [...(m.get(a) ?? []), b]);
    return m;
  };
  assert.deepEqual(findCircles(g([['alerts', 'incident'], ['incident', 'outbox'], ['outbox', 'alerts'], ['tiers', 'alerts']])), [['alerts', 'incident', 'outbox']]);
  assert.deepEqual(findCircles(g([['a', 'a']])), [['a']]);
  assert.deepEqual(findCircles(g([['a', 'b'], ['b', 'c'], ['a', 'c']])), []);
});

test('every folder of lib/ has a rule, and the rule table only points down', () => {
  const folders = readdirSync(join(PROJECT_ROOT, 'lib')).filter((n) => statSync(join(PROJECT_ROOT, 'lib', n)).isDirectory());
  for (const f of folders) {
    assert.ok(f in LAYERS, `lib/${f}/ has no rule in test/layers.ts`);
    // Each folder says its rule where a reader opens it.
    assert.match(readFileSync(join(PROJECT_ROOT, 'lib', f, 'README.md'), 'utf8'), /import/i, `lib/${f}/README.md states what it may import`);
  }
  const rank = Object.keys(LAYERS);
  for (const [f, rule] of Object.entries(LAYERS)) {
    for (const d of [...rule.imports, ...(rule.typesFrom ?? [])]) assert.ok(rank.indexOf(d) < rank.indexOf(f), `lib/${f}/ may import lib/${d}/, which is not below it`);
  }
});

test('the checker names what it refuses (it fails on imports that point up)', () => {
  assert.match(checkImport('lib/record/outbox.ts', 'lib/tiers/alert.ts', false) ?? '', /lib\/record\/ .*may import only/);
  assert.match(checkImport('lib/record/store.ts', 'lib/observe/probe.ts', true) ?? '', /lib\/record\//);
  assert.match(checkImport('lib/observe/identity.ts', 'lib/act/restart.ts', false) ?? '', /lib\/observe\//);
  assert.match(checkImport('lib/observe/identity.ts', 'lib/record/state.ts', false) ?? '', /only types/);
  assert.equal(checkImport('lib/observe/identity.ts', 'lib/record/state.ts', true), null);
  assert.match(checkImport('lib/decide/health.ts', 'lib/act/restart.ts', false) ?? '', /only types/);
  assert.equal(checkImport('lib/decide/health.ts', 'lib/act/restart.ts', true), null);
  assert.match(checkImport('lib/decide/health.ts', 'node:fs', false) ?? '', /pure/);
  assert.match(checkImport('lib/tiers/health.ts', 'lib/view/status.ts', false) ?? '', /lib\/tiers\//);
  assert.match(checkImport('lib/tiers/health.ts', 'harness/demo-gateway.ts', false) ?? '', /harness/);
  assert.match(checkImport('scripts/bench.ts', 'test/chaos.ts', false) ?? '', /test\//);
  assert.match(checkImport('harness/chaos.ts', 'test/helpers.ts', false) ?? '', /test\//);
  assert.equal(checkImport('lib/tiers/health.ts', 'lib/decide/health.ts', false), null);
  assert.equal(checkImport('lib/act/restart.ts', 'lib/act/kill.ts', false), null);
});

test('the import reader sees every form of import, and which are types only', () => {
  const src = [
    "import { a } from './a.ts';",
    "import type { B } from '../b.ts';",
    "import { type C, type D } from './c.ts';",
    "import { type E, f } from './e.ts';",
    "export { g } from './g.ts';",
    "const { h } = await import('./h.ts');",
    "import './side.ts';",
    '// import { no } from "./comment.ts";',
  ].join('\n');
  assert.deepEqual(
    parseImports(src).map((i) => [i.spec, i.typeOnly]),
    [['./a.ts', false], ['../b.ts', true], ['./c.ts', true], ['./e.ts', false], ['./g.ts', false], ['./h.ts', false], ['./side.ts', false]],
  );
});

test('no giant: no file under lib/ over 300 lines, none under harness/ over 500', () => {
  const over = (dir: string, max: number) =>
    walk(join(PROJECT_ROOT, dir))
      .map((f) => [placeOf(f), readFileSync(f, 'utf8').split('\n').length - 1] as const)
      .filter(([, n]) => n > max)
      .map(([f, n]) => `${f}: ${n} lines (at most ${max})`);
  assert.deepEqual([...over('lib', 300), ...over('harness', 500)], []);
});
