package canvas

import (
	"fmt"
	"os"
	"testing"

	"vnetplay/engine/scenario"
)

// The benchmarks of issue 11 run the fast code and the naive reference
// (naive_test.go) side by side on the same design: compare the two ns/op
// of one run, not absolute times. The naive code is skipped (with a
// message) where it is quadratic and one op takes more than a few seconds
// (benchDesign.slow: BuildScene and AutoLayout on 20,000 VNets that are
// not all peered or saved, MakeRoom on 20,000 VNets);
// CANVAS_NAIVE_ALL=1 runs it there too.

type benchDesign struct {
	name string
	slow bool // the naive code takes more than a few seconds
	doc  func() *scenario.Document
}

func layoutDesigns() []benchDesign {
	var out []benchDesign
	for _, n := range []int{1000, 5000, 20000} {
		out = append(out,
			benchDesign{fmt.Sprintf("bare-%d", n), n > 5000, func() *scenario.Document { return bareDesign(n) }},
			benchDesign{fmt.Sprintf("chain-%d", n), false, func() *scenario.Document { return chainDesign(n) }})
	}
	return append(out,
		benchDesign{"hub-5000", false, func() *scenario.Document { return hubSpoke(5000) }},
		benchDesign{"subnets-3000", false, func() *scenario.Document { return bigVNetDesign(3000) }},
		benchDesign{"samepoint-20000", false, func() *scenario.Document { return samePointDesign(20000) }},
		benchDesign{"stairs-20000", false, func() *scenario.Document { return stairsDesign(20000) }},
		benchDesign{"wild-20000", true, func() *scenario.Document { return wildDesign(20000) }},
	)
}

// runPair runs fast and naive as the sub-benchmarks "fast" and "naive".
func runPair(b *testing.B, slow bool, fast, naive func()) {
	b.Run("naive", func(b *testing.B) {
		if slow && os.Getenv("CANVAS_NAIVE_ALL") == "" {
			b.Skip("naive skipped: one op takes more than a few seconds (CANVAS_NAIVE_ALL=1 runs it)")
		}
		for range b.N {
			naive()
		}
	})
	b.Run("fast", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			fast()
		}
	})
}

// BenchmarkAutoLayout: AutoLayout alone, VNet heights computed beforehand.
func BenchmarkAutoLayout(b *testing.B) {
	for _, d := range layoutDesigns() {
		b.Run(d.name, func(b *testing.B) {
			doc := d.doc()
			h := heightsOf(doc)
			saved := layoutNodesOf(doc)
			runPair(b, d.slow,
				func() { AutoLayout(&doc.Topology, h, saved) },
				func() { naiveAutoLayout(&doc.Topology, h, saved) })
		})
	}
}

// BenchmarkBuildScene: opening a design's scene, end to end.
func BenchmarkBuildScene(b *testing.B) {
	for _, d := range layoutDesigns() {
		b.Run(d.name, func(b *testing.B) {
			doc := d.doc()
			runPair(b, d.slow, func() { BuildScene(doc) }, func() { naiveBuildScene(doc) })
		})
	}
}

// roomCases are MakeRoom's worst shapes: an edit that grows one VNet of a
// pinned design (its first VNet by three subnets).
func roomCases() []benchDesign {
	return []benchDesign{
		// Growing the first VNet of a tight column pushes every VNet under
		// it, in one pass.
		{"column-1000", false, func() *scenario.Document { return columnDesign(1000) }},
		{"column-20000", true, func() *scenario.Document { return columnDesign(20000) }},
		{"bare-20000", true, func() *scenario.Document { return bareDesign(20000) }},
		{"samepoint-20000", true, func() *scenario.Document { return samePointDesign(20000) }},
		{"stairs-20000", true, func() *scenario.Document { return stairsDesign(20000) }},
		{"hub-5000", false, func() *scenario.Document { return hubSpoke(5000) }},
	}
}

// BenchmarkMakeRoom: the room a grown VNet makes, on pinned designs.
func BenchmarkMakeRoom(b *testing.B) {
	for _, d := range roomCases() {
		b.Run(d.name, func(b *testing.B) {
			prev, next := grownPair(d.doc(), 0, 3)
			runPair(b, d.slow, func() { MakeRoom(prev, next) }, func() { naiveMakeRoom(prev, next) })
		})
	}
}

// BenchmarkFreeSpot: a new VNet dropped on the first VNet of a big design,
// and (hub-5000/middle) in the middle of the hub's block of spokes, where
// the search runs out of tries. The naive FreeSpot is bounded (4,000 tries
// of n boxes each): it always runs.
func BenchmarkFreeSpot(b *testing.B) {
	w, h := NewBoxSize("vnet")
	for _, d := range roomCases() {
		b.Run(d.name, func(b *testing.B) {
			doc := d.doc()
			s := BuildScene(doc)
			first, _ := s.Node(Key("vnet", doc.Topology.VNets[0].ID))
			want := first.Box.Center()
			runPair(b, false, func() { s.FreeSpot(want, w, h) }, func() { naiveFreeSpot(s, want, w, h) })
		})
	}
	b.Run("hub-5000/middle", func(b *testing.B) {
		s := BuildScene(hubSpoke(5000))
		var block Rect
		for _, n := range s.Nodes {
			if n.Kind == "vnet" && n.Key != "vnet:hub" {
				block = block.Union(n.Box)
			}
		}
		want := block.Center()
		runPair(b, false, func() { s.FreeSpot(want, w, h) }, func() { naiveFreeSpot(s, want, w, h) })
	})
}
