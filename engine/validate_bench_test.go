package engine_test

import (
	"fmt"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/gen"
	"vnetplay/engine/scenario"
)

// BenchmarkValidate is the validation every guarded edit of the UI runs
// on the whole design (engine.Validate: model.Validate and the Internet
// edge lint), on bench-browser's designs: gen.HubSpokeScale with two
// subnets per spoke, ExpressRoute, VPN and 1,000 on-premises prefixes.
func BenchmarkValidate(b *testing.B) {
	for _, n := range []int{100, 500} {
		doc := &scenario.Document{Topology: gen.HubSpokeScale(gen.Params{N: n - 1, Subnets: 2, Prefixes: 1000, Seed: 1})}
		b.Run(fmt.Sprintf("vnets=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				engine.Validate(doc)
			}
		})
	}
}
