package conformance_test

import (
	"net/netip"
	"slices"
	"strconv"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// s2sHub is a hub 10.0.0.0/16 (app 10.0.1.0/24, GatewaySubnet
// 10.0.255.0/27, vm 10.0.1.4) with a RouteBased VPN gateway without BGP,
// a transit spoke 10.1.0.0/16 (spoke-vm 10.1.0.4) and a branch
// 192.168.1.0/24 (host 192.168.1.10) on a static S2S connection.
func s2sHub() model.Topology {
	return model.Topology{
		VNets: []model.VNet{
			hsVNet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "GatewaySubnet=10.0.255.0/27"),
			hsVNet("spoke", "10.1.0.0/16", "app=10.1.0.0/24"),
		},
		Peerings:             []model.Peering{hsTransitPeering("hub-spoke", "hub", "spoke")},
		VMs:                  []model.VM{hsVM("vm", "hub/app", "10.0.1.4"), hsVM("spoke-vm", "spoke/app", "10.1.0.4")},
		Gateways:             []model.VirtualNetworkGateway{hsVpnGateway("gw", "hub", 0)},
		Sites:                []model.Site{hsSite("branch", 0, "192.168.1.0/24", "192.168.1.10")},
		LocalNetworkGateways: []model.LocalNetworkGateway{hsStaticLNG("branch-lng", "branch", "192.168.1.0/24")},
		Connections:          []model.Connection{hsIPsec("branch-conn", "gw", "branch-lng", false)},
	}
}

// s2sVNets is n VNets v1..vn (10.i.0.0/16, app 10.i.1.0/24 with vm-i at
// 10.i.1.4, GatewaySubnet 10.i.255.0/27), each with a RouteBased VPN
// gateway gi; asn[i] > 0 turns BGP on for gi.
func s2sVNets(asns ...uint32) model.Topology {
	var t model.Topology
	for i, asn := range asns {
		n := byte(i + 1)
		id := "v" + strconv.Itoa(int(n))
		sp := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, n, 0, 0}), 16).String()
		app := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, n, 1, 0}), 24).String()
		gws := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, n, 255, 0}), 27).String()
		t.VNets = append(t.VNets, hsVNet(id, sp, "app="+app, "GatewaySubnet="+gws))
		t.VMs = append(t.VMs, hsVM("vm-"+strconv.Itoa(int(n)), id+"/app", netip.AddrFrom4([4]byte{10, n, 1, 4}).String()))
		t.Gateways = append(t.Gateways, hsVpnGateway("g"+strconv.Itoa(int(n)), id, asn))
	}
	return t
}

// TestRule_s2s_local_network_gateway checks rule:s2s.local-network-gateway:
// only traffic for an LNG prefix or a BGP-learned prefix enters the
// gateway; everything else follows the VNet's other routes (rule:s2s.local-network-gateway).
func TestRule_s2s_local_network_gateway(t *testing.T) {
	topo := s2sHub()
	// A second site on BGP advertises 192.168.5.0/24; its LNG lists no static prefix.
	topo.Gateways[0] = hsVpnGateway("gw", "hub", 65010)
	topo.Sites = append(topo.Sites, model.Site{ID: "dc", Asn: 65050, AddressPrefixes: []string{"192.168.5.0/24"},
		Hosts: []model.Host{{ID: "h", IPAddress: "192.168.5.10"}}})
	topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, hsBgpLNG("dc-lng", "dc", 65050, "192.168.5.1"))
	topo.Connections = append(topo.Connections, hsIPsec("dc-conn", "gw", "dc-lng", true))
	p := hsPlane(t, topo)
	for _, tc := range []struct {
		name, dst string
		want      route.NextHopType
		disp      trace.Disposition
	}{
		{"static LNG prefix enters the gateway", "192.168.1.10", route.VirtualNetworkGateway, trace.DeliveredOnPremises},
		{"BGP-learned prefix enters the gateway", "192.168.5.10", route.VirtualNetworkGateway, trace.DeliveredOnPremises},
		{"other private address keeps the VNet's None route", "192.168.9.10", route.None, trace.DroppedByNoneRoute},
		{"public address keeps the Internet route", "198.51.100.1", route.Internet, trace.ExitsToInternet},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if nh := hsNextHop(t, p, "hub/app", tc.dst); nh.NextHopType != tc.want {
				t.Errorf("next hop to %s = %s, want %s", tc.dst, nh.NextHopType, tc.want)
			}
			hsWantDisp(t, "vm → "+tc.dst, hsTrace(t, p, "vm", tc.dst), tc.disp)
		})
	}
	// A BGP connection whose LNG has no BGP settings runs on static prefixes, and lint says so.
	topo = s2sHub()
	topo.Gateways[0] = hsVpnGateway("gw", "hub", 65010)
	topo.Connections[0].EnableBgp = true
	if ds := hsDiags(topo); !hsHasDiag(ds, "connection.bgp-no-lng-settings", model.Warning) {
		t.Errorf("enableBgp with an LNG without bgpSettings: want connection.bgp-no-lng-settings warning, got%s", hsDiagCodes(ds))
	}
	if _, ok := hsActive(t, hsPlane(t, topo), "hub/app", "192.168.1.0/24"); !ok {
		t.Error("the static LNG prefix must still be programmed")
	}
}

// TestRule_s2s_lng_prefixes_programmed checks rule:s2s.lng-prefixes-programmed:
// every static prefix of a connected LNG is a VirtualNetworkGateway route in
// every subnet of the gateway's VNet and of the transit spokes (rule:s2s.lng-prefixes-programmed).
func TestRule_s2s_lng_prefixes_programmed(t *testing.T) {
	topo := s2sHub()
	topo.LocalNetworkGateways[0].LocalNetworkAddressSpace.AddressPrefixes = []string{"192.168.1.0/24", "192.168.2.0/24"}
	topo.VNets = append(topo.VNets, hsVNet("peer", "10.2.0.0/16", "app=10.2.0.0/24"))
	topo.Peerings = append(topo.Peerings, hsPeering("hub-peer", "hub", "peer"))
	p := hsPlane(t, topo)
	gwSubnet := netip.MustParsePrefix("10.0.255.0/27")
	for _, subnet := range []string{"hub/app", "hub/GatewaySubnet", "spoke/app"} {
		for _, pfx := range []string{"192.168.1.0/24", "192.168.2.0/24"} {
			e, ok := hsActive(t, p, subnet, pfx)
			switch {
			case !ok:
				t.Errorf("%s: no active route for %s", subnet, pfx)
			case e.NextHop != route.VirtualNetworkGateway || e.Source != route.Gateway:
				t.Errorf("%s %s: next hop %s source %s, want VirtualNetworkGateway/VirtualNetworkGateway", subnet, pfx, e.NextHop, e.Source)
			case !gwSubnet.Contains(e.NextHopIP):
				t.Errorf("%s %s: next hop IP %s is not a gateway address in GatewaySubnet", subnet, pfx, e.NextHopIP)
			}
		}
	}
	// A peer that does not use the gateway gets none of them.
	if rs := hsRoutes(t, p, "peer/app", "192.168.1.0/24"); len(rs) != 0 {
		t.Errorf("peer without useRemoteGateways got %v", rs)
	}
}

// TestRule_s2s_no_overlap checks rule:s2s.no-overlap: an on-premises range
// that overlaps a VNet makes routing unpredictable; vnetplay warns
// (site.overlap) (rule:s2s.no-overlap).
func TestRule_s2s_no_overlap(t *testing.T) {
	topo := s2sHub()
	if ds := hsDiags(topo); hsHasDiag(ds, "site.overlap", model.Warning) {
		t.Errorf("disjoint ranges must not warn:%s", hsDiagCodes(ds))
	}
	topo.Sites[0].AddressPrefixes = []string{"10.1.128.0/24"}
	if ds := hsDiags(topo); !hsHasDiag(ds, "site.overlap", model.Warning) {
		t.Errorf("a site inside the spoke's range: want site.overlap warning, got%s", hsDiagCodes(ds))
	}
	t.Run("a local network gateway prefix inside a VNet", func(t *testing.T) {
		lng := s2sHub()
		lng.LocalNetworkGateways[0].LocalNetworkAddressSpace.AddressPrefixes = []string{"192.168.1.0/24", "10.0.200.0/24"}
		if ds := hsDiags(lng); !hsHasDiag(ds, "lng.overlap", model.Warning) {
			t.Errorf("LNG prefix 10.0.200.0/24 inside the hub: want lng.overlap warning, got%s", hsDiagCodes(ds))
		}
		if ds := hsDiags(s2sHub()); hsHasDiag(ds, "lng.overlap", model.Warning) {
			t.Errorf("disjoint LNG prefixes must not warn:%s", hsDiagCodes(ds))
		}
	})
	t.Run("two sites with overlapping ranges", func(t *testing.T) {
		two := s2sHub()
		two.Sites = append(two.Sites, hsSite("branch2", 0, "192.168.1.0/25", "192.168.1.20"))
		two.LocalNetworkGateways = append(two.LocalNetworkGateways, hsStaticLNG("branch2-lng", "branch2", "192.168.1.0/25"))
		two.LocalNetworkGateways[1].GatewayIPAddress = "203.0.113.99"
		two.Connections = append(two.Connections, hsIPsec("branch2-conn", "gw", "branch2-lng", false))
		if ds := hsDiags(two); !hsHasDiag(ds, "site.overlap-site", model.Warning) {
			t.Errorf("branch2 192.168.1.0/25 inside branch 192.168.1.0/24: want site.overlap-site warning, got%s", hsDiagCodes(ds))
		}
		if ds := hsDiags(s2sHub()); hsHasDiag(ds, "site.overlap-site", model.Warning) {
			t.Errorf("one site must not warn:%s", hsDiagCodes(ds))
		}
	})
	t.Run("VNet-to-VNet between overlapping VNets is refused", func(t *testing.T) {
		v2v := s2sVNets(0, 0)
		v2v.Connections = hsV2V("g1", "g2", false)
		if ds := hsDiags(v2v); hsHasDiag(ds, "connection.vnet2vnet-overlap", model.Error) {
			t.Errorf("disjoint VNets: unexpected connection.vnet2vnet-overlap;%s", hsDiagCodes(ds))
		}
		// v2 (10.2.0.0/16) also takes 10.1.128.0/17, inside v1's 10.1.0.0/16.
		v2v.VNets[1].AddressSpace.AddressPrefixes = append(v2v.VNets[1].AddressSpace.AddressPrefixes, "10.1.128.0/17")
		if ds := hsDiags(v2v); !hsHasDiag(ds, "connection.vnet2vnet-overlap", model.Error) {
			t.Errorf("v2 overlaps v1: want connection.vnet2vnet-overlap error, got%s", hsDiagCodes(ds))
		}
	})
}

// TestRule_s2s_no_static_site_transit checks rule:s2s.no-static-site-transit:
// two sites on static connections to one gateway do not reach each other
// (rule:s2s.no-static-site-transit, section W: modelled as not provided); with BGP they do.
func TestRule_s2s_no_static_site_transit(t *testing.T) {
	topo := s2sHub()
	topo.Sites = append(topo.Sites, hsSite("branch2", 0, "192.168.2.0/24", "192.168.2.10"))
	topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, hsStaticLNG("branch2-lng", "branch2", "192.168.2.0/24"))
	topo.Connections = append(topo.Connections, hsIPsec("branch2-conn", "gw", "branch2-lng", false))
	p := hsPlane(t, topo)
	hsWantDisp(t, "branch → branch2 over static connections", hsTrace(t, p, "branch/h", "branch2/h"), trace.DroppedNoTransit)
	hsWantDisp(t, "branch → hub VM", hsTrace(t, p, "branch/h", "vm"), trace.Delivered)

	// BGP transit between sites is supported (rule:s2s.no-static-site-transit, FAQ).
	topo.Gateways[0] = hsVpnGateway("gw", "hub", 65010)
	topo.Sites[0].Asn, topo.Sites[1].Asn = 65001, 65002
	topo.LocalNetworkGateways = []model.LocalNetworkGateway{hsBgpLNG("branch-lng", "branch", 65001, "192.168.1.1"), hsBgpLNG("branch2-lng", "branch2", 65002, "192.168.2.1")}
	topo.Connections[0].EnableBgp, topo.Connections[1].EnableBgp = true, true
	hsWantDisp(t, "branch → branch2 over BGP", hsTrace(t, hsPlane(t, topo), "branch/h", "branch2/h"), trace.DeliveredOnPremises)
}

// TestRule_s2s_traffic_selectors_list_spokes checks
// rule:s2s.traffic-selectors-list-spokes: a correctly configured static
// on-premises device reaches the hub and every transit spoke (rule:s2s.traffic-selectors-list-spokes).
func TestRule_s2s_traffic_selectors_list_spokes(t *testing.T) {
	p := hsPlane(t, s2sHub())
	hsWantDisp(t, "branch → hub VM", hsTrace(t, p, "branch/h", "vm"), trace.Delivered)
	hsWantDisp(t, "branch → transit spoke VM", hsTrace(t, p, "branch/h", "spoke-vm"), trace.Delivered)
}

// TestRule_s2s_vnet_to_vnet_route_based checks rule:s2s.vnet-to-vnet-route-based:
// VNet-to-VNet works between two RouteBased gateways, across regions; a
// PolicyBased side is an error and the tunnel stays down (rule:s2s.vnet-to-vnet-route-based).
func TestRule_s2s_vnet_to_vnet_route_based(t *testing.T) {
	topo := s2sVNets(0, 0)
	topo.VNets[1].Location = "eastus"
	topo.Connections = hsV2V("g1", "g2", false)
	p := hsPlane(t, topo)
	hsWantDisp(t, "RouteBased both sides, across regions", hsTrace(t, p, "vm-1", "vm-2"), trace.Delivered)
	if s, ok := p.BGP().Session("g1-g2+g2-g1"); !ok || !s.Up {
		t.Errorf("RouteBased VNet-to-VNet session: %+v, want up", s)
	}

	topo.Gateways[1].VpnType, topo.Gateways[1].Sku = model.PolicyBased, "Basic"
	if ds := hsDiags(topo); !hsHasDiag(ds, "connection.vnet2vnet-route-based", model.Error) {
		t.Errorf("PolicyBased side: want connection.vnet2vnet-route-based error, got%s", hsDiagCodes(ds))
	}
	p = hsPlane(t, topo)
	if s, ok := p.BGP().Session("g1-g2+g2-g1"); ok && s.Up {
		t.Error("a VNet-to-VNet tunnel to a PolicyBased gateway must stay down")
	}
	if tr := hsTrace(t, p, "vm-1", "vm-2"); tr.Disposition.Success() {
		t.Errorf("vm-1 → vm-2 over a PolicyBased VNet-to-VNet: %s, want no delivery", tr.Disposition)
	}
}

// TestRule_s2s_vnet_to_vnet_auto_prefixes checks rule:s2s.vnet-to-vnet-auto-prefixes:
// each side of a VNet-to-VNet link routes to the other VNet's current
// address space, and follows a change to it without any action (rule:s2s.vnet-to-vnet-auto-prefixes).
func TestRule_s2s_vnet_to_vnet_auto_prefixes(t *testing.T) {
	topo := s2sVNets(0, 0)
	topo.Connections = hsV2V("g1", "g2", false)
	for _, pfx := range []string{"10.2.0.0/16"} {
		if e, ok := hsActive(t, hsPlane(t, topo), "v1/app", pfx); !ok || e.NextHop != route.VirtualNetworkGateway {
			t.Errorf("v1 route to %s: %+v %v, want VirtualNetworkGateway", pfx, e, ok)
		}
	}
	if e, ok := hsActive(t, hsPlane(t, topo), "v2/app", "10.1.0.0/16"); !ok || e.NextHop != route.VirtualNetworkGateway {
		t.Errorf("v2 route to 10.1.0.0/16: %+v %v, want VirtualNetworkGateway", e, ok)
	}
	// v2 grows a second range: v1 routes to it with no other change.
	topo.VNets[1].AddressSpace.AddressPrefixes = append(topo.VNets[1].AddressSpace.AddressPrefixes, "10.22.0.0/16")
	if e, ok := hsActive(t, hsPlane(t, topo), "v1/app", "10.22.0.0/16"); !ok || e.NextHop != route.VirtualNetworkGateway {
		t.Errorf("v1 route to v2's new range: %+v %v, want VirtualNetworkGateway", e, ok)
	}
}

// TestRule_s2s_vnet_to_vnet_two_connections checks rule:s2s.vnet-to-vnet-two-connections:
// a VNet-to-VNet tunnel needs both connection resources; one alone is
// warned about and stays down, and failing either takes the tunnel down (rule:s2s.vnet-to-vnet-two-connections).
func TestRule_s2s_vnet_to_vnet_two_connections(t *testing.T) {
	topo := s2sVNets(0, 0)
	topo.Connections = hsV2V("g1", "g2", false)
	hsWantDisp(t, "both connections", hsTrace(t, hsPlane(t, topo), "vm-1", "vm-2"), trace.Delivered)
	for _, c := range []string{"g1-g2", "g2-g1"} {
		p := hsPlane(t, topo, model.Failure{Kind: model.ConnectionDown, Target: c})
		if tr := hsTrace(t, p, "vm-1", "vm-2"); tr.Disposition.Success() {
			t.Errorf("%s down: vm-1 → vm-2 %s, want no delivery", c, tr.Disposition)
		}
	}
	oneWay := topo
	oneWay.Connections = topo.Connections[:1]
	if ds := hsDiags(oneWay); !hsHasDiag(ds, "connection.vnet2vnet-one-way", model.Warning) {
		t.Errorf("one connection: want connection.vnet2vnet-one-way warning, got%s", hsDiagCodes(ds))
	}
	p := hsPlane(t, oneWay)
	if rs := hsRoutes(t, p, "v1/app", "10.2.0.0/16"); len(rs) != 0 {
		t.Errorf("one-way tunnel programmed %v", rs)
	}
	if tr := hsTrace(t, p, "vm-1", "vm-2"); tr.Disposition.Success() {
		t.Errorf("one connection: vm-1 → vm-2 %s, want no delivery", tr.Disposition)
	}
}

// TestRule_s2s_redundant_vnet_tunnels_need_active_active checks
// rule:s2s.redundant-vnet-tunnels-need-active-active: a second VNet-to-VNet
// tunnel between the same two VNets needs at least one active-active
// gateway (an error otherwise), and with one the redundant tunnel carries
// the traffic when the first one's connection fails.
func TestRule_s2s_redundant_vnet_tunnels_need_active_active(t *testing.T) {
	topo := s2sVNets(0, 0)
	topo.Connections = append(hsV2V("g1", "g2", false),
		model.Connection{ID: "g1-g2-b", ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: "g1", VirtualNetworkGateway2: "g2"},
		model.Connection{ID: "g2-g1-b", ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: "g2", VirtualNetworkGateway2: "g1"})
	if ds := hsDiags(topo); !hsHasDiag(ds, "connection.vnet2vnet-redundant", model.Error) {
		t.Errorf("two tunnels, no active-active gateway: want connection.vnet2vnet-redundant error, got%s", hsDiagCodes(ds))
	}
	aa := topo
	aa.Gateways = slices.Clone(topo.Gateways)
	aa.Gateways[0].ActiveActive, aa.Gateways[0].Sku = true, "VpnGw1AZ"
	if ds := hsDiags(aa); hsHasDiag(ds, "connection.vnet2vnet-redundant", model.Error) {
		t.Errorf("two tunnels, g1 active-active: unexpected connection.vnet2vnet-redundant error;%s", hsDiagCodes(ds))
	}
	for _, c := range []string{"g1-g2", "g2-g1", "g1-g2-b"} {
		p := hsPlane(t, aa, model.Failure{Kind: model.ConnectionDown, Target: c})
		hsWantDisp(t, c+" down, the other tunnel up", hsTrace(t, p, "vm-1", "vm-2"), trace.Delivered)
	}
	both := hsPlane(t, aa, model.Failure{Kind: model.ConnectionDown, Target: "g1-g2"}, model.Failure{Kind: model.ConnectionDown, Target: "g1-g2-b"})
	if tr := hsTrace(t, both, "vm-1", "vm-2"); tr.Disposition.Success() {
		t.Errorf("both g1→g2 connections down: vm-1 → vm-2 %s, want no delivery", tr.Disposition)
	}
}

// TestRule_s2s_vnet_to_vnet_no_transit_without_bgp checks
// rule:s2s.vnet-to-vnet-no-transit-without-bgp: in a static chain
// v1–v2–v3, v1 reaches v2 but has no path to v3 (rule:s2s.vnet-to-vnet-no-transit-without-bgp).
func TestRule_s2s_vnet_to_vnet_no_transit_without_bgp(t *testing.T) {
	topo := s2sVNets(0, 0, 0)
	topo.Connections = append(hsV2V("g1", "g2", false), hsV2V("g2", "g3", false)...)
	p := hsPlane(t, topo)
	hsWantDisp(t, "v1 → v2 (direct link)", hsTrace(t, p, "vm-1", "vm-2"), trace.Delivered)
	if rs := hsRoutes(t, p, "v1/app", "10.3.0.0/16"); len(rs) != 0 {
		t.Errorf("v1 has a route to v3 through the static chain: %v", rs)
	}
	if tr := hsTrace(t, p, "vm-1", "vm-3"); tr.Disposition.Success() {
		t.Errorf("v1 → v3: %s, want no delivery", tr.Disposition)
	}
}

// TestRule_s2s_vnet_to_vnet_omits_p2s_pool checks rule:s2s.vnet-to-vnet-omits-p2s-pool:
// the prefixes of a static VNet-to-VNet link leave out the P2S pool, so
// P2S clients of v1 cannot reach v2 over it (rule:s2s.vnet-to-vnet-omits-p2s-pool).
func TestRule_s2s_vnet_to_vnet_omits_p2s_pool(t *testing.T) {
	topo := s2sVNets(0, 0)
	topo.Gateways[0].VpnClientConfiguration = hsP2S("172.16.50.0/24", "172.16.50.10", "172.16.50.11")
	topo.Connections = hsV2V("g1", "g2", false)
	p := hsPlane(t, topo)
	if rs := hsRoutes(t, p, "v2/app", "172.16.50.0/24"); len(rs) != 0 {
		t.Errorf("v2 got the pool over the static VNet-to-VNet link: %v", rs)
	}
	for _, c := range []string{"g1/win", "g1/other"} {
		if tr := hsTrace(t, p, c, "vm-2"); tr.Disposition.Success() {
			t.Errorf("%s → v2: %s (%s), want no delivery", c, tr.Disposition, tr.Reason)
		}
		hsWantDisp(t, c+" → v1", hsTrace(t, p, c, "vm-1"), trace.Delivered)
	}
}

// TestRule_s2s_peering_beats_vnet_to_vnet checks rule:s2s.peering-beats-vnet-to-vnet:
// two VNets that are both peered and VPN-connected use the peering; when
// the peering fails the tunnel's routes carry the traffic (rule:s2s.peering-beats-vnet-to-vnet).
func TestRule_s2s_peering_beats_vnet_to_vnet(t *testing.T) {
	topo := s2sVNets(0, 0)
	topo.Connections = hsV2V("g1", "g2", false)
	topo.Peerings = []model.Peering{hsPeering("v1-v2", "v1", "v2")}
	p := hsPlane(t, topo)
	if nh := hsNextHop(t, p, "v1/app", "10.2.1.4"); nh.NextHopType != route.VNetPeering {
		t.Errorf("peered and VPN-connected: next hop %s, want VNetPeering", nh.NextHopType)
	}
	hsWantDisp(t, "over the peering", hsTrace(t, p, "vm-1", "vm-2"), trace.Delivered)

	p = hsPlane(t, topo, model.Failure{Kind: model.PeeringDown, Target: "v1-v2"})
	if nh := hsNextHop(t, p, "v1/app", "10.2.1.4"); nh.NextHopType != route.VirtualNetworkGateway {
		t.Errorf("peering down: next hop %s, want VirtualNetworkGateway", nh.NextHopType)
	}
	hsWantDisp(t, "over the tunnel after the peering fails", hsTrace(t, p, "vm-1", "vm-2"), trace.Delivered)
}
