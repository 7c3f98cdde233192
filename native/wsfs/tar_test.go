package main

import (
	"archive/tar"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

type tarEntry struct {
	name, body, link string
	typ              byte
	mode             int64
}

func makeTar(t *testing.T, entries ...tarEntry) string {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		hdr := &tar.Header{Name: e.name, Typeflag: e.typ, Linkname: e.link, Mode: e.mode, Size: int64(len(e.body)), ModTime: time.Unix(1700000000, 0)}
		if hdr.Typeflag == 0 {
			hdr.Typeflag = tar.TypeReg
		}
		if hdr.Mode == 0 {
			hdr.Mode = 0o644
		}
		if hdr.Typeflag != tar.TypeReg {
			hdr.Size = 0
		}
		must(t, tw.WriteHeader(hdr))
		_, err := tw.Write([]byte(e.body)[:hdr.Size])
		must(t, err)
	}
	must(t, tw.Close())
	return buf.String()
}

func TestTarInRefusesEscapingEntries(t *testing.T) {
	for _, name := range []string{"../x", "/abs", "a/../../x", "a/../b", "..", "ok/../../outside/canary"} {
		t.Run(name, func(t *testing.T) {
			f := newFixture(t)
			archive := makeTar(t, tarEntry{name: name, body: "evil"})
			r := wsfs(t, archive, f.root, "tar-in").fails(t, codeInvalidArgument)
			if !strings.Contains(r.err.Message, "leaves the workspace") || !strings.Contains(r.err.Message, name) {
				t.Fatalf("message: %s", r.err.Message)
			}
			f.checkOutside(t)
			if _, err := os.Stat(filepath.Join(filepath.Dir(f.root), "x")); !os.IsNotExist(err) {
				t.Fatal("file written beside the workspace")
			}
			if _, err := os.Stat("/abs"); !os.IsNotExist(err) {
				t.Fatal("file written at /abs")
			}
		})
	}
}

func TestTarInRefusesWholeArchive(t *testing.T) {
	f := newFixture(t)
	archive := makeTar(t, tarEntry{name: "first", body: "1"}, tarEntry{name: "../evil", body: "2"}, tarEntry{name: "third", body: "3"})
	wsfs(t, archive, f.root, "tar-in").fails(t, codeInvalidArgument)
	if _, err := os.Stat(f.path("third")); !os.IsNotExist(err) {
		t.Fatal("extraction went on after a refused entry")
	}
}

func TestTarInRefusesOtherBadEntries(t *testing.T) {
	for _, tc := range []struct {
		name  string
		entry tarEntry
		code  string
	}{
		{"fifo", tarEntry{name: "p", typ: tar.TypeFifo}, codeInvalidArgument},
		{"char device", tarEntry{name: "null", typ: tar.TypeChar}, codeInvalidArgument},
		{"block device", tarEntry{name: "sda", typ: tar.TypeBlock}, codeInvalidArgument},
		{"hard link out", tarEntry{name: "h", typ: tar.TypeLink, link: "../outside/canary"}, codeInvalidArgument},
		{"hard link absolute", tarEntry{name: "h", typ: tar.TypeLink, link: "/etc/passwd"}, codeInvalidArgument},
		{"through outside link", tarEntry{name: "x/new", body: "evil"}, codeInvalidArgument},
		{"through outside link, deeper", tarEntry{name: "x/d/new", body: "evil"}, codeInvalidArgument},
		{"dir through outside link", tarEntry{name: "x/d/", typ: tar.TypeDir, mode: 0o755}, codeInvalidArgument},
		{"symlink through outside link", tarEntry{name: "x/l", typ: tar.TypeSymlink, link: "/"}, codeInvalidArgument},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t)
			f.symlink(t, f.outside, "x")
			wsfs(t, makeTar(t, tc.entry), f.root, "tar-in").fails(t, tc.code)
			f.checkOutside(t)
		})
	}
	f := newFixture(t)
	wsfs(t, "this is not a tar archive, not at all, but long enough to fill a header block"+strings.Repeat(".", 600), f.root, "tar-in").fails(t, codeInvalidArgument)
}

// A symlink entry followed by an entry of the same name, or below it, must
// not write through the link.
func TestTarInSymlinkThenFile(t *testing.T) {
	f := newFixture(t)
	archive := makeTar(t,
		tarEntry{name: "l", typ: tar.TypeSymlink, link: filepath.Join(f.outside, "canary")},
		tarEntry{name: "l", body: "replaced"},
	)
	wsfs(t, archive, f.root, "tar-in").ok(t)
	checkFile(t, f.path("l"), "replaced", 0o644)
	f.checkOutside(t)

	archive = makeTar(t,
		tarEntry{name: "d", typ: tar.TypeSymlink, link: f.outside},
		tarEntry{name: "d/new", body: "evil"},
	)
	wsfs(t, archive, f.root, "tar-in").fails(t, codeInvalidArgument)
	f.checkOutside(t)
}

func TestTarInLimit(t *testing.T) {
	f := newFixture(t)
	archive := makeTar(t, tarEntry{name: "a", body: "12345"}, tarEntry{name: "b", body: "67890"})
	wsfs(t, archive, f.root, "tar-in", "--limit", "9").fails(t, codeResourceExhausted)
	if _, err := os.Stat(f.path("b")); !os.IsNotExist(err) {
		t.Fatal("over-limit file written")
	}
	var res tarInResult
	wsfs(t, archive, f.root, "tar-in", "--limit", "10").ok(t).json(t, &res)
	if res != (tarInResult{Files: 2, Bytes: 10}) {
		t.Fatalf("tar-in: %+v", res)
	}
}

func TestTarInEntries(t *testing.T) {
	f := newFixture(t)
	archive := makeTar(t,
		tarEntry{name: "./", typ: tar.TypeDir, mode: 0o700},
		tarEntry{name: "./ro/", typ: tar.TypeDir, mode: 0o555},
		tarEntry{name: "./ro/f", body: "in read-only dir", mode: 0o4755},
		tarEntry{name: "implicit/parent/f", body: "x"},
		tarEntry{name: "hard", typ: tar.TypeLink, link: "./ro/f"},
		tarEntry{name: "abs-link", typ: tar.TypeSymlink, link: "/etc/passwd"},
	)
	var res tarInResult
	wsfs(t, archive, f.root, "tar-in").ok(t).json(t, &res)
	if res != (tarInResult{Files: 3, Dirs: 1, Symlinks: 1, Bytes: 17}) {
		t.Fatalf("tar-in: %+v", res)
	}
	checkFile(t, f.path("ro/f"), "in read-only dir", 0o755) // setuid dropped
	fi, err := os.Stat(f.path("ro"))
	must(t, err)
	if fi.Mode().Perm() != 0o555 || !fi.ModTime().Equal(time.Unix(1700000000, 0)) {
		t.Fatalf("ro: %v %v", fi.Mode(), fi.ModTime())
	}
	if fi, _ := os.Stat(f.root); fi.Mode().Perm() != 0o755 {
		t.Fatalf("root mode changed to %v", fi.Mode())
	}
	a, _ := os.Stat(f.path("ro/f"))
	b, _ := os.Stat(f.path("hard"))
	if !os.SameFile(a, b) {
		t.Fatal("hard link not linked")
	}
	if target, _ := os.Readlink(f.path("abs-link")); target != "/etc/passwd" {
		t.Fatalf("symlink target %q", target)
	}
	// Reading through the stored absolute link is still refused.
	wsfs(t, "", f.root, "read", "abs-link", "10").fails(t, codeInvalidArgument)
}

func TestTarRoundTrip(t *testing.T) {
	src := newFixture(t)
	src.file(t, "a.txt", "alpha")
	src.file(t, "dir/sub/b.bin", string(bytes.Repeat([]byte{0, 1, 2, 255}, 100000)))
	must(t, os.Chmod(src.path("a.txt"), 0o600))
	must(t, os.Chmod(src.path("dir/sub/b.bin"), 0o751))
	must(t, os.Chmod(src.path("dir/sub"), 0o750))
	must(t, os.Mkdir(src.path("empty"), 0o1777))
	src.symlink(t, "../a.txt", "dir/rel-link")
	src.symlink(t, "/etc", "dir/abs-link")
	src.symlink(t, "missing", "dangling")
	src.file(t, "long/"+strings.Repeat("n", 120)+"/"+strings.Repeat("f", 150), "long name")
	mtime := time.Unix(1600000000, 0)
	must(t, os.Chtimes(src.path("a.txt"), mtime, mtime))

	archive := wsfs(t, "", src.root, "tar-out").ok(t).stdout
	names := tarNames(t, archive)
	if names[0] != "a.txt" || !slices.Contains(names, "dir/") {
		t.Fatalf("tar-out names: %v", names)
	}

	dst := newFixture(t)
	var res tarInResult
	wsfs(t, string(archive), dst.root, "tar-in").ok(t).json(t, &res)
	if res.Files != 3 || res.Symlinks != 3 || res.Dirs != 5 {
		t.Fatalf("tar-in: %+v", res)
	}
	for _, rel := range []string{"a.txt", "dir/sub/b.bin", "long/" + strings.Repeat("n", 120) + "/" + strings.Repeat("f", 150)} {
		want, _ := os.ReadFile(src.path(rel))
		got, err := os.ReadFile(dst.path(rel))
		must(t, err)
		if !bytes.Equal(want, got) {
			t.Fatalf("%s differs", rel)
		}
	}
	for _, rel := range []string{"a.txt", "dir/sub/b.bin", "dir/sub", "empty", "dir/rel-link", "dangling"} {
		want, _ := os.Lstat(src.path(rel))
		got, err := os.Lstat(dst.path(rel))
		must(t, err)
		if want.Mode() != got.Mode() {
			t.Fatalf("%s: mode %v, want %v", rel, got.Mode(), want.Mode())
		}
	}
	if fi, _ := os.Stat(dst.path("a.txt")); !fi.ModTime().Equal(mtime) {
		t.Fatalf("mtime %v", fi.ModTime())
	}
	for link, want := range map[string]string{"dir/rel-link": "../a.txt", "dir/abs-link": "/etc", "dangling": "missing"} {
		if got, _ := os.Readlink(dst.path(link)); got != want {
			t.Fatalf("%s -> %q, want %q", link, got, want)
		}
	}
	// And out again: the same listing.
	again := wsfs(t, "", dst.root, "tar-out").ok(t).stdout
	if !slices.Equal(names, tarNames(t, again)) {
		t.Fatalf("second tar-out differs:\n%v\n%v", names, tarNames(t, again))
	}
}

func TestTarOutSkipsSpecialFilesAndKeepsOwners(t *testing.T) {
	f := newFixture(t)
	f.file(t, "owned", "x")
	must(t, os.Lchown(f.path("owned"), 1234, 5678))
	must(t, mkfifo(f.path("fifo")))
	tr := tar.NewReader(bytes.NewReader(wsfs(t, "", f.root, "tar-out").ok(t).stdout))
	hdr, err := tr.Next()
	must(t, err)
	if hdr.Name != "owned" || hdr.Uid != 1234 || hdr.Gid != 5678 || hdr.Uname != "" {
		t.Fatalf("header: %+v", hdr)
	}
	if _, err := tr.Next(); err != io.EOF {
		t.Fatalf("more entries: %v", err)
	}
}

func tarNames(t *testing.T, archive []byte) []string {
	t.Helper()
	var names []string
	tr := tar.NewReader(bytes.NewReader(archive))
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			return names
		}
		must(t, err)
		names = append(names, hdr.Name)
	}
}
