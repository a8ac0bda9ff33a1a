package bgp

import (
	"fmt"
	"strings"
	"testing"

	"vnetplay/engine/model"
)

// ecmpDesign is a hub with Route Server and NVAs that all announce
// 172.20.0.0/16: nvas maps a VM id to its address, ASN, AS-path prepend
// count and origin.
type ecmpNVA struct {
	vm, ip  string
	asn     uint32
	prepend int
	origin  string
}

func ecmpDesign(nvas ...ecmpNVA) model.Topology {
	t := model.Topology{
		VNets: []model.VNet{hub("hub", "10.0.0.0/16", "10.0.255.0/27",
			model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: "10.0.254.0/26"}, model.Subnet{Name: "nva", AddressPrefix: "10.0.1.0/24"})},
		RouteServers: []model.RouteServer{{ID: "rs", VNet: "hub"}},
	}
	for _, n := range nvas {
		t.VMs = append(t.VMs, model.VM{ID: n.vm, GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: n.ip, EnableIPForwarding: true}}})
		t.RouteServers[0].BgpConnections = append(t.RouteServers[0].BgpConnections, model.RouteServerPeer{Name: n.vm, PeerIP: n.ip, PeerAsn: n.asn,
			Advertise: []model.Advertisement{{Prefix: "172.20.0.0/16", AsPathPrepend: n.prepend, Origin: n.origin}}})
	}
	return t
}

// hopsOf returns the next hops vnet's route for prefix has, as text, or "-".
func hopsOf(r *Result, vnet, prefix string) string {
	for _, rt := range r.VNetRoutes(vnet) {
		if rt.Prefix.String() == prefix {
			return fmt.Sprint(rt.NextHopIPStrings())
		}
	}
	return "-"
}

// TestRouteServerECMP: rule:route-server.as-path-and-ecmp — when several NVAs advertise a prefix with the
// same AS-path length, Route Server programs all of them as next hops and
// the hosts use ECMP; when one path is shorter, only that NVA is
// programmed, and a withdrawn NVA leaves the others. Equal origin is the
// engine's own condition (BGP multipath; the docs name only the AS-path
// length, section W).
func TestRouteServerECMP(t *testing.T) {
	a := ecmpNVA{vm: "nva1", ip: "10.0.1.4", asn: 65001}
	b := ecmpNVA{vm: "nva2", ip: "10.0.1.5", asn: 65002}
	c := ecmpNVA{vm: "nva3", ip: "10.0.1.6", asn: 65003}
	prep := func(n ecmpNVA, k int) ecmpNVA { n.prepend = k; return n }
	for _, tc := range []struct {
		name     string
		nvas     []ecmpNVA
		failures []model.Failure
		want     string
		multi    int // Multipath entries at Route Server
	}{
		{"rule:route-server.as-path-and-ecmp equal AS-path length: both NVAs programmed", []ecmpNVA{a, b}, nil, "[10.0.1.4 10.0.1.5]", 1},
		{"rule:route-server.as-path-and-ecmp equal length with different ASNs and input order: sorted next hops", []ecmpNVA{b, a}, nil, "[10.0.1.4 10.0.1.5]", 1},
		{"rule:route-server.as-path-and-ecmp next hops sorted by address, not by NVA name", []ecmpNVA{{vm: "a", ip: "10.0.1.9", asn: 65001}, {vm: "b", ip: "10.0.1.10", asn: 65002}}, nil, "[10.0.1.9 10.0.1.10]", 1},
		{"rule:route-server.as-path-and-ecmp the second NVA prepends: only the first is programmed", []ecmpNVA{a, prep(b, 1)}, nil, "[10.0.1.4]", 0},
		{"rule:route-server.as-path-and-ecmp the first NVA prepends: only the second is programmed", []ecmpNVA{prep(a, 2), b}, nil, "[10.0.1.5]", 0},
		{"rule:route-server.as-path-and-ecmp three NVAs, one prepended (standby): two programmed", []ecmpNVA{a, b, prep(c, 1)}, nil, "[10.0.1.4 10.0.1.5]", 1},
		{"rule:route-server.as-path-and-ecmp three equal NVAs: three programmed", []ecmpNVA{a, b, c}, nil, "[10.0.1.4 10.0.1.5 10.0.1.6]", 2},
		{"rule:route-server.as-path-and-ecmp a withdrawn NVA leaves the other alone", []ecmpNVA{a, b}, []model.Failure{{Kind: model.ApplianceDown, Target: "nva1"}}, "[10.0.1.5]", 0},
		{"rule:route-server.as-path-and-ecmp the prepended standby takes over when the better path is withdrawn", []ecmpNVA{a, prep(b, 1)}, []model.Failure{{Kind: model.ApplianceDown, Target: "nva1"}}, "[10.0.1.5]", 0},
		{"W: origin differs (engine requires equal origin, as BGP multipath)", []ecmpNVA{a, {vm: "nva2", ip: "10.0.1.5", asn: 65002, origin: "incomplete"}}, nil, "[10.0.1.4]", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := ecmpDesign(tc.nvas...)
			r := Compute(&topo, tc.failures)
			if got := hopsOf(r, "hub", "172.20.0.0/16"); got != tc.want {
				t.Errorf("hub route next hops = %s, want %s", got, tc.want)
			}
			for _, bst := range r.RIB("rs") {
				if bst.Prefix.String() != "172.20.0.0/16" {
					continue
				}
				if len(bst.Multipath) != tc.multi || len(bst.Equal) != tc.multi {
					t.Errorf("Route Server multipath = %v (%d equal paths), want %d", bst.Multipath, len(bst.Equal), tc.multi)
				}
				if tc.multi > 0 && !ecmpCites(bst.Reason, "rule:route-server.as-path-and-ecmp") {
					t.Errorf("Route Server reason = %q, want an equal-cost reason citing only Route Server's ECMP rule", bst.Reason)
				}
			}
		})
	}
}

// TestGatewayRouteKeepsOneNextHop: a prefix learned over two BGP tunnels to
// one site is ECMP inside the gateway (rule:vpn-gateway.multiple-devices-need-bgp), but the VNet's route points at
// the gateway, one next hop.
func TestGatewayRouteKeepsOneNextHop(t *testing.T) {
	topo := model.Topology{
		VNets:                []model.VNet{hub("hub", "10.0.0.0/16", "10.0.255.0/27")},
		Gateways:             []model.VirtualNetworkGateway{vpn("gw", "hub", 65515, true)},
		Sites:                []model.Site{site("dc", 65050, "192.168.0.0/24")},
		LocalNetworkGateways: []model.LocalNetworkGateway{lng("l1", "dc", 65050), lng("l2", "dc", 65050)},
		Connections:          []model.Connection{s2s("c1", "gw", "l1", true), s2s("c2", "gw", "l2", true)},
	}
	topo.LocalNetworkGateways[1].BgpSettings.BgpPeeringAddress = "192.0.2.2"
	r := Compute(&topo, nil)
	rts := r.VNetRoutes("hub")
	if len(rts) != 1 || rts[0].ECMP() || len(rts[0].NextHopIPs()) > 1 {
		t.Fatalf("want one gateway route with at most one next hop, got %+v", rts)
	}
}

// ecmpCites reports whether r is an equal-cost reason (first words
// "equal paths: ECMP, first by neighbor id") citing cite and, unless cite
// is that rule, not the VPN gateway's several-devices rule: each speaker
// kind cites what applies to it.
func ecmpCites(r Reason, cite string) bool {
	s := string(r)
	vpn := "rule:vpn-gateway.multiple-devices-need-bgp"
	return strings.HasPrefix(s, "equal paths: ECMP, first by neighbor id") && strings.Contains(s, cite) &&
		(cite == vpn || !strings.Contains(s, vpn))
}
