package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"syscall"
)

const (
	codeNotFound           = "not_found"
	codePermissionDenied   = "permission_denied"
	codeAlreadyExists      = "already_exists"
	codeFailedPrecondition = "failed_precondition"
	codeInvalidArgument    = "invalid_argument"
	codeResourceExhausted  = "resource_exhausted"
	codeInternal           = "internal"
)

// wsError is the one JSON line written to stderr on failure.
type wsError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	usage   bool
}

func (e *wsError) Error() string { return e.Code + ": " + e.Message }

func failf(code, format string, a ...any) *wsError {
	return &wsError{Code: code, Message: fmt.Sprintf(format, a...)}
}

func usagef(format string, a ...any) *wsError {
	return &wsError{Code: codeInvalidArgument, Message: fmt.Sprintf(format, a...), usage: true}
}

// report writes err (if any) to stderr and returns the exit code.
func report(stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	var we *wsError
	if !errors.As(err, &we) {
		we = failf(codeInternal, "%v", err)
	}
	line, _ := json.Marshal(we)
	fmt.Fprintf(stderr, "%s\n", line)
	if we.usage {
		return 2
	}
	return 1
}

func hasCode(err error, code string) bool {
	var we *wsError
	return errors.As(err, &we) && we.Code == code
}

// escapeMessage is the text of os.Root's unexported error for a path that
// resolves outside the root.
const escapeMessage = "path escapes from parent"

func isEscape(err error) bool { return hasMessage(err, escapeMessage) }

// hasMessage reports whether err or an error it wraps reads exactly msg.
func hasMessage(err error, msg string) bool {
	for ; err != nil; err = errors.Unwrap(err) {
		if err.Error() == msg {
			return true
		}
	}
	return false
}

// fsError maps an error from a file operation on display (a path as the
// caller sees it) to a wsError.
func fsError(err error, display string) error {
	var we *wsError
	if errors.As(err, &we) {
		return we
	}
	if isEscape(err) {
		return failf(codeInvalidArgument, "path %q leads outside the workspace through a symbolic link", display)
	}
	var errno syscall.Errno
	switch {
	case errors.As(err, &errno):
	case hasMessage(err, "not a directory"): // os.Root.OpenRoot on a file
		errno = syscall.ENOTDIR
	default:
		return failf(codeInternal, "%q: %v", display, err)
	}
	code, what := errnoCode(errno)
	return failf(code, "%s: %q", what, display)
}

func errnoCode(errno syscall.Errno) (code, what string) {
	switch errno {
	case syscall.ENOENT:
		return codeNotFound, "no such file or directory"
	case syscall.EACCES:
		return codePermissionDenied, "permission denied"
	case syscall.EPERM:
		return codePermissionDenied, "operation not permitted"
	case syscall.EEXIST:
		return codeAlreadyExists, "already exists"
	case syscall.ENOTDIR:
		return codeFailedPrecondition, "not a directory"
	case syscall.EISDIR:
		return codeFailedPrecondition, "is a directory"
	case syscall.ENOTEMPTY:
		return codeFailedPrecondition, "directory not empty (use recursive)"
	case syscall.ELOOP:
		return codeFailedPrecondition, "too many levels of symbolic links"
	case syscall.EROFS:
		return codeFailedPrecondition, "read-only file system"
	case syscall.EBUSY, syscall.ETXTBSY, syscall.EXDEV, syscall.ENXIO:
		return codeFailedPrecondition, errno.Error()
	case syscall.ENAMETOOLONG:
		return codeInvalidArgument, "file name too long"
	case syscall.EINVAL:
		return codeInvalidArgument, "invalid argument"
	case syscall.ENOSPC, syscall.EDQUOT, syscall.EFBIG, syscall.EMLINK, syscall.EMFILE, syscall.ENFILE:
		return codeResourceExhausted, errno.Error()
	}
	return codeInternal, errno.Error()
}

// rootError reports a failure to open the workspace directory itself.
func rootError(err error, dir string) error {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		code, what := errnoCode(errno)
		return failf(code, "workspace root %q: %s", dir, what)
	}
	return failf(codeFailedPrecondition, "workspace root %q: %v", dir, errors.Unwrap(err))
}
