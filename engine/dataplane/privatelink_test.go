package dataplane

import (
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/model"
)

// peTopology: hub 10.0.0.0/16 (nva 10.0.1.4) peered to spoke-a
// 10.1.0.0/16 (vm-a, UDR 0/0 and 10.2.0.0/16 to the NVA) and to pe-vnet
// 10.2.0.0/16, which holds pe-blob (10.2.1.4, policies Disabled) and
// pe-sql (10.2.2.4, RouteTableEnabled); spoke-a is not peered to pe-vnet;
// spoke-b 10.3.0.0/16 is peered to pe-vnet only.
func peTopology() model.Topology {
	peSub := func(name, prefix, pol string) model.Subnet {
		s := subnet(name, prefix)
		s.PrivateEndpointNetworkPolicies = pol
		return s
	}
	a := subnet("app", "10.1.1.0/24")
	a.RouteTable = "rt-a"
	return model.Topology{
		VNets: []model.VNet{
			vnet("hub", "westeurope", []string{"10.0.0.0/16"}, subnet("nva", "10.0.1.0/24")),
			vnet("spoke-a", "westeurope", []string{"10.1.0.0/16"}, a),
			vnet("pe-vnet", "westeurope", []string{"10.2.0.0/16"}, peSub("open", "10.2.1.0/24", ""), peSub("inspected", "10.2.2.0/24", model.PENetworkPoliciesRouteTable)),
			vnet("spoke-b", "westeurope", []string{"10.3.0.0/16"}, subnet("app", "10.3.1.0/24")),
		},
		Peerings: []model.Peering{peer("hub-a", "hub", "spoke-a"), peer("hub-pe", "hub", "pe-vnet"), peer("b-pe", "spoke-b", "pe-vnet")},
		RouteTables: []model.RouteTable{{ID: "rt-a", Routes: []model.Route{
			{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"},
			{Name: "pe-range", AddressPrefix: "10.2.0.0/16", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"},
		}}},
		VMs: []model.VM{
			{ID: "nva", GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: "10.0.1.4", EnableIPForwarding: true}}},
			{ID: "vm-a", NICs: []model.NIC{{Name: "nic0", Subnet: "spoke-a/app", PrivateIPAddress: "10.1.1.4"}}},
			{ID: "vm-b", NICs: []model.NIC{{Name: "nic0", Subnet: "spoke-b/app", PrivateIPAddress: "10.3.1.4"}}},
		},
		PrivateEndpoints: []model.PrivateEndpoint{
			{ID: "pe-blob", Subnet: "pe-vnet/open", PrivateIPAddress: "10.2.1.4", PrivateLinkServiceID: "stacct", GroupIDs: []string{"blob"}},
			{ID: "pe-sql", Subnet: "pe-vnet/inspected", PrivateIPAddress: "10.2.2.4", PrivateLinkServiceID: "sqlsrv", GroupIDs: []string{"sqlServer"}},
		},
	}
}

// TestPrivateEndpointRoutes checks where the /32 InterfaceEndpoint routes
// appear: the endpoint's VNet and directly peered VNets, not further
// (rule:private-endpoints.interface-endpoint-route); only Approved endpoints (rule:private-endpoints.inbound-only-approved); and how UDRs and the
// route-table policy decide (rule:private-endpoints.exact-udr-overrides, rule:private-endpoints.route-table-policy).
func TestPrivateEndpointRoutes(t *testing.T) {
	topo := peTopology()
	p := Build(&topo)
	for _, tc := range []struct {
		subnet    string
		want, not []string
	}{
		{"pe-vnet/open", []string{"Default Active 10.2.1.4/32 InterfaceEndpoint", "Default Active 10.2.2.4/32 InterfaceEndpoint"}, nil},
		{"hub/nva", []string{"Default Active 10.2.1.4/32 InterfaceEndpoint", "Default Active 10.2.2.4/32 InterfaceEndpoint"}, nil},
		{"spoke-b/app", []string{"Default Active 10.2.1.4/32 InterfaceEndpoint"}, nil},
		// spoke-a is peered to the hub only: no endpoint routes.
		{"spoke-a/app", nil, []string{"Default Active 10.2.1.4/32 InterfaceEndpoint", "Default Invalid 10.2.2.4/32 InterfaceEndpoint"}},
	} {
		rs := rows(t, p, tc.subnet)
		for _, w := range tc.want {
			if !has(rs, w) {
				t.Errorf("%s: missing %q in %v", tc.subnet, w, rs)
			}
		}
		for _, n := range tc.not {
			if has(rs, n) {
				t.Errorf("%s: unexpected %q", tc.subnet, n)
			}
		}
	}
	// Peer spoke-a with pe-vnet: the /32s arrive; pe-sql's is Invalid under
	// the 10.2.0.0/16 UDR (route-table policy), pe-blob's stays Active.
	topo.Peerings = append(topo.Peerings, peer("a-pe", "spoke-a", "pe-vnet"))
	p = Build(&topo)
	rs := rows(t, p, "spoke-a/app")
	for _, w := range []string{"Default Active 10.2.1.4/32 InterfaceEndpoint", "Default Invalid 10.2.2.4/32 InterfaceEndpoint"} {
		if !has(rs, w) {
			t.Errorf("spoke-a peered: missing %q in %v", w, rs)
		}
	}
	if nh, _ := p.NextHop("spoke-a/app", netip.MustParseAddr("10.2.2.4")); nh.NextHopType.String() != "VirtualAppliance" {
		t.Errorf("pe-sql from spoke-a: %v, want the UDR", nh)
	}
	if nh, _ := p.NextHop("spoke-a/app", netip.MustParseAddr("10.2.1.4")); nh.NextHopType.String() != "InterfaceEndpoint" || nh.NextHopIPAddress != "" || nh.RouteTableID != SystemRoute {
		t.Errorf("pe-blob from spoke-a: %+v, want InterfaceEndpoint, no address, System Route", nh)
	}
	// A Pending endpoint has no route.
	topo.PrivateEndpoints[0].ConnectionState = model.PEPending
	p = Build(&topo)
	if has(rows(t, p, "pe-vnet/open"), "Default Active 10.2.1.4/32 InterfaceEndpoint") {
		t.Error("a Pending endpoint got a route")
	}
	if e, ok := p.PrivateEndpoint("pe-blob"); !ok || e.Approved() {
		t.Errorf("pe-blob: %+v %v, want a Pending endpoint", e, ok)
	}
}

// TestPrivateEndpointsLeftOut checks which endpoints Build leaves out: a
// taken address, an address outside the subnet, one of the subnet's
// reserved addresses (it was kept, lint erring), a gateway subnet.
func TestPrivateEndpointsLeftOut(t *testing.T) {
	topo := peTopology()
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, subnet("GatewaySubnet", "10.0.255.0/27"))
	topo.PrivateEndpoints = append(topo.PrivateEndpoints,
		model.PrivateEndpoint{ID: "pe-dup", Subnet: "pe-vnet/open", PrivateIPAddress: "10.2.1.4"},
		model.PrivateEndpoint{ID: "pe-nic", Subnet: "hub/nva", PrivateIPAddress: "10.0.1.4"},
		model.PrivateEndpoint{ID: "pe-out", Subnet: "pe-vnet/open", PrivateIPAddress: "10.2.2.9"},
		model.PrivateEndpoint{ID: "pe-gw", Subnet: "hub/GatewaySubnet", PrivateIPAddress: "10.0.255.9"},
		model.PrivateEndpoint{ID: "pe-net", Subnet: "pe-vnet/open", PrivateIPAddress: "10.2.1.0"},
		model.PrivateEndpoint{ID: "pe-dot3", Subnet: "pe-vnet/open", PrivateIPAddress: "10.2.1.3"},
		model.PrivateEndpoint{ID: "pe-ok", Subnet: "pe-vnet/open", PrivateIPAddress: "10.2.1.5"})
	p := Build(&topo)
	if got, want := p.PrivateEndpoints(), []string{"pe-blob", "pe-ok", "pe-sql"}; !slices.Equal(got, want) {
		t.Errorf("endpoints %v, want %v", got, want)
	}
	if e, ok := p.PrivateEndpointAt(netip.MustParseAddr("10.2.1.4")); !ok || e.ID != "pe-blob" || e.Describe() != "stacct, blob" {
		t.Errorf("PrivateEndpointAt: %+v %v", e, ok)
	}
}

// TestPrivateEndpointUpdateEqualsBuild: along random edits of endpoints,
// policies, UDRs and peerings, Update answers like Build and like the
// naive plane.
func TestPrivateEndpointUpdateEqualsBuild(t *testing.T) {
	r := rand.New(rand.NewPCG(2, 24))
	topo := peTopology()
	prev := Build(&topo)
	pols := []string{"", model.PENetworkPoliciesEnabled, model.PENetworkPoliciesNSG, model.PENetworkPoliciesRouteTable, model.PENetworkPoliciesDisabled}
	states := []string{"", model.PEApproved, model.PEPending, model.PERejected, model.PEDisconnected}
	for step := range 60 {
		topo = cloneTopo(topo)
		switch r.IntN(6) {
		case 0:
			topo.VNets[2].Subnets[r.IntN(2)].PrivateEndpointNetworkPolicies = pols[r.IntN(len(pols))]
		case 1:
			topo.PrivateEndpoints[r.IntN(2)].ConnectionState = states[r.IntN(len(states))]
		case 2:
			rs := topo.RouteTables[0].Routes
			prefixes := []string{"10.2.0.0/16", "10.2.2.0/24", "10.0.0.0/8", "10.2.2.4/32", "10.2.1.0/24"}
			rs[1].AddressPrefix = prefixes[r.IntN(len(prefixes))]
		case 3:
			if len(topo.Peerings) == 3 {
				topo.Peerings = append(topo.Peerings, peer("a-pe", "spoke-a", "pe-vnet"))
			} else {
				topo.Peerings = topo.Peerings[:3]
			}
		case 4:
			topo.PrivateEndpoints[r.IntN(2)].PrivateIPAddress = []string{"10.2.1.4", "10.2.1.6", "10.2.2.4", "10.2.2.7"}[r.IntN(4)]
		default:
			topo.VNets[1].Subnets[0].RouteTable = []string{"", "rt-a"}[r.IntN(2)]
		}
		up := Update(prev, &topo)
		full := Build(&topo)
		naive := Build(&topo, WithNaive())
		for _, id := range full.Subnets() {
			a, _ := up.Routes(id)
			b, _ := full.Routes(id)
			c, _ := naive.Routes(id)
			if !reflect.DeepEqual(a.Routes(), b.Routes()) || !reflect.DeepEqual(b.Routes(), c.Routes()) {
				t.Fatalf("step %d: %s: routes differ\nupdate %v\nbuild  %v\nnaive  %v", step, id, a.Routes(), b.Routes(), c.Routes())
			}
			for _, d := range []string{"10.2.1.4", "10.2.2.4", "10.2.1.6", "10.2.2.7", "10.1.1.4"} {
				dst := netip.MustParseAddr(d)
				x, okX := a.Lookup(dst)
				y, okY := b.Lookup(dst)
				z, okZ := c.Lookup(dst)
				if okX != okY || x != y || okY != okZ || y != z {
					t.Fatalf("step %d: %s → %s: update %v, build %v, naive %v", step, id, d, x, y, z)
				}
			}
		}
		if !reflect.DeepEqual(up.PrivateEndpoints(), full.PrivateEndpoints()) {
			t.Fatalf("step %d: endpoints differ", step)
		}
		prev = up
	}
}

// cloneTopo copies what TestPrivateEndpointUpdateEqualsBuild edits.
func cloneTopo(t model.Topology) model.Topology {
	t.VNets = slices.Clone(t.VNets)
	for i := range t.VNets {
		t.VNets[i].Subnets = slices.Clone(t.VNets[i].Subnets)
	}
	t.Peerings = slices.Clone(t.Peerings)
	t.RouteTables = slices.Clone(t.RouteTables)
	for i := range t.RouteTables {
		t.RouteTables[i].Routes = slices.Clone(t.RouteTables[i].Routes)
	}
	t.PrivateEndpoints = slices.Clone(t.PrivateEndpoints)
	return t
}
