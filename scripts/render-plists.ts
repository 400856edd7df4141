// Used by install.sh: renders the LaunchAgent plists into a folder and prints one label per line.
//   render-plists --out DIR --node /abs/node --path "/a:/b" --home ~ --log-dir DIR [--env KEY=VALUE ...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { renderArgs } from '../lib/install/args.ts';
import { renderAll } from '../lib/install/plist.ts';

const { out, values } = await renderArgs('render-plists');
mkdirSync(out, { recursive: true });
for (const p of renderAll(join(PROJECT_ROOT, 'plists'), values)) {
  writeFileSync(join(out, p.fileName), p.xml, { mode: 0o644 });
  process.stdout.write(`${p.label}\n`);
}
