package main

import (
	"errors"
	"io/fs"
	"os"
	"path"
	"slices"
)

type listResult struct {
	Path      string     `json:"path"`
	Entries   []fileInfo `json:"entries"`
	Truncated bool       `json:"truncated"`
}

// opList: list <path> <max-entries> → the directory's entries sorted by name.
func opList(env *opEnv, args []string) error {
	a, err := parseOpArgs(args, 2, nil, nil)
	if err != nil {
		return err
	}
	rel, err := env.pathArg(a.pos[0], true)
	if err != nil {
		return err
	}
	limit, err := count("max-entries", a.pos[1])
	if err != nil {
		return err
	}
	display := displayPath(rel)
	dir, err := env.root.OpenRoot(rel)
	if err != nil {
		return fsError(err, display)
	}
	defer dir.Close()
	names, err := readNames(dir)
	if err != nil {
		return fsError(err, display)
	}
	res := listResult{Path: display, Entries: []fileInfo{}}
	for _, name := range names {
		if int64(len(res.Entries)) >= limit {
			res.Truncated = true
			break
		}
		fi, err := dir.Lstat(name)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return fsError(err, displayPath(path.Join(rel, name)))
		}
		res.Entries = append(res.Entries, newFileInfo(path.Join(rel, name), fi))
	}
	return writeJSON(env.stdout, res)
}

// readNames returns the names in dir, sorted.
func readNames(dir *os.Root) ([]string, error) {
	f, err := dir.Open(".")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	names, err := f.Readdirnames(-1)
	if err != nil {
		return nil, err
	}
	slices.Sort(names)
	return names, nil
}
