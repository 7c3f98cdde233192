#!/usr/bin/env bash
# Produce the local root image sandkasten/debian:bookworm, which
# images/base/Dockerfile builds FROM. Does nothing when it exists already.
#
#   1. try `docker pull debian:bookworm-slim` (20 s at most) and tag it;
#   2. otherwise (no container registry reachable) build a minimal Debian
#      with `debootstrap --variant=minbase` from the Debian mirror this host
#      uses, and `docker import` it.
#
# Usage: images/bootstrap-debian.sh [--force]
set -euo pipefail
# shellcheck source=SCRIPTDIR/../scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

TARGET="${SANDKASTEN_DEBIAN_IMAGE:-sandkasten/debian:bookworm}"
SUITE=bookworm
FORCE=0

for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) die "unknown argument: $arg" ;;
  esac
done

ensure_docker

# An image this script imported carries the hash of the script that made it, so
# a changed script rebuilds it. One without the label (pulled, or provided by
# hand) is kept as it is.
SELF_HASH="$(sha256sum "${BASH_SOURCE[0]}" | cut -c1-64)"
if [[ "$FORCE" -eq 0 ]] && docker image inspect "$TARGET" >/dev/null 2>&1; then
  have_hash="$(docker image inspect -f '{{index .Config.Labels "sandkasten.bootstrap-hash"}}' "$TARGET")"
  if [[ -z "$have_hash" || "$have_hash" == "$SELF_HASH" ]]; then
    log "$TARGET: present"
    exit 0
  fi
  log "$TARGET: made by an older version of this script; rebuilding"
fi

T0="$(now_s)"

# --- 1. a registry, if there is one ------------------------------------------
log "$TARGET: trying 'docker pull debian:${SUITE}-slim' (20 s at most)"
if timeout 20 docker pull -q "debian:${SUITE}-slim" >/dev/null 2>&1; then
  docker tag "debian:${SUITE}-slim" "$TARGET"
  log "$TARGET: tagged from debian:${SUITE}-slim ($(elapsed "$T0"))"
  exit 0
fi
log "$TARGET: no registry reachable; building it with debootstrap"

# --- 2. debootstrap ------------------------------------------------------------
# The Debian mirror this host already uses (deb822 or one-line format). Ubuntu's
# archives are skipped: they do not carry Debian.
find_mirror() {
  local f uri
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    while read -r uri; do
      case "$uri" in
        *-security*) ;;
        http://*/debian | http://*/debian/ | https://*/debian | https://*/debian/)
          printf '%s\n' "${uri%/}"
          return 0
          ;;
      esac
    done < <(sed -n 's/^[Uu][Rr][Ii][Ss]:[[:space:]]*//p' "$f" | tr ' ' '\n')
  done
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    while read -r uri; do
      case "$uri" in
        *-security*) ;;
        http://*/debian | http://*/debian/ | https://*/debian | https://*/debian/)
          printf '%s\n' "${uri%/}"
          return 0
          ;;
      esac
    done < <(awk '$1 == "deb" { for (i = 2; i <= NF; i++) if ($i ~ /^https?:\/\//) { print $i; break } }' "$f")
  done
  return 1
}

MIRROR="${SANDKASTEN_DEBIAN_MIRROR:-$(find_mirror || true)}"
[[ -n "$MIRROR" ]] || die "no Debian mirror in /etc/apt/sources*: set SANDKASTEN_DEBIAN_MIRROR to one"
case "$MIRROR" in
  */debian) SECURITY_MIRROR="${MIRROR}-security" ;;
  *) SECURITY_MIRROR="" ;;
esac
log "$TARGET: mirror $MIRROR"

missing=()
have debootstrap || missing+=(debootstrap)
KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
[[ -f "$KEYRING" ]] || missing+=(debian-archive-keyring)
if [[ ${#missing[@]} -gt 0 ]]; then
  apt_install "${missing[@]}"
fi

[[ "$(id -u)" -eq 0 ]] || die "debootstrap needs root"

ROOTFS="$(mktemp -d /var/tmp/sandkasten-rootfs.XXXXXX)"
cleanup() {
  local m
  for m in proc sys dev/pts dev; do
    if mountpoint -q "$ROOTFS/$m" 2>/dev/null; then umount -l "$ROOTFS/$m" || true; fi
  done
  rm -rf --one-file-system "$ROOTFS" || warn "could not remove $ROOTFS"
}
trap cleanup EXIT

DEBOOTSTRAP_LOG="$REPO/.tools/logs/debootstrap.log"
mkdir -p "$(dirname "$DEBOOTSTRAP_LOG")"
log "$TARGET: debootstrap --variant=minbase $SUITE (log: ${DEBOOTSTRAP_LOG#"$REPO"/})"
t_db="$(now_s)"
if ! debootstrap --variant=minbase --include=ca-certificates \
  --keyring="$KEYRING" "$SUITE" "$ROOTFS" "$MIRROR" >"$DEBOOTSTRAP_LOG" 2>&1; then
  tail -n 30 "$DEBOOTSTRAP_LOG" >&2 || true
  die "debootstrap failed (full log: $DEBOOTSTRAP_LOG)"
fi
log "$TARGET: debootstrap done ($(elapsed "$t_db"))"

# Package sources inside the image: the same mirror, plus updates and security.
{
  echo "deb $MIRROR $SUITE main"
  echo "deb $MIRROR $SUITE-updates main"
  if [[ -n "$SECURITY_MIRROR" ]]; then echo "deb $SECURITY_MIRROR $SUITE-security main"; fi
} >"$ROOTFS/etc/apt/sources.list"

# Container-friendly apt/dpkg settings, like Debian's official -slim images:
# no docs/man pages, no recommends, no package cache kept.
cat >"$ROOTFS/etc/dpkg/dpkg.cfg.d/sandkasten-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
cat >"$ROOTFS/etc/apt/apt.conf.d/90sandkasten" <<'EOF'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
Acquire::Languages "none";
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
EOF

# Clean up what debootstrap leaves behind, and drop what the excludes above
# keep out of later installs (debootstrap itself did not apply them).
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/archives/*.deb \
  "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/log/*.log "$ROOTFS"/var/log/apt/* \
  "$ROOTFS"/usr/share/man/* "$ROOTFS"/usr/share/groff/* "$ROOTFS"/usr/share/info/* \
  "$ROOTFS"/usr/share/lintian/* "$ROOTFS"/usr/share/linda/* "$ROOTFS"/usr/share/locale/* \
  "$ROOTFS"/tmp/* "$ROOTFS"/var/tmp/*
find "$ROOTFS/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
find "$ROOTFS/usr/share/doc" -mindepth 1 -type d -empty -delete
mkdir -p "$ROOTFS/var/lib/apt/lists/partial"
: >"$ROOTFS/etc/machine-id"
rm -f "$ROOTFS/etc/hostname" "$ROOTFS/etc/resolv.conf"

log "$TARGET: docker import"
t_imp="$(now_s)"
tar --numeric-owner -C "$ROOTFS" -c . |
  docker import \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["/bin/bash"]' \
    --change "LABEL sandkasten.bootstrap-hash=$SELF_HASH" \
    --message "debootstrap --variant=minbase $SUITE from $MIRROR" \
    - "$TARGET" >/dev/null
log "$TARGET: imported ($(elapsed "$t_imp")); total $(elapsed "$T0"), size $(docker image inspect -f '{{.Size}}' "$TARGET" | awk '{ printf "%.0f MB", $1 / 1e6 }')"
