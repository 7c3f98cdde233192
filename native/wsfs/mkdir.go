package main

// opMkdir: mkdir <path> [-p] → like mkdir(1), mode 0755.
func opMkdir(env *opEnv, args []string) error {
	a, err := parseOpArgs(args, 1, nil, []string{"-p"})
	if err != nil {
		return err
	}
	rel, err := env.pathArg(a.pos[0], false)
	if err != nil {
		return err
	}
	if a.bools["-p"] {
		err = env.root.MkdirAll(rel, 0o755)
	} else {
		err = env.root.Mkdir(rel, 0o755)
	}
	if err != nil {
		return fsError(err, displayPath(rel))
	}
	return writeJSON(env.stdout, pathResult{Path: displayPath(rel)})
}
