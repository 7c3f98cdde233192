package main

// opStat: stat <path> → FileInfo of the entry itself (a symlink is not followed).
func opStat(env *opEnv, args []string) error {
	a, err := parseOpArgs(args, 1, nil, nil)
	if err != nil {
		return err
	}
	rel, err := env.pathArg(a.pos[0], true)
	if err != nil {
		return err
	}
	fi, err := env.root.Lstat(rel)
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	return writeJSON(env.stdout, newFileInfo(rel, fi))
}
