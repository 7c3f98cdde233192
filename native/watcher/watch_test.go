package main

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

func startTestWatch(t *testing.T, dir string) *queue {
	t.Helper()
	q := newQueue(64)
	w, err := startWatch(dir, true, q)
	if err != nil {
		t.Fatal(err)
	}
	go func() { _ = w.run(); q.close() }()
	return q
}

func next(t *testing.T, q *queue) event {
	t.Helper()
	got := make(chan event, 1)
	go func() { e, _ := q.pop(); got <- e }()
	select {
	case e := <-got:
		return e
	case <-time.After(3 * time.Second):
		t.Fatal("no event within 3 s")
	}
	return event{}
}

func TestRenameIsOneEventWithBothPaths(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	q := startTestWatch(t, dir)
	if err := os.Rename(filepath.Join(dir, "a"), filepath.Join(dir, "b")); err != nil {
		t.Fatal(err)
	}
	e := next(t, q)
	if e.kind != kindRenamed || e.oldPath != filepath.Join(dir, "a") || e.path != filepath.Join(dir, "b") {
		t.Fatalf("got %+v, want a rename from a to b", e)
	}
}

func TestFilesInANewDirectoryAreSeen(t *testing.T) {
	dir := t.TempDir()
	q := startTestWatch(t, dir)
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}
	if e := next(t, q); e.kind != kindCreated || e.path != sub || !e.isDir {
		t.Fatalf("got %+v, want sub created", e)
	}
	if err := os.WriteFile(filepath.Join(sub, "f"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	if e := next(t, q); e.kind != kindCreated || e.path != filepath.Join(sub, "f") {
		t.Fatalf("got %+v, want sub/f created", e)
	}
}

func TestMovingAwayIsADeletion(t *testing.T) {
	dir, away := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "a"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	q := startTestWatch(t, dir)
	if err := os.Rename(filepath.Join(dir, "a"), filepath.Join(away, "a")); err != nil {
		t.Fatal(err)
	}
	if e := next(t, q); e.kind != kindDeleted || e.path != filepath.Join(dir, "a") {
		t.Fatalf("got %+v, want a deleted", e)
	}
}
