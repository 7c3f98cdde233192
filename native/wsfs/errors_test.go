package main

import (
	"syscall"
	"testing"
)

// Each errno says what it means, with the code the runner's table gives it
// (runner/fs/errors.ts).
func TestErrnoCodes(t *testing.T) {
	for _, c := range []struct {
		errno      syscall.Errno
		code, what string
	}{
		{syscall.ENOENT, codeNotFound, "no such file or directory"},
		{syscall.EACCES, codePermissionDenied, "permission denied"},
		{syscall.EPERM, codePermissionDenied, "operation not permitted"},
		{syscall.EROFS, codeFailedPrecondition, "read-only file system"},
		{syscall.ELOOP, codeFailedPrecondition, "too many levels of symbolic links"},
		{syscall.ENXIO, codeFailedPrecondition, "no such device or address"},
		{syscall.EDQUOT, codeResourceExhausted, "disk quota exceeded"},
	} {
		code, what := errnoCode(c.errno)
		if code != c.code || what != c.what {
			t.Errorf("%v: %s %q, want %s %q", c.errno, code, what, c.code, c.what)
		}
	}
}
