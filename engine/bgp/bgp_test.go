package bgp

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// hub builds a VNet with a GatewaySubnet (and optionally RouteServerSubnet).
func hub(id, space, gwSubnet string, extra ...model.Subnet) model.VNet {
	subs := append([]model.Subnet{{Name: model.GatewaySubnet, AddressPrefix: gwSubnet}}, extra...)
	return model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{space}}, Subnets: subs}
}

func plain(id, space string) model.VNet {
	return model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{space}}}
}

func vpn(id, vnet string, asn uint32, aa bool) model.VirtualNetworkGateway {
	return model.VirtualNetworkGateway{ID: id, VNet: vnet, GatewayType: model.GatewayVpn, VpnType: model.RouteBased, Sku: "VpnGw1AZ",
		EnableBgp: true, ActiveActive: aa, BgpSettings: &model.BgpSettings{Asn: asn}}
}

func er(id, vnet string) model.VirtualNetworkGateway {
	return model.VirtualNetworkGateway{ID: id, VNet: vnet, GatewayType: model.GatewayExpressRoute, Sku: "ErGw1AZ"}
}

func site(id string, asn uint32, prefixes ...string) model.Site {
	return model.Site{ID: id, Asn: asn, AddressPrefixes: prefixes}
}

func s2s(id, gw, lng string, bgp bool) model.Connection {
	return model.Connection{ID: id, ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: gw, LocalNetworkGateway2: lng, EnableBgp: bgp}
}

func lng(id, site string, asn uint32, statics ...string) model.LocalNetworkGateway {
	l := model.LocalNetworkGateway{ID: id, Site: site, LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: statics}}
	if asn != 0 {
		l.BgpSettings = &model.BgpSettings{Asn: asn, BgpPeeringAddress: "192.0.2.1"}
	}
	return l
}

func circuit(id, site string, asn uint32) model.ExpressRouteCircuit {
	return model.ExpressRouteCircuit{ID: id, Site: site, PeerASN: asn, PrimaryPeerAddressPrefix: "172.16.0.0/30", SecondaryPeerAddressPrefix: "172.16.0.4/30"}
}

func erConn(id, gw, ckt string, weight int) model.Connection {
	return model.Connection{ID: id, ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: gw, Peer: ckt, RoutingWeight: weight}
}

// best returns the AS path of speaker's best route for prefix, or "-".
func best(r *Result, speaker, prefix string) string {
	for _, b := range r.RIB(speaker) {
		if b.Prefix.String() == prefix {
			return b.ASPathString()
		}
	}
	return "-"
}

func programmed(r *Result, vnet, prefix string) string {
	for _, rt := range r.VNetRoutes(vnet) {
		if rt.Prefix.String() == prefix {
			return rt.Origin.ID
		}
	}
	return "-"
}

// coexist is ER + VPN in one hub to one site (field note 000).
func coexist() model.Topology {
	return model.Topology{
		VNets:                []model.VNet{hub("hub", "10.0.0.0/16", "10.0.255.0/27"), plain("spoke", "10.1.0.0/16"), plain("other", "10.2.0.0/16")},
		Peerings:             []model.Peering{{ID: "hs", A: model.PeeringLink{VNet: "hub", AllowGatewayTransit: true}, B: model.PeeringLink{VNet: "spoke", UseRemoteGateways: true}}, {ID: "ho", A: model.PeeringLink{VNet: "hub", AllowGatewayTransit: true}, B: model.PeeringLink{VNet: "other"}}},
		Gateways:             []model.VirtualNetworkGateway{er("ergw", "hub"), vpn("vpngw", "hub", 65515, true)},
		Sites:                []model.Site{{ID: "dc", Asn: 65020, AddressPrefixes: []string{"192.168.0.0/20"}, AdvertisedPrefixes: []string{"192.168.0.0/20", "192.168.8.0/24"}}},
		LocalNetworkGateways: []model.LocalNetworkGateway{lng("dc-vpn", "dc", 65020)},
		Circuits:             []model.ExpressRouteCircuit{{ID: "ckt", Site: "dc", PeerASN: 65020, PrimaryPeerAddressPrefix: "172.16.0.0/30", SecondaryPeerAddressPrefix: "172.16.0.4/30", ExportPrefixList: []string{"192.168.0.0/20"}}},
		Connections:          []model.Connection{erConn("c-er", "ergw", "ckt", 0), s2s("c-vpn", "vpngw", "dc-vpn", true)},
	}
}

func TestRules(t *testing.T) {
	topo := coexist()
	r := Compute(&topo, nil)
	for _, c := range []struct {
		fact, got, want string
	}{
		{"rule:expressroute.preferred-over-vpn: ExpressRoute preferred over VPN for the same prefix", programmed(r, "hub", "192.168.0.0/20"), "ergw"},
		{"rule:expressroute.preferred-over-vpn: a longer prefix learned over VPN still wins", programmed(r, "hub", "192.168.8.0/24"), "vpngw"},
		{"rule:expressroute.private-asns-stripped: MSEE strips private ASNs toward on-premises", best(r, "dc", "10.0.0.0/16"), "12076 i"},
		{"rule:gateway-transit.spoke-advertised-on-premises: spoke using the remote gateway is advertised on-premises", best(r, "dc", "10.1.0.0/16"), "12076 i"},
		{"rule:gateway-transit.spoke-advertised-on-premises: spoke without useRemoteGateways is not advertised", best(r, "dc", "10.2.0.0/16"), "-"},
		{"rule:expressroute.no-transit-without-global-reach/rule:expressroute.no-vpn-transit-without-route-server: ER gateway does not re-advertise circuit routes", best(r, "ckt", "192.168.8.0/24"), "-"},
		{"rule:expressroute.asns: the ER gateway learns on-premises with 12076 first", best(r, "ergw", "192.168.0.0/20"), "12076 65020 i"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.fact, c.got, c.want)
		}
	}
	if !r.Converged || r.Rounds > MaxRounds {
		t.Errorf("did not converge: %d rounds", r.Rounds)
	}
	// rule:expressroute.preferred-over-vpn: when the circuit fails, the VPN takes over the /20.
	down := Compute(&topo, []model.Failure{{Kind: model.CircuitDown, Target: "ckt"}})
	if got := programmed(down, "hub", "192.168.0.0/20"); got != "vpngw" {
		t.Errorf("rule:expressroute.preferred-over-vpn: after CircuitDown the VPN should program 192.168.0.0/20, got %q", got)
	}
	// rule:expressroute.private-peering-sessions: one BGP session of the pair is enough.
	one := Compute(&topo, []model.Failure{{Kind: model.CircuitSessionDown, Target: "ckt/primary"}})
	if got := programmed(one, "hub", "192.168.0.0/20"); got != "ergw" {
		t.Errorf("rule:expressroute.private-peering-sessions: the secondary session should keep ExpressRoute, got %q", got)
	}
}

func TestRoutingWeight(t *testing.T) {
	// rule:expressroute.circuit-hairpin: between two circuits the connection weight is compared before AS-path length.
	topo := model.Topology{
		VNets:       []model.VNet{hub("hub", "10.0.0.0/16", "10.0.255.0/27")},
		Gateways:    []model.VirtualNetworkGateway{er("ergw", "hub")},
		Sites:       []model.Site{site("a", 65001, "192.168.0.0/24"), {ID: "b", Asn: 65002, AddressPrefixes: []string{"192.168.1.0/24"}, AdvertisedPrefixes: []string{"192.168.0.0/24", "192.168.1.0/24"}}},
		Circuits:    []model.ExpressRouteCircuit{circuit("ckt-a", "a", 65001), circuit("ckt-b", "b", 65002)},
		Connections: []model.Connection{erConn("ca", "ergw", "ckt-a", 0), erConn("cb", "ergw", "ckt-b", 100)},
	}
	r := Compute(&topo, nil)
	for _, b := range r.RIB("ergw") {
		if b.Prefix.String() == "192.168.0.0/24" && (b.Neighbor != "ckt-b" || b.Reason != ReasonWeight) {
			t.Errorf("rule:bgp.as-path-and-weight/rule:expressroute.circuit-hairpin: want ckt-b by weight, got %s (%s)", b.Neighbor, b.Reason)
		}
	}
	// rule:expressroute.no-transit-without-global-reach: without Global Reach the two sites do not learn each other.
	if got := best(r, "a", "192.168.1.0/24"); got != "-" {
		t.Errorf("rule:expressroute.no-transit-without-global-reach: site a learned site b over ExpressRoute: %s", got)
	}
	topo.Circuits[0].GlobalReach = []string{"ckt-b"}
	gr := Compute(&topo, nil)
	if got := best(gr, "a", "192.168.1.0/24"); got == "-" {
		t.Error("rule:expressroute.no-transit-without-global-reach: with Global Reach site a should learn site b")
	}
}

func TestVpnTransitAndExclusions(t *testing.T) {
	topo := model.Topology{
		VNets:    []model.VNet{hub("hub", "10.0.0.0/16", "10.0.255.0/27")},
		Gateways: []model.VirtualNetworkGateway{vpn("gw", "hub", 65010, false)},
		Sites: []model.Site{{ID: "a", Asn: 65001, AddressPrefixes: []string{"192.168.1.0/24"}, AdvertisedPrefixes: []string{"192.168.1.0/24", "0.0.0.0/0", "10.0.5.0/24"}},
			site("b", 65002, "192.168.2.0/24"), site("c", 65003, "192.168.3.0/24")},
		LocalNetworkGateways: []model.LocalNetworkGateway{lng("la", "a", 65001), lng("lb", "b", 65002), lng("lc", "c", 0, "192.168.3.0/24")},
		Connections:          []model.Connection{s2s("ca", "gw", "la", true), s2s("cb", "gw", "lb", true), s2s("cc", "gw", "lc", false)},
	}
	r := Compute(&topo, nil)
	for _, c := range []struct{ fact, got, want string }{
		{"rule:bgp.transit: BGP transit between sites", best(r, "b", "192.168.1.0/24"), "65010 65001 i"},
		{"rule:bgp.transit, rule:forced-tunnelling.default-not-readvertised: the gateway never re-advertises a default route", best(r, "b", "0.0.0.0/0"), "-"},
		{"rule:bgp.what-gateway-advertises: no route overlapping the VNet is re-advertised", best(r, "b", "10.0.5.0/24"), "-"},
		{"rule:bgp.what-gateway-advertises: static LNG prefixes are advertised to BGP peers", best(r, "b", "192.168.3.0/24"), "65010 i"},
		{"rule:forced-tunnelling.bgp-default-route: a BGP default route reaches the VNet", programmed(r, "hub", "0.0.0.0/0"), "gw"},
		{"rule:s2s.lng-prefixes-programmed: LNG static prefixes are programmed", programmed(r, "hub", "192.168.3.0/24"), "gw"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.fact, c.got, c.want)
		}
	}
	// rule:vpn-gateway.static-routes-do-not-fail-over: a static tunnel that fails keeps its prefix installed.
	down := Compute(&topo, []model.Failure{{Kind: model.ConnectionDown, Target: "cc"}})
	if got := programmed(down, "hub", "192.168.3.0/24"); got != "gw" {
		t.Errorf("rule:vpn-gateway.static-routes-do-not-fail-over: static prefix withdrawn after a tunnel failure: %q", got)
	}
	// ... but a BGP site's routes are withdrawn (rule:vpn-gateway.static-routes-do-not-fail-over, rule:vpn-gateway.bgp-timers).
	down = Compute(&topo, []model.Failure{{Kind: model.ConnectionDown, Target: "ca"}})
	if got := programmed(down, "hub", "192.168.1.0/24"); got != "-" {
		t.Errorf("rule:vpn-gateway.static-routes-do-not-fail-over: BGP route not withdrawn: %q", got)
	}
	// rule:bgp.distinct-asns: same ASN on both sides: the BGP session does not come up.
	topo.LocalNetworkGateways[0].BgpSettings.Asn = 65010
	topo.Sites[0].Asn = 65010
	same := Compute(&topo, nil)
	if s, _ := same.Session("ca"); s.Up || !strings.Contains(s.Why, "rule:bgp.distinct-asns") {
		t.Errorf("rule:bgp.distinct-asns: a BGP session between equal ASNs must stay down: %+v", s)
	}
}

func TestPrefixLimit(t *testing.T) {
	// rule:bgp.prefix-limit: more than 4,000 prefixes from one peer drops the session.
	var adv []string
	for i := range VpnPeerLimit + 1 {
		adv = append(adv, fmt.Sprintf("100.%d.%d.0/24", 64+i/256, i%256))
	}
	topo := model.Topology{
		VNets:                []model.VNet{hub("hub", "10.0.0.0/16", "10.0.255.0/27")},
		Gateways:             []model.VirtualNetworkGateway{vpn("gw", "hub", 65010, false)},
		Sites:                []model.Site{{ID: "a", Asn: 65001, AddressPrefixes: []string{"192.168.1.0/24"}, AdvertisedPrefixes: adv}},
		LocalNetworkGateways: []model.LocalNetworkGateway{lng("la", "a", 65001)},
		Connections:          []model.Connection{s2s("ca", "gw", "la", true)},
	}
	r := Compute(&topo, nil)
	s, _ := r.Session("ca")
	if s.Up || !strings.Contains(s.Why, "limit") {
		t.Fatalf("rule:bgp.prefix-limit: session should drop over the prefix limit: %+v", s)
	}
	if len(r.VNetRoutes("hub")) != 0 {
		t.Error("rule:bgp.prefix-limit: routes from a dropped session are still programmed")
	}
	// Azure accepts the design and drops the session at run time: a
	// warning, not an error Azure would refuse.
	found := false
	for _, d := range r.Diagnostics {
		found = found || d.Code == "bgp.prefix-limit" && d.Severity == model.Warning && strings.Contains(d.Msg, "session dropped")
	}
	if !found {
		t.Errorf("missing bgp.prefix-limit warning: %v", r.Diagnostics)
	}
	topo.Sites[0].AdvertisedPrefixes = adv[:VpnPeerLimit]
	if s, _ := Compute(&topo, nil).Session("ca"); !s.Up {
		t.Error("rule:bgp.prefix-limit: exactly 4,000 prefixes must be accepted")
	}
}

// rsDesign is a hub with Route Server and two NVAs (field note 004 style).
func rsDesign(b2b bool) model.Topology {
	nic := func(vm, ip string) model.VM {
		return model.VM{ID: vm, GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: ip, EnableIPForwarding: true}}}
	}
	return model.Topology{
		VNets: []model.VNet{hub("hub", "10.0.0.0/16", "10.0.255.0/27",
			model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: "10.0.254.0/26"}, model.Subnet{Name: "nva", AddressPrefix: "10.0.1.0/24"})},
		VMs:         []model.VM{nic("nva1", "10.0.1.4"), nic("nva2", "10.0.1.5")},
		Gateways:    []model.VirtualNetworkGateway{er("ergw", "hub")},
		Sites:       []model.Site{site("dc", 65150, "192.168.0.0/24")},
		Circuits:    []model.ExpressRouteCircuit{circuit("ckt", "dc", 65150)},
		Connections: []model.Connection{erConn("c", "ergw", "ckt", 0)},
		RouteServers: []model.RouteServer{{ID: "rs", VNet: "hub", AllowBranchToBranchTraffic: b2b, BgpConnections: []model.RouteServerPeer{
			{Name: "p1", PeerIP: "10.0.1.4", PeerAsn: 65001, Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16"}, {Prefix: "10.0.0.0/8"}, {Prefix: "10.0.1.0/24"}, {Prefix: "172.30.0.0/16", NoAdvertise: true}}},
			{Name: "p2", PeerIP: "10.0.1.5", PeerAsn: 65002, Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16", AsPathPrepend: 2}}},
		}}},
	}
}

func TestRouteServer(t *testing.T) {
	off := rsDesign(false)
	r := Compute(&off, nil)
	for _, c := range []struct{ fact, got, want string }{
		{"rule:route-server.branch-to-branch: branch-to-branch off: NVA routes do not reach on-premises", best(r, "dc", "172.20.0.0/16"), "-"},
		{"rule:route-server.branch-to-branch: branch-to-branch off: VNet ranges still reach the NVAs", best(r, "nva1", "10.0.0.0/16"), "65515 i"},
		{"rule:route-server.no-vnet-prefix-injection: a supernet of the VNet is injected", programmed(r, "hub", "10.0.0.0/8"), "rs"},
		{"rule:route-server.no-vnet-prefix-injection: a prefix inside the VNet is not injected", programmed(r, "hub", "10.0.1.0/24"), "-"},
		{"rule:route-server.as-path-and-ecmp: the shorter AS path wins over a prepended one", best(r, "rs", "172.20.0.0/16"), "65001 i"},
		{"rule:route-server.no-advertise: NO_ADVERTISE is injected", programmed(r, "hub", "172.30.0.0/16"), "rs"},
		{"rule:route-server.no-advertise: NO_ADVERTISE is not advertised to other NVAs", best(r, "nva2", "172.30.0.0/16"), "-"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.fact, c.got, c.want)
		}
	}
	on := rsDesign(true)
	r = Compute(&on, nil)
	for _, c := range []struct{ fact, got, want string }{
		{"rule:route-server.branch-to-branch, rule:expressroute.private-asns-stripped: branch-to-branch on: NVA route reaches on-premises as 12076", best(r, "dc", "172.20.0.0/16"), "12076 i"},
		{"rule:route-server.as-path-passthrough: the NVA sees on-premises as 65515 12076 <onprem>", best(r, "nva1", "192.168.0.0/24"), "65515 12076 65150 i"},
		{"rule:route-server.no-advertise: NO_ADVERTISE is not sent to the gateways", best(r, "dc", "172.30.0.0/16"), "-"},
	} {
		if c.got != c.want {
			t.Errorf("%s: got %q, want %q", c.fact, c.got, c.want)
		}
	}
	// The NVA's outbound prefix-list limits what Route Server receives.
	filtered := rsDesign(false)
	filtered.RouteServers[0].BgpConnections[0].ExportPrefixList = []string{"10.0.0.0/8"}
	if got := best(Compute(&filtered, nil), "rs", "172.20.0.0/16"); got != "65002 65002 65002 i" {
		t.Errorf("exportPrefixList: nva1's 172.20.0.0/16 should be filtered, rs best = %q", got)
	}
	// rule:route-server.as-path-and-ecmp: withdrawing the better NVA lets the prepended one take over.
	r = Compute(&on, []model.Failure{{Kind: model.ApplianceDown, Target: "nva1"}})
	if got := best(r, "rs", "172.20.0.0/16"); got != "65002 65002 65002 i" {
		t.Errorf("rule:route-server.as-path-and-ecmp: standby path should take over, got %q", got)
	}
}

func TestVnet2Vnet(t *testing.T) {
	v2v := func(id, a, b string) model.Connection {
		return model.Connection{ID: id, ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: a, VirtualNetworkGateway2: b}
	}
	g := func(id, vnet string) model.VirtualNetworkGateway {
		return model.VirtualNetworkGateway{ID: id, VNet: vnet, GatewayType: model.GatewayVpn, Sku: "VpnGw1"}
	}
	topo := model.Topology{
		VNets:       []model.VNet{hub("v1", "10.1.0.0/16", "10.1.255.0/27"), hub("v2", "10.2.0.0/16", "10.2.255.0/27"), hub("v3", "10.3.0.0/16", "10.3.255.0/27")},
		Gateways:    []model.VirtualNetworkGateway{g("g1", "v1"), g("g2", "v2"), g("g3", "v3")},
		Connections: []model.Connection{v2v("12", "g1", "g2"), v2v("21", "g2", "g1"), v2v("23", "g2", "g3"), v2v("32", "g3", "g2")},
	}
	r := Compute(&topo, nil)
	if got := programmed(r, "v1", "10.2.0.0/16"); got != "g1" {
		t.Errorf("rule:s2s.vnet-to-vnet-auto-prefixes: v1 should route to v2's space, got %q", got)
	}
	if got := programmed(r, "v1", "10.3.0.0/16"); got != "-" {
		t.Errorf("rule:s2s.vnet-to-vnet-no-transit-without-bgp: no transit v1→v3 without BGP, got %q", got)
	}
	topo.Connections = topo.Connections[:1]
	if s, _ := Compute(&topo, nil).Session("12"); s.Up {
		t.Error("rule:s2s.vnet-to-vnet-two-connections: a one-way VNet-to-VNet connection must not come up")
	}
}

func TestP2S(t *testing.T) {
	topo := coexist()
	topo.Gateways[1].VpnClientConfiguration = &model.VpnClientConfiguration{VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{"172.16.50.0/24"}},
		CustomRoutes: &model.AddressSpace{AddressPrefixes: []string{"0.0.0.0/1", "128.0.0.0/1"}}}
	r := Compute(&topo, nil)
	p, ok := r.P2S(&topo, "vpngw")
	if !ok {
		t.Fatal("no P2S")
	}
	has := func(l []P2SRoute, pfx string) bool {
		for _, x := range l {
			if x.Prefix.String() == pfx {
				return true
			}
		}
		return false
	}
	for _, c := range []struct {
		fact string
		ok   bool
	}{
		{"rule:p2s.pushed-vnets: gateway VNet pushed", has(p.Windows, "10.0.0.0/16")},
		{"rule:p2s.pushed-vnets: transit spoke pushed", has(p.Windows, "10.1.0.0/16")},
		{"rule:p2s.pushed-vnets: peer without useRemoteGateways not pushed", !has(p.Windows, "10.2.0.0/16") && !has(p.Other, "10.2.0.0/16")},
		{"rule:p2s.custom-routes: custom routes pushed", has(p.Windows, "0.0.0.0/1") && has(p.Other, "128.0.0.0/1")},
		{"rule:p2s.windows-and-other-clients: BGP-learned prefix for non-Windows only", has(p.Other, "192.168.8.0/24") && !has(p.Windows, "192.168.8.0/24")},
		{"rule:peering.p2s-profile-refresh: profile warning", len(p.Warnings) > 0 && strings.Contains(strings.Join(p.Warnings, " "), "rule:peering.p2s-profile-refresh")},
	} {
		if !c.ok {
			t.Error(c.fact)
		}
	}
	// rule:bgp.what-gateway-advertises: the pool is advertised to BGP peers.
	if got := best(r, "dc", "172.16.50.0/24"); got == "-" {
		t.Error("rule:bgp.what-gateway-advertises: the P2S pool should be advertised on-premises")
	}
	if owner, ok := PoolOwner(&topo, netip.MustParseAddr("172.16.50.9")); !ok || owner != "vpngw" {
		t.Errorf("PoolOwner = %q, %v", owner, ok)
	}
}

func TestGatewayTransitFilterAndPreference(t *testing.T) {
	// rule:gateway-transit.exact-prefix-filtered: on-premises cannot advertise the exact VNet or transit-spoke
	// prefix to the gateway; a supernet is accepted.
	topo := coexist()
	topo.Sites[0].AdvertisedPrefixes = []string{"192.168.0.0/20", "10.1.0.0/16", "10.0.0.0/8"}
	r := Compute(&topo, nil)
	if got := best(r, "vpngw", "10.1.0.0/16"); got != "i" {
		t.Errorf("rule:gateway-transit.exact-prefix-filtered: the spoke prefix must stay the gateway's own, got %q", got)
	}
	if got := best(r, "vpngw", "10.0.0.0/8"); got != "65020 i" {
		t.Errorf("rule:gateway-transit.exact-prefix-filtered: a supernet is accepted, got %q", got)
	}
	// rule:route-server.routing-preference: Route Server's hubRoutingPreference.
	topo = coexist()
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
	topo.RouteServers = []model.RouteServer{{ID: "rs", VNet: "hub", AllowBranchToBranchTraffic: true}}
	for pref, want := range map[string]string{"": "ergw", "ExpressRoute": "ergw", "VpnGateway": "vpngw"} {
		topo.RouteServers[0].HubRoutingPreference = pref
		r := Compute(&topo, nil)
		if got := programmed(r, "hub", "192.168.0.0/20"); got != want {
			t.Errorf("rule:route-server.routing-preference hubRoutingPreference %q: programmed by %q, want %q", pref, got, want)
		}
	}
}

// TestRoundCap: a computation that hits the cap says so (bgp.not-converged)
// and still returns tables; a chain of speakers needs several rounds.
func TestRoundCap(t *testing.T) {
	topo := coexist()
	full := Compute(&topo, nil)
	if !full.Converged || full.Rounds < 3 {
		t.Fatalf("coexistence should need several rounds, took %d", full.Rounds)
	}
	capped := compute(&topo, nil, 1)
	if capped.Converged || capped.Rounds != 1 {
		t.Fatalf("capped run: converged=%v rounds=%d", capped.Converged, capped.Rounds)
	}
	found := false
	for _, d := range capped.Diagnostics {
		found = found || d.Code == "bgp.not-converged"
	}
	if !found || len(capped.Speakers()) != len(full.Speakers()) {
		t.Errorf("capped run must report bgp.not-converged and keep its tables: %v", capped.Diagnostics)
	}
}

// TestRouteServerWithStaticVpn: rule:route-server.vpn-gateway-active-active — BGP need not be enabled on the VPN
// gateway for Route Server branch-to-branch; its static LNG prefixes reach
// the ExpressRoute site (rule:expressroute.no-vpn-transit-without-route-server, rule:route-server.branch-to-branch).
func TestRouteServerWithStaticVpn(t *testing.T) {
	topo := coexist()
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
	topo.Gateways[1].EnableBgp = false
	topo.Sites = append(topo.Sites, site("branch", 0, "192.168.30.0/24"))
	topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, lng("branch-lng", "branch", 0, "192.168.30.0/24"))
	topo.Connections = append(topo.Connections, s2s("c-branch", "vpngw", "branch-lng", false))
	if got := best(Compute(&topo, nil), "dc", "192.168.30.0/24"); got != "-" {
		t.Fatalf("without Route Server the branch must not reach the ExpressRoute site: %q", got)
	}
	topo.RouteServers = []model.RouteServer{{ID: "rs", VNet: "hub", AllowBranchToBranchTraffic: true}}
	if got := best(Compute(&topo, nil), "dc", "192.168.30.0/24"); got != "12076 i" {
		t.Errorf("rule:expressroute.no-vpn-transit-without-route-server, rule:route-server.vpn-gateway-active-active: branch prefix over ExpressRoute = %q, want 12076 i", got)
	}
}

// TestSitePreference: a dual-homed site picks ExpressRoute for Azure's
// ranges only when it prefers it (rule:expressroute.preferred-over-vpn); otherwise the paths tie.
func TestSitePreference(t *testing.T) {
	topo := coexist()
	ribFrom := func(r *Result) (string, Reason) {
		for _, b := range r.RIB("dc") {
			if b.Prefix.String() == "10.0.0.0/16" {
				return b.Neighbor, b.Reason
			}
		}
		return "", ""
	}
	if _, why := ribFrom(Compute(&topo, nil)); !ecmpCites(why, "rule:vpn-gateway.active-active") {
		t.Errorf("without a preference the two paths tie (ECMP, the site router's reason), got %s", why)
	}
	topo.Sites[0].PreferExpressRoute = true
	if from, why := ribFrom(Compute(&topo, nil)); from != "ckt" || why != ReasonWeight {
		t.Errorf("rule:expressroute.preferred-over-vpn: preferExpressRoute should pick the circuit by weight, got %s (%s)", from, why)
	}
}

// TestSummarizedGatewayPrefixes: rule:gateway-transit.summarized-prefixes — the hub advertises its summaries
// instead of its range and of covered spoke ranges.
func TestSummarizedGatewayPrefixes(t *testing.T) {
	topo := coexist()
	topo.VNets[0].SummarizedGatewayPrefixes = []string{"10.0.0.0/15"}
	r := Compute(&topo, nil)
	for _, c := range []struct{ prefix, want string }{
		{"10.0.0.0/15", "12076 i"}, {"10.0.0.0/16", "-"}, {"10.1.0.0/16", "-"},
	} {
		if got := best(r, "dc", c.prefix); got != c.want {
			t.Errorf("rule:gateway-transit.summarized-prefixes: on-premises route for %s = %q, want %q", c.prefix, got, c.want)
		}
	}
	// Setting it on a spoke has no effect.
	topo = coexist()
	topo.VNets[1].SummarizedGatewayPrefixes = []string{"10.1.0.0/15"}
	if got := best(Compute(&topo, nil), "dc", "10.1.0.0/16"); got != "12076 i" {
		t.Errorf("rule:gateway-transit.summarized-prefixes: a spoke's summaries must be ignored, got %q", got)
	}
}

// TestCircuitHairpin: rule:expressroute.circuit-hairpin — two VNets linked to the same circuit learn
// each other's ranges through the MSEEs; rule:expressroute.no-transit-without-global-reach — the on-premises site of
// another circuit does not.
func TestCircuitHairpin(t *testing.T) {
	topo := model.Topology{
		VNets:       []model.VNet{hub("a", "10.1.0.0/16", "10.1.255.0/27"), hub("b", "10.2.0.0/16", "10.2.255.0/27")},
		Gateways:    []model.VirtualNetworkGateway{er("gwa", "a"), er("gwb", "b")},
		Sites:       []model.Site{site("dc", 65020, "192.168.0.0/24")},
		Circuits:    []model.ExpressRouteCircuit{circuit("ckt", "dc", 65020)},
		Connections: []model.Connection{erConn("ca", "gwa", "ckt", 0), erConn("cb", "gwb", "ckt", 0)},
	}
	r := Compute(&topo, nil)
	if got := programmed(r, "a", "10.2.0.0/16"); got != "gwa" {
		t.Errorf("rule:expressroute.circuit-hairpin: VNet a should reach b through the circuit, got %q", got)
	}
	if got := best(r, "gwa", "10.2.0.0/16"); got != "12076 i" {
		t.Errorf("rule:expressroute.circuit-hairpin: hairpin path = %q", got)
	}
	if got := best(r, "gwa", "10.1.0.0/16"); got != "i" {
		t.Errorf("a gateway must keep its own range, got %q", got)
	}
}

// TestVpnGatewayLearnsERPaths: rule:expressroute.failover-to-vpn — the VPN
// gateway next to an ExpressRoute gateway holds the ExpressRoute paths (as
// the MSEE sent them, weight 32769) and prefers them over its S2S paths,
// while what it advertises (rule:expressroute.no-vpn-transit-without-route-server),
// what it forwards on (Lookup) and the VNet's routes (rule:expressroute.preferred-over-vpn)
// stay as they were.
func TestVpnGatewayLearnsERPaths(t *testing.T) {
	topo := coexist()
	topo.Sites = append(topo.Sites, site("branch", 65030, "192.168.30.0/24"))
	topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, lng("branch-lng", "branch", 65030))
	topo.Connections = append(topo.Connections, s2s("c-branch", "vpngw", "branch-lng", true))
	r := Compute(&topo, nil)
	rib := map[string]Best{}
	for _, b := range r.RIB("vpngw") {
		rib[b.Prefix.String()] = b
	}
	if b := rib["192.168.0.0/20"]; b.Neighbor != "ergw" || b.ASPathString() != "12076 65020 i" || b.Weight != ERGatewayWeight || !b.ViaER ||
		b.Reason != ReasonERGateway || b.NextHop != "10.0.255.6" || b.Session != "c-er" {
		t.Errorf("shared prefix: %+v, want the ExpressRoute path from ergw (12076 65020, weight 32769)", b)
	}
	if b := rib["192.168.8.0/24"]; b.Neighbor != "dc" || b.ViaER {
		t.Errorf("VPN-only prefix: %+v, want the S2S path", b)
	}
	if b := rib["10.0.0.0/16"]; !b.Local {
		t.Errorf("the gateway's own range: %+v, want it local", b)
	}
	// It forwards and advertises as before: the S2S path, to the branch
	// with the gateway's ASN prepended; never the ExpressRoute path.
	if b, ok := r.Lookup("vpngw", netip.MustParseAddr("192.168.1.1")); !ok || b.Neighbor != "dc" || b.ViaER {
		t.Errorf("Lookup: %+v, want the S2S path", b)
	}
	if got := best(r, "branch", "192.168.0.0/20"); got != "65515 65020 i" {
		t.Errorf("the branch learns %q, want the S2S path 65515 65020 i", got)
	}
	for _, n := range r.Neighbors("vpngw") {
		for _, p := range n.Advertised {
			if p.ViaER || p.Neighbor == "ergw" {
				t.Errorf("vpngw advertises %s over %s from %s", p.Prefix, n.Session.ID, p.Neighbor)
			}
		}
	}
	if got := programmed(r, "hub", "192.168.0.0/20"); got != "ergw" {
		t.Errorf("the VNet's route for the shared prefix comes from %q, want ergw", got)
	}
	for _, sp := range r.Speakers() {
		if sp.ID != "vpngw" && !slices.EqualFunc(r.RIB(sp.ID), r.loc[sp.ID].flat(), Best.equal) {
			t.Errorf("%s: RIB differs from the Loc-RIB its exports use", sp.ID)
		}
	}
	// Without the circuit the S2S path is the best again.
	down := Compute(&topo, []model.Failure{{Kind: model.CircuitDown, Target: "ckt"}})
	if got := best(down, "vpngw", "192.168.0.0/20"); got != "65020 i" {
		t.Errorf("circuit down: vpngw best %q, want 65020 i", got)
	}
	// Two equal circuits: both ExpressRoute paths, as ECMP.
	two := coexist()
	two.Circuits = append(two.Circuits, model.ExpressRouteCircuit{ID: "ckt2", Site: "dc", PeerASN: 65020, PrimaryPeerAddressPrefix: "172.16.0.4/30", ExportPrefixList: []string{"192.168.0.0/20"}})
	two.Connections = append(two.Connections, erConn("c-er2", "ergw", "ckt2", 0))
	found := false
	for _, b := range Compute(&two, nil).RIB("vpngw") {
		if b.Prefix.String() != "192.168.0.0/20" {
			continue
		}
		found = true
		if b.Neighbor != "ergw" || len(b.Equal) != 1 || !ecmpCites(b.Reason, "rule:expressroute.connection-weight") || !slices.Equal(b.Multipath, []string{"ergw via c-er2"}) {
			t.Errorf("two circuits: %+v, want both ExpressRoute paths (ECMP)", b)
		}
	}
	if !found {
		t.Error("two circuits: vpngw has no route for the shared prefix")
	}
}

// TestBestCandidateMarksOpenTies: a VPN gateway's and Route Server's
// candidates of equal AS-path length are not separated by the documented
// order (rule:route-server.routing-preference): the first by speaker id
// wins, marked as a tie so that its reason says so; a shorter AS path, a
// lower origin (as Route Server compares them) or ExpressRoute under the
// default preference wins unmarked; Route Server's record of NVA paths
// tied with the gateway path it chose marks the gateway's route and is
// never a route itself.
func TestBestCandidateMarksOpenTies(t *testing.T) {
	cand := func(id string, er bool, plen int) programCand {
		return programCand{r: route.Route{Origin: route.Origin{Kind: route.FromGateway, ID: id}}, er: er, plen: plen}
	}
	tieOnly := func(c programCand) programCand { c.tieOnly = true; return c }
	withOrigin := func(c programCand, o Origin) programCand { c.origin = o; return c }
	for _, tc := range []struct {
		name string
		cs   []programCand
		pref Preference
		want string
		tie  bool
	}{
		{"VPN and NVA, equal paths", []programCand{cand("vpngw", false, 2), cand("rs", false, 2)}, PreferExpressRoute, "rs", true},
		{"VPN and NVA, shorter VPN path", []programCand{cand("vpngw", false, 1), cand("rs", false, 2)}, PreferExpressRoute, "vpngw", false},
		{"ExpressRoute preferred", []programCand{cand("vpngw", false, 1), cand("ergw", true, 3)}, PreferExpressRoute, "ergw", false},
		{"AS path only, equal", []programCand{cand("vpngw", false, 2), cand("ergw", true, 2)}, PreferASPath, "ergw", true},
		{"alone", []programCand{cand("vpngw", false, 2)}, PreferExpressRoute, "vpngw", false},
		{"Route Server chose the gateway over tied NVAs", []programCand{tieOnly(cand("rs", false, 2)), cand("vpngw", false, 2)}, PreferVpn, "vpngw", true},
		{"Route Server's tie record is never programmed", []programCand{tieOnly(cand("rs", false, 2))}, PreferVpn, "", false},
		{"lower origin wins, as at Route Server", []programCand{cand("vpngw", false, 2), withOrigin(cand("rs", false, 2), Incomplete)}, PreferVpn, "vpngw", false},
	} {
		got, ok := bestCandidate(tc.cs, tc.pref)
		if ok != (tc.want != "") {
			t.Errorf("%s: ok %v, want a route %v", tc.name, ok, tc.want != "")
		}
		if got.r.Origin.ID != tc.want || got.r.Tied() != tc.tie {
			t.Errorf("%s: %s tied %v, want %s tied %v", tc.name, got.r.Origin.ID, got.r.Tied(), tc.want, tc.tie)
		}
	}
}

// TestSessionASNRefused: a BGP connection whose ASNs are wrong does not
// bring its BGP session up, whichever side carries the wrong ASN: equal
// to the gateway's on the local network gateway or on the site's router
// (rule:bgp.distinct-asns), or a site router presenting another ASN than
// the one its local network gateway gives the gateway to expect
// (rule:s2s.local-network-gateway). The tunnel stays up and the LNG's
// static prefixes stay installed; nothing is learned over BGP.
func TestSessionASNRefused(t *testing.T) {
	for _, tc := range []struct {
		name          string
		gw, lng, site uint32
		up            bool
		why           string
	}{
		{"distinct ASNs", 65010, 65001, 65001, true, ""},
		{"the LNG's ASN is the gateway's", 65010, 65010, 65010, false, "rule:bgp.distinct-asns"},
		{"the site's ASN is the gateway's, the LNG's differs", 65050, 65060, 65050, false, "rule:bgp.distinct-asns"},
		{"the LNG's ASN is the gateway's, the site's differs", 65050, 65050, 65060, false, "rule:bgp.distinct-asns"},
		{"the site presents another ASN than its LNG's", 65010, 65060, 65001, false, "rule:s2s.local-network-gateway"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := model.Topology{
				VNets:                []model.VNet{hub("hub", "10.0.0.0/16", "10.0.255.0/27")},
				Gateways:             []model.VirtualNetworkGateway{vpn("gw", "hub", tc.gw, false)},
				Sites:                []model.Site{{ID: "a", Asn: tc.site, AddressPrefixes: []string{"192.168.1.0/24"}, AdvertisedPrefixes: []string{"192.168.1.0/24", "192.168.2.0/24"}}},
				LocalNetworkGateways: []model.LocalNetworkGateway{lng("la", "a", tc.lng, "192.168.1.0/24")},
				Connections:          []model.Connection{s2s("ca", "gw", "la", true)},
			}
			r := Compute(&topo, nil)
			s, _ := r.Session("ca")
			if s.Up != tc.up || !s.BGP || !strings.Contains(s.Why, tc.why) {
				t.Fatalf("session %+v: want BGP, up %v, why citing %q", s, tc.up, tc.why)
			}
			if got := programmed(r, "hub", "192.168.1.0/24"); got != "gw" {
				t.Errorf("the LNG's static prefix: programmed by %q, want gw", got)
			}
			learned := programmed(r, "hub", "192.168.2.0/24")
			if tc.up != (learned == "gw") {
				t.Errorf("the BGP-only prefix: programmed by %q with the session up %v", learned, tc.up)
			}
		})
	}
}

// TestCircuitModelsOnlyConfiguredSessions: a circuit runs a private-peering
// BGP session only on a link it is given (rule:expressroute.private-peering-sessions):
// without a secondary prefix (or without either) it has one session, and
// failing that session takes its routes down (audit n/f138_nosecondary).
func TestCircuitModelsOnlyConfiguredSessions(t *testing.T) {
	for _, tc := range []struct {
		name               string
		primary, secondary string
		of                 int
	}{
		{"both", "172.16.0.0/30", "172.16.0.4/30", 2},
		{"no secondary", "172.16.0.0/30", "", 1},
		{"neither", "", "", 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := coexist()
			topo.Circuits[0].PrimaryPeerAddressPrefix, topo.Circuits[0].SecondaryPeerAddressPrefix = tc.primary, tc.secondary
			r := Compute(&topo, nil)
			if s := circuitSession(r, "ckt"); s == nil || s.Of != tc.of || s.Tunnels != tc.of {
				t.Fatalf("session %+v, want %d/%d up", s, tc.of, tc.of)
			}
			down := Compute(&topo, []model.Failure{{Kind: model.CircuitSessionDown, Target: "ckt/primary"}})
			want := "ergw"
			if tc.of == 1 {
				want = "vpngw" // the only session is down: the circuit's routes are withdrawn
				if s := circuitSession(down, "ckt"); s == nil || s.Up || !strings.Contains(s.Why, "only BGP session") {
					t.Errorf("session after primary down %+v, want down because it is the only one", s)
				}
			}
			if got := programmed(down, "hub", "192.168.0.0/20"); got != want {
				t.Errorf("after ckt/primary down 192.168.0.0/20 is programmed by %q, want %q", got, want)
			}
		})
	}
}

// circuitSession returns circuit id's private-peering session in r.
func circuitSession(r *Result, id string) *Session {
	for _, s := range r.Sessions() {
		if s.ID == id && s.Kind == SessPeering {
			return &s
		}
	}
	return nil
}

// TestP2SSelectorsCountLocalNetworks: the traffic selectors of Windows
// IKEv2 clients count the VNet's ranges, the local networks, VNet-to-VNet
// links and peered VNets (rule:p2s.traffic-selector-limits), even when the
// static local networks are not pushed as routes: 30 static LNG prefixes
// exceed 25 (audit m/f130_lng30).
func TestP2SSelectorsCountLocalNetworks(t *testing.T) {
	var statics []string
	for i := range 30 {
		statics = append(statics, fmt.Sprintf("172.20.%d.0/24", i))
	}
	gw := vpn("gw", "hub", 0, false)
	gw.EnableBgp, gw.BgpSettings = false, nil
	gw.VpnClientConfiguration = &model.VpnClientConfiguration{VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{"192.168.0.0/24"}}}
	topo := model.Topology{
		VNets:                []model.VNet{hub("hub", "10.1.0.0/16", "10.1.255.0/27")},
		Gateways:             []model.VirtualNetworkGateway{gw},
		Sites:                []model.Site{{ID: "site", AddressPrefixes: statics}},
		LocalNetworkGateways: []model.LocalNetworkGateway{lng("site-lng", "site", 0, statics...)},
		Connections:          []model.Connection{s2s("c", "gw", "site-lng", false)},
	}
	r := Compute(&topo, nil)
	p, ok := r.P2S(&topo, "gw")
	if !ok {
		t.Fatal("no P2S answer")
	}
	if !slices.ContainsFunc(p.Warnings, func(w string) bool {
		return strings.Contains(w, "rule:p2s.traffic-selector-limits") && strings.Contains(w, "32")
	}) {
		t.Errorf("warnings %q: want the selector warning counting 32 (VNet, pool, 30 local networks)", p.Warnings)
	}
}

// TestTransitOnlyOverUsablePeerings: a peering Azure refuses or never
// builds carries no gateway transit, exactly as the data plane leaves it
// out (rule:peering.no-overlap, rule:gateway-transit.spoke-advertised-on-premises):
// the hub's gateways do not advertise the spoke's ranges over a peering
// whose address spaces overlap, nor over a second peering of the same two
// VNets when the first (by id, the one the data plane uses) sets no transit.
func TestTransitOnlyOverUsablePeerings(t *testing.T) {
	cases := []struct {
		name   string
		edit   func(*model.Topology)
		prefix string
		want   string
	}{
		{"usable peering: control", func(*model.Topology) {}, "10.1.0.0/16", "12076 i"},
		{"spoke overlaps the hub", func(t *model.Topology) {
			t.VNets[1].AddressSpace.AddressPrefixes = append(t.VNets[1].AddressSpace.AddressPrefixes, "10.0.128.0/17")
		}, "10.1.0.0/16", "-"},
		{"spoke's overlapping range", func(t *model.Topology) {
			t.VNets[1].AddressSpace.AddressPrefixes = append(t.VNets[1].AddressSpace.AddressPrefixes, "10.0.128.0/17")
		}, "10.0.128.0/17", "-"},
		{"an earlier duplicate without transit", func(t *model.Topology) {
			t.Peerings = append(t.Peerings, model.Peering{ID: "a-dup", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "spoke"}})
		}, "10.1.0.0/16", "-"},
		{"a later duplicate without transit", func(t *model.Topology) {
			t.Peerings = append(t.Peerings, model.Peering{ID: "z-dup", A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: "spoke"}})
		}, "10.1.0.0/16", "12076 i"},
	}
	base := coexist()
	prev := Compute(&base, nil)
	for _, c := range cases {
		topo := coexist()
		c.edit(&topo)
		// Update from the usable design must see the change too (inputKey).
		for _, x := range []struct {
			how string
			r   *Result
		}{{"Compute", Compute(&topo, nil)}, {"Update", Update(prev, &topo, nil)}} {
			how, r := x.how, x.r
			if got := best(r, "dc", c.prefix); got != c.want {
				t.Errorf("%s (%s): on-premises route for %s = %q, want %q", c.name, how, c.prefix, got, c.want)
			}
			if serves, want := r.Serves("hub", "spoke"), c.want != "-"; serves != want {
				t.Errorf("%s (%s): Serves(hub, spoke) = %v, want %v", c.name, how, serves, want)
			}
		}
	}
}

// TestParsePreference: hubRoutingPreference is read in any case, as ARM
// reads enum values (rule:route-server.routing-preference); empty is ExpressRoute.
func TestParsePreference(t *testing.T) {
	for s, want := range map[string]Preference{
		"": PreferExpressRoute, "ExpressRoute": PreferExpressRoute, "expressroute": PreferExpressRoute,
		"VpnGateway": PreferVpn, "vpngateway": PreferVpn, "VPNGateway": PreferVpn,
		"ASPath": PreferASPath, "AsPath": PreferASPath, "aspath": PreferASPath,
	} {
		if got := ParsePreference(s); got != want {
			t.Errorf("ParsePreference(%q) = %d, want %d", s, got, want)
		}
	}
}
