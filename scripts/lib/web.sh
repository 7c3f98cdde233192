#!/usr/bin/env bash
# The browser the dashboard's tests drive: Debian's Chromium.
# Source after common.sh: `source scripts/lib/common.sh; source scripts/lib/web.sh`.
#
# Provides: ensure_chromium (idempotent; fast when Chromium is there).

SANDKASTEN_CHROMIUM="${SANDKASTEN_CHROMIUM:-/usr/bin/chromium}"
export SANDKASTEN_CHROMIUM

# ensure_chromium: installs Debian's `chromium` package when it is missing.
ensure_chromium() {
  if [[ -x "$SANDKASTEN_CHROMIUM" ]]; then
    return 0
  fi
  if [[ "$SANDKASTEN_CHROMIUM" != /usr/bin/chromium ]]; then
    die "SANDKASTEN_CHROMIUM=$SANDKASTEN_CHROMIUM is not an executable; unset it to use Debian's chromium"
  fi
  log "installing Chromium for the dashboard's browser tests"
  apt_install chromium
  have chromium || die "the chromium package installed no /usr/bin/chromium"
}
