// `npm run bench:logs`: what one serving check's log read costs on hostile input (CPU, not a test
// assertion): a 1 MB single line, a 5 MB append between two looks, and a long line built to make a
// careless pattern backtrack. Prints one line each.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSignatures } from '../lib/config/signatures.ts';
import { scanLogs } from '../lib/observe/log-scan.ts';

const sigs = loadSignatures();
const dir = mkdtempSync(join(tmpdir(), 'bench-logs-'));
const json = join(dir, 'openclaw-2026-12-05.log');
const consoleLog = join(dir, 'gateway.log');
const line = (sub: string, msg: string) => JSON.stringify({ 0: JSON.stringify({ subsystem: sub }), 1: msg, _meta: { name: JSON.stringify({ subsystem: sub }) }, time: new Date().toISOString() });

function cpu(name: string, setup: () => void, cursors: Parameters<typeof scanLogs>[1], maxKb: number): void {
  setup();
  const t0 = process.cpuUsage();
  const w0 = performance.now();
  const r = scanLogs([consoleLog, json], cursors, sigs, maxKb * 1024);
  const u = process.cpuUsage(t0);
  console.log(`${name.padEnd(58)} ${((u.user + u.system) / 1000).toFixed(1).padStart(8)} ms CPU ${(performance.now() - w0).toFixed(1).padStart(8)} ms wall  (${r.lines} lines, ${r.hits.length} hits)`);
}

writeFileSync(json, '');
writeFileSync(consoleLog, '');
const start = scanLogs([consoleLog, json], [], sigs, 1024 * 1024).cursors;
cpu('a 1 MB line in each log (SERVING_LOG_MAX_KB=2048)', () => {
  appendFileSync(json, `${line('agent/embedded', `transient same-model retry 1/9 for p/m reason=rate_limit ${'a'.repeat(1_048_576)}`)}\n`);
  appendFileSync(consoleLog, `2026-12-05T00:00:00Z [agent/embedded] ${'giving up after '.repeat(65_536)}\n`);
}, start, 2048);
writeFileSync(json, '');
writeFileSync(consoleLog, '');
const again = scanLogs([consoleLog, json], [], sigs, 1024 * 1024).cursors;
cpu('5 MB appended between two looks (SERVING_LOG_MAX_KB=8192)', () => {
  const chunk = `${Array.from({ length: 1000 }, (_, i) => line(i % 2 ? 'diagnostic' : 'agent/embedded', `stalled session: sessionId=s${i} sessionKey=agent:dev:x${i} state=processing ${'y'.repeat(4000)}`)).join('\n')}\n`;
  for (let i = 0; i < 5 * 1024 * 1024; i += chunk.length) appendFileSync(json, chunk);
}, again, 8192);
writeFileSync(json, '');
const third = scanLogs([json], [], sigs, 1024 * 1024).cursors;
cpu('a 60 KB line built to backtrack (spaces, provider=, status=)', () => {
  appendFileSync(json, `${line('provider-transport-fetch', `[model-fetch] response provider=x ${'provider=x status=4 '.repeat(3000)}`)}\n`);
}, third, 1024);
rmSync(dir, { recursive: true, force: true });
