// Secrets of every common shape stay home: the shapes an attacker found leaking to the model, seeded
// in a real log file and config, read back through the doctor's own tools.
import assert from 'node:assert/strict';
import { appendFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { callTool } from '../lib/doctor/tools/call.ts';
import { openIncident } from '../lib/record/incident.ts';
import { realDeps } from '../lib/seams/deps.ts';
import { redact } from '../lib/text/redact.ts';
import { scrubKnownSecrets } from '../lib/text/secret-scan.ts';
import { LIBRARY_LINES, SEEDED } from './fixtures/secrets.ts';
import { configFor, tempDir } from './helpers.ts';


describe('a maintained secret-pattern set after our own', () => {
  it("secretlint's preset masks provider shapes our patterns do not know; text without a secret is left as it was", async () => {
    for (const [secret, line] of LIBRARY_LINES) {
      assert.ok(redact(line).includes(secret), `our own patterns know ${secret} now: move it to SEEDED`);
      const out = await scrubKnownSecrets(redact(line));
      assert.ok(!out.includes(secret), out);
      assert.match(out, /\[REDACTED\]/);
    }
    const plain = 'gateway restarted; HTTP 200 in 12 ms; no token here';
    assert.equal(await scrubKnownSecrets(plain), plain);
    // Two secrets side by side, and one our pass already masked: each masked once, offsets kept.
    const both = `a ${LIBRARY_LINES[0]?.[0]} b ${LIBRARY_LINES[1]?.[0]} c [REDACTED] d`;
    assert.equal(await scrubKnownSecrets(both), 'a [REDACTED] b [REDACTED] c [REDACTED] d');
  });

  it('through the tools: a log line with such a token reaches the model masked', async () => {
    const dir = tempDir();
    const log = join(dir, 'gateway.log');
    writeFileSync(log, LIBRARY_LINES.map(([, l]) => l).join('\n') + '\n');
    const d = realDeps(configFor({ SELFHEAL_HOME: join(dir, 'h'), SELFHEAL_ENV_FILE: join(dir, 'none.env'), GATEWAY_LOG_PATHS: log, GATEWAY_CONFIG_PATH: join(dir, 'none.json') }));
    await d.store.update((s) => ({ state: openIncident(s, 'x', 'health', Date.now()), result: null }));
    const out = (await callTool(d, 'logs_tail', { lines: 10 })).text;
    assert.match(out, /shopify sync failed/);
    for (const [secret] of LIBRARY_LINES) assert.ok(!out.includes(secret), `leaked: ${secret}`);
  });
});

describe('secrets of every common shape stay home', () => {
  it('the redactor masks each shape', () => {
    for (const { secret, line } of SEEDED) assert.ok(!redact(line).includes(secret), `${secret} in ${redact(line)}`);
    // Words that only look like a key name are left alone.
    assert.equal(redact('compass: north; bypass=true; passenger: 3'), 'compass: north; bypass=true; passenger: 3');
  });

  it('through the tools: logs_search (redacted before it is cut), logs_tail (a PEM block cut by the window), config_show (strings by length only)', async () => {
    const dir = tempDir();
    const log = join(dir, 'gateway.log');
    // A token placed past the 500 characters a search result keeps.
    const long = `${'x'.repeat(480)} token=ghp_${'A'.repeat(36)}`;
    writeFileSync(log, '');
    appendFileSync(log, `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA${'K'.repeat(48)}\n${'Z'.repeat(64)}\nMIIEend\n-----END RSA PRIVATE KEY-----\n`);
    appendFileSync(log, `-----BEGIN RSA PRIVATE KEY-----\n${'Q'.repeat(64)}\n`);
    for (const { line } of SEEDED) appendFileSync(log, `${line}\n`);
    appendFileSync(log, `${long}\n`);
    const cfgPath = join(dir, 'openclaw.json');
    writeFileSync(cfgPath, JSON.stringify({ env: { vars: { DB_URL: 'postgres://u:p4ss@db/x', OTHER: 'opaque-value-123' } }, channels: { feishu: { encryptKey: 'enc-key-987654321', mode: 'webhook' } }, smtp: { pass: 'smtp-pass-55' }, gateway: { port: 18789, bind: 'loopback' } }));
    const d = realDeps(configFor({ SELFHEAL_HOME: join(dir, 'h'), SELFHEAL_ENV_FILE: join(dir, 'none.env'), GATEWAY_LOG_PATHS: log, GATEWAY_CONFIG_PATH: cfgPath }));
    await d.store.update((s) => ({ state: openIncident(s, 'x', 'health', Date.now()), result: null }));
    const out = [
      (await callTool(d, 'logs_search', { text: 'x' })).text,
      (await callTool(d, 'logs_search', { text: 'token=' })).text,
      // An injected step asks for what begins nearly every RSA key's body.
      (await callTool(d, 'logs_search', { text: 'MIIE' })).text,
      (await callTool(d, 'logs_search', { text: 'ZZZZ' })).text,
      (await callTool(d, 'logs_tail', { lines: 3 + SEEDED.length })).text,
      (await callTool(d, 'logs_tail', { lines: 1 + SEEDED.length })).text,
      (await callTool(d, 'config_show', {})).text,
    ].join('\n');
    for (const s of [...SEEDED.map((x) => x.secret), `ghp_${'A'.repeat(20)}`, 'Q'.repeat(40), 'K'.repeat(20), 'Z'.repeat(20), 'MIIEpA', 'MIIEend', 'p4ss', 'opaque-value-123', 'enc-key-987654321', 'smtp-pass-55']) assert.ok(!out.includes(s), `leaked: ${s}`);
    assert.match(out, /"port": 18789/);
    assert.match(out, /"bind": "loopback"/);
    assert.match(out, /"mode": "webhook"/);
  });
});
