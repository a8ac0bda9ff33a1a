package bgp

import (
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// hasHub reports whether vnet holds a working gateway or Route Server.
func (w *world) hasHub(vnet string) bool {
	for _, id := range sortedKeys(w.gateways) {
		if g := w.gateways[id]; g.VNet == vnet && w.gatewayUp(g) {
			return true
		}
	}
	for _, rs := range w.t.RouteServers {
		if rs.VNet == vnet && !w.down[model.Failure{Kind: model.RouteServerDown, Target: rs.ID}] {
			return true
		}
	}
	return false
}

// buildTransit finds, for each hub, the spokes peered with useRemoteGateways
// on the spoke's link and allowGatewayTransit on the hub's, over a Connected
// peering (rule:gateway-transit.spoke-advertised-on-premises). A spoke with a gateway of its own cannot use a remote
// one (rule:peering.use-remote-gateways-conditions), and only its first such peering (by peering id) counts.
func (w *world) buildTransit() {
	ps := peeringsByID(w.t.Peerings)
	used := map[string]bool{}
	ownGateway := map[string]bool{}
	for _, g := range w.gateways {
		ownGateway[g.VNet] = true
	}
	hubs := map[string]bool{} // hasHub, asked once per VNet (it reads nothing this loop writes)
	isHub := func(vnet string) bool {
		h, ok := hubs[vnet]
		if !ok {
			h = w.hasHub(vnet)
			hubs[vnet] = h
		}
		return h
	}
	for _, p := range ps {
		if !p.Connected() || w.down[model.Failure{Kind: model.PeeringDown, Target: p.ID}] {
			continue
		}
		for _, pair := range [][2]model.PeeringLink{{p.A, p.B}, {p.B, p.A}} {
			spoke, hub := pair[0], pair[1]
			if !spoke.UseRemoteGateways || !hub.AllowGatewayTransit || used[spoke.VNet] || ownGateway[spoke.VNet] {
				continue
			}
			if _, ok := w.vnets[spoke.VNet]; !ok || !isHub(hub.VNet) {
				continue
			}
			used[spoke.VNet] = true
			w.transit[hub.VNet] = append(w.transit[hub.VNet], spoke.VNet)
		}
	}
	for k := range w.transit {
		slices.Sort(w.transit[k])
	}
}

// hubPrefixes is hub's ranges plus its transit spokes' ranges: what its
// gateways and Route Server advertise as their own (rule:gateway-transit.spoke-advertised-on-premises, rule:bgp.what-gateway-advertises, rule:route-server.injection-scope).
// A hub without transit spokes shares its VNet's list (parsed, sorted,
// without duplicates, never modified).
func (w *world) hubPrefixes(hub string) []netip.Prefix {
	if len(w.transit[hub]) == 0 {
		return w.vnets[hub]
	}
	out := slices.Clone(w.vnets[hub])
	for _, s := range w.transit[hub] {
		out = append(out, w.vnets[s]...)
	}
	slices.SortFunc(out, comparePrefix)
	return slices.Compact(out)
}

// advertisedPrefixes is what hub's gateways and Route Server originate: the
// hub and transit-spoke ranges, or, when the hub sets
// summarizedGatewayPrefixes, those summaries plus the spoke ranges no
// summary covers (rule:gateway-transit.summarized-prefixes).
func (w *world) advertisedPrefixes(hub string) []netip.Prefix {
	sums := w.summaries[hub]
	if len(sums) == 0 {
		return w.hubPfx[hub] // indexHubs' (read only)
	}
	out := slices.Clone(sums)
	for _, s := range w.transit[hub] {
		for _, p := range w.vnets[s] {
			if !insideAny(p, sums) {
				out = append(out, p)
			}
		}
	}
	slices.SortFunc(out, comparePrefix)
	return slices.Compact(out)
}

// peeringsByID returns the peerings sorted by id, stably (pointers into
// ps, which is not modified).
func peeringsByID(ps []model.Peering) []*model.Peering {
	out := make([]*model.Peering, len(ps))
	for i := range ps {
		out[i] = &ps[i]
	}
	slices.SortStableFunc(out, func(a, b *model.Peering) int { return strings.Compare(a.ID, b.ID) })
	return out
}
