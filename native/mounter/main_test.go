package main

import (
	"os"
	"path/filepath"
	"testing"
)

func TestRefusesRelativePathsAndUnknownOps(t *testing.T) {
	for _, req := range []request{
		{Op: "share", Dir: "relative"},
		{Op: "bind", Src: "x", Dir: "/tmp"},
		{Op: "detach", Dir: ""},
		{Op: "format", Dir: "/tmp"},
	} {
		if serve(req) == nil {
			t.Errorf("%+v: want an error", req)
		}
	}
}

func TestBindShowsTheSourceAndDetachRemovesIt(t *testing.T) {
	if os.Geteuid() != 0 {
		t.Fatal("these tests mount, which needs root")
	}
	src, dir := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(src, "marker"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := serve(request{Op: "share", Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if err := serve(request{Op: "bind", Src: src, Dir: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "marker")); err != nil {
		t.Fatalf("bound file not seen: %v", err)
	}
	for i := 0; i < 2; i++ {
		if err := serve(request{Op: "detach", Dir: dir}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "marker")); err == nil {
		t.Fatal("still bound after detach")
	}
}
