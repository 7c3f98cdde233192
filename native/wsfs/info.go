package main

import (
	"io/fs"
	"path"
	"syscall"
	"unicode/utf8"
)

// fileInfo is the JSON shape of one file, as lstat sees it. JSON strings
// are UTF-8, so a name that is not gets its exact bytes (base64) beside
// the text, in which each invalid byte reads U+FFFD.
type fileInfo struct {
	Name         string `json:"name"`
	NameBytes    []byte `json:"name_bytes,omitempty"`
	Path         string `json:"path"`
	PathBytes    []byte `json:"path_bytes,omitempty"`
	IsDir        bool   `json:"is_dir"`
	IsSymlink    bool   `json:"is_symlink"`
	Size         int64  `json:"size"`
	Mode         uint32 `json:"mode"`
	ModifiedAtNs int64  `json:"modified_at_ns"`
}

func newFileInfo(rel string, fi fs.FileInfo) fileInfo {
	display := displayPath(rel)
	name := path.Base(display)
	return fileInfo{
		Name:         name,
		NameBytes:    bytesIfNotUTF8(name),
		Path:         display,
		PathBytes:    bytesIfNotUTF8(display),
		IsDir:        fi.IsDir(),
		IsSymlink:    fi.Mode()&fs.ModeSymlink != 0,
		Size:         fi.Size(),
		Mode:         permBits(fi),
		ModifiedAtNs: fi.ModTime().UnixNano(),
	}
}

func bytesIfNotUTF8(s string) []byte {
	if utf8.ValidString(s) {
		return nil
	}
	return []byte(s)
}

// permBits returns the mode's permission bits including setuid, setgid
// and sticky, as the kernel stores them (& 07777).
func permBits(fi fs.FileInfo) uint32 {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return st.Mode & 0o7777
	}
	return uint32(fi.Mode().Perm())
}

// owner returns the file's uid and gid.
func owner(fi fs.FileInfo) (uid, gid int) {
	if st, ok := fi.Sys().(*syscall.Stat_t); ok {
		return int(st.Uid), int(st.Gid)
	}
	return 0, 0
}
