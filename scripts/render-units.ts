// Used by install.sh on Linux: renders the systemd user units into a folder and prints one unit per line.
//   render-units --out DIR --node /abs/node --path "/a:/b" --home ~ --log-dir DIR [--env KEY=VALUE ...]
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../lib/config/paths.ts';
import { renderArgs } from '../lib/install/args.ts';
import { renderUnits } from '../lib/install/units.ts';

const { out, values } = await renderArgs('render-units');
mkdirSync(out, { recursive: true });
for (const u of renderUnits(join(PROJECT_ROOT, 'plists', 'systemd'), values)) {
  writeFileSync(join(out, u.fileName), u.text, { mode: 0o644 });
  process.stdout.write(`${u.unit}\n`);
}
