package main

import (
	"errors"
	"io/fs"
	"os"
	"path"
)

// entryState is one side of a difference: what lstat saw there.
type entryState struct {
	// file | dir | symlink | other
	Kind string `json:"kind"`
	// A file's length, a symlink's target length; 0 for the others.
	Size int64  `json:"size"`
	Mode uint32 `json:"mode"`
}

type diffEntry struct {
	// added | removed | changed
	Change    string      `json:"change"`
	Path      string      `json:"path"`
	PathBytes []byte      `json:"path_bytes,omitempty"`
	Before    *entryState `json:"before"`
	After     *entryState `json:"after"`
}

type diffResult struct {
	Changes   []diffEntry `json:"changes"`
	Truncated bool        `json:"truncated"`
}

// differ is the state of one diff.
type differ struct {
	max int64
	res diffResult
}

var errEnough = errors.New("enough differences")

// opDiff: --to B diff <max-entries> → the paths that differ from the root
// (A) to B, in name order, a directory before its contents: "added" (only in
// B), "removed" (only in A), "changed" (type, mode, size or content differ,
// or a symlink's target). An added or removed directory lists everything in
// it too. Modification times are not compared. Neither tree is changed;
// symlinks are compared as links, never followed.
func opDiff(env *opEnv, args []string) error {
	a, err := parseOpArgs(args, 1, nil, nil)
	if err != nil {
		return err
	}
	if env.to == nil {
		return usagef("diff needs --to DIR")
	}
	d := &differ{res: diffResult{Changes: []diffEntry{}}}
	if d.max, err = count("max-entries", a.pos[0]); err != nil {
		return err
	}
	err = d.dirs(env.root, env.to, ".")
	if errors.Is(err, errEnough) {
		d.res.Truncated = true
	} else if err != nil {
		return err
	}
	return writeJSON(env.stdout, d.res)
}

func (d *differ) dirs(a, b *os.Root, rel string) error {
	namesA, err := readNames(a)
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	namesB, err := readNames(b)
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	i, j := 0, 0
	for i < len(namesA) || j < len(namesB) {
		switch {
		case j == len(namesB) || (i < len(namesA) && namesA[i] < namesB[j]):
			err = d.oneSide(a, namesA[i], rel, "removed")
			i++
		case i == len(namesA) || namesB[j] < namesA[i]:
			err = d.oneSide(b, namesB[j], rel, "added")
			j++
		default:
			err = d.both(a, b, namesA[i], rel)
			i++
			j++
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// oneSide reports name (in dir) and, for a directory, all it holds.
func (d *differ) oneSide(dir *os.Root, name, rel, change string) error {
	e := walkEntry{dir: dir, name: name, rel: path.Join(rel, name)}
	var err error
	if e.info, err = dir.Lstat(name); errors.Is(err, fs.ErrNotExist) {
		return nil
	} else if err != nil {
		return fsError(err, displayPath(e.rel))
	}
	visit := func(e walkEntry) error { return d.add(change, e) }
	if err := visit(e); err != nil {
		return err
	}
	if e.info.IsDir() {
		return walkSubdir(e, visit)
	}
	return nil
}

// both compares name, present in a and in b.
func (d *differ) both(a, b *os.Root, name, rel string) error {
	entryRel := path.Join(rel, name)
	ia, err := a.Lstat(name)
	if err != nil {
		return fsError(err, displayPath(entryRel))
	}
	ib, err := b.Lstat(name)
	if err != nil {
		return fsError(err, displayPath(entryRel))
	}
	sa, sb := stateOf(ia), stateOf(ib)
	if sa.Kind != sb.Kind {
		if err := d.emit("changed", entryRel, &sa, &sb); err != nil {
			return err
		}
		if ia.IsDir() {
			if err := d.inside(a, name, entryRel, ia, "removed"); err != nil {
				return err
			}
		}
		if ib.IsDir() {
			return d.inside(b, name, entryRel, ib, "added")
		}
		return nil
	}
	same, err := d.sameEntry(a, b, name, entryRel, ia, ib, sa, sb)
	if err != nil {
		return err
	}
	if !same {
		if err := d.emit("changed", entryRel, &sa, &sb); err != nil {
			return err
		}
	}
	if sa.Kind == "dir" {
		return d.subdirs(a, b, name, entryRel, ia, ib)
	}
	return nil
}

func (d *differ) sameEntry(a, b *os.Root, name, rel string, ia, ib fs.FileInfo, sa, sb entryState) (bool, error) {
	if sa.Mode != sb.Mode || sa.Size != sb.Size {
		return false, nil
	}
	switch sa.Kind {
	case "symlink":
		ta, errA := a.Readlink(name)
		tb, errB := b.Readlink(name)
		return errA == nil && errB == nil && ta == tb, nil
	case "file":
		if os.SameFile(ia, ib) {
			return true, nil
		}
		return sameContent(a, b, name, rel)
	}
	return true, nil
}

// inside reports everything below the directory name in dir.
func (d *differ) inside(dir *os.Root, name, rel string, info fs.FileInfo, change string) error {
	e := walkEntry{dir: dir, name: name, rel: rel, info: info}
	return walkSubdir(e, func(e walkEntry) error { return d.add(change, e) })
}

func (d *differ) subdirs(a, b *os.Root, name, rel string, ia, ib fs.FileInfo) error {
	subA, err := openSameDir(a, name, ia)
	if err != nil || subA == nil {
		return fsErrorOrNil(err, rel)
	}
	defer subA.Close()
	subB, err := openSameDir(b, name, ib)
	if err != nil || subB == nil {
		return fsErrorOrNil(err, rel)
	}
	defer subB.Close()
	return d.dirs(subA, subB, rel)
}

// openSameDir opens name in dir if it is still the directory lstat saw;
// nil when it was swapped meanwhile.
func openSameDir(dir *os.Root, name string, info fs.FileInfo) (*os.Root, error) {
	sub, err := dir.OpenRoot(name)
	if isSwapped(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if now, err := sub.Stat("."); err != nil || !os.SameFile(info, now) {
		sub.Close()
		return nil, nil
	}
	return sub, nil
}

func fsErrorOrNil(err error, rel string) error {
	if err == nil {
		return nil
	}
	return fsError(err, displayPath(rel))
}

// add reports an entry found on one side only.
func (d *differ) add(change string, e walkEntry) error {
	s := stateOf(e.info)
	if change == "added" {
		return d.emit(change, e.rel, nil, &s)
	}
	return d.emit(change, e.rel, &s, nil)
}

func (d *differ) emit(change, rel string, before, after *entryState) error {
	if int64(len(d.res.Changes)) >= d.max {
		return errEnough
	}
	display := displayPath(rel)
	d.res.Changes = append(d.res.Changes, diffEntry{
		Change: change, Path: display, PathBytes: bytesIfNotUTF8(display), Before: before, After: after,
	})
	return nil
}

func stateOf(fi fs.FileInfo) entryState {
	s := entryState{Mode: permBits(fi)}
	switch fi.Mode().Type() {
	case fs.ModeDir:
		s.Kind = "dir"
	case fs.ModeSymlink:
		s.Kind, s.Size = "symlink", fi.Size()
	case 0:
		s.Kind, s.Size = "file", fi.Size()
	default:
		s.Kind = "other"
	}
	return s
}
