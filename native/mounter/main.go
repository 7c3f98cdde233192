// Command mounter does the daemon's host-side mounts for pool containers,
// one request per line on stdin, one answer per line on stdout, for as long
// as stdin is open: a mount(2) costs microseconds, where starting mount(8)
// for each took the daemon milliseconds.
//
// Requests (JSON): {"op":"share","dir":D} makes D a shared bind mount of
// itself; {"op":"bind","src":S,"dir":D} binds S onto D; {"op":"detach","dir":D}
// lazily unmounts D. Answers: {"ok":true} or {"error":"..."}.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
)

type request struct {
	Op  string `json:"op"`
	Src string `json:"src"`
	Dir string `json:"dir"`
}

type answer struct {
	OK    bool   `json:"ok,omitempty"`
	Error string `json:"error,omitempty"`
}

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 64*1024), 64*1024)
	out := json.NewEncoder(os.Stdout)
	for in.Scan() {
		var req request
		var err error
		if err = json.Unmarshal(in.Bytes(), &req); err == nil {
			err = serve(req)
		}
		a := answer{OK: err == nil}
		if err != nil {
			a.Error = err.Error()
		}
		if out.Encode(a) != nil {
			return
		}
	}
}

func serve(req request) error {
	if !absolute(req.Dir) || (req.Op == "bind" && !absolute(req.Src)) {
		return fmt.Errorf("%s: paths must be absolute", req.Op)
	}
	switch req.Op {
	case "share":
		return share(req.Dir)
	case "bind":
		return bind(req.Src, req.Dir)
	case "detach":
		return detach(req.Dir)
	}
	return fmt.Errorf("unknown op %q", req.Op)
}

func absolute(p string) bool {
	return len(p) > 1 && p[0] == '/'
}
