package main

import (
	"os"
	"syscall"
	"time"
	"unsafe"
)

// ficlone is Linux's FICLONE ioctl: the destination shares the source's
// extents, copy-on-write (btrfs, XFS with reflink, bcachefs). Each side can
// change afterwards without the other seeing it, unlike a hard link.
const ficlone = 0x40049409

// copyContent fills out with in's bytes: a reflink when the file system
// can make one, else a copy. room < 0 means no limit; past it errTooLarge.
func copyContent(out, in *os.File, size, room int64) (n int64, cloned bool, err error) {
	if room < 0 || size <= room {
		if reflink(out, in) == nil {
			fi, err := out.Stat()
			if err != nil {
				return 0, true, err
			}
			if room >= 0 && fi.Size() > room {
				return fi.Size(), true, errTooLarge
			}
			return fi.Size(), true, nil
		}
	}
	n, err = fill(out, in, room)
	return n, false, err
}

func reflink(out, in *os.File) error {
	outConn, err := out.SyscallConn()
	if err != nil {
		return err
	}
	inConn, err := in.SyscallConn()
	if err != nil {
		return err
	}
	var errno syscall.Errno
	ctlErr := outConn.Control(func(outFd uintptr) {
		ctlErr := inConn.Control(func(inFd uintptr) {
			_, _, errno = syscall.Syscall(syscall.SYS_IOCTL, outFd, ficlone, inFd)
		})
		if ctlErr != nil && errno == 0 {
			errno = syscall.EBADF
		}
	})
	if ctlErr != nil {
		return ctlErr
	}
	if errno != 0 {
		return errno
	}
	return nil
}

// lchtimes sets the mtime (and atime) of name in dir without following a
// symlink there: utimensat(AT_SYMLINK_NOFOLLOW) relative to dir's fd.
func lchtimes(dir *os.Root, name string, mtime time.Time) error {
	d, err := dir.Open(".")
	if err != nil {
		return err
	}
	defer d.Close()
	p, err := syscall.BytePtrFromString(name)
	if err != nil {
		return err
	}
	ts := syscall.NsecToTimespec(mtime.UnixNano())
	times := [2]syscall.Timespec{ts, ts}
	conn, err := d.SyscallConn()
	if err != nil {
		return err
	}
	var errno syscall.Errno
	if err := conn.Control(func(fd uintptr) {
		_, _, errno = syscall.Syscall6(syscall.SYS_UTIMENSAT, fd, uintptr(unsafe.Pointer(p)),
			uintptr(unsafe.Pointer(&times[0])), atSymlinkNofollow, 0, 0)
	}); err != nil {
		return err
	}
	if errno != 0 {
		return &os.PathError{Op: "utimensat", Path: name, Err: errno}
	}
	return nil
}

const atSymlinkNofollow = 0x100
