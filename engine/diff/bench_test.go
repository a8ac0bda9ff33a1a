package diff

import (
	"context"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// BenchmarkDesignsHubSpoke500 diffs two 500-spoke designs (1,000 on-premises
// prefixes, 2,002 subnets, 503 endpoints) that differ by one UDR in the
// shared spoke table and one spoke fewer: every spoke subnet's routes
// change and 252,004 pairs are walked on each side. Planes are built in
// the loop, as `vnetplay diff` builds them.
func BenchmarkDesignsHubSpoke500(b *testing.B) {
	before := gen.HubSpokeScale(gen.Params{N: 500, Prefixes: 1000, Seed: 1})
	after := gen.HubSpokeScale(gen.Params{N: 500, Prefixes: 1000, Seed: 1})
	after.RouteTables[0].Routes = append(after.RouteTables[0].Routes,
		model.Route{Name: "zz-spoke7", AddressPrefix: "10.1.24.0/22", NextHopType: model.HopVnetLocal})
	after.VMs = after.VMs[:len(after.VMs)-1]
	da, db := &scenario.Document{Topology: before}, &scenario.Document{Topology: after}
	for b.Loop() {
		c, err := Designs(context.Background(), Design{Doc: da}, Design{Doc: db}, Options{Limit: 1000})
		if err != nil || c.Behaviour.Counts.Lost == 0 || c.Behaviour.Counts.Routes < 1996 {
			b.Fatalf("%v %+v", err, c.Behaviour.Counts)
		}
	}
}
