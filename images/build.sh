#!/usr/bin/env bash
# Build Sandkasten's sandbox images (and the daemon's) without any container registry:
#
#   sandbox-runtime:base    FROM sandkasten/debian:bookworm (debootstrap + import)
#   sandbox-runtime:python  FROM sandbox-runtime:base
#   sandbox-runtime:node    FROM sandbox-runtime:base
#   sandkasten/daemon:latest  FROM sandkasten/debian:bookworm: the daemon itself
#                           (deploy/Dockerfile), only when named
#
# Usage: images/build.sh [--force] [--verbose] [base|python|node|daemon ...]
# (Another image: add images/NAME/Dockerfile and NAME to ALL_IMAGES below.)
#
# With no names, the three sandbox images are built. A named image's parents
# are brought up to date first. An image is skipped ("up to date") when its label
# sandkasten.build-hash equals the hash of its build inputs: the files in
# images/NAME/, the parent image's id and, for node, the Node and npm versions.
# The daemon image packs what `npm run build` made in a checkout: the CLI
# package (scripts/cli-package.mjs), its production dependencies as
# package-lock.json pins them, and the Node binary in .tools; its hash covers
# those, deploy/Dockerfile and deploy/sandkasten.yaml.
#   --force    rebuild the named images (the sandbox images, if none named) without the
#              hash check and without Docker's layer cache
#   --verbose  stream `docker build` output (also SANDKASTEN_VERBOSE=1);
#              otherwise it goes to .tools/logs/image-NAME.log
set -euo pipefail
# shellcheck source=SCRIPTDIR/../scripts/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib/common.sh"

IMAGES_DIR="$REPO/images"
ALL_IMAGES=(base python node daemon)
# Built when no names are given: what sessions run in.
DEFAULT_IMAGES=(base python node)
DAEMON_TAG="sandkasten/daemon:latest"
DEBIAN_IMAGE="${SANDKASTEN_DEBIAN_IMAGE:-sandkasten/debian:bookworm}"
NPM_SPEC="npm@11"
# Bump when the way images are built changes in a way the inputs don't show.
HASH_SCHEME=1
LOG_DIR="$REPO/.tools/logs"
CACHE_DIR="$REPO/.tools/cache"

contains() {
  local needle="$1" x
  shift
  for x in "$@"; do [[ "$x" == "$needle" ]] && return 0; done
  return 1
}

FORCE=0
VERBOSE="${SANDKASTEN_VERBOSE:-0}"
requested=()
for arg in "$@"; do
  case "$arg" in
    --force) FORCE=1 ;;
    -v | --verbose) VERBOSE=1 ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    -*) die "unknown option: $arg (try --help)" ;;
    *)
      name="${arg#sandbox-runtime:}"
      if [[ "$name" == "${DAEMON_TAG%:*}" || "$name" == "$DAEMON_TAG" ]]; then name=daemon; fi
      contains "$name" "${ALL_IMAGES[@]}" ||
        die "unknown image: $arg (images: ${ALL_IMAGES[*]})"
      requested+=("$name")
      ;;
  esac
done

parent_of() {
  case "$1" in
    base | daemon) printf '%s\n' "$DEBIAN_IMAGE" ;;
    *) printf 'sandbox-runtime:base\n' ;;
  esac
}

# What to build, in dependency order; what --force applies to.
if [[ ${#requested[@]} -eq 0 ]]; then
  requested=("${DEFAULT_IMAGES[@]}")
fi
selected=()
forced=()
for name in "${ALL_IMAGES[@]}"; do
  if contains "$name" "${requested[@]}"; then
    selected+=("$name")
    if [[ "$FORCE" -eq 1 ]]; then forced+=("$name"); fi
  elif [[ "$name" == base ]]; then
    # The other sandbox images build FROM base: keep it up to date too.
    for r in "${requested[@]}"; do
      if [[ "$r" != base && "$r" != daemon ]]; then
        selected+=(base)
        break
      fi
    done
  fi
done

T_ALL="$(now_s)"
log "images: ${selected[*]}${forced[*]:+ (forced: ${forced[*]})}"

t="$(now_s)"
ensure_docker
log "step docker: ok ($(elapsed "$t"))"

t="$(now_s)"
bash "$IMAGES_DIR/bootstrap-debian.sh"
log "step bootstrap $DEBIAN_IMAGE: ok ($(elapsed "$t"))"

# --- node image prerequisites -------------------------------------------------
NPM_TGZ=""
if contains node "${selected[@]}"; then
  t="$(now_s)"
  ensure_node
  mkdir -p "$CACHE_DIR"
  # npm is fetched once per .tools (from the host: containers can't reach the
  # registry) and reused, so an unchanged checkout never needs the network.
  NPM_TGZ="$(find "$CACHE_DIR" -maxdepth 1 -name 'npm-11.*.tgz' -printf '%f\n' 2>/dev/null | sort -V | tail -n 1)"
  if [[ -z "$NPM_TGZ" ]]; then
    log "npm pack $NPM_SPEC (for the node image)"
    NPM_TGZ="$(cd "$CACHE_DIR" && npm pack "$NPM_SPEC" --silent 2>/dev/null | tail -n 1)" ||
      die "npm pack $NPM_SPEC failed"
    [[ -f "$CACHE_DIR/$NPM_TGZ" ]] || die "npm pack $NPM_SPEC produced no tarball"
  fi
  log "step node prerequisites: node $("$NODE_BIN" --version), $NPM_TGZ ($(elapsed "$t"))"
fi

# --- daemon image prerequisites -----------------------------------------------
# One per run: a concurrent build must not empty this one's context.
DAEMON_CTX="$REPO/.tools/build/daemon.$$"
if contains daemon "${selected[@]}"; then
  t="$(now_s)"
  trap 'rm -rf "$DAEMON_CTX"' EXIT
  [[ -f "$REPO/package-lock.json" && -f "$REPO/scripts/cli-package.mjs" ]] ||
    die "the daemon image is built from a checkout of the repository (it packs dist/ and node_modules); $REPO is not one"
  ensure_node
  [[ -d "$REPO/node_modules" ]] || die "node_modules is missing: run 'npm ci' first"
  # The package as npm would publish it; its hash decides whether to build.
  rm -rf "$DAEMON_CTX"
  "$NODE_BIN" "$REPO/scripts/cli-package.mjs" --out "$DAEMON_CTX/sandkasten" ||
    die "could not assemble the CLI package (run 'npm run build' first)"
  log "step daemon prerequisites: CLI package, node $("$NODE_BIN" --version) ($(elapsed "$t"))"
fi

# --- hashing -------------------------------------------------------------------
# build_hash NAME: sha256 over everything that determines the image.
build_hash() {
  local name="$1" dir="$IMAGES_DIR/$1" parent_id
  if [[ "$name" == daemon ]]; then dir="$REPO/deploy"; fi
  parent_id="$(docker image inspect -f '{{.Id}}' "$(parent_of "$name")")" ||
    die "parent image $(parent_of "$name") of $name is missing"
  {
    printf 'scheme %s\nimage %s\nparent %s\n' "$HASH_SCHEME" "$name" "$parent_id"
    if [[ "$name" == daemon ]]; then
      (cd "$dir" && sha256sum Dockerfile sandkasten.yaml)
      (cd "$DAEMON_CTX" && find sandkasten -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
      sha256sum "$REPO/package-lock.json" | cut -c1-64
      sha256sum "$NODE_BIN" | cut -c1-64
    else
      (cd "$dir" && find . -type f -print0 | LC_ALL=C sort -z | xargs -0 -r sha256sum)
    fi
    if [[ "$name" == node ]]; then
      printf 'node %s\nnpm %s\n' "$("$NODE_BIN" --version)" "$NPM_TGZ"
    fi
  } | sha256sum | cut -c1-64
}

image_label() {
  docker image inspect -f '{{index .Config.Labels "sandkasten.build-hash"}}' "$1" 2>/dev/null || true
}

# prepare_context NAME: print the directory to use as build context.
prepare_context() {
  local name="$1"
  if [[ "$name" == daemon ]]; then
    # Beside the package: its dependencies, Node, and what the Dockerfile copies.
    "$NODE_BIN" "$REPO/scripts/cli-package.mjs" --out "$DAEMON_CTX/sandkasten" --node-modules ||
      die "could not copy the production dependencies into the daemon image's context"
    ln "$NODE_BIN" "$DAEMON_CTX/node" 2>/dev/null || cp "$NODE_BIN" "$DAEMON_CTX/node"
    chmod 0755 "$DAEMON_CTX/node"
    cp "$REPO/deploy/Dockerfile" "$REPO/deploy/sandkasten.yaml" "$DAEMON_CTX/"
    printf '%s\n' "$DAEMON_CTX"
    return 0
  fi
  if [[ "$name" != node ]]; then
    printf '%s\n' "$IMAGES_DIR/$name"
    return 0
  fi
  local ctx="$REPO/.tools/build/node"
  rm -rf "$ctx"
  mkdir -p "$ctx"
  cp -a "$IMAGES_DIR/node/." "$ctx/"
  # Hard links are instant; fall back to a copy across file systems.
  ln "$NODE_BIN" "$ctx/node" 2>/dev/null || cp "$NODE_BIN" "$ctx/node"
  chmod 0755 "$ctx/node"
  mkdir -p "$ctx/npm"
  tar -xzf "$CACHE_DIR/$NPM_TGZ" -C "$ctx/npm" --strip-components=1 --no-same-owner
  chmod -R u+rwX,go+rX,go-w "$ctx/npm"
  chmod 0755 "$ctx/npm/bin/npm-cli.js" "$ctx/npm/bin/npx-cli.js"
  printf '%s\n' "$ctx"
}

build_one() {
  local name="$1" tag="sandbox-runtime:$1" hash current t ctx logf
  if [[ "$name" == daemon ]]; then tag="$DAEMON_TAG"; fi
  t="$(now_s)"
  hash="$(build_hash "$name")"
  current="$(image_label "$tag")"
  if ! contains "$name" "${forced[@]}" && [[ "$current" == "$hash" ]]; then
    log "step image $tag: up to date (${hash:0:12}) ($(elapsed "$t"))"
    if [[ "$name" == daemon ]]; then rm -rf "$DAEMON_CTX"; fi
    return 0
  fi
  local args=(build -t "$tag" --label "sandkasten.build-hash=$hash")
  if contains "$name" "${forced[@]}"; then
    args+=(--no-cache)
    log "step image $tag: rebuilding (--force)"
  elif [[ -z "$current" ]]; then
    log "step image $tag: building (new)"
  else
    log "step image $tag: building (inputs changed: ${current:0:12} -> ${hash:0:12})"
  fi
  ctx="$(prepare_context "$name")"
  mkdir -p "$LOG_DIR"
  logf="$LOG_DIR/image-$name.log"
  local rc=0
  if [[ "$VERBOSE" == 1 ]]; then
    docker "${args[@]}" "$ctx" 2>&1 | tee "$logf" >&2 || rc=$?
  else
    log "  docker build output: ${logf#"$REPO"/}"
    docker "${args[@]}" "$ctx" >"$logf" 2>&1 || rc=$?
  fi
  if [[ "$name" == node ]]; then rm -rf "$REPO/.tools/build/node"; fi
  if [[ "$name" == daemon ]]; then rm -rf "$DAEMON_CTX"; fi
  if [[ "$rc" -ne 0 ]]; then
    if [[ "$VERBOSE" != 1 ]]; then
      warn "last lines of $logf:"
      tail -n 40 "$logf" >&2 || true
    fi
    die "building $tag failed (exit $rc; full log: $logf)"
  fi
  # Drop the previous build of this image if nothing uses it any more.
  docker image prune -f --filter "label=sandkasten.image=$name" >/dev/null 2>&1 || true
  log "step image $tag: built, $(docker image inspect -f '{{.Size}}' "$tag" | awk '{ printf "%.0f MB", $1 / 1e6 }') ($(elapsed "$t"))"
}

for name in "${selected[@]}"; do
  build_one "$name"
done

log "images done ($(elapsed "$T_ALL"))"
