// The front page and the docs hold together: the README fits, its quick start is the two commands
// CI runs, and every link in the README and in docs/ resolves (a file that exists, a heading that
// is there).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { test } from 'node:test';
import { PROJECT_ROOT } from '../lib/config/paths.ts';

const DOCS = ['README.md', ...readdirSync(join(PROJECT_ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** GitHub's heading anchor: lower case, punctuation but - and _ dropped, spaces to -. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/`/g, '')
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchors(file: string): Set<string> {
  const text = readFileSync(join(PROJECT_ROOT, file), 'utf8').replace(/```[\s\S]*?```/g, '');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string)));
}

function links(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] as string);
}

/** The links of `file` (its text given) that do not resolve, and how many were checked. */
function brokenLinks(file: string, markdown: string): { broken: string[]; checked: number } {
  const broken: string[] = [];
  let checked = 0;
  for (const link of links(markdown)) {
    if (/^[a-z]+:/i.test(link)) continue; // a web address: not checked offline
    const [path, anchor] = link.split('#') as [string, string | undefined];
    const target = path === '' ? file : normalize(join(dirname(file), path));
    checked++;
    if (!existsSync(join(PROJECT_ROOT, target))) broken.push(`${file}: ${link} (no ${target})`);
    else if (anchor && target.endsWith('.md') && !anchors(target).has(anchor)) broken.push(`${file}: ${link} (no heading #${anchor} in ${target})`);
  }
  return { broken, checked };
}

test('the README fits in 300 lines, and its quick start is the two commands .ci/run runs', () => {
  const readme = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');
  assert.ok(readme.split('\n').length <= 300, `README.md has ${readme.split('\n').length} lines`);
  const quick = /## Quick start\n+```sh\n(.*)\n(.*)\n```/.exec(readme);
  assert.ok(quick, 'a Quick start section with one sh block');
  assert.match(quick[1] as string, /^\.\/install\.sh\b/);
  assert.match(quick[2] as string, /^npm test\b/);
  const ci = readFileSync(join(PROJECT_ROOT, '.ci', 'run'), 'utf8');
  assert.match(ci, /^\.\/install\.sh\b.*$/m);
  assert.match(ci, /^npm test$/m);
});

test('every link in the README and docs/ resolves: the file exists, and the heading it names is there', () => {
  const all = DOCS.map((f) => brokenLinks(f, readFileSync(join(PROJECT_ROOT, f), 'utf8')));
  assert.ok(all.reduce((n, r) => n + r.checked, 0) > 20, 'too few links found');
  assert.deepEqual(all.flatMap((r) => r.broken), []);
});

test('the link checker fails on a link that does not resolve', () => {
  assert.equal(slug('Serving: live and ready, but does the assistant answer?'), 'serving-live-and-ready-but-does-the-assistant-answer');
  const r = brokenLinks('README.md', '[a](docs/design.md#layers) [b](docs/no-such-file.md) [c](docs/design.md#no-such-heading) [d](https://example.com/x)');
  assert.equal(r.checked, 3);
  assert.deepEqual(r.broken, ['README.md: docs/no-such-file.md (no docs/no-such-file.md)', 'README.md: docs/design.md#no-such-heading (no heading #no-such-heading in docs/design.md)']);
});
