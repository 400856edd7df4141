#!/usr/bin/env bash
# Installs the pinned Claude Code CLI into .cache/claude-code (git-ignored), for the contract tests.
# Reused when already there. Prints the path of the claude binary.
set -euo pipefail
cd "$(dirname "$0")/.."
VERSION="${CLAUDE_CODE_VERSION:-2.1.331}"
DIR=".cache/claude-code-$VERSION"
BIN="$DIR/node_modules/.bin/claude"
if [ ! -x "$BIN" ] || ! "$BIN" --version 2>/dev/null | grep -q "$VERSION"; then
  mkdir -p "$DIR"
  echo '{"private":true}' > "$DIR/package.json"
  npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "@anthropic-ai/claude-code@$VERSION" >&2
fi
"$BIN" --version >&2
echo "$PWD/$BIN"
