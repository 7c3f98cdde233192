package main

import (
	"os"
	"strings"
	"syscall"
)

// Directories get these; the watched path itself, when it is a file, gets
// fileMask. IN_DONT_FOLLOW everywhere but on the path given: links inside
// the tree are reported as entries, never watched through.
const (
	dirMask = syscall.IN_CREATE | syscall.IN_DELETE | syscall.IN_MODIFY | syscall.IN_ATTRIB |
		syscall.IN_MOVED_FROM | syscall.IN_MOVED_TO | syscall.IN_DELETE_SELF | syscall.IN_MOVE_SELF |
		syscall.IN_ONLYDIR
	fileMask = syscall.IN_MODIFY | syscall.IN_ATTRIB | syscall.IN_DELETE_SELF | syscall.IN_MOVE_SELF
)

// tree maps inotify's watch descriptors to the directories they watch, by
// their paths below the root as given.
type tree struct {
	fd   int
	dirs map[int32]string
}

func (t *tree) add(path string, mask uint32) (int32, error) {
	wd, err := syscall.InotifyAddWatch(t.fd, path, mask)
	if err != nil {
		return -1, &os.PathError{Op: "watch", Path: path, Err: err}
	}
	t.dirs[int32(wd)] = path
	return int32(wd), nil
}

// addBelow watches every directory below dir (dir itself is watched). With
// announce, it also reports what it finds as created: entries made in a new
// directory before its watch was in place would go unseen otherwise.
// Directories the sandbox user may not read are left out; a failure to
// add a watch for another reason (the watch limit) reports an overflow.
func (t *tree) addBelow(dir string, announce bool, q *queue) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, entry := range entries {
		path := dir + "/" + entry.Name()
		isDir := entry.IsDir()
		if announce {
			q.push(event{kind: kindCreated, path: path, isDir: isDir})
		}
		if !isDir {
			continue
		}
		if _, err := t.add(path, dirMask|syscall.IN_DONT_FOLLOW); err != nil {
			if !permissionOrGone(err) {
				q.push(event{kind: kindOverflow})
			}
			continue
		}
		t.addBelow(path, announce, q)
	}
}

// forget stops watching dir and every directory below it.
func (t *tree) forget(dir string) {
	for wd, path := range t.dirs {
		if path == dir || strings.HasPrefix(path, dir+"/") {
			_, _ = syscall.InotifyRmWatch(t.fd, uint32(wd))
			delete(t.dirs, wd)
		}
	}
}

// moved renames dir and the directories below it, moved from `from` to `to`.
func (t *tree) moved(from, to string) {
	for wd, path := range t.dirs {
		if path == from {
			t.dirs[wd] = to
		} else if strings.HasPrefix(path, from+"/") {
			t.dirs[wd] = to + path[len(from):]
		}
	}
}

func permissionOrGone(err error) bool {
	return os.IsPermission(err) || os.IsNotExist(err) ||
		errnoName(err) == "ENOTDIR" || errnoName(err) == "ELOOP"
}
