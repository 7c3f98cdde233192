// Command wsfs performs one file operation on a workspace directory without
// ever touching a file outside it, even while a sandbox rewires symlinks
// inside the workspace. All path resolution goes through os.Root. Linux only.
//
// Usage: wsfs [--uid N --gid N] [--paths base64] [--to DIR] <root-dir> <op> [args]
//
// With --paths base64, every path argument is the standard base64 of its
// bytes, so names that are not valid UTF-8 get through exactly. --to names
// a second tree for the operations between two (copy-tree, diff); it is
// opened as an os.Root too, before privileges are dropped.
package main

import (
	"io"
	"os"
	"syscall"
)

type opEnv struct {
	root *os.Root
	// to is the --to tree, nil when not given.
	to          *os.Root
	stdin       io.Reader
	stdout      io.Writer
	pathsBase64 bool
}

type opFunc func(env *opEnv, args []string) error

var ops = map[string]opFunc{
	"stat":    opStat,
	"list":    opList,
	"read":    opRead,
	"write":   opWrite,
	"mkdir":   opMkdir,
	"remove":  opRemove,
	"du":      opDu,
	"tar-out": opTarOut,
	"tar-in":  opTarIn,
	// Between two trees (--to).
	"copy-tree": opCopyTree,
	"diff":      opDiff,
}

func main() {
	syscall.Umask(0o022)
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run executes one invocation and returns the process exit code.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) (exit int) {
	defer func() {
		if p := recover(); p != nil {
			exit = report(stderr, failf(codeInternal, "internal error: %v", p))
		}
	}()
	inv, err := parseInvocation(args)
	if err != nil {
		return report(stderr, err)
	}
	root, err := os.OpenRoot(inv.rootDir)
	if err != nil {
		return report(stderr, rootError(err, inv.rootDir))
	}
	defer root.Close()
	var to *os.Root
	if inv.toDir != "" {
		if to, err = os.OpenRoot(inv.toDir); err != nil {
			return report(stderr, rootError(err, inv.toDir))
		}
		defer to.Close()
	}
	if inv.dropPrivileges {
		if err := dropPrivileges(inv.uid, inv.gid); err != nil {
			return report(stderr, err)
		}
	}
	env := &opEnv{root: root, to: to, stdin: stdin, stdout: stdout, pathsBase64: inv.pathsBase64}
	return report(stderr, inv.op(env, inv.args))
}
