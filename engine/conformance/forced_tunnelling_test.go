package conformance_test

import (
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// ftMultiTier is the docs' forced-tunnelling example (rule:forced-tunnelling.default-site): MultiTier-VNet
// 10.1.0.0/16 with Frontend, Midtier, Backend and GatewaySubnet
// 10.1.200.0/28; LNGs DefaultSiteHQ 192.168.1.0/24 and Branch1
// 192.168.2.0/24 on static connections; the route table 0.0.0.0/0 →
// VirtualNetworkGateway on Midtier and Backend only; default site HQ.
func ftMultiTier() model.Topology {
	gw := hsVpnGateway("gw", "MultiTier-VNet", 0)
	gw.GatewayDefaultSite = "DefaultSiteHQ"
	return model.Topology{
		VNets:       []model.VNet{hsVNet("MultiTier-VNet", "10.1.0.0/16", "Frontend=10.1.0.0/24", "Midtier=10.1.1.0/24", "Backend=10.1.2.0/24", "GatewaySubnet=10.1.200.0/28")},
		RouteTables: []model.RouteTable{{ID: "DemoRouteTable", Routes: []model.Route{{Name: "DefaultRoute", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualNetworkGateway}}}},
		VMs: []model.VM{hsVM("vm-front", "MultiTier-VNet/Frontend", "10.1.0.4"), hsVM("vm-mid", "MultiTier-VNet/Midtier", "10.1.1.4"),
			hsVM("vm-back", "MultiTier-VNet/Backend", "10.1.2.4")},
		Gateways:             []model.VirtualNetworkGateway{gw},
		Sites:                []model.Site{hsSite("hq", 0, "192.168.1.0/24", "192.168.1.10"), hsSite("branch1", 0, "192.168.2.0/24", "192.168.2.10")},
		LocalNetworkGateways: []model.LocalNetworkGateway{hsStaticLNG("DefaultSiteHQ", "hq", "192.168.1.0/24"), hsStaticLNG("Branch1", "branch1", "192.168.2.0/24")},
		Connections:          []model.Connection{hsIPsec("hq-conn", "gw", "DefaultSiteHQ", false), hsIPsec("branch1-conn", "gw", "Branch1", false)},
	}
}

// ftWithTable attaches DemoRouteTable to Midtier and Backend.
func ftWithTable(t model.Topology) model.Topology {
	t.VNets = slices.Clone(t.VNets)
	t.VNets[0].Subnets = slices.Clone(t.VNets[0].Subnets)
	t.VNets[0].Subnets[1].RouteTable = "DemoRouteTable"
	t.VNets[0].Subnets[2].RouteTable = "DemoRouteTable"
	return t
}

// TestRule_forced_tunnelling_default_site checks rule:forced-tunnelling.default-site:
// tunnelled subnets send Internet traffic to the default site; subnets
// without the route table keep direct Internet access; with no default site
// (removed) or its tunnel down, the tunnelled Internet traffic is not
// carried; the default site must be a connected LNG (rule:forced-tunnelling.default-site).
func TestRule_forced_tunnelling_default_site(t *testing.T) {
	const internet = "203.0.113.10"
	p := hsPlane(t, ftWithTable(ftMultiTier()))
	for _, vm := range []string{"vm-mid", "vm-back"} {
		tr := hsTrace(t, p, vm, internet)
		if !tr.Disposition.Success() || !slices.Contains(hopNodes(tr), "gw") || !slices.Contains(hopNodes(tr), "hq") || slices.Contains(hopNodes(tr), "branch1") {
			t.Errorf("%s → Internet: %s via %v, want through gw to the default site hq", vm, tr.Disposition, hopNodes(tr))
		}
	}
	ftWantBreakoutRule(t, "default site", hsTrace(t, p, "vm-mid", internet), "rule:forced-tunnelling.default-site", "rule:forced-tunnelling.bgp-default-route")
	tr := hsTrace(t, p, "vm-front", internet)
	if tr.Disposition != trace.ExitsToInternet || slices.Contains(hopNodes(tr), "gw") {
		t.Errorf("Frontend → Internet: %s via %v, want a direct exit", tr.Disposition, hopNodes(tr))
	}
	noSite := ftWithTable(ftMultiTier())
	noSite.Gateways = slices.Clone(noSite.Gateways)
	noSite.Gateways[0].GatewayDefaultSite = ""
	if tr := hsTrace(t, hsPlane(t, noSite), "vm-mid", internet); tr.Disposition.Success() {
		t.Errorf("no default site: Midtier → Internet %s (%s), want not carried", tr.Disposition, tr.Reason)
	}
	down := hsPlane(t, ftWithTable(ftMultiTier()), model.Failure{Kind: model.ConnectionDown, Target: "hq-conn"})
	if tr := hsTrace(t, down, "vm-mid", internet); tr.Disposition.Success() {
		t.Errorf("HQ tunnel down: Midtier → Internet %s, want not carried", tr.Disposition)
	}
	// A PolicyBased gateway has no default site: lint says so, and the
	// walk does not force-tunnel to it (it did, against its own lint).
	policy := ftWithTable(ftMultiTier())
	policy.Gateways = slices.Clone(policy.Gateways)
	policy.Gateways[0].VpnType = model.PolicyBased
	if ds := hsDiags(policy); !hsHasDiag(ds, "gateway.default-site", model.Error) && !hsHasDiag(ds, "gateway.policy-based", model.Error) {
		t.Errorf("a PolicyBased gateway with a default site: want an error, got%s", hsDiagCodes(ds))
	}
	if tr := hsTrace(t, hsPlane(t, policy), "vm-mid", internet); tr.Disposition.Success() || !strings.Contains(tr.Reason, "only a RouteBased gateway") {
		t.Errorf("PolicyBased gateway: Midtier → Internet %s (%s), want not carried, saying why", tr.Disposition, tr.Reason)
	}
	bad := ftWithTable(ftMultiTier())
	bad.Gateways = slices.Clone(bad.Gateways)
	bad.Gateways[0].GatewayDefaultSite = "Unconnected"
	bad.LocalNetworkGateways = append(slices.Clone(bad.LocalNetworkGateways), hsStaticLNG("Unconnected", "hq", "192.168.9.0/24"))
	if ds := hsDiags(bad); !hsHasDiag(ds, "gateway.default-site", model.Error) {
		t.Errorf("default site not a connected LNG: want gateway.default-site error, got%s", hsDiagCodes(ds))
	}
}

// ftBgpDefault is a hub with a BGP VPN gateway whose site dc advertises
// 0.0.0.0/0, a transit spoke, and a hub subnet "direct" whose route table
// turns gateway propagation off.
func ftBgpDefault() model.Topology {
	return model.Topology{
		VNets: []model.VNet{hsVNet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "direct=10.0.2.0/24", "GatewaySubnet=10.0.255.0/27"),
			hsVNet("spoke", "10.1.0.0/16", "app=10.1.0.0/24")},
		Peerings:             []model.Peering{hsTransitPeering("hub-spoke", "hub", "spoke")},
		RouteTables:          []model.RouteTable{{ID: "nopropagation", DisableBgpRoutePropagation: true}},
		VMs:                  []model.VM{hsVM("vm", "hub/app", "10.0.1.4"), hsVM("vm-direct", "hub/direct", "10.0.2.4"), hsVM("spoke-vm", "spoke/app", "10.1.0.4")},
		Gateways:             []model.VirtualNetworkGateway{hsVpnGateway("gw", "hub", 65010)},
		Sites:                []model.Site{{ID: "dc", Asn: 65020, AddressPrefixes: []string{"192.168.0.0/20"}, AdvertisedPrefixes: []string{"192.168.0.0/20", "0.0.0.0/0"}}},
		LocalNetworkGateways: []model.LocalNetworkGateway{hsBgpLNG("dc-lng", "dc", 65020, "192.168.0.1")},
		Connections:          []model.Connection{hsIPsec("dc-conn", "gw", "dc-lng", true)},
	}
}

// TestRule_forced_tunnelling_bgp_default_route checks
// rule:forced-tunnelling.bgp-default-route: a default route learned over BGP
// reaches every subnet with propagation on and the transit spokes; a subnet
// with propagation off keeps its Internet route (rule:forced-tunnelling.bgp-default-route).
func TestRule_forced_tunnelling_bgp_default_route(t *testing.T) {
	topo := ftBgpDefault()
	topo.VNets[0].Subnets[1].RouteTable = "nopropagation"
	p := hsPlane(t, topo)
	for subnet, want := range map[string]route.NextHopType{
		"hub/app":    route.VirtualNetworkGateway,
		"spoke/app":  route.VirtualNetworkGateway,
		"hub/direct": route.Internet,
	} {
		if e, ok := hsActive(t, p, subnet, "0.0.0.0/0"); !ok || e.NextHop != want {
			t.Errorf("%s 0.0.0.0/0: %s (found %v), want %s", subnet, e.NextHop, ok, want)
		}
	}
	if tr := hsTrace(t, p, "spoke-vm", "203.0.113.10"); !slices.Contains(hopNodes(tr), "gw") {
		t.Errorf("spoke → Internet hops %v, want through the hub gateway", hopNodes(tr))
	}
	hsWantDisp(t, "propagation off → Internet", hsTrace(t, p, "vm-direct", "203.0.113.10"), trace.ExitsToInternet)
	ftWantBreakoutRule(t, "BGP default route", hsTrace(t, p, "spoke-vm", "203.0.113.10"), "rule:forced-tunnelling.bgp-default-route", "rule:forced-tunnelling.default-site")
}

// ftWantBreakoutRule checks that walk tr leaves through an on-premises
// breakout whose exit step cites rule want, the way the traffic was
// tunnelled there, and not rule not, the other way.
func ftWantBreakoutRule(t *testing.T, name string, tr *trace.Trace, want, not string) {
	t.Helper()
	for _, h := range tr.Hops {
		for _, s := range h.Steps {
			if s.Kind != trace.StepExit {
				continue
			}
			if !strings.Contains(s.Detail, want) || strings.Contains(s.Detail, not) {
				t.Errorf("%s: exit step %q, want it to cite %s and not %s", name, s.Detail, want, not)
			}
			return
		}
	}
	t.Errorf("%s: no exit step in %s (%s)", name, tr.Disposition, tr.Reason)
}

// TestRule_forced_tunnelling_internet_route_invalid checks
// rule:forced-tunnelling.internet-route-invalid: once 0.0.0.0/0 points at a
// gateway or an NVA, the default Internet route is Invalid, and PaaS traffic
// follows the new default unless the subnet has a service endpoint for the
// service (rule:forced-tunnelling.internet-route-invalid).
func TestRule_forced_tunnelling_internet_route_invalid(t *testing.T) {
	topo := model.Topology{
		VNets: []model.VNet{hsVNet("vnet", "10.0.0.0/16", "app=10.0.1.0/24", "se=10.0.2.0/24", "nva=10.0.3.0/24")},
		RouteTables: []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "default", AddressPrefix: "0.0.0.0/0",
			NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.3.4"}}}},
		VMs: []model.VM{hsVM("vm", "vnet/app", "10.0.1.4"), hsVM("vm-se", "vnet/se", "10.0.2.4"), hsNVA("nva", "vnet/nva", "10.0.3.4")},
	}
	topo.VNets[0].Subnets[0].RouteTable = "rt"
	topo.VNets[0].Subnets[1].RouteTable = "rt"
	topo.VNets[0].Subnets[1].ServiceEndpoints = []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}
	p := hsPlane(t, topo)
	var invalid bool
	for _, e := range hsRoutes(t, p, "vnet/app", "0.0.0.0/0") {
		if e.NextHop == route.Internet {
			invalid = e.State == route.Invalid
		}
	}
	if !invalid {
		t.Errorf("0.0.0.0/0 routes %v: want the Internet route listed Invalid", hsRoutes(t, p, "vnet/app", "0.0.0.0/0"))
	}
	const storage = "20.60.1.1" // in a Microsoft.Storage prefix
	if tr := hsTrace(t, p, "vm", storage); !slices.Contains(tr.Via(), "nva/nic0") {
		t.Errorf("no endpoint: storage traffic via %v (%s), want through the NVA", tr.Via(), tr.Disposition)
	}
	tr := hsTrace(t, p, "vm-se", storage)
	if tr.Disposition != trace.ExitsToAzureService || slices.Contains(tr.Via(), "nva/nic0") {
		t.Errorf("with endpoint: storage traffic %s via %v, want straight to the service", tr.Disposition, tr.Via())
	}
}

// TestRule_forced_tunnelling_default_not_readvertised checks
// rule:forced-tunnelling.default-not-readvertised: a VPN gateway does not
// advertise a learned default route to its other BGP peers (rule:forced-tunnelling.default-not-readvertised).
func TestRule_forced_tunnelling_default_not_readvertised(t *testing.T) {
	topo := ftBgpDefault()
	topo.Sites = append(topo.Sites, hsSite("branch", 65030, "192.168.32.0/20", "192.168.32.10"))
	topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, hsBgpLNG("branch-lng", "branch", 65030, "192.168.32.1"))
	topo.Connections = append(topo.Connections, hsIPsec("branch-conn", "gw", "branch-lng", true))
	p := hsPlane(t, topo)
	if _, ok := hsBest(p, "gw", "0.0.0.0/0"); !ok {
		t.Fatal("the gateway should learn dc's default route")
	}
	if b, ok := hsBest(p, "branch", "0.0.0.0/0"); ok {
		t.Errorf("branch learned the default route through the gateway: %+v", b)
	}
	if _, ok := hsBest(p, "branch", "192.168.0.0/20"); !ok {
		t.Error("branch should still learn dc's other prefixes (BGP transit)")
	}
}

// TestRule_forced_tunnelling_p2s_half_defaults checks
// rule:forced-tunnelling.p2s-half-defaults: P2S forced tunnelling pushes
// 0.0.0.0/1 and 128.0.0.0/1 to the clients, and since the gateway gives them
// no Internet access their Internet-bound traffic is dropped (rule:forced-tunnelling.p2s-half-defaults, rule:p2s.custom-routes).
func TestRule_forced_tunnelling_p2s_half_defaults(t *testing.T) {
	topo := p2sHub()
	topo.Gateways[0].VpnClientConfiguration.CustomRoutes = &model.AddressSpace{AddressPrefixes: []string{"0.0.0.0/1", "128.0.0.0/1"}}
	p := hsPlane(t, topo)
	rs, _ := p.P2S("g1")
	for _, pfx := range []string{"0.0.0.0/1", "128.0.0.0/1"} {
		if !hsPushed(rs.Windows, pfx) || !hsPushed(rs.Other, pfx) {
			t.Errorf("%s not pushed to every client", pfx)
		}
	}
	t.Run("internet-dropped", func(t *testing.T) {
		for _, c := range []string{"g1/win", "g1/other"} {
			tr := hsTrace(t, p, c, "203.0.113.10")
			if tr.Disposition.Success() || !slices.Contains(hopNodes(tr), "g1") {
				t.Errorf("%s → Internet: %s via %v (%s), want dropped at the gateway", c, tr.Disposition, hopNodes(tr), tr.Reason)
			}
		}
	})
}

// TestRule_forced_tunnelling_inbound_breaks checks
// rule:forced-tunnelling.internet-route-invalid and
// rule:bgp.default-route-from-on-premises for flows that start on the
// Internet: a VM with a Standard public IP whose subnet is force-tunnelled
// (a 0.0.0.0/0 UDR to the gateway with a default site) does not accept
// them — the reply leaves through on-premises from another address —
// while the same VM in the untunnelled Frontend does.
func TestRule_forced_tunnelling_inbound_breaks(t *testing.T) {
	topo := ftWithTable(ftMultiTier())
	topo.PublicIPAddresses = []model.PublicIPAddress{edgePIP("pip-front", "198.51.100.70", false), edgePIP("pip-mid", "198.51.100.71", false)}
	topo.NSGs = []model.NSG{{ID: "allow-443", SecurityRules: []model.SecurityRule{nsgRule("allow-443", 100, "Inbound", "Allow", "Tcp", "*", "*", "443")}}}
	topo.VMs = slices.Clone(topo.VMs)
	for i, pip := range []string{"pip-front", "pip-mid"} { // vm-front, vm-mid
		topo.VMs[i].NICs = slices.Clone(topo.VMs[i].NICs)
		topo.VMs[i].NICs[0].PublicIPAddress, topo.VMs[i].NICs[0].NetworkSecurityGroup = pip, "allow-443"
	}
	p := hsPlane(t, topo)
	if tr := edgeIn(p, "", "198.51.100.70", "Tcp", 443); tr.Disposition != trace.Delivered {
		t.Errorf("Internet → vm-front (Frontend, direct Internet route): %s (%s), want Delivered", tr.Disposition, tr.Reason)
	}
	tr := edgeIn(p, "", "198.51.100.71", "Tcp", 443)
	if tr.Disposition != trace.DroppedAsymmetric || !strings.Contains(tr.Reason, "forced tunnelling") || !strings.Contains(tr.Reason, "hq") {
		t.Errorf("Internet → vm-mid (force-tunnelled Midtier): %s (%s), want DroppedAsymmetric saying the reply leaves through hq", tr.Disposition, tr.Reason)
	}
}
