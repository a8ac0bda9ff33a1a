package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	hubspokeDesign = "../../engine/importer/testdata/hubspoke.vnetplay.json"
	effMatch       = "../../engine/compare/testdata/nic-app1-match.json"
	effDrift       = "../../engine/compare/testdata/nic-app1-drift.json"
	effDriftCSV    = "../../engine/compare/testdata/nic-app1-drift.csv"
)

func init() {
	deeper["compare"] = [][]string{
		{"--nic", "vm1", "--effective", effMatch}, {"--nic", "vm1", "--effective", effDrift, "--json"}, {"--nic", "nope", "--effective", effMatch},
		{"--nic", "vm1"}, {"--nic", "vm1", "--effective", "testdata/nosuch.json"}, {"--nic", "vm1", "--effective", hub},
	}
}

// runCompare runs `vnetplay compare args…` as the CLI does: through run
// once main wires the command, else through the same expansion and exit
// status mapping.
func runCompare(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	for _, c := range commands() {
		if c.name == "compare" {
			return runCLI(t, append([]string{"compare"}, args...)...)
		}
	}
	var out, errb bytes.Buffer
	err := runExpanded(context.Background(), compareCommand(), args, &out, &errb)
	var ee *exitError
	switch {
	case err == nil:
		return 0, out.String(), errb.String()
	case errors.As(err, &ee):
		return ee.code, out.String(), errb.String() + ee.msg
	}
	return 1, out.String(), errb.String() + err.Error()
}

// TestCompareCommand: the text output, the exit status and the JSON.
func TestCompareCommand(t *testing.T) {
	code, out, errs := runCompare(t, hubspokeDesign, "--nic", "vm-app1/nic-app1", "--effective", effMatch)
	if code != 0 || !strings.Contains(out, "4 match, 0 missing, 0 extra, 0 different, 0 platform extras") || !strings.HasSuffix(out, "no difference\n") {
		t.Errorf("match: exit %d\n%s%s", code, out, errs)
	}
	for _, eff := range []string{effDrift, effDriftCSV} {
		code, out, errs = runCompare(t, hubspokeDesign, "--nic", "vm-app1", "--effective", eff)
		if code != 1 || !strings.Contains(errs, "10 difference(s)") || !strings.Contains(out, "1 match, 1 missing, 7 extra, 2 different, 16 platform extras") {
			t.Errorf("%s: exit %d\n%s%s", eff, code, out, errs)
		}
		if strings.Contains(out, "(rule:") {
			t.Errorf("%s: text output keeps rule ids:\n%s", eff, out)
		}
	}
	code, out, errs = runCompare(t, "--json", hubspokeDesign, "--nic", "vm-app1/nic-app1", "--effective", effDrift)
	var j struct {
		NIC, Subnet string
		Summary     map[string]int
		Rows        []struct {
			Kind          string
			AddressPrefix string
			Design        *struct{ Source, State, NextHopType, Origin, Reason string }
			Azure         *struct{ Where string }
			Differences   []string
		}
	}
	if err := json.Unmarshal([]byte(out), &j); err != nil || code != 1 {
		t.Fatalf("json: exit %d, %v\n%s%s", code, err, out, errs)
	}
	if j.NIC != "vm-app1/nic-app1" || j.Subnet != "vnet-spoke1/snet-app" || j.Summary["extra"] != 7 || j.Summary["platform"] != 16 || len(j.Rows) != 27 {
		t.Errorf("json: %+v", j)
	}
	r := j.Rows[0]
	if r.Kind != "missing" || r.AddressPrefix != "0.0.0.0/0" || r.Design == nil || r.Azure != nil || !strings.Contains(r.Design.Reason, "rule:outputs.overridden-stay-listed") {
		t.Errorf("first row %+v", r)
	}
}

// TestCompareCommandErrors: misuse exits 2, a bad NIC or file exits 1 with
// a message naming it.
func TestCompareCommandErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte(`{"value": [{"addressPrefix": ["x"], "source": "Default", "state": "Active", "nextHopType": "None"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args []string
		code int
		msg  string
	}{
		{[]string{hubspokeDesign, "--nic", "vm-app1"}, 2, "--nic and --effective are required"},
		{[]string{hubspokeDesign, "--effective", effMatch}, 2, "--nic and --effective are required"},
		{[]string{"--nic", "vm-app1", "--effective", effMatch}, 2, "want exactly one scenario FILE"},
		{[]string{hubspokeDesign, "--nic", "vm-nope", "--effective", effMatch}, 1, "unknown NIC vm-nope"},
		{[]string{hubspokeDesign, "--nic", "vm-app1", "--effective", filepath.Join(dir, "none.json")}, 1, "none.json"},
		{[]string{hubspokeDesign, "--nic", "vm-app1", "--effective", bad}, 1, `value[0]: address prefix "x" is not a CIDR prefix`},
		{[]string{hubspokeDesign, "--nic", "vm-app1", "--effective", hubspokeDesign}, 1, `without a "value" array`},
	}
	for _, tt := range tests {
		code, out, errs := runCompare(t, tt.args...)
		if code != tt.code || !strings.Contains(errs, tt.msg) {
			t.Errorf("%q: exit %d, want %d with %q\n%s%s", tt.args, code, tt.code, tt.msg, out, errs)
		}
	}
}
