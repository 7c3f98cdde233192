#!/usr/bin/env bash
# One-shot set-up for a fresh Debian/Ubuntu machine (run as root):
#
#   system packages -> Node 24 (.tools) -> npm ci -> Docker engine ->
#   Go (native/wsfs) -> npm run build -> sandbox images -> daemon on 127.0.0.1:8080
#
# Usage: scripts/setup.sh [--no-start]
#   --no-start   set everything up but do not start the daemon
#
# Safe to run again: every step is skipped when there is nothing to do, and a
# running daemon (from .data/daemon.pid) is left alone.
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

START=1
for arg in "$@"; do
  case "$arg" in
    --no-start) START=0 ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) die "unknown argument: $arg (try --help)" ;;
  esac
done

cd "$REPO"
T_ALL="$(now_s)"

# --- 1. system packages ----------------------------------------------------------
t="$(now_s)"
if have dpkg-query; then
  missing=()
  for pkg in git curl ca-certificates debootstrap python3; do
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed'; then
      missing+=("$pkg")
    fi
  done
  if [[ ${#missing[@]} -gt 0 ]]; then
    apt_install "${missing[@]}"
  fi
  log "step system packages: ok ($(elapsed "$t"))"
else
  warn "not a Debian/Ubuntu system: make sure git, curl, ca-certificates, debootstrap and python3 are installed"
fi

# --- 2. Node 24 and npm dependencies --------------------------------------------
t="$(now_s)"
ensure_node
log "step node: $(node --version), npm $(npm --version) ($(elapsed "$t"))"
t="$(now_s)"
ensure_npm_deps
log "step npm dependencies: ok ($(elapsed "$t"))"

# --- 3. Docker --------------------------------------------------------------------
t="$(now_s)"
ensure_docker
log "step docker: ok ($(elapsed "$t"))"

# --- 4. build dist/ -----------------------------------------------------------------
t="$(now_s)"
ensure_go
log "npm run build"
npm run build >&2 || die "npm run build failed"
log "step build: ok ($(elapsed "$t"))"

# --- 5. images ------------------------------------------------------------------------
t="$(now_s)"
"$REPO/images/build.sh"
log "step images: ok ($(elapsed "$t"))"

if [[ "$START" -eq 0 ]]; then
  log "set-up done ($(elapsed "$T_ALL")); not starting the daemon (--no-start)"
  log "start it with: node bin/sandkasten.js serve --config sandkasten.yaml"
  exit 0
fi

# --- 6. configuration -------------------------------------------------------------------
CONFIG="$REPO/sandkasten.yaml"
if [[ ! -f "$CONFIG" ]]; then
  key="sk-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
  [[ "$key" =~ ^sk-[0-9a-f]{32}$ ]] || die "could not generate an API key"
  (
    umask 077
    cat >"$CONFIG" <<EOF
# Sandkasten daemon configuration, created by scripts/setup.sh.
# Keep this file private: the API key grants full access to the sandboxes.
listen: "127.0.0.1:8080"
api_key: "$key"
data_dir: ".data"
EOF
  )
  chmod 0600 "$CONFIG"
  log "created sandkasten.yaml with a new API key (mode 0600)"
else
  log "using existing sandkasten.yaml"
fi

# config_value KEY DEFAULT: a top-level scalar from sandkasten.yaml (parsed with
# the project's yaml package; falls back to DEFAULT when absent).
config_value() {
  SANDKASTEN_CFG="$CONFIG" SANDKASTEN_KEY="$1" SANDKASTEN_DEFAULT="$2" node --input-type=module -e '
    import { readFileSync } from "node:fs";
    import { parse } from "yaml";
    const doc = parse(readFileSync(process.env.SANDKASTEN_CFG, "utf8")) ?? {};
    const v = doc[process.env.SANDKASTEN_KEY];
    process.stdout.write(v === undefined || v === null || v === "" ? process.env.SANDKASTEN_DEFAULT : String(v));
  '
}

LISTEN="$(config_value listen 127.0.0.1:8080)"
API_KEY="$(config_value api_key '')"
HOSTPART="${LISTEN%:*}"
PORT="${LISTEN##*:}"
case "$HOSTPART" in
  "" | 0.0.0.0 | "*") HOSTPART=127.0.0.1 ;;
  "[::]" | "::") HOSTPART="[::1]" ;;
esac
BASE_URL="http://$HOSTPART:$PORT"

# --- 7. daemon ------------------------------------------------------------------------------
RUN_DIR="$REPO/.data"
PID_FILE="$RUN_DIR/daemon.pid"
DAEMON_LOG="$RUN_DIR/daemon.log"
mkdir -p "$RUN_DIR"

[[ -f "$REPO/bin/sandkasten.js" ]] || die "bin/sandkasten.js is missing: is this a complete checkout?"

daemon_pid() {
  local pid
  [[ -f "$PID_FILE" ]] || return 1
  pid="$(cat "$PID_FILE" 2>/dev/null || true)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  # Guard against a recycled pid: it must be our daemon.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'sandkasten.js' || return 1
  printf '%s\n' "$pid"
}

t="$(now_s)"
if PID="$(daemon_pid)"; then
  log "daemon already running (pid $PID, log: .data/daemon.log)"
else
  rm -f "$PID_FILE"
  log "starting the daemon: node bin/sandkasten.js serve --config sandkasten.yaml (log: .data/daemon.log)"
  # The log holds JSON lines only (the daemon's own); this marker is one too.
  printf '{"time":"%s","level":"info","msg":"started by scripts/setup.sh"}\n' \
    "$(date -u +%Y-%m-%dT%H:%M:%S.000Z)" >>"$DAEMON_LOG"
  # A background job of a script is no process-group leader, so setsid execs
  # in place and $! is the daemon's own pid.
  nohup setsid "$NODE_BIN" "$REPO/bin/sandkasten.js" serve --config "$CONFIG" \
    >>"$DAEMON_LOG" 2>&1 </dev/null &
  PID=$!
  printf '%s\n' "$PID" >"$PID_FILE"
fi

log "waiting for $BASE_URL/healthz"
healthy=0
for ((i = 0; i < 60; i++)); do
  if curl -fsS --max-time 2 "$BASE_URL/healthz" >/dev/null 2>&1; then
    healthy=1
    break
  fi
  if ! kill -0 "$PID" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
if [[ "$healthy" -ne 1 ]] || ! kill -0 "$PID" 2>/dev/null; then
  warn "last lines of .data/daemon.log:"
  tail -n 40 "$DAEMON_LOG" >&2 || true
  if kill -0 "$PID" 2>/dev/null; then
    die "the daemon (pid $PID) did not answer $BASE_URL/healthz within 30 s"
  fi
  rm -f "$PID_FILE"
  die "the daemon exited during start-up"
fi
log "step daemon: healthy ($(elapsed "$t"))"

cat <<EOF

[sandkasten] ready ($(elapsed "$T_ALL"))
[sandkasten]   address:  $BASE_URL   (gRPC, Connect and REST on one port)
[sandkasten]   API key:  $API_KEY
[sandkasten]   config:   sandkasten.yaml    log: .data/daemon.log    pid: $PID
[sandkasten] try:
  curl -sS $BASE_URL/healthz
  curl -sS -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \\
    -d '{"image":"python"}' $BASE_URL/v1/sessions
  curl -sS -H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json' \\
    -d '{"cmd":"python3 --version"}' $BASE_URL/v1/sessions/SESSION_ID/exec
[sandkasten] stop it with: node bin/sandkasten.js stop    (logs: node bin/sandkasten.js logs -f)
EOF
