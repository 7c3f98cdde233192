package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "ptyhost-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "ptyhost")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		panic("go build: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// host is one ptyhost process with its four descriptors.
type host struct {
	t       *testing.T
	cmd     *exec.Cmd
	input   io.WriteCloser
	control *os.File
	status  *bufio.Reader
	mu      sync.Mutex
	output  bytes.Buffer
	done    chan struct{}
}

func start(t *testing.T, args ...string) *host {
	t.Helper()
	controlRead, controlWrite, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	statusRead, statusWrite, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(binary, args...)
	cmd.ExtraFiles = []*os.File{controlRead, statusWrite}
	cmd.Env = append(os.Environ(), "TERM=xterm")
	input, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	controlRead.Close()
	statusWrite.Close()
	h := &host{t: t, cmd: cmd, input: input, control: controlWrite, status: bufio.NewReader(statusRead), done: make(chan struct{})}
	go func() {
		buf := make([]byte, 4096)
		for {
			n, err := stdout.Read(buf)
			h.mu.Lock()
			h.output.Write(buf[:n])
			h.mu.Unlock()
			if err != nil {
				close(h.done)
				return
			}
		}
	}()
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
	})
	return h
}

func (h *host) statusLine() string {
	h.t.Helper()
	line, err := h.status.ReadString('\n')
	if err != nil {
		h.t.Fatalf("status: %v (got %q)", err, line)
	}
	return strings.TrimSuffix(line, "\n")
}

func (h *host) waitOutput(want string) {
	h.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		if strings.Contains(h.outputText(), want) {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	h.t.Fatalf("no %q in the output %q", want, h.outputText())
}

func (h *host) outputText() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.output.String()
}

func (h *host) send(s string) {
	h.t.Helper()
	if _, err := h.input.Write([]byte(s)); err != nil {
		h.t.Fatal(err)
	}
}

func (h *host) controlLine(s string) {
	h.t.Helper()
	if _, err := h.control.WriteString(s + "\n"); err != nil {
		h.t.Fatal(err)
	}
}

func startedPid(t *testing.T, line string) int {
	t.Helper()
	pid, err := strconv.Atoi(strings.TrimPrefix(line, "started "))
	if !strings.HasPrefix(line, "started ") || err != nil {
		t.Fatalf("expected started PID, got %q", line)
	}
	return pid
}

func alive(pid int) bool {
	return syscall.Kill(pid, 0) == nil
}

func TestReportsOutputAndExitCode(t *testing.T) {
	h := start(t, "80", "24", "/tmp", "sh", "-c", "echo hello from $(pwd); exit 3")
	startedPid(t, h.statusLine())
	h.waitOutput("hello from /tmp\r\n")
	if got := h.statusLine(); got != "exited 3" {
		t.Fatalf("got %q", got)
	}
}

func TestTheProgramHasAControllingTerminalOfTheGivenSize(t *testing.T) {
	h := start(t, "100", "30", "/", "sh", "-c", "tty; stty size; read line; stty size")
	startedPid(t, h.statusLine())
	h.waitOutput("30 100\r\n")
	h.controlLine("resize 120 40")
	h.send("\r")
	h.waitOutput("40 120\r\n")
	if got := h.statusLine(); got != "exited 0" {
		t.Fatalf("got %q", got)
	}
	if out := h.outputText(); !strings.Contains(out, "/dev/pts/") {
		t.Fatalf("tty printed %q", out)
	}
}

func TestCtrlCInterruptsTheForegroundJob(t *testing.T) {
	h := start(t, "80", "24", "/", "sh", "-c", `trap 'echo got INT; exit 5' INT; echo ready; while :; do sleep 0.1; done`)
	startedPid(t, h.statusLine())
	h.waitOutput("ready\r\n")
	h.send("\x03")
	h.waitOutput("got INT\r\n")
	if got := h.statusLine(); got != "exited 5" {
		t.Fatalf("got %q", got)
	}
}

func TestCloseKillsEveryDescendantEvenOnesThatLeftTheSession(t *testing.T) {
	h := start(t, "80", "24", "/", "sh", "-c", `setsid sleep 1000 & echo "escaped $!"; sleep 1000 & wait`)
	startedPid(t, h.statusLine())
	h.waitOutput("escaped ")
	h.waitOutput("\r\n")
	field := strings.Fields(strings.SplitN(h.outputText(), "escaped ", 2)[1])[0]
	escaped, err := strconv.Atoi(field)
	if err != nil || !alive(escaped) {
		t.Fatalf("no escaped sleep: %q %v", field, err)
	}
	h.controlLine("close")
	if got := h.statusLine(); got != "signaled SIGKILL" {
		t.Fatalf("got %q", got)
	}
	<-h.done
	if alive(escaped) {
		t.Fatalf("the escaped sleep %d still runs", escaped)
	}
}

func TestTheEndOfTheControlPipeClosesTheTerminal(t *testing.T) {
	h := start(t, "80", "24", "/", "sleep", "1000")
	pid := startedPid(t, h.statusLine())
	h.control.Close()
	if got := h.statusLine(); got != "signaled SIGKILL" {
		t.Fatalf("got %q", got)
	}
	if alive(pid) {
		t.Fatalf("sleep %d still runs", pid)
	}
}

func TestAProgramThatIsMissingIsAnError(t *testing.T) {
	h := start(t, "80", "24", "/", "no-such-program-anywhere")
	if got := h.statusLine(); got != "error no-such-program-anywhere: command not found" {
		t.Fatalf("got %q", got)
	}
}

func TestBadArgumentsAreAnError(t *testing.T) {
	h := start(t, "0", "24", "/", "sh")
	if got := h.statusLine(); !strings.HasPrefix(got, "error bad terminal size") {
		t.Fatalf("got %q", got)
	}
}

func TestAMissingDirectoryIsAnError(t *testing.T) {
	h := start(t, "80", "24", "/no/such/dir", "sh")
	if got := h.statusLine(); !strings.HasPrefix(got, "error start sh in /no/such/dir") {
		t.Fatalf("got %q", got)
	}
}

func TestTheTerminalsProcessesAreTheOomKillersFirstChoice(t *testing.T) {
	h := start(t, "80", "24", "/", "cat", "/proc/self/oom_score_adj")
	startedPid(t, h.statusLine())
	h.waitOutput("1000\r\n")
}
