// install.sh in a temporary HOME with stand-in launchctl and plutil: rendered plists parse with two
// independent parsers, paths are absolute, PATH holds what the tiers start, re-runs are idempotent,
// --uninstall removes exactly what was installed, --dry-run writes nothing.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { before, describe, it } from 'node:test';
import * as plist from 'plist';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { makeStandins } from '../harness/launchd-standins.ts';
import { needTools, tempDir, writeStub } from './helpers.ts';

function listTree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, f.name);
    out.push(p);
    if (f.isDirectory()) out.push(...listTree(p));
  }
  return out.sort();
}

function setup() {
  const dir = tempDir();
  const home = join(dir, 'home');
  const s = makeStandins(dir);
  const env = {
    HOME: home,
    PATH: `${s.bin}:${dirname(process.execPath)}:/usr/bin:/bin`,
    SELFHEAL_FORCE_MACOS: '1',
    SELFHEAL_SKIP_DEPS: '1',
    SELFHEAL_ENV_FILE: join(dir, 'selfheal.env'),
  };
  const install = (...args: string[]) => spawnSync(join(PROJECT_ROOT, 'install.sh'), args, { env, encoding: 'utf8', timeout: 60_000 });
  return { dir, home, env, s, install, agents: join(home, 'Library', 'LaunchAgents') };
}

describe('install.sh (macOS path, stand-in launchctl)', () => {
  before(() => needTools('plistutil'));
  it('renders plists both parsers accept, with absolute paths, the PATH the tiers need, unique labels', () => {
    const t = setup();
    const r = t.install();
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const files = readdirSync(t.agents).filter((f) => f.endsWith('.plist'));
    assert.deepEqual(files.sort(), ['alert', 'doctor', 'health', 'watchdog'].map((x) => `ai.openclaw.selfheal.${x}.plist`));
    const labels = new Set<string>();
    for (const f of files) {
      const path = join(t.agents, f);
      assert.equal(statSync(path).mode & 0o777, 0o644);
      const p = plist.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      labels.add(p.Label as string);
      assert.equal(`${p.Label}.plist`, f);
      const args = p.ProgramArguments as string[];
      assert.ok(args.every((a) => a.startsWith('/')), `absolute: ${args}`);
      assert.equal(args[0], process.execPath);
      assert.ok(existsSync(args[1] as string) || (args[1] as string).includes('/dist/'), args[1]);
      const env = p.EnvironmentVariables as Record<string, string>;
      const pathDirs = env.PATH?.split(':') ?? [];
      for (const d of [t.s.bin, dirname(process.execPath), '/usr/bin', '/bin']) assert.ok(pathDirs.includes(d), `PATH has ${d}`);
      assert.equal(new Set(pathDirs).size, pathDirs.length, `each folder once: ${env.PATH}`);
      assert.equal(env.HOME, t.home);
      assert.equal(env.SELFHEAL_ENV_FILE, t.env.SELFHEAL_ENV_FILE);
      assert.ok(typeof p.StartInterval === 'number' && (p.StartInterval as number) > 0);
      assert.equal(p.ProcessType, 'Background');
      assert.equal(p.LowPriorityIO, true);
      assert.match(p.StandardOutPath as string, /Library\/Logs\/openclaw-selfheal\//);
      if (f.includes('doctor')) assert.equal(p.AbandonProcessGroup, true);
      // Debian's libplist: a second, independent parser; round-trip through binary and back.
      const bin = join(t.dir, `${f}.bin`);
      execFileSync('plistutil', ['-i', path, '-o', bin]);
      const back = execFileSync('plistutil', ['-i', bin, '-o', '-', '-f', 'xml'], { encoding: 'utf8' });
      assert.deepEqual(plist.parse(back), p);
    }
    assert.equal(labels.size, 4);
    const calls = readFileSync(t.s.callLog, 'utf8').trim().split('\n');
    for (const l of labels) {
      const out = calls.findIndex((c) => c === `launchctl bootout gui/${process.getuid?.()}/${l}`);
      const boot = calls.findIndex((c) => c.startsWith(`launchctl bootstrap gui/${process.getuid?.()} `) && c.endsWith(`${l}.plist`));
      assert.ok(out >= 0 && boot > out, `bootout before bootstrap for ${l}`);
      assert.ok(calls.some((c) => c.startsWith('plutil -lint') && c.includes(`${l}.plist`)));
    }
    assert.ok(calls.includes(`launchctl kickstart gui/${process.getuid?.()}/ai.openclaw.selfheal.health`));
    const envFile = t.env.SELFHEAL_ENV_FILE;
    assert.equal(statSync(envFile).mode & 0o777, 0o600);
    assert.match(readFileSync(envFile, 'utf8'), new RegExp(`CLAUDE_BIN=${t.s.bin}/claude`));
  });

  it('a second run is idempotent: same files, bootout before bootstrap again, .env kept', () => {
    const t = setup();
    assert.equal(t.install().status, 0);
    const first = Object.fromEntries(readdirSync(t.agents).map((f) => [f, readFileSync(join(t.agents, f), 'utf8')]));
    writeFileSync(t.env.SELFHEAL_ENV_FILE, 'HEALTH_RETRIES=4\n');
    writeFileSync(t.s.callLog, '');
    const r = t.install();
    assert.equal(r.status, 0, r.stderr);
    const second = Object.fromEntries(readdirSync(t.agents).map((f) => [f, readFileSync(join(t.agents, f), 'utf8')]));
    assert.deepEqual(second, first);
    assert.equal(readFileSync(t.env.SELFHEAL_ENV_FILE, 'utf8'), 'HEALTH_RETRIES=4\n');
    const calls = readFileSync(t.s.callLog, 'utf8').trim().split('\n');
    assert.equal(calls.filter((c) => c.startsWith('launchctl bootout')).length, 4);
    assert.ok(calls.findIndex((c) => c.startsWith('launchctl bootout')) < calls.findIndex((c) => c.startsWith('launchctl bootstrap')));
  });

  it('--uninstall removes exactly what install added; --purge also the state', () => {
    const t = setup();
    const before = listTree(t.home);
    assert.equal(t.install().status, 0);
    writeFileSync(join(t.agents, 'com.example.other.plist'), '<plist/>');
    const r = t.install('--uninstall');
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(readdirSync(t.agents), ['com.example.other.plist']);
    const calls = readFileSync(t.s.callLog, 'utf8');
    for (const x of ['alert', 'doctor', 'health', 'watchdog']) assert.match(calls, new RegExp(`bootout gui/\\d+/ai\\.openclaw\\.selfheal\\.${x}\\n[\\s\\S]*$`));
    assert.ok(existsSync(join(t.home, '.openclaw-selfheal')), 'state kept without --purge');
    assert.equal(t.install('--uninstall', '--purge').status, 0);
    assert.ok(!existsSync(join(t.home, '.openclaw-selfheal')));
    assert.ok(!existsSync(join(t.home, 'Library', 'Logs', 'openclaw-selfheal')));
    const after = listTree(t.home).filter((p) => !p.includes('com.example.other'));
    assert.deepEqual(after.filter((p) => !before.includes(p) && !/Library(\/LaunchAgents|\/Logs)?$/.test(p)), []);
  });

  it('two installs side by side (a second profile): their own labels, state and manifest; uninstalling one leaves the other', () => {
    const t = setup();
    const second = { ...t.env, SELFHEAL_LABEL_PREFIX: 'ai.openclaw.selfheal.work', SELFHEAL_HOME: join(t.home, '.openclaw-selfheal-work'), SELFHEAL_ENV_FILE: join(t.dir, 'work.env') };
    const other = (...args: string[]) => spawnSync(join(PROJECT_ROOT, 'install.sh'), args, { env: second, encoding: 'utf8', timeout: 60_000 });
    assert.equal(t.install().status, 0);
    const r = other();
    assert.equal(r.status, 0, r.stderr);
    const all = readdirSync(t.agents).sort();
    assert.equal(all.length, 8, all.join(' '));
    const work = all.filter((f) => f.startsWith('ai.openclaw.selfheal.work.'));
    assert.equal(work.length, 4);
    for (const f of work) {
      const env = (plist.parse(readFileSync(join(t.agents, f), 'utf8')) as { EnvironmentVariables: Record<string, string> }).EnvironmentVariables;
      assert.equal(env.SELFHEAL_HOME, second.SELFHEAL_HOME);
      assert.equal(env.SELFHEAL_ENV_FILE, second.SELFHEAL_ENV_FILE);
      assert.equal(env.SELFHEAL_LABEL_PREFIX, 'ai.openclaw.selfheal.work');
    }
    assert.equal(other('--uninstall').status, 0);
    assert.deepEqual(readdirSync(t.agents).sort(), all.filter((f) => !f.startsWith('ai.openclaw.selfheal.work.')));
  });

  it('--dry-run prints every step and writes nothing', () => {
    const t = setup();
    const r = t.install('--dry-run');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /would: launchctl bootstrap/);
    assert.match(r.stdout, /would: create .* from \.env\.example/);
    assert.deepEqual(listTree(t.home), []);
    assert.ok(!existsSync(t.env.SELFHEAL_ENV_FILE));
    assert.ok(!existsSync(t.s.callLog) || !/bootstrap|bootout|kickstart/.test(readFileSync(t.s.callLog, 'utf8')));
  });

  it('elsewhere than macOS: says the LaunchAgents are macOS-only and what to run instead', () => {
    const t = setup();
    const os = osStandins(t.dir, { missing: [] });
    const r = spawnSync(join(PROJECT_ROOT, 'install.sh'), ['--no-demo'], { env: { ...t.env, PATH: `${os.bin}:${t.env.PATH}`, SELFHEAL_FORCE_MACOS: '0' }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(os.aptCalls(), '', 'nothing to install');
    assert.match(r.stdout, /LaunchAgents are macOS-only/);
    assert.match(r.stdout, /npm run demo/);
    assert.deepEqual(listTree(t.home), []);
  });
});

/**
 * Stand-ins for what install.sh asks the OS on Linux: `dpkg -s` (the packages in `missing` are not
 * installed), `apt-get` (records its calls), `id -u`, `sudo -n` (works or not).
 */
function osStandins(dir: string, o: { missing: string[]; uid?: number; sudo?: boolean; apt?: boolean; dpkg?: boolean }) {
  const bin = join(dir, 'osbin');
  mkdirSync(bin, { recursive: true });
  const log = join(dir, 'apt-calls.log');
  const script = (name: string, body: string) => writeStub(bin, name, body);
  if (o.dpkg !== false) script('dpkg', `[ "$1" = "-s" ] || exit 2\ncase " ${o.missing.join(' ')} " in *" $2 "*) echo "dpkg-query: package '$2' is not installed" >&2; exit 1;; esac\necho "Status: install ok installed"`);
  if (o.apt !== false) script('apt-get', `echo "$(id -u) apt-get $*" >> '${log}'`);
  script('id', `[ "$1" = "-u" ] && { echo ${o.uid ?? 0}; exit 0; }\nexec /usr/bin/id "$@"`);
  script('sudo', o.sudo ? `[ "$1" = "-n" ] && shift\nexec env SUDO_RAN=1 "$@"` : 'echo "sudo: a password is required" >&2; exit 1');
  return { bin, aptCalls: () => (existsSync(log) ? readFileSync(log, 'utf8') : '') };
}

/** A PATH holding only what install.sh's Linux path needs, plus `extra`: no apt-get, no dpkg. */
function bareBin(dir: string, extraBin: string, without: string[] = []): string {
  const bin = join(dir, 'barebin');
  mkdirSync(bin, { recursive: true });
  for (const tool of ['bash', 'sh', 'uname', 'dirname', 'basename', 'cat', 'sed', 'grep', 'mktemp', 'rm', 'mkdir', 'env', 'node', 'npm', 'tmux', 'lsof', 'ps', 'sqlite3'].filter((t) => !without.includes(t))) {
    const where = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (where) symlinkSync(where, join(bin, tool));
  }
  return `${extraBin}:${bin}`;
}

describe('install.sh on Linux: the OS tools the product and tests need', () => {
  const linux = (dir: string, path: string, ...args: string[]) =>
    spawnSync(join(PROJECT_ROOT, 'install.sh'), ['--no-demo', ...args], {
      env: { HOME: join(dir, 'home'), PATH: path, SELFHEAL_FORCE_MACOS: '0', SELFHEAL_SKIP_DEPS: '1', SELFHEAL_ENV_FILE: join(dir, 'x.env') },
      encoding: 'utf8',
      timeout: 60_000,
    });

  it('as root: apt-get update once, then apt-get install -y exactly the missing packages, and says so', () => {
    const dir = tempDir();
    const os = osStandins(dir, { missing: ['tmux', 'libplist-utils'] });
    const r = linux(dir, `${os.bin}:${process.env.PATH}`);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.deepEqual(os.aptCalls().trim().split('\n'), ['0 apt-get update -qq', '0 apt-get install -y -qq tmux libplist-utils']);
    assert.match(r.stdout, /installed: tmux libplist-utils/);
  });

  it('not root, sudo -n allowed: installs through sudo', () => {
    const dir = tempDir();
    const os = osStandins(dir, { missing: ['lsof'], uid: 1000, sudo: true });
    const r = linux(dir, `${os.bin}:${process.env.PATH}`);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(os.aptCalls(), /apt-get install -y -qq lsof\n$/);
    assert.match(r.stdout, /sudo -n apt-get install -y lsof/);
  });

  it('not root, no sudo: prints the one-line command and stops before claiming success', () => {
    const dir = tempDir();
    const os = osStandins(dir, { missing: ['tmux', 'lsof', 'procps'], uid: 1000, sudo: false });
    const r = linux(dir, `${os.bin}:${process.env.PATH}`);
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /Run: sudo apt-get update && sudo apt-get install -y tmux lsof procps {3}then \.\/install\.sh again/);
    assert.equal(os.aptCalls(), '');
    assert.doesNotMatch(r.stdout, /macOS-only|npm test/);
    const dry = linux(dir, `${os.bin}:${process.env.PATH}`, '--dry-run');
    assert.equal(dry.status, 0, dry.stderr);
    assert.match(dry.stdout, /would stop here: missing OS packages tmux lsof procps/);
  });

  it('no apt-get: names the packages the product needs and stops', () => {
    const dir = tempDir();
    const os = osStandins(dir, { missing: [], uid: 1000, apt: false, dpkg: false });
    // lsof is not on this PATH: the package for it must be named.
    const r = linux(dir, bareBin(dir, os.bin, ['lsof']));
    assert.notEqual(r.status, 0, r.stdout);
    assert.match(r.stderr, /missing OS packages: lsof \(for tmux, lsof, ps, sqlite3\)\. There is no apt-get here/);
  });

  it('not root, no sudo, only the tests\' tools missing: the product installs; the tests\' tools are named, not asked for', () => {
    const dir = tempDir();
    const os = osStandins(dir, { missing: [], uid: 1000, sudo: false, apt: false, dpkg: false });
    // plistutil and systemd-analyze are not on this PATH; the product's tools are.
    const r = linux(dir, bareBin(dir, os.bin));
    assert.equal(r.status, 0, r.stderr + r.stdout);
    assert.match(r.stdout, /\(for the tests only: sudo apt-get install -y libplist-utils\)/);
    assert.equal(os.aptCalls(), '');
  });
});
