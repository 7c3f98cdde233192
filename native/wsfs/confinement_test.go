package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Every operation through a symlink that leads outside must fail with
// invalid_argument and leave the outside untouched.
func TestSymlinkToOutsideDirectory(t *testing.T) {
	f := newFixture(t)
	f.symlink(t, f.outside, "x")      // absolute
	f.symlink(t, "../outside", "rel") // relative, climbing out
	f.symlink(t, "rel", "chain")      // inside link to an escaping link
	f.symlink(t, "/etc", "etc")       // absolute, to a host directory
	for _, dir := range []string{"x", "rel", "chain", "etc"} {
		t.Run(dir, func(t *testing.T) {
			for _, args := range [][]string{
				{"read", dir + "/canary", "100"},
				{"read", dir + "/passwd", "100"},
				{"stat", dir + "/canary"},
				{"list", dir, "100"},
				{"list", dir + "/", "100"},
				{"write", dir + "/canary"},
				{"write", dir + "/new"},
				{"write", dir + "/sub/new"},
				{"mkdir", dir + "/new"},
				{"mkdir", dir + "/new/deeper", "-p"},
				{"remove", dir + "/canary"},
				{"remove", dir + "/canary", "-r"},
			} {
				r := wsfs(t, "evil", append([]string{f.root}, args...)...).fails(t, codeInvalidArgument)
				if !strings.Contains(r.err.Message, "leads outside the workspace through a symbolic link") {
					t.Errorf("%v: %s", args, r.err.Message)
				}
			}
			f.checkOutside(t)
		})
	}
}

func TestSymlinkToOutsideFile(t *testing.T) {
	f := newFixture(t)
	f.symlink(t, filepath.Join(f.outside, "canary"), "p")
	f.symlink(t, "/etc/passwd", "passwd")
	for _, name := range []string{"p", "passwd"} {
		r := wsfs(t, "", f.root, "read", name, "100").fails(t, codeInvalidArgument)
		if len(r.stdout) != 0 {
			t.Fatalf("read leaked %q", r.stdout)
		}
		wsfs(t, "evil", f.root, "write", name).fails(t, codeInvalidArgument)
		wsfs(t, "evil", f.root, "write", name, "--mode", "0777").fails(t, codeInvalidArgument)
	}
	// stat and list describe the link itself, without following it.
	var fi fileInfo
	wsfs(t, "", f.root, "stat", "p").ok(t).json(t, &fi)
	if !fi.IsSymlink {
		t.Fatalf("stat p: %+v", fi)
	}
	f.checkOutside(t)
	// Removing the link removes only the link.
	wsfs(t, "", f.root, "remove", "p").ok(t)
	f.symlink(t, f.outside, "x")
	wsfs(t, "", f.root, "remove", "x", "-r").ok(t)
	f.checkOutside(t)
}

func TestDanglingSymlink(t *testing.T) {
	f := newFixture(t)
	f.symlink(t, "nowhere", "d")
	f.symlink(t, "nowhere/deeper", "d2")
	wsfs(t, "", f.root, "read", "d", "10").fails(t, codeNotFound)
	wsfs(t, "", f.root, "read", "d2", "10").fails(t, codeNotFound)
	wsfs(t, "", f.root, "list", "d", "10").fails(t, codeNotFound)
	wsfs(t, "", f.root, "stat", "d/x").fails(t, codeNotFound)
}

func TestSymlinkLoop(t *testing.T) {
	f := newFixture(t)
	f.symlink(t, "b", "a")
	f.symlink(t, "a", "b")
	wsfs(t, "", f.root, "read", "a", "10").fails(t, codeFailedPrecondition)
}

func TestWalksDoNotFollowSymlinks(t *testing.T) {
	f := newFixture(t)
	f.symlink(t, f.outside, "x")
	f.symlink(t, ".", "self")
	f.symlink(t, "/", "slash")
	var du duResult
	wsfs(t, "", f.root, "du").ok(t).json(t, &du)
	if du != (duResult{Files: 3}) {
		t.Fatalf("du: %+v", du)
	}
	r := wsfs(t, "", f.root, "tar-out").ok(t)
	if strings.Contains(string(r.stdout), canaryText) {
		t.Fatal("tar-out followed a symlink out of the workspace")
	}
}

func TestRootDirItselfMayBeASymlink(t *testing.T) {
	f := newFixture(t)
	f.file(t, "a", "x")
	link := filepath.Join(t.TempDir(), "ws-link")
	must(t, os.Symlink(f.root, link))
	wsfs(t, "", link, "stat", "a").ok(t)
}
