package importer

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/reach"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// The import fixture (issue 15): one hub-and-spoke design written by hand
// in the scenario format (testdata/hubspoke.vnetplay.json) and as az CLI
// output, an ARM export and a terraform state. Every import must answer
// like the hand design: the same effective routes in every subnet and NIC,
// the same reachability matrix, the same entry points from the Internet.

// handDesign decodes the hand-written design strictly (it is built in).
func handDesign(t *testing.T) *scenario.Document {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "hubspoke.vnetplay.json"))
	if err != nil {
		t.Fatalf("read the hand design: %v", err)
	}
	doc, _, err := scenario.Decode(b, scenario.Strict)
	if err != nil {
		t.Fatalf("decode the hand design: %v", err)
	}
	return doc
}

// answers is what a design answers: effective routes per subnet (one line
// per route), the subnet of every NIC, every reach cell, and every entry
// from the Internet.
type answers struct {
	routes   map[string][]string
	nics     map[string]string
	reach    []string
	internet []string
	errors   []string
}

// answersOf computes a design's answers with the entry points `vnetplay
// lint`, `routes` and `reach` use (engine.Analyze, Plane.Routes,
// reach.Compute, reach.FromInternet).
func answersOf(doc *scenario.Document) answers {
	a := engine.Analyze(doc)
	out := answers{routes: map[string][]string{}, nics: map[string]string{}}
	for _, d := range a.Diagnostics {
		if d.Severity == 0 { // model.Error
			out.errors = append(out.errors, d.String())
		}
	}
	for _, s := range a.Plane.Subnets() {
		t, _ := a.Plane.Routes(s)
		for _, r := range t.Routes() {
			out.routes[s] = append(out.routes[s], fmt.Sprintf("%s %s %s %s %s via %s (%s)", r.Source, r.State, r.Prefix,
				r.NextHop, strings.Join(r.NextHopIPStrings(), ","), r.Origin, r.Reason))
		}
	}
	for _, id := range a.Plane.NICs() {
		n, _ := a.Plane.NIC(id)
		out.nics[id] = n.Subnet
	}
	for _, c := range reach.Compute(a.Plane, trace.Flow{}).All() {
		out.reach = append(out.reach, fmt.Sprintf("%s → %s: %s (%s)", c.From, c.To, c.Disposition, c.Reason))
	}
	for _, c := range reach.FromInternet(a.Plane, trace.Flow{}, trace.Options{}) {
		out.internet = append(out.internet, fmt.Sprintf("Internet → %s via %s: %s (%s)", c.To, c.Entry, c.Disposition, c.Reason))
	}
	return out
}

// compareAnswers reports every difference between got and want.
func compareAnswers(t *testing.T, label string, got, want answers) {
	t.Helper()
	if len(got.errors) > 0 {
		t.Errorf("%s: the import has lint errors:\n  %s", label, strings.Join(got.errors, "\n  "))
	}
	for s, w := range want.routes {
		if g, ok := got.routes[s]; !ok {
			t.Errorf("%s: subnet %s is missing", label, s)
		} else if !slices.Equal(g, w) {
			t.Errorf("%s: effective routes of %s differ:\n got:\n  %s\n want:\n  %s", label, s, strings.Join(g, "\n  "), strings.Join(w, "\n  "))
		}
	}
	for s := range got.routes {
		if _, ok := want.routes[s]; !ok {
			t.Errorf("%s: subnet %s is not in the hand design", label, s)
		}
	}
	for n, w := range want.nics {
		if g := got.nics[n]; g != w {
			t.Errorf("%s: NIC %s is in subnet %q, want %q", label, n, g, w)
		}
	}
	for n := range got.nics {
		if _, ok := want.nics[n]; !ok {
			t.Errorf("%s: NIC %s is not in the hand design", label, n)
		}
	}
	diffLines(t, label+": reach", got.reach, want.reach)
	diffLines(t, label+": reach from the Internet", got.internet, want.internet)
}

// diffLines reports the lines only one side has.
func diffLines(t *testing.T, label string, got, want []string) {
	t.Helper()
	if slices.Equal(got, want) {
		return
	}
	var only []string
	for _, g := range got {
		if !slices.Contains(want, g) {
			only = append(only, "+ "+g)
		}
	}
	for _, w := range want {
		if !slices.Contains(got, w) {
			only = append(only, "- "+w)
		}
	}
	t.Errorf("%s differs (+ import only, - hand design only; %d vs %d lines):\n  %s", label, len(got), len(want), strings.Join(only, "\n  "))
}

// TestFixturesMatchHandDesign imports the three fixtures and compares their
// answers with the hand design's; it also checks that each report lists
// the storage account (Skipped), the partner VNet (Placeholder) and the
// firewall (Assumed). A missing fixture is a failure.
func TestFixturesMatchHandDesign(t *testing.T) {
	want := answersOf(handDesign(t))
	if len(want.errors) > 0 {
		t.Fatalf("the hand design has lint errors: %v", want.errors)
	}
	if len(want.routes) != 5 || len(want.nics) != 4 || len(want.reach) != 16 || len(want.internet) == 0 {
		t.Fatalf("the hand design answers too little to compare: %d subnets, %d NICs, %d reach cells, %d entries from the Internet",
			len(want.routes), len(want.nics), len(want.reach), len(want.internet))
	}
	for _, f := range []string{"az-hubspoke.json", "arm-hubspoke.json", "tf-hubspoke.json"} {
		t.Run(f, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", f))
			if err != nil {
				t.Errorf("fixture %s: %v", f, err)
				return
			}
			res, err := Import(b, strings.TrimSuffix(f, ".json"))
			if err != nil {
				t.Errorf("Import(%s): %v", f, err)
				return
			}
			compareAnswers(t, f, answersOf(res.Document), want)
			checkFixtureReport(t, f, res.Report)
			if t.Failed() {
				enc, _ := scenario.Encode(res.Document)
				t.Logf("%s imported as:\n%s\n%s", f, enc, res.Report.Text())
			}
		})
	}
}

// checkFixtureReport checks the three entries every fixture's report has.
func checkFixtureReport(t *testing.T, label string, rep Report) {
	t.Helper()
	has := func(kind EntryKind, match func(Entry) bool) bool {
		return slices.ContainsFunc(rep.Entries, func(e Entry) bool { return e.Kind == kind && match(e) })
	}
	if !has(Skipped, func(e Entry) bool {
		s := strings.ToLower(e.What + " " + e.Where + " " + e.Why)
		return strings.Contains(s, "storage") || strings.Contains(s, "stdiag001")
	}) {
		t.Errorf("%s: the report does not list the storage account stdiag001 as skipped:\n%s", label, rep.Text())
	}
	if !has(Placeholder, func(e Entry) bool { return e.ID == "vnet-partner" }) {
		t.Errorf("%s: the report does not list vnet-partner as a placeholder:\n%s", label, rep.Text())
	}
	if !has(Assumed, func(e Entry) bool {
		return e.ID == "afw-hub" && strings.Contains(strings.ToLower(e.Why), "firewall")
	}) {
		t.Errorf("%s: the report does not say what was assumed of the firewall afw-hub:\n%s", label, rep.Text())
	}
}

// TestBuildHubSpokeMatchesHandDesign builds the fixture written as REST
// resources in Go (hubSpokeResources: children inline and apart, both
// subnet prefix forms, a NIC linked only from its VM) and requires the
// hand design itself, byte for byte but for the name and description,
// besides the same answers and report.
func TestBuildHubSpokeMatchesHandDesign(t *testing.T) {
	hand := handDesign(t)
	rep := Report{Format: FormatARM, Imported: map[string]int{}}
	doc, err := build(hubSpokeResources(), "hubspoke", &rep)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	rep.Sort()
	compareAnswers(t, "hubSpokeResources", answersOf(doc), answersOf(hand))
	checkFixtureReport(t, "hubSpokeResources", rep)
	g, w := *doc, *hand
	g.Name, g.Description, w.Name, w.Description = "", "", "", ""
	gb, _ := scenario.Encode(&g)
	wb, _ := scenario.Encode(&w)
	if string(gb) != string(wb) {
		t.Errorf("the built design differs from the hand design:\n%s", lineDiff(string(gb), string(wb)))
	}
	for k, n := range map[string]int{cVNets: 4, cSubnets: 5, cPeerings: 3, cVMs: 4, cNICs: 4, cSites: 2, cConnections: 2} {
		if rep.Imported[k] != n {
			t.Errorf("Imported[%s] = %d, want %d (%v)", k, rep.Imported[k], n, rep.Imported)
		}
	}
	if t.Failed() {
		t.Logf("report:\n%s", rep.Text())
	}
}

// lineDiff shows the lines of two texts that differ, side by side.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	var b strings.Builder
	for i := range max(len(g), len(w)) {
		var x, y string
		if i < len(g) {
			x = g[i]
		}
		if i < len(w) {
			y = w[i]
		}
		if x != y {
			fmt.Fprintf(&b, "%4d got  %s\n     want %s\n", i+1, x, y)
		}
	}
	return b.String()
}
