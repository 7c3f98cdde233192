#!/usr/bin/env bash
# What the cluster changes on the host outside its state dir, and how to put
# it back: the pod bridge, the kubelet's sysctls and iptables chains, its
# kubepods cgroups, mounts under the state dir. Sourced after lib.sh.

# k8s_ensure_bridge: the pod bridge, made before the kubelet starts because
# its gateway address is the node IP.
k8s_ensure_bridge() {
  local prefix="${K8S_POD_SUBNET#*/}"
  ip link show "$K8S_BRIDGE" >/dev/null 2>&1 || ip link add "$K8S_BRIDGE" type bridge
  ip -4 addr show dev "$K8S_BRIDGE" | grep -q "inet $K8S_NODE_IP/" ||
    ip addr add "$K8S_NODE_IP/$prefix" dev "$K8S_BRIDGE"
  ip link set "$K8S_BRIDGE" up
}

k8s_remove_bridge() {
  ip link show "$K8S_BRIDGE" >/dev/null 2>&1 || return 0
  ip link del "$K8S_BRIDGE"
  log "removed bridge $K8S_BRIDGE"
}

k8s_save_sysctls() {
  local saved="$K8S_STATE/sysctl.saved" key
  [[ -f "$saved" ]] && return 0
  for key in "${K8S_KUBELET_SYSCTLS[@]}"; do
    printf '%s=%s\n' "$key" "$(sysctl -n "$key")"
  done >"$saved.tmp"
  mv "$saved.tmp" "$saved"
}

k8s_restore_sysctls() {
  local saved="$K8S_STATE/sysctl.saved" line
  [[ -f "$saved" ]] || return 0
  while IFS= read -r line; do
    sysctl -q -w "$line" || warn "could not restore sysctl $line"
  done <"$saved"
  rm -f "$saved"
  log "restored sysctls ${K8S_KUBELET_SYSCTLS[*]}"
}

# The kubelet's own chains (v4 and v6). Only these names: no kube-proxy runs.
K8S_KUBELET_CHAINS=(KUBE-FIREWALL KUBE-KUBELET-CANARY KUBE-IPTABLES-HINT)

k8s_remove_iptables_chains() {
  local tool table chain rule
  for tool in iptables ip6tables; do
    have "$tool" || continue
    for table in filter nat mangle; do
      for chain in "${K8S_KUBELET_CHAINS[@]}"; do
        "$tool" -t "$table" -S "$chain" >/dev/null 2>&1 || continue
        # Rules elsewhere that jump to the chain go first.
        while IFS= read -r rule; do
          eval "$tool -t $table ${rule/-A /-D }"
        done < <("$tool" -t "$table" -S | grep -E -- "-j $chain( |$)" || true)
        "$tool" -t "$table" -F "$chain"
        "$tool" -t "$table" -X "$chain"
      done
    done
  done
}

# k8s_remove_kubepods_cgroups: the kubelet's cgroup tree, deepest first.
k8s_remove_kubepods_cgroups() {
  local root
  for root in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    [[ -d "$root" ]] || continue
    find "$root" -depth -type d -exec rmdir {} + 2>/dev/null || true
    [[ -d "$root" ]] && warn "could not remove $root (processes left in it?)"
  done
  return 0
}

# k8s_unmount_state: every mount under the state dir, deepest first.
k8s_unmount_state() {
  local mounts mnt count=0
  mapfile -t mounts < <(awk -v dir="$K8S_STATE/" 'index($5, dir) == 1 { print $5 }' /proc/self/mountinfo |
    awk '{ print length, $0 }' | sort -rn | cut -d' ' -f2- | uniq)
  for mnt in "${mounts[@]}"; do
    mnt="$(printf "%b" "${mnt//\\/\\0}")"
    umount "$mnt" 2>/dev/null || umount -l "$mnt" || warn "could not unmount $mnt"
    count=$((count + 1))
  done
  ((count == 0)) || log "unmounted $count mount(s) under $K8S_STATE"
}

# Directories outside the state dir that the kubelet and containerd create
# whatever they are told (hard-coded paths). up.sh notes the ones that did
# not exist before; down.sh removes those again once they are empty.
K8S_HOST_DIRS=(/var/lib/kubelet /var/lib/kubelet/device-plugins /var/lib/cni
  /var/lib/cni/results /run/netns /run/containerd /run/containerd/s
  /var/log/containers /usr/libexec/kubernetes)

k8s_note_host_dirs() {
  local noted="$K8S_STATE/host-dirs.created" dir
  touch "$noted"
  for dir in "${K8S_HOST_DIRS[@]}"; do
    [[ -e "$dir" ]] || grep -qxF "$dir" "$noted" || printf '%s\n' "$dir" >>"$noted"
  done
}

# k8s_remove_host_leftovers: this cluster's files in those directories (CNI
# result cache, container log links, the kubelet's device-plugin socket),
# then the directories it created, deepest first, if empty.
k8s_remove_host_leftovers() {
  local link dir noted="$K8S_STATE/host-dirs.created"
  rm -f /var/lib/cni/results/"$K8S_CNI_NETWORK"-* /var/lib/kubelet/device-plugins/kubelet.sock
  for link in /var/log/containers/*.log; do
    [[ -L "$link" && "$(readlink "$link")" == "$K8S_STATE/"* ]] && rm -f "$link"
  done
  [[ -f "$noted" ]] || return 0
  while IFS= read -r dir; do
    [[ -d "$dir" ]] || continue
    # Only the empty directory tree: rmdir never deletes a file.
    find "$dir" -depth -type d -exec rmdir {} + 2>/dev/null || true
  done < <(awk '{ print length, $0 }' "$noted" | sort -rn | cut -d' ' -f2-)
  return 0
}
