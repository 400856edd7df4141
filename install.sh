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
# Linux with a systemd user manager (not a container, not CI): the tiers as user units.
IS_SYSTEMD=0
if [ "$IS_MAC" != 1 ]; then
  if [ "${SELFHEAL_FORCE_SYSTEMD:-0}" = 1 ]; then IS_SYSTEMD=1
  elif [ "$(uname -s)" = Linux ] && command -v systemctl >/dev/null 2>&1 && systemctl --user show-environment >/dev/null 2>&1; then IS_SYSTEMD=1
  fi
fi
UNIT_DIR="${SYSTEMD_USER_DIR:-${XDG_CONFIG_HOME:-$HOME/.config}/systemd/user}"
UNITS_MANIFEST="$STATE_HOME/installed-units.txt"
if [ "$IS_SYSTEMD" = 1 ] && [ -z "${SELFHEAL_LOG_DIR:-}" ]; then LOG_DIR="${XDG_STATE_HOME:-$HOME/.local/state}/openclaw-selfheal/logs"; fi

say() { printf '%s\n' "$*"; }
step() { if [ "$DRY" = 1 ]; then say "would: $*"; else say "- $*"; fi; }
run() { step "$*"; [ "$DRY" = 1 ] || "$@"; }
die() { say "install.sh: $*" >&2; exit 1; }

# ---------------------------------------------------------------- uninstall
if [ "$UNINSTALL" = 1 ]; then
  if [ "$IS_SYSTEMD" = 1 ] || [ -f "$UNITS_MANIFEST" ]; then
    if [ -f "$UNITS_MANIFEST" ]; then
      while IFS= read -r unit; do
        [ -n "$unit" ] || continue
        name="$(basename "$unit")"
        if [ "$IS_SYSTEMD" = 1 ]; then
          case "$name" in
            *.timer) step "systemctl --user disable --now $name"; [ "$DRY" = 1 ] || systemctl --user disable --now "$name" >/dev/null 2>&1 || true ;;
            *) step "systemctl --user stop $name"; [ "$DRY" = 1 ] || systemctl --user stop "$name" >/dev/null 2>&1 || true ;;
          esac
        fi
        run rm -f "$unit"
      done < "$UNITS_MANIFEST"
      run rm -f "$UNITS_MANIFEST"
      if [ "$IS_SYSTEMD" = 1 ]; then step "systemctl --user daemon-reload"; [ "$DRY" = 1 ] || systemctl --user daemon-reload || true; fi
    else
      say "No install manifest at $UNITS_MANIFEST: none of our systemd units is installed."
    fi
    if [ "$PURGE" = 1 ]; then run rm -rf "$STATE_HOME" "$LOG_DIR"
    else say "Kept the state ($STATE_HOME) and logs ($LOG_DIR); --purge removes them."; fi
    exit 0
  fi
  [ "$IS_MAC" = 1 ] || { say "Nothing to uninstall: no LaunchAgents (macOS) and no systemd user manager here."; exit 0; }
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
# The product needs lsof (who holds the gateway's port), tmux (the doctor's live view), ps
# (procps) and sqlite3 (OpenClaw's update ledger, read-only); the tests also parse plists with
# Debian's plistutil. macOS ships all but tmux (Homebrew,
# checked below). This list is the one place that names them; CI runs this script too.
OS_TOOLS="tmux:tmux lsof:lsof ps:procps sqlite3:sqlite3"
# Only the tests use these (plists parsed, systemd units verified, the metrics and example rules
# checked by promtool, the status page opened in Chromium): installed when this user may (root, or
# sudo without a password, as in CI); never asked of a user installing the product.
TEST_TOOLS="plistutil:libplist-utils systemd-analyze:systemd promtool:prometheus chromium:chromium"
if [ "$(uname -s)" = Linux ] && [ "$IS_MAC" != 1 ]; then
  missing_pkgs=()
  have_dpkg=0
  command -v dpkg >/dev/null 2>&1 && have_dpkg=1
  may_install=0
  { [ "$(id -u)" = 0 ] || sudo -n true >/dev/null 2>&1; } && may_install=1
  tools="$OS_TOOLS"
  [ "$may_install" = 1 ] && tools="$OS_TOOLS $TEST_TOOLS"
  for pair in $tools; do
    tool="${pair%%:*}" pkg="${pair#*:}"
    if ! command -v "$tool" >/dev/null 2>&1; then missing_pkgs+=("$pkg")
    elif [ "$have_dpkg" = 1 ] && ! dpkg -s "$pkg" >/dev/null 2>&1; then missing_pkgs+=("$pkg")
    fi
  done
  if [ "$may_install" = 0 ]; then
    for pair in $TEST_TOOLS; do
      command -v "${pair%%:*}" >/dev/null 2>&1 || say "(for the tests only: sudo apt-get install -y ${pair#*:})"
    done
  fi
  if [ ${#missing_pkgs[@]} -eq 0 ]; then
    say "found the OS tools: tmux, lsof, ps, sqlite3$([ "$may_install" = 1 ] && printf ', and for the tests plistutil, systemd-analyze, promtool, chromium')"
  elif ! command -v apt-get >/dev/null 2>&1; then
    die "missing OS packages: ${missing_pkgs[*]} (for tmux, lsof, ps, sqlite3). There is no apt-get here: install them with your package manager, then run ./install.sh again."
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

# The heavy real components the tests run (Linux): reused from .cache/ on the next run.
caches() {
  if [ "$DRY" = 1 ]; then
    step "scripts/install-claude-cache.sh (the pinned Claude Code CLI into .cache/, ~200 MB)"
    step "scripts/install-openclaw-cache.sh (the pinned OpenClaw gateway and Node 24 into .cache/, ~840 MB)"
  elif [ "${SELFHEAL_SKIP_DEPS:-0}" != 1 ]; then
    say "Installing the pinned Claude Code CLI into .cache/ for the contract tests..."
    scripts/install-claude-cache.sh >/dev/null
    say "Installing the pinned OpenClaw gateway (and the Node 24 it needs) into .cache/ for the acceptance tests..."
    scripts/install-openclaw-cache.sh >/dev/null || say "(skipped: the acceptance tests against the real gateway run on Linux x86_64 only)"
  fi
}

if [ "$IS_MAC" != 1 ] && [ "$IS_SYSTEMD" != 1 ]; then
  say ""
  channels || true
  say "LaunchAgents are macOS-only: nothing was installed into launchd on $(uname -s)."
  say "And there is no systemd user manager here (a container, CI: systemctl --user does not answer), so no systemd units either."
  if [ "$DEMO" = 1 ]; then say "Instead, here is the demo: the tiers against the embedded demo gateway (npm run demo)."
  else say "The demo (the tiers against the embedded demo gateway) is skipped: run it with npm run demo."; fi
  say "Run the tests with: npm test"
  caches
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
if [ "$IS_MAC" = 1 ]; then need tmux "brew install tmux (the doctor's live view)"; fi
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
# Under systemd the tiers wake each other with the systemctl this install talked to: its folder first.
if [ "$IS_SYSTEMD" = 1 ]; then sc="$(command -v systemctl || true)"; [ -n "$sc" ] && PATHS="$(dirname "$sc"):$PATHS"; fi

STAGE="$(mktemp -d)"
trap 'rm -rf "$STAGE"' EXIT
ENV_ARGS=()
if [ "$IS_SYSTEMD" = 1 ]; then
  # The tiers wake each other through the user manager; their logs are where the units write them.
  ENV_ARGS+=(--env "SELFHEAL_LAUNCHER=systemctl" --env "SELFHEAL_LOG_DIR=$LOG_DIR")
fi
[ -n "${SELFHEAL_ENV_FILE:-}" ] && ENV_ARGS+=(--env "SELFHEAL_ENV_FILE=$SELFHEAL_ENV_FILE")
[ -n "${SELFHEAL_HOME:-}" ] && ENV_ARGS+=(--env "SELFHEAL_HOME=$SELFHEAL_HOME")
# A second install's tiers must wake their own agents, not the first install's.
[ -n "${SELFHEAL_LABEL_PREFIX:-}" ] && ENV_ARGS+=(--env "SELFHEAL_LABEL_PREFIX=$SELFHEAL_LABEL_PREFIX")
[ -n "${SELFHEAL_INTERVAL_SCALE:-}" ] && ENV_ARGS+=(--interval-scale "$SELFHEAL_INTERVAL_SCALE")
# ---------------------------------------------------------------- systemd user units (Linux)
if [ "$IS_SYSTEMD" = 1 ]; then
  caches
  RENDER=("$NODE" "$ROOT/dist/scripts/render-units.js")
  [ -f "$ROOT/dist/scripts/render-units.js" ] || RENDER=("$NODE" --import tsx "$ROOT/scripts/render-units.ts")
  units="$("${RENDER[@]}" --out "$STAGE" --node "$NODE" --path "$PATHS" --home "$HOME" --log-dir "$LOG_DIR" --label-prefix "$PREFIX" ${ENV_ARGS[@]+"${ENV_ARGS[@]}"})"
  say "rendered: $(echo $units)"
  # Headless boxes: the user manager needs XDG_RUNTIME_DIR (OpenClaw's docs, platforms/linux).
  [ -n "${XDG_RUNTIME_DIR:-}" ] || say "XDG_RUNTIME_DIR is not set: in an SSH session without a login, run: export XDG_RUNTIME_DIR=/run/user/$UID_NUM"
  run mkdir -p "$UNIT_DIR" "$LOG_DIR" "$STATE_HOME"
  [ "$DRY" = 1 ] || : > "$UNITS_MANIFEST.new"
  for unit in $units; do
    run install -m 644 "$STAGE/$unit" "$UNIT_DIR/$unit"
    [ "$DRY" = 1 ] || printf '%s\n' "$UNIT_DIR/$unit" >> "$UNITS_MANIFEST.new"
  done
  [ "$DRY" = 1 ] || mv "$UNITS_MANIFEST.new" "$UNITS_MANIFEST"
  run systemctl --user daemon-reload
  for unit in $units; do
    case "$unit" in *.timer) run systemctl --user enable --now "$unit" >/dev/null ;; esac
  done
  UNIT_PREFIX="$(printf '%s' "$PREFIX" | sed 's/[^A-Za-z0-9:_-]/-/g')"
  step "systemctl --user start --no-block $UNIT_PREFIX-health.service (a first health check now)"
  [ "$DRY" = 1 ] || systemctl --user start --no-block "$UNIT_PREFIX-health.service" || true
  # Without lingering, user services stop when the user logs out: a supervisor that dies at logout.
  linger="$(loginctl show-user "$(id -un)" -p Linger 2>/dev/null || true)"
  if [ "$linger" != "Linger=yes" ]; then
    say ""
    say "IMPORTANT: lingering is off for $(id -un): these timers (and OpenClaw's own service) stop when you log out."
    say "  Turn it on once: sudo loginctl enable-linger $(id -un)"
  fi
  say ""
  say "Installed. How to look:"
  say "  npm run status                                              what the supervisor sees"
  say "  systemctl --user list-timers '$UNIT_PREFIX-*'              when each tier runs next"
  say "  journalctl --user -u $UNIT_PREFIX-health.service           a tier's runs"
  say "  tail -f $LOG_DIR/health.log                                 a tier's output"
  say "  systemctl --user start $UNIT_PREFIX-doctor.service         run a tier now"
  say "  npx tsx scripts/alert.ts --test                             check that alerts reach you (set a channel in .env: see .env.example)"
  exit 0
fi

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
