package main

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"strconv"
	"strings"
)

type writeResult struct {
	Path string `json:"path"`
	Size int64  `json:"size"`
}

// opWrite: write <path> [--mode 0644] [--limit N] < bytes. Parents are
// created; the file is written beside the target and renamed over it.
func opWrite(env *opEnv, args []string) error {
	a, err := parseOpArgs(args, 1, []string{"--mode", "--limit"}, nil)
	if err != nil {
		return err
	}
	rel, err := env.pathArg(a.pos[0], false)
	if err != nil {
		return err
	}
	mode, err := modeFlag(a.values["--mode"])
	if err != nil {
		return err
	}
	limit, err := a.limitFlag()
	if err != nil {
		return err
	}
	display := displayPath(rel)
	if rel == "." {
		return failf(codeFailedPrecondition, "is a directory: %q", display)
	}
	dirRel, name := path.Split(rel)
	if dirRel != "" {
		if err := env.root.MkdirAll(dirRel, 0o755); errors.Is(err, fs.ErrExist) {
			return failf(codeFailedPrecondition, "not a directory: %q", displayPath(path.Clean(dirRel)))
		} else if err != nil {
			return fsError(err, display)
		}
	} else {
		dirRel = "."
	}
	if err := checkWriteTarget(env.root, rel, display); err != nil {
		return err
	}
	// Temp file and rename both happen in this one directory fd, whatever
	// the sandbox does to the path meanwhile.
	dir, err := env.root.OpenRoot(dirRel)
	if err != nil {
		return fsError(err, display)
	}
	defer dir.Close()
	size, err := writeAtomically(dir, name, mode, env.stdin, limit)
	if errors.Is(err, errTooLarge) {
		return failf(codeResourceExhausted, "%q: more than the limit of %d bytes", display, limit)
	}
	if err != nil {
		return fsError(err, display)
	}
	return writeJSON(env.stdout, writeResult{Path: display, Size: size})
}

// checkWriteTarget refuses a target that is a directory, or a symlink that
// leads outside the workspace or to a directory. Any other symlink is
// replaced by the new file.
func checkWriteTarget(root *os.Root, rel, display string) error {
	fi, err := root.Lstat(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fsError(err, display)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		fi, err = root.Stat(rel)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return fsError(err, display)
		}
	}
	if fi.IsDir() {
		return failf(codeFailedPrecondition, "is a directory: %q", display)
	}
	return nil
}

func writeAtomically(dir *os.Root, name string, mode fs.FileMode, src io.Reader, limit int64) (int64, error) {
	tmp, err := tempName()
	if err != nil {
		return 0, err
	}
	stop := removeOnSignal(dir, tmp)
	defer stop()
	f, err := dir.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return 0, err
	}
	size, err := fill(f, src, limit)
	if err == nil {
		err = f.Chmod(mode)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = dir.Rename(tmp, name)
	}
	if err != nil {
		dir.Remove(tmp)
		return 0, err
	}
	return size, nil
}

// fill copies src into f, failing once more than limit bytes arrive
// (limit < 0: no limit).
func fill(f *os.File, src io.Reader, limit int64) (int64, error) {
	if limit < 0 {
		return io.Copy(f, src)
	}
	n, err := io.Copy(f, io.LimitReader(src, limit+1))
	if err == nil && n > limit {
		return n, errTooLarge
	}
	return n, err
}

var errTooLarge = errors.New("file larger than the limit")

func tempName() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return ".wsfs-" + hex.EncodeToString(b) + ".tmp", nil
}

// modeFlag parses --mode (octal, "0644", "644" or "0o644"); default 0644.
func modeFlag(s string) (fs.FileMode, error) {
	if s == "" {
		return 0o644, nil
	}
	n, err := strconv.ParseUint(strings.TrimPrefix(s, "0o"), 8, 32)
	if err != nil || n > 0o777 {
		return 0, usagef("--mode: %q is not an octal mode within 0777", s)
	}
	return fs.FileMode(n), nil
}
