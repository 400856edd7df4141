// A test's private tmux server (`tmux -L <name>`): stopped, and its socket file removed, so no test
// leaves anything behind in /tmp/tmux-<uid>/.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

export function killTmuxServer(name: string): void {
  spawnSync('tmux', ['-L', name, 'kill-server'], { stdio: 'ignore', timeout: 10_000 });
  const dir = join(process.env.TMUX_TMPDIR || '/tmp', `tmux-${process.getuid?.() ?? 0}`);
  rmSync(join(dir, name), { force: true });
}
