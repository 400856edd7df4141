// The doctor's PreToolUse hook, run by Claude Code before every tool call. Reads the call as JSON on
// stdin; denies by policy (exit 2, reason on stderr, which Claude sees); otherwise says nothing and
// lets the permission rules decide. It never grants. Any failure here denies too (fail closed), and
// Claude Code is told "onFailure": "block" for the case where this script cannot even start.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadConfig } from '../lib/config.ts';
import { decideHook, type HookInput } from '../lib/guard.ts';
import { urlPort } from '../lib/probe.ts';

function denyAndExit(reason: string): never {
  process.stderr.write(`Blocked by the openclaw-selfheal doctor policy: ${reason}\n`);
  process.exit(2);
}

try {
  const input = JSON.parse(readFileSync(0, 'utf8')) as HookInput;
  const cfg = loadConfig();
  const port = urlPort(cfg.healthUrl);
  const isGatewayPid = (pid: number): boolean => {
    try {
      const args = execFileSync('ps', ['-p', String(pid), '-o', 'args='], { encoding: 'utf8', timeout: 5_000 });
      if (args.includes(cfg.processMatch)) return true;
    } catch {
      return false; // no such process
    }
    try {
      const owners = execFileSync('lsof', ['-nP', `-iTCP:${port}`, '-sTCP:LISTEN', '-t'], { encoding: 'utf8', timeout: 5_000 });
      return owners.split('\n').map(Number).includes(pid);
    } catch {
      return false;
    }
  };
  const v = decideHook(input, {
    home: process.env.HOME ?? '/',
    uid: process.getuid?.() ?? 0,
    gatewayLabel: cfg.launchdLabel,
    configPath: cfg.configPath,
    logPaths: cfg.logPaths,
    isGatewayPid,
  });
  if (!v.allow) denyAndExit(v.reason);
  process.exit(0);
} catch (e) {
  denyAndExit(`the guard could not check this call (${(e as Error).message})`);
}
