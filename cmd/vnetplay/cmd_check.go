package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"vnetplay/engine/expect"
	"vnetplay/engine/report"
)

func checkCommand() command {
	return command{
		name:    "check",
		usage:   "check FILE... [--json]",
		summary: "evaluate the files' expect entries; exit 1 if one fails",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("check", flag.ContinueOnError)
			asJSON := fs.Bool("json", false, "JSON output: one entry per file with its results ([] when it has no expectations)")
			pos, err := parseArgs(fs, args)
			if err != nil {
				return err
			}
			if len(pos) == 0 {
				return usageError("want at least one scenario FILE")
			}
			failed := 0
			files := make([]checkedFile, 0, len(pos))
			for _, file := range pos {
				if err := ctx.Err(); err != nil {
					return err
				}
				a, err := load(file)
				if err != nil {
					return err
				}
				rs := expect.EvaluateDocument(a.Doc, a.Plane)
				if *asJSON {
					files = append(files, newCheckedFile(file, rs))
					failed += files[len(files)-1].Failed
					continue
				}
				fmt.Fprintf(stdout, "== %s\n", file)
				failed += report.Results(stdout, rs)
			}
			if *asJSON {
				if err := writeJSON(stdout, files); err != nil {
					return err
				}
			}
			if failed > 0 {
				return &exitError{code: 1, msg: fmt.Sprintf("%d expectations failed", failed)}
			}
			return nil
		},
	}
}

// checkedFile is one file's expectation results in `check --json`.
type checkedFile struct {
	File    string          `json:"file"`
	Passed  int             `json:"passed"`
	Failed  int             `json:"failed"`
	Results []expect.Result `json:"results"` // [] when the file has no expectations
}

// newCheckedFile counts rs, the results of file's expectations.
func newCheckedFile(file string, rs []expect.Result) checkedFile {
	c := checkedFile{File: file, Results: nonNil(rs)}
	for _, r := range rs {
		if r.OK {
			c.Passed++
		} else {
			c.Failed++
		}
	}
	return c
}
