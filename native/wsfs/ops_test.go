package main

import (
	"bytes"
	"os"
	"strings"
	"syscall"
	"testing"
)

func TestStat(t *testing.T) {
	f := newFixture(t)
	f.file(t, "sub/x.txt", "hello")
	must(t, os.Chmod(f.path("sub/x.txt"), 0o640))
	f.symlink(t, "x.txt", "sub/link")

	var fi fileInfo
	wsfs(t, "", f.root, "stat", "sub/x.txt").ok(t).json(t, &fi)
	if fi.Name != "x.txt" || fi.Path != "/sub/x.txt" || fi.IsDir || fi.IsSymlink || fi.Size != 5 || fi.Mode != 0o640 || fi.ModifiedAtNs == 0 {
		t.Fatalf("stat file: %+v", fi)
	}
	wsfs(t, "", f.root, "stat", "/sub/link").ok(t).json(t, &fi)
	if !fi.IsSymlink || fi.IsDir || fi.Path != "/sub/link" {
		t.Fatalf("stat symlink: %+v", fi)
	}
	wsfs(t, "", f.root, "stat", "/").ok(t).json(t, &fi)
	if !fi.IsDir || fi.Path != "/" {
		t.Fatalf("stat root: %+v", fi)
	}
	wsfs(t, "", f.root, "stat", "nope").fails(t, codeNotFound)
	wsfs(t, "", f.root, "stat", "sub/x.txt/y").fails(t, codeFailedPrecondition)
}

func TestList(t *testing.T) {
	f := newFixture(t)
	f.file(t, "d/b", "bb")
	f.file(t, "d/a", "a")
	must(t, os.Mkdir(f.path("d/c"), 0o700))
	f.symlink(t, "a", "d/z")

	var res listResult
	wsfs(t, "", f.root, "list", "/d", "100").ok(t).json(t, &res)
	if res.Path != "/d" || res.Truncated || len(res.Entries) != 4 {
		t.Fatalf("list: %+v", res)
	}
	want := []string{"/d/a", "/d/b", "/d/c", "/d/z"}
	for i, e := range res.Entries {
		if e.Path != want[i] {
			t.Fatalf("entry %d: %+v", i, e)
		}
	}
	if !res.Entries[2].IsDir || res.Entries[2].Mode != 0o700 || !res.Entries[3].IsSymlink || res.Entries[1].Size != 2 {
		t.Fatalf("entry details: %+v", res.Entries)
	}
	wsfs(t, "", f.root, "list", "d", "2").ok(t).json(t, &res)
	if !res.Truncated || len(res.Entries) != 2 || res.Entries[1].Name != "b" {
		t.Fatalf("truncated list: %+v", res)
	}
	wsfs(t, "", f.root, "list", "", "10").ok(t).json(t, &res)
	if res.Path != "/" || len(res.Entries) != 1 {
		t.Fatalf("root list: %+v", res)
	}
	wsfs(t, "", f.root, "list", "d/a", "10").fails(t, codeFailedPrecondition)
	wsfs(t, "", f.root, "list", "missing", "10").fails(t, codeNotFound)
	if r := wsfs(t, "", f.root, "list", "d"); r.exit != 2 || r.err.Code != codeInvalidArgument {
		t.Fatalf("missing max-entries: %+v", r)
	}
}

func TestRead(t *testing.T) {
	f := newFixture(t)
	f.file(t, "f.txt", "0123456789")
	f.symlink(t, "f.txt", "inside-link")
	must(t, syscall.Mkfifo(f.path("fifo"), 0o644))

	r := wsfs(t, "", f.root, "read", "/f.txt", "4").ok(t)
	if string(r.stdout) != "{\"size\":10}\n0123" {
		t.Fatalf("read: %q", r.stdout)
	}
	r = wsfs(t, "", f.root, "read", "inside-link", "100").ok(t)
	if string(r.stdout) != "{\"size\":10}\n0123456789" {
		t.Fatalf("read through inside symlink: %q", r.stdout)
	}
	wsfs(t, "", f.root, "read", "/", "10").fails(t, codeFailedPrecondition)
	wsfs(t, "", f.root, "read", "fifo", "10").fails(t, codeFailedPrecondition)
	f.symlink(t, "fifo", "fifo-link")
	wsfs(t, "", f.root, "read", "fifo-link", "10").fails(t, codeFailedPrecondition)
	if syscall.Mknod(f.path("null"), syscall.S_IFCHR|0o666, 1<<8|3) == nil { // as root: /dev/null's numbers
		wsfs(t, "", f.root, "read", "null", "10").fails(t, codeFailedPrecondition)
	}
	wsfs(t, "", f.root, "read", "missing", "10").fails(t, codeNotFound)
	wsfs(t, "", f.root, "read", "", "10").fails(t, codeInvalidArgument)
}

func TestReadLargeFileStreams(t *testing.T) {
	f := newFixture(t)
	big := bytes.Repeat([]byte("0123456789abcdef"), 1<<18) // 4 MiB
	must(t, os.WriteFile(f.path("big"), big, 0o644))
	r := wsfs(t, "", f.root, "read", "big", "99999999").ok(t)
	header, body, _ := bytes.Cut(r.stdout, []byte("\n"))
	if string(header) != `{"size":4194304}` || !bytes.Equal(body, big) {
		t.Fatalf("big read: header %s, %d bytes", header, len(body))
	}
}

func TestWrite(t *testing.T) {
	f := newFixture(t)
	var res writeResult
	wsfs(t, "hello", f.root, "write", "/a/b/c.txt").ok(t).json(t, &res)
	if res.Path != "/a/b/c.txt" || res.Size != 5 {
		t.Fatalf("write: %+v", res)
	}
	checkFile(t, f.path("a/b/c.txt"), "hello", 0o644)

	wsfs(t, "#!/bin/sh\n", f.root, "write", "a/run.sh", "--mode", "0755").ok(t)
	checkFile(t, f.path("a/run.sh"), "#!/bin/sh\n", 0o755)
	wsfs(t, "new", f.root, "write", "a/run.sh", "--mode", "600", "--limit", "3").ok(t)
	checkFile(t, f.path("a/run.sh"), "new", 0o600)

	wsfs(t, "toolong", f.root, "write", "a/limited", "--limit", "3").fails(t, codeResourceExhausted)
	if _, err := os.Lstat(f.path("a/limited")); !os.IsNotExist(err) {
		t.Fatalf("over-limit write left the target: %v", err)
	}
	wsfs(t, "x", f.root, "write", "a").fails(t, codeFailedPrecondition)
	wsfs(t, "x", f.root, "write", "/").fails(t, codeFailedPrecondition)
	wsfs(t, "x", f.root, "write", "a/b/c.txt/d").fails(t, codeFailedPrecondition)
	if r := wsfs(t, "x", f.root, "write", "y", "--mode", "4755"); r.exit != 2 {
		t.Fatalf("setuid mode accepted: %+v", r)
	}
	entries, err := os.ReadDir(f.path("a"))
	must(t, err)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".wsfs-") {
			t.Fatalf("temp file left behind: %s", e.Name())
		}
	}
}

func TestWriteReplacesInsideSymlink(t *testing.T) {
	f := newFixture(t)
	f.file(t, "target", "old")
	f.symlink(t, "target", "link")
	wsfs(t, "new", f.root, "write", "link").ok(t)
	checkFile(t, f.path("link"), "new", 0o644)
	checkFile(t, f.path("target"), "old", 0o644)
}

func TestMkdir(t *testing.T) {
	f := newFixture(t)
	var res pathResult
	wsfs(t, "", f.root, "mkdir", "/d").ok(t).json(t, &res)
	if res.Path != "/d" {
		t.Fatalf("mkdir: %+v", res)
	}
	wsfs(t, "", f.root, "mkdir", "d").fails(t, codeAlreadyExists)
	wsfs(t, "", f.root, "mkdir", "d", "-p").ok(t)
	wsfs(t, "", f.root, "mkdir", "x/y/z", "-p").ok(t)
	wsfs(t, "", f.root, "mkdir", "q/r").fails(t, codeNotFound)
	f.file(t, "file", "")
	wsfs(t, "", f.root, "mkdir", "file/sub", "-p").fails(t, codeFailedPrecondition)
	fi, err := os.Stat(f.path("x/y/z"))
	must(t, err)
	if !fi.IsDir() || fi.Mode().Perm() != 0o755 {
		t.Fatalf("mkdir -p made %v", fi.Mode())
	}
}

func TestRemove(t *testing.T) {
	f := newFixture(t)
	f.file(t, "d/e/f", "x")
	f.file(t, "g", "x")
	must(t, os.Mkdir(f.path("empty"), 0o755))

	wsfs(t, "", f.root, "remove", "/g").ok(t)
	wsfs(t, "", f.root, "remove", "empty").ok(t)
	wsfs(t, "", f.root, "remove", "d").fails(t, codeFailedPrecondition)
	wsfs(t, "", f.root, "remove", "d", "-r").ok(t)
	wsfs(t, "", f.root, "remove", "d", "-r").fails(t, codeNotFound)
	wsfs(t, "", f.root, "remove", "/", "-r").fails(t, codeFailedPrecondition)
	wsfs(t, "", f.root, "remove", "").fails(t, codeInvalidArgument)
	entries, err := os.ReadDir(f.root)
	must(t, err)
	if len(entries) != 0 {
		t.Fatalf("left: %v", entries)
	}
}

func TestDu(t *testing.T) {
	f := newFixture(t)
	f.file(t, "a", "12345")
	f.file(t, "d/b", "123")
	f.file(t, "d/e/c", "")
	f.symlink(t, f.outside, "link") // counted as an entry, never followed
	var res duResult
	wsfs(t, "", f.root, "du").ok(t).json(t, &res)
	if res != (duResult{Bytes: 8, Files: 4, Dirs: 2}) {
		t.Fatalf("du: %+v", res)
	}
}

func TestUsageErrors(t *testing.T) {
	f := newFixture(t)
	for _, args := range [][]string{
		{},
		{f.root},
		{f.root, "nope"},
		{"--uid", "1", f.root, "stat", "/"},
		{"--uid", "x", "--gid", "1", f.root, "stat", "/"},
		{f.root, "read", "a", "-1"},
		{f.root, "remove", "a", "-x"},
		{f.root, "stat", "a", "b"},
		{f.root, "du", "extra"},
	} {
		r := wsfs(t, "", args...)
		if r.exit != 2 || r.err.Code != codeInvalidArgument {
			t.Errorf("%v: exit %d %+v", args, r.exit, r.err)
		}
	}
	wsfs(t, "", f.path("missing"), "stat", "/").fails(t, codeNotFound)
	f.file(t, "file", "")
	wsfs(t, "", f.path("file"), "stat", "/").fails(t, codeFailedPrecondition)
}

func TestPathsAreValidated(t *testing.T) {
	f := newFixture(t)
	f.file(t, "sub/x", "x")
	for _, p := range []string{"../x", "sub/../x", "sub/..", "/../outside/canary", ".."} {
		r := wsfs(t, "", f.root, "stat", p).fails(t, codeInvalidArgument)
		if !strings.Contains(r.err.Message, "leaves the workspace") {
			t.Errorf("%q: %s", p, r.err.Message)
		}
		wsfs(t, "x", f.root, "write", p).fails(t, codeInvalidArgument)
	}
	runInProcess(t, "", f.root, "stat", "sub/\x00x").fails(t, codeInvalidArgument) // exec cannot pass a NUL
	wsfs(t, "", f.root, "stat", "//sub///x/").ok(t)
	f.checkOutside(t)
}

func checkFile(t *testing.T, path, content string, perm os.FileMode) {
	t.Helper()
	data, err := os.ReadFile(path)
	must(t, err)
	fi, err := os.Stat(path)
	must(t, err)
	if string(data) != content || fi.Mode().Perm() != perm {
		t.Fatalf("%s: %q %v, want %q %v", path, data, fi.Mode().Perm(), content, perm)
	}
}
