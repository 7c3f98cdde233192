package main

import (
	"errors"
	"io/fs"
	"os"
	"path"
)

// copyResult is what copy-tree copied, and what it left out.
type copyResult struct {
	Files     int64 `json:"files"`
	Dirs      int64 `json:"dirs"`
	Symlinks  int64 `json:"symlinks"`
	Bytes     int64 `json:"bytes"`
	Reflinked int64 `json:"reflinked"`
	// Skipped names (the first maxSkippedListed of) the devices, FIFOs and
	// sockets that were not copied; SkippedCount counts them all.
	Skipped      []string `json:"skipped"`
	SkippedCount int64    `json:"skipped_count"`
}

const maxSkippedListed = 100

// treeCopy is the state of one copy-tree.
type treeCopy struct {
	limit int64 // of regular file bytes; < 0: none
	res   copyResult
}

// opCopyTree: --to DEST copy-tree [--clear] [--limit N] → copies everything
// below the root into DEST, which must be empty (--clear empties it first).
// Directories keep their modes and mtimes, symlinks are copied as links
// (their targets verbatim, never followed), regular files by content
// (a reflink where the file system can, else a copy; never a hard link),
// with their modes and mtimes. Devices, FIFOs and sockets are skipped and
// reported. Hard links in the source become separate files.
func opCopyTree(env *opEnv, args []string) error {
	a, err := parseOpArgs(args, 0, []string{"--limit"}, []string{"--clear"})
	if err != nil {
		return err
	}
	if env.to == nil {
		return usagef("copy-tree needs --to DIR")
	}
	c := &treeCopy{res: copyResult{Skipped: []string{}}}
	if c.limit, err = a.limitFlag(); err != nil {
		return err
	}
	if a.bools["--clear"] {
		err = clearTree(env.to)
	} else {
		err = requireEmpty(env.to)
	}
	if err != nil {
		return err
	}
	rootInfo, err := env.root.Lstat(".")
	if err != nil {
		return fsError(err, "/")
	}
	if err := c.copyDir(env.root, env.to, "."); err != nil {
		return err
	}
	if err := setDirAttrs(env.to, rootInfo, "/"); err != nil {
		return err
	}
	return writeJSON(env.stdout, c.res)
}

func (c *treeCopy) copyDir(src, dst *os.Root, rel string) error {
	names, err := readNames(src)
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	for _, name := range names {
		entryRel := path.Join(rel, name)
		info, err := src.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fsError(err, displayPath(entryRel))
		}
		switch info.Mode().Type() {
		case fs.ModeDir:
			err = c.dir(src, dst, name, entryRel, info)
		case fs.ModeSymlink:
			err = c.symlink(src, dst, name, entryRel, info)
		case 0:
			err = c.file(src, dst, name, entryRel, info)
		default:
			c.skip(entryRel)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// dir copies a directory that is still the one lstat saw (not a symlink
// swapped in since); its mode and mtime are set once its contents are in.
func (c *treeCopy) dir(src, dst *os.Root, name, rel string, info fs.FileInfo) error {
	from, err := src.OpenRoot(name)
	if isSwapped(err) {
		return nil
	}
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	defer from.Close()
	if now, err := from.Stat("."); err != nil || !os.SameFile(info, now) {
		return nil
	}
	if err := dst.Mkdir(name, 0o700); err != nil {
		return fsError(err, displayPath(rel))
	}
	to, err := dst.OpenRoot(name)
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	defer to.Close()
	c.res.Dirs++
	if err := c.copyDir(from, to, rel); err != nil {
		return err
	}
	return setDirAttrs(to, info, displayPath(rel))
}

func (c *treeCopy) symlink(src, dst *os.Root, name, rel string, info fs.FileInfo) error {
	target, err := src.Readlink(name)
	if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrInvalid) {
		return nil
	}
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	if err := dst.Symlink(target, name); err != nil {
		return fsError(err, displayPath(rel))
	}
	if err := lchtimes(dst, name, info.ModTime()); err != nil {
		return fsError(err, displayPath(rel))
	}
	c.res.Symlinks++
	return nil
}

func (c *treeCopy) file(src, dst *os.Root, name, rel string, info fs.FileInfo) error {
	display := displayPath(rel)
	in, fi, err := openRegular(src, name, display, false)
	if err != nil {
		return skipIfVanished(err, walkEntry{rel: rel})
	}
	defer in.Close()
	if !os.SameFile(fi, info) {
		return nil
	}
	out, err := dst.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fsError(err, display)
	}
	n, cloned, err := copyContent(out, in, fi.Size(), c.room())
	if err == nil {
		err = out.Chmod(fi.Mode() & (fs.ModePerm | fs.ModeSetuid | fs.ModeSetgid | fs.ModeSticky))
	}
	if err == nil {
		err = setMtime(out, fi.ModTime())
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if errors.Is(err, errTooLarge) {
		return failf(codeResourceExhausted, "the tree holds more than the limit of %d bytes of file data (at %q)", c.limit, display)
	}
	if err != nil {
		return fsError(err, display)
	}
	c.res.Files++
	c.res.Bytes += n
	if cloned {
		c.res.Reflinked++
	}
	return nil
}

// room is how many more bytes may be copied, or -1 without a limit.
func (c *treeCopy) room() int64 {
	if c.limit < 0 {
		return -1
	}
	return max(0, c.limit-c.res.Bytes)
}

func (c *treeCopy) skip(rel string) {
	if len(c.res.Skipped) < maxSkippedListed {
		c.res.Skipped = append(c.res.Skipped, displayPath(rel))
	}
	c.res.SkippedCount++
}

// setDirAttrs gives the open directory dir the mode and mtime of info.
func setDirAttrs(dir *os.Root, info fs.FileInfo, display string) error {
	if err := dir.Chmod(".", info.Mode()&(fs.ModePerm|fs.ModeSetgid|fs.ModeSticky)); err != nil {
		return fsError(err, display)
	}
	if err := dir.Chtimes(".", info.ModTime(), info.ModTime()); err != nil {
		return fsError(err, display)
	}
	return nil
}
