package main

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var updateDiff = flag.Bool("update-diff", false, "rewrite the diff command's golden files")

// Designs the diff tests compare.
const (
	fwOn       = "../../scenarios/hub-spoke-firewall.json"
	fwOff      = "../../scenarios/hub-spoke-firewall-forwarding-off.json"
	meshHub    = "testdata/diff/mesh-hub.json"
	meshHubUDR = "testdata/diff/mesh-hub-udr.json"
)

func init() {
	deeper["diff"] = [][]string{{hub}, {hub, "--json"}, {hub, "--resources-only"}, {hub, "--limit", "-1"}, {hub, "--timeout", "1ns"}}
}

// diffOut is the part of `diff --json` the tests read.
type diffOut struct {
	Before, After string
	Same          bool
	Changes       struct {
		Document     []struct{ Path string }
		Resources    []struct{ Kind, ID, Change string }
		FailureSets  []struct{ Name string }
		Expectations []struct{ ID, Change string }
		Behaviour    *struct {
			Endpoints struct{ Added, Removed []string }
			Routes    []struct{ Subnet, Prefix, Before, After string }
			Pairs     []struct {
				From, To, Change string
				Before, After    struct {
					Disposition, Reason string
					Path                []string
				}
			}
			Counts    struct{ Pairs, Gained, Lost, Rerouted int }
			Truncated bool
		}
	}
}

func runDiffJSON(t *testing.T, wantCode int, args ...string) diffOut {
	t.Helper()
	code, out, errs := runCLI(t, append(append([]string{"diff"}, args...), "--json")...)
	var d diffOut
	if err := json.Unmarshal([]byte(out), &d); code != wantCode || err != nil {
		t.Fatalf("%v: exit %d (want %d), %v\n%s%s", args, code, wantCode, err, out, errs)
	}
	return d
}

func TestDiffForwardingOffJSON(t *testing.T) {
	d := runDiffJSON(t, 1, fwOn, fwOff)
	c := d.Changes
	if d.Same || d.Before != fwOn || d.After != fwOff || len(c.Resources) != 1 || c.Resources[0].ID != "firewall/nic0" || c.Resources[0].Kind != "networkInterface" {
		t.Errorf("resources: %+v", c.Resources)
	}
	b := c.Behaviour
	if b == nil || b.Counts.Lost != 4 || b.Counts.Pairs != 9 || len(b.Pairs) != 4 {
		t.Fatalf("behaviour: %+v", b)
	}
	for _, p := range b.Pairs {
		if p.Change != "lost" || p.After.Disposition != "DroppedIPForwardingOff" || !strings.Contains(p.After.Reason, "rule:nva.ip-forwarding") || p.Before.Disposition == p.After.Disposition {
			t.Errorf("pair %+v", p)
		}
	}
}

func TestDiffRerouteJSON(t *testing.T) {
	b := runDiffJSON(t, 1, meshHub, meshHubUDR).Changes.Behaviour
	if b == nil || len(b.Pairs) != 1 || len(b.Routes) != 1 {
		t.Fatalf("behaviour: %+v", b)
	}
	p := b.Pairs[0]
	if p.Change != "rerouted" || p.From != "vm1/nic0" || p.To != "vm2/nic0" || p.Before.Disposition != "Delivered" || p.After.Disposition != "Delivered" ||
		!slices.Equal(p.Before.Path, []string{"vm1/nic0", "vm2/nic0"}) || !slices.Equal(p.After.Path, []string{"vm1/nic0", "nva/nic0", "vm2/nic0"}) {
		t.Errorf("pair %+v", p)
	}
}

// TestDiffGoldenText: the text of a small diff, whole (no rule citation
// in it, so the rule book's words cannot change it).
func TestDiffGoldenText(t *testing.T) {
	code, out, errs := runCLI(t, "diff", meshHub, meshHubUDR)
	if code != 1 || errs != "vnetplay diff: "+meshHub+" and "+meshHubUDR+" differ: 1 document property, 3 resources, 1 effective route, 1 pair rerouted\n" {
		t.Fatalf("exit %d, stderr %q", code, errs)
	}
	golden := filepath.Join("testdata", "diff", "mesh-hub.txt")
	if *updateDiff {
		if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if out != string(want) {
		t.Errorf("text differs from %s (go test -run TestDiffGoldenText -update-diff rewrites it):\n%s", golden, out)
	}
}

func TestDiffForwardingOffText(t *testing.T) {
	code, out, errs := runCLI(t, "diff", fwOn, fwOff)
	for _, want := range []string{"Before: " + fwOn, "~ network interface firewall/nic0\n      enableIPForwarding: true → (absent)",
		"+ expectation internet-dropped", "Reachability (9 pairs compared): 0 gained, 4 lost, 0 rerouted",
		"  lost     vm1/nic0 → vm2/nic0\n      before: Delivered via vm1/nic0 → firewall/nic0 → vm2/nic0", "after:  DroppedIPForwardingOff via vm1/nic0 → firewall/nic0: "} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	if code != 1 || !strings.Contains(errs, "differ: 2 document properties, 1 resource, 4 expectations, 4 pairs lost") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// TestDiffIdentical: a file against itself is no difference, exit 0, in
// text and JSON (every list empty, not null).
func TestDiffIdentical(t *testing.T) {
	code, out, errs := runCLI(t, "diff", fwOn, fwOn)
	if code != 0 || out != "No differences.\n" || errs != "" {
		t.Errorf("exit %d, %q, %q", code, out, errs)
	}
	code, out, _ = runCLI(t, "diff", "--json", fwOn, fwOn)
	var m map[string]any
	if err := json.Unmarshal([]byte(out), &m); code != 0 || err != nil || m["same"] != true {
		t.Fatalf("exit %d, %v: %s", code, err, out)
	}
	ch := m["changes"].(map[string]any)
	for _, k := range []string{"document", "resources", "failureSets", "expectations"} {
		if l, ok := ch[k].([]any); !ok || len(l) != 0 {
			t.Errorf("%s: %v, want []", k, ch[k])
		}
	}
	beh := ch["behaviour"].(map[string]any)
	for _, k := range []string{"routes", "bgp", "pairs"} {
		if l, ok := beh[k].([]any); !ok || len(l) != 0 {
			t.Errorf("behaviour.%s: %v, want []", k, beh[k])
		}
	}
}

// TestDiffJSONSchema: the documented keys, no more, no fewer.
func TestDiffJSONSchema(t *testing.T) {
	_, out, _ := runCLI(t, "diff", "--json", fwOn, fwOff)
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &m); err != nil {
		t.Fatal(err)
	}
	keys := func(raw json.RawMessage) []string {
		var o map[string]json.RawMessage
		if err := json.Unmarshal(raw, &o); err != nil {
			t.Fatal(err)
		}
		var ks []string
		for k := range o {
			ks = append(ks, k)
		}
		slices.Sort(ks)
		return ks
	}
	var ch map[string]json.RawMessage
	_ = json.Unmarshal(m["changes"], &ch)
	for _, c := range []struct {
		what string
		got  []string
		want []string
	}{
		{"top", keys([]byte(out)), []string{"after", "before", "changes", "same"}},
		{"changes", keys(m["changes"]), []string{"behaviour", "document", "expectations", "failureSets", "resources"}},
		{"behaviour", keys(ch["behaviour"]), []string{"bgp", "counts", "endpoints", "pairs", "routes", "speakers", "truncated"}},
	} {
		if !slices.Equal(c.got, c.want) {
			t.Errorf("%s keys %q, want %q", c.what, c.got, c.want)
		}
	}
}

func TestDiffExitStatus(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	if err := os.WriteFile(bad, []byte("not json"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		args     []string
		code     int
		out, err string
	}{
		{[]string{fwOn}, 2, "", "want two scenario files"},
		{[]string{fwOn, fwOff, fwOn}, 2, "", "want two scenario files"},
		{[]string{fwOn, filepath.Join(dir, "missing.json")}, 2, "", "missing.json"},
		{[]string{bad, fwOn}, 2, "", "invalid JSON"},
		{[]string{fwOn, fwOff, "--limit", "-1"}, 2, "", "-limit"},
		{[]string{fwOn, fwOff, "--port", "70000"}, 2, "", "-port"},
		{[]string{fwOn, fwOff, "--resources-only"}, 1, "Expectations (4 changed)", "differ: 2 document properties, 1 resource, 4 expectations\n"},
		{[]string{fwOn, fwOn, "--resources-only"}, 0, "No differences in the documents", ""},
		{[]string{fwOn, fwOff, "--timeout", "1ns"}, 3, "Partial: the data planes were not compared.", "timeout"},
		{[]string{fwOn, fwOff, "--protocol", "udp", "--port", "53"}, 1, "4 lost", "4 pairs lost"},
		{[]string{fwOn, fwOff, "--limit", "1"}, 1, "… and 3 more", "4 pairs lost"},
	}
	for _, tt := range tests {
		code, out, errs := runCLI(t, append([]string{"diff"}, tt.args...)...)
		if code != tt.code || !strings.Contains(out, tt.out) || !strings.Contains(errs, tt.err) {
			t.Errorf("%v: exit %d (want %d)\nstdout %q (want %q)\nstderr %q (want %q)", tt.args, code, tt.code, out, tt.out, errs, tt.err)
		}
		if tt.code != 0 && errs == "" {
			t.Errorf("%v: exit %d with nothing on stderr", tt.args, code)
		}
	}
	code, out, _ := runCLI(t, "diff", "--json", "--resources-only", fwOn, fwOff)
	if code != 1 || strings.Contains(out, `"behaviour"`) {
		t.Errorf("--resources-only --json: exit %d, behaviour present:\n%s", code, out)
	}
}
