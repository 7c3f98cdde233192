#!/usr/bin/env bash
# What the packaging tests (test/e2e/packaging-*.test.ts) need: Docker Compose,
# systemd-analyze, and pip's `build` in the Python SDK's venv.
# Source after common.sh and python.sh:
#   source scripts/lib/common.sh; source scripts/lib/python.sh; source scripts/lib/packaging.sh
#
# Provides: ensure_compose, compose_command, ensure_systemd_analyze,
# ensure_python_build, ensure_packaging_tools (all idempotent; fast when
# everything is there).

# compose_command: prints the Compose command this machine has ("docker compose"
# for the CLI plugin, else "docker-compose"); fails when there is none.
compose_command() {
  if docker compose version >/dev/null 2>&1; then
    printf 'docker compose\n'
  elif have docker-compose && docker-compose version >/dev/null 2>&1; then
    printf 'docker-compose\n'
  else
    return 1
  fi
}

# ensure_compose: the compose plugin or docker-compose; installs Debian's
# docker-compose package when neither is there.
ensure_compose() {
  if compose_command >/dev/null; then
    return 0
  fi
  log "no Docker Compose found: installing docker-compose"
  apt_install docker-compose
  compose_command >/dev/null || die "the docker-compose package installed no working docker-compose"
}

# ensure_systemd_analyze: systemd-analyze, for `systemd-analyze verify` of the
# unit `sandkasten install-service` writes (it works without systemd as PID 1).
ensure_systemd_analyze() {
  if have systemd-analyze; then
    return 0
  fi
  log "no systemd-analyze found: installing systemd (its tools; nothing is started)"
  apt_install systemd
  have systemd-analyze || die "the systemd package installed no systemd-analyze"
}

# ensure_python_build: pip's `build` (PyPA) and the SDK's build backend in
# .tools/venv, so `python -m build --no-isolation sdk/python` makes the sdist and
# wheel without fetching a build environment each time.
SANDKASTEN_PYTHON_BUILD_REQUIREMENTS=("build>=1.2,<2" "hatchling>=1.27,<2")
ensure_python_build() {
  ensure_python_sdk
  local python="$SANDKASTEN_VENV/bin/python"
  if "$python" -c 'import build, hatchling' 2>/dev/null; then
    return 0
  fi
  log "installing ${SANDKASTEN_PYTHON_BUILD_REQUIREMENTS[*]} into .tools/venv"
  "$python" -m pip --disable-pip-version-check install --quiet \
    "${SANDKASTEN_PYTHON_BUILD_REQUIREMENTS[@]}" >&2 ||
    die "pip could not install ${SANDKASTEN_PYTHON_BUILD_REQUIREMENTS[*]}"
}

ensure_packaging_tools() {
  ensure_compose
  ensure_systemd_analyze
  ensure_python_build
}
