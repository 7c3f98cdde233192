#!/usr/bin/env bash
# Images for the cluster's containerd without a registry: the pause image is
# built locally, project images come from the Docker engine through
# `docker save | ctr import`. Sourced after lib.sh.

_k8s_has_image() { kctr images ls -q | grep -qxF "$1"; }

k8s_ensure_pause_image() {
  _k8s_has_image "$K8S_PAUSE_IMAGE" && return 0
  local t0 ctx
  t0="$(now_s)"
  ctx="$(mktemp -d)"
  (cd "$K8S_MODULE_DIR" && CGO_ENABLED=0 go build -trimpath -ldflags '-s -w' -o "$ctx/pause" ./pause) ||
    die "building the pause binary failed"
  printf 'FROM scratch\nCOPY pause /pause\nENTRYPOINT ["/pause"]\n' >"$ctx/Dockerfile"
  docker build -q -t "$K8S_PAUSE_IMAGE" "$ctx" >"$ctx/build.log" 2>&1 ||
    die "docker build of $K8S_PAUSE_IMAGE failed: $(cat "$ctx/build.log")"
  rm -rf "$ctx"
  docker save "$K8S_PAUSE_IMAGE" | kctr images import - >/dev/null || die "importing $K8S_PAUSE_IMAGE failed"
  log "pause image $K8S_PAUSE_IMAGE built and imported ($(elapsed "$t0"))"
}

# k8s_import_image IMAGE: import a Docker image unless the same image id was
# imported already. Pods then use it with imagePullPolicy: Never.
k8s_import_image() {
  local image="$1" id stamp ref t0
  id="$(docker image inspect -f '{{.Id}}' "$image" 2>/dev/null)" ||
    die "image $image is not in the Docker engine (build it with scripts/setup.sh)"
  ref="docker.io/library/$image"
  [[ "$image" == */* ]] && ref="$image"
  stamp="$K8S_STATE/images/${image//[\/:]/_}.id"
  if [[ "$(cat "$stamp" 2>/dev/null)" == "$id" ]] && _k8s_has_image "$ref"; then
    return 0
  fi
  t0="$(now_s)"
  mkdir -p "$K8S_STATE/images"
  docker save "$image" | kctr images import - >/dev/null || die "importing $image failed"
  printf '%s' "$id" >"$stamp"
  log "imported $image into the cluster's containerd ($(elapsed "$t0"))"
}
