package main

// opRemove: remove <path> [-r] → remove a file, symlink or empty directory,
// or with -r a whole tree. A symlink is removed, never followed.
func opRemove(env *opEnv, args []string) error {
	a, err := parseOpArgs(args, 1, nil, []string{"-r"})
	if err != nil {
		return err
	}
	rel, err := env.pathArg(a.pos[0], false)
	if err != nil {
		return err
	}
	display := displayPath(rel)
	if rel == "." {
		return failf(codeFailedPrecondition, "refusing to remove the workspace root")
	}
	if _, err := env.root.Lstat(rel); err != nil {
		return fsError(err, display)
	}
	if a.bools["-r"] {
		err = env.root.RemoveAll(rel)
	} else {
		err = env.root.Remove(rel)
	}
	if err != nil {
		return fsError(err, display)
	}
	return writeJSON(env.stdout, pathResult{Path: display})
}
