// Command logfmt-check decodes log lines with go-logfmt, the decoder Grafana Loki's
// `| logfmt` parser is derived from, so the tests read Flashpoint's log lines back the way
// Loki does.
//
// It reads lines on stdin and prints, for each, one JSON array of [key, value] pairs in line
// order; a line go-logfmt cannot decode ends it with exit code 1 and the line number on
// stderr.
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/go-logfmt/logfmt"
)

func main() {
	in := bufio.NewScanner(os.Stdin)
	in.Buffer(make([]byte, 1<<20), 1<<24)
	out := json.NewEncoder(os.Stdout)
	n := 0
	for in.Scan() {
		n++
		dec := logfmt.NewDecoder(strings.NewReader(in.Text()))
		pairs := [][2]string{}
		for dec.ScanRecord() {
			for dec.ScanKeyval() {
				pairs = append(pairs, [2]string{string(dec.Key()), string(dec.Value())})
			}
		}
		if err := dec.Err(); err != nil {
			fmt.Fprintf(os.Stderr, "line %d: %v\n", n, err)
			os.Exit(1)
		}
		if err := out.Encode(pairs); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
	}
	if err := in.Err(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
}
