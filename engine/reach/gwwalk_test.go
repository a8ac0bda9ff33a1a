package reach

import (
	"net/netip"
	"reflect"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// gatewayTransit is a hub and spoke design whose spokes send each other's
// range (10.1.0.0/16) to the hub's VPN gateway.
func gatewayTransit() model.Topology {
	topo := gen.HubSpokeScale(gen.Params{N: 6, Prefixes: 10, Seed: 5})
	topo.RouteTables = append([]model.RouteTable(nil), topo.RouteTables...)
	for i := range topo.RouteTables {
		rt := &topo.RouteTables[i]
		rt.Routes = append(rt.Routes[:len(rt.Routes):len(rt.Routes)], model.Route{Name: "spokes", AddressPrefix: "10.1.0.0/16", NextHopType: model.HopVirtualNetworkGateway})
	}
	return topo
}

// TestWalkedCellsPacked: a walk through the gateway (route lookups at the
// spokes' subnets and at GatewaySubnet, recorded questions to the hybrid
// control plane) is kept packed, and reads back as RunWith's Deps; Deps
// that a packed cell cannot say are kept in full: a lookup that found no
// route, a lookup of neither endpoint's address or of the source's before
// the destination's, a question about another address, Opaque, BGP.
func TestWalkedCellsPacked(t *testing.T) {
	topo := gatewayTransit()
	p := dataplane.Build(&topo)
	c := newClasses(p, trace.Flow{}, trace.Options{}, true, false)
	nics := p.NICs()
	packed := 0
	var through trace.Deps // a walk through the gateway, and its cell
	var tr, tj int32
	for r := range nics {
		for j := range nics {
			if r == j {
				continue
			}
			_, d := c.cell(r, j, nics[r], nics[j])
			if d.gen == nil || len(d.reads) == 0 {
				continue
			}
			packed++
			want := trace.RunWith(p, cellFlow(p, trace.Flow{}, nics[r], nics[j]), trace.Options{}).Deps()
			if got := packedView(d, int32(r), int32(j)).deps(); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s → %s: packed %+v, RunWith %+v", nics[r], nics[j], got, want)
			}
			if len(through.Lookups) == 0 {
				through, tr, tj = want, int32(r), int32(j)
			}
		}
	}
	if packed == 0 {
		t.Fatal("no walk through the gateway was kept packed: the design tests nothing")
	}
	if _, ok := c.packWalked(tr, tj, through); !ok {
		t.Fatal("the walk through the gateway is not packed")
	}
	other := netip.MustParseAddr("192.0.2.1")
	for name, edit := range map[string]func(d *trace.Deps){
		"a lookup that found no route": func(d *trace.Deps) { d.Lookups[0].Found = false },
		"a lookup of another address":  func(d *trace.Deps) { d.Lookups[len(d.Lookups)-1].Dst = other },
		"the source's lookup first": func(d *trace.Deps) {
			d.Lookups[0], d.Lookups[len(d.Lookups)-1] = d.Lookups[len(d.Lookups)-1], d.Lookups[0]
		},
		"a question of another address": func(d *trace.Deps) {
			d.Hybrid = append(d.Hybrid, trace.HybridRead{Kind: trace.ReadBest, ID: "x", Addr: other})
		},
		"Opaque": func(d *trace.Deps) { d.Opaque = true },
		"BGP":    func(d *trace.Deps) { d.BGP = true },
	} {
		d := through
		d.Lookups = append([]trace.Lookup(nil), through.Lookups...)
		d.Hybrid = append([]trace.HybridRead(nil), through.Hybrid...)
		edit(&d)
		if _, ok := c.packWalked(tr, tj, d); ok {
			t.Errorf("%s: packed", name)
		}
	}
}

// packedView is the view of packed dependencies d of cell (row r, column j).
func packedView(d cellDeps, r, j int32) cellView {
	g := d.gen
	return cellView{packed: d.packed, nf: d.nf, gen: g, dst: g.ip[j], src: g.ip[r], dstNIC: j, srcNIC: r, reads: d.reads}
}
