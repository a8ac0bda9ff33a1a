package canvas

import (
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// moved is doc (pinned) with k random top-level nodes moved: to grid
// points when snap (as a drag moves them), anywhere otherwise.
func moved(r *rand.Rand, doc *scenario.Document, k int, snap bool) *scenario.Document {
	out := *doc
	out.Layout = &scenario.Layout{Nodes: maps.Clone(doc.Layout.Nodes)}
	keys := make([]string, 0, len(out.Layout.Nodes))
	for key := range out.Layout.Nodes {
		keys = append(keys, key)
	}
	slices.Sort(keys)
	for range k {
		key := keys[r.IntN(len(keys))]
		p := out.Layout.Nodes[key]
		p.X += r.Float64()*2000 - 1000
		p.Y += r.Float64()*2000 - 1000
		if snap {
			q := Snap(Point{X: p.X, Y: p.Y}, Grid)
			p = scenario.Point{X: q.X, Y: q.Y}
		}
		out.Layout.Nodes[key] = p
	}
	return &out
}

// sameMoved fails the test if MovedScene of prev differs from BuildScene
// of next.
func sameMoved(t *testing.T, name string, prev *Scene, next *scenario.Document) *Scene {
	t.Helper()
	got, ok := MovedScene(prev, next)
	if !ok {
		t.Fatalf("%s: MovedScene declined a pinned design", name)
	}
	want := BuildScene(next)
	if cmp := withinRounding(got, want); !reflect.DeepEqual(cmp.Nodes, want.Nodes) || !reflect.DeepEqual(cmp.Edges, want.Edges) || cmp.Bounds != want.Bounds ||
		!maps.Equal(cmp.index, want.index) {
		t.Fatalf("%s: MovedScene differs from BuildScene:\n%s", name, sceneDiff(cmp, want))
	}
	sameRefs(t, name, prev, got)
	return got
}

// sameRefs fails the test unless next's NodeRef and EdgeRef are its nodes
// and edges, the same pointers as prev's for those that did not change,
// and new ones for those that did.
func sameRefs(t *testing.T, name string, prev, next *Scene) {
	t.Helper()
	for i := range next.Nodes {
		p, n := prev.NodeRef(i), next.NodeRef(i)
		if *n != next.Nodes[i] {
			t.Fatalf("%s: NodeRef(%d) is %+v, not the node %+v", name, i, *n, next.Nodes[i])
		}
		if (p == n) != (prev.Nodes[i] == next.Nodes[i]) {
			t.Fatalf("%s: node %s: same pointer %v, same node %v", name, next.Nodes[i].Key, p == n, prev.Nodes[i] == next.Nodes[i])
		}
	}
	for i := range next.Edges {
		p, e := prev.EdgeRef(i), next.EdgeRef(i)
		if *e != next.Edges[i] {
			t.Fatalf("%s: EdgeRef(%d) is %+v, not the edge %+v", name, i, *e, next.Edges[i])
		}
		if (p == e) != (prev.Edges[i] == next.Edges[i]) {
			t.Fatalf("%s: edge %s: same pointer %v, same edge %v", name, next.Edges[i].Key, p == e, prev.Edges[i] == next.Edges[i])
		}
	}
}

// TestMovedSceneEqualsBuild: along sequences of moves (one node, several,
// none, to grid points as a drag does and anywhere) on every built-in and
// on generated designs, the scene derived from the previous one is the
// scene built from scratch.
func TestMovedSceneEqualsBuild(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 12))
	designs := builtins(t)
	designs["hubspoke-100"] = &scenario.Document{Topology: gen.HubSpokeScale(gen.Params{N: 99, Subnets: 2, Prefixes: 100, Seed: 1})}
	for _, kind := range []string{"mesh", "multihub"} {
		topo, err := gen.Generate(kind, gen.Params{N: 8, Prefixes: 20, Seed: 2})
		if err != nil {
			t.Fatal(err)
		}
		designs[kind] = &scenario.Document{Topology: topo}
	}
	for _, name := range slices.Sorted(maps.Keys(designs)) { // sorted: the same moves on every run
		doc := pinned(designs[name])
		prev := BuildScene(doc)
		for step := range 12 {
			k := []int{0, 1, 1, 3}[step%4]
			doc = moved(r, doc, k, step%3 != 2)
			prev = sameMoved(t, fmt.Sprintf("%s, step %d", name, step), prev, doc)
		}
	}
}

// TestMovedSceneDeclines: without every position saved, the scene is
// built (the Internet and unsaved satellites are placed from the others).
func TestMovedSceneDeclines(t *testing.T) {
	for name, doc := range builtins(t) {
		if _, ok := MovedScene(BuildScene(doc), doc); ok && (doc.Layout == nil || len(doc.Layout.Nodes) == 0) {
			t.Errorf("%s: MovedScene took an unpinned design", name)
		}
	}
}

// withinRounding returns got with each coordinate that differs from want's
// only by rounding replaced by want's. MovedScene moves a container's
// contents by the container's delta, where BuildScene lays them out again
// from its new corner: off the grid (a position typed or placed anywhere)
// the two sums may differ in their last bit. Snapped positions are exact
// either way. Everything else must be equal.
func withinRounding(got, want *Scene) *Scene {
	if len(got.Nodes) != len(want.Nodes) || len(got.Edges) != len(want.Edges) {
		return got
	}
	out := *got
	out.Nodes, out.Edges = slices.Clone(got.Nodes), slices.Clone(got.Edges)
	near := func(a, b float64) float64 {
		if math.Abs(a-b) <= 1e-9*max(1, math.Abs(b)) {
			return b
		}
		return a
	}
	rect := func(a, b Rect) Rect { return Rect{near(a.X, b.X), near(a.Y, b.Y), near(a.W, b.W), near(a.H, b.H)} }
	point := func(a, b Point) Point { return Point{near(a.X, b.X), near(a.Y, b.Y)} }
	for i := range out.Nodes {
		out.Nodes[i].Box = rect(out.Nodes[i].Box, want.Nodes[i].Box)
	}
	for i := range out.Edges {
		out.Edges[i].A, out.Edges[i].B = point(out.Edges[i].A, want.Edges[i].A), point(out.Edges[i].B, want.Edges[i].B)
	}
	out.Bounds = rect(out.Bounds, want.Bounds)
	return &out
}
