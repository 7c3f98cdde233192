package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A write killed with SIGTERM mid-stream leaves neither a temp file nor a
// half-written target.
func TestWriteCancelledBySignal(t *testing.T) {
	f := newFixture(t)
	cmd := exec.Command(wsfsBin, f.root, "write", "target")
	stdin, err := cmd.StdinPipe()
	must(t, err)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	must(t, cmd.Start())
	_, err = stdin.Write([]byte("partial"))
	must(t, err)
	waitFor(t, func() bool { return tempFiles(t, f.root) > 0 })
	must(t, cmd.Process.Signal(syscall.SIGTERM))
	err = cmd.Wait()
	stdin.Close()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Fatalf("exit: %v", err)
	}
	var we wsError
	if err := json.Unmarshal(stderr.Bytes(), &we); err != nil || we.Code != codeInternal {
		t.Fatalf("stderr: %q", stderr.Bytes())
	}
	if n := tempFiles(t, f.root); n != 0 {
		t.Fatalf("%d temp files left", n)
	}
	if _, err := os.Lstat(f.path("target")); !os.IsNotExist(err) {
		t.Fatal("target created by a cancelled write")
	}
}

func tempFiles(t *testing.T, dir string) int {
	t.Helper()
	entries, err := os.ReadDir(dir)
	must(t, err)
	n := 0
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".wsfs-") {
			n++
		}
	}
	return n
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatal("timed out")
}
