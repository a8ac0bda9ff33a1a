package trace

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// transitDesign: a hub with ExpressRoute and VPN gateways, a factory on
// ExpressRoute only and a branch on VPN only (rule:expressroute.no-vpn-transit-without-route-server, rule:route-server.branch-to-branch).
func transitDesign(routeServer bool) model.Topology {
	t := model.Topology{
		VNets: []model.VNet{{ID: "hub", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []model.Subnet{
			{Name: "app", AddressPrefix: "10.0.1.0/24"}, {Name: model.GatewaySubnet, AddressPrefix: "10.0.255.0/27"}, {Name: model.RouteServerSubnet, AddressPrefix: "10.0.254.0/26"}}}},
		VMs: []model.VM{{ID: "vm", NICs: []model.NIC{{Name: "nic0", Subnet: "hub/app", PrivateIPAddress: "10.0.1.4"}}}},
		Gateways: []model.VirtualNetworkGateway{{ID: "ergw", VNet: "hub", GatewayType: model.GatewayExpressRoute, Sku: "ErGw1AZ"},
			{ID: "vpngw", VNet: "hub", GatewayType: model.GatewayVpn, Sku: "VpnGw1AZ", EnableBgp: true, ActiveActive: true}},
		Sites: []model.Site{{ID: "factory", Asn: 65001, AddressPrefixes: []string{"192.168.1.0/24"}, Hosts: []model.Host{{ID: "h", IPAddress: "192.168.1.10"}}},
			{ID: "branch", Asn: 65002, AddressPrefixes: []string{"192.168.2.0/24"}, Hosts: []model.Host{{ID: "h", IPAddress: "192.168.2.10"}}}},
		LocalNetworkGateways: []model.LocalNetworkGateway{{ID: "branch-lng", Site: "branch", BgpSettings: &model.BgpSettings{Asn: 65002, BgpPeeringAddress: "192.168.2.1"}}},
		Circuits:             []model.ExpressRouteCircuit{{ID: "ckt", Site: "factory", PeerASN: 65001, PrimaryPeerAddressPrefix: "172.16.0.0/30"}},
		Connections: []model.Connection{{ID: "er", ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: "ergw", Peer: "ckt"},
			{ID: "s2s", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: "vpngw", LocalNetworkGateway2: "branch-lng", EnableBgp: true}},
	}
	if routeServer {
		t.RouteServers = []model.RouteServer{{ID: "rs", VNet: "hub", AllowBranchToBranchTraffic: true}}
	}
	return t
}

func runHybrid(t *testing.T, topo model.Topology, fails []model.Failure, from, to string) *Trace {
	t.Helper()
	p := dataplane.Build(&topo, dataplane.WithFailures(fails))
	_, ip, ok := p.Endpoint(to)
	if !ok {
		ip = netip.MustParseAddr(to)
	}
	return Run(p, Flow{Src: from, DstIP: ip})
}

func TestHybridTransit(t *testing.T) {
	for _, tc := range []struct {
		name     string
		rs       bool
		fails    []model.Failure
		from, to string
		want     Disposition
		reason   string
	}{
		{"rule:expressroute.no-vpn-transit-without-route-server: no ER↔VPN transit without Route Server", false, nil, "factory/h", "branch/h", DroppedNoTransit, "rule:expressroute.no-vpn-transit-without-route-server"},
		{"rule:expressroute.no-vpn-transit-without-route-server, rule:route-server.branch-to-branch: Route Server branch-to-branch gives ER↔VPN transit", true, nil, "factory/h", "branch/h", DeliveredOnPremises, ""},
		{"rule:expressroute.gateway-forwards-by-gatewaysubnet: on-premises reaches the VNet through the ER gateway", false, nil, "factory/h", "vm/nic0", Delivered, ""},
		{"rule:bgp.transit: VNet reaches the VPN site", false, nil, "vm/nic0", "branch/h", DeliveredOnPremises, ""},
		{"rule:vpn-gateway.static-routes-do-not-fail-over, rule:system-routes.private-unrouted-dropped: a BGP site that fails is withdrawn; the private destination hits None", false, []model.Failure{{Kind: model.SiteDown, Target: "branch"}}, "vm/nic0", "branch/h", DroppedByNoneRoute, ""},
		{"public destination from a site leaves through its own breakout", false, nil, "factory/h", "198.51.100.1", ExitsToInternet, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := runHybrid(t, transitDesign(tc.rs), tc.fails, tc.from, tc.to)
			if tr.Disposition != tc.want || !strings.Contains(tr.Reason, tc.reason) {
				t.Errorf("got %s: %s", tr.Disposition, tr.Reason)
			}
		})
	}
}

// TestSiteOwnInternetIsNotForcedTunnelling: a site's own host going to a
// public address leaves through the site's own Internet connection, which
// is no forced tunnelling: the exit says so and cites no forced-tunnelling
// rule (it cited both, as for an Azure VM's traffic tunnelled to the site).
func TestSiteOwnInternetIsNotForcedTunnelling(t *testing.T) {
	tr := runHybrid(t, transitDesign(false), nil, "factory/h", "198.51.100.1")
	if tr.Disposition != ExitsToInternet {
		t.Fatalf("got %s: %s", tr.Disposition, tr.Reason)
	}
	var exit string
	for _, h := range tr.Hops {
		for _, s := range h.Steps {
			if s.Kind == StepExit {
				exit = s.Detail
			}
		}
	}
	if !strings.Contains(exit, "its own Internet connection") || strings.Contains(exit, "forced") {
		t.Errorf("the site's own exit reads %q, want its own Internet connection and no forced tunnelling", exit)
	}
}

func TestStaticTunnelDown(t *testing.T) {
	topo := model.Topology{
		VNets: []model.VNet{{ID: "hub", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []model.Subnet{
			{Name: "app", AddressPrefix: "10.0.1.0/24"}, {Name: model.GatewaySubnet, AddressPrefix: "10.0.255.0/27"}}}},
		VMs:                  []model.VM{{ID: "vm", NICs: []model.NIC{{Name: "nic0", Subnet: "hub/app", PrivateIPAddress: "10.0.1.4"}}}},
		Gateways:             []model.VirtualNetworkGateway{{ID: "gw", VNet: "hub", GatewayType: model.GatewayVpn, Sku: "VpnGw1"}},
		Sites:                []model.Site{{ID: "s", AddressPrefixes: []string{"192.168.1.0/24"}, Hosts: []model.Host{{ID: "h", IPAddress: "192.168.1.10"}}}},
		LocalNetworkGateways: []model.LocalNetworkGateway{{ID: "l", Site: "s", LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: []string{"192.168.1.0/24"}}}},
		Connections:          []model.Connection{{ID: "c", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: "gw", LocalNetworkGateway2: "l"}},
	}
	if tr := runHybrid(t, topo, nil, "vm/nic0", "s/h"); tr.Disposition != DeliveredOnPremises {
		t.Fatalf("static S2S: %s %s", tr.Disposition, tr.Reason)
	}
	if tr := runHybrid(t, topo, nil, "s/h", "vm/nic0"); tr.Disposition != Delivered {
		t.Fatalf("static S2S inbound: %s %s", tr.Disposition, tr.Reason)
	}
	tr := runHybrid(t, topo, []model.Failure{{Kind: model.ConnectionDown, Target: "c"}}, "vm/nic0", "s/h")
	if tr.Disposition != DroppedComponentDown || !strings.Contains(tr.Reason, "rule:vpn-gateway.static-routes-do-not-fail-over") {
		t.Errorf("rule:vpn-gateway.static-routes-do-not-fail-over: %s %s", tr.Disposition, tr.Reason)
	}
	// rule:udr.gateway-next-hop-vpn-only: a UDR to VirtualNetworkGateway in a VNet without a VPN gateway.
	topo.Gateways = nil
	topo.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "d", AddressPrefix: "0.0.0.0/0", NextHopType: "VirtualNetworkGateway"}}}}
	topo.VNets[0].Subnets[0].RouteTable = "rt"
	if tr := runHybrid(t, topo, nil, "vm/nic0", "198.51.100.1"); tr.Disposition != DroppedNoGateway {
		t.Errorf("rule:udr.gateway-next-hop-vpn-only: %s %s", tr.Disposition, tr.Reason)
	}
}

// TestRouteServerNextHop: Route Server routes send packets straight to the
// NVA (rule:route-server.control-plane-only, rule:route-server.routes-shown-as-gateway); if the NVA's own subnet gets the same route, the packet
// loops (rule:route-server.nva-subnet-loop) unless a UDR on that subnet wins (UDR beats BGP, rule:route-selection.longest-prefix-first).
func TestRouteServerNextHop(t *testing.T) {
	topo := model.Topology{
		VNets: []model.VNet{{ID: "hub", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []model.Subnet{
			{Name: "app", AddressPrefix: "10.0.1.0/24"}, {Name: "nva", AddressPrefix: "10.0.2.0/24"}, {Name: model.RouteServerSubnet, AddressPrefix: "10.0.254.0/26"}}}},
		VMs: []model.VM{{ID: "vm", NICs: []model.NIC{{Name: "nic0", Subnet: "hub/app", PrivateIPAddress: "10.0.1.4"}}},
			{ID: "nva", GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: "10.0.2.4", EnableIPForwarding: true}}}},
		RouteServers: []model.RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []model.RouteServerPeer{{Name: "p", PeerIP: "10.0.2.4", PeerAsn: 65001,
			Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16"}}}}}},
	}
	tr := runHybrid(t, topo, nil, "vm/nic0", "172.20.1.1")
	out := render(tr)
	if tr.Disposition != Loop || !strings.Contains(out, "rule:route-server.control-plane-only") {
		t.Errorf("rule:route-server.control-plane-only, rule:route-server.nva-subnet-loop: want a loop through the NVA:\n%s", out)
	}
	topo.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "out", AddressPrefix: "172.20.0.0/16", NextHopType: "Internet"}}}}
	topo.VNets[0].Subnets[1].RouteTable = "rt"
	if tr := runHybrid(t, topo, nil, "vm/nic0", "172.20.1.1"); tr.Disposition != ExitsToInternet || !strings.Contains(render(tr), "nva/nic0") {
		t.Errorf("rule:route-server.nva-subnet-loop: a UDR on the NVA subnet breaks the loop:\n%s", render(tr))
	}
}

// TestHairpinTrace: rule:expressroute.circuit-hairpin — a VM reaches another VNet on the same circuit
// through both ExpressRoute gateways and the MSEE.
func TestHairpinTrace(t *testing.T) {
	v := func(id, n string) model.VNet {
		return model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10." + n + ".0.0/16"}}, Subnets: []model.Subnet{
			{Name: "app", AddressPrefix: "10." + n + ".1.0/24"}, {Name: model.GatewaySubnet, AddressPrefix: "10." + n + ".255.0/27"}}}
	}
	topo := model.Topology{
		VNets: []model.VNet{v("a", "1"), v("b", "2")},
		VMs: []model.VM{{ID: "va", NICs: []model.NIC{{Name: "n", Subnet: "a/app", PrivateIPAddress: "10.1.1.4"}}},
			{ID: "vb", NICs: []model.NIC{{Name: "n", Subnet: "b/app", PrivateIPAddress: "10.2.1.4"}}}},
		Gateways: []model.VirtualNetworkGateway{{ID: "gwa", VNet: "a", GatewayType: model.GatewayExpressRoute, Sku: "ErGw1AZ"},
			{ID: "gwb", VNet: "b", GatewayType: model.GatewayExpressRoute, Sku: "ErGw1AZ"}},
		Sites:    []model.Site{{ID: "dc", Asn: 65020, AddressPrefixes: []string{"192.168.0.0/24"}}},
		Circuits: []model.ExpressRouteCircuit{{ID: "ckt", Site: "dc", PeerASN: 65020}},
		Connections: []model.Connection{{ID: "ca", ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: "gwa", Peer: "ckt"},
			{ID: "cb", ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: "gwb", Peer: "ckt"}},
	}
	tr := runHybrid(t, topo, nil, "va/n", "vb/n")
	if out := render(tr); tr.Disposition != Delivered || !strings.Contains(out, "ckt") || !strings.Contains(out, "gwb") {
		t.Errorf("rule:expressroute.circuit-hairpin hairpin:\n%s", out)
	}
}

// TestSpokeToSpokeThroughVPNGateway (rule:gateway-transit.spoke-to-spoke-needs-udr): spokes that use the hub's VPN
// gateway reach each other by UDRs with next hop VirtualNetworkGateway; the
// gateway forwards by GatewaySubnet's routes over the peering. Before, the
// walk stopped at the gateway: "in its own VNet ranges".
func TestSpokeToSpokeThroughVPNGateway(t *testing.T) {
	topo := spokesThroughGateway() // hybridreads_test.go
	tr := run(t, topo, "app/nic0", "10.2.1.4")
	if tr.Disposition != Delivered {
		t.Fatalf("spoke1 → spoke2 through the hub's VPN gateway: %s: %s\n%s", tr.Disposition, tr.Reason, render(tr))
	}
	if !strings.Contains(render(tr), "vpngw") {
		t.Errorf("the walk does not go through the gateway:\n%s", render(tr))
	}
	if tr.Return == nil || tr.Return.Disposition != Delivered {
		t.Errorf("the reply does not come back: %+v", tr.Return)
	}
}

// TestUDRToGatewayUsesTheServingHub (rule:peering.use-remote-gateways-conditions,
// rule:udr.gateway-next-hop-vpn-only): a UDR with next hop
// VirtualNetworkGateway goes to the VPN gateway whose routes the VNet gets,
// never to a hub that does not serve it. A spoke with an ExpressRoute
// gateway of its own uses no remote gateway, so its UDR has no VPN gateway
// and the packet is dropped, as lint says; a spoke with useRemoteGateways
// on two peerings uses the hub that programs its routes.
func TestUDRToGatewayUsesTheServingHub(t *testing.T) {
	t.Run("own ExpressRoute gateway", func(t *testing.T) {
		topo := spokesThroughGateway()
		topo.VNets[1].Subnets = append(topo.VNets[1].Subnets, model.Subnet{Name: model.GatewaySubnet, AddressPrefix: "10.1.255.0/27"})
		topo.Gateways = append(topo.Gateways, model.VirtualNetworkGateway{ID: "ergw1", VNet: "spoke1", GatewayType: model.GatewayExpressRoute, Sku: "ErGw1AZ"})
		tr := run(t, topo, "app/nic0", "10.2.1.4")
		if tr.Disposition != DroppedNoGateway {
			t.Errorf("spoke1 has its own gateway and uses no remote one: want %s, got %s\n%s", DroppedNoGateway, tr.Disposition, render(tr))
		}
	})
	t.Run("two peerings with useRemoteGateways", func(t *testing.T) {
		topo := spokesThroughGateway()
		topo.VNets = append(topo.VNets, vn("hub9", "10.9.0.0/16", model.Subnet{Name: model.GatewaySubnet, AddressPrefix: "10.9.255.0/27"}))
		topo.Gateways = append(topo.Gateways, model.VirtualNetworkGateway{ID: "vpngw9", VNet: "hub9", GatewayType: model.GatewayVpn, VpnType: "RouteBased", Sku: "VpnGw1AZ"})
		// "a9" sorts before "h1": hub9 is the hub whose routes spoke1 gets.
		topo.Peerings = append(topo.Peerings, model.Peering{ID: "a9",
			A: model.PeeringLink{VNet: "hub9", AllowGatewayTransit: true}, B: model.PeeringLink{VNet: "spoke1", UseRemoteGateways: true}})
		p := dataplane.Build(&topo)
		if !p.BGP().Serves("hub9", "spoke1") {
			t.Fatal("the test expects hub9 to serve spoke1")
		}
		tr := run(t, topo, "app/nic0", "10.2.1.4")
		out := render(tr)
		if strings.Contains(out, "vpngw\n") || !strings.Contains(out, "vpngw9") {
			t.Errorf("spoke1's UDR must go to vpngw9, the gateway of the hub that serves it:\n%s", out)
		}
	})
}

// TestGatewayDoesNotUseServiceEndpoints: traffic that starts on-premises
// does not use service endpoints (rule:service-endpoints.not-from-on-premises),
// even when GatewaySubnet has one and the gateway forwards the packet by
// GatewaySubnet's routes. A P2S client whose custom route sends storage into
// the tunnel is refused like any Internet destination (rule:p2s.custom-routes);
// a site whose NVA route (Route Server branch-to-branch) draws storage into
// the VPN follows that route to the NVA, which the endpoint had overridden
// (rule:route-selection.system-beats-more-specific-bgp).
func TestGatewayDoesNotUseServiceEndpoints(t *testing.T) {
	storage := "20.60.1.1"
	seOnGatewaySubnet := func(topo *model.Topology) {
		for i := range topo.VNets[0].Subnets {
			if topo.VNets[0].Subnets[i].Name == model.GatewaySubnet {
				topo.VNets[0].Subnets[i].ServiceEndpoints = []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}
			}
		}
	}
	t.Run("P2S client", func(t *testing.T) {
		topo := model.Topology{
			VNets: []model.VNet{{ID: "hub", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []model.Subnet{
				{Name: model.GatewaySubnet, AddressPrefix: "10.0.255.0/27"}}}},
			Gateways: []model.VirtualNetworkGateway{{ID: "gw", VNet: "hub", GatewayType: model.GatewayVpn, VpnType: "RouteBased", Sku: "VpnGw1",
				VpnClientConfiguration: &model.VpnClientConfiguration{
					VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{"172.16.50.0/24"}},
					VpnClientProtocols:   []string{"IkeV2"},
					CustomRoutes:         &model.AddressSpace{AddressPrefixes: []string{"20.60.0.0/16"}},
					Clients:              []model.P2SClient{{ID: "laptop", IPAddress: "172.16.50.10"}}}}},
		}
		seOnGatewaySubnet(&topo)
		tr := runHybrid(t, topo, nil, "gw/laptop", storage)
		if tr.Disposition != DroppedNoEgress {
			t.Errorf("P2S client → storage: %s (%s), want DroppedNoEgress: the endpoint does not serve the client", tr.Disposition, tr.Reason)
		}
	})
	t.Run("site through Route Server's NVA", func(t *testing.T) {
		topo := transitDesign(true)
		topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: "nva", AddressPrefix: "10.0.2.0/24", RouteTable: "rt-nva"})
		topo.RouteTables = []model.RouteTable{{ID: "rt-nva", Routes: []model.Route{{Name: "out", AddressPrefix: "20.60.0.0/16", NextHopType: "Internet"}}}}
		topo.VMs = append(topo.VMs, model.VM{ID: "nva", GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: "10.0.2.4", EnableIPForwarding: true}}})
		topo.RouteServers[0].BgpConnections = []model.RouteServerPeer{{Name: "nva", PeerIP: "10.0.2.4", PeerAsn: 65010, Advertise: []model.Advertisement{{Prefix: "20.60.0.0/16"}}}}
		seOnGatewaySubnet(&topo)
		tr := runHybrid(t, topo, nil, "branch/h", storage)
		if tr.Disposition == ExitsToAzureService || !slices.Contains(tr.Via(), "nva/nic0") {
			t.Errorf("site → storage: %s (%s) via %v, want the NVA's route, not the service endpoint", tr.Disposition, tr.Reason, tr.Via())
		}
		if !strings.Contains(stepsText(tr), "rule:service-endpoints.not-from-on-premises") {
			t.Errorf("site → storage: the walk does not say why the endpoint is not used:\n%s", stepsText(tr))
		}
	})
}

// stepsText joins the details of every step of tr's forward walk.
func stepsText(tr *Trace) string {
	var b strings.Builder
	for _, h := range tr.Hops {
		for _, s := range h.Steps {
			b.WriteString(s.Detail)
			b.WriteByte('\n')
		}
	}
	return b.String()
}
