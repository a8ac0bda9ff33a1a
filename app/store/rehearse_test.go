package store

import (
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// TestRehearseChangesNothing: a rehearsal leaves the session as it was
// (the current snapshot, the version, the design's bytes, the undo step,
// the what-if failures, the edit a form tried), whether or not the design
// waits for the engine, and rehearses nothing on a read-only session or a
// design without VNets.
func TestRehearseChangesNothing(t *testing.T) {
	doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: gen.HubSpokeScale(gen.Params{N: 3, Subnets: 2, Prefixes: 10, Seed: 1})}
	for _, deferred := range []bool{false, true} {
		s := Open(scenario.Clone(doc))
		s.SetDeferred(deferred)
		if _, err := s.Apply(SetProperty{Ref: Ref{Kind: kinds.VNet, ID: "hub"}, Path: "location", Value: "westus"}); err != nil {
			t.Fatal(err)
		}
		if err := s.SetFailures([]model.Failure{{Kind: model.CircuitDown, Target: s.Current().Doc.Topology.Circuits[0].ID}}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Try(SetProperty{Ref: Ref{Kind: kinds.VNet, ID: "hub"}, Path: "location", Value: "eastus"}); err != nil {
			t.Fatal(err)
		}
		cur, version, tried := s.hist.Current(), s.Version(), s.tried
		before, _ := s.Encode()
		snap, ok := s.Rehearse()
		if !ok {
			t.Fatalf("deferred %v: nothing rehearsed on an editable design", deferred)
		}
		after, _ := s.Encode()
		switch {
		case deferred != (snap != nil):
			t.Errorf("deferred %v: the rehearsal's snapshot is %v", deferred, snap)
		case snap != nil && snap.Doc.Topology.VNets[0].Location != "westus"+rehearsalSuffix:
			t.Errorf("deferred %v: the rehearsal's snapshot has the location %q", deferred, snap.Doc.Topology.VNets[0].Location)
		case snap != nil && !snap.Pending():
			t.Errorf("deferred %v: the rehearsal's snapshot was analysed in the page", deferred)
		case s.hist.Current() != cur:
			t.Errorf("deferred %v: the rehearsal replaced the current snapshot", deferred)
		case s.Version() != version:
			t.Errorf("deferred %v: the version moved %d → %d", deferred, version, s.Version())
		case string(after) != string(before):
			t.Errorf("deferred %v: the design changed:\n%s\n%s", deferred, before, after)
		case s.UndoLabel() != "edit hub location":
			t.Errorf("deferred %v: the undo step is %q, want the edit before the rehearsal", deferred, s.UndoLabel())
		case s.RedoLabel() != "":
			t.Errorf("deferred %v: a redo step %q appeared", deferred, s.RedoLabel())
		case len(s.Failures()) != 1:
			t.Errorf("deferred %v: the failures are %v", deferred, s.Failures())
		case s.tried != tried:
			t.Errorf("deferred %v: the edit the form tried was dropped or replaced", deferred)
		}
		if deferred != s.NeedsAnalysis() {
			t.Errorf("deferred %v: NeedsAnalysis %v after the rehearsal", deferred, s.NeedsAnalysis())
		}
	}

	ro := Open(scenario.Clone(doc))
	ro.SetReadOnly(true)
	if _, ok := ro.Rehearse(); ok {
		t.Error("a read-only session rehearsed an edit")
	}
	if _, ok := Open(&scenario.Document{}).Rehearse(); ok {
		t.Error("a design without VNets rehearsed an edit")
	}
}
