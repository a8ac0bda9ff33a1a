package store

import (
	"reflect"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/engine"

	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
	"vnetplay/scenarios"
)

// TestFailuresAreAView: failing a peering changes the routes and the
// matrix the panels read, reports the change, and leaves the design and its
// undo history alone.
func TestFailuresAreAView(t *testing.T) {
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s, _, err := OpenJSON(sc.JSON)
	if err != nil {
		t.Fatal(err)
	}
	intact, v0 := s.Current(), s.Version()
	peering := intact.Doc.Topology.Peerings[0]
	if err := s.SetFailures([]model.Failure{{Kind: model.PeeringDown, Target: peering.ID}}); err != nil {
		t.Fatal(err)
	}
	failed := s.Current()
	if failed.Intact != intact || s.Version() == v0 || !failed.Failed(model.PeeringDown, peering.ID) {
		t.Fatalf("failed view: intact %p vs %p, version %d vs %d", failed.Intact, intact, s.Version(), v0)
	}
	ch := failed.Changes()
	if ch == nil || ch.Empty() || len(ch.Lost()) == 0 {
		t.Fatalf("failing peering %s changed nothing: %+v (rule:system-routes.peering-routes: its routes go)", peering.ID, ch)
	}
	if s.UndoLabel() != "" {
		t.Error("a failure became an undo step")
	}
	// Edits keep the failure applied; deleting the peering drops it.
	mustApply(t, s, Add{Kind: kinds.VNet})
	if !s.Current().Failed(model.PeeringDown, peering.ID) {
		t.Error("an edit cleared the failure")
	}
	mustApply(t, s, Delete{Refs: []Ref{{Kind: kinds.Peering, ID: peering.ID}}})
	if len(s.Current().Failures) != 0 || len(s.Failures()) != 0 {
		t.Errorf("a failure of a deleted peering survived: %v", s.Failures())
	}
	if err := s.SetFailures([]model.Failure{{Kind: model.CircuitDown, Target: "nope"}}); err == nil {
		t.Error("an unknown component was failed")
	}
	if err := s.SetFailures(nil); err != nil || s.Current().Intact != nil {
		t.Errorf("clearing failures: %v", err)
	}
}

// TestIncrementalSessionEqualsFull: the session reuses the previous data
// plane (engine.Reanalyze); after every edit of a mixed sequence, each
// subnet's effective routes equal a from-scratch analysis of the document.
func TestIncrementalSessionEqualsFull(t *testing.T) {
	for _, name := range []string{"er-vpn-coexistence", "er-spoke-vpn-route-server", "forced-tunnelling", "hub-spoke-firewall"} {
		sc, _ := scenarios.Get(name)
		s, _, err := OpenJSON(sc.JSON)
		if err != nil {
			t.Fatal(err)
		}
		var edits []Edit
		for _, rt := range s.Current().Doc.Topology.RouteTables {
			r := Ref{Kind: kinds.RouteTable, ID: rt.ID}
			edits = append(edits, SaveItem{Ref: r, List: "routes", Index: -1,
				Values: map[string]string{"name": "added", "addressPrefix": "10.99.0.0/16", "nextHopType": "None"}},
				SetProperty{Ref: r, Path: "disableBgpRoutePropagation", Value: "true"})
			if len(rt.Routes) > 0 {
				edits = append(edits, SetProperty{Ref: r, Path: "routes[0].addressPrefix", Value: "10.222.0.0/16"})
			}
		}
		// A new route table on an ordinary subnet, given a route, edited.
		first := ""
		for _, v := range s.Current().Doc.Topology.VNets {
			for _, sn := range v.Subnets {
				if first == "" && sn.Name != "GatewaySubnet" && sn.Name != "RouteServerSubnet" && sn.RouteTable == "" {
					first = v.ID + "/" + sn.Name
				}
			}
		}
		rt1 := Ref{Kind: kinds.RouteTable, ID: "rt1"}
		edits = append(edits, Add{Kind: kinds.RouteTable}, Connect{From: rt1, To: Ref{Kind: kinds.Subnet, ID: first}},
			SaveItem{Ref: rt1, List: "routes", Index: -1,
				Values: map[string]string{"name": "blackhole", "addressPrefix": "10.0.0.0/8", "nextHopType": "None"}},
			SetProperty{Ref: rt1, Path: "routes[0].addressPrefix", Value: "10.0.0.0/9"},
			SetProperty{Ref: rt1, Path: "disableBgpRoutePropagation", Value: "true"},
			SetProperty{Ref: rt1, Path: "disableBgpRoutePropagation", Value: "false"})
		edits = append(edits, Add{Kind: kinds.VNet})
		for _, p := range s.Current().Doc.Topology.Peerings {
			edits = append(edits, SetProperty{Ref: Ref{Kind: kinds.Peering, ID: p.ID}, Path: "a.allowForwardedTraffic", Value: "false"})
		}
		applied, seeded := 0, 0
		for i, e := range edits {
			if _, err := s.Apply(e); err != nil {
				continue // a refused edit changes nothing
			}
			applied++
			snap := s.Current()
			full := engine.Analyze(snap.Doc)
			for _, sub := range full.Plane.Subnets() {
				want, _ := full.Plane.Routes(sub)
				got, _ := snap.Plane.Routes(sub)
				if !reflect.DeepEqual(got.Routes(), want.Routes()) {
					t.Fatalf("%s after edit %d (%s): routes of %s differ from a full analysis", name, i, e.Label(), sub)
				}
			}
			if !reflect.DeepEqual(snap.Diagnostics, full.Diagnostics) {
				t.Fatalf("%s after edit %d (%s): diagnostics differ from a full analysis", name, i, e.Label())
			}
			// The matrix (Reach panel open while editing) is updated from
			// the previous version's: it must equal one walk per cell.
			if snap.memo.seed != nil {
				seeded++
			}
			if !reflect.DeepEqual(snap.Matrix(DefaultFlow), reach.ComputePerPair(full.Plane, trace.Flow{}, trace.Options{})) {
				t.Fatalf("%s after edit %d (%s): the matrix differs from a full recompute", name, i, e.Label())
			}
			if snap.memo.seed != nil {
				t.Fatalf("%s after edit %d: the seed is kept after use", name, i)
			}
		}
		t.Logf("%s: %d of %d edits applied and checked", name, applied, len(edits))
		if applied < 3 || seeded < applied-1 {
			t.Errorf("%s: only %d edits applied, %d matrices updated from the previous one; the test checks too little", name, applied, seeded)
		}
	}
}

// TestChecksComputedOncePerDesign: the expectation results are shared by
// the what-if view and by the snapshots of a drag (same design), and
// recomputed after a real edit.
func TestChecksComputedOncePerDesign(t *testing.T) {
	sc, _ := scenarios.Get("er-vpn-coexistence")
	s, _, _ := OpenJSON(sc.JSON)
	first := s.Current().Checks()
	if len(first) == 0 {
		t.Fatal("the scenario has no expectations; the test needs some")
	}
	if err := s.SetFailures([]model.Failure{{Kind: model.CircuitDown, Target: "er-circuit"}}); err != nil {
		t.Fatal(err)
	}
	if got := s.Current().Checks(); &got[0] != &first[0] {
		t.Error("the what-if view evaluated the expectations again")
	}
	mustApply(t, s, Move{To: map[string]canvas.Point{"hub": {X: 24}}, Gesture: "g"})
	if got := s.Current().Checks(); &got[0] != &first[0] {
		t.Error("a move evaluated the expectations again")
	}
	mustApply(t, s, Add{Kind: kinds.VNet})
	if got := s.Current().Checks(); &got[0] == &first[0] {
		t.Error("an edit reused the previous design's expectation results")
	}
}

// TestDragKeepsTheFailedPlane: with a component failed, a drag must not
// re-run the engine (the design is unchanged) but must show the new
// positions; a real edit recomputes the failed view.
func TestDragKeepsTheFailedPlane(t *testing.T) {
	sc, _ := scenarios.Get("er-vpn-coexistence")
	s, _, _ := OpenJSON(sc.JSON)
	if err := s.SetFailures([]model.Failure{{Kind: model.CircuitDown, Target: "er-circuit"}}); err != nil {
		t.Fatal(err)
	}
	before, v0 := s.Current(), s.Version()
	mustApply(t, s, Move{To: map[string]canvas.Point{"hub": {X: 4800, Y: 2400}}, Gesture: "g"})
	after := s.Current()
	if after.Plane != before.Plane || !after.Failed(model.CircuitDown, "er-circuit") {
		t.Error("a drag recomputed the failed data plane")
	}
	if n, _ := after.Scene.Node(canvas.Key(kinds.VNet, "hub")); n.Box.X != 4800 {
		t.Errorf("the failed view shows the hub at %v, not where it was dragged", n.Box)
	}
	if s.Version() == v0 || after.Intact.Doc != after.Doc {
		t.Error("the failed view after a drag is not the new design version")
	}
	mustApply(t, s, Add{Kind: kinds.VNet})
	if s.Current().Plane == before.Plane {
		t.Error("an edit reused the failed plane of the previous design")
	}
}
