package conformance_test

// Conformance tests of docs/rules/route-server.md (Azure Route Server).
// Helpers are prefixed "rs" so they cannot clash with other pages'.

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/bgp"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
	"vnetplay/engine/whatif"
)

// rsHub is VNet hub 10.0.0.0/16 with subnets app 10.0.1.0/24 (VM vm at
// 10.0.1.4), nva 10.0.2.0/24 (forwarding VMs nva1 10.0.2.4 and nva2
// 10.0.2.5), RouteServerSubnet 10.0.254.0/26 and GatewaySubnet
// 10.0.255.0/27, and Route Server rs with the BGP peers p1 (nva1, AS 65001)
// and p2 (nva2, AS 65002) announcing adv1 and adv2.
func rsHub(adv1, adv2 []model.Advertisement) model.Topology {
	return model.Topology{
		VNets: []model.VNet{hsVNet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "nva=10.0.2.0/24",
			model.RouteServerSubnet+"=10.0.254.0/26", model.GatewaySubnet+"=10.0.255.0/27")},
		VMs: []model.VM{hsVM("vm", "hub/app", "10.0.1.4"), hsNVA("nva1", "hub/nva", "10.0.2.4"), hsNVA("nva2", "hub/nva", "10.0.2.5")},
		RouteServers: []model.RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []model.RouteServerPeer{
			{Name: "p1", PeerIP: "10.0.2.4", PeerAsn: 65001, Advertise: adv1},
			{Name: "p2", PeerIP: "10.0.2.5", PeerAsn: 65002, Advertise: adv2},
		}}},
	}
}

// rsAdv announces each prefix once, without prepending.
func rsAdv(prefixes ...string) []model.Advertisement {
	out := make([]model.Advertisement, len(prefixes))
	for i, p := range prefixes {
		out[i] = model.Advertisement{Prefix: p}
	}
	return out
}

// rsWithER adds an ErGw1AZ gateway ergw to the hub, linked to circuit ckt
// of site dc (AS 65150, 192.168.0.0/24, host dc/h 192.168.0.10), as in
// field note 004.
func rsWithER(t *model.Topology) {
	t.Gateways = append(t.Gateways, hsERGateway("ergw", "hub"))
	t.Sites = append(t.Sites, hsSite("dc", 65150, "192.168.0.0/24", "192.168.0.10"))
	t.Circuits = append(t.Circuits, hsCircuit("ckt", "dc", 65150, 0))
	t.Connections = append(t.Connections, hsERConn("er", "ergw", "ckt", 0))
}

// rsWithVPN adds a VpnGw1AZ gateway vpngw to the hub (BGP on asn,
// active-active when aa) with a BGP S2S connection to site branch (AS
// 65010, 192.168.10.0/24, host branch/h 192.168.10.10).
func rsWithVPN(t *model.Topology, aa bool, asn uint32) {
	g := hsVpnGateway("vpngw", "hub", asn)
	g.Sku, g.ActiveActive = "VpnGw1AZ", aa
	t.Gateways = append(t.Gateways, g)
	t.Sites = append(t.Sites, hsSite("branch", 65010, "192.168.10.0/24", "192.168.10.10"))
	t.LocalNetworkGateways = append(t.LocalNetworkGateways, hsBgpLNG("branch-lng", "branch", 65010, "192.168.10.1"))
	t.Connections = append(t.Connections, hsIPsec("branch-s2s", "vpngw", "branch-lng", true))
}

// rsSpoke adds VNet id (10.n.0.0/16, subnet app 10.n.1.0/24, VM vm-<id> at
// 10.n.1.4) peered with the hub: with gateway transit (allowGatewayTransit
// on the hub's link, useRemoteGateways on the spoke's) when transit is set,
// else a plain peering.
func rsSpoke(t *model.Topology, id string, n int, transit bool) {
	net := fmt.Sprintf("10.%d", n)
	t.VNets = append(t.VNets, hsVNet(id, net+".0.0/16", "app="+net+".1.0/24"))
	t.VMs = append(t.VMs, hsVM("vm-"+id, id+"/app", net+".1.4"))
	if transit {
		t.Peerings = append(t.Peerings, hsTransitPeering("hub-"+id, "hub", id))
	} else {
		t.Peerings = append(t.Peerings, hsPeering("hub-"+id, "hub", id))
	}
}

// rsNVAExit associates with hub/nva a route table that sends prefixes to
// the Internet: a packet an NVA forwards then leaves instead of following
// the Route Server route back to the NVA (rule:route-server.nva-subnet-loop).
func rsNVAExit(t *model.Topology, prefixes ...string) {
	rt := model.RouteTable{ID: "nva-rt"}
	for i, p := range prefixes {
		rt.Routes = append(rt.Routes, model.Route{Name: fmt.Sprint("out", i), AddressPrefix: p, NextHopType: model.HopInternet})
	}
	t.RouteTables = append(t.RouteTables, rt)
	for i := range t.VNets[0].Subnets {
		if t.VNets[0].Subnets[i].Name == "nva" {
			t.VNets[0].Subnets[i].RouteTable = "nva-rt"
		}
	}
}

// rsSession returns a session of p's control plane (zero when absent).
func rsSession(p *dataplane.Plane, id string) (bgp.Session, bool) {
	if p.BGP() == nil {
		return bgp.Session{}, false
	}
	return p.BGP().Session(id)
}

// rsPath is speaker's best AS path and origin for prefix ("-" when none).
func rsPath(p *dataplane.Plane, speaker, prefix string) string {
	if b, ok := hsBest(p, speaker, prefix); ok {
		return b.ASPathString()
	}
	return "-"
}

// rsGatewayRoute returns subnet's VirtualNetworkGateway-source route for
// exactly prefix.
func rsGatewayRoute(t *testing.T, p *dataplane.Plane, subnet, prefix string) (route.Effective, bool) {
	t.Helper()
	for _, e := range hsRoutes(t, p, subnet, prefix) {
		if e.Source == route.Gateway {
			return e, true
		}
	}
	return route.Effective{}, false
}

// rsHops lists the nodes of a walk (forward direction).
func rsHops(tr *trace.Trace) []string {
	out := make([]string, 0, len(tr.Hops))
	for _, h := range tr.Hops {
		out = append(out, h.Node)
	}
	return out
}

// TestRule_route_server_asn_and_peers checks rule:route-server.asn-and-peers:
// Route Server is AS 65515 and peers over eBGP with NVAs on another
// (16-bit) ASN; an NVA on 65515 or on a 32-bit ASN is rejected and gets no
// session, and when an NVA fails its routes are withdrawn after the 180 s
// hold time (rule:route-server.asn-and-peers).
func TestRule_route_server_asn_and_peers(t *testing.T) {
	topo := rsHub(rsAdv("172.20.0.0/16"), nil)
	p := hsPlane(t, topo)
	if sp, ok := p.BGP().Speaker("rs"); !ok || sp.ASN != 65515 || sp.Kind != bgp.RouteServer {
		t.Errorf("Route Server speaker %+v, want AS 65515", sp)
	}
	if s, ok := rsSession(p, "rs/p1"); !ok || !s.Up || s.Kind != bgp.SessRouteServer {
		t.Errorf("session rs/p1 with the NVA on AS 65001: %+v, want an up Route Server session", s)
	}
	// eBGP: the NVA sees the VNet range with Route Server's 65515 in front,
	// from an address of RouteServerSubnet (the field note's .4).
	b, ok := hsBest(p, "nva1", "10.0.0.0/16")
	if !ok || b.ASPathString() != "65515 i" {
		t.Errorf("nva1's path to the VNet: %q, want \"65515 i\"", b.ASPathString())
	}
	if a, err := netip.ParseAddr(b.NextHop); err != nil || !netip.MustParsePrefix("10.0.254.0/26").Contains(a) {
		t.Errorf("nva1 learns the VNet from %q, want an address of RouteServerSubnet 10.0.254.0/26", b.NextHop)
	}
	if ds := hsDiags(topo); hsHasDiag(ds, "routeserver.peer-asn", model.Error) || hsHasDiag(ds, "bgp.asn-reserved", model.Error) {
		t.Errorf("valid NVA ASNs flagged:%s", hsDiagCodes(ds))
	}

	for _, tc := range []struct {
		asn    uint32
		code   string // validator error expected ("" none)
		noSess bool   // Azure accepts no session
	}{
		{65001, "", false},
		{64512, "", false},
		{65514, "", false},
		{65515, "routeserver.peer-asn", true},
		{65517, "bgp.asn-reserved", true},
		{12076, "bgp.asn-reserved", true},
		{4200000001, "routeserver.peer-asn", true},
	} {
		t.Run(fmt.Sprint(tc.asn), func(t *testing.T) {
			topo := rsHub(rsAdv("172.20.0.0/16"), nil)
			topo.RouteServers[0].BgpConnections[0].PeerAsn = tc.asn
			ds := hsDiags(topo)
			if tc.code != "" && !hsHasDiag(ds, tc.code, model.Error) {
				t.Errorf("NVA on AS %d: want %s error, got%s", tc.asn, tc.code, hsDiagCodes(ds))
			}
			if tc.code == "" && (hsHasDiag(ds, "routeserver.peer-asn", model.Error) || hsHasDiag(ds, "bgp.asn-reserved", model.Error)) {
				t.Errorf("NVA on AS %d rejected:%s", tc.asn, hsDiagCodes(ds))
			}
			if !tc.noSess {
				return
			}
			p := hsPlane(t, topo)
			s, _ := rsSession(p, "rs/p1")
			_, programmed := rsGatewayRoute(t, p, "hub/app", "172.20.0.0/16")
			if s.Up || programmed {
				t.Errorf("NVA on AS %d: session up=%v, route programmed=%v; want no session", tc.asn, s.Up, programmed)
			}
			if want := map[string]string{"routeserver.peer-asn": "rule:route-server.asn-and-peers", "bgp.asn-reserved": "rule:bgp.reserved-asns"}[tc.code]; !strings.Contains(s.Why, want) {
				t.Errorf("session down reason %q, want it to cite %s", s.Why, want)
			}
		})
	}

	// The hold time: a failed NVA's routes go after 180 s at worst.
	for _, f := range []model.Failure{{Kind: model.ApplianceDown, Target: "nva1"}, {Kind: model.RouteServerPeerDown, Target: "rs/p1"}} {
		notes := strings.Join(whatif.Notes(&topo, []model.Failure{f}), "\n")
		if !strings.Contains(notes, "180 s") || !strings.Contains(notes, "rule:route-server.asn-and-peers") {
			t.Errorf("what-if notes for %s: %q, want the 180 s hold time", f, notes)
		}
		if _, ok := rsGatewayRoute(t, hsPlane(t, topo, f), "hub/app", "172.20.0.0/16"); ok {
			t.Errorf("%s: the NVA's route is still programmed", f)
		}
	}
}

// TestRule_route_server_subnet checks rule:route-server.subnet: Route Server
// needs a subnet named RouteServerSubnet of /26 or larger (section W),
// without route table or NSG, and a VNet holds at most one Route Server
// (rule:route-server.subnet).
func TestRule_route_server_subnet(t *testing.T) {
	codes := []string{"routeserver.no-subnet", "routeserver.duplicate", "subnet.routeserver-too-small", "subnet.routeserver-route-table", "subnet.routeserver-nsg"}
	rsSubnetAt := func(topo *model.Topology) *model.Subnet {
		for i := range topo.VNets[0].Subnets {
			if topo.VNets[0].Subnets[i].Name == model.RouteServerSubnet {
				return &topo.VNets[0].Subnets[i]
			}
		}
		t.Fatal("no RouteServerSubnet")
		return nil
	}
	for _, tc := range []struct {
		name string
		edit func(*model.Topology)
		want string // the one error expected ("" none)
	}{
		{"/26", func(*model.Topology) {}, ""},
		{"/25", func(t *model.Topology) { rsSubnetAt(t).AddressPrefix = "10.0.254.0/25" }, ""},
		{"/27 (2021 quickstart only)", func(t *model.Topology) { rsSubnetAt(t).AddressPrefix = "10.0.254.0/27" }, "subnet.routeserver-too-small"},
		{"no RouteServerSubnet", func(t *model.Topology) {
			t.VNets[0].Subnets = slices.DeleteFunc(t.VNets[0].Subnets, func(s model.Subnet) bool { return s.Name == model.RouteServerSubnet })
		}, "routeserver.no-subnet"},
		{"subnet named otherwise", func(t *model.Topology) { rsSubnetAt(t).Name = "ars" }, "routeserver.no-subnet"},
		{"two Route Servers", func(t *model.Topology) {
			t.RouteServers = append(t.RouteServers, model.RouteServer{ID: "rs2", VNet: "hub"})
		}, "routeserver.duplicate"},
		{"route table", func(t *model.Topology) {
			t.RouteTables = []model.RouteTable{{ID: "rt"}}
			rsSubnetAt(t).RouteTable = "rt"
		}, "subnet.routeserver-route-table"},
		{"NSG", func(t *model.Topology) {
			t.NSGs = []model.NSG{{ID: "nsg"}}
			rsSubnetAt(t).NetworkSecurityGroup = "nsg"
		}, "subnet.routeserver-nsg"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := rsHub(rsAdv("172.20.0.0/16"), nil)
			tc.edit(&topo)
			ds := model.Validate(&topo, dataplane.KnownServices())
			for _, c := range codes {
				if got := hsHasDiag(ds, c, model.Error); got != (c == tc.want) {
					t.Errorf("%s error: %v, want %v;%s", c, got, c == tc.want, hsDiagCodes(ds))
				}
			}
		})
	}
}

// TestRule_route_server_control_plane_only checks
// rule:route-server.control-plane-only: Route Server only exchanges
// routes; packets go from the VM straight to the NVA's address, and from a
// gateway that learned the route through Route Server straight to the NVA
// (rule:route-server.control-plane-only).
func TestRule_route_server_control_plane_only(t *testing.T) {
	topo := rsHub(rsAdv("172.20.0.0/16"), nil)
	rsWithER(&topo)
	topo.RouteServers[0].AllowBranchToBranchTraffic = true
	rsNVAExit(&topo, "172.20.0.0/16")
	p := hsPlane(t, topo)
	nh := hsNextHop(t, p, "hub/app", "172.20.1.1")
	if nh.NextHopType != route.VirtualNetworkGateway || nh.NextHopIPAddress != "10.0.2.4" {
		t.Errorf("Next hop from hub/app: %s %s, want VirtualNetworkGateway to the NVA 10.0.2.4 (not Route Server's 10.0.254.x)", nh.NextHopType, nh.NextHopIPAddress)
	}
	for _, from := range []string{"vm", "dc/h"} {
		tr := hsTrace(t, p, from, "172.20.1.1")
		hsWantDisp(t, from+" → 172.20.1.1 through the NVA", tr, trace.ExitsToInternet)
		hops := rsHops(tr)
		if !slices.Contains(hops, "nva1/nic0") || slices.Contains(hops, "rs") {
			t.Errorf("%s → 172.20.1.1 hops %v, want through nva1/nic0 and never through Route Server", from, hops)
		}
	}
}

// TestRule_route_server_routes_shown_as_gateway checks
// rule:route-server.routes-shown-as-gateway: an NVA route injected by Route
// Server is listed with source VirtualNetworkGateway, next-hop type
// VirtualNetworkGateway and the NVA's address as next-hop IP
// (rule:route-server.routes-shown-as-gateway).
func TestRule_route_server_routes_shown_as_gateway(t *testing.T) {
	p := hsPlane(t, rsHub(rsAdv("172.20.0.0/16"), nil))
	e, ok := hsActive(t, p, "hub/app", "172.20.0.0/16")
	switch {
	case !ok:
		t.Fatal("no active route for 172.20.0.0/16 in hub/app")
	case e.Source != route.Gateway || e.NextHop != route.VirtualNetworkGateway:
		t.Errorf("route %s/%s, want source VirtualNetworkGateway and next hop VirtualNetworkGateway", e.Source, e.NextHop)
	case e.NextHopIP != netip.MustParseAddr("10.0.2.4"):
		t.Errorf("next-hop IP %s, want the NVA's 10.0.2.4", e.NextHopIP)
	case e.Origin.Kind != route.FromGateway || e.Origin.ID != "rs":
		t.Errorf("origin %s, want Route Server rs", e.Origin)
	}
}

// TestRule_route_server_injection_scope checks
// rule:route-server.injection-scope: Route Server injects NVA routes into
// every subnet of its VNet and into spokes peered with useRemoteGateways
// (and allowGatewayTransit on the hub), not into other spokes; it advertises
// the VNet's and the transit spokes' ranges to the NVAs
// (rule:route-server.injection-scope).
func TestRule_route_server_injection_scope(t *testing.T) {
	topo := rsHub(rsAdv("172.20.0.0/16"), nil)
	rsSpoke(&topo, "spoke1", 1, true)
	rsSpoke(&topo, "spoke2", 2, false)
	rsNVAExit(&topo, "172.20.0.0/16")
	if ds := hsDiags(topo); hsHasDiag(ds, "peering.remote-has-no-gateway", model.Error) || hsHasDiag(ds, "peering.transit-without-gateway", model.Warning) {
		t.Errorf("a Route Server is what useRemoteGateways and allowGatewayTransit need:%s", hsDiagCodes(ds))
	}
	p := hsPlane(t, topo)
	for _, sn := range []string{"hub/app", "hub/" + model.GatewaySubnet, "spoke1/app"} {
		if e, ok := hsActive(t, p, sn, "172.20.0.0/16"); !ok || e.Source != route.Gateway || e.NextHopIP != netip.MustParseAddr("10.0.2.4") {
			t.Errorf("%s: active route %v (found %v), want the NVA route injected by Route Server", sn, e, ok)
		}
	}
	if e, ok := rsGatewayRoute(t, p, "spoke2/app", "172.20.0.0/16"); ok {
		t.Errorf("spoke2 (no useRemoteGateways) got the NVA route %v", e)
	}
	for prefix, want := range map[string]string{"10.0.0.0/16": "65515 i", "10.1.0.0/16": "65515 i", "10.2.0.0/16": "-"} {
		if got := rsPath(p, "nva1", prefix); got != want {
			t.Errorf("nva1's route to %s: %q, want %q", prefix, got, want)
		}
	}
	hsWantDisp(t, "spoke1 → NVA prefix", hsTrace(t, p, "vm-spoke1", "172.20.1.1"), trace.ExitsToInternet)
	if tr := hsTrace(t, p, "vm-spoke1", "172.20.1.1"); !slices.Contains(rsHops(tr), "nva1/nic0") {
		t.Errorf("spoke1 → 172.20.1.1 hops %v, want through nva1/nic0", rsHops(tr))
	}
	if tr := hsTrace(t, p, "vm-spoke2", "172.20.1.1"); slices.Contains(rsHops(tr), "nva1/nic0") {
		t.Errorf("spoke2 → 172.20.1.1 hops %v: a spoke without useRemoteGateways must not reach the NVA by Route Server", rsHops(tr))
	}
}

// TestRule_route_server_no_vnet_prefix_injection checks
// rule:route-server.no-vnet-prefix-injection: an NVA route equal to or
// inside the VNet's space (or, vnetplay's choice, a transit spoke's) is
// not injected, a supernet is, and an injected route still loses to the
// VNet and peering system routes (rule:route-server.no-vnet-prefix-injection).
func TestRule_route_server_no_vnet_prefix_injection(t *testing.T) {
	topo := rsHub(rsAdv("10.0.0.0/16", "10.0.1.0/24", "10.0.0.0/8", "10.1.1.0/24"), nil)
	rsSpoke(&topo, "spoke1", 1, false)
	p := hsPlane(t, topo)
	for _, prefix := range []string{"10.0.0.0/16", "10.0.1.0/24"} {
		if e, ok := rsGatewayRoute(t, p, "hub/app", prefix); ok {
			t.Errorf("hub/app: %s (inside the VNet) was injected: %v", prefix, e)
		}
	}
	if e, ok := hsActive(t, p, "hub/app", "10.0.0.0/8"); !ok || e.Source != route.Gateway || e.Origin.ID != "rs" {
		t.Errorf("hub/app: the supernet 10.0.0.0/8 should be injected and active, got %v (%v)", e, ok)
	}
	for dst, want := range map[string]route.NextHopType{
		"10.0.2.5": route.VnetLocal,             // the VNet's own range wins
		"10.1.1.4": route.VNetPeering,           // the peering route beats the more specific NVA route
		"10.9.0.1": route.VirtualNetworkGateway, // only the supernet covers it
	} {
		if nh := hsNextHop(t, p, "hub/app", dst); nh.NextHopType != want {
			t.Errorf("Next hop hub/app → %s: %s, want %s", dst, nh.NextHopType, want)
		}
	}
	if e, ok := rsGatewayRoute(t, p, "hub/app", "10.1.1.0/24"); ok && e.State != route.Invalid {
		t.Errorf("the NVA's 10.1.1.0/24 must lose to the peering route, is %s (%s)", e.State, e.Reason)
	}
	tr := hsTrace(t, p, "vm", "vm-spoke1")
	hsWantDisp(t, "vm → spoke1 over the peering", tr, trace.Delivered)
	if slices.Contains(rsHops(tr), "nva1/nic0") {
		t.Errorf("vm → spoke1 hops %v, want straight over the peering", rsHops(tr))
	}
	// A transit spoke's range is one Route Server advertises as its own
	// (rule:route-server.injection-scope); the docs speak of its VNet only,
	// and vnetplay leaves out a prefix inside a transit spoke's range as it
	// does one inside the hub's, in the hub and in the spoke (section W).
	topo = rsHub(rsAdv("10.0.1.0/24", "10.2.1.0/24", "10.0.0.0/8"), nil)
	rsSpoke(&topo, "spoke2", 2, true)
	p = hsPlane(t, topo)
	for _, subnet := range []string{"hub/app", "spoke2/app"} {
		for _, prefix := range []string{"10.0.1.0/24", "10.2.1.0/24"} {
			if e, ok := rsGatewayRoute(t, p, subnet, prefix); ok {
				t.Errorf("%s: %s (inside Route Server's VNet or a transit spoke) was injected: %v (%s)", subnet, prefix, e, e.Reason)
			}
		}
		if e, ok := hsActive(t, p, subnet, "10.0.0.0/8"); !ok || e.Source != route.Gateway || e.Origin.ID != "rs" {
			t.Errorf("%s: the supernet 10.0.0.0/8 should be injected and active, got %v (%v)", subnet, e, ok)
		}
	}
}

// TestRule_route_server_as_path_and_ecmp checks
// rule:route-server.as-path-and-ecmp: of several NVAs announcing a prefix,
// the shortest AS path is programmed and a prepended one waits as standby
// until the better route is withdrawn; equal AS paths are all programmed
// and hosts spread flows by ECMP (rule:route-server.as-path-and-ecmp).
func TestRule_route_server_as_path_and_ecmp(t *testing.T) {
	hops := func(p *dataplane.Plane) []string {
		e, ok := hsActive(t, p, "hub/app", "172.20.0.0/16")
		if !ok {
			return nil
		}
		return e.NextHopIPStrings()
	}
	equal := rsHub(rsAdv("172.20.0.0/16"), rsAdv("172.20.0.0/16"))
	p := hsPlane(t, equal)
	if got := hops(p); !slices.Equal(got, []string{"10.0.2.4", "10.0.2.5"}) {
		t.Errorf("equal AS paths: next hops %v, want both NVAs (ECMP)", got)
	}
	rsNVAExit(&equal, "172.20.0.0/16")
	tr := hsTrace(t, hsPlane(t, equal), "vm", "172.20.1.1")
	if h := rsHops(tr); !slices.Contains(h, "nva1/nic0") && !slices.Contains(h, "nva2/nic0") {
		t.Errorf("ECMP walk hops %v, want through one of the NVAs", h)
	}

	prepended := rsHub(rsAdv("172.20.0.0/16"), []model.Advertisement{{Prefix: "172.20.0.0/16", AsPathPrepend: 2}})
	p = hsPlane(t, prepended)
	if got := hops(p); !slices.Equal(got, []string{"10.0.2.4"}) {
		t.Errorf("nva2 prepended: next hops %v, want only nva1", got)
	}
	if b, ok := hsBest(p, "rs", "172.20.0.0/16"); !ok || b.PathOnly() != "65001" || b.Reason != bgp.ReasonASPath {
		t.Errorf("Route Server's best: %q (%s), want 65001 by the shorter AS path", b.PathOnly(), b.Reason)
	}
	p = hsPlane(t, prepended, model.Failure{Kind: model.ApplianceDown, Target: "nva1"})
	if got := hops(p); !slices.Equal(got, []string{"10.0.2.5"}) {
		t.Errorf("nva1 down: next hops %v, want the standby nva2", got)
	}
	p = hsPlane(t, prepended, model.Failure{Kind: model.RouteServerPeerDown, Target: "rs/p1"})
	if got := hops(p); !slices.Equal(got, []string{"10.0.2.5"}) {
		t.Errorf("session to nva1 down: next hops %v, want the standby nva2", got)
	}
}

// TestRule_route_server_branch_to_branch checks
// rule:route-server.branch-to-branch: with allowBranchToBranchTraffic off
// (the default) Route Server exchanges no routes with the VNet's gateways,
// while NVA routes still reach the VNet and VNet ranges the NVAs; on, NVAs
// and both gateways learn each other's routes, giving transit between
// ExpressRoute and S2S VPN but never P2S (rule:route-server.branch-to-branch).
func TestRule_route_server_branch_to_branch(t *testing.T) {
	build := func(b2b bool) model.Topology {
		topo := rsHub(rsAdv("172.20.0.0/16"), nil)
		rsWithER(&topo)
		rsWithVPN(&topo, true, 65515)
		topo.Gateways[1].VpnClientConfiguration = hsP2S("172.16.50.0/24", "172.16.50.10", "172.16.50.11")
		topo.RouteServers[0].AllowBranchToBranchTraffic = b2b
		rsNVAExit(&topo, "172.20.0.0/16")
		return topo
	}
	if (model.RouteServer{}).AllowBranchToBranchTraffic {
		t.Error("allowBranchToBranchTraffic must default to off")
	}
	t.Run("off", func(t *testing.T) {
		p := hsPlane(t, build(false))
		for _, c := range []struct{ speaker, prefix, want string }{
			{"dc", "172.20.0.0/16", "-"},       // NVA route not sent to ExpressRoute
			{"branch", "172.20.0.0/16", "-"},   // nor to the VPN
			{"nva1", "192.168.0.0/24", "-"},    // on-premises not sent to the NVA
			{"nva1", "192.168.10.0/24", "-"},   // nor the VPN branch
			{"nva1", "10.0.0.0/16", "65515 i"}, // VNet ranges still reach the NVA
			{"dc", "192.168.10.0/24", "-"},     // no ER ↔ VPN transit
		} {
			if got := rsPath(p, c.speaker, c.prefix); got != c.want {
				t.Errorf("%s's route to %s: %q, want %q", c.speaker, c.prefix, got, c.want)
			}
		}
		if _, ok := rsGatewayRoute(t, p, "hub/app", "172.20.0.0/16"); !ok {
			t.Error("NVA routes must still reach the VNet")
		}
		for _, id := range []string{"rs~ergw", "rs~vpngw"} {
			if s, ok := rsSession(p, id); ok && s.Up {
				t.Errorf("session %s is up with branch-to-branch off", id)
			}
		}
		if tr := hsTrace(t, p, "dc/h", "branch/h"); tr.Disposition.Success() {
			t.Errorf("ExpressRoute → VPN site without branch-to-branch: %s (%s), want no transit", tr.Disposition, tr.Reason)
		}
		// Both kinds of site say why they have no route: Route Server keeps
		// the NVA's prefix from the gateways.
		for _, from := range []string{"dc/h", "branch/h"} {
			tr := hsTrace(t, p, from, "172.20.1.1")
			if tr.Disposition.Success() || !strings.Contains(tr.Reason, "rule:route-server.branch-to-branch") || !strings.Contains(tr.Reason, "nva1") {
				t.Errorf("%s → NVA prefix without branch-to-branch: %s (%s), want no route, naming the NVA and rule:route-server.branch-to-branch", from, tr.Disposition, tr.Reason)
			}
		}
	})
	t.Run("on", func(t *testing.T) {
		p := hsPlane(t, build(true))
		for _, c := range []struct{ speaker, prefix string }{
			{"dc", "172.20.0.0/16"}, {"branch", "172.20.0.0/16"}, {"nva1", "192.168.0.0/24"}, {"nva1", "192.168.10.0/24"},
			{"dc", "192.168.10.0/24"}, {"branch", "192.168.0.0/24"},
		} {
			if got := rsPath(p, c.speaker, c.prefix); got == "-" {
				t.Errorf("%s has no route to %s with branch-to-branch on", c.speaker, c.prefix)
			}
		}
		hsWantDisp(t, "ExpressRoute site → VPN site", hsTrace(t, p, "dc/h", "branch/h"), trace.DeliveredOnPremises)
		hsWantDisp(t, "VPN site → ExpressRoute site", hsTrace(t, p, "branch/h", "dc/h"), trace.DeliveredOnPremises)
		tr := hsTrace(t, p, "dc/h", "172.20.1.1")
		hsWantDisp(t, "ExpressRoute site → NVA prefix", tr, trace.ExitsToInternet)
		if !slices.Contains(rsHops(tr), "nva1/nic0") {
			t.Errorf("ExpressRoute site → NVA prefix hops %v, want through nva1/nic0", rsHops(tr))
		}
		// Never P2S: the ExpressRoute site learns no client pool, and its
		// traffic does not reach a P2S client.
		if got := rsPath(p, "dc", "172.16.50.0/24"); got != "-" {
			t.Errorf("the ExpressRoute site learned the P2S pool (%q): no ExpressRoute ↔ P2S transit", got)
		}
		if tr := hsTrace(t, p, "dc/h", "vpngw/other"); tr.Disposition.Success() {
			t.Errorf("ExpressRoute site → P2S client: %s (%s), want no transit", tr.Disposition, tr.Reason)
		}
	})
}

// TestRule_route_server_vpn_gateway_active_active checks
// rule:route-server.vpn-gateway-active-active: a VPN gateway exchanges
// routes with Route Server only when active-active on ASN 65515, and BGP
// need not be enabled on it (rule:route-server.vpn-gateway-active-active).
func TestRule_route_server_vpn_gateway_active_active(t *testing.T) {
	for _, tc := range []struct {
		name string
		aa   bool
		asn  uint32
		ok   bool
	}{
		{"active-active on 65515", true, 65515, true},
		{"active-standby on 65515", false, 65515, false},
		{"active-active on 65020", true, 65020, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := rsHub(nil, nil)
			rsWithER(&topo)
			rsWithVPN(&topo, tc.aa, tc.asn)
			topo.RouteServers[0].AllowBranchToBranchTraffic = true
			p := hsPlane(t, topo)
			s, _ := rsSession(p, "rs~vpngw")
			if s.Up != tc.ok {
				t.Errorf("Route Server ↔ VPN gateway session up=%v (%s), want %v", s.Up, s.Why, tc.ok)
			}
			if got := hsHasDiag(p.BGP().Diagnostics, "routeserver.vpn-gateway", model.Warning); got == tc.ok {
				t.Errorf("routeserver.vpn-gateway warning %v, want %v", got, !tc.ok)
			}
			if got := rsPath(p, "dc", "192.168.10.0/24") != "-"; got != tc.ok {
				t.Errorf("ExpressRoute site learns the VPN branch: %v, want %v", got, tc.ok)
			}
		})
	}
	t.Run("no BGP on the VPN gateway", func(t *testing.T) {
		topo := rsHub(nil, nil)
		rsWithER(&topo)
		g := hsVpnGateway("vpngw", "hub", 0)
		g.Sku, g.ActiveActive = "VpnGw1AZ", true
		topo.Gateways = append(topo.Gateways, g)
		topo.Sites = append(topo.Sites, hsSite("branch", 0, "192.168.30.0/24", "192.168.30.10"))
		topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, hsStaticLNG("branch-lng", "branch", "192.168.30.0/24"))
		topo.Connections = append(topo.Connections, hsIPsec("branch-s2s", "vpngw", "branch-lng", false))
		if got := rsPath(hsPlane(t, topo), "dc", "192.168.30.0/24"); got != "-" {
			t.Fatalf("without Route Server the static branch reached the ExpressRoute site: %q", got)
		}
		topo.RouteServers[0].AllowBranchToBranchTraffic = true
		p := hsPlane(t, topo)
		if got := rsPath(p, "dc", "192.168.30.0/24"); got != "12076 i" {
			t.Errorf("static branch prefix at the ExpressRoute site: %q, want \"12076 i\"", got)
		}
		// The forward walk reaches the branch; the reply depends on the
		// static device's own routes, which vnetplay limits to the hub's
		// ranges, so only the forward direction is checked.
		if tr := hsTrace(t, p, "dc/h", "branch/h"); !slices.Contains(rsHops(tr), "branch/h") {
			t.Errorf("ExpressRoute site → static branch: hops %v (%s), want to reach branch/h", rsHops(tr), tr.Reason)
		}
	})
}

// TestRule_route_server_routing_preference checks
// rule:route-server.routing-preference: for one prefix over ExpressRoute,
// S2S VPN and NVAs, the longest prefix wins first, then hubRoutingPreference
// (default ExpressRoute; VpnGateway for VPN and NVA routes; ASPath), then
// the shorter AS path between VPN and NVA routes (rule:route-server.routing-preference).
func TestRule_route_server_routing_preference(t *testing.T) {
	// dc is on ExpressRoute and, with the same ASN, over a BGP S2S tunnel:
	// it announces 192.168.0.0/20 over both and 192.168.8.0/24 over the VPN.
	build := func(pref string, nva ...model.Advertisement) model.Topology {
		topo := rsHub(nva, nil)
		topo.Gateways = []model.VirtualNetworkGateway{hsERGateway("ergw", "hub")}
		vpn := hsVpnGateway("vpngw", "hub", 65515)
		vpn.Sku, vpn.ActiveActive = "VpnGw1AZ", true
		topo.Gateways = append(topo.Gateways, vpn)
		topo.Sites = []model.Site{hsSite("dc", 65020, "192.168.0.0/20", "192.168.1.10")}
		topo.Sites[0].AdvertisedPrefixes = []string{"192.168.0.0/20", "192.168.8.0/24"}
		topo.Circuits = []model.ExpressRouteCircuit{hsCircuit("ckt", "dc", 65020, 0)}
		topo.Circuits[0].ExportPrefixList = []string{"192.168.0.0/20"}
		topo.LocalNetworkGateways = []model.LocalNetworkGateway{hsBgpLNG("dc-vpn", "dc", 65020, "192.0.2.1")}
		topo.Connections = []model.Connection{hsERConn("er", "ergw", "ckt", 0), hsIPsec("s2s", "vpngw", "dc-vpn", true)}
		topo.RouteServers[0].AllowBranchToBranchTraffic = true
		topo.RouteServers[0].HubRoutingPreference = pref
		return topo
	}
	origin := func(p *dataplane.Plane, prefix string) string {
		e, ok := hsActive(t, p, "hub/app", prefix)
		if !ok {
			return "-"
		}
		return e.Origin.ID
	}
	for _, tc := range []struct{ pref, want string }{
		{"", "ergw"}, {"ExpressRoute", "ergw"}, {"VpnGateway", "vpngw"},
		{"ASPath", "vpngw"}, // 65020 over the VPN is shorter than 12076 65020 over ExpressRoute
	} {
		p := hsPlane(t, build(tc.pref))
		if got := origin(p, "192.168.0.0/20"); got != tc.want {
			t.Errorf("hubRoutingPreference %q: 192.168.0.0/20 programmed by %q, want %q", tc.pref, got, tc.want)
		}
		// The longest prefix comes first, whatever the preference.
		if nh := hsNextHop(t, p, "hub/app", "192.168.8.10"); nh.Route.Prefix.String() != "192.168.8.0/24" || nh.Route.Origin.ID != "vpngw" {
			t.Errorf("hubRoutingPreference %q: 192.168.8.10 routed by %s from %q, want the VPN's longer 192.168.8.0/24", tc.pref, nh.Route.Prefix, nh.Route.Origin.ID)
		}
	}
	// An NVA announcing the same prefix loses to ExpressRoute by default and,
	// under VpnGateway, to the VPN's shorter AS path.
	nva := model.Advertisement{Prefix: "192.168.0.0/20", AsPathPrepend: 2}
	if got := origin(hsPlane(t, build("", nva)), "192.168.0.0/20"); got != "ergw" {
		t.Errorf("default preference with an NVA route: programmed by %q, want ergw", got)
	}
	if got := origin(hsPlane(t, build("VpnGateway", nva)), "192.168.0.0/20"); got != "vpngw" {
		t.Errorf("VpnGateway with a prepended NVA route: programmed by %q, want vpngw (shorter AS path)", got)
	}
	// Under ASPath an NVA's shorter path beats ExpressRoute's 12076 65020.
	noVPN := func(pref string) model.Topology {
		topo := build(pref, model.Advertisement{Prefix: "192.168.0.0/20"})
		topo.Connections = topo.Connections[:1]
		return topo
	}
	if got := origin(hsPlane(t, noVPN("ASPath")), "192.168.0.0/20"); got != "rs" {
		t.Errorf("ASPath, NVA 65001 against ExpressRoute 12076 65020: programmed by %q, want the NVA (rs)", got)
	}
	if got := origin(hsPlane(t, noVPN("")), "192.168.0.0/20"); got != "ergw" {
		t.Errorf("default preference, NVA against ExpressRoute: programmed by %q, want ergw", got)
	}
}

// TestRule_route_server_as_path_passthrough checks
// rule:route-server.as-path-passthrough: Route Server passes AS paths on
// unchanged, adding 65515: in field note 004 the NVA receives the hub range
// as "65515 i" and on-premises over ExpressRoute as "65515 12076 65150 i",
// and on-premises receives the NVA's redistributed prefix as "12076 ?"
// (rule:route-server.as-path-passthrough).
func TestRule_route_server_as_path_passthrough(t *testing.T) {
	topo := rsHub([]model.Advertisement{{Prefix: "10.10.200.0/24", Origin: "incomplete"}, {Prefix: "172.20.0.0/16"}}, nil)
	rsWithER(&topo)
	topo.RouteServers[0].AllowBranchToBranchTraffic = true
	p := hsPlane(t, topo)
	for _, c := range []struct{ speaker, prefix, want string }{
		{"nva1", "10.0.0.0/16", "65515 i"},
		{"nva1", "192.168.0.0/24", "65515 12076 65150 i"},
		{"dc", "10.0.0.0/16", "12076 i"},
		{"dc", "10.10.200.0/24", "12076 ?"},
		{"nva2", "172.20.0.0/16", "65515 65001 i"}, // another NVA's route, its AS kept
	} {
		if got := rsPath(p, c.speaker, c.prefix); got != c.want {
			t.Errorf("%s's route to %s: %q, want %q", c.speaker, c.prefix, got, c.want)
		}
	}
}

// TestRule_route_server_no_advertise checks rule:route-server.no-advertise:
// a route an NVA tags NO_ADVERTISE is injected into the VNet but sent to no
// other BGP peer, neither the other NVAs nor the gateways
// (rule:route-server.no-advertise).
func TestRule_route_server_no_advertise(t *testing.T) {
	topo := rsHub([]model.Advertisement{{Prefix: "172.20.0.0/16"}, {Prefix: "172.30.0.0/16", NoAdvertise: true}}, nil)
	rsWithER(&topo)
	rsWithVPN(&topo, true, 65515)
	topo.RouteServers[0].AllowBranchToBranchTraffic = true
	p := hsPlane(t, topo)
	if e, ok := hsActive(t, p, "hub/app", "172.30.0.0/16"); !ok || e.Origin.ID != "rs" || e.NextHopIP != netip.MustParseAddr("10.0.2.4") {
		t.Errorf("the NO_ADVERTISE route should be injected into the VNet, got %v (%v)", e, ok)
	}
	for _, sp := range []string{"nva2", "ergw", "vpngw", "dc", "branch"} {
		if got := rsPath(p, sp, "172.30.0.0/16"); got != "-" {
			t.Errorf("%s learned the NO_ADVERTISE route (%q)", sp, got)
		}
		if got := rsPath(p, sp, "172.20.0.0/16"); got == "-" {
			t.Errorf("%s did not learn the untagged NVA route", sp)
		}
	}
}

// rsManyPrefixes returns n distinct /24s from 172.20.0.0 up.
func rsManyPrefixes(n int) []string {
	out := make([]string, n)
	for i := range n {
		out[i] = fmt.Sprintf("172.%d.%d.0/24", 20+i/256, i%256)
	}
	return out
}

// TestRule_route_server_limits checks rule:route-server.limits: Route Server
// takes 8 BGP peers; a peer may send 1,000 routes (the default, section W)
// and going over drops its session; with branch-to-branch on, what
// ExpressRoute is sent must stay within 1,000 routes (rule:route-server.limits).
func TestRule_route_server_limits(t *testing.T) {
	for n, bad := range map[int]bool{8: false, 9: true} {
		topo := rsHub(nil, nil)
		topo.RouteServers[0].BgpConnections = nil
		for i := range n {
			ip := fmt.Sprintf("10.0.2.%d", 10+i)
			topo.VMs = append(topo.VMs, hsNVA(fmt.Sprint("fw", i), "hub/nva", ip))
			topo.RouteServers[0].BgpConnections = append(topo.RouteServers[0].BgpConnections,
				model.RouteServerPeer{Name: fmt.Sprint("p", i), PeerIP: ip, PeerAsn: uint32(65001 + i)})
		}
		if got := hsHasDiag(hsDiags(topo), "routeserver.peers", model.Error); got != bad {
			t.Errorf("%d BGP peers: routeserver.peers error %v, want %v", n, got, bad)
		}
	}
	for _, tc := range []struct {
		n  int
		up bool
	}{{1000, true}, {1001, false}} {
		t.Run(fmt.Sprint(tc.n, " routes"), func(t *testing.T) {
			p := hsPlane(t, rsHub(rsAdv(rsManyPrefixes(tc.n)...), rsAdv("10.99.0.0/16")))
			s, _ := rsSession(p, "rs/p1")
			if s.Up != tc.up {
				t.Errorf("session rs/p1 with %d routes: up=%v (%s), want %v", tc.n, s.Up, s.Why, tc.up)
			}
			_, programmed := rsGatewayRoute(t, p, "hub/app", "172.20.0.0/24")
			if programmed != tc.up {
				t.Errorf("nva1's routes programmed: %v, want %v", programmed, tc.up)
			}
			if got := hsHasDiag(p.BGP().Diagnostics, "bgp.prefix-limit", model.Warning); got == tc.up {
				t.Errorf("bgp.prefix-limit warning %v, want %v", got, !tc.up)
			}
			if s2, _ := rsSession(p, "rs/p2"); !s2.Up {
				t.Errorf("the other peer's session went down too: %s", s2.Why)
			}
		})
	}
	// Branch-to-branch: 1,000 NVA routes plus the VNet range toward ExpressRoute.
	for n, warn := range map[int]bool{999: false, 1000: true} {
		topo := rsHub(rsAdv(rsManyPrefixes(n)...), nil)
		rsWithER(&topo)
		topo.RouteServers[0].AllowBranchToBranchTraffic = true
		if got := hsHasDiag(hsPlane(t, topo).BGP().Diagnostics, "bgp.er-advertise-limit", model.Warning); got != warn {
			t.Errorf("branch-to-branch with %d NVA routes + the VNet range toward ExpressRoute: warned %v, want %v", n, got, warn)
		}
	}
}

// TestRule_route_server_nva_subnet_loop checks
// rule:route-server.nva-subnet-loop: Route Server also injects into the
// NVA's own subnet, so a packet the NVA sends back out by that route loops;
// a UDR on the NVA's subnet (UDR beats BGP) breaks the loop
// (rule:route-server.nva-subnet-loop).
func TestRule_route_server_nva_subnet_loop(t *testing.T) {
	topo := rsHub(rsAdv("172.20.0.0/16"), nil)
	p := hsPlane(t, topo)
	if e, ok := hsActive(t, p, "hub/nva", "172.20.0.0/16"); !ok || e.Origin.ID != "rs" {
		t.Errorf("the NVA's own subnet should carry the injected route, got %v (%v)", e, ok)
	}
	loop := hsTrace(t, p, "vm", "172.20.1.1")
	hsWantDisp(t, "no UDR on the NVA subnet", loop, trace.Loop)
	if !strings.Contains(loop.Reason, "rule:route-server.nva-subnet-loop") || strings.Contains(loop.Reason, "udr.appliance-same-subnet-loop") {
		t.Errorf("the loop through the injected route cites %q", loop.Reason)
	}
	rsNVAExit(&topo, "172.20.0.0/16")
	p = hsPlane(t, topo)
	if e, ok := hsActive(t, p, "hub/nva", "172.20.0.0/16"); !ok || e.Source != route.User {
		t.Errorf("the UDR should win on the NVA subnet, got %v (%v)", e, ok)
	}
	tr := hsTrace(t, p, "vm", "172.20.1.1")
	hsWantDisp(t, "UDR on the NVA subnet", tr, trace.ExitsToInternet)
	if !slices.Contains(rsHops(tr), "nva1/nic0") {
		t.Errorf("hops %v, want through nva1/nic0", rsHops(tr))
	}
}

// TestRule_route_server_ipv4_only_no_vwan checks
// rule:route-server.ipv4-only-no-vwan: Route Server does not support IPv6,
// so an IPv6 prefix an NVA announces is neither learned nor injected, while
// its IPv4 prefixes are (rule:route-server.ipv4-only-no-vwan).
func TestRule_route_server_ipv4_only_no_vwan(t *testing.T) {
	p := hsPlane(t, rsHub(rsAdv("2001:db8::/32", "172.20.0.0/16"), nil))
	for _, b := range p.BGP().RIB("rs") {
		if b.Prefix.Addr().Is6() {
			t.Errorf("Route Server learned the IPv6 prefix %s", b.Prefix)
		}
	}
	tab, _ := p.Routes("hub/app")
	for _, e := range tab.Routes() {
		if e.Prefix.Addr().Is6() && e.Source == route.Gateway {
			t.Errorf("IPv6 route %s injected", e.Prefix)
		}
	}
	if _, ok := hsActive(t, p, "hub/app", "172.20.0.0/16"); !ok {
		t.Error("the IPv4 prefix of the same NVA should still be injected")
	}
}

// TestRule_route_server_no_relay_between_route_servers checks
// rule:route-server.no-relay-between-route-servers: vnetplay does not model
// that a second Route Server drops NVA routes that reach it over the
// ExpressRoute circuit, so a design with two branch-to-branch Route Servers
// behind one circuit is warned about rather than answered silently.
func TestRule_route_server_no_relay_between_route_servers(t *testing.T) {
	topo := rsHub(rsAdv("172.20.0.0/16"), nil)
	topo.RouteServers[0].AllowBranchToBranchTraffic = true
	rsWithER(&topo)
	if ds := hsDiags(topo); hsHasDiag(ds, "routeserver.relay-not-modelled", model.Warning) {
		t.Errorf("one Route Server: unexpected routeserver.relay-not-modelled;%s", hsDiagCodes(ds))
	}
	topo.VNets = append(topo.VNets, hsVNet("hub2", "10.8.0.0/16", "nva=10.8.2.0/24",
		model.RouteServerSubnet+"=10.8.254.0/26", model.GatewaySubnet+"=10.8.255.0/27"))
	topo.VMs = append(topo.VMs, hsNVA("nva3", "hub2/nva", "10.8.2.4"))
	topo.Gateways = append(topo.Gateways, hsERGateway("ergw2", "hub2"))
	topo.Connections = append(topo.Connections, hsERConn("er2", "ergw2", "ckt", 0))
	topo.RouteServers = append(topo.RouteServers, model.RouteServer{ID: "rs2", VNet: "hub2", AllowBranchToBranchTraffic: true,
		BgpConnections: []model.RouteServerPeer{{Name: "p3", PeerIP: "10.8.2.4", PeerAsn: 65003}}})
	if ds := hsDiags(topo); !hsHasDiag(ds, "routeserver.relay-not-modelled", model.Warning) {
		t.Errorf("two branch-to-branch Route Servers on circuit ckt: want routeserver.relay-not-modelled warning, got%s", hsDiagCodes(ds))
	}
}
