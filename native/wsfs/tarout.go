package main

import (
	"archive/tar"
	"bufio"
	"io"
	"io/fs"
	"os"
	"time"
)

// opTarOut: tar-out → a PAX tar stream of everything below the root:
// directories ("dir/"), regular files and symlinks (target verbatim), named
// relative to the root without a "./" prefix. Other file types are skipped.
func opTarOut(env *opEnv, args []string) error {
	if _, err := parseOpArgs(args, 0, nil, nil); err != nil {
		return err
	}
	out := bufio.NewWriterSize(env.stdout, 256<<10)
	tw := tar.NewWriter(out)
	if err := walkTree(env.root, func(e walkEntry) error { return writeTarEntry(tw, e) }); err != nil {
		return err
	}
	if err := tw.Close(); err != nil {
		return err
	}
	return out.Flush()
}

func writeTarEntry(tw *tar.Writer, e walkEntry) error {
	switch e.info.Mode().Type() {
	case fs.ModeDir:
		return tw.WriteHeader(tarHeader(e.rel+"/", tar.TypeDir, e.info))
	case fs.ModeSymlink:
		target, err := e.dir.Readlink(e.name)
		if err != nil {
			return skipIfVanished(err, e)
		}
		hdr := tarHeader(e.rel, tar.TypeSymlink, e.info)
		hdr.Linkname = target
		return tw.WriteHeader(hdr)
	case 0:
		return writeTarFile(tw, e)
	}
	return nil
}

func writeTarFile(tw *tar.Writer, e walkEntry) error {
	f, fi, err := openRegular(e.dir, e.name, displayPath(e.rel), false)
	if err != nil {
		return skipIfVanished(err, e)
	}
	defer f.Close()
	if !os.SameFile(fi, e.info) {
		return nil
	}
	hdr := tarHeader(e.rel, tar.TypeReg, fi)
	hdr.Size = fi.Size()
	if err := tw.WriteHeader(hdr); err != nil {
		return err
	}
	n, err := io.Copy(tw, io.LimitReader(f, hdr.Size))
	if err != nil {
		return fsError(err, displayPath(e.rel))
	}
	// The file shrank while being read: pad to the size in the header.
	_, err = io.CopyN(tw, zeros{}, hdr.Size-n)
	return err
}

// skipIfVanished drops an entry that disappeared or changed type since the
// walk saw it; other errors end the archive.
func skipIfVanished(err error, e walkEntry) error {
	err = fsError(err, displayPath(e.rel))
	if hasCode(err, codeNotFound) || hasCode(err, codeFailedPrecondition) || hasCode(err, codeInvalidArgument) {
		return nil
	}
	return err
}

func tarHeader(name string, typ byte, fi fs.FileInfo) *tar.Header {
	uid, gid := owner(fi)
	return &tar.Header{
		Typeflag: typ,
		Name:     name,
		Mode:     int64(permBits(fi)),
		Uid:      uid,
		Gid:      gid,
		ModTime:  fi.ModTime().Truncate(time.Second),
		Format:   tar.FormatPAX,
	}
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}
