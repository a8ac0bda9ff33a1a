// Command gen writes engine/rules/table.go from the pages of docs/rules/
// (go generate ./engine/rules).
package main

import (
	"flag"
	"fmt"
	"go/format"
	"os"

	"vnetplay/engine/rules"
)

func main() {
	docs := flag.String("docs", "../../docs/rules", "the rule pages")
	out := flag.String("out", "table.go", "the Go file to write")
	flag.Parse()
	if err := run(*docs, *out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(docs, out string) error {
	pages, err := rules.LoadPages(os.DirFS(docs))
	if err != nil {
		return err
	}
	src, err := format.Source(rules.GoTable(rules.Table(pages)))
	if err != nil {
		return fmt.Errorf("formatting the table: %w", err)
	}
	return os.WriteFile(out, src, 0o644)
}
