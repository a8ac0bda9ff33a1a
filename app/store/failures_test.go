package store

import (
	"testing"

	"vnetplay/engine/model"
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
	intact := s.Current()
	peering := intact.Doc.Topology.Peerings[0]
	if err := s.SetFailures([]model.Failure{{Kind: model.PeeringDown, Target: peering.ID}}); err != nil {
		t.Fatal(err)
	}
	failed := s.Current()
	if failed.Intact != intact || failed.Version == intact.Version || !failed.Failed(model.PeeringDown, peering.ID) {
		t.Fatalf("failed view: intact %p vs %p, version %d vs %d", failed.Intact, intact, failed.Version, intact.Version)
	}
	ch := failed.Changes()
	if ch == nil || ch.Empty() || len(ch.Lost()) == 0 {
		t.Fatalf("failing peering %s changed nothing: %+v (F18: its routes go)", peering.ID, ch)
	}
	if s.UndoLabel() != "" {
		t.Error("a failure became an undo step")
	}
	// Edits keep the failure applied; deleting the peering drops it.
	mustApply(t, s, AddVNet{})
	if !s.Current().Failed(model.PeeringDown, peering.ID) {
		t.Error("an edit cleared the failure")
	}
	mustApply(t, s, Delete{Refs: []Ref{{Kind: Peering, ID: peering.ID}}})
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
