#!/usr/bin/env bash
# Bring up a real single-node Kubernetes cluster (v1.34.2) on this machine:
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler, a containerd
# of its own and the kubelet, as background processes with pid files and logs
# in the state dir. Idempotent: what already runs is left running, what was
# built, generated or imported before is reused.
#
# Usage: scripts/k8s/up.sh [STATE_DIR]   (default .tools/k8s-state)
# Prints the admin kubeconfig's path on stdout. Stop with scripts/k8s/down.sh.
set -euo pipefail
source "$(dirname "$0")/lib.sh" "${1:-}"
source "$(dirname "$0")/pki.sh"
source "$(dirname "$0")/config.sh"
source "$(dirname "$0")/host.sh"
source "$(dirname "$0")/images.sh"

K8S_IMPORT_IMAGES="${K8S_IMPORT_IMAGES:-sandbox-runtime:base}"

[[ "$(id -u)" -eq 0 ]] || die "the kubelet and containerd need root"
t_start="$(now_s)"

# --- packages and binaries -------------------------------------------------
missing=()
have etcd || missing+=(etcd-server)
[[ -x "$K8S_CNI_BIN_DIR/bridge" ]] || missing+=(containernetworking-plugins)
{ have containerd && have ctr; } || missing+=(containerd)
have openssl || missing+=(openssl)
have iptables || missing+=(iptables)
have ip || missing+=(iproute2)
have curl || missing+=(curl)
apt_install "${missing[@]}"
ensure_docker
ensure_go
build_args=()
k8s_needs_kubectl && build_args+=(--kubectl)
bash "$(dirname "$0")/build.sh" "${build_args[@]}"
k8s_use_kubectl
BIN="$(k8s_bin_dir)"

# --- files -------------------------------------------------------------------
mkdir -p "$K8S_RUN" "$K8S_LOGS" "$K8S_STATE/etcd" "$K8S_STATE/pod-logs"
chmod 700 "$K8S_STATE/etcd"
k8s_ensure_pki
k8s_write_kubeconfig
k8s_write_containerd_config
k8s_write_cni_config
k8s_write_kubelet_config
k8s_note_host_dirs
k8s_ensure_bridge
k8s_save_sysctls

# fail_with NAME MESSAGE: show the component's log tail and stop.
fail_with() {
  warn "last lines of $K8S_LOGS/$1.log:"
  tail -n 25 "$K8S_LOGS/$1.log" >&2 || true
  die "$2"
}

# --- control plane -----------------------------------------------------------
start_bg etcd etcd --name sandkasten --data-dir "$K8S_STATE/etcd" \
  --listen-client-urls "http://127.0.0.1:$K8S_ETCD_PORT" \
  --advertise-client-urls "http://127.0.0.1:$K8S_ETCD_PORT" \
  --listen-peer-urls "http://127.0.0.1:$K8S_ETCD_PEER_PORT" \
  --initial-advertise-peer-urls "http://127.0.0.1:$K8S_ETCD_PEER_PORT" \
  --initial-cluster "sandkasten=http://127.0.0.1:$K8S_ETCD_PEER_PORT"
etcd_healthy() { curl -fsS "http://127.0.0.1:$K8S_ETCD_PORT/health" | grep -q '"health":"true"'; }
wait_for 30 etcd_healthy || fail_with etcd "etcd did not become healthy in 30 s"

start_bg kube-apiserver "$BIN/kube-apiserver" \
  --etcd-servers "http://127.0.0.1:$K8S_ETCD_PORT" \
  --bind-address 127.0.0.1 --secure-port "$K8S_APISERVER_PORT" \
  --advertise-address "$K8S_NODE_IP" \
  --tls-cert-file "$K8S_PKI/apiserver.crt" --tls-private-key-file "$K8S_PKI/apiserver.key" \
  --client-ca-file "$K8S_PKI/ca.crt" \
  --token-auth-file "$K8S_PKI/tokens.csv" \
  --service-account-issuer https://kubernetes.default.svc.cluster.local \
  --service-account-key-file "$K8S_PKI/sa.pub" \
  --service-account-signing-key-file "$K8S_PKI/sa.key" \
  --service-cluster-ip-range "$K8S_SERVICE_SUBNET" \
  --authorization-mode Node,RBAC \
  --kubelet-client-certificate "$K8S_PKI/apiserver-kubelet-client.crt" \
  --kubelet-client-key "$K8S_PKI/apiserver-kubelet-client.key" \
  --kubelet-preferred-address-types InternalIP \
  --profiling=false
apiserver_ready() {
  curl -fsS --cacert "$K8S_PKI/ca.crt" -H "Authorization: Bearer $(k8s_admin_token)" \
    "https://127.0.0.1:$K8S_APISERVER_PORT/readyz" | grep -qx ok
}
wait_for 60 apiserver_ready || fail_with kube-apiserver "kube-apiserver was not ready in 60 s"
t_api="$(elapsed "$t_start")"
log "API server ready at https://127.0.0.1:$K8S_APISERVER_PORT ($t_api since start)"

start_bg kube-controller-manager "$BIN/kube-controller-manager" \
  --kubeconfig "$K8S_KUBECONFIG" --secure-port 0 --leader-elect=false \
  --controllers '*,-nodeipam' --use-service-account-credentials=false \
  --service-account-private-key-file "$K8S_PKI/sa.key" --root-ca-file "$K8S_PKI/ca.crt" \
  --flex-volume-plugin-dir "$K8S_STATE/kubelet-plugins" \
  --profiling=false
start_bg kube-scheduler "$BIN/kube-scheduler" \
  --kubeconfig "$K8S_KUBECONFIG" --secure-port 0 --leader-elect=false --profiling=false

# --- node ----------------------------------------------------------------------
start_bg containerd containerd --config "$K8S_STATE/containerd/config.toml"
wait_for 30 kctr version || fail_with containerd "containerd did not answer on $K8S_CONTAINERD_SOCK in 30 s"
k8s_ensure_pause_image

t_kubelet="$(now_s)"
# A Ready condition left in etcd by an earlier run does not count: it must be
# reported by the kubelet that runs now.
ready_since="1970-01-01T00:00:00Z"
pid_alive kubelet || ready_since="$(date -u +%Y-%m-%dT%H:%M:%SZ)"
start_bg kubelet "$BIN/kubelet" \
  --config "$K8S_STATE/kubelet.yaml" --kubeconfig "$K8S_KUBECONFIG" \
  --root-dir "$K8S_STATE/kubelet" --cert-dir "$K8S_STATE/kubelet/pki" \
  --node-ip "$K8S_NODE_IP" --hostname-override "$K8S_NODE_NAME"
node_ready() {
  local ready
  ready="$(kctl get node "$K8S_NODE_NAME" \
    -o jsonpath='{range .status.conditions[?(@.type=="Ready")]}{.status} {.lastHeartbeatTime}{end}')"
  [[ "${ready% *}" == True && ! "${ready#* }" < "$ready_since" ]]
}
wait_for 90 node_ready || fail_with kubelet "node $K8S_NODE_NAME was not Ready in 90 s"
t_node="$(elapsed "$t_kubelet")"
log "node $K8S_NODE_NAME Ready ($t_node after the kubelet started)"

for image in $K8S_IMPORT_IMAGES; do k8s_import_image "$image"; done

t_total="$(elapsed "$t_start")"
printf 'cluster_api_ready=%s\nnode_ready_after_kubelet=%s\nup_total=%s\n' \
  "$t_api" "$t_node" "$t_total" >"$K8S_STATE/timings"
log "cluster up in $t_total (API ready $t_api, node Ready $t_node after kubelet start)"
log "kubeconfig: $K8S_KUBECONFIG"
printf '%s\n' "$K8S_KUBECONFIG"
