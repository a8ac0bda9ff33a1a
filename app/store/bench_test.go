package store

import (
	"fmt"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// BenchmarkApply measures one UI edit end to end in the session: copy the
// document, apply, re-run the engine (routes, BGP, diagnostics) and rebuild
// the scene; and, for comparison, the parts alone.
func BenchmarkApply(b *testing.B) {
	for _, n := range []int{10, 100, 500} {
		doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: gen.HubSpoke(n)}
		b.Run(fmt.Sprintf("edit/hubspoke-%d", n), func(b *testing.B) {
			s := Open(doc)
			b.ReportAllocs()
			for i := range b.N {
				if err := s.Apply(SetProperty{Ref: Ref{Kind: canvas.KindVNet, ID: "hub"}, Path: "location", Value: fmt.Sprint("loc", i%2)}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("move/hubspoke-%d", n), func(b *testing.B) {
			s := Open(doc)
			b.ReportAllocs()
			for i := range b.N {
				if err := s.Apply(Move{To: map[string]canvas.Point{"hub": {X: float64(i % 7)}}, Gesture: "g"}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("clone/hubspoke-%d", n), func(b *testing.B) {
			for range b.N {
				if _, err := Clone(doc); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("analyze/hubspoke-%d", n), func(b *testing.B) {
			for range b.N {
				analyze(doc, 1)
			}
		})
		b.Run(fmt.Sprintf("scene/hubspoke-%d", n), func(b *testing.B) {
			for range b.N {
				canvas.BuildScene(doc)
			}
		})
	}
}
