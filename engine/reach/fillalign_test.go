package reach

import (
	"reflect"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// TestUpdateAfterRenameEqualsCompute: after a VM is renamed the matrix
// has as many rows as before but not the same ones, so a fill may not
// read prev's cell i as the same pair (tracker.aligned); the update equals
// a fresh computation, and Delta.Changed counts the cells that are not the
// same pair with the same outcome at their place.
func TestUpdateAfterRenameEqualsCompute(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 4, Prefixes: 10, UDRs: 4, Seed: 5})
	p0 := dataplane.Build(&topo)
	t0 := ComputeTracked(p0, trace.Flow{}, trace.Options{})
	renamed := 0
	for _, suffix := range []string{"a", "~"} { // sorted in place, and last
		next := topo
		next.VMs = append([]model.VM(nil), topo.VMs...)
		for i := range next.VMs {
			if strings.HasPrefix(next.VMs[i].ID, "vm-spoke001") {
				next.VMs[i].ID += suffix
				renamed++
			}
		}
		p1 := dataplane.Update(p0, &next)
		got, d := t0.Update(p1)
		changed := 0 // Delta.Changed: cells not the same pair with the same outcome at their place
		for i := range got.Matrix.Len() {
			if i >= t0.Matrix.Len() || got.Matrix.Cell(i) != t0.Matrix.Cell(i) {
				changed++
			}
		}
		if d.Changed != changed {
			t.Errorf("renamed with %q: Delta.Changed %d, want %d", suffix, d.Changed, changed)
		}
		if eps := p1.Endpoints(); len(eps) != len(p0.Endpoints()) {
			t.Fatalf("%s: %d endpoints, want %d", suffix, len(eps), len(p0.Endpoints()))
		}
		if want := ComputeTracked(p1, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(got.Matrix, want.Matrix) {
			t.Errorf("renamed with %q: the update differs from a fresh computation", suffix)
		}
	}
	if renamed == 0 {
		t.Fatal("no VM renamed")
	}
}
