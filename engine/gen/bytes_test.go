package gen_test

import (
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// TestUDRTablesSizes: the design is valid, and its sizes are the ones its
// doc comment promises the limits tests.
func TestUDRTablesSizes(t *testing.T) {
	topo := gen.UDRTables(50)
	for _, d := range model.Validate(&topo, dataplane.KnownServices()) {
		if d.Severity == model.Error {
			t.Fatalf("error: %v", d)
		}
	}
	doc := &scenario.Document{Name: "big", Topology: topo}
	compact, _ := scenario.EncodeCompact(doc)
	indented, _ := scenario.Encode(doc)
	if len(compact) < 2_700_000 || len(compact) > scenario.MaxSize || len(indented) <= 4<<20 {
		t.Fatalf("50 tables: %d bytes stored, %d indented", len(compact), len(indented))
	}
}
