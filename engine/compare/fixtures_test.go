package compare_test

import (
	"bytes"
	"flag"
	"os"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/compare"
	"vnetplay/engine/scenario"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// designRoutes is the engine's prediction for a NIC of a scenario file.
func designRoutes(t *testing.T, file, nic string) []compare.Route {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	doc, _, err := scenario.Decode(b, scenario.Lenient)
	if err != nil {
		t.Fatal(err)
	}
	a := engine.Analyze(doc)
	id, ok := a.Plane.ResolveEndpoint(nic)
	if !ok {
		t.Fatalf("%s: no NIC %s", file, nic)
	}
	n, _ := a.Plane.NIC(id)
	tb, ok := a.Plane.Routes(n.Subnet)
	if !ok {
		t.Fatalf("%s: no routes for %s", file, n.Subnet)
	}
	return compare.Design(tb.Routes())
}

func parseFile(t *testing.T, name string) []compare.Route {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	rs, err := compare.Parse(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return rs
}

// TestFixtures compares the effective-route fixtures of nic-app1 with the
// engine's prediction for the hub-and-spoke import design (and for the
// built-in hub-spoke-firewall scenario, which routes vm1 the same way):
// the match fixture has no difference, the drift fixture (the spoke's
// default UDR gone and propagation on in Azure, an extra UDR that makes the
// peering route Invalid, BGP routes from the branch and the datacenter,
// and the None routes of a 2024 host) the differences listed, in JSON and
// in the portal's CSV alike.
func TestFixtures(t *testing.T) {
	designs := []struct{ file, nic string }{
		{"../importer/testdata/hubspoke.vnetplay.json", "vm-app1/nic-app1"},
		{"../../scenarios/hub-spoke-firewall.json", "vm1"},
	}
	want := map[string]compare.Summary{
		"nic-app1-match.json": {Match: 4},
		"nic-app1-drift.json": {Match: 1, Missing: 1, Different: 2, Extra: 7, Platform: 16},
		"nic-app1-drift.csv":  {Match: 1, Missing: 1, Different: 2, Extra: 7, Platform: 16},
	}
	for _, d := range designs {
		design := designRoutes(t, d.file, d.nic)
		for name, w := range want {
			if got := compare.Compare(design, parseFile(t, name)).Summary; got != w {
				t.Errorf("%s vs %s: %+v, want %+v", d.file, name, got, w)
			}
		}
	}
}

// TestWriteGolden: the text output of the drift comparison.
func TestWriteGolden(t *testing.T) {
	design := designRoutes(t, "../importer/testdata/hubspoke.vnetplay.json", "vm-app1/nic-app1")
	for _, tc := range []struct{ in, golden string }{
		{"nic-app1-drift.json", "testdata/nic-app1-drift.txt"},
		{"nic-app1-match.json", "testdata/nic-app1-match.txt"},
	} {
		var b bytes.Buffer
		if err := compare.Write(&b, "vm-app1/nic-app1 (subnet vnet-spoke1/snet-app)", compare.Compare(design, parseFile(t, tc.in))); err != nil {
			t.Fatal(err)
		}
		if *update {
			if err := os.WriteFile(tc.golden, b.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		want, err := os.ReadFile(tc.golden)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s: output differs from %s:\n%s", tc.in, tc.golden, b.String())
		}
	}
}
