package diff

import (
	"cmp"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

// pairChangesByMap is the comparison as it was written first, the naive
// oracle of pairChanges: every pair of both snapshots in a map keyed by
// (from, to), the union of the keys sorted, each compared.
func pairChangesByMap(b, a *Snapshot) []PairChange {
	byKey := func(s *Snapshot) map[[2]string]outcome {
		m := map[[2]string]outcome{}
		for i, from := range s.rows {
			for j, to := range s.cols {
				if o := s.at(i, j); o.set {
					m[[2]string{from, to}] = o
				}
			}
		}
		return m
	}
	mb, ma := byKey(b), byKey(a)
	var pairs [][2]string
	for k := range mb {
		pairs = append(pairs, k)
	}
	for k := range ma {
		if _, ok := mb[k]; !ok {
			pairs = append(pairs, k)
		}
	}
	slices.SortFunc(pairs, func(x, y [2]string) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	out := []PairChange{}
	for _, k := range pairs {
		if c, ok := changeOf(k[0], k[1], mb[k], ma[k]); ok {
			out = append(out, c)
		}
	}
	return out
}

// TestPairChangesEqualsByMap compares pairChanges, which merges the two
// snapshots' sorted endpoints, with the map-keyed comparison, on every
// built-in scenario with each component failed alone, both ways (a failed
// appliance's or gateway's endpoints exist on one side only).
func TestPairChangesEqualsByMap(t *testing.T) {
	n := 0
	for _, sc := range scenarios.All() {
		doc, _, err := scenario.Decode(sc.JSON, scenario.Lenient)
		if err != nil {
			t.Fatal(err)
		}
		base := Take(dataplane.Build(&doc.Topology))
		for _, c := range model.Components(&doc.Topology) {
			failed := Take(dataplane.Build(&doc.Topology, dataplane.WithFailures([]model.Failure{c.Failure})))
			for _, pair := range [][2]*Snapshot{{base, failed}, {failed, base}} {
				got, want := pairChanges(pair[0], pair[1]), pairChangesByMap(pair[0], pair[1])
				if !slices.Equal(got, want) {
					t.Fatalf("%s, %s failed: %d changes, the map-keyed comparison %d", sc.Name, c.Failure, len(got), len(want))
				}
				n += len(got)
			}
		}
	}
	if n == 0 {
		t.Fatal("no pair changed in any scenario")
	}
}
