package main

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"
)

// How long the last output may take to drain once every process has ended.
const drainTimeout = 2 * time.Second

// run starts the program on a new terminal, relays it until it ends, kills
// whatever it left behind and reports how it ended.
func run(inv invocation, status *os.File) int {
	fail := func(err error) int {
		fmt.Fprintf(status, "error %s\n", oneLine(err.Error()))
		return 1
	}
	preferForOomKill()
	if err := becomeSubreaper(); err != nil {
		return fail(fmt.Errorf("become a child subreaper: %w", err))
	}
	master, slave, err := openPty()
	if err != nil {
		return fail(err)
	}
	if err := setSize(master, inv.size); err != nil {
		return fail(fmt.Errorf("set the terminal size: %w", err))
	}
	program, err := exec.LookPath(inv.argv[0])
	if err != nil {
		return fail(fmt.Errorf("%s: command not found", inv.argv[0]))
	}
	events := make(chan os.Signal, 64)
	signal.Notify(events, syscall.SIGCHLD, syscall.SIGTERM, syscall.SIGHUP, syscall.SIGINT)
	pid, err := syscall.ForkExec(program, inv.argv, &syscall.ProcAttr{
		Dir:   inv.cwd,
		Env:   os.Environ(),
		Files: []uintptr{slave.Fd(), slave.Fd(), slave.Fd()},
		// A session of its own with the terminal as controlling tty: job
		// control, and Ctrl-C reaches the foreground job.
		Sys: &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0},
	})
	slave.Close()
	if err != nil {
		return fail(fmt.Errorf("start %s in %s: %w", inv.argv[0], inv.cwd, err))
	}
	fmt.Fprintf(status, "started %d\n", pid)

	outputDone := make(chan struct{})
	go func() {
		relay(os.Stdout, master)
		close(outputDone)
	}()
	go relay(master, os.Stdin)
	closing := make(chan struct{})
	go readControl(os.NewFile(3, "control"), master, closing)

	ws := waitForProgram(pid, events, closing)
	killDescendants(pid)
	reapAll()
	select {
	case <-outputDone:
	case <-time.After(drainTimeout):
	}
	if ws.Signaled() {
		fmt.Fprintf(status, "signaled %s\n", signalName(ws.Signal()))
	} else {
		fmt.Fprintf(status, "exited %d\n", ws.ExitStatus())
	}
	return 0
}

// waitForProgram reaps children until the program itself ended; a close
// request or a signal to ptyhost kills the terminal's processes first.
func waitForProgram(pid int, events <-chan os.Signal, closing <-chan struct{}) syscall.WaitStatus {
	for {
		select {
		case sig := <-events:
			if sig != syscall.SIGCHLD {
				killDescendants(pid)
			}
		case <-closing:
			killDescendants(pid)
			closing = nil
		}
		if ws, done := reap(pid); done {
			return ws
		}
	}
}

// reap collects every ended child; done tells whether pid was among them.
func reap(pid int) (status syscall.WaitStatus, done bool) {
	for {
		var ws syscall.WaitStatus
		got, err := syscall.Wait4(-1, &ws, syscall.WNOHANG, nil)
		if err == syscall.EINTR {
			continue
		}
		if err != nil || got <= 0 {
			return status, done
		}
		if got == pid {
			status, done = ws, true
		}
	}
}

func reapAll() {
	reap(-1)
}

// relay copies until either side fails: the terminal reports EIO once no
// process holds it open any more.
func relay(dst io.Writer, src io.Reader) {
	buf := make([]byte, 32*1024)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

func oneLine(s string) string {
	return strings.ReplaceAll(s, "\n", " ")
}
