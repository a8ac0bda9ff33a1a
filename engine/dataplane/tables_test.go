package dataplane

import (
	"fmt"
	"net/netip"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// sharedTableEdits are edits of route table "rt-spokes" (shared by every
// spoke subnet of gen.HubSpokeScale): UDRs equal to a spoke's VNet range
// (a tie with a system route), to the hub's peered range, to a gateway
// route (a tie with the gateway layer), duplicates in one table (rule:udr.unique-prefix-per-table), the
// 0/0-to-appliance UDR that removes the reserved routes (rule:system-routes.default-udr-removes-reserved) removed and
// restored, propagation toggled, and a next hop changed.
func sharedTableEdits(gwPrefix string) []func(rt *model.RouteTable) {
	add := func(r model.Route) func(rt *model.RouteTable) {
		return func(rt *model.RouteTable) { rt.Routes = append(slices.Clone(rt.Routes), r) }
	}
	return []func(rt *model.RouteTable){
		add(model.Route{Name: "own-range", AddressPrefix: "10.1.0.0/22", NextHopType: model.HopNone}),
		add(model.Route{Name: "hub", AddressPrefix: "10.0.0.0/16", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}),
		add(model.Route{Name: "onprem", AddressPrefix: gwPrefix, NextHopType: model.HopInternet}),
		add(model.Route{Name: "hub", AddressPrefix: "10.0.0.0/16", NextHopType: model.HopNone}),
		func(rt *model.RouteTable) { // drop the 0/0 UDR: the reserved routes return (rule:system-routes.default-udr-removes-reserved)
			rt.Routes = slices.DeleteFunc(slices.Clone(rt.Routes), func(r model.Route) bool { return r.AddressPrefix == "0.0.0.0/0" })
		},
		add(model.Route{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}),
		func(rt *model.RouteTable) { rt.DisableBgpRoutePropagation = !rt.DisableBgpRoutePropagation },
		func(rt *model.RouteTable) {
			rt.Routes = slices.Clone(rt.Routes)
			rt.Routes[len(rt.Routes)-1].NextHopType = model.HopVirtualNetworkGateway
			rt.Routes[len(rt.Routes)-1].NextHopIPAddress = ""
		},
		func(rt *model.RouteTable) { rt.DisableBgpRoutePropagation = !rt.DisableBgpRoutePropagation },
		func(rt *model.RouteTable) { rt.Routes = rt.Routes[1:] },
	}
}

// assertSameRoutes checks that a and b list the same routes for every
// subnet and answer lookups of every route's first and last address and
// every NIC the same.
func assertSameRoutes(t *testing.T, a, b *Plane, what string) {
	t.Helper()
	if !slices.Equal(a.Subnets(), b.Subnets()) {
		t.Fatalf("%s: subnets differ", what)
	}
	var probes []netip.Addr
	for _, id := range b.Subnets() {
		tb, _ := b.Routes(id)
		for e := range tb.All() {
			probes = append(probes, e.Prefix.Addr(), netip.PrefixFrom(e.Prefix.Addr(), e.Prefix.Bits()).Masked().Addr().Next())
		}
	}
	for _, id := range b.NICs() {
		n, _ := b.NIC(id)
		probes = append(probes, n.IP)
	}
	slices.SortFunc(probes, netip.Addr.Compare)
	probes = slices.Compact(probes)
	for _, id := range b.Subnets() {
		x, _ := a.Routes(id)
		y, _ := b.Routes(id)
		if !reflect.DeepEqual(x.Routes(), y.Routes()) {
			t.Fatalf("%s: %s: routes differ:\nupdated %v\nbuilt   %v", what, id, x.Routes(), y.Routes())
		}
		for _, dst := range probes {
			ex, okX := x.Lookup(dst)
			ey, okY := y.Lookup(dst)
			if okX != okY || ex != ey {
				t.Fatalf("%s: %s → %s: updated %v %v, built %v %v", what, id, dst, okX, ex, okY, ey)
			}
		}
	}
}

// TestSharedUserLayer is the oracle for the shared route-table layer:
// every spoke subnet of a hub-and-spoke design uses route table
// "rt-spokes". Along a sequence of edits of that table, the plane Update
// derives from the previous one lists, for every subnet, the routes a full
// Build lists and answers its lookups; the spokes' tables all stack one
// user layer, which an edit of the routes replaced (propagation does not
// change it), over system layers Update kept (and gateway layers, whose
// BGP result did not change).
func TestSharedUserLayer(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 3, Prefixes: 10, UDRs: 4, Seed: 5})
	prev := Build(&topo)
	var gwPrefix string
	hub, _ := prev.Routes("spoke001/app")
	for e := range hub.All() {
		if e.Source == route.Gateway {
			gwPrefix = e.Prefix.String()
			break
		}
	}
	if gwPrefix == "" {
		t.Fatal("no gateway route in spoke001/app")
	}
	spokes := func(p *Plane) (out []*route.Table) {
		for _, id := range p.Subnets() {
			if s, _ := p.Subnet(id); s.RouteTable == "rt-spokes" {
				tb, _ := p.Routes(id)
				out = append(out, tb)
			}
		}
		return out
	}
	if n := len(spokes(prev)); n < 6 {
		t.Fatalf("only %d subnets use rt-spokes", n)
	}
	for step, edit := range sharedTableEdits(gwPrefix) {
		topo.RouteTables = slices.Clone(topo.RouteTables)
		i := slices.IndexFunc(topo.RouteTables, func(r model.RouteTable) bool { return r.ID == "rt-spokes" })
		before := topo.RouteTables[i].Routes
		edit(&topo.RouteTables[i])
		routesChanged := !slices.Equal(before, topo.RouteTables[i].Routes)
		up, full := Update(prev, &topo), Build(&topo)
		what := fmt.Sprintf("step %d", step)
		assertSameRoutes(t, up, full, what)
		tabs := spokes(up)
		ul := tabs[0].UserLayer()
		for _, tb := range tabs {
			if tb.UserLayer() != ul || ul == nil {
				t.Fatalf("%s: the spokes do not share one user layer", what)
			}
		}
		if kept := spokes(prev)[0].UserLayer() == ul; kept == routesChanged {
			t.Fatalf("%s: user layer kept %v, routes changed %v", what, kept, routesChanged)
		}
		if up.BGP() != prev.BGP() {
			t.Fatalf("%s: a route table edit recomputed BGP", what)
		}
		for k, l := range up.layers.system {
			if o, ok := prev.layers.system[k]; ok && o != l {
				t.Errorf("%s: system layer %q rebuilt", what, k)
			}
		}
		for k, l := range up.layers.gateway {
			if o, ok := prev.layers.gateway[k]; ok && o != l {
				t.Errorf("%s: gateway layer %q rebuilt", what, k)
			}
		}
		prev = up
	}
}

// TestLayersReusedAcrossBGPChange: failing the ExpressRoute circuit
// recomputes BGP but keeps every system and user layer (their routes are
// unchanged), and the updated plane answers like a full Build.
func TestLayersReusedAcrossBGPChange(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 3, Prefixes: 10, UDRs: 4, Seed: 5})
	prev := Build(&topo)
	fs := []model.Failure{{Kind: model.CircuitDown, Target: topo.Circuits[0].ID}}
	up := Update(prev, &topo, WithFailures(fs))
	assertSameRoutes(t, up, Build(&topo, WithFailures(fs)), "circuit down")
	if up.BGP() == prev.BGP() {
		t.Fatal("BGP was not recomputed")
	}
	if up.structID != prev.structID {
		t.Error("a circuit failure rebuilt the structure")
	}
	for k, l := range up.layers.system {
		if prev.layers.system[k] != l {
			t.Errorf("system layer %q rebuilt", k)
		}
	}
	for k, l := range up.layers.user {
		if prev.layers.user[k] != l {
			t.Errorf("user layer %q rebuilt", k)
		}
	}
}

// TestApplianceFailureBGP: failing an NVA that peers with a Route Server
// recomputes BGP (its session goes down), failing a VM that peers with
// nothing keeps the BGP result; either way the updated plane (routes and
// BGP tables) equals a full Build.
func TestApplianceFailureBGP(t *testing.T) {
	topo := gen.MultiHub(gen.Params{N: 1, Prefixes: 6, UDRs: 2, Branch: 3, Seed: 7})
	base := Build(&topo)
	for _, c := range []struct {
		vm     string
		reused bool
	}{{"hub0-nva", false}, {"vm-hub0-spoke001", true}, {"no-such-vm", true}} {
		fs := []model.Failure{{Kind: model.ApplianceDown, Target: c.vm}}
		up, full := Update(base, &topo, WithFailures(fs)), Build(&topo, WithFailures(fs))
		if reused := up.BGP() == base.BGP(); reused != c.reused {
			t.Errorf("%s down: BGP reused %v, want %v", c.vm, reused, c.reused)
		}
		assertSameRoutes(t, up, full, c.vm+" down")
		if !reflect.DeepEqual(up.BGP().Diagnostics, full.BGP().Diagnostics) {
			t.Errorf("%s down: BGP diagnostics differ", c.vm)
		}
		for _, sp := range full.BGP().Speakers() {
			if !reflect.DeepEqual(up.BGP().RIB(sp.ID), full.BGP().RIB(sp.ID)) {
				t.Errorf("%s down: RIB of %s differs", c.vm, sp.ID)
			}
		}
	}
}
