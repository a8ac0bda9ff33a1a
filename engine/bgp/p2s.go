package bgp

import (
	"net/netip"
	"slices"

	"vnetplay/engine/model"
)

// P2SRoute is one route pushed to point-to-site clients. Clients install
// them on the VPN interface with next hop "On-link" (rule:p2s.on-link-routes).
type P2SRoute struct {
	Prefix netip.Prefix `json:"prefix"`
	// Why names the rule that pushes it.
	Why string `json:"why"`
}

// P2SRoutes is what the clients of one gateway receive, per client OS.
type P2SRoutes struct {
	Gateway string         `json:"gateway"`
	Pools   []netip.Prefix `json:"pools"`
	Windows []P2SRoute     `json:"windows"`
	Other   []P2SRoute     `json:"other"`
	// Warnings always include the profile re-download reminder (rule:peering.p2s-profile-refresh).
	Warnings []string `json:"warnings"`
}

// OnLink is the next hop P2S clients show for pushed routes (rule:p2s.on-link-routes).
const OnLink = "On-link"

// ProfileWarning is the reminder shown with every P2S answer (rule:peering.p2s-profile-refresh).
const ProfileWarning = "clients must download and reinstall the VPN client profile after any topology change (peering, address space, connections) to get new routes (rule:peering.p2s-profile-refresh)"

// P2S computes the routes a gateway pushes to its point-to-site clients
// (rule:p2s.windows-and-other-clients, rule:p2s.pushed-vnets, rule:p2s.custom-routes, rule:p2s.on-link-routes): for every client, the gateway VNet's ranges,
// the ranges of peered VNets that use this gateway through gateway transit
// (a peer without useRemoteGateways, or a peer of a peer, is not pushed),
// the client pool and the custom routes. Non-Windows clients also get the
// gateway's BGP-learned prefixes and VNet-to-VNet static prefixes (rule:p2s.windows-and-other-clients
// c, d, f, h); static LNG prefixes are not pushed (2023 reading;
// section W). ok is false when the gateway has no P2S configuration.
func (r *Result) P2S(t *model.Topology, gateway string) (P2SRoutes, bool) {
	var g *model.VirtualNetworkGateway
	for i := range t.Gateways {
		if t.Gateways[i].ID == gateway {
			g = &t.Gateways[i]
			break
		}
	}
	if g == nil || g.VpnClientConfiguration == nil || !g.IsVpn() {
		return P2SRoutes{}, false
	}
	out := P2SRoutes{Gateway: gateway, Pools: parsePrefixes(g.VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes)}
	sp, ok := r.w.speakers[gateway]
	if !ok || sp.Down {
		out.Warnings = append(out.Warnings, "gateway "+gateway+" is down: P2S clients are disconnected and must reconnect (rule:vpn-gateway.active-standby, rule:p2s.failover-disconnects)")
		return out, true
	}
	add := func(list *[]P2SRoute, p netip.Prefix, why string) {
		if !slices.ContainsFunc(*list, func(x P2SRoute) bool { return x.Prefix == p }) {
			*list = append(*list, P2SRoute{Prefix: p, Why: why})
		}
	}
	var common []P2SRoute
	for _, p := range parsePrefixes(vnetPrefixes(t, g.VNet)) {
		add(&common, p, "gateway VNet "+g.VNet+" (rule:p2s.pushed-vnets)")
	}
	for _, s := range r.w.transit[g.VNet] {
		for _, p := range parsePrefixes(vnetPrefixes(t, s)) {
			add(&common, p, "peered VNet "+s+" uses this gateway (rule:p2s.pushed-vnets)")
		}
	}
	for _, p := range out.Pools {
		add(&common, p, "client address pool (rule:p2s.windows-and-other-clients)")
	}
	if c := g.VpnClientConfiguration.CustomRoutes; c != nil {
		for _, p := range parsePrefixes(c.AddressPrefixes) {
			add(&common, p, "custom route (rule:p2s.custom-routes)")
		}
	}
	out.Windows = slices.Clone(common)
	out.Other = slices.Clone(common)
	for b := range r.loc[gateway].all() {
		if b.Local || b.Prefix.Bits() == 0 {
			continue
		}
		s := r.w.sessionOf(b.Session)
		switch {
		case b.Static && s != nil && s.Kind == SessVnet2Vnet:
			add(&out.Other, b.Prefix, "VNet-to-VNet prefix of "+b.Neighbor+", non-Windows clients only (rule:p2s.windows-and-other-clients)")
		case !b.Static && !b.FromRS:
			add(&out.Other, b.Prefix, "BGP-learned from "+b.Neighbor+", non-Windows clients only; Windows needs a manual route (rule:p2s.windows-and-other-clients)")
		}
	}
	sortRoutes := func(l []P2SRoute) {
		slices.SortFunc(l, func(a, b P2SRoute) int { return comparePrefix(a.Prefix, b.Prefix) })
	}
	sortRoutes(out.Windows)
	sortRoutes(out.Other)
	out.Warnings = append(out.Warnings, ProfileWarning)
	if n := r.p2sSelectors(gateway, out); n > 25 {
		out.Warnings = append(out.Warnings, errorf("Windows IKEv2 clients get %d traffic selectors (the VNet's ranges, peered VNets, local networks and VNet-to-VNet links, pushed as routes or not): more than 25 fails before Windows 10 2004, more than 255 fails on any version (rule:p2s.traffic-selector-limits)", n))
	}
	if g.ActiveActive {
		out.Warnings = append(out.Warnings, "an instance failover disconnects P2S clients; they must reconnect (rule:vpn-gateway.active-standby, rule:p2s.failover-disconnects)")
	}
	return out, true
}

// p2sSelectors counts the traffic selectors of gateway's Windows IKEv2
// clients (rule:p2s.traffic-selector-limits): the distinct prefixes pushed to
// any client (p's VNet, peered VNet, pool and custom routes, and what
// non-Windows clients get over BGP and VNet-to-VNet) and the prefixes the
// gateway learns from its S2S and VNet-to-VNet connections, static local
// networks included although they are not pushed as routes.
func (r *Result) p2sSelectors(gateway string, p P2SRoutes) int {
	seen := map[netip.Prefix]bool{}
	for _, l := range [][]P2SRoute{p.Windows, p.Other} {
		for _, x := range l {
			seen[x.Prefix] = true
		}
	}
	for b := range r.loc[gateway].all() {
		if b.Local || b.Prefix.Bits() == 0 {
			continue
		}
		if s := r.w.sessionOf(b.Session); s != nil && (s.Kind == SessIPsec || s.Kind == SessVnet2Vnet) {
			seen[b.Prefix] = true
		}
	}
	return len(seen)
}

// PoolOwner returns the gateway whose P2S pool contains a, if any.
func PoolOwner(t *model.Topology, a netip.Addr) (string, bool) {
	for _, g := range t.Gateways {
		if g.VpnClientConfiguration == nil {
			continue
		}
		for _, p := range parsePrefixes(g.VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes) {
			if p.Contains(a) {
				return g.ID, true
			}
		}
	}
	return "", false
}

func vnetPrefixes(t *model.Topology, id string) []string {
	for _, v := range t.VNets {
		if v.ID == id {
			return v.AddressSpace.AddressPrefixes
		}
	}
	return nil
}
