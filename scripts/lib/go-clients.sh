# shellcheck shell=bash
# Go programs the tests use as clients from outside the project's TypeScript:
# grpcurl (gRPC reflection), protoc-gen-go and protoc-gen-go-grpc (the Go
# client generated from proto/ in test/interop/go), installed into .tools/bin
# at pinned versions, and the interop module's dependencies downloaded, so
# the tests themselves never reach the network. Needs ensure_go first.

GO_CLIENT_TOOLS=(
  github.com/fullstorydev/grpcurl/cmd/grpcurl@v1.9.4
  google.golang.org/protobuf/cmd/protoc-gen-go@v1.36.12
  google.golang.org/grpc/cmd/protoc-gen-go-grpc@v1.6.2
)

ensure_go_clients() {
  local bin="$REPO/.tools/bin" tool name version stamp
  mkdir -p "$bin"
  for tool in "${GO_CLIENT_TOOLS[@]}"; do
    name="$(basename "${tool%@*}")"
    version="${tool#*@}"
    stamp="$bin/.$name.version"
    if [[ -x "$bin/$name" && "$(cat "$stamp" 2>/dev/null)" == "$version" ]]; then
      continue
    fi
    log "go install $tool"
    (cd / && GOBIN="$bin" go install "$tool") >&2 || die "go install $tool failed"
    printf '%s' "$version" >"$stamp"
  done
  (cd "$REPO/test/interop/go" && go mod download) >&2 ||
    die "go mod download in test/interop/go failed"
}
