package conformance_test

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/report"
	"vnetplay/engine/trace"
)

// p2sHub is the docs' topology (b) of rule:p2s.windows-and-other-clients with the pool 192.168.0.0/24:
// VNet1 10.1.0.0/16 with a RouteBased gateway, VNet2 and VNet4 peered with
// VNet1 and using its gateway, VNet3 peered with VNet2 only, and VNet5
// peered with VNet1 without useRemoteGateways. VM vm-i is 10.i.1.4.
func p2sHub() model.Topology {
	t := model.Topology{
		VNets: []model.VNet{
			hsVNet("v1", "10.1.0.0/16", "app=10.1.1.0/24", "GatewaySubnet=10.1.255.0/27"),
			hsVNet("v2", "10.2.0.0/16", "app=10.2.1.0/24"),
			hsVNet("v3", "10.3.0.0/16", "app=10.3.1.0/24"),
			hsVNet("v4", "10.4.0.0/16", "app=10.4.1.0/24"),
			hsVNet("v5", "10.5.0.0/16", "app=10.5.1.0/24"),
		},
		Peerings: []model.Peering{hsTransitPeering("v1-v2", "v1", "v2"), hsTransitPeering("v1-v4", "v1", "v4"),
			hsPeering("v2-v3", "v2", "v3"), {ID: "v1-v5", A: model.PeeringLink{VNet: "v1", AllowGatewayTransit: true}, B: model.PeeringLink{VNet: "v5"}}},
		Gateways: []model.VirtualNetworkGateway{hsVpnGateway("g1", "v1", 0)},
	}
	for i := 1; i <= 5; i++ {
		t.VMs = append(t.VMs, hsVM(fmt.Sprintf("vm-%d", i), fmt.Sprintf("v%d/app", i), fmt.Sprintf("10.%d.1.4", i)))
	}
	t.Gateways[0].VpnClientConfiguration = hsP2S("192.168.0.0/24", "192.168.0.10", "192.168.0.11")
	return t
}

// TestRule_p2s_configuration checks rule:p2s.configuration: P2S needs a
// RouteBased VPN gateway and a private pool that does not overlap the VNet;
// Basic offers SSTP only (rule:p2s.configuration).
func TestRule_p2s_configuration(t *testing.T) {
	if ds := hsDiags(p2sHub()); len(ds) != 0 {
		t.Fatalf("valid P2S design has diagnostics:%s", hsDiagCodes(ds))
	}
	for _, tc := range []struct {
		name, code string
		edit       func(*model.Topology)
	}{
		{"P2S on an ExpressRoute gateway", "gateway.p2s-unsupported", func(t *model.Topology) {
			g := hsERGateway("g1", "v1")
			g.VpnClientConfiguration = t.Gateways[0].VpnClientConfiguration
			t.Gateways[0] = g
		}},
		{"P2S on a PolicyBased gateway", "gateway.policy-based", func(t *model.Topology) {
			t.Gateways[0].VpnType, t.Gateways[0].Sku = model.PolicyBased, "Basic"
			t.Gateways[0].VpnClientConfiguration.VpnClientProtocols = []string{"SSTP"}
		}},
		{"no pool", "p2s.no-pool", func(t *model.Topology) {
			t.Gateways[0].VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes = nil
			t.Gateways[0].VpnClientConfiguration.Clients = nil
		}},
		{"public pool", "p2s.pool-public", func(t *model.Topology) {
			t.Gateways[0].VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes = []string{"198.51.100.0/24"}
			t.Gateways[0].VpnClientConfiguration.Clients = nil
		}},
		{"pool overlaps the VNet", "p2s.pool-overlap", func(t *model.Topology) {
			t.Gateways[0].VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes = []string{"10.1.200.0/24"}
			t.Gateways[0].VpnClientConfiguration.Clients = nil
		}},
		{"IKEv2 on Basic", "p2s.protocol", func(t *model.Topology) {
			t.Gateways[0].Sku = "Basic"
			t.Gateways[0].VpnClientConfiguration.VpnClientProtocols = []string{"IkeV2"}
		}},
		{"OpenVPN on Basic", "p2s.protocol", func(t *model.Topology) {
			t.Gateways[0].Sku = "Basic"
			t.Gateways[0].VpnClientConfiguration.VpnClientProtocols = []string{"OpenVPN"}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := p2sHub()
			tc.edit(&topo)
			if ds := hsDiags(topo); !hsHasDiag(ds, tc.code, model.Error) {
				t.Errorf("want %s error, got%s", tc.code, hsDiagCodes(ds))
			}
		})
	}
	// A pool overlapping an on-premises site's range, or a local network
	// gateway's prefix, is warned about: the pool must not overlap the
	// networks the clients reach, and routing to the overlap is ambiguous
	// (rule:p2s.configuration, rule:s2s.no-overlap).
	for _, tc := range []struct {
		name string
		edit func(*model.Topology)
	}{
		{"pool inside a site's range", func(t *model.Topology) {
			t.Sites = []model.Site{hsSite("dc", 65020, "192.168.0.0/20", "192.168.1.10")}
		}},
		{"pool overlapping a local network gateway's prefix", func(t *model.Topology) {
			t.Sites = []model.Site{hsSite("dc", 65020, "172.20.0.0/16", "172.20.1.10")}
			t.LocalNetworkGateways = []model.LocalNetworkGateway{hsStaticLNG("dc-lng", "dc", "172.20.0.0/16", "192.168.0.128/25")}
			t.LocalNetworkGateways[0].GatewayIPAddress = "198.51.100.1"
			t.Connections = []model.Connection{hsIPsec("s2s", "g1", "dc-lng", false)}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := p2sHub()
			tc.edit(&topo)
			if ds := hsDiags(topo); !hsHasDiag(ds, "p2s.pool-overlap-on-premises", model.Warning) {
				t.Errorf("want a p2s.pool-overlap-on-premises warning, got%s", hsDiagCodes(ds))
			}
		})
	}
	// A site beside the pool is fine.
	beside := p2sHub()
	beside.Sites = []model.Site{hsSite("dc", 65020, "192.168.16.0/20", "192.168.16.10")}
	if ds := hsDiags(beside); hsHasDiag(ds, "p2s.pool-overlap-on-premises", model.Warning) {
		t.Errorf("a site beside the pool must not be warned about:%s", hsDiagCodes(ds))
	}
	// SSTP alone on Basic is valid.
	topo := p2sHub()
	topo.Gateways[0].Sku = "Basic"
	topo.Gateways[0].VpnClientConfiguration.VpnClientProtocols = []string{"SSTP"}
	if ds := hsDiags(topo); hsHasDiag(ds, "p2s.protocol", model.Error) {
		t.Errorf("SSTP on Basic must be accepted:%s", hsDiagCodes(ds))
	}
}

// TestRule_p2s_pushed_vnets checks rule:p2s.pushed-vnets: clients get the
// gateway VNet, the pool and the peered VNets that use the gateway; a peer
// of a peer and a peer without useRemoteGateways are neither pushed nor
// reachable (rule:p2s.windows-and-other-clients b, rule:p2s.pushed-vnets).
func TestRule_p2s_pushed_vnets(t *testing.T) {
	p := hsPlane(t, p2sHub())
	rs, ok := p.P2S("g1")
	if !ok {
		t.Fatal("no P2S routes")
	}
	want := []string{"10.1.0.0/16", "10.2.0.0/16", "10.4.0.0/16", "192.168.0.0/24"}
	if got := hsPushedSet(rs.Windows); !slices.Equal(got, want) {
		t.Errorf("Windows clients get %v, want %v", got, want)
	}
	if got := hsPushedSet(rs.Other); !slices.Equal(got, want) {
		t.Errorf("other clients get %v, want %v", got, want)
	}
	for _, tc := range []struct {
		to   string
		want trace.Disposition
	}{
		{"vm-1", trace.Delivered},
		{"vm-2", trace.Delivered},
		{"vm-4", trace.Delivered},
		{"vm-3", trace.DroppedNotInClientRoutes},
		{"vm-5", trace.DroppedNotInClientRoutes},
	} {
		for _, c := range []string{"g1/win", "g1/other"} {
			hsWantDisp(t, c+" → "+tc.to, hsTrace(t, p, c, tc.to), tc.want)
		}
	}
}

// TestRule_p2s_windows_and_other_clients checks rule:p2s.windows-and-other-clients:
// non-Windows clients also get BGP-learned ranges and the ranges of VNets on
// a static VNet-to-VNet link; Windows clients do not; a static branch is
// pushed to neither (2023 page, section W); a pushed VNet behind a static
// VNet-to-VNet link is still unreachable (rule:p2s.windows-and-other-clients c–f, rule:dns.ruleset-links).
func TestRule_p2s_windows_and_other_clients(t *testing.T) {
	const pool = "192.168.0.0/24"
	chain := func(bgpOn bool) model.Topology {
		var asns []uint32
		if bgpOn {
			asns = []uint32{65010, 65020, 65030}
		} else {
			asns = []uint32{0, 0, 0}
		}
		topo := s2sVNets(asns...)
		topo.Connections = append(hsV2V("g1", "g2", bgpOn), hsV2V("g2", "g3", bgpOn)...)
		topo.Gateways[0].VpnClientConfiguration = hsP2S(pool, "192.168.0.10", "192.168.0.11")
		return topo
	}
	branch := func(bgpOn bool) model.Topology {
		topo := s2sVNets(0)
		topo.Gateways[0].VpnClientConfiguration = hsP2S(pool, "192.168.0.10", "192.168.0.11")
		topo.Sites = []model.Site{hsSite("site1", 0, "10.101.0.0/16", "10.101.0.10")}
		topo.LocalNetworkGateways = []model.LocalNetworkGateway{hsStaticLNG("site1-lng", "site1", "10.101.0.0/16")}
		topo.Connections = []model.Connection{hsIPsec("site1-conn", "g1", "site1-lng", false)}
		if bgpOn {
			topo.Gateways[0] = hsVpnGateway("g1", "v1", 65010)
			topo.Gateways[0].VpnClientConfiguration = hsP2S(pool, "192.168.0.10", "192.168.0.11")
			topo.Sites[0].Asn = 65101
			topo.LocalNetworkGateways = []model.LocalNetworkGateway{hsBgpLNG("site1-lng", "site1", 65101, "10.101.0.1")}
			topo.Connections[0].EnableBgp = true
		}
		return topo
	}
	chainBranch := func() model.Topology {
		topo := chain(false)
		topo.Sites = []model.Site{hsSite("site1", 0, "10.101.0.0/16", "10.101.0.10")}
		topo.LocalNetworkGateways = []model.LocalNetworkGateway{hsStaticLNG("site1-lng", "site1", "10.101.0.0/16")}
		topo.Connections = append(topo.Connections, hsIPsec("site1-conn", "g3", "site1-lng", false))
		return topo
	}
	for _, tc := range []struct {
		name           string
		topo           model.Topology
		windows, other []string
		unreachable    string // a VM or host no client reaches ("" for none)
	}{
		{"(c) static VNet-to-VNet chain", chain(false),
			[]string{"10.1.0.0/16", pool}, []string{"10.1.0.0/16", "10.2.0.0/16", pool}, "vm-2"},
		{"(d) VNet-to-VNet chain with BGP", chain(true),
			[]string{"10.1.0.0/16", pool}, []string{"10.1.0.0/16", "10.2.0.0/16", "10.3.0.0/16", pool}, ""},
		{"(e) static branch", branch(false),
			[]string{"10.1.0.0/16", pool}, []string{"10.1.0.0/16", pool}, "site1/h"},
		{"(f) BGP branch", branch(true),
			[]string{"10.1.0.0/16", pool}, []string{"10.1.0.0/16", "10.101.0.0/16", pool}, ""},
		// The docs' table gives non-Windows clients 10.3 and 10.101 here too,
		// unlike (c): the table disagrees with itself, and vnetplay reads (g)
		// as (c) and says so in rule:p2s.windows-and-other-clients. Reach:
		// VNet1 only, as the table says.
		{"(g) static chain with a branch on VNet3", chainBranch(),
			[]string{"10.1.0.0/16", pool}, []string{"10.1.0.0/16", "10.2.0.0/16", pool}, "site1/h"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := hsPlane(t, tc.topo)
			rs, ok := p.P2S("g1")
			if !ok {
				t.Fatal("no P2S routes")
			}
			if got := hsPushedSet(rs.Windows); !slices.Equal(got, tc.windows) {
				t.Errorf("Windows: %v, want %v", got, tc.windows)
			}
			if got := hsPushedSet(rs.Other); !slices.Equal(got, tc.other) {
				t.Errorf("Other: %v, want %v", got, tc.other)
			}
			if tc.unreachable != "" {
				for _, c := range []string{"g1/win", "g1/other"} {
					if tr := hsTrace(t, p, c, tc.unreachable); tr.Disposition.Success() {
						t.Errorf("%s → %s: %s, want no delivery", c, tc.unreachable, tr.Disposition)
					}
				}
			}
		})
	}
}

// TestRule_p2s_traffic_selector_limits checks rule:p2s.traffic-selector-limits:
// more than 25 routes pushed to Windows IKEv2 clients fail on versions before
// Windows 10 2004 (255 on later ones); vnetplay warns naming both (rule:p2s.traffic-selector-limits).
func TestRule_p2s_traffic_selector_limits(t *testing.T) {
	warned := func(topo model.Topology) bool {
		rs, _ := hsPlane(t, topo).P2S("g1")
		for _, w := range rs.Warnings {
			if strings.Contains(w, "25") && strings.Contains(w, "255") {
				return true
			}
		}
		return false
	}
	topo := p2sHub()
	if warned(topo) {
		t.Error("4 routes must not warn")
	}
	// 25 routes in all (24 ranges and the pool): at the limit, no warning;
	// one more range: 26 selectors, over the old limit.
	for n, want := range map[int]bool{24: false, 25: true} {
		topo := p2sHub()
		topo.VNets[0].AddressSpace.AddressPrefixes = nil
		for i := range n {
			topo.VNets[0].AddressSpace.AddressPrefixes = append(topo.VNets[0].AddressSpace.AddressPrefixes, fmt.Sprintf("10.1.%d.0/24", i+1))
		}
		topo.VNets[0].Subnets = []model.Subnet{{Name: "app", AddressPrefix: "10.1.1.0/24"}, {Name: "GatewaySubnet", AddressPrefix: "10.1.2.0/27"}}
		topo.Peerings, topo.VNets = nil, topo.VNets[:1]
		topo.VMs = topo.VMs[:1]
		rs, _ := hsPlane(t, topo).P2S("g1")
		if got := len(rs.Windows); got != n+1 {
			t.Fatalf("%d ranges: %d Windows routes, want %d", n, got, n+1)
		}
		if got := warned(topo); got != want {
			t.Errorf("%d Windows routes: warned %v, want %v", n+1, got, want)
		}
	}
}

// TestRule_p2s_custom_routes checks rule:p2s.custom-routes: customRoutes
// are pushed to every client, Windows and other alike, so that traffic to
// them enters the tunnel (rule:p2s.custom-routes).
func TestRule_p2s_custom_routes(t *testing.T) {
	topo := p2sHub()
	topo.Gateways[0].VpnClientConfiguration.CustomRoutes = &model.AddressSpace{AddressPrefixes: []string{"20.60.0.0/16"}}
	p := hsPlane(t, topo)
	rs, _ := p.P2S("g1")
	if !hsPushed(rs.Windows, "20.60.0.0/16") || !hsPushed(rs.Other, "20.60.0.0/16") {
		t.Errorf("custom route not pushed to both: Windows %v Other %v", hsPushedSet(rs.Windows), hsPushedSet(rs.Other))
	}
	// Without the custom route the client reaches the public address over its own Internet connection.
	if tr := hsTrace(t, hsPlane(t, p2sHub()), "g1/win", "20.60.1.1"); tr.Disposition != trace.ExitsToInternet || slices.Contains(tr.Via(), "g1") {
		t.Errorf("no custom route: %s via %v, want the client's own Internet exit", tr.Disposition, tr.Via())
	}
	// With it, the traffic goes into the tunnel (the first hop after the client is the gateway).
	if tr := hsTrace(t, p, "g1/win", "20.60.1.1"); len(tr.Hops) < 2 || tr.Hops[1].Node != "g1" {
		t.Errorf("custom route: hops %v, want the gateway g1 after the client", hopNodes(tr))
	}
}

// hopNodes lists the nodes of a trace's forward hops.
func hopNodes(tr *trace.Trace) []string {
	var out []string
	for _, h := range tr.Hops {
		out = append(out, h.Node)
	}
	return out
}

// TestRule_p2s_client_to_client checks rule:p2s.client-to-client: following
// the newer FAQ (section W), a client reaches another client of its gateway
// through it (rule:p2s.client-to-client, rule:dns.ruleset-links).
func TestRule_p2s_client_to_client(t *testing.T) {
	p := hsPlane(t, p2sHub())
	hsWantDisp(t, "win → other", hsTrace(t, p, "g1/win", "g1/other"), trace.DeliveredToP2SClient)
	hsWantDisp(t, "other → win", hsTrace(t, p, "g1/other", "g1/win"), trace.DeliveredToP2SClient)
}

// TestRule_p2s_no_expressroute_transit checks rule:p2s.no-expressroute-transit:
// even with Route Server branch-to-branch, an ExpressRoute site and a P2S
// client do not reach each other (rule:p2s.no-expressroute-transit).
func TestRule_p2s_no_expressroute_transit(t *testing.T) {
	topo := model.Topology{
		VNets: []model.VNet{hsVNet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "GatewaySubnet=10.0.255.0/27", "RouteServerSubnet=10.0.254.0/26")},
		VMs:   []model.VM{hsVM("vm", "hub/app", "10.0.1.4")},
		Gateways: []model.VirtualNetworkGateway{hsERGateway("ergw", "hub"),
			{ID: "vpngw", VNet: "hub", GatewayType: model.GatewayVpn, VpnType: model.RouteBased, Sku: "VpnGw1AZ", ActiveActive: true, EnableBgp: true, BgpSettings: &model.BgpSettings{Asn: 65515},
				VpnClientConfiguration: hsP2S("172.16.50.0/24", "172.16.50.10", "172.16.50.11")}},
		Sites:        []model.Site{hsSite("factory", 65001, "192.168.1.0/24", "192.168.1.10")},
		Circuits:     []model.ExpressRouteCircuit{hsCircuit("ckt", "factory", 65001, 0)},
		Connections:  []model.Connection{hsERConn("er", "ergw", "ckt", 0)},
		RouteServers: []model.RouteServer{{ID: "rs", VNet: "hub", AllowBranchToBranchTraffic: true}},
	}
	p := hsPlane(t, topo)
	hsWantDisp(t, "factory → hub VM", hsTrace(t, p, "factory/h", "vm"), trace.Delivered)
	hsWantDisp(t, "factory → P2S client", hsTrace(t, p, "factory/h", "vpngw/other"), trace.DroppedNoTransit)
	// The client's walk says why the site is not in its routes: the missing
	// transit, not the split between Windows and other clients.
	for _, c := range []string{"vpngw/win", "vpngw/other"} {
		tr := hsTrace(t, p, c, "factory/h")
		if tr.Disposition.Success() {
			t.Errorf("%s → factory: %s, want no delivery", c, tr.Disposition)
		}
		if !strings.Contains(tr.Reason, "rule:p2s.no-expressroute-transit") || strings.Contains(tr.Reason, "rule:p2s.windows-and-other-clients") {
			t.Errorf("%s → factory: reason %q, want rule:p2s.no-expressroute-transit and not the Windows/other split", c, tr.Reason)
		}
	}
}

// TestRule_p2s_failover_disconnects checks rule:p2s.failover-disconnects:
// when the gateway fails, P2S clients are disconnected and must reconnect
// (rule:p2s.failover-disconnects).
func TestRule_p2s_failover_disconnects(t *testing.T) {
	p := hsPlane(t, p2sHub(), model.Failure{Kind: model.GatewayDown, Target: "g1"})
	tr := hsTrace(t, p, "g1/win", "vm-1")
	if tr.Disposition != trace.DroppedComponentDown || !strings.Contains(tr.Reason, "disconnected") {
		t.Errorf("gateway down: %s (%s), want DroppedComponentDown, disconnected", tr.Disposition, tr.Reason)
	}
	rs, _ := p.P2S("g1")
	if !slices.ContainsFunc(rs.Warnings, func(w string) bool { return strings.Contains(w, "reconnect") }) {
		t.Errorf("gateway down: warnings %q, want a reconnect warning", rs.Warnings)
	}
	// An active-active gateway: an instance failover also drops the sessions.
	topo := p2sHub()
	topo.Gateways[0].ActiveActive, topo.Gateways[0].Sku = true, "VpnGw1AZ"
	rs, _ = hsPlane(t, topo).P2S("g1")
	if !slices.ContainsFunc(rs.Warnings, func(w string) bool { return strings.Contains(w, "reconnect") }) {
		t.Errorf("active-active: warnings %q, want an instance-failover reconnect warning", rs.Warnings)
	}
}

// TestRule_p2s_on_link_routes checks rule:p2s.on-link-routes: pushed routes
// show next hop On-link on the client, and the client's packet enters the
// gateway in one step (rule:p2s.on-link-routes).
func TestRule_p2s_on_link_routes(t *testing.T) {
	p := hsPlane(t, p2sHub())
	rs, _ := p.P2S("g1")
	var b bytes.Buffer
	report.P2S(&b, rs)
	for _, line := range strings.Split(b.String(), "\n") {
		for _, r := range rs.Windows {
			if strings.Contains(line, r.Prefix.String()+" ") && !strings.Contains(line, "On-link") {
				t.Errorf("pushed route printed without On-link: %q", line)
			}
		}
	}
	if !strings.Contains(b.String(), "On-link") {
		t.Errorf("P2S report shows no On-link next hop:\n%s", b.String())
	}
	tr := hsTrace(t, p, "g1/win", "vm-1")
	if got := hopNodes(tr); len(got) != 3 || got[1] != "g1" {
		t.Errorf("client → vm-1 hops %v, want client, gateway, VM", got)
	}
}

// TestP2SDropsCiteTheirRule: a client's packet to a destination no client
// route covers cites the rule on the VNets pushed (rule:p2s.pushed-vnets);
// the Windows/other split (rule:p2s.windows-and-other-clients) only when
// clients of the other kind do get a route to it. A single custom route's
// public destination that the gateway would send to the Internet is
// dropped citing the custom routes (rule:p2s.custom-routes), not P2S forced
// tunnelling, which 0.0.0.0/1 and 128.0.0.0/1 still cite
// (rule:forced-tunnelling.p2s-half-defaults).
func TestP2SDropsCiteTheirRule(t *testing.T) {
	p := hsPlane(t, p2sHub())
	for _, c := range []string{"g1/win", "g1/other"} {
		tr := hsTrace(t, p, c, "vm-5") // peered without useRemoteGateways: pushed to nobody
		if tr.Disposition != trace.DroppedNotInClientRoutes || !strings.Contains(tr.Reason, "rule:p2s.pushed-vnets") || strings.Contains(tr.Reason, "rule:p2s.windows-and-other-clients") {
			t.Errorf("%s → vm-5: want DroppedNotInClientRoutes citing only rule:p2s.pushed-vnets, got %s: %s", c, tr.Disposition, tr.Reason)
		}
	}
	one := p2sHub()
	one.Gateways[0].VpnClientConfiguration.CustomRoutes = &model.AddressSpace{AddressPrefixes: []string{"20.60.0.10/32"}}
	tr := hsTrace(t, hsPlane(t, one), "g1/win", "20.60.0.10")
	if tr.Disposition != trace.DroppedNoEgress || !strings.Contains(tr.Reason, "rule:p2s.custom-routes") || strings.Contains(tr.Reason, "rule:forced-tunnelling.p2s-half-defaults") {
		t.Errorf("single custom route: want DroppedNoEgress citing rule:p2s.custom-routes only, got %s: %s", tr.Disposition, tr.Reason)
	}
	halves := p2sHub()
	halves.Gateways[0].VpnClientConfiguration.CustomRoutes = &model.AddressSpace{AddressPrefixes: []string{"0.0.0.0/1", "128.0.0.0/1"}}
	if tr := hsTrace(t, hsPlane(t, halves), "g1/win", "8.8.8.8"); tr.Disposition != trace.DroppedNoEgress || !strings.Contains(tr.Reason, "rule:forced-tunnelling.p2s-half-defaults") {
		t.Errorf("0.0.0.0/1 and 128.0.0.0/1: want DroppedNoEgress citing P2S forced tunnelling, got %s: %s", tr.Disposition, tr.Reason)
	}
}
