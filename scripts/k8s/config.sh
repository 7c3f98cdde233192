#!/usr/bin/env bash
# Config files of the cluster's own containerd, CNI network and kubelet,
# rewritten on every up.sh (they are cheap and follow the settings in lib.sh).

K8S_CNI_BIN_DIR=/usr/lib/cni

k8s_write_containerd_config() {
  local dir="$K8S_STATE/containerd"
  mkdir -p "$dir" "$K8S_STATE/cni/net.d"
  cat >"$dir/config.toml" <<TOML
# Written by scripts/k8s/up.sh. A containerd of the cluster's own: nothing
# here is shared with the system's or Docker's containerd.
version = 2
root = "$dir/root"
state = "$dir/state"

[grpc]
  address = "$K8S_CONTAINERD_SOCK"

[ttrpc]
  address = "$K8S_CONTAINERD_SOCK.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/opt"

[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$K8S_PAUSE_IMAGE"
  # Root here may not lower oom_score_adj; without this every pod fails with
  # "runc create failed: can't get final child's PID from pipe: EOF".
  restrict_oom_score_adj = true
  stream_server_address = "127.0.0.1"

  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"

    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"

      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$dir/runc"

  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "$K8S_CNI_BIN_DIR"
    conf_dir = "$K8S_STATE/cni/net.d"
TOML
}

k8s_write_cni_config() {
  cat >"$K8S_STATE/cni/net.d/10-$K8S_CNI_NETWORK.conflist" <<JSON
{
  "cniVersion": "0.4.0",
  "name": "$K8S_CNI_NETWORK",
  "plugins": [
    {
      "type": "bridge",
      "bridge": "$K8S_BRIDGE",
      "isGateway": true,
      "ipMasq": false,
      "hairpinMode": true,
      "ipam": {
        "type": "host-local",
        "dataDir": "$K8S_STATE/cni/ipam",
        "ranges": [[{ "subnet": "$K8S_POD_SUBNET", "gateway": "$K8S_NODE_IP" }]]
      }
    }
  ]
}
JSON
}

k8s_write_kubelet_config() {
  mkdir -p "$K8S_STATE/kubelet"
  cat >"$K8S_STATE/kubelet.yaml" <<YAML
# Written by scripts/k8s/up.sh.
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $K8S_NODE_IP
port: $K8S_KUBELET_PORT
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: $K8S_KUBELET_HEALTHZ_PORT
containerRuntimeEndpoint: unix://$K8S_CONTAINERD_SOCK
cgroupDriver: cgroupfs
failSwapOn: false
evictionHard: {}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
podLogsDir: $K8S_STATE/pod-logs
volumePluginDir: $K8S_STATE/kubelet-plugins
clusterDomain: cluster.local
authentication:
  anonymous:
    enabled: false
  webhook:
    enabled: true
  x509:
    clientCAFile: $K8S_PKI/ca.crt
authorization:
  mode: Webhook
YAML
}
