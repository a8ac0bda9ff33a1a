package bgp

import (
	"slices"
	"testing"

	"vnetplay/engine/gen"
)

// TestServesEqualsSpokes: Serves(hub, spoke) is slices.Contains(Spokes(hub),
// spoke) for every pair of VNets of generated designs (and unknown ids).
func TestServesEqualsSpokes(t *testing.T) {
	served := 0
	for _, kind := range []string{"hubspoke", "multihub", "mesh"} {
		topo, err := gen.Generate(kind, gen.Params{N: 3, Prefixes: 5, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		r := Compute(&topo, nil)
		ids := []string{"", "nope"}
		for _, v := range topo.VNets {
			ids = append(ids, v.ID)
		}
		for _, hub := range ids {
			for _, spoke := range ids {
				want := slices.Contains(r.Spokes(hub), spoke)
				if got := r.Serves(hub, spoke); got != want {
					t.Fatalf("%s: Serves(%q, %q) = %v, Spokes says %v", kind, hub, spoke, got, want)
				}
				if want {
					served++
				}
			}
		}
	}
	if served == 0 {
		t.Fatal("no hub serves a spoke")
	}
}
