package dataplane

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/route"
)

// BenchmarkSpokeLookup compares lookups in a spoke subnet's stacked table
// (system, user and gateway layers, as Build makes it) with the same
// routes in two layers (own routes in one, route.NewLayeredTable) and in
// one table (route.NewTable), on 4,096 seeded destinations (half inside
// 10/8, where the spoke's UDRs are).
func BenchmarkSpokeLookup(b *testing.B) {
	topo := gen.HubSpokeScale(gen.Params{N: 100, Prefixes: 1000, Seed: 1})
	p := Build(&topo)
	st, _ := p.Routes("spoke001/app")
	var own, gw, all []route.Route
	for _, e := range st.Routes() {
		all = append(all, e.Route)
		if e.Source == route.Gateway {
			gw = append(gw, e.Route)
		} else {
			own = append(own, e.Route)
		}
	}
	tables := map[string]*route.Table{"stacked": st, "layered": route.NewLayeredTable(own, route.NewLayer(gw)), "whole": route.NewTable(all)}
	r := rand.New(rand.NewPCG(7, 7))
	dsts := make([]netip.Addr, 4096)
	for i := range dsts {
		a := r.Uint32()
		if i%2 == 0 {
			a = 10<<24 | a&0xffffff
		}
		dsts[i] = netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
	}
	for _, d := range dsts {
		x, _ := st.Lookup(d)
		if y, _ := tables["whole"].Lookup(d); x != y {
			b.Fatalf("%s: stacked %v, whole %v", d, x, y)
		}
	}
	for _, impl := range []string{"stacked", "layered", "whole"} {
		t := tables[impl]
		b.Run(fmt.Sprintf("routes=%d/impl=%s", len(all), impl), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				for _, d := range dsts {
					t.Lookup(d)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(dsts)), "ns/lookup")
		})
	}
}
