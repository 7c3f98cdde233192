package main

import (
	"archive/tar"
	"bytes"
	"encoding/base64"
	"io"
	"os"
	"strings"
	"testing"
)

// Names are bytes: one that is not valid UTF-8 is listed with its exact
// bytes beside the text, and reached with --paths base64.

const badName = "caf\xe9.txt" // latin-1 é: not UTF-8

func b64(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }

func TestListAndStatGiveTheBytesOfNamesThatAreNotUTF8(t *testing.T) {
	f := newFixture(t)
	f.file(t, "d/"+badName, "latin")
	f.file(t, "d/ok.txt", "ok")
	f.file(t, "d/\xff/inner", "deep")

	var res listResult
	wsfs(t, "", f.root, "list", "/d", "10").ok(t).json(t, &res)
	if len(res.Entries) != 3 {
		t.Fatalf("list: %+v", res)
	}
	byName := map[string]fileInfo{}
	for _, e := range res.Entries {
		byName[string(e.NameBytes)+"|"+e.Name] = e
	}
	bad, ok := byName[badName+"|caf\uFFFD.txt"]
	if !ok || string(bad.PathBytes) != "/d/"+badName || bad.Path != "/d/caf\uFFFD.txt" || bad.Size != 5 {
		t.Fatalf("entry for %q: %+v", badName, res.Entries)
	}
	if good := byName["|ok.txt"]; good.NameBytes != nil || good.PathBytes != nil || good.Path != "/d/ok.txt" {
		t.Fatalf("a UTF-8 name carries bytes: %+v", good)
	}

	var fi fileInfo
	wsfs(t, "", "--paths", "base64", f.root, "stat", b64("/d/\xff/inner")).ok(t).json(t, &fi)
	if fi.Name != "inner" || fi.NameBytes != nil || string(fi.PathBytes) != "/d/\xff/inner" || fi.Size != 4 {
		t.Fatalf("stat inside a directory whose name is not UTF-8: %+v", fi)
	}
	wsfs(t, "", "--paths", "base64", f.root, "list", b64("d/\xff"), "10").ok(t).json(t, &res)
	if len(res.Entries) != 1 || res.Entries[0].Name != "inner" {
		t.Fatalf("list of %q: %+v", "d/\xff", res)
	}
}

func TestEveryOperationReachesANameThatIsNotUTF8(t *testing.T) {
	f := newFixture(t)
	p := b64("/" + badName)
	wsfs(t, "new bytes", "--paths", "base64", f.root, "write", p).ok(t)
	checkFile(t, f.path(badName), "new bytes", 0o644)

	r := wsfs(t, "", "--paths", "base64", f.root, "read", p, "100").ok(t)
	if !bytes.HasSuffix(r.stdout, []byte("\nnew bytes")) {
		t.Fatalf("read: %q", r.stdout)
	}
	wsfs(t, "", "--paths", "base64", f.root, "mkdir", b64("/dir\xfe/sub"), "-p").ok(t)
	if fi, err := os.Stat(f.path("dir\xfe/sub")); err != nil || !fi.IsDir() {
		t.Fatalf("mkdir -p: %v", err)
	}
	wsfs(t, "", "--paths", "base64", f.root, "remove", b64("dir\xfe"), "-r").ok(t)
	wsfs(t, "", "--paths", "base64", f.root, "remove", p).ok(t)
	entries, err := os.ReadDir(f.root)
	must(t, err)
	if len(entries) != 0 {
		t.Fatalf("left behind: %v", entries)
	}
	f.checkOutside(t)
}

func TestBase64PathsAreConfinedLikeTextPaths(t *testing.T) {
	f := newFixture(t)
	f.file(t, "sub/x", "x")
	f.symlink(t, "../outside", "out\xff")
	for _, p := range []string{"../x", "sub/../x", "..", "/../outside/canary", "\xff/../../outside/canary"} {
		r := wsfs(t, "", "--paths", "base64", f.root, "stat", b64(p)).fails(t, codeInvalidArgument)
		if !strings.Contains(r.err.Message, "leaves the workspace") {
			t.Errorf("%q: %s", p, r.err.Message)
		}
		wsfs(t, "evil", "--paths", "base64", f.root, "write", b64(p)).fails(t, codeInvalidArgument)
	}
	// A NUL can be spelt in base64 (exec cannot pass one as text).
	r := wsfs(t, "", "--paths", "base64", f.root, "stat", b64("sub/\x00x")).fails(t, codeInvalidArgument)
	if !strings.Contains(r.err.Message, "NUL") {
		t.Errorf("NUL: %s", r.err.Message)
	}
	// Absolute means inside the root.
	wsfs(t, "", "--paths", "base64", f.root, "stat", b64("/sub/x")).ok(t)
	// A planted link whose name is not UTF-8 leads nowhere outside.
	for _, op := range [][]string{{"read", b64("out\xff/canary"), "10"}, {"write", b64("out\xff/new")}, {"list", b64("out\xff"), "10"}, {"mkdir", b64("out\xff/d"), "-p"}, {"remove", b64("out\xff/canary")}} {
		r := wsfs(t, "evil", append([]string{"--paths", "base64", f.root}, op...)...).fails(t, codeInvalidArgument)
		if !strings.Contains(r.err.Message, "outside the workspace") {
			t.Errorf("%v: %s", op, r.err.Message)
		}
	}
	if r := wsfs(t, "", "--paths", "base64", f.root, "stat", "not base64!"); r.exit != 2 || r.err.Code != codeInvalidArgument {
		t.Fatalf("bad base64: %+v", r)
	}
	if r := wsfs(t, "", "--paths", "hex", f.root, "stat", "/"); r.exit != 2 || r.err.Code != codeInvalidArgument {
		t.Fatalf("unknown encoding: %+v", r)
	}
	f.checkOutside(t)
}

func TestTarRoundTripKeepsNamesThatAreNotUTF8(t *testing.T) {
	f := newFixture(t)
	f.file(t, "d\xff/"+badName, "latin")
	out := wsfs(t, "", f.root, "tar-out").ok(t)
	var names []string
	tr := tar.NewReader(bytes.NewReader(out.stdout))
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		must(t, err)
		names = append(names, hdr.Name)
	}
	if strings.Join(names, ",") != "d\xff/,d\xff/"+badName {
		t.Fatalf("archive names: %q", names)
	}
	g := newFixture(t)
	wsfs(t, string(out.stdout), g.root, "tar-in").ok(t)
	checkFile(t, g.path("d\xff/"+badName), "latin", 0o644)
}
