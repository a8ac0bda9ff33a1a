package route_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/route"
)

// BenchmarkIndex compares, in one run, the ways to answer a longest-prefix
// match on the tables of the generated hub-and-spoke designs (the hub NVA
// subnet's, the biggest, and one spoke's; both are own routes over the
// shared gateway layer): impl=naive (NewLinearTable, a linear scan),
// impl=map (the per-prefix-length maps Table used before bart, kept as test
// code in mapindex_test.go) and impl=engine (Table: bart natively; under
// wasm per-length maps as in impl=map, with the new layered lookup, unless
// built with -tags lpmbart; see index_bart.go). lookup is 4,096 seeded random destinations per op (those
// of engine's BenchmarkLookup), reported as ns/lookup; the build rows time
// what an edit rebuilds: a subnet table over an existing layer and the
// gateway layer itself.
func BenchmarkIndex(b *testing.B) {
	for _, d := range []struct {
		name string
		p    gen.Params
	}{
		{"HubSpoke-100-P1000", gen.Params{N: 100, Prefixes: 1000, Seed: 1}},
		{"HubSpoke-500-P4000", gen.Params{N: 500, Prefixes: 4000, Seed: 1}},
	} {
		topo, err := gen.Generate("hubspoke", d.p)
		if err != nil {
			b.Fatal(err)
		}
		p := dataplane.Build(&topo)
		hub, ok := p.Routes("hub/nva")
		spoke, ok2 := p.Routes(topo.VNets[len(topo.VNets)-1].ID + "/app")
		if !ok || !ok2 || hub.Layer() == nil || spoke.Layer() == nil {
			b.Fatal("no layered hub/nva or spoke table")
		}
		own, gw := route.Candidates(hub)
		spokeOwn, spokeGW := route.Candidates(spoke)
		r := rand.New(rand.NewPCG(7, 7))
		dsts := make([]netip.Addr, 4096)
		for i := range dsts {
			a := r.Uint32()
			if i%2 == 0 {
				a = 10<<24 | a&0xffffff
			}
			dsts[i] = netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
		}
		for _, tab := range []struct {
			name    string
			t       *route.Table
			own, gw []route.Route
		}{{"hub-nva", hub, own, gw}, {"spoke", spoke, spokeOwn, spokeGW}} {
			var all []route.Route
			for e := range tab.t.All() {
				all = append(all, e.Route)
			}
			tables := map[string]route.Looker{
				"naive":  route.NewLinearTable(all),
				"map":    route.NewMapLayeredTable(tab.own, route.NewMapLayer(tab.gw), tab.t),
				"engine": tab.t,
			}
			check := append([]netip.Addr(nil), dsts...)
			for _, e := range all {
				check = append(check, e.Prefix.Addr(), e.Prefix.Addr().Next())
			}
			for _, dst := range check {
				w, okW := tables["naive"].Lookup(dst)
				for _, impl := range []string{"map", "engine"} {
					if x, okX := tables[impl].Lookup(dst); x != w || okX != okW {
						b.Fatalf("%s %s: %s %v %v, naive %v %v", tab.name, dst, impl, x, okX, w, okW)
					}
				}
			}
			for _, impl := range []string{"naive", "map", "engine"} {
				t := tables[impl]
				b.Run(fmt.Sprintf("lookup/%s/%s/routes=%d/impl=%s", tab.name, d.name, len(all), impl), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						for _, dst := range dsts {
							t.Lookup(dst)
						}
					}
					b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(dsts)), "ns/lookup")
				})
			}
		}
		layer, mapLayer := hub.Layer(), route.NewMapLayer(gw)
		spokeLayer, spokeMapLayer := spoke.Layer(), route.NewMapLayer(spokeGW)
		builds := []struct {
			what  string
			n     int
			naive func()
			old   func()
			new   func()
		}{
			{"table/hub-nva", len(own),
				func() { route.NewLinearTable(append(append([]route.Route(nil), own...), gw...)) },
				func() { route.NewMapLayeredTable(own, mapLayer, hub) },
				func() { route.NewLayeredTable(own, layer) }},
			{"table/spoke", len(spokeOwn),
				func() { route.NewLinearTable(append(append([]route.Route(nil), spokeOwn...), spokeGW...)) },
				func() { route.NewMapLayeredTable(spokeOwn, spokeMapLayer, spoke) },
				func() { route.NewLayeredTable(spokeOwn, spokeLayer) }},
			{"layer", len(gw), nil,
				func() { route.NewMapLayer(gw) },
				func() { route.NewLayer(gw) }},
		}
		for _, bl := range builds {
			for _, impl := range []string{"naive", "map", "engine"} {
				f := map[string]func(){"naive": bl.naive, "map": bl.old, "engine": bl.new}[impl]
				if f == nil {
					continue
				}
				b.Run(fmt.Sprintf("build/%s/%s/routes=%d/impl=%s", bl.what, d.name, bl.n, impl), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						f()
					}
				})
			}
		}
	}
}
