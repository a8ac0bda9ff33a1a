package conformance_test

import (
	"slices"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// nvaHubSpoke is a hub 10.0.0.0/16 with an NVA 10.0.1.4 (subnet nva) and
// two spokes 10.1.0.0/16 and 10.2.0.0/16 (vm-1 10.1.0.4, vm-2 10.2.0.4)
// whose route tables send the other spoke to the NVA; the spoke-side
// peering links allow forwarded traffic.
func nvaHubSpoke() model.Topology {
	toNVA := func(id, pfx string) model.RouteTable {
		return model.RouteTable{ID: id, Routes: []model.Route{{Name: "other-spoke", AddressPrefix: pfx, NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}}
	}
	spoke := func(id, hub, s string) model.Peering {
		return model.Peering{ID: id, A: model.PeeringLink{VNet: hub}, B: model.PeeringLink{VNet: s, AllowForwardedTraffic: true}}
	}
	t := model.Topology{
		VNets: []model.VNet{hsVNet("hub", "10.0.0.0/16", "nva=10.0.1.0/24"), hsVNet("spoke1", "10.1.0.0/16", "app=10.1.0.0/24"),
			hsVNet("spoke2", "10.2.0.0/16", "app=10.2.0.0/24")},
		Peerings:    []model.Peering{spoke("hub-spoke1", "hub", "spoke1"), spoke("hub-spoke2", "hub", "spoke2")},
		RouteTables: []model.RouteTable{toNVA("rt1", "10.2.0.0/16"), toNVA("rt2", "10.1.0.0/16")},
		VMs:         []model.VM{hsNVA("nva", "hub/nva", "10.0.1.4"), hsVM("vm-1", "spoke1/app", "10.1.0.4"), hsVM("vm-2", "spoke2/app", "10.2.0.4")},
	}
	t.VNets[1].Subnets[0].RouteTable = "rt1"
	t.VNets[2].Subnets[0].RouteTable = "rt2"
	return t
}

// TestRule_nva_ip_forwarding checks rule:nva.ip-forwarding: forwarding
// through a VM needs IP forwarding on its NIC and in its guest; with either
// off the packet is dropped even though a UDR points at it, and lint warns
// (rule:nva.ip-forwarding).
func TestRule_nva_ip_forwarding(t *testing.T) {
	for _, tc := range []struct {
		name       string
		nic, guest bool
		want       trace.Disposition
		lint       string
	}{
		{"both on", true, true, trace.Delivered, ""},
		{"NIC forwarding off", false, true, trace.DroppedIPForwardingOff, "route.appliance-not-forwarding"},
		{"guest forwarding off", true, false, trace.DroppedIPForwardingOff, "route.appliance-guest-not-forwarding"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := nvaHubSpoke()
			topo.VMs[0].NICs[0].EnableIPForwarding, topo.VMs[0].GuestIPForwarding = tc.nic, tc.guest
			tr := hsTrace(t, hsPlane(t, topo), "vm-1", "vm-2")
			hsWantDisp(t, "vm-1 → vm-2 through the NVA", tr, tc.want)
			if tc.lint != "" {
				if ds := model.Validate(&topo, nil); !hsHasDiag(ds, tc.lint, model.Warning) {
					t.Errorf("want %s warning, got%s", tc.lint, hsDiagCodes(ds))
				}
			}
		})
	}
}

// TestRule_nva_own_nic_routes checks rule:nva.own-nic-routes: the NVA sends
// a packet on by its own NIC's effective routes; if its subnet carries the
// spokes' UDR the packet comes back to it (a loop) (rule:nva.own-nic-routes).
func TestRule_nva_own_nic_routes(t *testing.T) {
	tr := hsTrace(t, hsPlane(t, nvaHubSpoke()), "vm-1", "vm-2")
	hsWantDisp(t, "NVA forwards by its own routes", tr, trace.Delivered)
	if !slices.Contains(tr.Via(), "nva/nic0") {
		t.Errorf("path %v, want through the NVA", tr.Via())
	}
	// The NVA's own subnet drops spoke2 traffic: its routes, not the spoke's, decide.
	drop := nvaHubSpoke()
	drop.RouteTables = append(drop.RouteTables, model.RouteTable{ID: "nva-rt", Routes: []model.Route{{Name: "blackhole", AddressPrefix: "10.2.0.0/16", NextHopType: model.HopNone}}})
	drop.VNets[0].Subnets[0].RouteTable = "nva-rt"
	hsWantDisp(t, "NVA subnet routes spoke2 to None", hsTrace(t, hsPlane(t, drop), "vm-1", "vm-2"), trace.DroppedByNoneRoute)
	// The NVA subnet with the spokes' UDR bounces the packet back to itself.
	loop := nvaHubSpoke()
	loop.VNets[0].Subnets[0].RouteTable = "rt1"
	hsWantDisp(t, "NVA subnet with the spokes' UDR", hsTrace(t, hsPlane(t, loop), "vm-1", "vm-2"), trace.Loop)
}

// nvaGatewayHub is a hub with a VPN gateway (static branch 192.168.1.0/24),
// an NVA 10.0.1.4, and a transit spoke whose route table sends on-premises
// traffic to the NVA.
func nvaGatewayHub(stateful bool) model.Topology {
	topo := s2sHub()
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: "nva", AddressPrefix: "10.0.2.0/24"})
	nva := hsNVA("nva", "hub/nva", "10.0.2.4")
	nva.Stateful = stateful
	topo.VMs = append(topo.VMs, nva)
	topo.RouteTables = []model.RouteTable{{ID: "spoke-rt", Routes: []model.Route{{Name: "onprem", AddressPrefix: "192.168.1.0/24", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.2.4"}}}}
	topo.VNets[1].Subnets[0].RouteTable = "spoke-rt"
	topo.Peerings[0].A.AllowForwardedTraffic, topo.Peerings[0].B.AllowForwardedTraffic = true, true
	return topo
}

// TestRule_nva_per_direction_routing checks rule:nva.per-direction-routing:
// each direction is routed on its own; without a GatewaySubnet UDR the
// gateway delivers straight over the peering and only the reply passes the
// NVA (asymmetric, dropped by a stateful NVA); a GatewaySubnet UDR for the
// spoke makes both directions pass it (rule:nva.per-direction-routing).
func TestRule_nva_per_direction_routing(t *testing.T) {
	tr := hsTrace(t, hsPlane(t, nvaGatewayHub(true)), "branch/h", "spoke-vm")
	if slices.Contains(tr.Via(), "nva/nic0") {
		t.Errorf("without a GatewaySubnet UDR the forward path %v should bypass the NVA", tr.Via())
	}
	if tr.Return == nil || !slices.Contains(tr.Return.Via(), "nva/nic0") {
		t.Errorf("the reply should pass the NVA (spoke UDR)")
	}
	hsWantDisp(t, "asymmetric through a stateful NVA", tr, trace.DroppedAsymmetric)

	topo := nvaGatewayHub(true)
	topo.RouteTables = append(topo.RouteTables, model.RouteTable{ID: "gw-rt", Routes: []model.Route{{Name: "spoke", AddressPrefix: "10.1.0.0/16", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.2.4"}}})
	topo.VNets[0].Subnets[1].RouteTable = "gw-rt"
	tr = hsTrace(t, hsPlane(t, topo), "branch/h", "spoke-vm")
	hsWantDisp(t, "symmetric with a GatewaySubnet UDR", tr, trace.Delivered)
	if !slices.Contains(tr.Via(), "nva/nic0") {
		t.Errorf("forward path %v, want through the NVA", tr.Via())
	}
}

// TestRule_nva_stateful_asymmetry_drop checks rule:nva.stateful-asymmetry-drop:
// a stateful device drops a flow when it sees only one direction; a
// stateless router forwards both halves (rule:nva.stateful-asymmetry-drop).
func TestRule_nva_stateful_asymmetry_drop(t *testing.T) {
	// Spoke2 sends its reply straight back over a direct peering, not through the NVA.
	build := func(stateful bool) model.Topology {
		topo := nvaHubSpoke()
		topo.VMs[0].Stateful = stateful
		topo.Peerings = append(topo.Peerings, hsPeering("spoke1-spoke2", "spoke1", "spoke2"))
		topo.VNets[2].Subnets[0].RouteTable = ""
		return topo
	}
	hsWantDisp(t, "stateless router, asymmetric path", hsTrace(t, hsPlane(t, build(false)), "vm-1", "vm-2"), trace.Delivered)
	tr := hsTrace(t, hsPlane(t, build(true)), "vm-1", "vm-2")
	hsWantDisp(t, "stateful firewall, asymmetric path", tr, trace.DroppedAsymmetric)
}

// TestRule_nva_spoke_to_spoke_through_hub checks rule:nva.spoke-to-spoke-through-hub:
// spoke-to-spoke through a hub NVA needs the UDRs, IP forwarding and
// forwarded traffic allowed on the receiving spoke's link; without the flag
// the traffic is blocked (2018 page, section W), or passes in the tag-only
// mode (rule:nva.spoke-to-spoke-through-hub, rule:dns.ruleset-links).
func TestRule_nva_spoke_to_spoke_through_hub(t *testing.T) {
	hsWantDisp(t, "all three in place", hsTrace(t, hsPlane(t, nvaHubSpoke()), "vm-1", "vm-2"), trace.Delivered)

	noUDR := nvaHubSpoke()
	noUDR.VNets[1].Subnets[0].RouteTable = ""
	hsWantDisp(t, "no UDR in spoke1", hsTrace(t, hsPlane(t, noUDR), "vm-1", "vm-2"), trace.DroppedByNoneRoute)

	noFlag := nvaHubSpoke()
	noFlag.Peerings[1].B.AllowForwardedTraffic = false
	p := hsPlane(t, noFlag)
	hsWantDisp(t, "spoke2 link without allowForwardedTraffic", hsTrace(t, p, "vm-1", "vm-2"), trace.DroppedForwardedTrafficNotAllowed)
	_, ip, _ := p.Endpoint("vm-2")
	tr := trace.RunWith(p, trace.Flow{Src: hsSource(p, "vm-1"), DstIP: ip}, trace.Options{TagOnlyPeeringFlags: true})
	hsWantDisp(t, "tag-only mode", tr, trace.Delivered)
}

// TestRule_nva_high_availability checks rule:nva.high-availability: a UDR
// may point at an internal load balancer in front of the NVAs, which hands
// the packet to a forwarding backend (rule:nva.high-availability).
func TestRule_nva_high_availability(t *testing.T) {
	topo := nvaHubSpoke()
	topo.VMs = append(topo.VMs, hsNVA("nva2", "hub/nva", "10.0.1.5"))
	topo.LoadBalancers = []model.LoadBalancer{{ID: "ilb", Sku: "Standard", Subnet: "hub/nva", FrontendPrivateIPAddress: "10.0.1.100", Backends: []string{"nva/nic0", "nva2/nic0"}}}
	for i := range topo.RouteTables {
		topo.RouteTables[i].Routes[0].NextHopIPAddress = "10.0.1.100"
	}
	tr := hsTrace(t, hsPlane(t, topo), "vm-1", "vm-2")
	hsWantDisp(t, "UDR to the ILB frontend", tr, trace.Delivered)
	if !slices.Contains(tr.Via(), "nva/nic0") && !slices.Contains(tr.Via(), "nva2/nic0") {
		t.Errorf("path %v, want through one of the NVA backends", tr.Via())
	}
}
