package main

import (
	"errors"
	"io"
)

type readHeader struct {
	Size int64 `json:"size"`
}

// opRead: read <path> <max-bytes> → {"size":N}\n, then at most max-bytes
// bytes of the file.
func opRead(env *opEnv, args []string) error {
	a, err := parseOpArgs(args, 2, nil, nil)
	if err != nil {
		return err
	}
	rel, err := env.pathArg(a.pos[0], false)
	if err != nil {
		return err
	}
	limit, err := count("max-bytes", a.pos[1])
	if err != nil {
		return err
	}
	display := displayPath(rel)
	f, fi, err := openRegular(env.root, rel, display, true)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := writeJSON(env.stdout, readHeader{Size: fi.Size()}); err != nil {
		return err
	}
	if _, err := io.CopyN(env.stdout, f, limit); err != nil && !errors.Is(err, io.EOF) {
		return fsError(err, display)
	}
	return nil
}
