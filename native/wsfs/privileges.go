package main

import "syscall"

// dropPrivileges switches the whole process (all threads) to uid and gid
// with no supplementary groups, for good.
func dropPrivileges(uid, gid int) error {
	if err := syscall.Setgroups([]int{}); err != nil {
		return failf(codePermissionDenied, "cannot drop supplementary groups: %v", err)
	}
	if err := syscall.Setgid(gid); err != nil {
		return failf(codePermissionDenied, "cannot switch to gid %d: %v", gid, err)
	}
	if err := syscall.Setuid(uid); err != nil {
		return failf(codePermissionDenied, "cannot switch to uid %d: %v", uid, err)
	}
	if syscall.Getuid() != uid || syscall.Geteuid() != uid || syscall.Getgid() != gid || syscall.Getegid() != gid {
		return failf(codeInternal, "privileges were not dropped to %d:%d", uid, gid)
	}
	return nil
}
