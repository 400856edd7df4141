// The gateway's own shutdown record, read from `openclaw gateway status --deep --json` as the real
// 2026.9.6 CLI printed it here (after a SIGTERM), and judged against when the gateway was last seen.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { describeLastShutdown, parseLastShutdown, readLastShutdown, SAME_EXIT_WINDOW_MS } from '../lib/observe/last-shutdown.ts';
import type { Exec, ExecResult } from '../lib/seams/exec.ts';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { configFor } from './helpers.ts';

const REAL = readFileSync(join(PROJECT_ROOT, 'test', 'fixtures', 'openclaw-gateway-status-deep.json'), 'utf8');
const AT = 1795627051057;

const res = (over: Partial<ExecResult>): ExecResult => ({ ok: true, exitCode: 0, signal: null, timedOut: false, notFound: false, stdout: '', stderr: '', durationMs: 1, ...over });

describe("the gateway's last shutdown", () => {
  it('reads the real CLI output', () => {
    assert.deepEqual(parseLastShutdown(REAL), { reason: 'stop (SIGTERM)', at: AT, unavailable: null });
    // A warning line before the JSON does not hide it.
    assert.equal(parseLastShutdown(`Config warnings: 1\n${REAL}`)?.reason, 'stop (SIGTERM)');
  });

  it('no record, no JSON, or a refused database', () => {
    assert.equal(parseLastShutdown('{"gateway":{"port":18789}}'), null);
    assert.equal(parseLastShutdown('Gateway not installed'), null);
    assert.deepEqual(parseLastShutdown('{"gateway":{"lastShutdown":{"error":"state database schema 14 is newer than supported 12"}}}'), { reason: null, at: null, unavailable: 'state database schema 14 is newer than supported 12' });
  });

  for (const [name, openedAt, seen, expect] of [
    ['recorded after it was last seen running: this exit', AT + 60_000, AT - 60_000, /^the gateway's own last shutdown: stop \(SIGTERM\) at /],
    ['recorded before our own restart: an older exit; this one left none', AT + 600_000, AT + 1_000, /^the gateway recorded no shutdown for this exit \(a crash or a kill\); its last recorded one was stop/],
    ['never seen running: within the window counts', AT + SAME_EXIT_WINDOW_MS - 1, null, /own last shutdown/],
    ['never seen running: older than the window does not', AT + SAME_EXIT_WINDOW_MS + 1, null, /recorded no shutdown for this exit/],
  ] as const) {
    it(name, () => {
      const ls = parseLastShutdown(REAL);
      assert.ok(ls);
      assert.match(describeLastShutdown(ls, openedAt, seen), expect);
    });
  }

  it('runs the configured openclaw at low priority, bounded, and says nothing when it fails', async () => {
    const cfg = configFor({ SELFHEAL_ENV_FILE: '/x', OPENCLAW_BIN: '/opt/bin/openclaw' });
    const calls: Array<{ file: string; args: string[]; timeoutMs: number; port: string | undefined }> = [];
    const exec: Exec = async (file, args, opts) => {
      calls.push({ file, args, timeoutMs: opts.timeoutMs, port: opts.env?.OPENCLAW_GATEWAY_PORT });
      return res({ stdout: REAL });
    };
    assert.equal((await readLastShutdown(cfg, exec))?.reason, 'stop (SIGTERM)');
    assert.deepEqual(calls[0], { file: 'nice', args: ['-n', '10', '/opt/bin/openclaw', 'gateway', 'status', '--deep', '--json'], timeoutMs: 30_000, port: '18789' });
    const failing: Exec = async () => res({ ok: false, exitCode: null, timedOut: true });
    assert.equal(await readLastShutdown(cfg, failing), null);
    // No `nice` on PATH: the CLI is run as it is.
    const direct: Exec = async (file) => (file === 'nice' ? res({ ok: false, notFound: true, exitCode: null }) : res({ stdout: REAL }));
    assert.equal((await readLastShutdown(cfg, direct))?.reason, 'stop (SIGTERM)');
  });
});
