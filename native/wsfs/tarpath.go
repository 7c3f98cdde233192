package main

import (
	"path"
	"strings"
)

// tarEntryPath validates a tar entry's name (or hard link target) and
// returns it relative to the root; "." is the root. Absolute names and any
// ".." component are refused, even ones that would stay inside.
func tarEntryPath(name string) (string, error) {
	switch {
	case strings.IndexByte(name, 0) >= 0:
		return "", failf(codeInvalidArgument, "tar entry %q contains a NUL byte", name)
	case strings.HasPrefix(name, "/") || hasDotDot(name):
		return "", failf(codeInvalidArgument, "tar entry %q leaves the workspace", name)
	}
	return path.Clean(name), nil
}
