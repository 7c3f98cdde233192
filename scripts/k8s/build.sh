#!/usr/bin/env bash
# Build kube-apiserver, kube-controller-manager, kube-scheduler and kubelet
# (Kubernetes v1.34.2) from the Go module proxy through the wrapper module in
# native/k8s-build, into .tools/k8s/<hash of the wrapper>/. A no-op when that
# directory is complete. Pass --kubectl to build kubectl there too.
# Cold: ~6 min on 2 cores, ~2 GB RAM, 350 MB of binaries, ~4 GB Go build cache.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

commands=("${K8S_COMMANDS[@]}")
[[ "${1:-}" == "--kubectl" ]] && commands+=(kubectl)

# version_ldflags: stamp the version the way Kubernetes' own build does, so
# `kubectl version` and the node's kubeletVersion say v1.34.2, not v0.0.0.
version_ldflags() {
  local major minor pkg flags="-s -w"
  major="${K8S_VERSION#v}"
  minor="${major#*.}"
  minor="${minor%%.*}"
  major="${major%%.*}"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    flags+=" -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$major"
    flags+=" -X $pkg.gitMinor=$minor -X $pkg.gitTreeState=clean"
    flags+=" -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  printf '%s' "$flags"
}

ensure_go
bin_dir="$(k8s_bin_dir)"
missing=()
for cmd in "${commands[@]}"; do
  [[ -x "$bin_dir/$cmd" ]] || missing+=("$cmd")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  log "Kubernetes $K8S_VERSION binaries already built in $bin_dir"
  exit 0
fi

t0="$(now_s)"
log "building ${missing[*]} ($K8S_VERSION, $(go env GOVERSION)) into $bin_dir"
mkdir -p "$bin_dir.tmp"
packages=()
for cmd in "${missing[@]}"; do packages+=("k8s.io/kubernetes/cmd/$cmd"); done
(
  cd "$K8S_MODULE_DIR"
  CGO_ENABLED=0 go build -trimpath -ldflags "$(version_ldflags)" -o "$bin_dir.tmp/" "${packages[@]}"
) || die "go build of ${missing[*]} failed"
mkdir -p "$bin_dir"
for cmd in "${missing[@]}"; do mv -f "$bin_dir.tmp/$cmd" "$bin_dir/$cmd"; done
rmdir "$bin_dir.tmp"
log "built ${missing[*]} in $(elapsed "$t0") ($(du -sh "$bin_dir" | cut -f1) in $bin_dir)"
