package ui

import (
	"fmt"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/app/workspace"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// BenchmarkShellEdit is bench-browser's edit (the hub's location, from the
// Inspector) on its designs, through the Shell natively: the workspace's
// edit plus rendering the whole UI tree to HTML (go-app's diff and the
// browser's DOM work are not in it).
func BenchmarkShellEdit(b *testing.B) {
	for _, n := range []int{100, 500} {
		data := benchDesign(b, n)
		b.Run(fmt.Sprintf("vnets=%d", n), func(b *testing.B) {
			s := &Shell{ws: workspace.New()}
			s.ws.Do(workspace.Import{Name: "bench.json", Text: string(data)})
			s.ws.Do(workspace.Select{Key: "vnet:hub"})
			hub := store.Ref{Kind: kinds.VNet, ID: "hub"}
			b.ReportAllocs()
			for i := range b.N {
				s.ws.Do(workspace.SetProperty{Ref: hub, Path: "location", Value: fmt.Sprint("loc", i%2)})
				if _, _, refused := s.ws.Refused(hub, "location"); refused {
					b.Fatal("the edit was refused")
				}
				_ = app.HTMLString(s.Render())
			}
		})
	}
}

// benchDesign is bench-browser's design of n VNets as scenario JSON: the
// generated enterprise hub (gen.HubSpokeScale with ExpressRoute, VPN, 1,000
// on-premises prefixes) with two subnets and VMs per spoke.
func benchDesign(tb testing.TB, n int) []byte {
	tb.Helper()
	topo := gen.HubSpokeScale(gen.Params{N: n - 1, Subnets: 2, Prefixes: 1000, Seed: 1})
	data, err := scenario.Encode(&scenario.Document{Format: scenario.Format, Version: scenario.Latest, Name: "bench", Topology: topo})
	if err != nil {
		tb.Fatal(err)
	}
	return data
}
