// The Claude Doctor's only hands: an MCP server (stdio) with the typed tools of lib/doctor/tools/.
// Claude Code starts it for a doctor run; nothing else needs to.
import { loadConfig } from '../lib/config/config.ts';
import { realDeps } from '../lib/seams/deps.ts';
import { serveTools } from '../lib/doctor/tools/server.ts';

try {
  await serveTools(realDeps(loadConfig()));
} catch (e) {
  process.stderr.write(`doctor-tools: ${(e as Error).message}\n`);
  process.exit(78);
}
