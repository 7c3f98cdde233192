package main

import (
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
	"unsafe"
)

// renameat2 system call numbers, for RENAME_EXCHANGE.
var renameat2 = map[string]uintptr{"amd64": 316, "386": 353, "arm64": 276, "riscv64": 276, "loong64": 276}

// exchange atomically swaps the entries at a and b.
func exchange(a, b string) error {
	pa, err := syscall.BytePtrFromString(a)
	if err != nil {
		return err
	}
	pb, err := syscall.BytePtrFromString(b)
	if err != nil {
		return err
	}
	const atFdcwd, renameExchange = ^uintptr(99), 2 // AT_FDCWD is -100
	_, _, errno := syscall.Syscall6(renameat2[runtime.GOARCH], atFdcwd, uintptr(unsafe.Pointer(pa)), atFdcwd, uintptr(unsafe.Pointer(pb)), renameExchange, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// swapper keeps flipping root/d between a real directory and a symlink to
// the outside directory (atomically, so d always exists) until stopped.
func swapper(t *testing.T, f fixture) (stop func()) {
	t.Helper()
	if renameat2[runtime.GOARCH] == 0 {
		t.Skip("no renameat2 number for " + runtime.GOARCH)
	}
	must(t, os.Mkdir(f.path("d"), 0o755))
	f.symlink(t, f.outside, "d-link")
	must(t, exchange(f.path("d"), f.path("d-link")))
	must(t, exchange(f.path("d"), f.path("d-link")))
	var done atomic.Bool
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for !done.Load() {
			exchange(f.path("d"), f.path("d-link"))
		}
	}()
	return func() {
		done.Store(true)
		wg.Wait()
	}
}

func TestRaceSwappingDirectoryForSymlink(t *testing.T) {
	f := newFixture(t)
	stop := swapper(t, f)
	deadline := time.Now().Add(2 * time.Second)
	var ok, refused int
	codes := map[string]int{}
	for i := 0; time.Now().Before(deadline) || i < 500; i++ {
		var r result
		switch i % 4 {
		case 0:
			r = runInProcess(t, "payload", f.root, "write", "d/f")
		case 1:
			r = runInProcess(t, "payload", f.root, "write", "d/sub/f")
		case 2:
			r = runInProcess(t, "", f.root, "mkdir", "d/m", "-p")
		case 3:
			r = runInProcess(t, makeTar(t, tarEntry{name: "d/t", body: "payload"}), f.root, "tar-in")
		}
		if r.exit == 0 {
			ok++
		} else {
			refused++
			codes[r.err.Code+": "+r.err.Message]++
		}
	}
	stop()
	f.checkOutside(t)
	t.Logf("%d operations succeeded inside, %d were refused: %v", ok, refused, codes)
	if ok == 0 || refused == 0 {
		t.Fatal("the race never hit one of the two states")
	}
	if _, err := os.Stat(filepath.Join(f.outside, "f")); !os.IsNotExist(err) {
		t.Fatal("outside received a file")
	}
}

// The binary itself, end to end, under the same race.
func TestRaceBinary(t *testing.T) {
	f := newFixture(t)
	stop := swapper(t, f)
	for range 100 {
		wsfs(t, "payload", f.root, "write", "d/f")
	}
	stop()
	f.checkOutside(t)
}
