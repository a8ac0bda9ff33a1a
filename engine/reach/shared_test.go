package reach

import (
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// sharedTopo is two VNets with the same address space (the portal's
// default), a VM at 10.0.0.4 in each and a second VM in a, optionally
// both peered with a hub (not with each other).
func sharedTopo(hub bool) model.Topology {
	v := func(id, pfx, sn string) model.VNet {
		return model.VNet{ID: id, Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{pfx}}, Subnets: []model.Subnet{{Name: "s", AddressPrefix: sn}}}
	}
	vm := func(id, sn, ip string) model.VM {
		return model.VM{ID: id, NICs: []model.NIC{{Name: "nic", Subnet: sn, PrivateIPAddress: ip}}}
	}
	t := model.Topology{
		VNets: []model.VNet{v("vnet-a", "10.0.0.0/16", "10.0.0.0/24"), v("vnet-b", "10.0.0.0/16", "10.0.0.0/24")},
		VMs:   []model.VM{vm("vm-a", "vnet-a/s", "10.0.0.4"), vm("vm-a2", "vnet-a/s", "10.0.0.5"), vm("vm-b", "vnet-b/s", "10.0.0.4")},
	}
	if hub {
		t.VNets = append(t.VNets, v("hub", "10.9.0.0/16", "10.9.0.0/24"))
		t.VMs = append(t.VMs, vm("vm-h", "hub/s", "10.9.0.4"))
		t.Peerings = []model.Peering{{ID: "hub-a", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "vnet-a"}},
			{ID: "hub-b", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "vnet-b"}}}
	}
	return t
}

// cellOf is the cell from → to of m.
func cellOf(t *testing.T, m *Matrix, from, to string) Cell {
	t.Helper()
	for _, c := range m.All() {
		if c.From == from && c.To == to {
			return c
		}
	}
	t.Fatalf("no cell %s → %s in rows %v, columns %v", from, to, m.Rows, m.Cols)
	return Cell{}
}

// TestSharedAddressAcrossVNets: two VNets that overlap each hold a VM at
// 10.0.0.4 (rule:address-space.private-ip-per-vnet). Both are rows and
// columns of the matrix, and a walk to one's address never lands on the
// other: from the VNet's own VM it is itself, from its neighbour the VM of
// its own VNet, and from a hub peered with both the VM of the VNet whose
// peering route carries it. Every way of computing the matrix agrees.
func TestSharedAddressAcrossVNets(t *testing.T) {
	for _, tc := range []struct {
		name     string
		hub      bool
		from, to string
		disp     trace.Disposition
		reason   string
	}{
		{"unpeered: a → b is a's own address", false, "vm-a/nic", "vm-b/nic", trace.DroppedNoHost, "10.0.0.4 is vm-a/nic's own address in vnet-a"},
		{"unpeered: b → a is b's own address", false, "vm-b/nic", "vm-a/nic", trace.DroppedNoHost, "10.0.0.4 is vm-b/nic's own address in vnet-b"},
		{"unpeered: a2 → b lands on a", false, "vm-a2/nic", "vm-b/nic", trace.DroppedNoHost, "delivered to vm-a/nic in vnet-a, not to vm-b/nic"},
		{"unpeered: a2 → a is delivered", false, "vm-a2/nic", "vm-a/nic", trace.Delivered, "delivered to vm-a/nic"},
		{"unpeered: b → a2 is not", false, "vm-b/nic", "vm-a2/nic", trace.DroppedNoHost, "no NIC or load balancer has 10.0.0.5"},
		{"hub: a2 → b lands on a", true, "vm-a2/nic", "vm-b/nic", trace.DroppedNoHost, "delivered to vm-a/nic in vnet-a, not to vm-b/nic"},
		{"hub: a → b is a's own address", true, "vm-a/nic", "vm-b/nic", trace.DroppedNoHost, "own address in vnet-a"},
		{"hub: b → a2 stays in b", true, "vm-b/nic", "vm-a2/nic", trace.DroppedNoHost, "no NIC or load balancer has 10.0.0.5"},
		// The hub's one route for 10.0.0.0/16 (vnet-a's peering, TestSharedAddressHubDeliversByRoute)
		// takes the reply to vm-a: on-premises or a hub cannot tell the two VNets apart.
		{"hub: b → hub, the reply goes to a", true, "vm-b/nic", "vm-h/nic", trace.DroppedOnReturn, "the reply does not come back: delivered to vm-a/nic"},
		{"hub: a → hub is delivered", true, "vm-a/nic", "vm-h/nic", trace.Delivered, "delivered to vm-h/nic"},
		{"hub: hub → b lands on a", true, "vm-h/nic", "vm-b/nic", trace.DroppedNoHost, "delivered to vm-a/nic in vnet-a, not to vm-b/nic"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := sharedTopo(tc.hub)
			p := dataplane.Build(&topo)
			if _, ok := p.NIC("vm-b/nic"); !ok {
				t.Fatalf("vm-b/nic is left out of the plane: NICs %v", p.NICs())
			}
			m := Compute(p, trace.Flow{})
			for _, id := range []string{"vm-a/nic", "vm-b/nic"} {
				if !contains(m.Rows, id) || !contains(m.Cols, id) {
					t.Fatalf("%s is not a row and a column: rows %v, columns %v", id, m.Rows, m.Cols)
				}
			}
			c := cellOf(t, m, tc.from, tc.to)
			if c.Disposition != tc.disp || !strings.Contains(c.Reason, tc.reason) {
				t.Errorf("%s → %s = %s (%s), want %s with %q", tc.from, tc.to, c.Disposition, c.Reason, tc.disp, tc.reason)
			}
			if per := ComputePerPair(p, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(per, m) {
				t.Errorf("Compute differs from ComputePerPair")
			}
			if tr := ComputeTracked(p, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(tr.Matrix, m) {
				t.Errorf("ComputeTracked differs from Compute")
			}
		})
	}
}

// TestSharedAddressHubDeliversByRoute: from the hub, peered with two
// VNets that both hold 10.0.0.4, the packet goes where the hub's peering
// route for 10.0.0.0/16 sends it, to that VNet's NIC, and the trace names
// the NIC it reached (never the other VNet's).
func TestSharedAddressHubDeliversByRoute(t *testing.T) {
	topo := sharedTopo(true)
	p := dataplane.Build(&topo)
	tab, _ := p.Routes("hub/s")
	e, ok := tab.Lookup(netip.MustParseAddr("10.0.0.4"))
	if !ok {
		t.Fatal("the hub has no route to 10.0.0.4")
	}
	want := "vm-" + strings.TrimPrefix(e.Origin.Name, "vnet-") + "/nic"
	tr := trace.Run(p, trace.Flow{Src: "vm-h/nic", DstIP: netip.MustParseAddr("10.0.0.4")})
	if tr.Disposition != trace.Delivered || tr.DeliveredNIC() != want {
		t.Errorf("hub → 10.0.0.4 = %s at %q (%s), want Delivered at %s (the route's VNet %s)", tr.Disposition, tr.DeliveredNIC(), tr.Reason, want, e.Origin.Name)
	}
}

// TestTraceByAddressResolvesInTheSourceVNet: a trace to a bare address
// from vm-a2 lands on vm-a, the NIC with that address in vm-a2's VNet,
// and from vm-b on vm-b itself.
func TestTraceByAddressResolvesInTheSourceVNet(t *testing.T) {
	topo := sharedTopo(false)
	p := dataplane.Build(&topo)
	for src, want := range map[string]string{"vm-a2/nic": "vm-a/nic", "vm-b/nic": "vm-b/nic", "vm-a/nic": "vm-a/nic"} {
		tr := trace.Run(p, trace.Flow{Src: src, DstIP: netip.MustParseAddr("10.0.0.4")})
		if tr.Disposition != trace.Delivered || tr.DeliveredNIC() != want {
			t.Errorf("%s → 10.0.0.4 = %s at %q (%s), want Delivered at %s", src, tr.Disposition, tr.DeliveredNIC(), tr.Reason, want)
		}
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// partialTopo is two VNets that overlap in part: vnet-a holds
// 10.0.0.0/16, vnet-b 10.0.0.0/24 and 10.5.0.0/16, so 10.0.0.0/24 is
// both's (vm-a and vm-b at 10.0.0.4) and vm-a1 (10.0.1.4) and vm-b5
// (10.5.0.4) are outside the overlap. A hub (vm-h, 10.9.0.4) is peered
// with vnet-a, and with vnet-b too when peered. With appliance, the hub
// sends 10.5.0.0/16 to 10.0.0.4, an address both VNets hold (vm-a
// forwards).
func partialTopo(peered, appliance bool) model.Topology {
	sub := func(name, pfx string) model.Subnet { return model.Subnet{Name: name, AddressPrefix: pfx} }
	v := func(id string, pfxs []string, sns ...model.Subnet) model.VNet {
		return model.VNet{ID: id, Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: pfxs}, Subnets: sns}
	}
	vm := func(id, sn, ip string) model.VM {
		return model.VM{ID: id, NICs: []model.NIC{{Name: "nic", Subnet: sn, PrivateIPAddress: ip}}}
	}
	t := model.Topology{
		VNets: []model.VNet{
			v("vnet-a", []string{"10.0.0.0/16"}, sub("s", "10.0.0.0/24"), sub("t", "10.0.1.0/24")),
			v("vnet-b", []string{"10.0.0.0/24", "10.5.0.0/16"}, sub("s", "10.0.0.0/24"), sub("u", "10.5.0.0/24")),
			v("hub", []string{"10.9.0.0/16"}, sub("s", "10.9.0.0/24")),
		},
		VMs: []model.VM{vm("vm-a", "vnet-a/s", "10.0.0.4"), vm("vm-a1", "vnet-a/t", "10.0.1.4"), vm("vm-b", "vnet-b/s", "10.0.0.4"),
			vm("vm-b5", "vnet-b/u", "10.5.0.4"), vm("vm-h", "hub/s", "10.9.0.4")},
		Peerings: []model.Peering{{ID: "hub-a", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "vnet-a"}}},
	}
	if peered {
		t.Peerings = append(t.Peerings, model.Peering{ID: "hub-b", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "vnet-b"}})
	}
	if appliance {
		t.VMs[0].GuestIPForwarding, t.VMs[0].NICs[0].EnableIPForwarding = true, true
		t.RouteTables = []model.RouteTable{{ID: "rt-h", Routes: []model.Route{{Name: "b", AddressPrefix: "10.5.0.0/16",
			NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.0.4"}}}}
		t.VNets[2].Subnets[0].RouteTable = "rt-h"
	}
	return t
}

// TestAddressesLegsAnswer: where VNets overlap in part, legs answer a
// cell exactly when its walks go to addresses that name one place — the
// column's address, the row's (the reply's destination) and an
// appliance's outside the range both VNets hold
// (rule:address-space.private-ip-per-vnet) — and the cell equals the
// full walk (RunWith, read through Landed), with every kind of classes
// (dense or sparse legs, with or without Deps).
func TestAddressesLegsAnswer(t *testing.T) {
	for _, tc := range []struct {
		name              string
		peered, appliance bool
		from, to          string
		legs              bool
		disp              trace.Disposition
	}{
		{"own VNet overlaps: to b's range outside it", false, false, "vm-a/nic", "vm-b5/nic", true, trace.DroppedByNoneRoute},
		{"own VNet overlaps: to a's range outside it", false, false, "vm-b5/nic", "vm-a1/nic", true, trace.DroppedByNoneRoute},
		{"into the overlap, own VNet", false, false, "vm-a1/nic", "vm-a/nic", false, trace.Delivered},
		{"into the overlap, the other VNet", false, false, "vm-b5/nic", "vm-a/nic", false, trace.DroppedNoHost},
		{"out of the overlap: the reply goes into it", false, false, "vm-a/nic", "vm-a1/nic", false, trace.Delivered},
		{"hub to a outside the overlap", false, false, "vm-h/nic", "vm-a1/nic", true, trace.Delivered},
		{"hub into the overlap", false, false, "vm-h/nic", "vm-a/nic", false, trace.Delivered},
		{"hub to b unpeered", false, false, "vm-h/nic", "vm-b5/nic", true, trace.DroppedByNoneRoute},
		{"peered: hub to b outside the overlap", true, false, "vm-h/nic", "vm-b5/nic", true, trace.Delivered},
		{"peered: b outside the overlap to the hub", true, false, "vm-b5/nic", "vm-h/nic", true, trace.Delivered},
		{"peered: hub into the overlap, b's narrower range", true, false, "vm-h/nic", "vm-b/nic", false, trace.Delivered},
		{"peered: hub into the overlap, lands on b", true, false, "vm-h/nic", "vm-a/nic", false, trace.DroppedNoHost},
		{"peered: a in the overlap to the hub, the reply goes to b", true, false, "vm-a/nic", "vm-h/nic", false, trace.DroppedOnReturn},
		{"peered: a outside the overlap to the hub", true, false, "vm-a1/nic", "vm-h/nic", true, trace.Delivered},
		{"appliance at an address both hold", true, true, "vm-h/nic", "vm-b5/nic", false, trace.DroppedByNoneRoute},
		{"appliance: the other way round, no appliance", true, true, "vm-b5/nic", "vm-a1/nic", true, trace.DroppedByNoneRoute},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := partialTopo(tc.peered, tc.appliance)
			p := dataplane.Build(&topo)
			nics := p.NICs()
			r, j := slices.Index(nics, tc.from), slices.Index(nics, tc.to)
			if r < 0 || j < 0 {
				t.Fatalf("no NIC %s or %s in %v", tc.from, tc.to, nics)
			}
			run := trace.RunWith(p, cellFlow(p, trace.Flow{}, tc.from, tc.to), trace.Options{})
			disp, why := Landed(p, run, tc.to)
			if disp != tc.disp {
				t.Errorf("%s → %s = %s (%s), want %s", tc.from, tc.to, disp, why, tc.disp)
			}
			for _, kind := range []struct{ deps, dense bool }{{true, true}, {true, false}, {false, true}, {false, false}} {
				c := newClasses(p, trace.Flow{}, trace.Options{}, kind.deps, kind.dense)
				got, _ := c.cell(r, j, tc.from, tc.to)
				if got.Disposition != disp || got.Reason != why {
					t.Errorf("%+v: classes %s (%s), full walk %s (%s)", kind, got.Disposition, got.Reason, disp, why)
				}
				if fast := c.stats.Fast == 1; fast != tc.legs {
					t.Errorf("%+v: answered from legs %v, want %v (%+v)", kind, fast, tc.legs, c.stats)
				}
			}
		})
	}
}
