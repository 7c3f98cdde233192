package main

import (
	"os"
	"os/signal"
	"syscall"
)

// removeOnSignal removes name in dir and exits if the process is told to
// stop before the returned stop function is called, so a cancelled write
// leaves no temp file behind.
func removeOnSignal(dir *os.Root, name string) (stop func()) {
	sigs := make(chan os.Signal, 1)
	done := make(chan struct{})
	signal.Notify(sigs, syscall.SIGTERM, syscall.SIGINT, syscall.SIGHUP)
	go func() {
		select {
		case <-sigs:
			dir.Remove(name)
			os.Exit(report(os.Stderr, failf(codeInternal, "interrupted by a signal")))
		case <-done:
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}
