package main

import (
	"bytes"
	"errors"
	"io"
	"os"
)

// sameContent reports whether name holds the same bytes in a and in b,
// reading both side by side and stopping at the first difference. A file
// that vanished or changed type meanwhile counts as different.
func sameContent(a, b *os.Root, name, rel string) (bool, error) {
	display := displayPath(rel)
	fa, _, err := openRegular(a, name, display, false)
	if err != nil {
		return false, skipIfVanished(err, walkEntry{rel: rel})
	}
	defer fa.Close()
	fb, _, err := openRegular(b, name, display, false)
	if err != nil {
		return false, skipIfVanished(err, walkEntry{rel: rel})
	}
	defer fb.Close()
	bufA, bufB := make([]byte, 64<<10), make([]byte, 64<<10)
	for {
		na, errA := io.ReadFull(fa, bufA)
		nb, errB := io.ReadFull(fb, bufB)
		if na != nb || !bytes.Equal(bufA[:na], bufB[:nb]) {
			return false, nil
		}
		endA, endB := isEnd(errA), isEnd(errB)
		if errA != nil && !endA {
			return false, fsError(errA, display)
		}
		if errB != nil && !endB {
			return false, fsError(errB, display)
		}
		if endA || endB {
			return endA == endB, nil
		}
	}
}

func isEnd(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF)
}
