package main

import (
	"encoding/json"
	"io"
)

// writeJSON writes v as one line of JSON.
func writeJSON(w io.Writer, v any) error {
	line, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = w.Write(append(line, '\n'))
	return err
}

type pathResult struct {
	Path string `json:"path"`
}
