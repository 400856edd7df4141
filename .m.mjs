import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync } from 'node:fs';
const pre = '/tmp/mv/ru.mjs';
writeFileSync(pre, `import { writeSync } from 'node:fs'; process.on('exit', () => { const u = process.resourceUsage(); writeSync(2, '\\nRUSAGE ' + (u.userCPUTime + u.systemCPUTime) + ' ' + u.maxRSS + '\\n'); });`);
const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...JSON.parse(readFileSync('/tmp/mv/env.json', 'utf8')) };
for (const args of process.argv.slice(2).map((a) => a.split(' '))) {
  const xs = [];
  for (let i = 0; i < 21; i++) { const r = spawnSync(process.execPath, ['--import', pre, ...args], { env, encoding: 'utf8' }); xs.push(Number(/RUSAGE (\d+)/.exec(r.stderr)?.[1]) / 1000); if (i===0 && r.status) console.log(r.stderr.slice(0,300)); }
  xs.sort((a, b) => a - b); console.log(args.join(' '), xs[10]);
}
