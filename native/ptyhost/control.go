package main

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
)

// readControl applies the runner's control lines. The end of the control
// pipe (the runner went away) counts as close.
func readControl(control *os.File, master *os.File, closing chan<- struct{}) {
	defer close(closing)
	lines := bufio.NewScanner(control)
	for lines.Scan() {
		fields := strings.Fields(lines.Text())
		switch {
		case len(fields) == 3 && fields[0] == "resize":
			cols, err1 := strconv.ParseUint(fields[1], 10, 16)
			rows, err2 := strconv.ParseUint(fields[2], 10, 16)
			if err1 != nil || err2 != nil || cols == 0 || rows == 0 {
				fmt.Fprintf(os.Stderr, "ptyhost: bad resize %q\n", lines.Text())
				continue
			}
			if err := setSize(master, winsize{cols: uint16(cols), rows: uint16(rows)}); err != nil {
				fmt.Fprintf(os.Stderr, "ptyhost: resize: %v\n", err)
			}
		case len(fields) == 1 && fields[0] == "close":
			return
		default:
			fmt.Fprintf(os.Stderr, "ptyhost: unknown control line %q\n", lines.Text())
		}
	}
}
