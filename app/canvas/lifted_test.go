package canvas

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// TestLiftedIsWhatMoves: on every built-in and a generated hub design,
// moving random top-level nodes changes exactly the nodes and edges that
// Lifted names for them (what the drag layer draws), and nothing else; and
// MovedOnlyLifted holds for those keys, not for fewer.
func TestLiftedIsWhatMoves(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	designs := builtins(t)
	designs["hubspoke-40"] = &scenario.Document{Topology: gen.HubSpokeScale(gen.Params{N: 39, Subnets: 2, Prefixes: 20, Seed: 1})}
	checked := 0
	for _, name := range slices.Sorted(maps.Keys(designs)) {
		doc := pinned(designs[name])
		before := BuildScene(doc)
		var tops []Node
		for _, n := range before.Nodes {
			if n.Parent == "" && n.Movable {
				tops = append(tops, n)
			}
		}
		if len(tops) == 0 {
			continue
		}
		for step := range 6 {
			var keys []string
			next := *doc
			next.Layout = &scenario.Layout{Nodes: maps.Clone(doc.Layout.Nodes)}
			for range 1 + step%3 {
				n := tops[r.IntN(len(tops))]
				if slices.Contains(keys, n.Key) {
					continue
				}
				keys = append(keys, n.Key)
				p := next.Layout.Nodes[LayoutKey(n)]
				p.X += Grid * float64(1+r.IntN(20))
				p.Y -= Grid * float64(r.IntN(20))
				next.Layout.Nodes[LayoutKey(n)] = p
			}
			after := BuildScene(&next)
			nodes, edges := before.Lifted(keys)
			what := fmt.Sprintf("%s, step %d, moving %v", name, step, keys)
			for i := range after.Nodes {
				if moved := after.Nodes[i] != before.Nodes[i]; moved != nodes[i] {
					t.Fatalf("%s: node %s moved %v, lifted %v", what, after.Nodes[i].Key, moved, nodes[i])
				}
			}
			for i := range after.Edges {
				if moved := after.Edges[i] != before.Edges[i]; moved != edges[i] {
					t.Fatalf("%s: edge %s moved %v, lifted %v", what, after.Edges[i].Key, moved, edges[i])
				}
			}
			if !MovedOnlyLifted(before, after, keys) {
				t.Fatalf("%s: MovedOnlyLifted says more than the lifted items moved", what)
			}
			if moved, ok := MovedScene(before, &next); ok && !MovedOnlyLifted(before, moved, keys) {
				t.Fatalf("%s: MovedOnlyLifted says more than the lifted items moved in MovedScene's scene", what)
			}
			if MovedOnlyLifted(before, after, keys[1:]) {
				t.Fatalf("%s: MovedOnlyLifted misses the move of %s, not lifted", what, keys[0])
			}
			checked++
		}
	}
	if checked < 20 {
		t.Fatalf("only %d moves checked", checked)
	}
	if n, e := BuildScene(pinned(designs["hubspoke-40"])).Lifted(nil); n != nil || e != nil {
		t.Fatal("nothing lifted should be nil")
	}
}
