package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"vnetplay/engine/scenario"
)

func fmtCommand() command {
	return command{
		name:     "fmt",
		document: true,
		usage:    "fmt [-w] FILE",
		summary:  "print a scenario in canonical form (-w rewrites the file); a design over the limits is refused, never rewritten",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("fmt", flag.ContinueOnError)
			write := fs.Bool("w", false, "rewrite FILE in place")
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			b, err := readScenario(file)
			if err != nil {
				return err
			}
			doc, diags, err := scenario.Decode(b, scenario.Lenient)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			for _, d := range diags {
				fmt.Fprintf(stderr, "%s: %s\n", file, d)
			}
			out, err := scenario.EncodeFile(doc)
			if err != nil {
				return err
			}
			if !*write {
				_, err = stdout.Write(out)
				return err
			}
			if bytes.Equal(out, b) {
				return nil
			}
			info, err := os.Stat(file)
			if err != nil {
				return err
			}
			return os.WriteFile(file, out, info.Mode().Perm())
		},
	}
}
