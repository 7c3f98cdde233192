package main

import (
	"archive/tar"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"slices"
	"syscall"
	"time"
)

type tarInResult struct {
	Files    int64 `json:"files"`
	Dirs     int64 `json:"dirs"`
	Symlinks int64 `json:"symlinks"`
	Bytes    int64 `json:"bytes"`
}

// extraction is the state of one tar-in.
type extraction struct {
	root  *os.Root
	limit int64 // of regular file bytes; < 0: none
	res   tarInResult
	dirs  []dirAttrs
}

// dirAttrs are applied after all entries, deepest first, so a read-only
// directory does not stop its own contents from being extracted.
type dirAttrs struct {
	rel   string
	mode  fs.FileMode
	mtime time.Time
}

// opTarIn: tar-in [--limit N] < tar → extract directories, regular files,
// symlinks and hard links. The first entry that is absolute, has a ".."
// component, or is a device or FIFO ends the extraction with an error.
// Setuid and setgid bits are dropped; ownership is the process's.
func opTarIn(env *opEnv, args []string) error {
	a, err := parseOpArgs(args, 0, []string{"--limit"}, nil)
	if err != nil {
		return err
	}
	x := &extraction{root: env.root}
	if x.limit, err = a.limitFlag(); err != nil {
		return err
	}
	tr := tar.NewReader(env.stdin)
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return failf(codeInvalidArgument, "malformed tar stream: %v", err)
		}
		if err := x.extract(hdr, tr); err != nil {
			return err
		}
	}
	if err := x.applyDirAttrs(); err != nil {
		return err
	}
	return writeJSON(env.stdout, x.res)
}

func (x *extraction) extract(hdr *tar.Header, body io.Reader) error {
	if hdr.Typeflag == tar.TypeXGlobalHeader {
		return nil
	}
	rel, err := tarEntryPath(hdr.Name)
	if err != nil {
		return err
	}
	if rel == "." {
		if hdr.Typeflag == tar.TypeDir {
			return nil
		}
		return failf(codeInvalidArgument, "tar entry %q has no name", hdr.Name)
	}
	switch hdr.Typeflag {
	case tar.TypeDir:
		return x.dir(rel, hdr)
	case tar.TypeReg, tar.TypeGNUSparse:
		return x.file(rel, hdr, body)
	case tar.TypeSymlink:
		return x.symlink(rel, hdr)
	case tar.TypeLink:
		return x.hardlink(rel, hdr)
	case tar.TypeChar, tar.TypeBlock, tar.TypeFifo:
		return failf(codeInvalidArgument, "tar entry %q is a device or FIFO, which a workspace may not hold", hdr.Name)
	}
	return failf(codeInvalidArgument, "tar entry %q has unsupported type %q", hdr.Name, hdr.Typeflag)
}

func (x *extraction) dir(rel string, hdr *tar.Header) error {
	if err := x.root.MkdirAll(rel, 0o755); err != nil {
		return fsError(err, displayPath(rel))
	}
	x.dirs = append(x.dirs, dirAttrs{rel: rel, mode: dirMode(hdr.Mode), mtime: hdr.ModTime})
	x.res.Dirs++
	return nil
}

func (x *extraction) file(rel string, hdr *tar.Header, body io.Reader) error {
	if x.limit >= 0 && x.res.Bytes+hdr.Size > x.limit {
		return failf(codeResourceExhausted, "archive holds more than the limit of %d bytes of file data (at %q)", x.limit, hdr.Name)
	}
	if err := x.makeRoom(rel); err != nil {
		return err
	}
	f, err := x.root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	n, err := io.Copy(f, io.LimitReader(body, hdr.Size))
	if err == nil {
		err = f.Chmod(fs.FileMode(hdr.Mode) & 0o777)
	}
	if err == nil {
		err = setMtime(f, hdr.ModTime)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	x.res.Files++
	x.res.Bytes += n
	return nil
}

func (x *extraction) symlink(rel string, hdr *tar.Header) error {
	if hdr.Linkname == "" || slices.Contains([]byte(hdr.Linkname), 0) {
		return failf(codeInvalidArgument, "tar entry %q has an invalid symlink target", hdr.Name)
	}
	if err := x.makeRoom(rel); err != nil {
		return err
	}
	if err := x.root.Symlink(hdr.Linkname, rel); err != nil {
		return fsError(err, displayPath(rel))
	}
	x.res.Symlinks++
	return nil
}

func (x *extraction) hardlink(rel string, hdr *tar.Header) error {
	target, err := tarEntryPath(hdr.Linkname)
	if err != nil {
		return err
	}
	if err := x.makeRoom(rel); err != nil {
		return err
	}
	if err := x.root.Link(target, rel); err != nil {
		return fsError(err, displayPath(rel))
	}
	x.res.Files++
	return nil
}

// makeRoom creates rel's parent directories and removes whatever non-directory
// is at rel, as tar(1) does, so the new entry never writes through an old link.
func (x *extraction) makeRoom(rel string) error {
	if parent := path.Dir(rel); parent != "." {
		if err := x.root.MkdirAll(parent, 0o755); err != nil {
			return fsError(err, displayPath(rel))
		}
	}
	fi, err := x.root.Lstat(rel)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	if fi.IsDir() {
		return failf(codeFailedPrecondition, "a directory is in the way of tar entry %q", rel)
	}
	if err := x.root.Remove(rel); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fsError(err, displayPath(rel))
	}
	return nil
}

func (x *extraction) applyDirAttrs() error {
	for _, d := range slices.Backward(x.dirs) {
		if err := x.root.Chmod(d.rel, d.mode); err != nil {
			return fsError(err, displayPath(d.rel))
		}
		if err := x.root.Chtimes(d.rel, d.mtime, d.mtime); err != nil {
			return fsError(err, displayPath(d.rel))
		}
	}
	return nil
}

// dirMode turns a tar mode into a directory's mode: permissions and sticky
// bit, never setuid or setgid.
func dirMode(m int64) fs.FileMode {
	mode := fs.FileMode(m) & fs.ModePerm
	if m&0o1000 != 0 {
		mode |= fs.ModeSticky
	}
	return mode
}

func setMtime(f *os.File, mtime time.Time) error {
	ts := syscall.NsecToTimespec(mtime.UnixNano())
	return syscall.UtimesNano(procFdPath(f), []syscall.Timespec{ts, ts})
}
