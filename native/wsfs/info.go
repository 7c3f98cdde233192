package main

import (
	"io/fs"
	"path"
	"syscall"
)

// fileInfo is the JSON shape of one file, as lstat sees it.
type fileInfo struct {
	Name         string `json:"name"`
	Path         string `json:"path"`
	IsDir        bool   `json:"is_dir"`
	IsSymlink    bool   `json:"is_symlink"`
	Size         int64  `json:"size"`
	Mode         uint32 `json:"mode"`
	ModifiedAtNs int64  `json:"modified_at_ns"`
}

func newFileInfo(rel string, fi fs.FileInfo) fileInfo {
	display := displayPath(rel)
	return fileInfo{
		Name:         path.Base(display),
		Path:         display,
		IsDir:        fi.IsDir(),
		IsSymlink:    fi.Mode()&fs.ModeSymlink != 0,
		Size:         fi.Size(),
		Mode:         permBits(fi),
		ModifiedAtNs: fi.ModTime().UnixNano(),
	}
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
