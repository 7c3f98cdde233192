#!/usr/bin/env bash
# What `npm test` runs: make sure Node 24, the npm dependencies, a Docker engine
# and the sandbox images are there, then code generation check, lint, type
# check and the vitest suite. Extra arguments go to `vitest run`.
#
# Usage: scripts/test.sh [vitest args...]     (or: npm test -- [vitest args...])
set -euo pipefail
# shellcheck source=SCRIPTDIR/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source=SCRIPTDIR/lib/go-clients.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/go-clients.sh"
# shellcheck source=SCRIPTDIR/lib/python.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/python.sh"
# shellcheck source=SCRIPTDIR/lib/web.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/web.sh"
# shellcheck source=SCRIPTDIR/lib/packaging.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/packaging.sh"

cd "$REPO"
T_ALL="$(now_s)"

# step NAME CMD...: run one step with a progress line and its time. A failing
# step ends the script through `set -e`; the EXIT trap names it.
CURRENT_STEP=""
on_exit() {
  local rc=$?
  if [[ "$rc" -ne 0 && -n "$CURRENT_STEP" ]]; then
    log "FAILED: $CURRENT_STEP (exit $rc)"
  fi
}
trap on_exit EXIT

step() {
  local t
  CURRENT_STEP="$1"
  shift
  t="$(now_s)"
  log "== $CURRENT_STEP"
  "$@"
  log "ok: $CURRENT_STEP ($(elapsed "$t"))"
  CURRENT_STEP=""
}

step "node 24" ensure_node
step "npm dependencies" ensure_npm_deps
step "docker engine" ensure_docker
step "go" ensure_go
step "go clients (grpcurl, Go code generators)" ensure_go_clients
step "npm run build" npm run build
step "go vet + go test (native/wsfs)" bash -c 'cd native/wsfs && go vet ./... && go test ./...'
step "go vet + go test (native/ptyhost)" bash -c 'cd native/ptyhost && go vet ./... && go test ./...'
step "go vet + go test (native/mounter)" bash -c 'cd native/mounter && go vet ./... && go test ./...'
step "images" "$REPO/images/build.sh"
step "python SDK venv" ensure_python_sdk
step "python SDK lint + types" check_python_sdk
step "packaging tools (compose, systemd-analyze, python build)" ensure_packaging_tools
step "npm run check:gen" npm run check:gen
step "npm run lint" npm run lint
step "npm run typecheck" npm run typecheck
step "chromium (dashboard browser tests)" ensure_chromium
# The plain "N passed, N failed" line lets CI read the count, whatever happens.
REPORTS="$REPO/.tools/vitest-report.json $REPO/.tools/vitest-serial-report.json"
summary() {
  node -e 'let p = 0, f = 0;
    for (const file of process.argv.slice(1)) {
      try { const r = require(file); p += r.numPassedTests; f += r.numFailedTests; } catch {}
    }
    console.log(`${p} passed, ${f} failed`);' $REPORTS
}
rm -f $REPORTS
CURRENT_STEP="vitest run $*"
log "== $CURRENT_STEP"
t="$(now_s)"
if ! vitest run --reporter=default --reporter=json --outputFile.json="$REPO/.tools/vitest-report.json" "$@"; then
  summary
  exit 1
fi
log "ok: $CURRENT_STEP ($(elapsed "$t"))"
# Alone, after everything else: these restart the Docker engine.
if [[ $# -eq 0 ]]; then
  CURRENT_STEP="vitest run (serial: engine restart)"
  log "== $CURRENT_STEP"
  t="$(now_s)"
  if ! vitest run --config vitest.serial.config.ts --reporter=default --reporter=json \
    --outputFile.json="$REPO/.tools/vitest-serial-report.json"; then
    summary
    exit 1
  fi
  log "ok: $CURRENT_STEP ($(elapsed "$t"))"
fi
summary
CURRENT_STEP=""

log "all tests passed ($(elapsed "$T_ALL"))"
