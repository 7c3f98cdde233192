package main

import (
	"slices"
	"strconv"
	"strings"
)

// opArgs holds an operation's arguments: its fixed positional arguments
// first, then flags. A flag is only recognised after the positionals, so a
// path that looks like a flag ("-r") is still a path.
type opArgs struct {
	pos    []string
	values map[string]string
	bools  map[string]bool
}

func parseOpArgs(args []string, npos int, valueFlags, boolFlags []string) (*opArgs, error) {
	if len(args) < npos {
		return nil, usagef("expected %d argument(s), got %d", npos, len(args))
	}
	a := &opArgs{pos: args[:npos], values: map[string]string{}, bools: map[string]bool{}}
	rest := args[npos:]
	for len(rest) > 0 {
		flag := rest[0]
		switch {
		case slices.Contains(valueFlags, flag):
			if len(rest) < 2 {
				return nil, usagef("%s needs a value", flag)
			}
			a.values[flag] = rest[1]
			rest = rest[2:]
		case slices.Contains(boolFlags, flag):
			a.bools[flag] = true
			rest = rest[1:]
		case strings.HasPrefix(flag, "-"):
			return nil, usagef("unknown option %s", flag)
		default:
			return nil, usagef("unexpected argument %q", flag)
		}
	}
	return a, nil
}

// count parses a non-negative decimal number given for what.
func count(what, s string) (int64, error) {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 {
		return 0, usagef("%s: %q is not a non-negative number", what, s)
	}
	return n, nil
}

// limitFlag returns the value of --limit, or -1 when it is absent.
func (a *opArgs) limitFlag() (int64, error) {
	s, ok := a.values["--limit"]
	if !ok {
		return -1, nil
	}
	return count("--limit", s)
}
