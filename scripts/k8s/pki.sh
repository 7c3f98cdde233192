#!/usr/bin/env bash
# Certificates, tokens and the kubeconfig of the single-node cluster, made
# once with openssl and kept in $K8S_PKI. Sourced by up.sh after lib.sh.

# _signed_cert NAME SUBJECT EXTENSIONS: a key and a certificate signed by
# the cluster CA, unless both exist for the same subject and extensions.
_signed_cert() {
  local name="$1" subject="$2" extensions="$3"
  local stamp="$K8S_PKI/$name.spec" spec="$subject|$extensions"
  if [[ -f "$K8S_PKI/$name.crt" && -f "$K8S_PKI/$name.key" && "$(cat "$stamp" 2>/dev/null)" == "$spec" ]]; then
    return 0
  fi
  openssl req -new -newkey rsa:2048 -nodes -subj "$subject" \
    -keyout "$K8S_PKI/$name.key" -out "$K8S_PKI/$name.csr" 2>/dev/null
  openssl x509 -req -in "$K8S_PKI/$name.csr" -days 3650 -sha256 \
    -CA "$K8S_PKI/ca.crt" -CAkey "$K8S_PKI/ca.key" -CAcreateserial \
    -extfile <(printf '%s\n' "$extensions" | tr ';' '\n') \
    -out "$K8S_PKI/$name.crt" 2>/dev/null
  rm -f "$K8S_PKI/$name.csr"
  printf '%s' "$spec" >"$stamp"
}

k8s_ensure_pki() {
  mkdir -p "$K8S_PKI"
  chmod 700 "$K8S_PKI"
  if [[ ! -f "$K8S_PKI/ca.crt" ]]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -sha256 \
      -subj "/CN=sandkasten-k8s-ca" \
      -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "$K8S_PKI/ca.key" -out "$K8S_PKI/ca.crt" 2>/dev/null
  fi
  local sans="IP:127.0.0.1,IP:$K8S_NODE_IP,IP:$K8S_SERVICE_IP,DNS:localhost"
  sans+=",DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  _signed_cert apiserver "/CN=kube-apiserver" \
    "subjectAltName=$sans;extendedKeyUsage=serverAuth;keyUsage=critical,digitalSignature,keyEncipherment"
  # The apiserver's client certificate towards the kubelet (exec, logs).
  _signed_cert apiserver-kubelet-client "/O=system:masters/CN=kube-apiserver-kubelet-client" \
    "extendedKeyUsage=clientAuth;keyUsage=critical,digitalSignature,keyEncipherment"
  if [[ ! -f "$K8S_PKI/sa.key" ]]; then
    openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$K8S_PKI/sa.key" 2>/dev/null
    openssl pkey -in "$K8S_PKI/sa.key" -pubout -out "$K8S_PKI/sa.pub" 2>/dev/null
  fi
  if [[ ! -f "$K8S_PKI/tokens.csv" ]]; then
    printf '%s,admin,admin,system:masters\n' "$(openssl rand -hex 32)" >"$K8S_PKI/tokens.csv"
  fi
}

k8s_admin_token() { cut -d, -f1 "$K8S_PKI/tokens.csv"; }

# k8s_write_kubeconfig: the admin kubeconfig, CA embedded so it can be copied.
k8s_write_kubeconfig() {
  umask 077
  cat >"$K8S_KUBECONFIG" <<KUBECONFIG
apiVersion: v1
kind: Config
clusters:
  - name: sandkasten
    cluster:
      server: https://127.0.0.1:$K8S_APISERVER_PORT
      certificate-authority-data: $(base64 -w0 "$K8S_PKI/ca.crt")
users:
  - name: admin
    user:
      token: $(k8s_admin_token)
contexts:
  - name: sandkasten
    context:
      cluster: sandkasten
      user: admin
current-context: sandkasten
KUBECONFIG
  umask 022
}
