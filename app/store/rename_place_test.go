package store

import (
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// TestRenameKeepsThePlace: renaming a resource drawn at the top level (a
// VNet, a route table, a site, a circuit …) of a design laid out by the
// canvas (no saved positions) leaves it, and everything else, where it
// was. It did not: the edit saved the auto-layout's positions after the
// rename, under the old names, so the renamed node was laid out again
// below everything else (the hub of a 151-VNet design jumped 2,352 units
// down, off the canvas).
func TestRenameKeepsThePlace(t *testing.T) {
	doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: gen.HubSpokeScale(gen.Params{N: 20, Subnets: 2, Prefixes: 10, Seed: 1})}
	tops := func(s *Session) map[string]canvas.Rect {
		out := map[string]canvas.Rect{}
		for _, n := range s.Current().Scene.Nodes {
			if n.Parent == "" {
				out[n.Key] = n.Box
			}
		}
		return out
	}
	seen := map[string]bool{} // kinds renamed
	for _, n := range Open(scenario.Clone(doc)).Current().Scene.Nodes {
		if n.Parent != "" || !n.Movable || seen[string(n.Kind)] {
			continue
		}
		s := Open(scenario.Clone(doc))
		before := tops(s)
		if _, err := s.Apply(Rename{Ref: Ref{Kind: n.Kind, ID: n.Ref}, Name: n.Ref + "-renamed"}); err != nil {
			continue // a kind that has no name of its own
		}
		seen[string(n.Kind)] = true
		after := tops(s)
		renamed := canvas.Key(n.Kind, n.Ref+"-renamed")
		if got, ok := after[renamed]; !ok || got != before[n.Key] {
			t.Errorf("renamed %s to %s: drawn at %v (drawn: %v), was at %v", n.Key, renamed, got, ok, before[n.Key])
		}
		for k, b := range before {
			if a, ok := after[k]; k != n.Key && ok && a != b {
				t.Errorf("renamed %s: %s moved from %v to %v", n.Key, k, b, a)
			}
		}
	}
	if len(seen) < 3 {
		t.Fatalf("renamed %d kinds of top-level nodes (%v), want at least 3", len(seen), seen)
	}
	t.Logf("renamed: %v", seen)
}
