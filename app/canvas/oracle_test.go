package canvas

import (
	"encoding/binary"
	"fmt"
	"maps"
	"math"
	"math/rand/v2"
	"reflect"
	"runtime"
	"slices"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// The oracle tests of issue 11: BuildScene, AutoLayout, FreeSpot and
// MakeRoom give exactly what the naive reference (naive_test.go) gives, on
// the built-in scenarios and on seeded random designs of up to 200 VNets;
// the fuzz targets check the same, and the invariants, on designs the
// fuzzer makes up.

func heightsOf(doc *scenario.Document) map[string]float64 {
	return vnetHeights(&doc.Topology, endpointsBySubnet(&doc.Topology))
}

func layoutNodesOf(doc *scenario.Document) map[string]scenario.Point {
	if doc.Layout == nil {
		return nil
	}
	return doc.Layout.Nodes
}

// pinned is doc with the position of every movable top-level node saved,
// as the session does before an edit.
func pinned(doc *scenario.Document) *scenario.Document {
	out := *doc
	out.Layout = &scenario.Layout{Nodes: map[string]scenario.Point{}}
	for _, n := range BuildScene(doc).Nodes {
		if n.Parent == "" && n.Movable {
			out.Layout.Nodes[LayoutKey(n)] = scenario.Point{X: n.Box.X, Y: n.Box.Y}
		}
	}
	return &out
}

// grown is doc with k more subnets in its VNet number i.
func grown(doc *scenario.Document, i, k int) *scenario.Document {
	out := *doc
	out.Topology.VNets = slices.Clone(doc.Topology.VNets)
	v := &out.Topology.VNets[i]
	v.Subnets = slices.Clone(v.Subnets)
	for s := range k {
		v.Subnets = append(v.Subnets, model.Subnet{Name: fmt.Sprintf("grown%d", s), AddressPrefix: "10.254.0.0/24"})
	}
	return &out
}

// grownPair pins doc and returns its scene before and after VNet number i
// grows by k subnets.
func grownPair(doc *scenario.Document, i, k int) (prev, next *Scene) {
	doc = pinned(doc)
	return BuildScene(doc), BuildScene(grown(doc, i, k))
}

// sameScene fails the test if BuildScene and the naive reference differ
// on doc.
func sameScene(t *testing.T, name string, doc *scenario.Document) *Scene {
	t.Helper()
	got, want := BuildScene(doc), naiveBuildScene(doc)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s: BuildScene differs from the naive reference:\n%s", name, sceneDiff(got, want))
	}
	pos := AutoLayout(&doc.Topology, heightsOf(doc), layoutNodesOf(doc))
	if naive := naiveAutoLayout(&doc.Topology, heightsOf(doc), layoutNodesOf(doc)); !maps.Equal(pos, naive) {
		t.Fatalf("%s: AutoLayout %v, naive %v", name, pos, naive)
	}
	return got
}

// sceneDiff names the first differences between two scenes.
func sceneDiff(got, want *Scene) string {
	out := ""
	for i := range max(len(got.Nodes), len(want.Nodes)) {
		var g, w Node
		if i < len(got.Nodes) {
			g = got.Nodes[i]
		}
		if i < len(want.Nodes) {
			w = want.Nodes[i]
		}
		if g != w && len(out) < 2000 {
			out += fmt.Sprintf("node %d: got %+v\n         want %+v\n", i, g, w)
		}
	}
	for i := range max(len(got.Edges), len(want.Edges)) {
		if i >= len(got.Edges) || i >= len(want.Edges) || got.Edges[i] != want.Edges[i] {
			out += fmt.Sprintf("edge %d differs (%d vs %d edges)\n", i, len(got.Edges), len(want.Edges))
			break
		}
	}
	if got.Bounds != want.Bounds {
		out += fmt.Sprintf("bounds %v vs %v\n", got.Bounds, want.Bounds)
	}
	return out
}

// samePlacement fails the test if FreeSpot or MakeRoom differ from the
// naive reference on doc: free spots around each VNet and a few random
// points, and the room made when each of a few VNets grows.
func samePlacement(t *testing.T, name string, r *rand.Rand, doc *scenario.Document) {
	t.Helper()
	s := BuildScene(doc)
	var extra []Rect
	for _, i := range r.Perm(len(s.Nodes))[:min(len(s.Nodes), 12)] {
		n := s.Nodes[i]
		if n.Parent != "" {
			continue
		}
		for _, want := range []Point{n.Box.Center(), {n.Box.X + r.Float64()*200 - 100, n.Box.Y + r.Float64()*200 - 100}} {
			w, h := NewBoxSize(n.Kind)
			if got, naive := s.FreeSpot(want, w, h, extra...), naiveFreeSpot(s, want, w, h, extra...); got != naive {
				t.Fatalf("%s: FreeSpot(%v, %v×%v) = %v, naive %v", name, want, w, h, got, naive)
			}
		}
		extra = append(extra, Rect{n.Box.X + 24, n.Box.Y + 24, 168, 56})
	}
	vnets := doc.Topology.VNets
	if len(vnets) == 0 {
		return
	}
	for range 3 {
		i := r.IntN(len(vnets))
		if vnets[i].ID == "" {
			continue
		}
		for _, p := range []*scenario.Document{pinned(doc), doc} {
			prev, next := BuildScene(p), BuildScene(grown(p, i, 1+r.IntN(4)))
			if got, naive := MakeRoom(prev, next), naiveMakeRoom(prev, next); !maps.Equal(got, naive) {
				t.Fatalf("%s: growing %s: MakeRoom %v, naive %v", name, vnets[i].ID, got, naive)
			}
		}
	}
}

// TestOracleBuiltins: on every built-in scenario, as is and pinned, the
// scene, the free spots and the room made are the naive reference's.
func TestOracleBuiltins(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 5))
	for name, doc := range builtins(t) {
		sameScene(t, name, doc)
		sameScene(t, name+" pinned", pinned(doc))
		samePlacement(t, name, r, doc)
	}
}

// TestOracleRandom: the same on 300 seeded random designs of up to 200
// VNets (random peerings, some saved positions, some overlapping); 60 in
// wasm, under the race detector or -short.
func TestOracleRandom(t *testing.T) {
	seeds := 300
	if testing.Short() || raceEnabled || runtime.GOARCH == "wasm" { // the browser suite runs this package too
		seeds = 60
	}
	for seed := range seeds {
		r := rand.New(rand.NewPCG(uint64(seed), 11))
		maxV := 200
		if seed%4 != 0 {
			maxV = 30 // most designs small, so that shapes vary a lot
		}
		doc := randomDesign(r, maxV, true)
		name := fmt.Sprintf("seed %d (%d VNets, %d peerings)", seed, len(doc.Topology.VNets), len(doc.Topology.Peerings))
		sameScene(t, name, doc)
		samePlacement(t, name, r, doc)
	}
}

// TestOracleShapes: the scale shapes of issue 11, at a size the naive code
// runs quickly, give the naive reference's scene; and a pinned column
// whose first VNet grows makes the same room (a cascade through all).
func TestOracleShapes(t *testing.T) {
	for _, d := range []benchDesign{
		{"bare", false, func() *scenario.Document { return bareDesign(300) }},
		{"chain", false, func() *scenario.Document { return chainDesign(300) }},
		{"hub", false, func() *scenario.Document { return hubSpoke(300) }},
		{"subnets", false, func() *scenario.Document { return bigVNetDesign(300) }},
		{"samepoint", false, func() *scenario.Document { return samePointDesign(300) }},
		{"stairs", false, func() *scenario.Document { return stairsDesign(300) }},
		{"column", false, func() *scenario.Document { return columnDesign(300) }},
	} {
		doc := d.doc()
		sameScene(t, d.name, doc)
		if len(doc.Topology.VNets) < 2 {
			continue
		}
		prev, next := grownPair(doc, 0, 3)
		got, naive := MakeRoom(prev, next), naiveMakeRoom(prev, next)
		if !maps.Equal(got, naive) {
			t.Fatalf("%s: MakeRoom moved %d, naive %d", d.name, len(got), len(naive))
		}
		if d.name == "column" && len(got) != len(doc.Topology.VNets)-1 {
			t.Errorf("growing the top of a column of %d moved %d VNets, want all the others", len(doc.Topology.VNets), len(got))
		}
	}
}

// TestUnusablePositions: saved positions that are NaN, infinite or beyond
// MaxCoord are ignored: the scene is the one of the design without them,
// with no NaN or infinity anywhere, and FreeSpot keeps its answer finite.
func TestUnusablePositions(t *testing.T) {
	doc := wildDesign(40)
	clean := *doc
	clean.Layout = &scenario.Layout{Nodes: maps.Clone(doc.Layout.Nodes)}
	maps.DeleteFunc(clean.Layout.Nodes, func(_ string, p scenario.Point) bool { return !UsablePosition(p) })
	if len(clean.Layout.Nodes) == len(doc.Layout.Nodes) {
		t.Fatal("wildDesign has no unusable position")
	}
	s := BuildScene(doc)
	if want := naiveBuildScene(&clean); !reflect.DeepEqual(s, want) {
		t.Fatalf("the scene with unusable positions differs from the one without them:\n%s", sceneDiff(s, want))
	}
	checkFinite(t, s)
	for _, want := range []Point{{math.NaN(), 0}, {0, math.Inf(1)}, {1e300, 5}, {0, 0}} {
		if p := s.FreeSpot(want, 100, 100); !finite(p.X) || !finite(p.Y) {
			t.Errorf("FreeSpot(%v) = %v", want, p)
		}
	}
	if UsablePosition(scenario.Point{X: MaxCoord, Y: -MaxCoord}) != true || UsablePosition(scenario.Point{X: math.Nextafter(MaxCoord, math.Inf(1))}) {
		t.Error("UsablePosition: ±MaxCoord is the last usable coordinate")
	}
}

// TestRepeatedIDs: three unplaced VNets with the same id (a lint error;
// the naive code looped forever on them) are laid out once, in bounded time.
func TestRepeatedIDs(t *testing.T) {
	doc := bareDesign(5)
	for range 3 {
		doc.Topology.VNets = append(doc.Topology.VNets, plainVNet("twin", 9, 1))
	}
	doc.Topology.Peerings = []model.Peering{{ID: "p", A: model.PeeringLink{VNet: "twin"}, B: model.PeeringLink{VNet: vnetID(1)}}}
	pos := AutoLayout(&doc.Topology, heightsOf(doc), nil)
	if len(pos) != 6 {
		t.Errorf("AutoLayout placed %d ids, want 6: %v", len(pos), pos)
	}
	checkFinite(t, BuildScene(doc))
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

func checkFinite(t *testing.T, s *Scene) {
	t.Helper()
	rects := []Rect{s.Bounds}
	for _, n := range s.Nodes {
		rects = append(rects, n.Box)
	}
	for _, e := range s.Edges {
		rects = append(rects, Rect{e.A.X, e.A.Y, e.B.X, e.B.Y})
	}
	for _, r := range rects {
		if !finite(r.X) || !finite(r.Y) || !finite(r.W) || !finite(r.H) {
			t.Fatalf("not finite: %v", r)
		}
	}
}

// designFromBytes makes the fuzzer's design: the first 16 bytes seed the
// generator, the next one sets the size, the next one (if odd) adds
// unusable saved positions.
func designFromBytes(data []byte) (doc *scenario.Document, wild bool) {
	var b [18]byte
	copy(b[:], data)
	r := rand.New(rand.NewPCG(binary.LittleEndian.Uint64(b[:8]), binary.LittleEndian.Uint64(b[8:16])))
	doc = randomDesign(r, int(b[16])%60, b[16]&64 != 0)
	if b[17]%2 == 1 && len(doc.Topology.VNets) > 0 {
		if doc.Layout == nil {
			doc.Layout = &scenario.Layout{Nodes: map[string]scenario.Point{}}
		}
		bad := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e300, -2 * MaxCoord}
		for i := range 1 + int(b[17])%5 {
			v := doc.Topology.VNets[r.IntN(len(doc.Topology.VNets))]
			doc.Layout.Nodes[v.ID] = scenario.Point{X: bad[(i+int(b[17]))%len(bad)], Y: float64(i)}
		}
		doc.Layout.Nodes["Internet"] = scenario.Point{X: 0, Y: math.NaN()}
		wild = true
	}
	return doc, wild
}

// FuzzAutoLayout: on any small design the scene is the naive reference's
// (with unusable positions left out of the naive's input), deterministic
// (the same twice, and with the VNets and peerings in another order),
// finite, with every VNet placed and the auto-laid VNets apart.
func FuzzAutoLayout(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 40, 0})
	f.Add([]byte{7, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 59, 1})
	f.Add([]byte{9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 100, 3})
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _ := designFromBytes(data)
		clean := *doc
		if doc.Layout != nil {
			clean.Layout = &scenario.Layout{Nodes: maps.Clone(doc.Layout.Nodes)}
			maps.DeleteFunc(clean.Layout.Nodes, func(_ string, p scenario.Point) bool { return !UsablePosition(p) })
		}
		s := BuildScene(doc)
		if want := naiveBuildScene(&clean); !reflect.DeepEqual(s, want) {
			t.Fatalf("BuildScene differs from the naive reference:\n%s", sceneDiff(s, want))
		}
		if again := BuildScene(doc); !reflect.DeepEqual(s, again) {
			t.Fatal("BuildScene is not deterministic")
		}
		r := rand.New(rand.NewPCG(uint64(len(data)), 3))
		shuffled := *doc
		shuffled.Topology.VNets = shuffle(r, doc.Topology.VNets)
		shuffled.Topology.Peerings = shuffle(r, doc.Topology.Peerings)
		pos := AutoLayout(&doc.Topology, heightsOf(doc), layoutNodesOf(doc))
		if other := AutoLayout(&shuffled.Topology, heightsOf(&shuffled), layoutNodesOf(doc)); !maps.Equal(pos, other) {
			t.Fatal("AutoLayout depends on the order of VNets or peerings")
		}
		checkFinite(t, s)
		checkLayout(t, doc, pos)
	})
}

// checkLayout: every VNet has a finite position, those with a usable saved
// one keep it, and no two auto-laid VNets overlap.
func checkLayout(t *testing.T, doc *scenario.Document, pos map[string]Point) {
	t.Helper()
	saved, h := layoutNodesOf(doc), heightsOf(doc)
	var free []Rect
	for _, v := range doc.Topology.VNets {
		p, ok := pos[v.ID]
		if !ok || !finite(p.X) || !finite(p.Y) {
			t.Fatalf("VNet %q placed at %v, %v", v.ID, p, ok)
		}
		if sp, ok := savedAt(saved, v.ID); ok {
			if p != (Point{sp.X, sp.Y}) {
				t.Fatalf("VNet %q at %v, saved at %v", v.ID, p, sp)
			}
			continue
		}
		if !slices.Contains(free, Rect{p.X, p.Y, vnetWidth, h[v.ID]}) { // a repeated id is placed once
			free = append(free, Rect{p.X, p.Y, vnetWidth, h[v.ID]})
		}
	}
	for i, a := range free {
		for _, b := range free[i+1:] {
			if overlaps(a, b) {
				t.Fatalf("auto-laid VNets overlap: %v %v", a, b)
			}
		}
	}
}

// FuzzPlace: on any small design, FreeSpot and MakeRoom give the naive
// reference's answers; the free spot is free and on the grid.
func FuzzPlace(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 40, 0})
	f.Add([]byte{3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9, 3, 23, 0})
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, wild := designFromBytes(data)
		if wild {
			return // the naive code has no answer to compare with
		}
		r := rand.New(rand.NewPCG(uint64(len(data)), 7))
		samePlacement(t, "fuzz", r, doc)
		s := BuildScene(doc)
		want := Point{r.Float64()*2000 - 500, r.Float64()*2000 - 500}
		p := s.FreeSpot(want, 200, 80)
		if p != Snap(p, Grid) {
			t.Fatalf("FreeSpot(%v) = %v is off the grid", want, p)
		}
		box := Rect{p.X, p.Y, 200, 80}
		for _, n := range s.Nodes {
			if n.Parent == "" && n.Box != (Rect{}) && overlaps(box, n.Box) {
				t.Fatalf("FreeSpot(%v) = %v overlaps %s %v", want, p, n.Key, n.Box)
			}
		}
	})
}

// TestScaleShapes: every shape of issue 11 at 20,000 VNets (5,000 in wasm,
// under the race detector or -short) opens with every VNet drawn, nothing NaN or infinite, saved
// positions kept and the auto-laid VNets apart; growing the top of a tight
// column pushes every VNet under it; FreeSpot on a pile finds free space.
// (Times are in the benchmarks, never asserted.)
func TestScaleShapes(t *testing.T) {
	n := 20000
	if testing.Short() || raceEnabled || runtime.GOARCH == "wasm" {
		n = 5000
	}
	for _, d := range []benchDesign{
		{"bare", false, func() *scenario.Document { return bareDesign(n) }},
		{"chain", false, func() *scenario.Document { return chainDesign(n) }},
		{"hub", false, func() *scenario.Document { return hubSpoke(n / 4) }},
		{"subnets", false, func() *scenario.Document { return bigVNetDesign(3000) }},
		{"samepoint", false, func() *scenario.Document { return samePointDesign(n) }},
		{"stairs", false, func() *scenario.Document { return stairsDesign(n) }},
		{"wild", false, func() *scenario.Document { return wildDesign(n) }},
	} {
		doc := d.doc()
		s := BuildScene(doc)
		checkFinite(t, s)
		saved := layoutNodesOf(doc)
		var free []Rect
		for _, v := range doc.Topology.VNets {
			node, ok := s.Node(Key("vnet", v.ID))
			if !ok {
				t.Fatalf("%s: VNet %s not drawn", d.name, v.ID)
			}
			if p, ok := savedAt(saved, v.ID); ok {
				if node.Box.X != p.X || node.Box.Y != p.Y {
					t.Fatalf("%s: VNet %s at %v, saved at %v", d.name, v.ID, node.Box, p)
				}
				continue
			}
			free = append(free, node.Box)
		}
		if a, b, ok := overlapPair(free); ok {
			t.Fatalf("%s: auto-laid VNets overlap: %v %v", d.name, a, b)
		}
		w, h := NewBoxSize("vnet")
		first, _ := s.Node(Key("vnet", doc.Topology.VNets[0].ID))
		p := s.FreeSpot(first.Box.Center(), w, h)
		for _, node := range s.Nodes {
			if node.Parent == "" && overlaps(Rect{p.X, p.Y, w, h}, node.Box) {
				t.Fatalf("%s: FreeSpot gave %v, over %s", d.name, p, node.Key)
			}
		}
	}
	prev, next := grownPair(columnDesign(n), 0, 3)
	if moved := MakeRoom(prev, next); len(moved) != n-1 {
		t.Errorf("growing the top of a tight column of %d moved %d VNets, want all the others", n, len(moved))
	}
	prev, next = grownPair(samePointDesign(n), 0, 3)
	if moved := MakeRoom(prev, next); len(moved) != 0 {
		t.Errorf("growing a VNet of a pile moved %d VNets the user piled", len(moved))
	}
}

// overlapPair finds two overlapping boxes, through the grid index.
func overlapPair(boxes []Rect) (Rect, Rect, bool) {
	idx := newBoxIndex(slices.Clone(boxes))
	var buf []int
	for i, a := range boxes {
		buf = idx.candidates(a, buf[:0])
		for _, j := range buf {
			if j != i && overlaps(a, boxes[j]) {
				return a, boxes[j], true
			}
		}
	}
	return Rect{}, Rect{}, false
}
