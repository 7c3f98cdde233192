package main

type duResult struct {
	Bytes int64 `json:"bytes"`
	Files int64 `json:"files"`
	Dirs  int64 `json:"dirs"`
}

// opDu: du → the apparent size of all regular files below the root, the
// number of non-directory entries (files, symlinks, others) and of
// directories (the root itself not counted).
func opDu(env *opEnv, args []string) error {
	if _, err := parseOpArgs(args, 0, nil, nil); err != nil {
		return err
	}
	var res duResult
	err := walkTree(env.root, func(e walkEntry) error {
		switch {
		case e.info.IsDir():
			res.Dirs++
		case e.info.Mode().IsRegular():
			res.Files++
			res.Bytes += e.info.Size()
		default:
			res.Files++
		}
		return nil
	})
	if err != nil {
		return err
	}
	return writeJSON(env.stdout, res)
}
