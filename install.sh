#!/usr/bin/env bash
# openclaw-selfheal installer.
#   ./install.sh              dependencies, then (on macOS) the four LaunchAgents; elsewhere the demo
#   ./install.sh --dry-run    print every step, change nothing
#   ./install.sh --no-demo    (off macOS) install everything, skip the demo run
#   ./install.sh --uninstall  boot out and remove exactly what was installed (state and logs kept)
#   ./install.sh --uninstall --purge   ... and the state folder and logs too
# Re-running it is safe: old agents are booted out before the new ones are bootstrapped.
# For tests: HOME, LAUNCH_AGENTS_DIR, SELFHEAL_LOG_DIR, SELFHEAL_HOME override where things go;
# SELFHEAL_FORCE_MACOS=1 takes the macOS path elsewhere; SELFHEAL_SKIP_DEPS=1 skips npm and .cache/.
# On Linux it first installs the OS tools it needs with apt-get (as root, or with sudo -n).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
DRY=0 UNINSTALL=0 PURGE=0 DEMO=1
for arg in "$@"; do
  case "$arg" in
    --dry-run) DRY=1 ;;
    --uninstall) UNINSTALL=1 ;;
    --purge) PURGE=1 ;;
    --no-demo) DEMO=0 ;;
    -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $arg (see --help)" >&2; exit 2 ;;
  esac
done

AGENTS="${LAUNCH_AGENTS_DIR:-$HOME/Library/LaunchAgents}"
LOG_DIR="${SELFHEAL_LOG_DIR:-$HOME/Library/Logs/openclaw-selfheal}"
STATE_HOME="${SELFHEAL_HOME:-$HOME/.openclaw-selfheal}"
MANIFEST="$STATE_HOME/installed-launchagents.txt"
PREFIX="${SELFHEAL_LABEL_PREFIX:-ai.openclaw.selfheal}"
UID_NUM="$(id -u)"
IS_MAC=0
[ "$(uname -s)" = Darwin ] && IS_MAC=1
[ "${SELFHEAL_FORCE_MACOS:-0}" = 1 ] && IS_MAC=1

say() { printf '%s\n' "$*"; }
step() { if [ "$DRY" = 1 ]; then say "would: $*"; else say "- $*"; fi; }
run() { step "$*"; [ "$DRY" = 1 ] || "$@"; }
die() { say "install.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- uninstall
if [ "$UNINSTALL" = 1 ]; then
  [ "$IS_MAC" = 1 ] || { say "Nothing to uninstall: LaunchAgents are macOS-only."; exit 0; }
  if [ -f "$MANIFEST" ]; then
    while IFS= read -r plist; do
      [ -n "$plist" ] || continue
      label="$(basename "$plist" .plist)"
      step "launchctl bootout gui/$UID_NUM/$label"
      [ "$DRY" = 1 ] || launchctl bootout "gui/$UID_NUM/$label" 2>/dev/null || true
      run rm -f "$plist"
    done < "$MANIFEST"
    run rm -f "$MANIFEST"
  else
    say "No install manifest at $MANIFEST: nothing of ours is installed."
  fi
  if [ "$PURGE" = 1 ]; then
    run rm -rf "$STATE_HOME" "$LOG_DIR"
  else
    say "Kept the state ($STATE_HOME) and logs ($LOG_DIR); --purge removes them."
  fi
  exit 0
fi

# ---------------------------------------------------------------- prerequisites
NODE="$(command -v node || true)"
[ -n "$NODE" ] || die "Node.js is not installed. Fix: brew install node (Node 20 or newer)."
NODE_MAJOR="$("$NODE" -p 'process.versions.node.split(".")[0]')"
[ "$NODE_MAJOR" -ge 20 ] || die "Node.js $("$NODE" --version) is too old. Fix: brew upgrade node (Node 20 or newer)."
command -v npm >/dev/null || die "npm is not installed. Fix: it comes with Node.js (brew install node)."

# ---------------------------------------------------------------- OS tools (Linux)
# The product needs lsof (who holds the gateway's port), tmux (the doctor's live view) and ps
# (procps); the tests also parse plists with Debian's plistutil. macOS ships all but tmux (Homebrew,
# checked below). This list is the one place that names them; CI runs this script too.
OS_TOOLS="tmux:tmux lsof:lsof ps:procps plistutil:libplist-utils"
if [ "$(uname -s)" = Linux ] && [ "$IS_MAC" != 1 ]; then
  missing_pkgs=()
  have_dpkg=0
  command -v dpkg >/dev/null 2>&1 && have_dpkg=1
  for pair in $OS_TOOLS; do
    tool="${pair%%:*}" pkg="${pair#*:}"
    if ! command -v "$tool" >/dev/null 2>&1; then missing_pkgs+=("$pkg")
    elif [ "$have_dpkg" = 1 ] && ! dpkg -s "$pkg" >/dev/null 2>&1; then missing_pkgs+=("$pkg")
    fi
  done
  if [ ${#missing_pkgs[@]} -eq 0 ]; then
    say "found the OS tools: tmux, lsof, ps, plistutil"
  elif ! command -v apt-get >/dev/null 2>&1; then
    die "missing OS packages: ${missing_pkgs[*]} (for tmux, lsof, ps, plistutil). There is no apt-get here: install them with your package manager, then run ./install.sh again."
  else
    SUDO=""
    if [ "$(id -u)" != 0 ]; then
      if sudo -n true >/dev/null 2>&1; then SUDO="sudo -n"
      else
        fix="sudo apt-get update && sudo apt-get install -y ${missing_pkgs[*]}"
        [ "$DRY" = 1 ] || die "missing OS packages: ${missing_pkgs[*]}. Run: $fix   then ./install.sh again."
        say "would stop here: missing OS packages ${missing_pkgs[*]}; the fix to print: $fix"
        SUDO="sudo"
      fi
    fi
    step "${SUDO:+$SUDO }apt-get update (once, before installing)"
    [ "$DRY" = 1 ] || $SUDO apt-get update -qq >/dev/null || die "apt-get update failed: run it by hand, then ./install.sh again"
    step "${SUDO:+$SUDO }apt-get install -y ${missing_pkgs[*]}"
    [ "$DRY" = 1 ] || DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_pkgs[@]}" >/dev/null \
      || die "apt-get install -y ${missing_pkgs[*]} failed: run it by hand, then ./install.sh again"
    [ "$DRY" = 1 ] || say "installed: ${missing_pkgs[*]}"
  fi
fi

if [ "${SELFHEAL_SKIP_DEPS:-0}" != 1 ]; then
  if [ -f package-lock.json ]; then run npm ci --no-audit --no-fund --loglevel=error; else run npm install --no-audit --no-fund; fi
  run npm run build --silent
fi

# Which alert channels .env turns on (one line), or the one-line error of a bad key in it.
channels() {
  if [ "$DRY" = 1 ]; then step "say which alert channels .env configures (scripts/alert.ts --channels), and check the signature table (scripts/healthcheck.ts --check)"; return 0; fi
  local js="$ROOT/dist/scripts/alert.js" out rc=0
  if [ -f "$js" ]; then out="$("$NODE" "$js" --channels 2>&1)" || rc=$?
  else out="$("$NODE" --import tsx "$ROOT/scripts/alert.ts" --channels 2>&1)" || rc=$?; fi
  say "$out"
  [ "$rc" = 0 ] || return $rc
  # The serving check's table of log signatures: a bad entry would stop the health tier (exit 78).
  js="$ROOT/dist/scripts/healthcheck.js"
  if [ -f "$js" ]; then out="$("$NODE" "$js" --check 2>&1)" || rc=$?
  else out="$("$NODE" --import tsx "$ROOT/scripts/healthcheck.ts" --check 2>&1)" || rc=$?; fi
  say "$out"
  return $rc
}

if [ "$IS_MAC" != 1 ]; then
  say ""
  channels || true
  say "LaunchAgents are macOS-only: nothing was installed into launchd on $(uname -s)."
  if [ "$DEMO" = 1 ]; then say "Instead, here is the demo: the tiers against the embedded demo gateway (npm run demo)."
  else say "The demo (the tiers against the embedded demo gateway) is skipped: run it with npm run demo."; fi
  say "Run the tests with: npm test"
  if [ "$DRY" = 1 ]; then
    step "scripts/install-claude-cache.sh (the pinned Claude Code CLI into .cache/, ~200 MB)"
    step "scripts/install-openclaw-cache.sh (the pinned OpenClaw gateway and Node 24 into .cache/, ~840 MB)"
  elif [ "${SELFHEAL_SKIP_DEPS:-0}" != 1 ]; then
    say "Installing the pinned Claude Code CLI into .cache/ for the contract tests..."
    scripts/install-claude-cache.sh >/dev/null
    say "Installing the pinned OpenClaw gateway (and the Node 24 it needs) into .cache/ for the acceptance tests..."
    scripts/install-openclaw-cache.sh >/dev/null || say "(skipped: the acceptance tests against the real gateway run on Linux x86_64 only)"
  fi
  if [ "$DRY" = 0 ] && [ "$DEMO" = 1 ]; then
    say ""
    npm run demo --silent
  fi
  exit 0
fi

missing=0
need() { # name, fix
  if command -v "$1" >/dev/null 2>&1; then say "found $1: $(command -v "$1")"; else say "MISSING $1. Fix: $2"; missing=1; fi
}
need tmux "brew install tmux (the doctor's live view)"
need claude "npm install -g @anthropic-ai/claude-code, then run claude once and /login (the doctor)"
need openclaw "npm install -g openclaw (the gateway this supervises)"
[ "$missing" = 0 ] || say "Installing anyway: the supervisor alerts you about what is missing when it needs it."

# ---------------------------------------------------------------- .env
ENV_FILE="${SELFHEAL_ENV_FILE:-$ROOT/.env}"
if [ ! -f "$ENV_FILE" ]; then
  step "create $ENV_FILE from .env.example (mode 600) with the absolute paths found now"
  if [ "$DRY" = 0 ]; then
    umask 077
    cp .env.example "$ENV_FILE"
    chmod 600 "$ENV_FILE"
    for pair in "CLAUDE_BIN:claude" "TMUX_BIN:tmux"; do
      key="${pair%%:*}"; bin="$(command -v "${pair#*:}" || true)"
      if [ -n "$bin" ]; then printf '%s=%s\n' "$key" "$bin" >> "$ENV_FILE"; fi
    done
    oc="$(command -v openclaw || true)"
    if [ -n "$oc" ]; then printf 'GATEWAY_RESTART_COMMAND=%s gateway restart\n' "$oc" >> "$ENV_FILE"; fi
  fi
else
  say "kept the existing $ENV_FILE"
fi

channels || die "fix that key in $ENV_FILE (or the signature table entry named above), then ./install.sh again (the agents would stop on it)"

# ---------------------------------------------------------------- plists
# launchd's PATH is bare: give the agents the folders of every program they start.
PATHS=""
for b in "$NODE" "$(command -v claude || true)" "$(command -v tmux || true)" "$(command -v openclaw || true)" "$(command -v lsof || true)"; do
  [ -n "$b" ] || continue
  d="$(dirname "$b")"
  case ":$PATHS:" in *":$d:"*) ;; *) PATHS="${PATHS:+$PATHS:}$d" ;; esac
done
PATHS="$PATHS:/usr/bin:/bin:/usr/sbin:/sbin"

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
ENV_ARGS=()
[ -n "${SELFHEAL_ENV_FILE:-}" ] && ENV_ARGS+=(--env "SELFHEAL_ENV_FILE=$SELFHEAL_ENV_FILE")
[ -n "${SELFHEAL_HOME:-}" ] && ENV_ARGS+=(--env "SELFHEAL_HOME=$SELFHEAL_HOME")
# A second install's tiers must wake their own agents, not the first install's.
[ -n "${SELFHEAL_LABEL_PREFIX:-}" ] && ENV_ARGS+=(--env "SELFHEAL_LABEL_PREFIX=$SELFHEAL_LABEL_PREFIX")
[ -n "${SELFHEAL_INTERVAL_SCALE:-}" ] && ENV_ARGS+=(--interval-scale "$SELFHEAL_INTERVAL_SCALE")
RENDER=("$NODE" "$ROOT/dist/scripts/render-plists.js")
[ -f "$ROOT/dist/scripts/render-plists.js" ] || RENDER=("$NODE" --import tsx "$ROOT/scripts/render-plists.ts")
labels="$("${RENDER[@]}" --out "$STAGE" --node "$NODE" --path "$PATHS" --home "$HOME" --log-dir "$LOG_DIR" --label-prefix "$PREFIX" ${ENV_ARGS[@]+"${ENV_ARGS[@]}"})"
for label in $labels; do
  plutil -lint "$STAGE/$label.plist" >/dev/null || die "plutil rejected $label.plist"
done
say "rendered and linted: $(echo $labels)"

run mkdir -p "$AGENTS" "$LOG_DIR" "$STATE_HOME"
[ "$DRY" = 1 ] || : > "$MANIFEST.new"
for label in $labels; do
  dest="$AGENTS/$label.plist"
  step "launchctl bootout gui/$UID_NUM/$label (if loaded)"
  [ "$DRY" = 1 ] || launchctl bootout "gui/$UID_NUM/$label" 2>/dev/null || true
  run install -m 644 "$STAGE/$label.plist" "$dest"
  step "launchctl bootstrap gui/$UID_NUM $dest"
  if [ "$DRY" = 0 ]; then
    if ! out="$(launchctl bootstrap "gui/$UID_NUM" "$dest" 2>&1)"; then
      # "5: Input/output error": a bootout still tearing down. One more bootout, a pause, a retry.
      if printf '%s' "$out" | grep -q '5:'; then
        launchctl bootout "gui/$UID_NUM/$label" 2>/dev/null || true
        sleep 1
        launchctl bootstrap "gui/$UID_NUM" "$dest" || die "could not bootstrap $label: $out"
      else
        die "could not bootstrap $label: $out"
      fi
    fi
    printf '%s\n' "$dest" >> "$MANIFEST.new"
  fi
done
[ "$DRY" = 1 ] || mv "$MANIFEST.new" "$MANIFEST"

step "launchctl kickstart gui/$UID_NUM/$PREFIX.health (a first health check now)"
[ "$DRY" = 1 ] || launchctl kickstart "gui/$UID_NUM/$PREFIX.health" || true

say ""
say "Installed. How to look:"
say "  npm run status                                  what the supervisor sees"
say "  launchctl print gui/$UID_NUM/$PREFIX.health      launchd's view of a tier"
say "  tail -f $LOG_DIR/health.log                      a tier's output"
say "  launchctl kickstart gui/$UID_NUM/$PREFIX.doctor  run a tier now"
say "  npx tsx scripts/alert.ts --test                  check that alerts reach you (set a channel in .env: see .env.example)"
