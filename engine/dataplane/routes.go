package dataplane

import (
	"net/netip"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// reservedPrefixes are the ranges Azure routes to None by default (rule:system-routes.default-set; four
// of them, per rule:system-routes.default-set and section W).
var reservedPrefixes = [...]string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"}

// candidates lists every route Azure programs into subnet s, before
// selection: its own routes and its gateway routes.
func (p *Plane) candidates(s *Subnet) []route.Route {
	return append(p.ownCandidates(s), p.gatewayCandidates(s)...)
}

// gatewayCandidates lists the gateway (BGP, LNG static, Route Server) routes
// programmed into s (rule:system-routes.gateway-routes), or none when its route table disables
// propagation (rule:propagation.disable-drops-gateway-routes–rule:propagation.keeps-system-routes; system routes stay).
func (p *Plane) gatewayCandidates(s *Subnet) []route.Route {
	srcs := p.gatewaySources(s)
	n := 0
	for _, gv := range srcs {
		n += len(p.gatewayRoutesOf(gv))
	}
	out := make([]route.Route, 0, n)
	for _, gv := range srcs {
		for _, r := range p.gatewayRoutesOf(gv) {
			if r.Prefix.IsValid() {
				r.Source = route.Gateway
				out = append(out, r)
			}
		}
	}
	return out
}

// gatewaySources lists the VNets whose gateways program at least one route
// into s: subnets with equal lists get equal gatewayCandidates.
func (p *Plane) gatewaySources(s *Subnet) []string {
	rt, hasRT := p.rts[s.RouteTable]
	if p.cfg.gatewayRoutes == nil || (hasRT && rt.DisableBgpRoutePropagation) {
		return nil
	}
	var out []string
	for _, gv := range p.gatewayVNets(s.VNet) {
		if len(p.gatewayRoutesOf(gv)) > 0 {
			out = append(out, gv)
		}
	}
	return out
}

// gatewayRoutesOf is cfg.gatewayRoutes(gv), cached during Build.
func (p *Plane) gatewayRoutesOf(gv string) []route.Route {
	rs, ok := p.gwCache[gv]
	if !ok {
		rs = p.cfg.gatewayRoutes(gv)
		if p.gwCache != nil {
			p.gwCache[gv] = rs
		}
	}
	return rs
}

// ownCandidates lists the routes of s that are not gateway routes: system,
// peering, service-endpoint and user routes.
func (p *Plane) ownCandidates(s *Subnet) []route.Route {
	rt, hasRT := p.rts[s.RouteTable]
	out := p.systemCandidates(s, hasRT && removesReserved(rt))
	// Section D: user routes of the associated table.
	if hasRT {
		out = append(out, p.userRoutes(rt)...)
	}
	return out
}

// systemCandidates lists the system routes of s: VNet ranges, the default
// route, the reserved ranges unless noReserved (rule:system-routes.default-udr-removes-reserved), peering,
// service-endpoint and private endpoint routes. They depend on s's VNet,
// its links (and the private endpoints of its VNet and peers) and service
// endpoints, and noReserved only: subnets alike share them (systemKey).
func (p *Plane) systemCandidates(s *Subnet, noReserved bool) []route.Route {
	v := p.vnets[s.VNet]
	out := make([]route.Route, 0, 16)
	add := func(r route.Route) { out = append(out, r) }
	// rule:system-routes.default-set: one VnetLocal route per address range of the VNet.
	for _, pr := range v.Prefixes {
		add(route.Route{Prefix: pr, NextHop: route.VnetLocal, Source: route.Default, Origin: route.Origin{Kind: route.FromAddressSpace, ID: v.ID}})
	}
	// rule:system-routes.default-set: 0.0.0.0/0 → Internet.
	add(route.Route{Prefix: netip.MustParsePrefix("0.0.0.0/0"), NextHop: route.Internet, Source: route.Default, Origin: route.Origin{Kind: route.FromDefaultInternet}})
	// rule:system-routes.peering-routes, rule:peering.link-states: peering routes, only while both links are Connected.
	var peered []netip.Prefix
	for _, l := range p.links[v.ID] {
		if l.State != model.Connected {
			continue
		}
		hop := route.VNetPeering
		if l.Global {
			hop = route.VNetGlobalPeering
		}
		for _, pr := range p.knownRemotePrefixes(l) {
			peered = append(peered, pr)
			add(route.Route{Prefix: pr, NextHop: hop, Source: route.Default, Origin: route.Origin{Kind: route.FromPeering, ID: l.Peering, Name: l.Remote}})
		}
	}
	// rule:system-routes.default-set, rule:system-routes.vnet-range-replaces-reserved, rule:system-routes.vnet-inside-reserved, rule:system-routes.default-udr-removes-reserved: the reserved None routes.
	if !noReserved {
		for _, rs := range reservedPrefixes {
			res := netip.MustParsePrefix(rs)
			if vnetReplacesReserved(v, res) || rangeReplacesReserved(peered, res) {
				continue
			}
			add(route.Route{Prefix: res, NextHop: route.None, Source: route.Default, Origin: route.Origin{Kind: route.FromReserved}})
		}
	}
	// rule:system-routes.service-endpoint-routes, rule:service-endpoints.per-subnet-routes: service-endpoint routes on this subnet only.
	for _, svc := range s.ServiceEndpoints {
		for _, pr := range ServicePrefixes(svc) {
			add(route.Route{Prefix: pr, NextHop: route.VirtualNetworkServiceEndpoint, Source: route.Default, Origin: route.Origin{Kind: route.FromServiceEndpoint, ID: svc}})
		}
	}
	// rule:private-endpoints.interface-endpoint-route: the /32s of the endpoints in v and directly peered VNets.
	out = append(out, p.privateEndpointRoutes(v)...)
	return out
}

// userRoutes parses rt's routes (cached during Build: every subnet of a
// shared route table reads the same). Unparseable prefixes and next hops
// are left out (Validate reports them).
func (p *Plane) userRoutes(rt model.RouteTable) []route.Route {
	if rs, ok := p.udrCache[rt.ID]; ok {
		return rs
	}
	out := make([]route.Route, 0, len(rt.Routes))
	for _, r := range rt.Routes {
		pr, ok := ParsePrefix(r.AddressPrefix)
		hop, okHop := route.ParseUDRNextHop(r.NextHopType)
		if !ok || !okHop {
			continue
		}
		ur := route.Route{Prefix: pr, NextHop: hop, Source: route.User, Origin: route.Origin{Kind: route.FromRouteTable, ID: rt.ID, Name: r.Name}}
		if hop == route.VirtualAppliance {
			ip, err := netip.ParseAddr(r.NextHopIPAddress)
			if err != nil {
				continue
			}
			ur.NextHopIP = ip
		}
		out = append(out, ur)
	}
	if p.udrCache != nil {
		p.udrCache[rt.ID] = out
	}
	return out
}

// vnetReplacesReserved implements rule:system-routes.vnet-range-replaces-reserved: a VNet range equal to a reserved prefix
// turns the None route into the VNet route; a range that contains a reserved
// prefix and is larger deletes it. A range inside a reserved prefix leaves it
// (rule:system-routes.vnet-inside-reserved).
func vnetReplacesReserved(v *VNet, res netip.Prefix) bool {
	return rangeReplacesReserved(v.Prefixes, res)
}

// rangeReplacesReserved reports whether one of ranges equals or contains
// the reserved prefix res. Applied to the ranges of the VNets peered with
// a subnet's VNet too (rule:system-routes.vnet-range-replaces-reserved):
// the docs speak of a VNet's own ranges only; vnetplay reads a peered
// VNet's range as a range of the virtual network too, so that peering a
// VNet of 192.168.0.0/16 (or 172.0.0.0/8) is not cut off by the reserved
// None route of the same or a longer prefix (inferred).
func rangeReplacesReserved(ranges []netip.Prefix, res netip.Prefix) bool {
	for _, pr := range ranges {
		if pr.Bits() <= res.Bits() && pr.Contains(res.Addr()) {
			return true
		}
	}
	return false
}

// removesReserved implements rule:system-routes.default-udr-removes-reserved: a UDR for 0.0.0.0/0 to a virtual appliance
// (or, by the same logic, to the VPN gateway: forced tunnelling) removes the
// reserved None routes from the subnets of that table. A BGP-learned 0/0 does
// not (undocumented; section W leaves it open).
func removesReserved(rt model.RouteTable) bool {
	for _, r := range rt.Routes {
		if r.AddressPrefix == "0.0.0.0/0" && (r.NextHopType == model.HopVirtualAppliance || r.NextHopType == model.HopVirtualNetworkGateway) {
			return true
		}
	}
	return false
}

// knownRemotePrefixes is the remote address space as the local link knows
// it: the link's synced copy when it has one, else the remote VNet's actual
// ranges (rule:peering.address-space-sync).
func (p *Plane) knownRemotePrefixes(l Link) []netip.Prefix {
	if l.Self.RemoteAddressSpace == nil {
		return p.vnets[l.Remote].Prefixes
	}
	var out []netip.Prefix
	for _, s := range l.Self.RemoteAddressSpace.AddressPrefixes {
		if pr, ok := ParsePrefix(s); ok {
			out = append(out, pr)
		}
	}
	return out
}

// gatewayVNets lists the VNets whose gateways program routes into vnet: vnet
// itself, plus the remote VNet of a Connected peering where vnet's link sets
// useRemoteGateways and the remote link sets allowGatewayTransit (rule:gateway-transit.spoke-advertised-on-premises). With
// either flag missing the spoke gets none of the gateway's routes (rule:gateway-transit.spoke-advertised-on-premises, rule:gateway-transit.routes-reach-spoke).
// Only the first such peering (by remote id) counts (rule:peering.use-remote-gateways-conditions: one per VNet).
func (p *Plane) gatewayVNets(vnet string) []string {
	out := []string{vnet}
	for _, l := range p.links[vnet] {
		if l.State == model.Connected && l.Self.UseRemoteGateways && l.Other.AllowGatewayTransit {
			// With the built-in control plane, the hub must really serve this
			// spoke: it has a gateway or Route Server and the spoke has no
			// gateway of its own (rule:peering.use-remote-gateways-conditions).
			if p.bgp != nil && !p.bgp.Serves(l.Remote, vnet) {
				continue
			}
			return append(out, l.Remote)
		}
	}
	return out
}
