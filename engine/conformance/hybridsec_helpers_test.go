package conformance_test

// Helpers for the conformance tests of the hybrid and security pages
// (s2s, p2s, expressroute, forced-tunnelling, nva, service-endpoints, nsg,
// address-space). Every name starts with "hs" so that the helpers of other
// pages in this package cannot clash with them.

import (
	"net/netip"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/bgp"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// hsVNet is a VNet with one address range and the given subnets
// ("name=prefix").
func hsVNet(id, space string, subnets ...string) model.VNet {
	v := model.VNet{ID: id, Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{space}}}
	for _, s := range subnets {
		name, pfx, _ := strings.Cut(s, "=")
		v.Subnets = append(v.Subnets, model.Subnet{Name: name, AddressPrefix: pfx})
	}
	return v
}

// hsVM is a VM with one NIC nic0 in subnet ("vnet/subnet") at ip.
func hsVM(id, subnet, ip string) model.VM {
	return model.VM{ID: id, NICs: []model.NIC{{Name: "nic0", Subnet: subnet, PrivateIPAddress: ip}}}
}

// hsNVA is a forwarding VM (NIC and guest forwarding on).
func hsNVA(id, subnet, ip string) model.VM {
	vm := hsVM(id, subnet, ip)
	vm.GuestIPForwarding = true
	vm.NICs[0].EnableIPForwarding = true
	return vm
}

// hsVpnGateway is a RouteBased VpnGw1 gateway; bgpASN 0 runs no BGP.
func hsVpnGateway(id, vnet string, bgpASN uint32) model.VirtualNetworkGateway {
	g := model.VirtualNetworkGateway{ID: id, VNet: vnet, GatewayType: model.GatewayVpn, VpnType: model.RouteBased, Sku: "VpnGw1"}
	if bgpASN != 0 {
		g.EnableBgp, g.BgpSettings = true, &model.BgpSettings{Asn: bgpASN}
	}
	return g
}

// hsERGateway is an ErGw1AZ ExpressRoute gateway.
func hsERGateway(id, vnet string) model.VirtualNetworkGateway {
	return model.VirtualNetworkGateway{ID: id, VNet: vnet, GatewayType: model.GatewayExpressRoute, Sku: "ErGw1AZ"}
}

// hsSite is an on-premises site with one host "h" at host.
func hsSite(id string, asn uint32, prefix, host string) model.Site {
	return model.Site{ID: id, Asn: asn, AddressPrefixes: []string{prefix}, Hosts: []model.Host{{ID: "h", IPAddress: host}}}
}

// hsStaticLNG is a local network gateway with static prefixes only.
func hsStaticLNG(id, site string, prefixes ...string) model.LocalNetworkGateway {
	return model.LocalNetworkGateway{ID: id, Site: site, LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: prefixes}}
}

// hsBgpLNG is a local network gateway with BGP settings only.
func hsBgpLNG(id, site string, asn uint32, peer string) model.LocalNetworkGateway {
	return model.LocalNetworkGateway{ID: id, Site: site, BgpSettings: &model.BgpSettings{Asn: asn, BgpPeeringAddress: peer}}
}

// hsIPsec is an IPsec connection from gw to lng.
func hsIPsec(id, gw, lng string, bgpOn bool) model.Connection {
	return model.Connection{ID: id, ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: gw, LocalNetworkGateway2: lng, EnableBgp: bgpOn}
}

// hsV2V is both connection resources of a VNet-to-VNet tunnel.
func hsV2V(a, b string, bgpOn bool) []model.Connection {
	return []model.Connection{
		{ID: a + "-" + b, ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: a, VirtualNetworkGateway2: b, EnableBgp: bgpOn},
		{ID: b + "-" + a, ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: b, VirtualNetworkGateway2: a, EnableBgp: bgpOn},
	}
}

// hsERConn links an ExpressRoute gateway to a circuit.
func hsERConn(id, gw, circuit string, weight int) model.Connection {
	return model.Connection{ID: id, ConnectionType: model.ConnExpressRoute, VirtualNetworkGateway1: gw, Peer: circuit, RoutingWeight: weight}
}

// hsCircuit is a circuit to site with private peering on 172.16.x.0/29:
// both sessions, primary on .0/30 and secondary on .4/30.
func hsCircuit(id, site string, asn uint32, x int) model.ExpressRouteCircuit {
	return model.ExpressRouteCircuit{ID: id, Site: site, PeerASN: asn,
		PrimaryPeerAddressPrefix:   netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16, byte(x), 0}), 30).String(),
		SecondaryPeerAddressPrefix: netip.PrefixFrom(netip.AddrFrom4([4]byte{172, 16, byte(x), 4}), 30).String()}
}

// hsTransitPeering peers hub (allowGatewayTransit) and spoke (useRemoteGateways).
func hsTransitPeering(id, hub, spoke string) model.Peering {
	return model.Peering{ID: id, A: model.PeeringLink{VNet: hub, AllowGatewayTransit: true}, B: model.PeeringLink{VNet: spoke, UseRemoteGateways: true}}
}

// hsPeering is a plain peering with both links connected.
func hsPeering(id, a, b string) model.Peering {
	return model.Peering{ID: id, A: model.PeeringLink{VNet: a}, B: model.PeeringLink{VNet: b}}
}

// hsP2S is a P2S configuration with pool and one Windows and one other client.
func hsP2S(pool, winIP, otherIP string) *model.VpnClientConfiguration {
	return &model.VpnClientConfiguration{
		VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{pool}},
		VpnClientProtocols:   []string{"IkeV2", "OpenVPN"},
		Clients:              []model.P2SClient{{ID: "win", IPAddress: winIP, OS: "Windows"}, {ID: "other", IPAddress: otherIP, OS: "Other"}},
	}
}

// hsPlane computes the data plane of topo with failures.
func hsPlane(t *testing.T, topo model.Topology, fails ...model.Failure) *dataplane.Plane {
	t.Helper()
	return dataplane.Build(&topo, dataplane.WithFailures(fails))
}

// hsTrace walks from endpoint from to to (an endpoint reference or an IP).
func hsTrace(t *testing.T, p *dataplane.Plane, from, to string) *trace.Trace {
	t.Helper()
	_, ip, ok := p.Endpoint(to)
	if !ok {
		var err error
		if ip, err = netip.ParseAddr(to); err != nil {
			t.Fatalf("destination %q is neither an endpoint nor an address", to)
		}
	}
	return trace.Run(p, trace.Flow{Src: hsSource(p, from), DstIP: ip})
}

// hsSource resolves a source reference ("vm", "vm/nic0", "site/host",
// "gateway/client") to the id trace.Run expects.
func hsSource(p *dataplane.Plane, from string) string {
	if id, _, ok := p.Endpoint(from); ok {
		return id
	}
	return from
}

// hsFlow walks a flow with explicit protocol and port.
func hsFlow(t *testing.T, p *dataplane.Plane, from, to, proto string, port int) *trace.Trace {
	t.Helper()
	_, ip, ok := p.Endpoint(to)
	if !ok {
		ip = netip.MustParseAddr(to)
	}
	return trace.Run(p, trace.Flow{Src: hsSource(p, from), DstIP: ip, Protocol: proto, DstPort: port})
}

// hsWantDisp fails when tr did not end with want.
func hsWantDisp(t *testing.T, what string, tr *trace.Trace, want trace.Disposition) {
	t.Helper()
	if tr.Disposition != want {
		t.Errorf("%s: disposition %s (%s), want %s", what, tr.Disposition, tr.Reason, want)
	}
}

// hsRoutes returns subnet's effective routes for prefix (Active first).
func hsRoutes(t *testing.T, p *dataplane.Plane, subnet, prefix string) []route.Effective {
	t.Helper()
	tab, ok := p.Routes(subnet)
	if !ok {
		t.Fatalf("no subnet %q", subnet)
	}
	want := netip.MustParsePrefix(prefix)
	var out []route.Effective
	for _, e := range tab.Routes() {
		if e.Prefix == want {
			out = append(out, e)
		}
	}
	slices.SortStableFunc(out, func(a, b route.Effective) int { return int(a.State) - int(b.State) })
	return out
}

// hsActive returns subnet's Active route for exactly prefix.
func hsActive(t *testing.T, p *dataplane.Plane, subnet, prefix string) (route.Effective, bool) {
	t.Helper()
	for _, e := range hsRoutes(t, p, subnet, prefix) {
		if e.State == route.Active {
			return e, true
		}
	}
	return route.Effective{}, false
}

// hsNextHop is Network Watcher's Next hop from subnet to dst.
func hsNextHop(t *testing.T, p *dataplane.Plane, subnet, dst string) dataplane.NextHopResult {
	t.Helper()
	nh, ok := p.NextHop(subnet, netip.MustParseAddr(dst))
	if !ok {
		t.Fatalf("no route from %s to %s", subnet, dst)
	}
	return nh
}

// hsDiags validates topo and, when it has a control plane, adds the BGP
// computation's findings.
func hsDiags(topo model.Topology) []model.Diagnostic {
	ds := model.Validate(&topo, dataplane.KnownServices())
	if r := dataplane.Build(&topo).BGP(); r != nil {
		ds = append(ds, r.Diagnostics...)
	}
	return ds
}

// hsHasDiag reports whether ds holds code with severity sev.
func hsHasDiag(ds []model.Diagnostic, code string, sev model.Severity) bool {
	return slices.ContainsFunc(ds, func(d model.Diagnostic) bool { return d.Code == code && d.Severity == sev })
}

// hsDiagCodes lists ds for failure messages.
func hsDiagCodes(ds []model.Diagnostic) string {
	var b strings.Builder
	for _, d := range ds {
		b.WriteString("\n  " + d.String())
	}
	return b.String()
}

// hsBest returns speaker's best path for prefix.
func hsBest(p *dataplane.Plane, speaker, prefix string) (bgp.Best, bool) {
	want := netip.MustParsePrefix(prefix)
	if p.BGP() == nil {
		return bgp.Best{}, false
	}
	for _, b := range p.BGP().RIB(speaker) {
		if b.Prefix == want {
			return b, true
		}
	}
	return bgp.Best{}, false
}

// hsPushed reports whether prefix is in a P2S route list.
func hsPushed(l []bgp.P2SRoute, prefix string) bool {
	want := netip.MustParsePrefix(prefix)
	return slices.ContainsFunc(l, func(r bgp.P2SRoute) bool { return r.Prefix == want })
}

// hsPushedSet returns the pushed prefixes as sorted strings.
func hsPushedSet(l []bgp.P2SRoute) []string {
	var out []string
	for _, r := range l {
		out = append(out, r.Prefix.String())
	}
	slices.Sort(out)
	return out
}
