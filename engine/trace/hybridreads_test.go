package trace

import (
	"net/netip"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// spokesThroughGateway is TestSpokeToSpokeThroughVPNGateway's design (two
// spokes whose UDRs send each other's range to the hub's VPN gateway, by
// gateway transit), with a VPN site on the gateway: its tunnel fails
// without changing what the spokes' walks read.
func spokesThroughGateway() model.Topology {
	transit := func(id, hub, spoke string) model.Peering {
		return model.Peering{ID: id,
			A: model.PeeringLink{VNet: hub, AllowForwardedTraffic: true, AllowGatewayTransit: true},
			B: model.PeeringLink{VNet: spoke, AllowForwardedTraffic: true, UseRemoteGateways: true}}
	}
	udr := func(id, prefix string) model.RouteTable {
		return model.RouteTable{ID: id, Routes: []model.Route{{Name: "other-spoke", AddressPrefix: prefix, NextHopType: "VirtualNetworkGateway"}}}
	}
	return model.Topology{
		VNets: []model.VNet{
			vn("hub", "10.0.0.0/16", model.Subnet{Name: model.GatewaySubnet, AddressPrefix: "10.0.255.0/27"}),
			vn("spoke1", "10.1.0.0/16", model.Subnet{Name: "app", AddressPrefix: "10.1.1.0/24", RouteTable: "rt1"}),
			vn("spoke2", "10.2.0.0/16", model.Subnet{Name: "db", AddressPrefix: "10.2.1.0/24", RouteTable: "rt2"}),
		},
		Gateways: []model.VirtualNetworkGateway{{ID: "vpngw", VNet: "hub", GatewayType: model.GatewayVpn, VpnType: "RouteBased", Sku: "VpnGw1AZ",
			EnableBgp: true, BgpSettings: &model.BgpSettings{Asn: 65515, BgpPeeringAddress: "10.0.255.30"}}},
		Peerings:    []model.Peering{transit("h1", "hub", "spoke1"), transit("h2", "hub", "spoke2")},
		RouteTables: []model.RouteTable{udr("rt1", "10.2.0.0/16"), udr("rt2", "10.1.0.0/16")},
		VMs:         []model.VM{vm("app", "spoke1/app", "10.1.1.4", false), vm("db", "spoke2/db", "10.2.1.4", false)},
		Sites:       []model.Site{{ID: "branch", Asn: 65002, AddressPrefixes: []string{"192.168.2.0/24"}, Hosts: []model.Host{{ID: "h", IPAddress: "192.168.2.10"}}}},
		LocalNetworkGateways: []model.LocalNetworkGateway{{ID: "branch-lng", Site: "branch",
			BgpSettings: &model.BgpSettings{Asn: 65002, BgpPeeringAddress: "192.168.2.1"}}},
		Connections: []model.Connection{{ID: "s2s", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: "vpngw", LocalNetworkGateway2: "branch-lng", EnableBgp: true}},
	}
}

// TestGatewayWalkRecordsItsReads: a spoke-to-spoke walk through the hub's
// VPN gateway records each question it asked the hybrid control plane
// (Deps.Hybrid) and nothing it did not record (Deps.BGP unset), the same
// with a Walker as alone; a walk to the VPN site reads the site, which is
// not recorded (Deps.BGP set).
func TestGatewayWalkRecordsItsReads(t *testing.T) {
	topo := spokesThroughGateway()
	p := dataplane.Build(&topo)
	f := Flow{Src: "app/nic0", DstIP: netip.MustParseAddr("10.2.1.4")}
	tr := RunWith(p, f, Options{})
	if tr.Disposition != Delivered {
		t.Fatalf("%s: %s", tr.Disposition, tr.Reason)
	}
	d := tr.Deps()
	if d.BGP || d.Opaque {
		t.Errorf("the walk read what it did not record: %+v", d)
	}
	for _, q := range []HybridRead{
		{Kind: ReadVPNGateway, ID: "spoke1"}, {Kind: ReadSpeaker, ID: "vpngw"}, {Kind: ReadBest, ID: "vpngw", Addr: f.DstIP},
		{Kind: ReadVPNGateway, ID: "spoke2"}, {Kind: ReadBest, ID: "vpngw", Addr: netip.MustParseAddr("10.1.1.4")},
	} {
		if !slices.Contains(d.Hybrid, q) {
			t.Errorf("%+v not recorded in %+v", q, d.Hybrid)
		}
	}
	_, _, wd := NewWalker(p, Options{}, true).RunDeps(f)
	if !slices.Equal(wd.Hybrid, d.Hybrid) || wd.BGP != d.BGP {
		t.Errorf("a Walker records %+v (BGP %v), RunWith %+v", wd.Hybrid, wd.BGP, d.Hybrid)
	}
	host := netip.MustParseAddr("192.168.2.10")
	site := RunWith(p, Flow{Src: "app/nic0", DstIP: host}, Options{})
	if site.Disposition != DeliveredOnPremises || site.Deps().BGP {
		t.Errorf("to the site: %s (%s), BGP %v", site.Disposition, site.Reason, site.Deps().BGP)
	}
	for _, q := range []HybridRead{
		{Kind: ReadBest, ID: "vpngw", Addr: host}, {Kind: ReadSpeaker, ID: "branch"}, {Kind: ReadSite, Addr: host},
		{Kind: ReadBest, ID: "branch", Addr: netip.MustParseAddr("10.1.1.4")}, {Kind: ReadSpeaker, ID: "vpngw"},
	} {
		if !slices.Contains(site.Deps().Hybrid, q) {
			t.Errorf("to the site: %+v not recorded in %+v", q, site.Deps().Hybrid)
		}
	}
	_, _, sd := NewWalker(p, Options{}, true).RunDeps(Flow{Src: "app/nic0", DstIP: host})
	if !slices.Equal(sd.Hybrid, site.Deps().Hybrid) || sd.BGP {
		t.Errorf("to the site, a Walker records %+v (BGP %v), RunWith %+v", sd.Hybrid, sd.BGP, site.Deps().Hybrid)
	}
	nowhere := RunWith(p, Flow{Src: "branch/h", DstIP: netip.MustParseAddr("172.31.0.1")}, Options{})
	if nowhere.Disposition != DroppedNoRoute || nowhere.Deps().BGP ||
		!slices.Contains(nowhere.Deps().Hybrid, HybridRead{Kind: ReadNoTransit, ID: "branch", Addr: netip.MustParseAddr("172.31.0.1")}) {
		t.Errorf("from the site to nowhere: %s (%s), %+v", nowhere.Disposition, nowhere.Reason, nowhere.Deps())
	}
}

// TestHybridWalksOtherThanSitesUnrecorded: a walk from a P2S client reads
// what no question records (its pushed routes): Deps.BGP stays set.
func TestHybridWalksOtherThanSitesUnrecorded(t *testing.T) {
	topo := spokesThroughGateway()
	topo.Gateways = slices.Clone(topo.Gateways)
	topo.Gateways[0].VpnClientConfiguration = &model.VpnClientConfiguration{VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{"172.20.0.0/24"}},
		Clients: []model.P2SClient{{ID: "c", IPAddress: "172.20.0.5"}}}
	p := dataplane.Build(&topo)
	tr := RunWith(p, Flow{Src: "vpngw/c", DstIP: netip.MustParseAddr("10.1.1.4")}, Options{})
	if !tr.Deps().BGP {
		t.Errorf("from a P2S client (%s: %s): BGP unset, %+v", tr.Disposition, tr.Reason, tr.Deps())
	}
}

// TestHybridReadSame: each question is answered the same by two planes
// exactly when what it reads is the same: the site's tunnel failed
// changes the gateway's paths to the site and the session, not its paths
// to the spokes, nor the gateway itself; the gateway failed changes the
// speaker.
func TestHybridReadSame(t *testing.T) {
	topo := spokesThroughGateway()
	base := dataplane.Build(&topo)
	tunnel := dataplane.Build(&topo, dataplane.WithFailures([]model.Failure{{Kind: model.ConnectionDown, Target: "s2s"}}))
	gateway := dataplane.Build(&topo, dataplane.WithFailures([]model.Failure{{Kind: model.GatewayDown, Target: "vpngw"}}))
	if base.BGP() == tunnel.BGP() || base.BGP() == gateway.BGP() {
		t.Fatal("the failures left the BGP result as it was: the test tests nothing")
	}
	spoke, onPrem, farSite := netip.MustParseAddr("10.2.1.4"), netip.MustParseAddr("192.168.2.10"), netip.MustParseAddr("172.30.0.9")
	if (HybridRead{Kind: ReadNoTransit, ID: "branch", Addr: farSite}).Same(withFarSite(topo, true), withFarSite(topo, false)) {
		t.Error("a static connection to the far site answers why there is no transit as a BGP one")
	}
	session := ""
	if b, ok := base.BGP().Lookup("vpngw", onPrem); ok {
		session = b.Session
	}
	for _, tc := range []struct {
		q       HybridRead
		now     *dataplane.Plane
		wantSam bool
	}{
		{HybridRead{Kind: ReadBest, ID: "vpngw", Addr: spoke}, tunnel, true},
		{HybridRead{Kind: ReadBest, ID: "vpngw", Addr: onPrem}, tunnel, false},
		{HybridRead{Kind: ReadSpeaker, ID: "vpngw"}, tunnel, true},
		{HybridRead{Kind: ReadSpeaker, ID: "vpngw"}, gateway, false},
		{HybridRead{Kind: ReadSession, ID: session}, tunnel, false},
		{HybridRead{Kind: ReadSession, ID: session}, base, true},
		{HybridRead{Kind: ReadVPNGateway, ID: "spoke1"}, gateway, true},
		{HybridRead{Kind: ReadSpeaker, ID: "vpngw"}, withSecondAddress(topo), false},
		{HybridRead{Kind: ReadBest, ID: "vpngw", Addr: spoke}, withPool(topo, "10.2.1.0/24"), false},
		{HybridRead{Kind: ReadSite, Addr: onPrem}, tunnel, true},
		{HybridRead{Kind: ReadSite, Addr: onPrem}, withSiteRange(topo, "192.168.3.0/24"), false},
		{HybridRead{Kind: ReadSite, Addr: netip.MustParseAddr("192.168.2.11")}, withSiteRange(topo, "192.168.2.0/25"), true},
		{HybridRead{Kind: ReadNoTransit, ID: "branch", Addr: farSite}, withFarSite(topo, true), true},
		{HybridRead{Kind: ReadNoTransit, ID: "branch", Addr: farSite}, withFarSite(topo, false), false},
	} {
		if got := tc.q.Same(base, tc.now); got != tc.wantSam {
			t.Errorf("%+v: Same %v, want %v", tc.q, got, tc.wantSam)
		}
	}
	if session == "" {
		t.Error("the gateway has no path to the site: the session questions test nothing")
	}
	noBGP := dataplane.Build(&model.Topology{VNets: topo.VNets})
	if (HybridRead{Kind: ReadSpeaker, ID: "vpngw"}).Same(base, noBGP) {
		t.Error("a plane without a BGP result answers like one with it")
	}
}

// withSecondAddress is topo with the VPN gateway active-active: a second
// address of its own.
func withSecondAddress(topo model.Topology) *dataplane.Plane {
	topo.Gateways = slices.Clone(topo.Gateways)
	topo.Gateways[0].ActiveActive = true
	return dataplane.Build(&topo)
}

// withPool is topo with a P2S client pool on the VPN gateway.
func withPool(topo model.Topology, pool string) *dataplane.Plane {
	topo.Gateways = slices.Clone(topo.Gateways)
	topo.Gateways[0].VpnClientConfiguration = &model.VpnClientConfiguration{VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{pool}}}
	return dataplane.Build(&topo)
}

// withSiteRange is topo with the branch site's address prefixes ps.
func withSiteRange(topo model.Topology, ps ...string) *dataplane.Plane {
	topo.Sites = slices.Clone(topo.Sites)
	topo.Sites[0].AddressPrefixes = ps
	return dataplane.Build(&topo)
}

// withFarSite is topo with a second site (172.30.0.0/16) on the VPN
// gateway, over a BGP connection or a static one.
func withFarSite(topo model.Topology, bgpOn bool) *dataplane.Plane {
	lng := model.LocalNetworkGateway{ID: "far-lng", Site: "far", LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: []string{"172.30.0.0/16"}}}
	if bgpOn {
		lng.BgpSettings = &model.BgpSettings{Asn: 65003, BgpPeeringAddress: "172.30.0.1"}
	}
	topo.Sites = append(slices.Clone(topo.Sites), model.Site{ID: "far", Asn: 65003, AddressPrefixes: []string{"172.30.0.0/16"}})
	topo.LocalNetworkGateways = append(slices.Clone(topo.LocalNetworkGateways), lng)
	topo.Connections = append(slices.Clone(topo.Connections), model.Connection{ID: "s2s-far", ConnectionType: model.ConnIPsec,
		VirtualNetworkGateway1: "vpngw", LocalNetworkGateway2: "far-lng", EnableBgp: bgpOn})
	return dataplane.Build(&topo)
}

// TestHybridDiffEqualsSame: a HybridDiff answers every question as Same,
// on pairs of planes whose BGP results differ in various ways (a tunnel or
// the gateway failed, a P2S pool, one on the failed gateway, a second
// site, a site's range): the
// questions every walk between the planes' endpoints recorded, and a
// ReadBest of every speaker for every route prefix's first and last
// address.
func TestHybridDiffEqualsSame(t *testing.T) {
	topo := spokesThroughGateway()
	base := dataplane.Build(&topo)
	others := []*dataplane.Plane{
		base,
		dataplane.Build(&topo, dataplane.WithFailures([]model.Failure{{Kind: model.ConnectionDown, Target: "s2s"}})),
		dataplane.Build(&topo, dataplane.WithFailures([]model.Failure{{Kind: model.GatewayDown, Target: "vpngw"}})),
		withPool(topo, "10.2.1.0/24"), withFarSite(topo, true), withFarSite(topo, false), withSiteRange(topo, "192.168.3.0/24"),
		dataplane.Build(&model.Topology{VNets: topo.VNets}),
	}
	pooled := topo // the pool of a failed gateway: in no Loc-RIB
	pooled.Gateways = slices.Clone(topo.Gateways)
	pooled.Gateways[0].VpnClientConfiguration = &model.VpnClientConfiguration{VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{"10.2.1.0/24"}}}
	others = append(others, dataplane.Build(&pooled, dataplane.WithFailures([]model.Failure{{Kind: model.GatewayDown, Target: "vpngw"}})))
	var qs []HybridRead
	for _, p := range others {
		for _, from := range p.Endpoints() {
			for _, to := range p.Endpoints() {
				_, ip, _ := p.Endpoint(to)
				qs = append(qs, RunWith(p, Flow{Src: from, DstIP: ip}, Options{}).Deps().Hybrid...)
			}
		}
		if p.BGP() == nil {
			continue
		}
		for _, sp := range p.BGP().Speakers() {
			for _, sn := range p.Subnets() {
				tab, _ := p.Routes(sn)
				for _, e := range tab.Routes() {
					qs = append(qs, HybridRead{Kind: ReadBest, ID: sp.ID, Addr: e.Prefix.Masked().Addr()})
				}
			}
		}
	}
	differ := 0
	for _, old := range others {
		for _, now := range others {
			d := NewHybridDiff(old, now)
			for _, q := range qs {
				want := q.Same(old, now)
				if got := d.Same(q); got != want {
					t.Fatalf("%+v: HybridDiff %v, Same %v", q, got, want)
				}
				if !want && q.Kind == ReadBest {
					differ++
				}
			}
		}
	}
	if differ == 0 {
		t.Fatal("no best path differs between the planes: the test tests nothing")
	}
}
