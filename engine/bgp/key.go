package bgp

import (
	"cmp"
	"net/netip"
	"slices"

	"vnetplay/engine/keyenc"
	"vnetplay/engine/model"
)

// inputKey encodes every input Compute reads from a design and its
// failures, so that two designs with equal keys have the same result
// (Update then returns the previous one; TestKeyCoversEveryInput). It
// encodes little else, but lists as written: reordering a VNet's ranges
// changes the key, not the result. It is an injective binary encoding
// (strings and lists length-prefixed, fields in a fixed order) of:
//
//   - each VNet's id, address space, summarizedGatewayPrefixes and its
//     GatewaySubnet and RouteServerSubnet prefixes (not its location, other
//     subnets, route tables or NSGs);
//   - the peerings that can make a transit spoke (rule:gateway-transit.spoke-advertised-on-premises): Connected, not
//     failed, with useRemoteGateways on one side and
//     allowGatewayTransit on the other, and the first (by id) of the
//     peerings joining their two VNets, the one the data plane keeps;
//     for each, its id, VNets and which
//     direction qualifies (not allowForwardedTraffic, allowVirtualNetwork-
//     Access or remoteAddressSpace);
//   - gateways (not gatewayDefaultSite, P2S protocols, custom routes or
//     clients, which P2S reads from the design it is given), local network
//     gateways, sites (not their hosts), connections (not
//     usePolicyBasedTrafficSelectors), circuits (not the peer ASN; the
//     secondary peer prefix says whether a secondary session exists) and
//     Route Servers;
//   - for each Route Server peer, the VM whose running NIC has its address
//     (the only thing read of VMs);
//   - the failures, as a set, but for peerings and appliances, which the
//     two items above already account for.
//
// hint is a previous key: its length sizes the buffer.
//
// The key starts with the structure's part (its first structEnd bytes):
// the VNets, the transit peerings, the gateways, the Route Servers and
// the failures of gateways, gateway instances and Route Servers. Two
// designs whose keys share that part have the same VNet ranges, special
// subnets, summaries, transit spokes and hub prefixes (newWorld lends
// them, TestKeyCoversEveryInput).
func inputKey(t *model.Topology, failures []model.Failure, hint []byte) (key []byte, structEnd int) {
	down := make(map[model.Failure]bool, len(failures))
	for _, f := range failures {
		down[f] = true
	}
	b := make([]byte, 0, len(hint)+64)
	b = keyenc.List(b, t.VNets, writeVNet)
	b = writeTransitPeerings(b, t.Peerings, down)
	b = keyenc.List(b, t.Gateways, writeGateway)
	b = keyenc.List(b, t.RouteServers, writeRouteServer)
	b = keyenc.List(b, structureFailures(failures), writeFailure)
	structEnd = len(b)
	b = keyenc.List(b, t.LocalNetworkGateways, writeLNG)
	b = keyenc.List(b, t.Sites, writeSite)
	b = keyenc.List(b, t.Connections, writeConnection)
	b = keyenc.List(b, t.Circuits, writeCircuit)
	b = keyenc.Strs(b, routeServerVMs(t, down))
	return keyenc.List(b, keyFailures(failures), writeFailure), structEnd
}

func writeFailure(b []byte, f *model.Failure) []byte {
	return keyenc.Str(keyenc.Str(b, f.Kind), f.Target)
}

// structureFailures is the failures (sorted, each once) of gateways,
// gateway instances and Route Servers: the failures whether a VNet is a
// hub reads (hasHub).
func structureFailures(fs []model.Failure) []model.Failure {
	var out []model.Failure
	for _, f := range keyFailures(fs) {
		if f.Kind == model.GatewayDown || f.Kind == model.GatewayInstanceDown || f.Kind == model.RouteServerDown {
			out = append(out, f)
		}
	}
	return out
}

func writeVNet(b []byte, v *model.VNet) []byte {
	b = keyenc.Str(b, v.ID)
	b = keyenc.Strs(b, v.AddressSpace.AddressPrefixes)
	b = keyenc.Strs(b, v.SummarizedGatewayPrefixes)
	for i := range v.Subnets {
		if s := &v.Subnets[i]; s.Name == model.GatewaySubnet || s.Name == model.RouteServerSubnet {
			b = keyenc.Flag(b, true)
			b = keyenc.Str(b, s.Name)
			b = keyenc.Str(b, s.AddressPrefix)
		}
	}
	return keyenc.Flag(b, false)
}

// writeTransitPeerings encodes the peerings buildTransit can act on, in
// order (it sorts them stably by id): of those, only the one the data
// plane keeps for its pair of VNets (firstOfPair; whether the pair's
// ranges overlap the VNets' part of the key says).
func writeTransitPeerings(b []byte, ps []model.Peering, down map[model.Failure]bool) []byte {
	var pairs map[[2]string]bool
	for i := range ps {
		if p := &ps[i]; transitCapable(p, down) {
			if pairs == nil {
				pairs = map[[2]string]bool{}
			}
			pairs[pairOf(p)] = true
		}
	}
	var first map[[2]string]int
	if pairs != nil {
		first = firstOfPair(ps, pairs)
	}
	for i := range ps {
		p := &ps[i]
		if !transitCapable(p, down) || first[pairOf(p)] != i {
			continue
		}
		b = keyenc.Flag(b, true)
		b = keyenc.Str(b, p.ID)
		b = keyenc.Str(b, p.A.VNet)
		b = keyenc.Str(b, p.B.VNet)
		b = keyenc.Flag(b, p.A.UseRemoteGateways && p.B.AllowGatewayTransit)
		b = keyenc.Flag(b, p.B.UseRemoteGateways && p.A.AllowGatewayTransit)
	}
	return keyenc.Flag(b, false)
}

// transitCapable reports whether peering p can make a transit spoke: it is
// Connected, not failed, and one side's useRemoteGateways meets the other's
// allowGatewayTransit.
func transitCapable(p *model.Peering, down map[model.Failure]bool) bool {
	ab := p.A.UseRemoteGateways && p.B.AllowGatewayTransit
	ba := p.B.UseRemoteGateways && p.A.AllowGatewayTransit
	return (ab || ba) && p.Connected() && !down[model.Failure{Kind: model.PeeringDown, Target: p.ID}]
}

func writeBgpSettings(b []byte, s *model.BgpSettings) []byte {
	return keyenc.Str(keyenc.Num(b, uint64(s.Asn)), s.BgpPeeringAddress)
}

func writeGateway(b []byte, g *model.VirtualNetworkGateway) []byte {
	b = keyenc.Str(b, g.ID)
	b = keyenc.Str(b, g.VNet)
	b = keyenc.Str(b, g.GatewayType)
	b = keyenc.Str(b, g.VpnType)
	b = keyenc.Str(b, g.Sku)
	b = keyenc.Flag(b, g.ActiveActive)
	b = keyenc.Flag(b, g.EnableBgp)
	b = keyenc.Ptr(b, g.BgpSettings, writeBgpSettings)
	return keyenc.Ptr(b, g.VpnClientConfiguration, func(b []byte, c *model.VpnClientConfiguration) []byte {
		return keyenc.Strs(b, c.VpnClientAddressPool.AddressPrefixes)
	})
}

func writeLNG(b []byte, l *model.LocalNetworkGateway) []byte {
	b = keyenc.Str(b, l.ID)
	b = keyenc.Str(b, l.Site)
	b = keyenc.Str(b, l.GatewayIPAddress)
	b = keyenc.Strs(b, l.LocalNetworkAddressSpace.AddressPrefixes)
	b = keyenc.Ptr(b, l.BgpSettings, writeBgpSettings)
	return keyenc.Strs(b, l.ExportPrefixList)
}

func writeSite(b []byte, s *model.Site) []byte {
	b = keyenc.Str(b, s.ID)
	b = keyenc.Strs(b, s.AddressPrefixes)
	b = keyenc.Num(b, uint64(s.Asn))
	b = keyenc.Strs(b, s.AdvertisedPrefixes)
	return keyenc.Flag(b, s.PreferExpressRoute)
}

func writeConnection(b []byte, c *model.Connection) []byte {
	b = keyenc.Str(b, c.ID)
	b = keyenc.Str(b, c.ConnectionType)
	b = keyenc.Str(b, c.VirtualNetworkGateway1)
	b = keyenc.Str(b, c.VirtualNetworkGateway2)
	b = keyenc.Str(b, c.LocalNetworkGateway2)
	b = keyenc.Str(b, c.Peer)
	b = keyenc.Flag(b, c.EnableBgp)
	return keyenc.Int(b, c.RoutingWeight)
}

func writeCircuit(b []byte, c *model.ExpressRouteCircuit) []byte {
	b = keyenc.Str(b, c.ID)
	b = keyenc.Str(b, c.Site)
	b = keyenc.Strs(b, c.GlobalReach)
	b = keyenc.Str(b, c.PrimaryPeerAddressPrefix)
	b = keyenc.Str(b, c.SecondaryPeerAddressPrefix) // which sessions exist (model.ExpressRouteCircuit.Legs)
	b = keyenc.Flag(b, c.PremiumAddOn)
	return keyenc.Strs(b, c.ExportPrefixList)
}

func writeRouteServer(b []byte, r *model.RouteServer) []byte {
	b = keyenc.Str(b, r.ID)
	b = keyenc.Str(b, r.VNet)
	b = keyenc.Flag(b, r.AllowBranchToBranchTraffic)
	b = keyenc.Str(b, r.HubRoutingPreference)
	return keyenc.List(b, r.BgpConnections, func(b []byte, p *model.RouteServerPeer) []byte {
		b = keyenc.Str(b, p.Name)
		b = keyenc.Str(b, p.PeerIP)
		b = keyenc.Num(b, uint64(p.PeerAsn))
		b = keyenc.List(b, p.Advertise, func(b []byte, a *model.Advertisement) []byte {
			b = keyenc.Str(keyenc.Str(b, a.Prefix), a.Origin)
			return keyenc.Flag(keyenc.Int(b, a.AsPathPrepend), a.NoAdvertise)
		})
		return keyenc.Strs(b, p.ExportPrefixList)
	})
}

// routeServerVMs returns, for each Route Server peer in order, the VM
// newWorld resolves its address to: the first VM, in order and not failed,
// with a NIC at that address ("" when none).
func routeServerVMs(t *model.Topology, down map[model.Failure]bool) []string {
	var ips []netip.Addr
	for _, rs := range t.RouteServers {
		for _, c := range rs.BgpConnections {
			ip, _ := netip.ParseAddr(c.PeerIP) // the zero Addr when invalid: resolves to none
			ips = append(ips, ip)
		}
	}
	if len(ips) == 0 {
		return nil
	}
	vmOf := make(map[netip.Addr]string, len(ips))
	want := make(map[netip.Addr]bool, len(ips))
	for _, ip := range ips {
		if ip.IsValid() {
			want[ip] = true
		}
	}
	for _, vm := range t.VMs {
		if down[model.Failure{Kind: model.ApplianceDown, Target: vm.ID}] {
			continue
		}
		for _, n := range vm.NICs {
			a, err := netip.ParseAddr(n.PrivateIPAddress)
			if _, taken := vmOf[a]; err == nil && want[a] && !taken {
				vmOf[a] = vm.ID
			}
		}
	}
	out := make([]string, len(ips))
	for i, ip := range ips {
		out[i] = vmOf[ip]
	}
	return out
}

// keyFailures returns the failures inputKey encodes as a set, sorted and
// without duplicates: all but failed peerings and appliances.
func keyFailures(fs []model.Failure) []model.Failure {
	var out []model.Failure
	for _, f := range fs {
		if f.Kind != model.PeeringDown && f.Kind != model.ApplianceDown {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b model.Failure) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Target, b.Target))
	})
	return slices.Compact(out)
}
