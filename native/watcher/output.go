package main

import (
	"encoding/json"
	"errors"
	"io"
	"syscall"
)

type output struct {
	w io.Writer
}

func newOutput(w io.Writer) *output { return &output{w: w} }

// line is one event as the runner reads it (runner/watch/watcher-lines.ts).
// json.Marshal writes bytes of a name that are not UTF-8 as U+FFFD.
type line struct {
	Kind    string `json:"k"`
	Path    string `json:"p,omitempty"`
	OldPath string `json:"o,omitempty"`
	IsDir   bool   `json:"d,omitempty"`
	Errno   string `json:"e,omitempty"`
	Message string `json:"m,omitempty"`
}

func (o *output) write(e event) error {
	return o.send(line{Kind: e.kind.String(), Path: e.path, OldPath: e.oldPath, IsDir: e.isDir})
}

func (o *output) fail(errno, message string) {
	_ = o.send(line{Kind: "error", Errno: errno, Message: message})
}

func (o *output) send(l line) error {
	b, err := json.Marshal(l)
	if err != nil {
		return err
	}
	_, err = o.w.Write(append(b, '\n'))
	return err
}

var errnoNames = map[syscall.Errno]string{
	syscall.ENOENT:       "ENOENT",
	syscall.EACCES:       "EACCES",
	syscall.EPERM:        "EPERM",
	syscall.ENOTDIR:      "ENOTDIR",
	syscall.ELOOP:        "ELOOP",
	syscall.ENAMETOOLONG: "ENAMETOOLONG",
	syscall.ENOSPC:       "ENOSPC",
	syscall.EMFILE:       "EMFILE",
	syscall.EINVAL:       "EINVAL",
}

// errnoName is the errno behind err by its C name, as node:fs names them;
// "EIO" for anything else.
func errnoName(err error) string {
	var errno syscall.Errno
	if errors.As(err, &errno) {
		if name, ok := errnoNames[errno]; ok {
			return name
		}
	}
	return "EIO"
}
