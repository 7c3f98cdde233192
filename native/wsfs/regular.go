package main

import (
	"io/fs"
	"os"
	"strconv"
	"syscall"
)

// oPath is Linux's O_PATH: an fd that names a file without opening it, so
// no FIFO or device semantics run. Together with the O_NOFOLLOW os.Root
// adds, a final symlink comes back as the link itself.
const oPath = 0x200000

// openRegular opens name in dir for reading, and only if it is a regular
// file. The file is first pinned with O_PATH and checked, then reopened
// through /proc/self/fd, so a FIFO or device swapped in meanwhile is never
// opened. With follow, a final symlink is followed (inside dir); that path
// checks before and after an O_NONBLOCK open instead.
func openRegular(dir *os.Root, name, display string, follow bool) (*os.File, fs.FileInfo, error) {
	pinned, err := dir.OpenFile(name, oPath, 0)
	if err != nil {
		return nil, nil, fsError(err, display)
	}
	defer pinned.Close()
	fi, err := pinned.Stat()
	if err != nil {
		return nil, nil, fsError(err, display)
	}
	if fi.Mode()&fs.ModeSymlink != 0 && follow {
		return openRegularFollowing(dir, name, display)
	}
	if err := checkRegular(fi, display); err != nil {
		return nil, nil, err
	}
	f, err := os.OpenFile(procFdPath(pinned), os.O_RDONLY|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, fsError(err, display)
	}
	return f, fi, nil
}

func openRegularFollowing(dir *os.Root, name, display string) (*os.File, fs.FileInfo, error) {
	fi, err := dir.Stat(name)
	if err != nil {
		return nil, nil, fsError(err, display)
	}
	if err := checkRegular(fi, display); err != nil {
		return nil, nil, err
	}
	f, err := dir.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK|syscall.O_NOCTTY, 0)
	if err != nil {
		return nil, nil, fsError(err, display)
	}
	opened, err := f.Stat()
	if err == nil {
		err = checkRegular(opened, display)
	}
	if err != nil {
		f.Close()
		return nil, nil, fsError(err, display)
	}
	return f, opened, nil
}

func checkRegular(fi fs.FileInfo, display string) error {
	switch {
	case fi.IsDir():
		return failf(codeFailedPrecondition, "is a directory: %q", display)
	case !fi.Mode().IsRegular():
		return failf(codeFailedPrecondition, "not a regular file: %q", display)
	}
	return nil
}

// procFdPath names f's open file description; opening or changing it acts
// on exactly that inode. A process may use its own /proc/self/fd even after
// giving up root.
func procFdPath(f *os.File) string {
	return "/proc/self/fd/" + strconv.Itoa(int(f.Fd()))
}
