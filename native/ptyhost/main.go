// Command ptyhost runs one program on a new pseudo-terminal for the runner
// and relays it: fd 0 is typed into the terminal, what the terminal shows
// goes to fd 1, fd 3 takes control lines ("resize COLS ROWS", "close") and
// fd 4 reports status lines ("started PID", "error MESSAGE", then "exited
// CODE" or "signaled SIGNAME"). It is a child subreaper, so that every
// process the terminal starts stays its descendant and dies with it. Linux
// only; start it as the sandbox user.
//
// Usage: ptyhost COLS ROWS CWD PROGRAM [ARGS...]
package main

import (
	"fmt"
	"os"
	"strconv"
)

func main() {
	status := os.NewFile(4, "status")
	inv, err := parseArgs(os.Args[1:])
	if err != nil {
		fmt.Fprintf(status, "error %s\n", oneLine(err.Error()))
		os.Exit(2)
	}
	os.Exit(run(inv, status))
}

type invocation struct {
	size winsize
	cwd  string
	argv []string
}

func parseArgs(args []string) (invocation, error) {
	if len(args) < 4 {
		return invocation{}, fmt.Errorf("usage: ptyhost COLS ROWS CWD PROGRAM [ARGS...]")
	}
	cols, err1 := strconv.ParseUint(args[0], 10, 16)
	rows, err2 := strconv.ParseUint(args[1], 10, 16)
	if err1 != nil || err2 != nil || cols == 0 || rows == 0 {
		return invocation{}, fmt.Errorf("bad terminal size %q x %q", args[0], args[1])
	}
	return invocation{
		size: winsize{cols: uint16(cols), rows: uint16(rows)},
		cwd:  args[2],
		argv: args[3:],
	}, nil
}
