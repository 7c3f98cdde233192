package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// wsfsBin is the helper built once for the whole test run.
var wsfsBin string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "wsfs-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	wsfsBin = filepath.Join(dir, "wsfs")
	build := exec.Command("go", "build", "-trimpath", "-o", wsfsBin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building wsfs:", err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	exit   int
	stdout []byte
	err    wsError
}

// wsfs runs the built binary with stdin and args.
func wsfs(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	cmd := exec.Command(wsfsBin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	r := result{stdout: stdout.Bytes()}
	if ee, ok := err.(*exec.ExitError); ok {
		r.exit = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("wsfs %v: %v", args, err)
	}
	checkStderr(t, r.exit, stderr.Bytes(), &r.err)
	return r
}

// runInProcess calls run directly, for tests that need many operations.
func runInProcess(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	r := result{exit: run(args, strings.NewReader(stdin), &stdout, &stderr)}
	r.stdout = stdout.Bytes()
	checkStderr(t, r.exit, stderr.Bytes(), &r.err)
	return r
}

// checkStderr enforces the contract: nothing on stderr on success, one
// JSON line otherwise.
func checkStderr(t *testing.T, exit int, stderr []byte, into *wsError) {
	t.Helper()
	if exit == 0 {
		if len(stderr) != 0 {
			t.Fatalf("stderr on success: %s", stderr)
		}
		return
	}
	if bytes.Count(stderr, []byte("\n")) != 1 || !bytes.HasSuffix(stderr, []byte("\n")) {
		t.Fatalf("stderr is not one line: %q", stderr)
	}
	if err := json.Unmarshal(stderr, into); err != nil || into.Code == "" || into.Message == "" {
		t.Fatalf("stderr is not an error object: %q (%v)", stderr, err)
	}
}

func (r result) ok(t *testing.T) result {
	t.Helper()
	if r.exit != 0 {
		t.Fatalf("want success, got exit %d: %s: %s", r.exit, r.err.Code, r.err.Message)
	}
	return r
}

func (r result) fails(t *testing.T, code string) result {
	t.Helper()
	if r.exit != 1 || r.err.Code != code {
		t.Fatalf("want exit 1 with %s, got exit %d: %s: %s (stdout %q)", code, r.exit, r.err.Code, r.err.Message, r.stdout)
	}
	return r
}

func (r result) json(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.stdout, v); err != nil {
		t.Fatalf("stdout is not JSON: %q: %v", r.stdout, err)
	}
}

// fixture is a workspace root plus a directory outside it holding a canary
// file that no operation may ever change.
type fixture struct {
	root, outside string
}

const canaryText = "canary\n"

func newFixture(t *testing.T) fixture {
	t.Helper()
	base := t.TempDir()
	f := fixture{root: filepath.Join(base, "ws"), outside: filepath.Join(base, "outside")}
	must(t, os.Mkdir(f.root, 0o755))
	must(t, os.Mkdir(f.outside, 0o755))
	must(t, os.WriteFile(filepath.Join(f.outside, "canary"), []byte(canaryText), 0o644))
	return f
}

func (f fixture) path(rel string) string { return filepath.Join(f.root, rel) }

func (f fixture) file(t *testing.T, rel, content string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Dir(f.path(rel)), 0o755))
	must(t, os.WriteFile(f.path(rel), []byte(content), 0o644))
}

func (f fixture) symlink(t *testing.T, target, rel string) {
	t.Helper()
	must(t, os.Symlink(target, f.path(rel)))
}

// checkOutside fails unless the outside directory holds exactly the
// unchanged canary.
func (f fixture) checkOutside(t *testing.T) {
	t.Helper()
	entries, err := os.ReadDir(f.outside)
	must(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{"canary"}) {
		t.Fatalf("outside directory changed: %v", names)
	}
	data, err := os.ReadFile(filepath.Join(f.outside, "canary"))
	must(t, err)
	if string(data) != canaryText {
		t.Fatalf("canary changed: %q", data)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func mkfifo(path string) error { return syscall.Mkfifo(path, 0o644) }
