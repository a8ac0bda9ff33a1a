package store

import (
	"fmt"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/engine"
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
				if _, err := s.Apply(SetProperty{Ref: Ref{Kind: kinds.VNet, ID: "hub"}, Path: "location", Value: fmt.Sprint("loc", i%2)}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("move/hubspoke-%d", n), func(b *testing.B) {
			s := Open(doc)
			b.ReportAllocs()
			for i := range b.N {
				if _, err := s.Apply(Move{To: map[string]canvas.Point{"hub": {X: float64(i % 7)}}, Gesture: "g"}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(fmt.Sprintf("clone/hubspoke-%d", n), func(b *testing.B) {
			for range b.N {
				scenario.Clone(doc)
			}
		})
		b.Run(fmt.Sprintf("analyze/hubspoke-%d", n), func(b *testing.B) {
			for range b.N {
				analyze(doc, nil)
			}
		})
		b.Run(fmt.Sprintf("scene/hubspoke-%d", n), func(b *testing.B) {
			for range b.N {
				canvas.BuildScene(doc)
			}
		})
	}
}

// BenchmarkApplyUDR: one route-table edit (a route's next-hop IP) on a
// generated hub with ExpressRoute and VPN (1,000 on-prem prefixes over BGP):
// the edit the incremental data plane is for.
func BenchmarkApplyUDR(b *testing.B) {
	topo, err := gen.Generate("hubspoke", gen.Params{N: 50, Prefixes: 1000, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: topo}
	s := Open(doc)
	rt := Ref{Kind: kinds.RouteTable, ID: "rt-spokes"}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if _, err := s.Apply(SetProperty{Ref: rt, Path: "routes[0].addressPrefix", Value: fmt.Sprintf("10.200.%d.0/24", i%200)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyEnterprise is the browser benchmark's edit (the hub's
// location, so every peering turns global) on its design: gen.HubSpokeScale
// with 499 spokes of two subnets, ExpressRoute, VPN and 1,000 prefixes.
func BenchmarkApplyEnterprise(b *testing.B) {
	for _, n := range []int{100, 500} {
		topo := gen.HubSpokeScale(gen.Params{N: n - 1, Subnets: 2, Prefixes: 1000, Seed: 1})
		doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: topo}
		b.Run(fmt.Sprintf("vnets=%d", n), func(b *testing.B) {
			s := Open(doc)
			b.ReportAllocs()
			for i := range b.N {
				if _, err := s.Apply(SetProperty{Ref: Ref{Kind: kinds.VNet, ID: "hub"}, Path: "location", Value: fmt.Sprint("loc", i%2)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkApplyEnterpriseUDR is bench-browser's route edit (one UDR of the
// shared spoke table moved to another /24) on its 500-VNet design.
func BenchmarkApplyEnterpriseUDR(b *testing.B) {
	topo := gen.HubSpokeScale(gen.Params{N: 499, Subnets: 2, Prefixes: 1000, Seed: 1})
	s := Open(&scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: topo})
	rt := Ref{Kind: kinds.RouteTable, ID: "rt-spokes"}
	b.ReportAllocs()
	for i := range b.N {
		if _, err := s.Apply(SetProperty{Ref: rt, Path: "routes[2].addressPrefix", Value: fmt.Sprintf("10.200.%d.0/24", i%200)}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkApplyDeferred is what the browser does before it paints
// bench-browser's two edits: the hub's location (every peering turns
// global) and its route edit (one UDR of the shared spoke table moved to
// another /24): a deferred session's Apply, which guards the edit and
// draws it, the engine left for after the paint. impl=naive does the same
// the plain way, in the same run: a copy of the design edited, validated
// whole (engine.Validate) and laid out again (canvas.BuildScene).
func BenchmarkApplyDeferred(b *testing.B) {
	edits := []struct {
		name string
		edit func(i int) Edit
	}{
		{"location", func(i int) Edit {
			return SetProperty{Ref: Ref{Kind: kinds.VNet, ID: "hub"}, Path: "location", Value: fmt.Sprint("loc", i%2)}
		}},
		{"udr", func(i int) Edit {
			return SetProperty{Ref: Ref{Kind: kinds.RouteTable, ID: "rt-spokes"}, Path: "routes[2].addressPrefix", Value: fmt.Sprintf("10.200.%d.0/24", i%200)}
		}},
	}
	for _, n := range []int{100, 500} {
		topo := gen.HubSpokeScale(gen.Params{N: n - 1, Subnets: 2, Prefixes: 1000, Seed: 1})
		for _, e := range edits {
			s := Open(&scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: topo})
			s.SetDeferred(true)
			b.Run(fmt.Sprintf("%s/vnets=%d/impl=session", e.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for i := range b.N {
					if _, err := s.Apply(e.edit(i)); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run(fmt.Sprintf("%s/vnets=%d/impl=naive", e.name, n), func(b *testing.B) {
				b.ReportAllocs()
				for i := range b.N {
					next := scenario.Clone(s.Current().Doc)
					if _, err := e.edit(i).apply(next); err != nil {
						b.Fatal(err)
					}
					next = scenario.Canonical(next)
					engine.Validate(next)
					canvas.BuildScene(next)
				}
			})
		}
	}
}
