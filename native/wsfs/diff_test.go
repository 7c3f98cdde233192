package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func diffOf(t *testing.T, a, b string, max string) diffResult {
	t.Helper()
	var res diffResult
	wsfs(t, "", "--to", b, a, "diff", max).ok(t).json(t, &res)
	return res
}

// summary is "change path before-size→after-size" for each entry.
func summary(res diffResult) []string {
	var out []string
	for _, c := range res.Changes {
		s := c.Change + " " + c.Path
		if c.Before != nil {
			s += " " + c.Before.Kind + ":" + itoa(c.Before.Size)
		}
		if c.After != nil {
			s += " →" + c.After.Kind + ":" + itoa(c.After.Size)
		}
		out = append(out, s)
	}
	return out
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

func TestDiffListsExactlyWhatDiffers(t *testing.T) {
	f, dst := copyFixture(t)
	f.file(t, "same.txt", "unchanged")
	f.file(t, "grown.txt", "abc")
	f.file(t, "edited.txt", "aaaa")
	f.file(t, "chmodded.txt", "m")
	f.file(t, "gone/inner.txt", "bye")
	f.file(t, "becomes-dir", "file")
	f.symlink(t, "/etc/passwd", "link")
	f.symlink(t, "/etc/passwd", "same-link")
	wsfs(t, "", "--to", dst, f.root, "copy-tree").ok(t)
	if res := diffOf(t, f.root, dst, "100"); len(res.Changes) != 0 || res.Truncated {
		t.Fatalf("a fresh copy differs: %v", summary(res))
	}

	in := func(rel string) string { return filepath.Join(dst, rel) }
	must(t, os.WriteFile(in("grown.txt"), []byte("abcdef"), 0o644))
	must(t, os.WriteFile(in("edited.txt"), []byte("bbbb"), 0o644)) // same size
	must(t, os.Chmod(in("chmodded.txt"), 0o600))
	must(t, os.RemoveAll(in("gone")))
	must(t, os.Remove(in("becomes-dir")))
	must(t, os.MkdirAll(in("becomes-dir/x"), 0o755))
	must(t, os.Remove(in("link")))
	must(t, os.Symlink("/etc/shadow", in("link")))
	must(t, os.MkdirAll(in("new/deeper"), 0o755))
	must(t, os.WriteFile(in("new/deeper/n.txt"), []byte("12345"), 0o644))

	got := strings.Join(summary(diffOf(t, f.root, dst, "100")), "\n")
	want := strings.Join([]string{
		"changed /becomes-dir file:4 →dir:0",
		"added /becomes-dir/x →dir:0",
		"changed /chmodded.txt file:1 →file:1",
		"changed /edited.txt file:4 →file:4",
		"removed /gone dir:0",
		"removed /gone/inner.txt file:3",
		"changed /grown.txt file:3 →file:6",
		"changed /link symlink:11 →symlink:11",
		"added /new →dir:0",
		"added /new/deeper →dir:0",
		"added /new/deeper/n.txt →file:5",
	}, "\n")
	if got != want {
		t.Fatalf("diff:\n%s\nwant:\n%s", got, want)
	}
	// The other way round, added and removed trade places.
	back := summary(diffOf(t, dst, f.root, "100"))
	if back[0] != "changed /becomes-dir dir:0 →file:4" || back[1] != "removed /becomes-dir/x dir:0" || back[4] != "added /gone →dir:0" {
		t.Fatalf("reverse diff: %v", back)
	}
	f.checkOutside(t)
}

func TestDiffTruncates(t *testing.T) {
	f, dst := copyFixture(t)
	for _, n := range []string{"a", "b", "c"} {
		f.file(t, n, n)
	}
	res := diffOf(t, f.root, dst, "2")
	if !res.Truncated || len(res.Changes) != 2 || res.Changes[1].Path != "/b" {
		t.Fatalf("truncated diff: %+v", res)
	}
}

// A link to outside is compared as a link: the outside is never read.
func TestDiffNeverFollowsLinks(t *testing.T) {
	f, dst := copyFixture(t)
	f.symlink(t, f.outside, "out")
	must(t, os.Mkdir(filepath.Join(dst, "out"), 0o755))
	got := summary(diffOf(t, f.root, dst, "100"))
	if strings.Join(got, ";") != "changed /out symlink:"+itoa(int64(len(f.outside)))+" →dir:0" {
		t.Fatalf("diff: %v", got)
	}
	f.checkOutside(t)
}
