package main

import (
	"fmt"
	"syscall"
)

// share makes dir a bind mount of itself with shared propagation, so that a
// later bind onto it reaches a container that mounted it with rslave.
func share(dir string) error {
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind %s onto itself: %w", dir, err)
	}
	if err := syscall.Mount("", dir, "", syscall.MS_SHARED, ""); err != nil {
		return fmt.Errorf("make %s shared: %w", dir, err)
	}
	return nil
}

func bind(src, dir string) error {
	if err := syscall.Mount(src, dir, "", syscall.MS_BIND, ""); err != nil {
		return fmt.Errorf("bind %s onto %s: %w", src, dir, err)
	}
	return nil
}

func detach(dir string) error {
	if err := syscall.Unmount(dir, syscall.MNT_DETACH); err != nil {
		return fmt.Errorf("unmount %s: %w", dir, err)
	}
	return nil
}
