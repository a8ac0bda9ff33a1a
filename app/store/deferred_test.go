package store_test

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"vnetplay/app/store"
	"vnetplay/engine"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/whatif"
	"vnetplay/scenarios"
)

// results is what a snapshot's panels show, in comparable form: every
// subnet's effective routes, the BGP results, the diagnostics, the
// expectations' verdicts and the default flow's matrix.
func results(tb testing.TB, s *store.Snapshot) string {
	tb.Helper()
	out := map[string]any{"diagnostics": s.Diagnostics, "checks": s.Checks(), "matrix": s.Matrix(store.DefaultFlow)}
	routes := map[string]any{}
	for _, id := range s.Plane.Subnets() {
		if t, ok := s.Plane.Routes(id); ok {
			routes[id] = t.Routes()
		}
	}
	out["routes"], out["bgp"] = routes, s.Plane.BGP()
	b, err := json.Marshal(out)
	if err != nil {
		tb.Fatal(err)
	}
	return string(b)
}

// TestDeferredEditDrawsFirst: in a deferred session an edit's snapshot is
// the new design with the previous results (pending), and Analyse gives
// exactly the results an immediate session computes; undo back to a
// pending snapshot needs the analysis again; what-if failures follow.
func TestDeferredEditDrawsFirst(t *testing.T) {
	var sc scenarios.Scenario
	for _, x := range scenarios.All() {
		if x.Name == "hub-spoke-firewall" {
			sc = x
		}
	}
	open := func(deferred bool) *store.Session {
		s, _, err := store.OpenJSON(sc.JSON)
		if err != nil {
			t.Fatal(err)
		}
		s.SetDeferred(deferred)
		return s
	}
	now, later := open(false), open(true)
	before := later.Current()
	vnet := before.Doc.Topology.VNets[0].ID
	edit := store.SetProperty{Ref: store.Ref{Kind: "vnet", ID: vnet}, Path: "location", Value: "someregion"}
	for _, s := range []*store.Session{now, later} {
		if _, err := s.Apply(edit); err != nil {
			t.Fatal(err)
		}
	}
	p := later.Current()
	if !p.Pending() || !later.NeedsAnalysis() || p.Plane != before.Plane || p.Doc.Topology.VNets[0].Location != "someregion" {
		t.Fatalf("after the edit: pending %v, same plane %v, location %q", p.Pending(), p.Plane == before.Plane, p.Doc.Topology.VNets[0].Location)
	}
	if got, want := results(t, p), results(t, before); got != want {
		t.Fatal("a pending snapshot does not show the previous results")
	}
	if now.Current().Pending() || now.NeedsAnalysis() {
		t.Fatal("an immediate session left its edit pending")
	}
	if !later.Analyse() || later.Current().Pending() || later.NeedsAnalysis() || later.Analyse() {
		t.Fatal("Analyse did not settle the session exactly once")
	}
	if got, want := results(t, later.Current()), results(t, now.Current()); got != want {
		t.Fatalf("deferred results differ from immediate ones:\n%s\n%s", got, want)
	}
	if later.Version() != now.Version() {
		t.Fatalf("Analyse changed the version: %d, want %d", later.Version(), now.Version())
	}

	// What-if: the failed view of a pending snapshot is pending too.
	comps := whatif.Components(later.Current().Doc)
	if len(comps) == 0 {
		t.Fatal("no component to fail")
	}
	for _, s := range []*store.Session{now, later} {
		if err := s.SetFailures([]model.Failure{comps[0].Failure}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(store.SetProperty{Ref: store.Ref{Kind: "vnet", ID: vnet}, Path: "location", Value: "otherregion"}); err != nil {
			t.Fatal(err)
		}
	}
	if f := later.Current(); !f.Pending() || len(f.Failures) != 1 || !later.NeedsAnalysis() {
		t.Fatalf("the what-if view of an edit: pending %v, failures %v", f.Pending(), f.Failures)
	}
	later.Analyse()
	if got, want := results(t, later.Current()), results(t, now.Current()); got != want || later.Current().Pending() {
		t.Fatal("the what-if view after Analyse differs from the immediate one")
	}
	if !later.Undo() || !now.Undo() {
		t.Fatal("undo refused")
	}
	// The what-if view of the step undone to (analysed itself) is a whole
	// analysis too: pending until Analyse, which the page must not wait for.
	if !later.Current().Pending() || !later.NeedsAnalysis() {
		t.Fatal("the what-if view of the analysed step undone to was analysed at once")
	}
	later.Analyse()
	if got, want := results(t, later.Current()), results(t, now.Current()); got != want {
		t.Fatal("undo to an analysed step differs")
	}
	// A new failure on an analysed design: pending as well.
	for _, s := range []*store.Session{now, later} {
		if err := s.SetFailures([]model.Failure{comps[len(comps)-1].Failure}); err != nil {
			t.Fatal(err)
		}
	}
	if f := later.Current(); !f.Pending() || !later.NeedsAnalysis() || f.Intact0().Pending() {
		t.Fatalf("a failure on an analysed design: pending %v, intact pending %v", f.Pending(), f.Intact0().Pending())
	}
	later.Analyse()
	if got, want := results(t, later.Current()), results(t, now.Current()); got != want || later.NeedsAnalysis() {
		t.Fatal("the what-if view of a failure after Analyse differs from the immediate one")
	}
}

// FuzzDeferredSession drives an immediate and a deferred session with the
// same random edits, undos, redos, failures and (deferred only) Analyse
// calls, and checks that they accept and refuse the same edits, hold the
// same design, and that whenever the deferred one is not pending its
// results are exactly the immediate one's; while pending, the previous
// analysed results (never a mix).
func FuzzDeferredSession(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{1, 0, 0, 0, 1, 0, 0, 3, 0, 1, 0, 2, 3, 0, 1, 1, 9, 9, 8, 9, 12, 4})
	f.Add([]byte("\x01\x04\x03\x00\x05\x07\x02\x01\x06\x06\x0d\x0c\x0c\x03\x09\x08\x07\x02\x0d\x03\x04\x05\x06\x07\x08"))
	f.Fuzz(func(t *testing.T, b []byte) {
		if err := runDeferred(t, b); err != nil {
			t.Fatal(err)
		}
	})
}

func runDeferred(t *testing.T, b []byte) error {
	builtins := scenarios.All()
	c := &choices{b}
	k := c.n(len(builtins) + 1)
	open := func(deferred bool) *store.Session {
		var s *store.Session
		if k >= len(builtins) {
			s = store.Open(&scenario.Document{})
		} else {
			var err error
			if s, _, err = store.OpenJSON(builtins[k].JSON); err != nil {
				t.Fatal(err)
			}
		}
		s.SetDeferred(deferred)
		return s
	}
	now, later := open(false), open(true)
	var log []string
	for op := 0; op < maxSessionOps && len(c.b) > 0; op++ {
		switch k := c.n(14); {
		case k == 9:
			a, b := now.Undo(), later.Undo()
			log = append(log, "undo")
			if a != b {
				return fmt.Errorf("undo: %v vs %v\n%v", a, b, log)
			}
		case k == 10:
			a, b := now.Redo(), later.Redo()
			log = append(log, "redo")
			if a != b {
				return fmt.Errorf("redo: %v vs %v\n%v", a, b, log)
			}
		case k == 11:
			now.Seal()
			later.Seal()
		case k == 12:
			later.Analyse()
			log = append(log, "analyse")
		case k == 13:
			comps := whatif.Components(now.Current().Doc)
			var fs []model.Failure
			if len(comps) > 0 && c.n(2) == 1 {
				fs = append(fs, comps[c.n(len(comps))].Failure)
			}
			e1, e2 := now.SetFailures(fs), later.SetFailures(fs)
			log = append(log, fmt.Sprintf("fail %v", fs))
			if (e1 == nil) != (e2 == nil) {
				return fmt.Errorf("SetFailures: %v vs %v\n%v", e1, e2, log)
			}
		default:
			e := c.nextEdit(now.Current())
			_, e1 := now.Apply(e)
			_, e2 := later.Apply(e)
			log = append(log, fmt.Sprintf("%#v: %v", e, e1))
			if fmt.Sprint(e1) != fmt.Sprint(e2) {
				return fmt.Errorf("%s: immediate %v, deferred %v\n%v", e.Label(), e1, e2, log)
			}
		}
		a, _ := now.Encode()
		b, _ := later.Encode()
		if string(a) != string(b) {
			return fmt.Errorf("the designs differ\n%s\n%s\n%v", a, b, log)
		}
		cur := later.Current()
		if cur.Pending() {
			if shown := cur.Shown(); shown.Pending() || cur.Plane != shown.Plane || results(t, cur) != results(t, shown) {
				return fmt.Errorf("a pending snapshot shows a mix of results\n%v", log)
			}
			continue
		}
		if later.NeedsAnalysis() {
			return fmt.Errorf("not pending but needs analysis\n%v", log)
		}
		if got, want := results(t, cur), results(t, now.Current()); got != want {
			return fmt.Errorf("deferred results differ:\n%s\n%s\n%v", got, want, log)
		}
	}
	later.Analyse()
	if got, want := results(t, later.Current()), results(t, now.Current()); got != want || later.NeedsAnalysis() {
		return fmt.Errorf("after the last Analyse the results differ\n%v", log)
	}
	return nil
}

// TestOpenDeferred: a design opened deferred is drawn (its scene) but
// pending, with an empty design's results, until Analyse gives exactly
// what an immediate open computes.
func TestOpenDeferred(t *testing.T) {
	for _, sc := range scenarios.All() {
		now, _, err := store.OpenJSON(sc.JSON)
		if err != nil {
			t.Fatal(err)
		}
		later, _, err := store.OpenJSONWith(sc.JSON, true)
		if err != nil {
			t.Fatal(err)
		}
		p := later.Current()
		if !p.Pending() || !later.NeedsAnalysis() || len(p.Plane.Subnets()) != 0 || len(p.Scene.Nodes) != len(now.Current().Scene.Nodes) {
			t.Fatalf("%s: opened deferred: pending %v, %d subnets routed, %d of %d nodes drawn", sc.Name, p.Pending(), len(p.Plane.Subnets()), len(p.Scene.Nodes), len(now.Current().Scene.Nodes))
		}
		if !later.Analyse() || results(t, later.Current()) != results(t, now.Current()) {
			t.Fatalf("%s: the analysed results differ from an immediate open's", sc.Name)
		}
		a, _ := now.Encode()
		b, _ := later.Encode()
		if string(a) != string(b) {
			t.Fatalf("%s: the designs differ", sc.Name)
		}
	}
}

// TestGuardedEditKeepsTheLint: the guard validates an edit without the
// Internet edge's lint (it has no errors), and the analysis adds it back:
// after a guarded edit, immediate or deferred then analysed, the
// snapshot's diagnostics and validation are exactly a fresh analysis's,
// lint findings included.
func TestGuardedEditKeepsTheLint(t *testing.T) {
	for _, name := range []string{"internet-web-standard-lb", "private-subnet-nat-gateway"} {
		var sc scenarios.Scenario
		for _, x := range scenarios.All() {
			if x.Name == name {
				sc = x
			}
		}
		for _, deferred := range []bool{false, true} {
			s, _, err := store.OpenJSON(sc.JSON)
			if err != nil {
				t.Fatal(err)
			}
			s.SetDeferred(deferred)
			vnet := s.Current().Doc.Topology.VNets[0].ID
			if _, err := s.Apply(store.SetProperty{Ref: store.Ref{Kind: "vnet", ID: vnet}, Path: "location", Value: "someregion"}); err != nil {
				t.Fatal(err)
			}
			s.Analyse()
			cur := s.Current()
			want := engine.Analyze(cur.Doc)
			lint := 0
			for _, d := range cur.Diagnostics {
				if strings.HasPrefix(d.Code, "edge.") {
					lint++
				}
			}
			if lint == 0 || !reflect.DeepEqual(cur.Diagnostics, want.Diagnostics) || !reflect.DeepEqual(cur.Validation(), engine.Validate(cur.Doc)) {
				t.Errorf("%s (deferred %v): %d lint findings; diagnostics %v, want %v", name, deferred, lint, cur.Diagnostics, want.Diagnostics)
			}
		}
	}
}
