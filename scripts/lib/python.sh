#!/usr/bin/env bash
# The Python SDK's venv: source after common.sh, then call ensure_python_sdk.
#
# .tools/venv holds the exact versions of sdk/python/requirements.lock (the
# SDK's runtime, its agents and test extras, and the code generators that
# sdk/python/buf.gen.yaml runs) and the SDK itself, installed editable. It is
# made again when pyproject.toml or the lock changed since it was made.

SANDKASTEN_VENV="$REPO/.tools/venv"
_PYTHON_SDK="$REPO/sdk/python"
_PYTHON_SDK_STAMP="$SANDKASTEN_VENV/.sandkasten-sdk"

# _python_sdk_inputs_hash: what the venv was made from, as one checksum.
_python_sdk_inputs_hash() {
  cat "$_PYTHON_SDK/pyproject.toml" "$_PYTHON_SDK/requirements.lock" | sha256sum | cut -d' ' -f1
}

# _python3_for_venv: fails unless python3 is 3.10 or newer.
_python3_for_venv() {
  have python3 && python3 -c 'import sys; sys.exit(sys.version_info < (3, 10))'
}

# _make_venv DIR: a fresh venv in DIR, with python3 (>= 3.10) and its venv module
# installed from Debian's packages when missing.
_make_venv() {
  local dir="$1"
  if ! _python3_for_venv; then
    apt_install python3
    _python3_for_venv || die "the Python SDK needs python3 >= 3.10; found: $(python3 --version 2>&1 || echo none)"
  fi
  rm -rf "$dir"
  mkdir -p "$(dirname "$dir")"
  if ! python3 -m venv "$dir" >/dev/null 2>&1; then
    # Debian splits venv (and the pip it bootstraps) into its own package.
    rm -rf "$dir"
    apt_install python3-venv
    python3 -m venv "$dir" || die "python3 -m venv $dir failed"
  fi
}

ensure_python_sdk() {
  local want
  want="$(_python_sdk_inputs_hash)"
  if [[ -x "$SANDKASTEN_VENV/bin/python" && -f "$_PYTHON_SDK_STAMP" &&
    "$(cat "$_PYTHON_SDK_STAMP")" == "$want" ]] &&
    "$SANDKASTEN_VENV/bin/python" -c '' 2>/dev/null; then
    return 0
  fi
  local t0
  t0="$(now_s)"
  log "making the Python SDK's venv in .tools/venv"
  _make_venv "$SANDKASTEN_VENV"
  local pip=("$SANDKASTEN_VENV/bin/python" -m pip --disable-pip-version-check)
  "${pip[@]}" install --quiet --requirement "$_PYTHON_SDK/requirements.lock" >&2 ||
    die "pip could not install sdk/python/requirements.lock"
  "${pip[@]}" install --quiet --no-deps --editable "$_PYTHON_SDK" >&2 ||
    die "pip could not install sdk/python (editable)"
  printf '%s\n' "$want" >"$_PYTHON_SDK_STAMP"
  log "Python SDK venv ready ($(elapsed "$t0"))"
}

# The published sandkasten 0.3.0 from PyPI, in a venv of its own (.tools/venv-sk03), for
# the tests that compare our SDK with it (sdk/python/tests/compat, run by
# test/sdk/python-compat.test.ts): the exact versions of its lock, made again when the
# lock changed since.
PUBLISHED_SDK_VENV="$REPO/.tools/venv-sk03"
_PUBLISHED_SDK_LOCK="$_PYTHON_SDK/tests/compat/requirements-sk03.lock"
_PUBLISHED_SDK_STAMP="$PUBLISHED_SDK_VENV/.sandkasten-sk03"

ensure_published_python_sdk() {
  local want
  want="$(sha256sum "$_PUBLISHED_SDK_LOCK" | cut -d' ' -f1)"
  if [[ -x "$PUBLISHED_SDK_VENV/bin/python" && -f "$_PUBLISHED_SDK_STAMP" &&
    "$(cat "$_PUBLISHED_SDK_STAMP")" == "$want" ]] &&
    "$PUBLISHED_SDK_VENV/bin/python" -c '' 2>/dev/null; then
    return 0
  fi
  local t0
  t0="$(now_s)"
  log "making the venv of the published sandkasten 0.3.0 in .tools/venv-sk03"
  _make_venv "$PUBLISHED_SDK_VENV"
  "$PUBLISHED_SDK_VENV/bin/python" -m pip --disable-pip-version-check install --quiet \
    --requirement "$_PUBLISHED_SDK_LOCK" >&2 ||
    die "pip could not install sdk/python/tests/compat/requirements-sk03.lock"
  printf '%s\n' "$want" >"$_PUBLISHED_SDK_STAMP"
  log "published SDK venv ready ($(elapsed "$t0"))"
}

# check_python_sdk: lint (ruff check), formatting (ruff format --check) and the
# strict type check (mypy) of sdk/python's client, tests and examples, with the
# venv's tools and pyproject.toml's settings. Silent when all pass; otherwise
# prints what each failing tool said and fails.
check_python_sdk() {
  ensure_python_sdk
  local bin="$SANDKASTEN_VENV/bin" failed=0
  # Caches in .tools, so that sdk/python holds only the SDK.
  local ruff=(env RUFF_CACHE_DIR="$REPO/.tools/ruff-cache" "$bin/ruff")
  _python_sdk_tool "ruff check" "${ruff[@]}" check --quiet . || failed=1
  _python_sdk_tool "ruff format --check" "${ruff[@]}" format --check --quiet . || failed=1
  _python_sdk_tool "mypy --strict" "$bin/mypy" --cache-dir "$REPO/.tools/mypy-cache" \
    src/sandkasten tests examples || failed=1
  return "$failed"
}

# _python_sdk_tool NAME CMD...: runs CMD in sdk/python; shows its output only when it fails.
_python_sdk_tool() {
  local name="$1" output
  shift
  if ! output="$(cd "$_PYTHON_SDK" && "$@" 2>&1)"; then
    printf '[sandkasten] %s failed in sdk/python:\n%s\n' "$name" "$output" >&2
    return 1
  fi
}
