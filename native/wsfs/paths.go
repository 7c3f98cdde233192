package main

import (
	"encoding/base64"
	"path"
	"strings"
)

// pathArg is workspacePath for a path argument of the operation, decoded
// first when paths come as base64.
func (env *opEnv) pathArg(arg string, allowEmpty bool) (string, error) {
	raw := arg
	if env.pathsBase64 {
		b, err := base64.StdEncoding.DecodeString(arg)
		if err != nil {
			return "", usagef("path %q is not base64", arg)
		}
		raw = string(b)
	}
	return workspacePath(raw, allowEmpty)
}

// workspacePath validates a path given by the caller and returns it relative
// to the root, cleaned; "." is the root itself. A leading "/" is ignored.
// Any ".." component is refused, even one that would stay inside. The path
// is bytes: it need not be valid UTF-8.
func workspacePath(raw string, allowEmpty bool) (string, error) {
	if strings.IndexByte(raw, 0) >= 0 {
		return "", failf(codeInvalidArgument, "path %q contains a NUL byte", raw)
	}
	if raw == "" && !allowEmpty {
		return "", failf(codeInvalidArgument, "path is empty")
	}
	if hasDotDot(raw) {
		return "", failf(codeInvalidArgument, "path %q leaves the workspace", raw)
	}
	return path.Clean(strings.TrimLeft(raw, "/")), nil
}

func hasDotDot(p string) bool {
	for _, part := range strings.Split(p, "/") {
		if part == ".." {
			return true
		}
	}
	return false
}

// displayPath is how a root-relative path is shown to the caller: "/a/b".
func displayPath(rel string) string {
	if rel == "." {
		return "/"
	}
	return "/" + rel
}
