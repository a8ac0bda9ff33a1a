package ui

import (
	"fmt"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/canvas"
	"vnetplay/app/store"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// BenchmarkShellEdit is bench-browser's edit (the hub's location, from the
// Inspector) on its designs, through the Shell natively: the session edit
// plus rendering the whole UI tree to HTML (go-app's diff and the browser's
// DOM work are not in it).
func BenchmarkShellEdit(b *testing.B) {
	for _, n := range []int{100, 500} {
		topo := gen.HubSpokeScale(gen.Params{N: n - 1, Subnets: 2, Prefixes: 1000, Seed: 1})
		doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: topo}
		b.Run(fmt.Sprintf("vnets=%d", n), func(b *testing.B) {
			s := &Shell{}
			s.openSession(store.Open(doc), "")
			s.selectKey("vnet:hub")
			b.ReportAllocs()
			for i := range b.N {
				if err := s.apply(store.SetProperty{Ref: store.Ref{Kind: canvas.KindVNet, ID: "hub"}, Path: "location", Value: fmt.Sprint("loc", i%2)}); err != nil {
					b.Fatal(err)
				}
				_ = app.HTMLString(s.Render())
			}
		})
	}
}
