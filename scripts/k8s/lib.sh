#!/usr/bin/env bash
# shellcheck disable=SC2034 # settings read by the scripts that source this
# Shared settings and helpers for the single-node Kubernetes scripts in
# scripts/k8s. Source it: `source "$(dirname "$0")/lib.sh" "${1:-}"` — the
# argument is the state dir (default .tools/k8s-state).

source "$(dirname "${BASH_SOURCE[0]}")/../lib/common.sh"

K8S_VERSION=v1.34.2
K8S_MODULE_DIR="$REPO/native/k8s-build"
K8S_COMMANDS=(kube-apiserver kube-controller-manager kube-scheduler kubelet)

K8S_STATE="$(mkdir -p "${1:-${K8S_STATE:-$REPO/.tools/k8s-state}}" && cd "${1:-${K8S_STATE:-$REPO/.tools/k8s-state}}" && pwd -P)"
export K8S_STATE

# Fixed loopback ports, all overridable, chosen away from the usual defaults
# so a cluster here never collides with another Kubernetes on the machine.
K8S_ETCD_PORT="${K8S_ETCD_PORT:-12379}"
K8S_ETCD_PEER_PORT="${K8S_ETCD_PEER_PORT:-12380}"
K8S_APISERVER_PORT="${K8S_APISERVER_PORT:-16443}"
K8S_KUBELET_PORT="${K8S_KUBELET_PORT:-11250}"
K8S_KUBELET_HEALTHZ_PORT="${K8S_KUBELET_HEALTHZ_PORT:-11248}"

# The pod network is a bridge of its own; its gateway address is the node IP
# (the kubelet's node IP must not be loopback, or exec/logs fail).
K8S_BRIDGE="${K8S_BRIDGE:-skt-k8s0}"
K8S_POD_SUBNET="${K8S_POD_SUBNET:-10.250.0.0/24}"
K8S_NODE_IP="${K8S_NODE_IP:-10.250.0.1}"
K8S_SERVICE_SUBNET="${K8S_SERVICE_SUBNET:-10.251.0.0/24}"
K8S_SERVICE_IP="${K8S_SERVICE_IP:-10.251.0.1}"
K8S_NODE_NAME="${K8S_NODE_NAME:-sandkasten-node}"
K8S_CNI_NETWORK=sandkasten-k8s
K8S_PAUSE_IMAGE=sandkasten.local/pause:1

K8S_CONTAINERD_SOCK="$K8S_STATE/containerd/containerd.sock"
K8S_KUBECONFIG="$K8S_STATE/admin.kubeconfig"
K8S_PKI="$K8S_STATE/pki"
K8S_RUN="$K8S_STATE/run"
K8S_LOGS="$K8S_STATE/logs"

# Global sysctls the kubelet rewrites at start; down.sh puts them back.
K8S_KUBELET_SYSCTLS=(kernel.panic kernel.panic_on_oops vm.overcommit_memory
  vm.panic_on_oom kernel.keys.root_maxkeys kernel.keys.root_maxbytes)

# k8s_bin_dir: where the binaries built from the wrapper module live, keyed
# by its go.mod and go.sum so a rebuild happens only when the wrapper changes.
k8s_bin_dir() {
  local hash
  hash="$(cat "$K8S_MODULE_DIR/go.mod" "$K8S_MODULE_DIR/go.sum" | sha256sum | cut -c1-16)"
  printf '%s/.tools/k8s/%s' "$REPO" "$hash"
}

k8s_binaries_present() {
  local dir cmd
  dir="$(k8s_bin_dir)"
  for cmd in "${K8S_COMMANDS[@]}"; do
    [[ -x "$dir/$cmd" ]] || return 1
  done
}

kctl() { kubectl --kubeconfig "$K8S_KUBECONFIG" "$@"; }
kctr() { ctr --address "$K8S_CONTAINERD_SOCK" --namespace k8s.io "$@"; }

# pid_alive NAME: the process started under NAME (pid file in run/) is alive
# and still the binary we started (guards against a recycled pid).
pid_alive() {
  local pidfile="$K8S_RUN/$1.pid" pid exe
  [[ -f "$pidfile" ]] || return 1
  pid="$(cat "$pidfile")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null || true)"
  [[ "$(basename "${exe% (deleted)}")" == "$(cat "$K8S_RUN/$1.exe" 2>/dev/null)" ]]
}

# start_bg NAME BINARY ARGS...: start a background process with its pid file
# and log in the state dir, unless it already runs.
start_bg() {
  local name="$1"
  shift
  if pid_alive "$name"; then
    log "$name already running (pid $(cat "$K8S_RUN/$name.pid"))"
    return 0
  fi
  mkdir -p "$K8S_RUN" "$K8S_LOGS"
  basename "$(readlink -f "$(command -v "$1")")" >"$K8S_RUN/$name.exe"
  setsid "$@" >>"$K8S_LOGS/$name.log" 2>&1 </dev/null &
  echo "$!" >"$K8S_RUN/$name.pid"
  log "started $name (pid $!, log $K8S_LOGS/$name.log)"
}

# stop_bg NAME...: SIGTERM all of them by pid file at once, SIGKILL what is
# left after 10 s.
stop_bg() {
  local name pid i t0 names=() pids=()
  t0="$(now_s)"
  for name in "$@"; do
    if pid_alive "$name"; then
      pid="$(cat "$K8S_RUN/$name.pid")"
      kill -TERM "$pid" 2>/dev/null || true
      names+=("$name")
      pids+=("$pid")
    fi
  done
  for ((i = 0; i < 100; i++)); do
    kill -0 "${pids[@]}" 2>/dev/null || break
    sleep 0.1
  done
  for i in "${!pids[@]}"; do
    if kill -0 "${pids[$i]}" 2>/dev/null; then
      warn "${names[$i]} (pid ${pids[$i]}) ignored SIGTERM; killing it"
      kill -KILL "${pids[$i]}" 2>/dev/null || true
    fi
    log "stopped ${names[$i]} (pid ${pids[$i]})"
  done
  ((${#pids[@]} == 0)) || log "stopping took $(elapsed "$t0")"
  for name in "$@"; do rm -f "$K8S_RUN/$name.pid" "$K8S_RUN/$name.exe"; done
}

# wait_for SECONDS COMMAND...: retry COMMAND every 0.2 s until it succeeds.
wait_for() {
  local limit="$1" deadline
  shift
  deadline=$(($(date +%s) + limit))
  until "$@" >/dev/null 2>&1; do
    (($(date +%s) < deadline)) || return 1
    sleep 0.2
  done
}

# kubectl: the one built next to the cluster binaries if there is one, else
# any on PATH; none at all means build.sh builds it (Debian 12's
# kubernetes-client is 1.20, too old for a 1.34 API server).
k8s_needs_kubectl() { [[ ! -x "$(k8s_bin_dir)/kubectl" ]] && ! have kubectl; }
k8s_use_kubectl() {
  local dir
  dir="$(k8s_bin_dir)"
  if [[ -x "$dir/kubectl" ]]; then
    PATH="$dir:$PATH"
    export PATH
    hash -r
  fi
  have kubectl || die "kubectl not found: run scripts/k8s/build.sh --kubectl"
}
