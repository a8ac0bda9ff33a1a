package conformance_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/bgp"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
	"vnetplay/engine/whatif"
)

// erHubWithRouteServer is erHub with a Route Server (branch-to-branch on:
// it and the gateway exchange routes, rule:route-server.branch-to-branch)
// peered with NVA "nva" (hub/nva, 10.0.2.4, AS 65100), which announces adv.
func erHubWithRouteServer(adv model.Advertisement) model.Topology {
	topo := erHub()
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: "10.0.254.0/26"},
		model.Subnet{Name: "nva", AddressPrefix: "10.0.2.0/24"})
	topo.VMs = append(topo.VMs, hsNVA("nva", "hub/nva", "10.0.2.4"))
	topo.RouteServers = []model.RouteServer{{ID: "rs", VNet: "hub", AllowBranchToBranchTraffic: true, BgpConnections: []model.RouteServerPeer{{Name: "nva", PeerIP: "10.0.2.4", PeerAsn: 65100,
		Advertise: []model.Advertisement{adv}}}}}
	return topo
}

// erHub is a hub 10.0.0.0/16 (app 10.0.1.0/24 with vm 10.0.1.4,
// GatewaySubnet 10.0.255.0/27) with an ErGw1AZ gateway linked to circuit
// ckt of site dc (AS 65020, 192.168.0.0/20, host 192.168.1.10).
func erHub() model.Topology {
	return model.Topology{
		VNets:       []model.VNet{hsVNet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "GatewaySubnet=10.0.255.0/27")},
		VMs:         []model.VM{hsVM("vm", "hub/app", "10.0.1.4")},
		Gateways:    []model.VirtualNetworkGateway{hsERGateway("ergw", "hub")},
		Sites:       []model.Site{hsSite("dc", 65020, "192.168.0.0/20", "192.168.1.10")},
		Circuits:    []model.ExpressRouteCircuit{hsCircuit("ckt", "dc", 65020, 0)},
		Connections: []model.Connection{hsERConn("er", "ergw", "ckt", 0)},
	}
}

// erCoexist is erHub plus an active-active VPN gateway (AS 65515) with a BGP
// S2S connection to the same site; the site advertises 192.168.0.0/20 over
// both and 192.168.8.0/24 over the VPN only.
func erCoexist() model.Topology {
	t := erHub()
	t.Gateways = append(t.Gateways, model.VirtualNetworkGateway{ID: "vpngw", VNet: "hub", GatewayType: model.GatewayVpn, VpnType: model.RouteBased,
		Sku: "VpnGw1AZ", ActiveActive: true, EnableBgp: true, BgpSettings: &model.BgpSettings{Asn: 65515}})
	t.Sites[0].AdvertisedPrefixes = []string{"192.168.0.0/20", "192.168.8.0/24"}
	t.Circuits[0].ExportPrefixList = []string{"192.168.0.0/20"}
	t.LocalNetworkGateways = []model.LocalNetworkGateway{hsBgpLNG("dc-vpn", "dc", 65020, "192.0.2.1")}
	t.Connections = append(t.Connections, hsIPsec("s2s", "vpngw", "dc-vpn", true))
	return t
}

// erHasDiagAt reports whether ds holds code with severity sev at a path
// containing at.
func erHasDiagAt(ds []model.Diagnostic, code string, sev model.Severity, at string) bool {
	return slices.ContainsFunc(ds, func(d model.Diagnostic) bool {
		return d.Code == code && d.Severity == sev && strings.Contains(d.Path, at)
	})
}

// TestRule_expressroute_asns checks rule:expressroute.asns: the MSEE is AS
// 12076, so the gateway sees on-premises routes with 12076 first; ASNs
// 65515–65520 are reserved for Azure, and customers may use 16-bit, 32-bit
// and private ASNs on private peering (rule:expressroute.asns).
func TestRule_expressroute_asns(t *testing.T) {
	p := hsPlane(t, erHub())
	if sp, ok := p.BGP().Speaker("ckt"); !ok || sp.ASN != 12076 || sp.Kind != bgp.MSEE {
		t.Errorf("MSEE speaker: %+v, want AS 12076", sp)
	}
	if b, ok := hsBest(p, "ergw", "192.168.0.0/20"); !ok || b.PathOnly() != "12076 65020" {
		t.Errorf("gateway path to on-premises: %q, want \"12076 65020\"", b.PathOnly())
	}
	for _, tc := range []struct {
		asn      uint32
		reserved bool
	}{
		{0, true}, {12076, true}, {65515, true}, {65516, true}, {65517, true}, {65518, true}, {65519, true}, {65520, true},
		{65020, false}, {7224, false}, {64512, false}, {65514, false}, {65521, false}, {4200000000, false},
	} {
		t.Run(fmt.Sprint(tc.asn), func(t *testing.T) {
			topo := erHub()
			topo.Circuits[0].PeerASN, topo.Sites[0].Asn = tc.asn, tc.asn
			ds := hsDiags(topo)
			if got := erHasDiagAt(ds, "bgp.asn-reserved", model.Error, "peerASN"); got != tc.reserved {
				t.Errorf("peerASN %d: rejected %v, want %v;%s", tc.asn, got, tc.reserved, hsDiagCodes(ds))
			}
		})
	}
}

// TestRule_expressroute_private_peering_sessions checks
// rule:expressroute.private-peering-sessions: on the /30 the MSEE takes the
// second usable address; both BGP sessions are active and either one keeps
// the circuit working (rule:expressroute.private-peering-sessions).
func TestRule_expressroute_private_peering_sessions(t *testing.T) {
	p := hsPlane(t, erHub())
	if b, ok := hsBest(p, "dc", "10.0.0.0/16"); !ok || b.NextHop != "172.16.0.2" {
		t.Errorf("on-premises next hop to the VNet: %q, want the MSEE's 172.16.0.2 (second usable address of 172.16.0.0/30)", b.NextHop)
	}
	for _, tc := range []struct {
		name  string
		fails []model.Failure
		up    bool
	}{
		{"both sessions", nil, true},
		{"primary down", []model.Failure{{Kind: model.CircuitSessionDown, Target: "ckt/primary"}}, true},
		{"secondary down", []model.Failure{{Kind: model.CircuitSessionDown, Target: "ckt/secondary"}}, true},
		{"both down", []model.Failure{{Kind: model.CircuitSessionDown, Target: "ckt/primary"}, {Kind: model.CircuitSessionDown, Target: "ckt/secondary"}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := hsTrace(t, hsPlane(t, erHub(), tc.fails...), "vm", "dc/h")
			if tr.Disposition.Success() != tc.up {
				t.Errorf("vm → dc: %s (%s), want delivered=%v", tr.Disposition, tr.Reason, tc.up)
			}
		})
	}
	t.Run("both down: the what-if notes say the circuit is down", func(t *testing.T) {
		both := []model.Failure{{Kind: model.CircuitSessionDown, Target: "ckt/primary"}, {Kind: model.CircuitSessionDown, Target: "ckt/secondary"}}
		topo := erHub()
		notes := strings.Join(whatif.Notes(&topo, both), "\n")
		if strings.Contains(notes, "other BGP session keeps it up") || !strings.Contains(notes, "circuit ckt is down") {
			t.Errorf("both sessions failed, notes:\n%s\nwant no \"other session keeps it up\" and \"circuit ckt is down\"", notes)
		}
	})
	t.Run("two /30s, disjoint, outside the VNets", func(t *testing.T) {
		for _, tc := range []struct {
			primary, secondary string
			bad                bool
		}{
			{"172.16.0.0/30", "172.16.0.4/30", false},
			{"172.16.0.0/30", "", false},
			{"172.16.0.0/29", "172.16.0.4/30", true}, // a /29, and it holds the secondary /30
			{"172.16.0.0/30", "172.16.0.0/30", true}, // the same /30 twice
			{"10.0.9.0/30", "10.0.9.4/30", true},     // inside the hub 10.0.0.0/16
			{"172.16.0.0", "172.16.0.4/30", true},    // not a prefix
		} {
			topo := erHub()
			topo.Circuits[0].PrimaryPeerAddressPrefix, topo.Circuits[0].SecondaryPeerAddressPrefix = tc.primary, tc.secondary
			ds := hsDiags(topo)
			if got := hsHasDiag(ds, "circuit.peer-prefix", model.Error); got != tc.bad {
				t.Errorf("primary %q, secondary %q: circuit.peer-prefix %v, want %v;%s", tc.primary, tc.secondary, got, tc.bad, hsDiagCodes(ds))
			}
		}
	})
	// A circuit to a site without BGP is an error: private peering is BGP.
	topo := erHub()
	topo.Sites[0].Asn = 0
	if ds := hsDiags(topo); !hsHasDiag(ds, "circuit.site-no-bgp", model.Error) {
		t.Errorf("circuit to a non-BGP site: want circuit.site-no-bgp error, got%s", hsDiagCodes(ds))
	}
}

// erManyPrefixes returns n distinct /24s from 172.20.0.0 up.
func erManyPrefixes(n int) []string {
	out := make([]string, n)
	for i := range n {
		out[i] = fmt.Sprintf("172.%d.%d.0/24", 20+i/256, i%256)
	}
	return out
}

// TestRule_expressroute_circuit_prefix_limits checks
// rule:expressroute.circuit-prefix-limits: more than 4,000 IPv4 prefixes
// (10,000 with Premium) on private peering drop the BGP session (rule:expressroute.circuit-prefix-limits).
func TestRule_expressroute_circuit_prefix_limits(t *testing.T) {
	for _, tc := range []struct {
		n       int
		premium bool
		up      bool
	}{
		{4000, false, true},
		{4001, false, false},
		{4001, true, true},
	} {
		t.Run(fmt.Sprintf("%d premium=%v", tc.n, tc.premium), func(t *testing.T) {
			topo := erHub()
			topo.Gateways[0].Sku = "ErGw2AZ" // learns 9,500: the gateway's own limit is not in play
			topo.Sites[0].AdvertisedPrefixes = erManyPrefixes(tc.n)
			topo.Circuits[0].PremiumAddOn = tc.premium
			p := hsPlane(t, topo)
			s, ok := p.BGP().Session("ckt")
			if !ok || s.Up != tc.up {
				t.Errorf("private peering session up=%v (%s), want %v", s.Up, s.Why, tc.up)
			}
			if !tc.up && !hsHasDiag(p.BGP().Diagnostics, "bgp.prefix-limit", model.Error) && !hsHasDiag(p.BGP().Diagnostics, "bgp.prefix-limit", model.Warning) {
				t.Errorf("no bgp.prefix-limit finding:%s", hsDiagCodes(p.BGP().Diagnostics))
			}
		})
	}
}

// TestRule_expressroute_gateway_route_limits checks
// rule:expressroute.gateway-route-limits: an ExpressRoute gateway advertises
// at most 1,000 routes, and learns at most 4,000 (ErGw1AZ) or 9,500
// (ErGw2AZ) (rule:expressroute.gateway-route-limits).
func TestRule_expressroute_gateway_route_limits(t *testing.T) {
	for _, tc := range []struct {
		sku string
		up  bool
	}{{"ErGw1AZ", false}, {"ErGw2AZ", true}} {
		topo := erHub()
		topo.Gateways[0].Sku = tc.sku
		topo.Circuits[0].PremiumAddOn = true
		topo.Sites[0].AdvertisedPrefixes = erManyPrefixes(4001)
		s, _ := hsPlane(t, topo).BGP().Session("er")
		if s.Up != tc.up {
			t.Errorf("%s learning 4,001 routes: session up=%v (%s), want %v", tc.sku, s.Up, s.Why, tc.up)
		}
		// The drop is the ExpressRoute gateway's learned-route limit: its
		// reason cites this rule, not the VPN gateway's or the circuit's.
		if !s.Up && (!strings.Contains(s.Why, "rule:expressroute.gateway-route-limits") ||
			strings.Contains(s.Why, "rule:bgp.prefix-limit") || strings.Contains(s.Why, "rule:expressroute.circuit-prefix-limits")) {
			t.Errorf("%s drop reason %q, want it to cite rule:expressroute.gateway-route-limits alone", tc.sku, s.Why)
		}
	}
	for n, warn := range map[int]bool{1000: false, 1001: true} {
		topo := erHub()
		var space []string
		for i := range n {
			space = append(space, fmt.Sprintf("10.%d.%d.0/24", i/256, i%256))
		}
		topo.VNets[0].AddressSpace.AddressPrefixes = space
		ds := hsPlane(t, topo).BGP().Diagnostics
		if got := hsHasDiag(ds, "bgp.er-advertise-limit", model.Warning); got != warn {
			t.Errorf("%d VNet ranges advertised: warned %v, want %v", n, got, warn)
		}
	}
}

// TestRule_expressroute_default_route_only_by_bgp checks
// rule:expressroute.default-route-only-by-bgp: a default route advertised
// over private peering sends the linked VNet's Internet traffic to
// on-premises and invalidates the Internet route; a UDR cannot point at an
// ExpressRoute gateway, nor can it have a default site (rule:expressroute.default-route-only-by-bgp).
func TestRule_expressroute_default_route_only_by_bgp(t *testing.T) {
	topo := erHub()
	topo.Sites[0].AdvertisedPrefixes = []string{"192.168.0.0/20", "0.0.0.0/0"}
	p := hsPlane(t, topo)
	var bgpDefault, internet bool
	for _, e := range hsRoutes(t, p, "hub/app", "0.0.0.0/0") {
		switch {
		case e.NextHop == route.VirtualNetworkGateway && e.State == route.Active:
			bgpDefault = true
		case e.NextHop == route.Internet && e.State == route.Invalid:
			internet = true
		}
	}
	if !bgpDefault || !internet {
		t.Errorf("0.0.0.0/0 routes %v: want the BGP default Active and the Internet route Invalid", hsRoutes(t, p, "hub/app", "0.0.0.0/0"))
	}
	if tr := hsTrace(t, p, "vm", "203.0.113.10"); !slices.Contains(hopNodes(tr), "ergw") {
		t.Errorf("Internet-bound walk %v (%s), want it through the ExpressRoute gateway", hopNodes(tr), tr.Disposition)
	}
	udr := erHub()
	udr.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "d", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualNetworkGateway}}}}
	udr.VNets[0].Subnets[0].RouteTable = "rt"
	if ds := hsDiags(udr); !hsHasDiag(ds, "route.expressroute-gateway", model.Warning) {
		t.Errorf("UDR to an ExpressRoute gateway: want route.expressroute-gateway warning, got%s", hsDiagCodes(ds))
	}
	site := erHub()
	site.Gateways[0].GatewayDefaultSite = "dc"
	if ds := hsDiags(site); !hsHasDiag(ds, "gateway.default-site", model.Error) {
		t.Errorf("default site on an ExpressRoute gateway: want gateway.default-site error, got%s", hsDiagCodes(ds))
	}
}

// erTwoCircuits is the docs' Global Reach example (rule:expressroute.no-transit-without-global-reach): San Francisco
// 10.0.1.0/24 on circuit 1 and London 10.0.2.0/24 on circuit 2, both linked
// to a VNet 10.0.3.0/24 (vm 10.0.3.4, GatewaySubnet 10.0.3.224/27).
func erTwoCircuits() model.Topology {
	return model.Topology{
		VNets:       []model.VNet{hsVNet("azure", "10.0.3.0/24", "app=10.0.3.0/25", "GatewaySubnet=10.0.3.224/27")},
		VMs:         []model.VM{hsVM("vm", "azure/app", "10.0.3.4")},
		Gateways:    []model.VirtualNetworkGateway{hsERGateway("ergw", "azure")},
		Sites:       []model.Site{hsSite("sf", 65001, "10.0.1.0/24", "10.0.1.10"), hsSite("london", 65002, "10.0.2.0/24", "10.0.2.10")},
		Circuits:    []model.ExpressRouteCircuit{hsCircuit("ckt1", "sf", 65001, 0), hsCircuit("ckt2", "london", 65002, 1)},
		Connections: []model.Connection{hsERConn("c1", "ergw", "ckt1", 0), hsERConn("c2", "ergw", "ckt2", 0)},
	}
}

// TestRule_expressroute_no_transit_without_global_reach checks
// rule:expressroute.no-transit-without-global-reach: two sites on separate
// circuits reach the VNet but not each other, until Global Reach links the
// circuits (rule:expressroute.no-transit-without-global-reach).
func TestRule_expressroute_no_transit_without_global_reach(t *testing.T) {
	p := hsPlane(t, erTwoCircuits())
	hsWantDisp(t, "San Francisco → VNet", hsTrace(t, p, "sf/h", "vm"), trace.Delivered)
	hsWantDisp(t, "London → VNet", hsTrace(t, p, "london/h", "vm"), trace.Delivered)
	hsWantDisp(t, "San Francisco → London without Global Reach", hsTrace(t, p, "sf/h", "london/h"), trace.DroppedNoTransit)
	if _, ok := hsBest(p, "sf", "10.0.2.0/24"); ok {
		t.Error("San Francisco learned London's prefix without Global Reach")
	}
	topo := erTwoCircuits()
	topo.Circuits[0].GlobalReach = []string{"ckt2"}
	p = hsPlane(t, topo)
	if _, ok := hsBest(p, "sf", "10.0.2.0/24"); !ok {
		t.Error("with Global Reach, San Francisco should learn London's prefix")
	}
	hsWantDisp(t, "San Francisco → London with Global Reach", hsTrace(t, p, "sf/h", "london/h"), trace.DeliveredOnPremises)
}

// TestRule_expressroute_private_asns_stripped checks
// rule:expressroute.private-asns-stripped: on-premises sees Azure prefixes
// with AS path 12076 only (no 65515, no NVA ASN, no prepends), and the
// origin is carried: the VNet range as "12076 i", an NVA's redistributed
// prefix as "12076 ?" (rule:expressroute.private-asns-stripped).
func TestRule_expressroute_private_asns_stripped(t *testing.T) {
	topo := erHubWithRouteServer(model.Advertisement{Prefix: "10.50.0.0/16", Origin: "incomplete", AsPathPrepend: 3})
	p := hsPlane(t, topo)
	for pfx, want := range map[string]string{"10.0.0.0/16": "12076 i", "10.50.0.0/16": "12076 ?"} {
		if b, ok := hsBest(p, "dc", pfx); !ok || b.ASPathString() != want {
			t.Errorf("on-premises path to %s: %q (found %v), want %q", pfx, b.ASPathString(), ok, want)
		}
	}
}

// TestRule_expressroute_circuit_hairpin checks rule:expressroute.circuit-hairpin:
// VNets linked to the same circuit learn each other's ranges and exchange
// traffic through the MSEE (rule:expressroute.circuit-hairpin).
func TestRule_expressroute_circuit_hairpin(t *testing.T) {
	topo := model.Topology{
		VNets: []model.VNet{hsVNet("v1", "10.1.0.0/16", "app=10.1.1.0/24", "GatewaySubnet=10.1.255.0/27"),
			hsVNet("v2", "10.2.0.0/16", "app=10.2.1.0/24", "GatewaySubnet=10.2.255.0/27")},
		VMs:         []model.VM{hsVM("vm-1", "v1/app", "10.1.1.4"), hsVM("vm-2", "v2/app", "10.2.1.4")},
		Gateways:    []model.VirtualNetworkGateway{hsERGateway("er1", "v1"), hsERGateway("er2", "v2")},
		Sites:       []model.Site{hsSite("dc", 65020, "192.168.0.0/20", "192.168.1.10")},
		Circuits:    []model.ExpressRouteCircuit{hsCircuit("ckt", "dc", 65020, 0)},
		Connections: []model.Connection{hsERConn("c1", "er1", "ckt", 0), hsERConn("c2", "er2", "ckt", 0)},
	}
	p := hsPlane(t, topo)
	if e, ok := hsActive(t, p, "v1/app", "10.2.0.0/16"); !ok || e.NextHop != route.VirtualNetworkGateway {
		t.Errorf("v1 route to v2: %+v %v, want VirtualNetworkGateway", e, ok)
	}
	tr := hsTrace(t, p, "vm-1", "vm-2")
	hsWantDisp(t, "vm-1 → vm-2 through the circuit", tr, trace.Delivered)
	if got := hopNodes(tr); !slices.Contains(got, "er1") || !slices.Contains(got, "er2") {
		t.Errorf("hops %v, want gateway er1 and gateway er2", got)
	}
	t.Run("never back to the sending gateway", hairpinNotBackToSender)
}

// TestRule_expressroute_connection_weight checks rule:expressroute.connection-weight:
// with two circuits, the connection with the higher routingWeight wins;
// equal paths are an ECMP tie (rule:expressroute.circuit-hairpin).
func TestRule_expressroute_connection_weight(t *testing.T) {
	build := func(w1, w2 int) model.Topology {
		topo := erHub()
		topo.Circuits = append(topo.Circuits, hsCircuit("ckt2", "dc", 65020, 1))
		topo.Connections = []model.Connection{hsERConn("er", "ergw", "ckt", w1), hsERConn("er2", "ergw", "ckt2", w2)}
		return topo
	}
	for _, tc := range []struct {
		w1, w2   int
		neighbor string
		reason   bgp.Reason
	}{
		{0, 100, "ckt2", bgp.ReasonWeight},
		{100, 0, "ckt", bgp.ReasonWeight},
	} {
		b, ok := hsBest(hsPlane(t, build(tc.w1, tc.w2)), "ergw", "192.168.0.0/20")
		if !ok || b.Neighbor != tc.neighbor || b.Reason != tc.reason {
			t.Errorf("weights %d/%d: best via %q (%s), want %q (%s)", tc.w1, tc.w2, b.Neighbor, b.Reason, tc.neighbor, tc.reason)
		}
	}
	b, _ := hsBest(hsPlane(t, build(0, 0)), "ergw", "192.168.0.0/20")
	if len(b.Multipath) == 0 || !ecmpCites(b.Reason, "rule:expressroute.connection-weight") {
		t.Errorf("equal weights: %+v, want an ECMP tie citing the ExpressRoute connection-weight rule", b)
	}
}

// TestRule_expressroute_circuit_connection_limits checks
// rule:expressroute.circuit-connection-limits: a gateway connects at most 4
// (ErGw1AZ), 8 (ErGw2AZ) or 16 (ErGw3AZ) circuits (rule:expressroute.circuit-connection-limits).
func TestRule_expressroute_circuit_connection_limits(t *testing.T) {
	for _, tc := range []struct {
		sku   string
		limit int
	}{{"ErGw1AZ", 4}, {"Standard", 4}, {"ErGw2AZ", 8}, {"HighPerformance", 8}, {"ErGw3AZ", 16}, {"UltraPerformance", 16}} {
		for _, n := range []int{tc.limit, tc.limit + 1} {
			topo := erHub()
			topo.Gateways[0].Sku = tc.sku
			topo.Circuits, topo.Connections = nil, nil
			for i := range n {
				id := fmt.Sprintf("ckt%d", i)
				topo.Circuits = append(topo.Circuits, hsCircuit(id, "dc", 65020, i))
				topo.Connections = append(topo.Connections, hsERConn("c"+id, "ergw", id, 0))
			}
			if got := hsHasDiag(model.Validate(&topo, nil), "gateway.circuits", model.Error); got != (n > tc.limit) {
				t.Errorf("%s with %d circuits: error %v, want %v", tc.sku, n, got, n > tc.limit)
			}
		}
	}
}

// TestRule_expressroute_coexistence_requirements checks
// rule:expressroute.coexistence-requirements: next to an ExpressRoute
// gateway the VPN gateway must be RouteBased and not Basic, GatewaySubnet
// must be /27 or larger, and a VirtualNetworkGateway UDR cannot be used
// (rule:expressroute.coexistence-requirements, section W: vnetplay rejects the Basic SKU).
func TestRule_expressroute_coexistence_requirements(t *testing.T) {
	if ds := model.Validate(ptr(erCoexist()), nil); len(ds) != 0 && (hsHasDiag(ds, "gateway.coexist-subnet", model.Error) || hsHasDiag(ds, "gateway.coexist-vpn", model.Error)) {
		t.Fatalf("valid coexistence flagged:%s", hsDiagCodes(ds))
	}
	for _, tc := range []struct {
		name, code string
		sev        model.Severity
		edit       func(*model.Topology)
	}{
		{"GatewaySubnet /28", "gateway.coexist-subnet", model.Error, func(t *model.Topology) { t.VNets[0].Subnets[1].AddressPrefix = "10.0.255.0/28" }},
		{"PolicyBased VPN gateway", "gateway.coexist-vpn", model.Error, func(t *model.Topology) {
			g := &t.Gateways[1]
			g.VpnType, g.Sku, g.ActiveActive, g.EnableBgp, g.BgpSettings = model.PolicyBased, "Basic", false, false, nil
			t.Connections = t.Connections[:1]
		}},
		{"Basic VPN gateway", "gateway.coexist-vpn", model.Error, func(t *model.Topology) {
			g := &t.Gateways[1]
			g.Sku, g.ActiveActive, g.EnableBgp, g.BgpSettings = "Basic", false, false, nil
			t.Connections = t.Connections[:1]
		}},
		{"VirtualNetworkGateway UDR", "route.gateway-coexistence", model.Warning, func(t *model.Topology) {
			t.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "r", AddressPrefix: "172.20.0.0/16", NextHopType: model.HopVirtualNetworkGateway}}}}
			t.VNets[0].Subnets[0].RouteTable = "rt"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := erCoexist()
			tc.edit(&topo)
			if ds := model.Validate(&topo, nil); !hsHasDiag(ds, tc.code, tc.sev) {
				t.Errorf("want %s %s, got%s", tc.sev, tc.code, hsDiagCodes(ds))
			}
		})
	}
}

func ptr[T any](v T) *T { return &v }

// TestRule_expressroute_preferred_over_vpn checks rule:expressroute.preferred-over-vpn:
// the same prefix over ExpressRoute and VPN uses ExpressRoute; a longer
// prefix over the VPN still wins by longest match; the VPN takes over when
// the circuit fails; a dual-homed site without preferExpressRoute is noted
// (rule:expressroute.preferred-over-vpn).
func TestRule_expressroute_preferred_over_vpn(t *testing.T) {
	p := hsPlane(t, erCoexist())
	if e, ok := hsActive(t, p, "hub/app", "192.168.0.0/20"); !ok || e.Origin.ID != "ergw" {
		t.Errorf("shared prefix programmed by %q, want the ExpressRoute gateway", e.Origin.ID)
	}
	if nh := hsNextHop(t, p, "hub/app", "192.168.8.10"); nh.Route.Prefix.String() != "192.168.8.0/24" || nh.Route.Origin.ID != "vpngw" {
		t.Errorf("longer VPN prefix: %s by %q, want 192.168.8.0/24 by vpngw", nh.Route.Prefix, nh.Route.Origin.ID)
	}
	if tr := hsTrace(t, p, "vm", "dc/h"); !slices.Contains(hopNodes(tr), "ergw") {
		t.Errorf("vm → dc hops %v, want through ergw", hopNodes(tr))
	}
	p = hsPlane(t, erCoexist(), model.Failure{Kind: model.CircuitDown, Target: "ckt"})
	if e, ok := hsActive(t, p, "hub/app", "192.168.0.0/20"); !ok || e.Origin.ID != "vpngw" {
		t.Errorf("circuit down: shared prefix programmed by %q (found %v), want the VPN gateway", e.Origin.ID, ok)
	}
	hsWantDisp(t, "vm → dc over the VPN after the circuit fails", hsTrace(t, p, "vm", "dc/h"), trace.DeliveredOnPremises)
	ds := model.Validate(ptr(erCoexist()), nil)
	if !hsHasDiag(ds, "site.asymmetric-preference", model.Info) {
		t.Errorf("dual-homed site without preferExpressRoute: want site.asymmetric-preference, got%s", hsDiagCodes(ds))
	}
	pref := erCoexist()
	pref.Sites[0].PreferExpressRoute = true
	if ds := model.Validate(&pref, nil); hsHasDiag(ds, "site.asymmetric-preference", model.Info) {
		t.Error("site with preferExpressRoute must not be noted")
	}
	if b, ok := hsBest(hsPlane(t, pref), "dc", "10.0.0.0/16"); !ok || b.Session != "ckt" {
		t.Errorf("site preferring ExpressRoute: best via session %q, want the circuit", b.Session)
	}
}

// TestRule_expressroute_failover_to_vpn checks rule:expressroute.failover-to-vpn:
// the coexisting VPN gateway itself learns the ExpressRoute path (12076
// 65020) and prefers it; the what-if notes give the docs' under-10-seconds
// failover and the BFD condition (rule:expressroute.failover-to-vpn).
func TestRule_expressroute_failover_to_vpn(t *testing.T) {
	t.Run("the what-if note of a failed site reached only over ExpressRoute", func(t *testing.T) {
		topo := erHub()
		notes := strings.Join(whatif.Notes(&topo, []model.Failure{{Kind: model.SiteDown, Target: "dc"}}), "\n")
		if strings.Contains(notes, "S2S") || strings.Contains(notes, "LNG") || !strings.Contains(notes, "rule:expressroute.failover-to-vpn") {
			t.Errorf("site dc (ExpressRoute only) down, notes:\n%s\nwant the ExpressRoute note, not the S2S one", notes)
		}
	})
	t.Run("the what-if note of a failed ExpressRoute connection", func(t *testing.T) {
		topo := erCoexist()
		notes := strings.Join(whatif.Notes(&topo, []model.Failure{{Kind: model.ConnectionDown, Target: "er"}}), "\n")
		if strings.Contains(notes, "S2S") || strings.Contains(notes, "LNG") || !strings.Contains(notes, "rule:expressroute.failover-to-vpn") {
			t.Errorf("ExpressRoute connection er down, notes:\n%s\nwant the ExpressRoute failover note, not the S2S one", notes)
		}
	})
	t.Run("vpn-gateway-learns-er-path", func(t *testing.T) {
		p := hsPlane(t, erCoexist())
		b, ok := hsBest(p, "vpngw", "192.168.0.0/20")
		if !ok || !b.ViaER || b.PathOnly() != "12076 65020" || b.Weight != 32769 {
			t.Errorf("VPN gateway best for the shared prefix: %+v, want the ExpressRoute path 12076 65020 with weight 32769", b)
		}
		// When the circuit fails, the VPN gateway's S2S path is its best again.
		p = hsPlane(t, erCoexist(), model.Failure{Kind: model.CircuitDown, Target: "ckt"})
		if b, ok := hsBest(p, "vpngw", "192.168.0.0/20"); !ok || b.ViaER || b.PathOnly() != "65020" {
			t.Errorf("circuit down: VPN gateway best for the shared prefix: %+v, want the S2S path 65020", b)
		}
	})
	t.Run("a walk between its connections says the ExpressRoute path is not forwarded on", func(t *testing.T) {
		// A VPN branch reaches dc over the VPN gateway's own S2S path; its
		// table (vnetplay bgp) prefers the ExpressRoute path for that
		// prefix, and the walk's step says why it is not taken.
		topo := erCoexist()
		topo.Sites = append(topo.Sites, hsSite("branch", 65030, "192.168.30.0/24", "192.168.30.10"))
		topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, hsBgpLNG("branch-vpn", "branch", 65030, "192.168.30.1"))
		topo.Connections = append(topo.Connections, hsIPsec("s2s-branch", "vpngw", "branch-vpn", true))
		p := hsPlane(t, topo)
		tr := hsTrace(t, p, "branch/h", "dc/h")
		if !tr.Disposition.Success() {
			t.Fatalf("branch → dc: %s (%s), want delivered over the VPN", tr.Disposition, tr.Reason)
		}
		var step string
		for _, h := range tr.Hops {
			for _, s := range h.Steps {
				if s.Kind == trace.StepBGP && strings.HasPrefix(s.Detail, "vpngw ") {
					step = s.Detail
				}
			}
		}
		if !strings.Contains(step, "rule:expressroute.failover-to-vpn") || !strings.Contains(step, "32769") {
			t.Errorf("vpngw's step: %q, want it to say its table prefers the ExpressRoute path (weight 32769), citing rule:expressroute.failover-to-vpn", step)
		}
	})
	doc := &scenario.Document{Topology: erCoexist()}
	for _, tc := range []struct {
		f    model.Failure
		want string
	}{
		{model.Failure{Kind: model.CircuitDown, Target: "ckt"}, "10 s"},
		{model.Failure{Kind: model.CircuitSessionDown, Target: "ckt/primary"}, "BFD"},
	} {
		res, err := whatif.Apply(doc, []model.Failure{tc.f})
		if err != nil {
			t.Fatal(err)
		}
		if !slices.ContainsFunc(res.Notes, func(n string) bool { return strings.Contains(n, tc.want) }) {
			t.Errorf("%s: notes %q, want one mentioning %q", tc.f, res.Notes, tc.want)
		}
	}
}

// erTransit is a hub with ExpressRoute to factory and an active-active VPN
// gateway on AS 65515 to branch (BGP); routeServer adds Route Server with
// branch-to-branch b2b.
func erTransit(routeServer, b2b bool) model.Topology {
	t := model.Topology{
		VNets: []model.VNet{hsVNet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "GatewaySubnet=10.0.255.0/27", "RouteServerSubnet=10.0.254.0/26")},
		VMs:   []model.VM{hsVM("vm", "hub/app", "10.0.1.4")},
		Gateways: []model.VirtualNetworkGateway{hsERGateway("ergw", "hub"), {ID: "vpngw", VNet: "hub", GatewayType: model.GatewayVpn, VpnType: model.RouteBased,
			Sku: "VpnGw1AZ", ActiveActive: true, EnableBgp: true, BgpSettings: &model.BgpSettings{Asn: 65515}}},
		Sites:                []model.Site{hsSite("factory", 65001, "192.168.1.0/24", "192.168.1.10"), hsSite("branch", 65002, "192.168.2.0/24", "192.168.2.10")},
		LocalNetworkGateways: []model.LocalNetworkGateway{hsBgpLNG("branch-lng", "branch", 65002, "192.168.2.1")},
		Circuits:             []model.ExpressRouteCircuit{hsCircuit("ckt", "factory", 65001, 0)},
		Connections:          []model.Connection{hsERConn("er", "ergw", "ckt", 0), hsIPsec("s2s", "vpngw", "branch-lng", true)},
	}
	if routeServer {
		t.RouteServers = []model.RouteServer{{ID: "rs", VNet: "hub", AllowBranchToBranchTraffic: b2b}}
	}
	return t
}

// TestRule_expressroute_no_vpn_transit_without_route_server checks
// rule:expressroute.no-vpn-transit-without-route-server: an ExpressRoute
// site and a VPN site reach each other only through Route Server with
// branch-to-branch on (current docs, section W) (rule:expressroute.no-vpn-transit-without-route-server).
func TestRule_expressroute_no_vpn_transit_without_route_server(t *testing.T) {
	for _, tc := range []struct {
		name    string
		rs, b2b bool
		want    trace.Disposition
	}{
		{"no Route Server", false, false, trace.DroppedNoTransit},
		{"Route Server without branch-to-branch", true, false, trace.DroppedNoTransit},
		{"Route Server with branch-to-branch", true, true, trace.DeliveredOnPremises},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := hsPlane(t, erTransit(tc.rs, tc.b2b))
			hsWantDisp(t, "factory → branch", hsTrace(t, p, "factory/h", "branch/h"), tc.want)
			hsWantDisp(t, "branch → factory", hsTrace(t, p, "branch/h", "factory/h"), tc.want)
		})
	}
}

// TestRule_expressroute_gateway_forwards_by_gatewaysubnet checks
// rule:expressroute.gateway-forwards-by-gatewaysubnet: traffic from
// on-premises leaves the gateway by GatewaySubnet's effective routes, so a
// spoke without gateway transit is reachable once its prefix reaches
// on-premises another way (an NVA through Route Server), and a GatewaySubnet
// UDR steers the traffic (rule:expressroute.gateway-forwards-by-gatewaysubnet).
func TestRule_expressroute_gateway_forwards_by_gatewaysubnet(t *testing.T) {
	topo := erHubWithRouteServer(model.Advertisement{Prefix: "10.1.0.0/16"})
	topo.VNets = append(topo.VNets, hsVNet("spoke", "10.1.0.0/16", "app=10.1.0.0/24"))
	topo.Peerings = []model.Peering{{ID: "hub-spoke", A: model.PeeringLink{VNet: "hub", AllowForwardedTraffic: true}, B: model.PeeringLink{VNet: "spoke", AllowForwardedTraffic: true}}}
	topo.VMs = append(topo.VMs, hsVM("spoke-vm", "spoke/app", "10.1.0.4"))
	// The spoke returns on-premises traffic through the NVA.
	topo.RouteTables = []model.RouteTable{{ID: "spoke-rt", Routes: []model.Route{{Name: "onprem", AddressPrefix: "192.168.0.0/16", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.2.4"}}}}
	topo.VNets[1].Subnets[0].RouteTable = "spoke-rt"
	if _, ok := hsBest(hsPlane(t, topo), "dc", "10.1.0.0/16"); !ok {
		t.Fatal("the NVA-injected spoke prefix should reach on-premises")
	}
	tr := hsTrace(t, hsPlane(t, topo), "dc/h", "spoke-vm")
	hsWantDisp(t, "dc → spoke without gateway transit", tr, trace.Delivered)
	if slices.Contains(tr.Via(), "nva/nic0") {
		t.Errorf("forward path %v: the gateway should deliver over GatewaySubnet's peering route, not the NVA", tr.Via())
	}
	// A GatewaySubnet UDR for the spoke sends the same traffic through the NVA.
	topo.RouteTables = append(topo.RouteTables, model.RouteTable{ID: "gw-rt", Routes: []model.Route{{Name: "spoke", AddressPrefix: "10.1.0.0/16", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.2.4"}}})
	topo.VNets[0].Subnets[1].RouteTable = "gw-rt"
	tr = hsTrace(t, hsPlane(t, topo), "dc/h", "spoke-vm")
	hsWantDisp(t, "dc → spoke with a GatewaySubnet UDR", tr, trace.Delivered)
	if !slices.Contains(tr.Via(), "nva/nic0") {
		t.Errorf("forward path %v: want through the NVA", tr.Via())
	}
}

// TestRule_vpn_gateway_transit_stays_on_its_tunnels checks
// rule:expressroute.failover-to-vpn and
// rule:expressroute.no-vpn-transit-without-route-server on the data path:
// a site reached both over ExpressRoute and over the VPN (factory), seen
// from a VPN-only branch, is reached through the VPN gateway's own tunnel
// to it, both ways, never through the ExpressRoute gateway (the VNet's
// route prefers ExpressRoute, but a VPN gateway does not forward on the
// ExpressRoute paths). The walk went VPN gateway → GatewaySubnet →
// ExpressRoute gateway → circuit before.
func TestRule_vpn_gateway_transit_stays_on_its_tunnels(t *testing.T) {
	topo := erTransit(false, false)
	topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, hsBgpLNG("factory-lng", "factory", 65001, "192.168.1.1"))
	topo.Connections = append(topo.Connections, hsIPsec("s2s-factory", "vpngw", "factory-lng", true))
	p := hsPlane(t, topo)
	for _, c := range [][2]string{{"branch/h", "factory/h"}, {"factory/h", "branch/h"}} {
		tr := hsTrace(t, p, c[0], c[1])
		hsWantDisp(t, c[0]+" → "+c[1], tr, trace.DeliveredOnPremises)
		if hops := hopNodes(tr); slices.Contains(hops, "ergw") || slices.Contains(hops, "ckt") || !slices.Contains(hops, "vpngw") {
			t.Errorf("%s → %s goes through %v, want the VPN gateway's tunnels only", c[0], c[1], hops)
		}
	}
	// The VNet still prefers ExpressRoute for the factory's range.
	if e, ok := hsActive(t, p, "hub/app", "192.168.1.0/24"); !ok || e.Origin.ID != "ergw" {
		t.Errorf("hub/app's route to the factory: %v (%v), want the ExpressRoute gateway's", e, ok)
	}
}

// TestRule_expressroute_global_reach_own_circuit_first checks
// rule:expressroute.global-reach-own-circuit-first: two sites on circuits
// linked by Global Reach both originate 10.9.0.0/24. Each MSEE keeps the
// path from its own circuit's private peering over the one Global Reach
// brings (the docs are silent; vnetplay follows the ordinary BGP order,
// external before internal, and says so), so BGP converges and each site
// keeps its own copy (rule:expressroute.global-reach-own-circuit-first).
func TestRule_expressroute_global_reach_own_circuit_first(t *testing.T) {
	topo := erTwoCircuits()
	topo.Circuits[0].GlobalReach = []string{"ckt2"}
	for i := range topo.Sites {
		topo.Sites[i].AdvertisedPrefixes = append(slices.Clone(topo.Sites[i].AddressPrefixes), "10.9.0.0/24")
	}
	p := hsPlane(t, topo)
	for _, d := range p.BGP().Diagnostics {
		if d.Code == "bgp.not-converged" {
			t.Fatalf("a design with the same prefix behind two Global Reach circuits must converge: %s", d.Msg)
		}
	}
	for ckt, site := range map[string]string{"ckt1": "sf", "ckt2": "london"} {
		b, ok := hsBest(p, ckt, "10.9.0.0/24")
		if !ok || b.Neighbor != site {
			t.Errorf("%s best path to 10.9.0.0/24: from %q (found %v), want its own site %q", ckt, b.Neighbor, ok, site)
			continue
		}
		if !strings.Contains(string(b.Reason), "rule:expressroute.global-reach-own-circuit-first") || len(b.Multipath) != 0 {
			t.Errorf("%s reason %q multipath %v: want the Global Reach rule and no ECMP", ckt, b.Reason, b.Multipath)
		}
	}
	// Each site still learns the other's own prefix through Global Reach.
	if _, ok := hsBest(p, "sf", "10.0.2.0/24"); !ok {
		t.Error("with Global Reach, San Francisco should learn London's prefix")
	}
}

// ecmpCites reports whether r is an equal-cost reason (its first words
// stay "equal paths: ECMP, first by neighbor id") citing cite and, unless
// cite is that rule, not the VPN gateway's several-devices rule: each
// speaker kind cites what applies to it.
func ecmpCites(r bgp.Reason, cite string) bool {
	s := string(r)
	vpn := "rule:vpn-gateway.multiple-devices-need-bgp"
	return strings.HasPrefix(s, "equal paths: ECMP, first by neighbor id") && strings.Contains(s, cite) &&
		(cite == vpn || !strings.Contains(s, vpn))
}

// hairpinNotBackToSender checks that the MSEE's hairpin (rule:expressroute.circuit-hairpin) never hands a gateway
// its own route back: an ExpressRoute gateway with two connections to one
// circuit and a Route Server with branch-to-branch, whose NVA announces
// 172.18.0.0/16, converges, and the gateway keeps the NVA's path (the MSEE
// strips 65515, so AS-path loop prevention would not catch the echo).
func hairpinNotBackToSender(t *testing.T) {
	topo := erHubWithRouteServer(model.Advertisement{Prefix: "172.18.0.0/16"})
	topo.Connections = append(topo.Connections, hsERConn("er-b", "ergw", "ckt", 0))
	for _, d := range hsDiags(topo) {
		if d.Severity == model.Error {
			t.Errorf("the design must be one lint accepts: %s", d)
		}
	}
	p := hsPlane(t, topo)
	for _, d := range p.BGP().Diagnostics {
		if d.Code == "bgp.not-converged" {
			t.Fatalf("two connections to one circuit must converge: %s", d.Msg)
		}
	}
	if b, ok := hsBest(p, "ergw", "172.18.0.0/16"); !ok || b.Neighbor != "rs" {
		t.Errorf("ergw best path to 172.18.0.0/16 from %q (found %v), want the Route Server's", b.Neighbor, ok)
	}
}
