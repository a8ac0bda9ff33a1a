package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"vnetplay/engine/importer"
	"vnetplay/engine/scenario"
)

// importCommand reads an Azure export (az CLI JSON, an ARM template or
// `terraform show -json`; the format is detected) and writes the vnetplay
// scenario it describes. The import report goes to stderr (or, as JSON, to
// --report); what was left out is listed there, never dropped silently.
func importCommand() command {
	return command{
		name:     "import",
		document: true,
		usage:    "import FILE [-o OUT] [--report REPORT.json]",
		summary:  "turn an az CLI export (or a REST answer, a Resource Graph result), an ARM template or terraform show -json into a scenario (the report lists what was left out)",
		run: func(ctx context.Context, args []string, stdout, stderr io.Writer) error {
			fs := flag.NewFlagSet("import", flag.ContinueOnError)
			out := fs.String("o", "", "write the scenario to `OUT` instead of stdout")
			reportFile := fs.String("report", "", "also write the import report as JSON to `REPORT.json`")
			file, err := parseFile(fs, args)
			if err != nil {
				return err
			}
			b, err := readScenario(file)
			if err != nil {
				return err
			}
			name := strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
			res, err := importer.Import(b, name)
			if err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			text, err := scenario.EncodeFile(res.Document)
			if err != nil {
				return err
			}
			if *reportFile != "" {
				if err := writeJSONFile(*reportFile, res.Report); err != nil {
					return err
				}
			}
			fmt.Fprint(stderr, res.Report.Text())
			if *out == "" {
				_, err = stdout.Write(text)
				return err
			}
			return os.WriteFile(*out, text, 0o644)
		},
	}
}

// writeJSONFile writes v as indented JSON to path.
func writeJSONFile(path string, v any) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := writeJSON(f, v); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
