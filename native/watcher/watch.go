package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"unsafe"
)

// How long a move out of one watched directory waits for its other half
// (IN_MOVED_TO with the same cookie) before it counts as moved away.
const pairWaitMs = 10

type watch struct {
	tree
	root      string
	rootWd    int32
	recursive bool
	q         *queue
	epoll     int
	// The first half of a rename, until the second comes.
	movedFrom *inotifyEvent
}

type inotifyEvent struct {
	wd     int32
	mask   uint32
	cookie uint32
	path   string
}

// startWatch resolves nothing itself: root is absolute, as the runner
// resolved it, and a link there is followed, as the shell would.
func startWatch(root string, recursive bool, q *queue) (*watch, error) {
	root = filepath.Clean(root)
	info, err := os.Stat(root)
	if err != nil {
		return nil, err
	}
	fd, err := syscall.InotifyInit1(syscall.IN_CLOEXEC | syscall.IN_NONBLOCK)
	if err != nil {
		return nil, fmt.Errorf("inotify: %w", err)
	}
	w := &watch{tree: tree{fd: fd, dirs: map[int32]string{}}, root: root, recursive: recursive, q: q}
	mask := uint32(fileMask)
	if info.IsDir() {
		mask = dirMask
	}
	if w.rootWd, err = w.add(root, mask); err != nil {
		return nil, err
	}
	if info.IsDir() && recursive {
		w.addBelow(root, false, q)
	}
	if w.epoll, err = syscall.EpollCreate1(syscall.EPOLL_CLOEXEC); err != nil {
		return nil, fmt.Errorf("epoll: %w", err)
	}
	ev := syscall.EpollEvent{Events: syscall.EPOLLIN, Fd: int32(fd)}
	if err := syscall.EpollCtl(w.epoll, syscall.EPOLL_CTL_ADD, fd, &ev); err != nil {
		return nil, fmt.Errorf("epoll: %w", err)
	}
	return w, nil
}

// run reads events until the root goes away.
func (w *watch) run() error {
	buf := make([]byte, 64*1024)
	ready := make([]syscall.EpollEvent, 1)
	for {
		timeout := -1
		if w.movedFrom != nil {
			timeout = pairWaitMs
		}
		n, err := syscall.EpollWait(w.epoll, ready, timeout)
		if err == syscall.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("epoll: %w", err)
		}
		if n == 0 {
			w.settleMove()
			continue
		}
		got, err := syscall.Read(w.fd, buf)
		if err == syscall.EAGAIN || err == syscall.EINTR {
			continue
		}
		if err != nil {
			return fmt.Errorf("inotify: %w", err)
		}
		for off := 0; off+syscall.SizeofInotifyEvent <= got; {
			raw := (*syscall.InotifyEvent)(unsafe.Pointer(&buf[off]))
			name := buf[off+syscall.SizeofInotifyEvent : off+syscall.SizeofInotifyEvent+int(raw.Len)]
			off += syscall.SizeofInotifyEvent + int(raw.Len)
			if w.handle(raw.Wd, raw.Mask, raw.Cookie, string(bytes.TrimRight(name, "\x00"))) {
				w.settleMove()
				return nil
			}
		}
	}
}

// handle takes one event; true when the root is gone.
func (w *watch) handle(wd int32, mask, cookie uint32, name string) bool {
	if mask&syscall.IN_Q_OVERFLOW != 0 {
		w.settleMove()
		w.q.push(event{kind: kindOverflow})
		return false
	}
	dir, known := w.dirs[wd]
	if !known {
		return false
	}
	if mask&syscall.IN_IGNORED != 0 {
		delete(w.dirs, wd)
		return wd == w.rootWd
	}
	if name == "" {
		// About the watched directory (or file) itself.
		if wd != w.rootWd {
			return false
		}
		if mask&(syscall.IN_DELETE_SELF|syscall.IN_MOVE_SELF|syscall.IN_UNMOUNT) != 0 {
			w.settleMove()
			w.q.push(event{kind: kindDeleted, path: w.root, isDir: mask&syscall.IN_ISDIR != 0})
			return true
		}
		if mask&(syscall.IN_MODIFY|syscall.IN_ATTRIB) != 0 {
			w.q.push(event{kind: kindModified, path: w.root})
		}
		return false
	}
	e := inotifyEvent{wd: wd, mask: mask, cookie: cookie, path: dir + "/" + name}
	isDir := mask&syscall.IN_ISDIR != 0
	if mask&syscall.IN_MOVED_TO != 0 && w.movedFrom != nil && w.movedFrom.cookie == cookie {
		from := w.movedFrom.path
		w.movedFrom = nil
		if isDir {
			w.moved(from, e.path)
		}
		w.q.push(event{kind: kindRenamed, path: e.path, oldPath: from, isDir: isDir})
		return false
	}
	w.settleMove()
	switch {
	case mask&syscall.IN_MOVED_FROM != 0:
		w.movedFrom = &e
	case mask&syscall.IN_CREATE != 0:
		w.q.push(event{kind: kindCreated, path: e.path, isDir: isDir})
		if isDir && w.recursive {
			w.watchNew(e.path, true)
		}
	case mask&syscall.IN_MOVED_TO != 0:
		// Moved in from outside the watched tree.
		w.q.push(event{kind: kindCreated, path: e.path, isDir: isDir})
		if isDir && w.recursive {
			w.watchNew(e.path, false)
		}
	case mask&syscall.IN_DELETE != 0:
		w.q.push(event{kind: kindDeleted, path: e.path, isDir: isDir})
	case mask&(syscall.IN_MODIFY|syscall.IN_ATTRIB) != 0:
		w.q.push(event{kind: kindModified, path: e.path, isDir: isDir})
	}
	return false
}

// watchNew watches a directory that appeared and those below it.
func (w *watch) watchNew(dir string, announce bool) {
	if _, err := w.add(dir, dirMask|syscall.IN_DONT_FOLLOW); err != nil {
		if !permissionOrGone(err) {
			w.q.push(event{kind: kindOverflow})
		}
		return
	}
	w.addBelow(dir, announce, w.q)
}

// settleMove reports a move whose second half did not come: the file left
// the watched tree.
func (w *watch) settleMove() {
	from := w.movedFrom
	if from == nil {
		return
	}
	w.movedFrom = nil
	isDir := from.mask&syscall.IN_ISDIR != 0
	if isDir {
		w.forget(from.path)
	}
	w.q.push(event{kind: kindDeleted, path: from.path, isDir: isDir})
}
