package main

import (
	"errors"
	"io/fs"
	"os"
	"path"
)

// requireEmpty refuses a destination that holds anything.
func requireEmpty(dir *os.Root) error {
	names, err := readNames(dir)
	if err != nil {
		return fsError(err, "/")
	}
	if len(names) > 0 {
		return failf(codeFailedPrecondition, "the destination is not empty (it holds %q)", displayPath(names[0]))
	}
	return nil
}

// clearTree removes everything below dir, never following a symlink; a
// directory without write permission is made writable first, so a
// read-only tree is emptied too.
func clearTree(dir *os.Root) error {
	return clearDir(dir, ".")
}

func clearDir(dir *os.Root, rel string) error {
	names, err := readNames(dir)
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	for _, name := range names {
		entryRel := path.Join(rel, name)
		info, err := dir.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fsError(err, displayPath(entryRel))
		}
		if info.IsDir() {
			if err := clearSubdir(dir, name, entryRel, info); err != nil {
				return err
			}
		}
		if err := dir.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fsError(err, displayPath(entryRel))
		}
	}
	return nil
}

func clearSubdir(dir *os.Root, name, rel string, info fs.FileInfo) error {
	// Chmod resolves inside dir only; the check below catches a swap.
	if perm := info.Mode().Perm(); perm&0o700 != 0o700 {
		if err := dir.Chmod(name, perm|0o700); err != nil {
			return fsError(err, displayPath(rel))
		}
	}
	sub, err := dir.OpenRoot(name)
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	defer sub.Close()
	if now, err := sub.Stat("."); err != nil || !os.SameFile(info, now) {
		return failf(codeFailedPrecondition, "%q changed while it was being removed", displayPath(rel))
	}
	return clearDir(sub, rel)
}
