package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"vnetplay/engine/report"
)

func lintCommand() command {
	return command{
		name:    "lint",
		usage:   "lint FILE [--json]",
		summary: "validate a scenario; exit 1 if it has errors (--json: the findings, [] when none)",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("lint", flag.ContinueOnError)
			asJSON := fs.Bool("json", false, "JSON output")
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			a, err := load(file)
			if err != nil {
				return err
			}
			if *asJSON {
				err = writeJSON(stdout, nonNil(a.Diagnostics)) // [] when clean
			} else {
				err = report.Diagnostics(stdout, a.Diagnostics)
			}
			if err != nil {
				return err
			}
			if n := a.Errors(); n > 0 {
				what := "errors"
				if n == 1 {
					what = "error"
				}
				return &exitError{code: 1, msg: fmt.Sprintf("%s: %d %s", file, n, what)}
			}
			return nil
		},
	}
}
