package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// copyFixture is a source tree (a fixture, with its outside canary) and an
// empty destination directory beside it.
func copyFixture(t *testing.T) (fixture, string) {
	t.Helper()
	f := newFixture(t)
	dst := filepath.Join(filepath.Dir(f.root), "dst")
	must(t, os.Mkdir(dst, 0o755))
	return f, dst
}

func TestCopyTreeCopiesFilesDirsAndLinksAsTheyAre(t *testing.T) {
	f, dst := copyFixture(t)
	f.file(t, "a.txt", "alpha")
	f.file(t, "sub/deep/b.bin", "bravo!")
	must(t, os.Chmod(f.path("a.txt"), 0o640))
	must(t, os.Chmod(f.path("sub/deep"), 0o555))
	f.symlink(t, "/etc/passwd", "passwd")
	f.symlink(t, "../../..", "sub/up")
	f.symlink(t, f.outside, "out")
	must(t, mkfifo(f.path("fifo")))
	old := time.Unix(1600000000, 123456789)
	must(t, os.Chtimes(f.path("a.txt"), old, old))
	must(t, os.Chtimes(f.path("sub"), old, old))

	var res copyResult
	wsfs(t, "", "--to", dst, f.root, "copy-tree").ok(t).json(t, &res)
	if res.Files != 2 || res.Dirs != 2 || res.Symlinks != 3 || res.Bytes != 11 || res.SkippedCount != 1 || !slices.Equal(res.Skipped, []string{"/fifo"}) {
		t.Fatalf("result: %+v", res)
	}
	in := func(rel string) string { return filepath.Join(dst, rel) }
	for rel, want := range map[string]string{"a.txt": "alpha", "sub/deep/b.bin": "bravo!"} {
		data, err := os.ReadFile(in(rel))
		must(t, err)
		if string(data) != want {
			t.Fatalf("%s: %q", rel, data)
		}
	}
	for rel, want := range map[string]string{"passwd": "/etc/passwd", "sub/up": "../../..", "out": f.outside} {
		target, err := os.Readlink(in(rel))
		if err != nil || target != want {
			t.Fatalf("%s: a link to %q (%v), want one to %q", rel, target, err, want)
		}
	}
	if _, err := os.Lstat(in("fifo")); !os.IsNotExist(err) {
		t.Fatalf("the FIFO was copied: %v", err)
	}
	fi, err := os.Stat(in("a.txt"))
	must(t, err)
	if fi.Mode().Perm() != 0o640 || !fi.ModTime().Equal(old) {
		t.Fatalf("a.txt: mode %o, mtime %v", fi.Mode().Perm(), fi.ModTime())
	}
	if fi, err = os.Stat(in("sub")); err != nil || !fi.ModTime().Equal(old) {
		t.Fatalf("sub: mtime %v (%v)", fi.ModTime(), err)
	}
	if fi, err = os.Stat(in("sub/deep")); err != nil || fi.Mode().Perm() != 0o555 {
		t.Fatalf("sub/deep: mode %o (%v)", fi.Mode().Perm(), err)
	}
	linkTime, err := os.Lstat(f.path("passwd"))
	must(t, err)
	if fi, err = os.Lstat(in("passwd")); err != nil || !fi.ModTime().Equal(linkTime.ModTime()) {
		t.Fatalf("the link's mtime is %v, want %v (%v)", fi.ModTime(), linkTime.ModTime(), err)
	}
	f.checkOutside(t)
	checkOutsideHasNoCopy(t, f)
}

// The copy is a file of its own: a change on either side stays there.
func TestCopyTreeNeverSharesAnInode(t *testing.T) {
	f, dst := copyFixture(t)
	f.file(t, "x", "original")
	wsfs(t, "", "--to", dst, f.root, "copy-tree").ok(t)
	a, err := os.Stat(f.path("x"))
	must(t, err)
	b, err := os.Stat(filepath.Join(dst, "x"))
	must(t, err)
	if os.SameFile(a, b) {
		t.Fatal("the copy is a hard link to the source")
	}
	must(t, os.WriteFile(filepath.Join(dst, "x"), []byte("changed"), 0o644))
	data, err := os.ReadFile(f.path("x"))
	must(t, err)
	if string(data) != "original" {
		t.Fatalf("the source changed with its copy: %q", data)
	}
}

func TestCopyTreeWantsAnEmptyDestinationOrClear(t *testing.T) {
	f, dst := copyFixture(t)
	f.file(t, "new", "fresh")
	must(t, os.WriteFile(filepath.Join(dst, "stale"), []byte("old"), 0o644))
	must(t, os.MkdirAll(filepath.Join(dst, "ro/inner"), 0o755))
	must(t, os.WriteFile(filepath.Join(dst, "ro/inner/f"), []byte("old"), 0o644))
	must(t, os.Chmod(filepath.Join(dst, "ro/inner"), 0o500))
	must(t, os.Chmod(filepath.Join(dst, "ro"), 0o000))
	must(t, os.Symlink(f.outside, filepath.Join(dst, "out")))

	r := wsfs(t, "", "--to", dst, f.root, "copy-tree").fails(t, codeFailedPrecondition)
	if !strings.Contains(r.err.Message, "not empty") {
		t.Fatalf("message: %s", r.err.Message)
	}
	wsfs(t, "", "--to", dst, f.root, "copy-tree", "--clear").ok(t)
	entries, err := os.ReadDir(dst)
	must(t, err)
	if len(entries) != 1 || entries[0].Name() != "new" {
		t.Fatalf("after --clear: %v", entries)
	}
	f.checkOutside(t)
}

func TestCopyTreeLimit(t *testing.T) {
	f, dst := copyFixture(t)
	f.file(t, "a", "12345")
	f.file(t, "b", "67890")
	wsfs(t, "", "--to", dst, f.root, "copy-tree", "--limit", "9").fails(t, codeResourceExhausted)
	must(t, os.RemoveAll(dst))
	must(t, os.Mkdir(dst, 0o755))
	wsfs(t, "", "--to", dst, f.root, "copy-tree", "--limit", "10").ok(t)
}

func TestCopyTreeNeedsTo(t *testing.T) {
	f := newFixture(t)
	if r := wsfs(t, "", f.root, "copy-tree"); r.exit != 2 || r.err.Code != codeInvalidArgument {
		t.Fatalf("without --to: %+v", r)
	}
	if r := wsfs(t, "", "--to", filepath.Join(f.root, "missing"), f.root, "copy-tree"); r.err.Code != codeNotFound {
		t.Fatalf("a missing --to: %+v", r)
	}
}

// As the sandbox user: what it owns is copied and owned by it.
func TestCopyTreeAsAnotherUser(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Skip("needs root to drop privileges")
	}
	f, dst := copyFixture(t)
	f.file(t, "sub/mine", "data")
	for _, p := range []string{f.root, f.path("sub"), f.path("sub/mine"), dst} {
		must(t, os.Chown(p, nobody, nobody))
	}
	// The parents stay root's and closed: the roots are opened before the drop.
	must(t, os.Chmod(filepath.Dir(dst), 0o700))
	wsfs(t, "", "--uid", "65534", "--gid", "65534", "--to", dst, f.root, "copy-tree").ok(t)
	checkOwner(t, filepath.Join(dst, "sub/mine"), nobody, nobody)
	checkOwner(t, filepath.Join(dst, "sub"), nobody, nobody)
}

// Whatever the sandbox swaps in while the copy runs, nothing from outside
// lands in the copy.
func TestRaceCopyTreeWhileSwapping(t *testing.T) {
	f := newFixture(t)
	stop := swapper(t, f)
	base := t.TempDir()
	var dirs, links int
	for i := range 200 {
		dst := filepath.Join(base, strconv.Itoa(i))
		must(t, os.Mkdir(dst, 0o755))
		r := runInProcess(t, "", "--to", dst, f.root, "copy-tree")
		if r.exit != 0 && r.err.Code == codeInternal {
			t.Fatalf("copy %d: %s", i, r.err.Message)
		}
		fi, err := os.Lstat(filepath.Join(dst, "d"))
		switch {
		case err != nil:
		case fi.Mode()&os.ModeSymlink != 0:
			links++
		case fi.IsDir():
			dirs++
			if entries, _ := os.ReadDir(filepath.Join(dst, "d")); len(entries) != 0 {
				t.Fatalf("copy %d: d holds %v, from outside", i, entries)
			}
		default:
			t.Fatalf("copy %d: d is %v", i, fi.Mode())
		}
	}
	stop()
	if dirs == 0 || links == 0 {
		t.Fatalf("the race never hit one of the two states: %d directories, %d links", dirs, links)
	}
	f.checkOutside(t)
}

// checkOutsideHasNoCopy fails if a copy of the canary appeared anywhere in
// the fixture's base directory besides the outside directory.
func checkOutsideHasNoCopy(t *testing.T, f fixture) {
	t.Helper()
	base := filepath.Dir(f.root)
	filepath.Walk(base, func(p string, fi os.FileInfo, err error) error {
		if err == nil && fi.Mode().IsRegular() && filepath.Base(p) == "canary" && filepath.Dir(p) != f.outside {
			t.Fatalf("a copy of the canary at %s", p)
		}
		return nil
	})
}
