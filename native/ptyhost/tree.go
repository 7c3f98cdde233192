package main

import (
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

const prSetChildSubreaper = 36

// becomeSubreaper makes orphaned descendants (double forks, daemons)
// reparent to this process instead of the container's init.
func becomeSubreaper() error {
	_, _, errno := syscall.RawSyscall(syscall.SYS_PRCTL, prSetChildSubreaper, 1, 0)
	if errno != 0 {
		return errno
	}
	return nil
}

// descendants lists every process below pid, read from /proc.
func descendants(pid int) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	children := map[int][]int{}
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// The command name may hold spaces and parentheses: fields start after the last ")".
		s := string(stat)
		fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
		if len(fields) < 2 {
			continue
		}
		ppid, _ := strconv.Atoi(fields[1])
		children[ppid] = append(children[ppid], p)
	}
	var found []int
	stack := append([]int(nil), children[pid]...)
	for len(stack) > 0 {
		p := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		found = append(found, p)
		stack = append(stack, children[p]...)
	}
	return found
}

// killDescendants kills every process below this one until none is left,
// looking again to catch processes forked while others were being killed.
// Killed children are reaped by the reaper loop.
func killDescendants(group int) {
	syscall.Kill(-group, syscall.SIGKILL)
	self := os.Getpid()
	for round := 0; round < 100; round++ {
		pids := descendants(self)
		alive := 0
		for _, p := range pids {
			if syscall.Kill(p, syscall.SIGKILL) == nil && !isZombie(p) {
				alive++
			}
		}
		if alive == 0 {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func isZombie(pid int) bool {
	stat, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return true
	}
	s := string(stat)
	fields := strings.Fields(s[strings.LastIndexByte(s, ')')+1:])
	return len(fields) > 0 && fields[0] == "Z"
}

// preferForOomKill makes the terminal's processes, which inherit the score,
// what the OOM killer ends first, not the runner (as for the persistent
// shell). Raising the score needs no privilege; without /proc it stays.
func preferForOomKill() {
	os.WriteFile("/proc/self/oom_score_adj", []byte("1000"), 0)
}
