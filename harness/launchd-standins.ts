// Stand-ins for what only a Mac has: `launchctl` (records its calls; a kickstart drops a file the
// scheduler picks up) and `plutil` (lints with Debian's plistutil, an independent parser), plus
// claude, tmux and openclaw so install.sh finds them on PATH.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface Standins {
  bin: string;
  callLog: string;
  kickDir: string;
}

export function makeStandins(dir: string, opts: { tmuxReal?: boolean } = {}): Standins {
  const bin = join(dir, 'fakebin');
  const kickDir = join(dir, 'kicks');
  mkdirSync(bin, { recursive: true });
  mkdirSync(kickDir, { recursive: true });
  const callLog = join(dir, 'launchctl-calls.log');
  const script = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/sh\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  script(
    'launchctl',
    `echo "launchctl $*" >> '${callLog}'
case "$1" in
  kickstart) for a in "$@"; do case "$a" in gui/*) lbl="\${a##*/}"; touch '${kickDir}'/"$lbl.$$.kick";; esac; done; exit 0;;
  print) exit 113;;
  bootout) exit 0;;
  bootstrap) exit 0;;
  *) exit 0;;
esac`,
  );
  script(
    'plutil',
    `echo "plutil $*" >> '${callLog}'
[ "$1" = "-lint" ] || exit 0
if command -v plistutil >/dev/null 2>&1; then
  plistutil -i "$2" -o /dev/null >/dev/null 2>&1 || { echo "$2: invalid"; exit 1; }
fi
echo "$2: OK"`,
  );
  script('claude', 'echo "2.1.331 (Claude Code)"');
  script('openclaw', 'exit 0');
  if (!opts.tmuxReal) script('tmux', 'exit 0');
  return { bin, callLog, kickDir };
}
