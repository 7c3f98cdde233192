package main

import (
	"strconv"
	"strings"
)

type invocation struct {
	rootDir        string
	op             opFunc
	args           []string
	dropPrivileges bool
	uid, gid       int
	pathsBase64    bool
	// toDir is a second directory, for operations between two trees
	// (copy-tree's destination, diff's other side); "" when not given.
	toDir string
}

// parseInvocation reads "[--uid N --gid N] [--paths base64] [--to DIR] <root-dir> <op> [args]".
func parseInvocation(args []string) (*invocation, error) {
	inv := &invocation{uid: -1, gid: -1}
	for len(args) > 0 && strings.HasPrefix(args[0], "--") {
		if len(args) < 2 {
			return nil, usagef("%s needs a value", args[0])
		}
		if args[0] == "--paths" {
			if args[1] != "base64" {
				return nil, usagef("--paths: %q is not a path encoding (base64)", args[1])
			}
			inv.pathsBase64 = true
			args = args[2:]
			continue
		}
		if args[0] == "--to" {
			if args[1] == "" {
				return nil, usagef("--to needs a directory")
			}
			inv.toDir = args[1]
			args = args[2:]
			continue
		}
		id, err := strconv.Atoi(args[1])
		if err != nil || id < 0 {
			return nil, usagef("%s: %q is not a user or group id", args[0], args[1])
		}
		switch args[0] {
		case "--uid":
			inv.uid = id
		case "--gid":
			inv.gid = id
		default:
			return nil, usagef("unknown option %s", args[0])
		}
		args = args[2:]
	}
	if (inv.uid < 0) != (inv.gid < 0) {
		return nil, usagef("--uid and --gid must be given together")
	}
	inv.dropPrivileges = inv.uid >= 0
	if len(args) < 2 {
		return nil, usagef("usage: wsfs [--uid N --gid N] [--paths base64] [--to DIR] <root-dir> <op> [args]")
	}
	inv.rootDir, inv.args = args[0], args[2:]
	op, ok := ops[args[1]]
	if !ok {
		return nil, usagef("unknown operation %q", args[1])
	}
	inv.op = op
	return inv, nil
}
