package main

import (
	"os"
	"syscall"
	"testing"
)

const nobody = 65534

func TestDropPrivileges(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to drop privileges")
	}
	f := newFixture(t)
	must(t, os.Chmod(f.root, 0o755))
	must(t, os.Chown(f.root, nobody, nobody))
	f.file(t, "root-only", "secret")
	must(t, os.Chmod(f.path("root-only"), 0o600))
	f.file(t, "group-zero", "secret")
	must(t, os.Chmod(f.path("group-zero"), 0o640)) // root:root, readable only through group 0
	must(t, os.Mkdir(f.path("root-dir"), 0o755))

	as := func(args ...string) []string {
		return append([]string{"--uid", "65534", "--gid", "65534", f.root}, args...)
	}
	wsfs(t, "mine", as("write", "sub/mine.txt")...).ok(t)
	wsfs(t, "", as("mkdir", "made")...).ok(t)
	wsfs(t, makeTar(t, tarEntry{name: "t/from-tar", body: "x"}), as("tar-in")...).ok(t)
	for _, rel := range []string{"sub", "sub/mine.txt", "made", "t", "t/from-tar"} {
		checkOwner(t, f.path(rel), nobody, nobody)
	}
	// Reading goes through /proc/self/fd, which must still work after the drop.
	r := wsfs(t, "", as("read", "sub/mine.txt", "100")...).ok(t)
	if string(r.stdout) != "{\"size\":4}\nmine" {
		t.Fatalf("read as nobody: %q", r.stdout)
	}
	wsfs(t, "", as("read", "root-only", "100")...).fails(t, codePermissionDenied)
	wsfs(t, "", as("read", "group-zero", "100")...).fails(t, codePermissionDenied)
	wsfs(t, "x", as("write", "root-dir/f")...).fails(t, codePermissionDenied)
	wsfs(t, "", as("remove", "root-only")...).ok(t) // the root directory is nobody's
	wsfs(t, "", as("tar-out")...).fails(t, codePermissionDenied)

	// Without the flags nothing is dropped.
	wsfs(t, "", f.root, "read", "group-zero", "100").ok(t)
	wsfs(t, "x", f.root, "write", "root-dir/f").ok(t)
	checkOwner(t, f.path("root-dir/f"), 0, 0)
}

func checkOwner(t *testing.T, path string, uid, gid uint32) {
	t.Helper()
	fi, err := os.Lstat(path)
	must(t, err)
	st := fi.Sys().(*syscall.Stat_t)
	if st.Uid != uid || st.Gid != gid {
		t.Fatalf("%s owned by %d:%d, want %d:%d", path, st.Uid, st.Gid, uid, gid)
	}
}
