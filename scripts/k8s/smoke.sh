#!/usr/bin/env bash
# Smoke test of a cluster started by up.sh: run a pod from
# sandbox-runtime:base hardened like the Docker sessions (uid 1000, read-only
# root, all capabilities dropped, no privilege escalation, seccomp
# RuntimeDefault, a memory limit), exec into it, print what it sees, delete
# it, and print the timings.
#
# Usage: scripts/k8s/smoke.sh [STATE_DIR]   (default .tools/k8s-state)
set -euo pipefail
source "$(dirname "$0")/lib.sh" "${1:-}"

POD=skt-smoke
MEMORY_LIMIT_MIB=256
[[ -f "$K8S_KUBECONFIG" ]] || die "no kubeconfig in $K8S_STATE: run scripts/k8s/up.sh first"
k8s_use_kubectl
kctl get --raw /readyz >/dev/null 2>&1 || die "the API server does not answer: run scripts/k8s/up.sh first"

kctl delete pod "$POD" --ignore-not-found --grace-period=1 >/dev/null
t0="$(now_s)"
kctl apply -f - >/dev/null <<YAML
apiVersion: v1
kind: Pod
metadata:
  name: $POD
  labels: { app.kubernetes.io/name: sandkasten-smoke }
spec:
  restartPolicy: Never
  automountServiceAccountToken: false
  terminationGracePeriodSeconds: 1
  securityContext:
    runAsUser: 1000
    runAsGroup: 1000
    runAsNonRoot: true
    seccompProfile: { type: RuntimeDefault }
  containers:
    - name: main
      image: sandbox-runtime:base
      imagePullPolicy: Never
      command: [sleep, "3600"]
      securityContext:
        readOnlyRootFilesystem: true
        allowPrivilegeEscalation: false
        capabilities: { drop: [ALL] }
      resources:
        requests: { cpu: 100m, memory: ${MEMORY_LIMIT_MIB}Mi }
        limits: { cpu: 500m, memory: ${MEMORY_LIMIT_MIB}Mi }
YAML
if ! kctl wait --for=condition=Ready "pod/$POD" --timeout=60s >/dev/null; then
  kctl describe pod "$POD" >&2 || true
  die "pod $POD was not Ready in 60 s"
fi
t_pod="$(elapsed "$t0")"

log "exec in $POD:"
# shellcheck disable=SC2016 # expanded by the pod's shell
output="$(kctl exec "$POD" -- sh -c '
  echo "uid=$(id -u) gid=$(id -g)"
  for f in /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/memory.max; do
    [ -r "$f" ] && echo "memory limit ($f)=$(cat "$f")"
  done
  grep ^CapEff /proc/self/status
  touch /probe 2>/dev/null && echo "root fs writable" || echo "root fs read-only"
')"
printf '%s\n' "$output"

t1="$(now_s)"
kctl delete pod "$POD" --grace-period=1 >/dev/null
t_delete="$(elapsed "$t1")"

expect() { grep -qF "$1" <<<"$output" || die "expected '$1' in the pod's output"; }
expect "uid=1000"
expect "=$((MEMORY_LIMIT_MIB * 1024 * 1024))"
expect "CapEff:	0000000000000000"
expect "root fs read-only"

# shellcheck source=/dev/null
[[ -f "$K8S_STATE/timings" ]] && source "$K8S_STATE/timings"
log "timings: cluster API ready ${cluster_api_ready:-?} after up.sh started," \
  "node Ready ${node_ready_after_kubelet:-?} after kubelet start, up.sh total ${up_total:-?};" \
  "pod Ready $t_pod, pod deleted $t_delete"
log "smoke test passed"
