package engine_test

import (
	"reflect"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// Designs whose VNets' address spaces overlap (gen.Twin: a spoke copied
// with its addresses, as imported subscriptions hold VNets made alike
// from the portal's default; rule:address-space.private-ip-per-vnet). An
// address two VNets hold names a NIC only from where the walk stands, so
// the matrix walks in full the cells whose walks go to such an address
// (the twins' rows and columns, reply included); every other cell keeps
// the legs, as in the design without the twin.

// TestClassesEqualPerCellOverlap runs the class-sharing oracle on the
// 20-spoke hub and spoke design with one spoke's twin, unpeered and
// peered with the hub like the spoke, before and after each benchmark
// edit: every cell equals one walk per cell, and legs answer every cell
// they answer without the twin but those of the twinned spoke's row and
// column (its address is the twin's too).
func TestClassesEqualPerCellOverlap(t *testing.T) {
	base, err := gen.Generate("hubspoke", gen.Params{N: 20, Prefixes: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	alone := assertClassesEqualPerCell(t, dataplane.Build(&base), trace.Flow{}, trace.Options{})
	for _, peered := range []bool{false, true} {
		topo := gen.Twin(base, "spoke003", peered)
		name := "unpeered"
		if peered {
			name = "peered"
		}
		t.Run(name, func(t *testing.T) {
			p := dataplane.Build(&topo)
			if !p.SpacesOverlap() {
				t.Fatal("the twin does not overlap")
			}
			s := assertClassesEqualPerCell(t, p, trace.Flow{}, trace.Options{})
			if want := alone.Fast - 2*(alone.NICs-1); s.Fast < want {
				t.Errorf("%d cells from legs (%+v), want at least %d: %d without the twin, less the twinned spoke's row and column", s.Fast, s, want, alone.Fast)
			}
			for _, e := range edits {
				after := cloneForEdit(topo)
				fs := e.apply(&after)
				assertClassesEqualPerCell(t, dataplane.Build(&after, dataplane.WithFailures(fs)), trace.Flow{}, trace.Options{})
			}
		})
	}
}

// TestTrackedUpdateOverlap: along the benchmark edits of the 12-spoke
// design with a twin spoke, unpeered and peered, the matrix
// Tracked.Update derives from the previous one equals one walk per cell
// (on-premises hosts' cells to the twins included), and an edit that
// changes no peering link keeps cells (a patch) rather than computing
// them all again.
func TestTrackedUpdateOverlap(t *testing.T) {
	base, err := gen.Generate("hubspoke", gen.Params{N: 12, Prefixes: 30, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	for _, peered := range []bool{false, true} {
		topo := gen.Twin(base, "spoke002", peered)
		p := dataplane.Build(&topo)
		tr := reach.ComputeTracked(p, trace.Flow{}, trace.Options{})
		for _, e := range edits {
			after := cloneForEdit(topo)
			fs := e.apply(&after)
			next := dataplane.Update(p, &after, dataplane.WithFailures(fs))
			got, d := tr.Update(next)
			if pairs, ok := dataplane.ChangedLinks(p, next); ok && len(pairs) == 0 && d.Reused == 0 {
				t.Errorf("peered %v, edit %s: no link changed, but no cell was kept (%+v)", peered, e.name, d)
			}
			want := reach.ComputePerPair(next, trace.Flow{}, trace.Options{})
			if !reflect.DeepEqual(got.Matrix, want) {
				for i, c := range want.All() {
					if g := got.Matrix.Cell(i); g != c {
						t.Fatalf("peered %v, edit %s: cell %d: incremental %+v, per pair %+v", peered, e.name, i, g, c)
					}
				}
				t.Fatalf("peered %v, edit %s: matrices differ", peered, e.name)
			}
			for _, c := range want.All() {
				if strings.HasSuffix(c.From, "-twin/nic0") && strings.HasPrefix(c.To, "vm-spoke002/") && c.Disposition == trace.Delivered {
					t.Fatalf("peered %v, edit %s: %s → %s delivered (%s): the twin reached the other VNet's NIC", peered, e.name, c.From, c.To, c.Reason)
				}
			}
		}
	}
}
