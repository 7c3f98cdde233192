#!/usr/bin/env bash
# Stop the cluster up.sh started and undo what it changed on the host: pods
# are deleted through the API first (so the CNI tears their network down),
# then every process is stopped by its pid file, pod mounts under the state
# dir are unmounted, and the bridge, the kubelet's iptables chains, sysctls
# and kubepods cgroups are removed or restored. etcd data, certificates and
# imported images stay, so the next up.sh is fast. Idempotent.
#
# Usage: scripts/k8s/down.sh [STATE_DIR]   (default .tools/k8s-state)
set -euo pipefail
source "$(dirname "$0")/lib.sh" "${1:-}"
source "$(dirname "$0")/host.sh"

[[ "$(id -u)" -eq 0 ]] || die "needs root"
t0="$(now_s)"

# Controllers first, so nothing recreates the pods about to be deleted.
stop_bg kube-controller-manager kube-scheduler

if pid_alive kube-apiserver && pid_alive kubelet && have kubectl; then
  k8s_use_kubectl
  kctl delete pods --all --all-namespaces --grace-period=1 --wait=false >/dev/null 2>&1 || true
  no_pods_left() { [[ -z "$(kctl get pods -A -o name 2>/dev/null)" ]]; }
  wait_for 30 no_pods_left || warn "pods still listed after 30 s; stopping anyway"
fi

# Containers left behind (a kubelet that died, a timeout above): stop them
# through our containerd, which tears down their sandboxes' network too.
if pid_alive containerd; then
  for task in $(kctr tasks ls -q 2>/dev/null); do
    kctr tasks kill -s SIGKILL "$task" >/dev/null 2>&1 || true
  done
fi
stop_bg kubelet

# Shims outlive containerd; find ours by the socket they were started for.
shims=()
for proc in /proc/[0-9]*; do
  cmdline="$(tr "\0" " " 2>/dev/null <"$proc/cmdline" || true)"
  [[ "$cmdline" == *containerd-shim*"-address $K8S_CONTAINERD_SOCK "* ]] && shims+=("${proc#/proc/}")
done
# The apiserver hangs in its shutdown when etcd goes first.
stop_bg containerd kube-apiserver
stop_bg etcd
for pid in "${shims[@]}"; do
  kill -KILL "$pid" 2>/dev/null && log "killed leftover shim $pid"
done

k8s_unmount_state
k8s_remove_bridge
k8s_remove_iptables_chains
k8s_restore_sysctls
k8s_remove_kubepods_cgroups
k8s_remove_host_leftovers
# --one-file-system: never follow a mount that refused to go away.
rm -rf --one-file-system "$K8S_STATE/containerd/state" "$K8S_STATE/cni/ipam"
log "cluster in $K8S_STATE is down ($(elapsed "$t0"))"
