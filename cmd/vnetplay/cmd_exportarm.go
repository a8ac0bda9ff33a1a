package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"vnetplay/engine/armexport"
	"vnetplay/engine/scenario"
)

func exportARMCommand() command {
	return command{
		name:     "export-arm",
		document: true,
		usage:    "export-arm FILE [-o OUT]",
		summary:  "write the design as a deployable ARM template; what a template cannot carry (VMs, on-premises sites, …) is listed on stderr",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("export-arm", flag.ContinueOnError)
			out := fs.String("o", "", "write the template to `OUT` instead of stdout")
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
			res, err := armexport.Export(doc)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			if *out == "" {
				if _, err := stdout.Write(res.Template); err != nil {
					return err
				}
			} else if err := os.WriteFile(*out, res.Template, 0o644); err != nil {
				return fmt.Errorf("write the template: %w", err)
			}
			printNotExported(stderr, file, *out, res)
			return nil
		},
	}
}

// printNotExported tells, on stderr, what the template holds and what it
// leaves out (metadata.vnetplay.notExported) or adds (assumed).
func printNotExported(w io.Writer, file, out string, res *armexport.Result) {
	to := "stdout"
	if out != "" {
		to = out
	}
	fmt.Fprintf(w, "%s: %d resources written to %s\n", file, res.Resources, to)
	if len(res.NotExported) > 0 {
		fmt.Fprintf(w, "not exported (%d, also in metadata.vnetplay.notExported):\n", len(res.NotExported))
		for _, e := range res.NotExported {
			fmt.Fprintf(w, "  %s: %s\n", e.Path, e.Why)
		}
	}
	if len(res.Assumed) > 0 {
		fmt.Fprintf(w, "assumed (%d, also in metadata.vnetplay.assumed):\n", len(res.Assumed))
		for _, e := range res.Assumed {
			fmt.Fprintf(w, "  %s: %s\n", e.Path, e.Why)
		}
	}
}
