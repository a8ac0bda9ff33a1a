package store

import (
	"errors"
	"fmt"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// TestReadOnlySessionRefusesEdits: a read-only session (the design is
// edited in another tab) refuses every edit, undo and redo, and changes
// neither its design nor its version; what-if failures stay possible.
func TestReadOnlySessionRefusesEdits(t *testing.T) {
	s := Open(&scenario.Document{Name: "d"})
	mustApply(t, s, Add{Kind: kinds.VNet})
	mustApply(t, s, Add{Kind: kinds.VNet})
	s.Undo()
	s.SetReadOnly(true)
	before, version := s.Current(), s.Version()
	for _, e := range []Edit{Add{Kind: kinds.VNet}, Rename{Ref: vnetRef("vnet1"), Name: "x"}, Delete{Refs: []Ref{vnetRef("vnet1")}}, SetDocName{Name: "other"}} {
		if _, err := s.Apply(e); !errors.Is(err, ErrReadOnly) {
			t.Errorf("%s on a read-only session: %v, want ErrReadOnly", e.Label(), err)
		}
	}
	if s.Undo() || s.Redo() {
		t.Error("undo or redo moved a read-only session")
	}
	if s.Current() != before || s.Version() != version {
		t.Fatal("a read-only session changed")
	}
	if err := s.SetFailures(nil); err != nil {
		t.Errorf("what-if on a read-only session: %v", err)
	}
	s.SetReadOnly(false)
	if !s.Redo() {
		t.Error("redo refused after the session became editable")
	}
}

// TestEditsStopAtTheVNetLimit: no edit grows a design past
// scenario.MaxVNets (it could not be saved or reopened); a design at the
// limit can still be edited otherwise.
func TestEditsStopAtTheVNetLimit(t *testing.T) {
	doc := &scenario.Document{Name: "full"}
	for i := range scenario.MaxVNets {
		doc.Topology.VNets = append(doc.Topology.VNets, model.VNet{ID: fmt.Sprintf("v%04d", i), Location: "westeurope",
			AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.%d.0/24", i/256, i%256)}}})
	}
	s := Open(doc)
	_, err := s.Apply(Add{Kind: kinds.VNet})
	var le *scenario.LimitError
	if !errors.As(err, &le) || le.What != "VNets" {
		t.Fatalf("adding VNet %d: %v, want a LimitError", scenario.MaxVNets+1, err)
	}
	mustApply(t, s, Rename{Ref: vnetRef("v0000"), Name: "first"})
}
