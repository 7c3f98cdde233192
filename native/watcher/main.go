// Command watcher reports file changes under one path for the runner's
// WatchFiles, from inotify: one JSON object a line on stdout, first
// {"k":"ready"} once every watch is in place (or {"k":"error"} and exit 2),
// then "created", "modified", "deleted", "renamed" and "overflow" events.
// Events wait in a bounded queue (queue.go) while stdout is not read, so a
// slow reader costs dropped events and one overflow, never memory. It ends
// when the watched path itself goes away, or when stdout is closed. Linux
// only; start it as the sandbox user, whose permissions then decide what
// it can watch.
//
// Usage: watcher [-r] [-limit N] PATH
package main

import (
	"flag"
	"fmt"
	"os"
)

func main() {
	recursive := flag.Bool("r", false, "watch the directories below PATH too")
	limit := flag.Int("limit", 4096, "most events waiting to be written")
	flag.Parse()
	out := newOutput(os.Stdout)
	if flag.NArg() != 1 || *limit < 1 {
		out.fail("EINVAL", "usage: watcher [-r] [-limit N] PATH")
		os.Exit(2)
	}
	q := newQueue(*limit)
	w, err := startWatch(flag.Arg(0), *recursive, q)
	if err != nil {
		out.fail(errnoName(err), err.Error())
		os.Exit(2)
	}
	if err := out.write(event{kind: kindReady}); err != nil {
		os.Exit(1)
	}
	go func() {
		if err := w.run(); err != nil {
			fmt.Fprintf(os.Stderr, "watcher: %v\n", err)
		}
		q.close()
	}()
	for {
		e, ok := q.pop()
		if !ok {
			return
		}
		if err := out.write(e); err != nil {
			// The runner stopped listening.
			os.Exit(1)
		}
	}
}
