// The doctor's command policy against a corpus: every dangerous command denied, every command a
// doctor needs allowed. The same policy runs in the real Claude Code CLI in claude-contract.test.ts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkBash, checkFileTool, decideHook, type GuardContext } from '../lib/guard.ts';
import { DANGEROUS, LEGITIMATE } from './fixtures/guard-corpus.ts';

const ctx: GuardContext = {
  home: '/Users/me',
  uid: 501,
  gatewayLabel: 'ai.openclaw.gateway',
  configPath: '/Users/me/.openclaw/openclaw.json',
  logPaths: ['/Users/me/.openclaw/logs/gateway.log'],
  isGatewayPid: (pid) => pid === 4242,
};

describe('doctor guard', () => {
  it(`the corpus is big enough (${DANGEROUS.length} dangerous, ${LEGITIMATE.length} legitimate)`, () => {
    assert.ok(DANGEROUS.length >= 60);
    assert.ok(LEGITIMATE.length >= 20);
  });

  for (const cmd of DANGEROUS) {
    it(`denies: ${cmd.replace(/\n/g, '\\n')}`, () => {
      const v = checkBash(cmd, ctx);
      assert.equal(v.allow, false, `allowed: ${cmd}`);
      if (!v.allow) assert.ok(v.reason.length > 5);
    });
  }

  for (const cmd of LEGITIMATE) {
    it(`allows: ${cmd}`, () => {
      const v = checkBash(cmd, ctx);
      assert.deepEqual(v, { allow: true }, `denied: ${cmd}: ${v.allow ? '' : v.reason}`);
    });
  }

  it('file tools: read logs and config, never credentials; edit only the gateway config', () => {
    assert.equal(checkFileTool('Read', '/Users/me/.openclaw/logs/gateway.log', ctx).allow, true);
    assert.equal(checkFileTool('Read', '~/.openclaw/openclaw.json', ctx).allow, true);
    assert.equal(checkFileTool('Read', '/Users/me/.openclaw/credentials/wa.json', ctx).allow, false);
    assert.equal(checkFileTool('Read', '/Users/me/.openclaw/agents/main/agent/auth-profiles.json', ctx).allow, false);
    assert.equal(checkFileTool('Read', '/Users/me/.ssh/id_rsa', ctx).allow, false);
    assert.equal(checkFileTool('Edit', '/Users/me/.openclaw/openclaw.json', ctx).allow, true);
    assert.equal(checkFileTool('Write', '/Users/me/.zshrc', ctx).allow, false);
    assert.equal(checkFileTool('Edit', '/Users/me/Library/LaunchAgents/ai.openclaw.gateway.plist', ctx).allow, false);
    assert.equal(checkFileTool('Grep', '/Users/me/.openclaw/credentials', ctx).allow, false);
  });

  it('denies tools outside the doctor set', () => {
    assert.equal(decideHook({ tool_name: 'WebFetch', tool_input: {} }, ctx).allow, false);
    assert.equal(decideHook({ tool_name: 'Task', tool_input: {} }, ctx).allow, false);
    assert.equal(decideHook({ tool_name: 'Bash', tool_input: { command: 'openclaw gateway status' } }, ctx).allow, true);
    assert.equal(decideHook({ tool_name: 'StructuredOutput', tool_input: {} }, ctx).allow, true, 'the diagnosis report itself');
  });
});
