package bgp

import (
	"fmt"
	"strings"
	"testing"

	"vnetplay/engine/model"
)

// tieDesign is a hub with a VPN gateway (vpngw, to site dc, AS 65050) and
// a Route Server rsID with branch-to-branch on and hubRoutingPreference
// pref; the site and every NVA of nvas (name → address) advertise
// 172.30.0.0/16, the NVAs prepending prepend times.
func tieDesign(rsID, pref string, prepend int, nvas ...[2]string) model.Topology {
	t := model.Topology{
		VNets: []model.VNet{hub("hub", "10.0.0.0/16", "10.0.255.0/27",
			model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: "10.0.254.0/26"}, model.Subnet{Name: "nva", AddressPrefix: "10.0.1.0/24"})},
		Gateways:             []model.VirtualNetworkGateway{vpn("vpngw", "hub", 65515, true)},
		Sites:                []model.Site{site("dc", 65050, "172.30.0.0/16")},
		LocalNetworkGateways: []model.LocalNetworkGateway{lng("dc-lng", "dc", 65050)},
		Connections:          []model.Connection{s2s("c", "vpngw", "dc-lng", true)},
		RouteServers:         []model.RouteServer{{ID: rsID, VNet: "hub", AllowBranchToBranchTraffic: true, HubRoutingPreference: pref}},
	}
	for i, n := range nvas {
		t.VMs = append(t.VMs, model.VM{ID: n[0], GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: n[1], EnableIPForwarding: true}}})
		t.RouteServers[0].BgpConnections = append(t.RouteServers[0].BgpConnections, model.RouteServerPeer{Name: n[0], PeerIP: n[1], PeerAsn: uint32(65001 + i),
			Advertise: []model.Advertisement{{Prefix: "172.30.0.0/16", AsPathPrepend: prepend}}})
	}
	return t
}

// TestRouteServerGatewayTie: a VPN gateway's path and NVA paths of equal
// AS-path length at Route Server (branch-to-branch on; hubRoutingPreference
// VpnGateway or ASPath) are neither ordered nor ECMP in Microsoft's docs
// (rule:route-server.routing-preference, section W). vnetplay uses one of
// them, the first by the id of the speaker that programs it (Route Server
// for an NVA's path, the gateway for its own), and Route Server's Loc-RIB
// (the bgp view) and the VNet's programmed route say the same: the same
// path, no ECMP between a gateway and an NVA, and a reason naming the tie.
// NVAs among themselves stay ECMP (rule:route-server.as-path-and-ecmp).
func TestRouteServerGatewayTie(t *testing.T) {
	n1, n2 := [2]string{"nva1", "10.0.1.4"}, [2]string{"nva2", "10.0.1.5"}
	for _, tc := range []struct {
		name, rs, pref string
		prepend        int
		nvas           [][2]string
		// Route Server's best path for the prefix: its neighbor, ECMP
		// partners and tied neighbors.
		best, multi, tied string
		// The hub's route: who programs it, its next hops, and whether it
		// carries the tie.
		by, hops string
		tie      bool
	}{
		{"VpnGateway: rs before vpngw, the NVA is used", "rs", "VpnGateway", 0, [][2]string{n1}, "nva1", "[]", "[vpngw]", "rs", "[10.0.1.4]", true},
		{"ASPath: rs before vpngw, the NVA is used", "rs", "ASPath", 0, [][2]string{n1}, "nva1", "[]", "[vpngw]", "rs", "[10.0.1.4]", true},
		{"VpnGateway: vpngw before zrs, the VPN path is used", "zrs", "VpnGateway", 0, [][2]string{n1}, "vpngw", "[]", "[nva1]", "vpngw", "[10.0.255.4]", true},
		{"two NVAs ECMP with each other, tied with the gateway", "rs", "VpnGateway", 0, [][2]string{n1, n2}, "nva1", "[nva2]", "[vpngw]", "rs", "[10.0.1.4 10.0.1.5]", true},
		{"two NVAs tied with the gateway, the gateway first", "zrs", "ASPath", 0, [][2]string{n1, n2}, "vpngw", "[]", "[nva1 nva2]", "vpngw", "[10.0.255.4]", true},
		{"the NVA prepends: the VPN path is shorter, no tie", "rs", "VpnGateway", 1, [][2]string{n1}, "vpngw", "[]", "[]", "vpngw", "[10.0.255.4]", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := tieDesign(tc.rs, tc.pref, tc.prepend, tc.nvas...)
			r := Compute(&topo, nil)
			var b *Best
			for _, x := range r.RIB(tc.rs) {
				if x.Prefix.String() == "172.30.0.0/16" {
					b = &x
				}
			}
			if b == nil {
				t.Fatalf("%s has no path for 172.30.0.0/16", tc.rs)
			}
			multi, tied := fmt.Sprint(b.Multipath), fmt.Sprint(b.Tied)
			if b.Neighbor != tc.best || multi != tc.multi || tied != tc.tied || len(b.Equal) != len(b.Multipath) {
				t.Errorf("Route Server best = %s, ECMP with %s, tied with %s; want %s, %s, %s", b.Neighbor, multi, tied, tc.best, tc.multi, tc.tied)
			}
			if tc.tie && (!strings.Contains(string(b.Reason), "rule:route-server.routing-preference") || !strings.Contains(string(b.Reason), "vnetplay")) {
				t.Errorf("Route Server reason = %q, want the routing-preference rule and vnetplay's choice", b.Reason)
			}
			if tc.tie && len(b.Multipath) == 0 && b.Reason.ECMP() {
				t.Errorf("Route Server reason = %q: a gateway and an NVA are not ECMP", b.Reason)
			}
			var by, hops string
			tie := false
			for _, rt := range r.VNetRoutes("hub") {
				if rt.Prefix.String() == "172.30.0.0/16" {
					by, hops, tie = rt.Origin.ID, fmt.Sprint(rt.NextHopIPStrings()), rt.Tied()
				}
			}
			if by != tc.by || hops != tc.hops || tie != tc.tie {
				t.Errorf("hub route by %s via %s tied %v, want %s via %s tied %v", by, hops, tie, tc.by, tc.hops, tc.tie)
			}
			// The bgp view and the programmed route agree: the path Route
			// Server uses is the one its VNet is programmed with.
			want := b.Neighbor
			if b.nva {
				want = tc.rs
			}
			if by != want {
				t.Errorf("Route Server uses %s's path (programmed by %s), the hub is programmed by %s", b.Neighbor, want, by)
			}
		})
	}
}

// TestRouteServerSkipsItsOwnRanges: rule:route-server.no-vnet-prefix-injection —
// Route Server does not program an NVA route equal to or inside its VNet's
// address space, but does a supernet. The docs speak of its own VNet only;
// vnetplay applies the same to the transit spokes' ranges, which Route
// Server advertises as its own (rule:route-server.injection-scope) and
// injects into (section W): a prefix inside one is left out of the hub's
// routes and so of the spoke's, as one inside the hub's range is. A VNet
// peered without remote gateways is not Route Server's: an NVA route
// inside it is programmed, to lose to the peering route.
func TestRouteServerSkipsItsOwnRanges(t *testing.T) {
	topo := rsDesign(false)
	topo.VNets = append(topo.VNets, plain("transit", "10.1.0.0/16"), plain("peered", "10.2.0.0/16"))
	topo.Peerings = []model.Peering{
		{ID: "h-t", A: model.PeeringLink{VNet: "hub", AllowGatewayTransit: true}, B: model.PeeringLink{VNet: "transit", UseRemoteGateways: true}},
		{ID: "h-p", A: model.PeeringLink{VNet: "hub", AllowGatewayTransit: true}, B: model.PeeringLink{VNet: "peered"}},
	}
	topo.RouteServers[0].BgpConnections[0].Advertise = []model.Advertisement{{Prefix: "10.0.5.0/24"}, {Prefix: "10.1.5.0/24"}, {Prefix: "10.1.0.0/16"},
		{Prefix: "10.2.5.0/24"}, {Prefix: "10.0.0.0/8"}, {Prefix: "172.20.0.0/16"}}
	r := Compute(&topo, nil)
	for _, c := range []struct{ name, prefix, want string }{
		{"inside the hub's range", "10.0.5.0/24", "-"},
		{"inside a transit spoke's range", "10.1.5.0/24", "-"},
		{"a transit spoke's range", "10.1.0.0/16", "-"},
		{"inside a VNet peered without remote gateways", "10.2.5.0/24", "rs"},
		{"a supernet", "10.0.0.0/8", "rs"},
		{"outside every VNet", "172.20.0.0/16", "rs"},
	} {
		if got := programmed(r, "hub", c.prefix); got != c.want {
			t.Errorf("%s: %s programmed by %q, want %q", c.name, c.prefix, got, c.want)
		}
		// Each prefix left out says why, once, naming the range that holds it.
		var said []string
		for _, d := range r.Diagnostics {
			if d.Code == "routeserver.own-range-not-injected" && strings.Contains(d.Msg, "route "+c.prefix+":") {
				said = append(said, d.Msg)
			}
		}
		switch {
		case c.want == "-" && len(said) != 1:
			t.Errorf("%s: %s left out with %d warnings, want one: %q", c.name, c.prefix, len(said), said)
		case c.want == "-" && !strings.Contains(said[0], map[string]string{"10.0.5.0/24": "VNet hub's range 10.0.0.0/16"}[c.prefix]):
			t.Errorf("%s: %q does not name the hub's range", c.name, said[0])
		case c.want == "-" && c.prefix != "10.0.5.0/24" && !strings.Contains(said[0], "VNet transit's range 10.1.0.0/16"):
			t.Errorf("%s: %q does not name the transit spoke's range", c.name, said[0])
		case c.want != "-" && len(said) != 0:
			t.Errorf("%s: %s is injected, yet warned of: %q", c.name, c.prefix, said)
		}
	}
}
