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
		usage:   "check FILE...",
		summary: "evaluate the files' expect entries; exit 1 if one fails",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("check", flag.ContinueOnError)
			pos, err := parseArgs(fs, args)
			if err != nil {
				return err
			}
			if len(pos) == 0 {
				return usageError("want at least one scenario FILE")
			}
			failed := 0
			for _, file := range pos {
				if err := ctx.Err(); err != nil {
					return err
				}
				a, err := load(file)
				if err != nil {
					return err
				}
				fmt.Fprintf(stdout, "== %s\n", file)
				failed += report.Results(stdout, expect.EvaluateDocument(a.Doc, a.Plane))
			}
			if failed > 0 {
				return &exitError{code: 1, msg: fmt.Sprintf("%d expectations failed", failed)}
			}
			return nil
		},
	}
}
