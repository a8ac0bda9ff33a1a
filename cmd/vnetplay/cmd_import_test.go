package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"vnetplay/engine/scenario"
)

// TestImportCommand: each fixture format imports to a scenario on stdout
// (or -o), with the report on stderr and, with --report, as JSON; the
// scenario then answers like any other (check, routes). A file that is
// not an export is refused with the reason.
func TestImportCommand(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"az-hubspoke.json", "arm-hubspoke.json", "tf-hubspoke.json"} {
		in := filepath.Join("..", "..", "engine", "importer", "testdata", f)
		out, rep := filepath.Join(dir, f+".scenario.json"), filepath.Join(dir, f+".report.json")
		var stdout, stderr bytes.Buffer
		if code := run(context.Background(), []string{"import", in, "-o", out, "--report", rep}, &stdout, &stderr); code != 0 {
			t.Fatalf("import %s: exit %d: %s", f, code, stderr.String())
		}
		if !strings.Contains(stderr.String(), "import report") || !strings.Contains(stderr.String(), "stdiag001") {
			t.Errorf("%s: the report on stderr: %s", f, stderr.String())
		}
		b, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		doc, _, err := scenario.Decode(b, scenario.Strict)
		if err != nil || len(doc.Topology.VNets) != 4 {
			t.Fatalf("%s: the scenario written: %v", f, err)
		}
		var report struct {
			Format  string         `json:"format"`
			Entries []struct{}     `json:"entries"`
			Counts  map[string]int `json:"imported"`
		}
		if rb, err := os.ReadFile(rep); err != nil || json.Unmarshal(rb, &report) != nil || report.Counts["vnets"] != 4 || len(report.Entries) == 0 {
			t.Errorf("%s: the JSON report: %v %+v", f, err, report)
		}
		stdout.Reset()
		stderr.Reset()
		if code := run(context.Background(), []string{"routes", out, "--nic", "vm-app1"}, &stdout, &stderr); code != 0 || !strings.Contains(stdout.String(), "0.0.0.0/0") {
			t.Errorf("%s: routes of the imported design: exit %d\n%s%s", f, code, stdout.String(), stderr.String())
		}
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"import", filepath.Join("..", "..", "scenarios", "hub-spoke-firewall.json")}, &stdout, &stderr); code != 1 ||
		!strings.Contains(stderr.String(), "already a vnetplay scenario") || stdout.Len() != 0 {
		t.Errorf("importing a scenario: exit %d, stderr %q, stdout %d bytes", code, stderr.String(), stdout.Len())
	}
}
