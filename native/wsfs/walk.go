package main

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"syscall"
)

// walkEntry is one entry below the root: name inside the open directory dir,
// rel its path from the root, info its lstat.
type walkEntry struct {
	dir  *os.Root
	name string
	rel  string
	info fs.FileInfo
}

// walkTree calls visit for every entry below root, in name order, a
// directory before its contents. Symlinks are never followed; entries that
// vanish or change type during the walk are skipped.
func walkTree(root *os.Root, visit func(walkEntry) error) error {
	return walkDir(root, ".", visit)
}

func walkDir(dir *os.Root, rel string, visit func(walkEntry) error) error {
	names, err := readNames(dir)
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	for _, name := range names {
		e := walkEntry{dir: dir, name: name, rel: path.Join(rel, name)}
		e.info, err = dir.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fsError(err, displayPath(e.rel))
		}
		if err := visit(e); err != nil {
			return err
		}
		if e.info.IsDir() {
			if err := walkSubdir(e, visit); err != nil {
				return err
			}
		}
	}
	return nil
}

func walkSubdir(e walkEntry, visit func(walkEntry) error) error {
	sub, err := e.dir.OpenRoot(e.name)
	if isSwapped(err) {
		return nil
	}
	if err != nil {
		return fsError(err, displayPath(e.rel))
	}
	defer sub.Close()
	// Descend only into the very directory the lstat saw, not a symlink
	// swapped in since (which could loop back up the tree).
	now, err := sub.Stat(".")
	if err != nil || !os.SameFile(e.info, now) {
		return nil
	}
	return walkDir(sub, e.rel, visit)
}

// isSwapped reports an error that means the entry is no longer the
// directory it was a moment ago.
func isSwapped(err error) bool {
	return errors.Is(err, fs.ErrNotExist) || errors.Is(err, syscall.ENOTDIR) ||
		hasMessage(err, "not a directory") || isEscape(err) || errors.Is(err, syscall.ELOOP)
}
