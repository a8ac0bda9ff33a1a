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
// Only the peerings the data plane builds count (dataplane.buildPeerings):
// not one whose address spaces overlap (rule:peering.no-overlap: Azure
// refuses it), nor a second peering of the same two VNets (firstOfPair).
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
	seen := map[[2]string]bool{}
	for _, p := range ps {
		if !w.builds(p, seen) || !p.Connected() || w.down[model.Failure{Kind: model.PeeringDown, Target: p.ID}] {
			continue
		}
		for _, pair := range [][2]model.PeeringLink{{p.A, p.B}, {p.B, p.A}} {
			spoke, hub := pair[0], pair[1]
			if !spoke.UseRemoteGateways || !hub.AllowGatewayTransit || used[spoke.VNet] || ownGateway[spoke.VNet] {
				continue
			}
			if !isHub(hub.VNet) {
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

// builds reports whether the data plane builds peering p, taken in
// peering-id order with seen the pairs of VNets already joined
// (dataplane.buildPeerings, which it marks): both VNets exist and differ,
// a link exists, no earlier peering joins the same two VNets, and their
// address spaces do not overlap (rule:peering.no-overlap).
func (w *world) builds(p *model.Peering, seen map[[2]string]bool) bool {
	a, okA := w.vnets[p.A.VNet]
	b, okB := w.vnets[p.B.VNet]
	if !okA || !okB || p.A.VNet == p.B.VNet || !p.A.Exists() && !p.B.Exists() {
		return false
	}
	k := pairOf(p)
	if seen[k] || overlapsAny(a, b) {
		return false
	}
	seen[k] = true
	return true
}

// pairOf is the unordered pair of VNets peering p joins.
func pairOf(p *model.Peering) [2]string {
	return [2]string{min(p.A.VNet, p.B.VNet), max(p.A.VNet, p.B.VNet)}
}

// overlapsAny reports whether a range of a overlaps a range of b.
func overlapsAny(a, b []netip.Prefix) bool {
	for _, x := range a {
		for _, y := range b {
			if x.Overlaps(y) {
				return true
			}
		}
	}
	return false
}

// firstOfPair returns, for each pair of VNets in pairs, the index in ps of
// the peering the data plane keeps for it: the first by id (then by
// position) of those joining the pair with a link that exists
// (dataplane.buildPeerings). It reads no ranges: overlap is decided by the
// pair alone.
func firstOfPair(ps []model.Peering, pairs map[[2]string]bool) map[[2]string]int {
	first := make(map[[2]string]int, len(pairs))
	for i := range ps {
		p := &ps[i]
		if !p.A.Exists() && !p.B.Exists() {
			continue
		}
		k := pairOf(p)
		if !pairs[k] {
			continue
		}
		if j, ok := first[k]; !ok || p.ID < ps[j].ID {
			first[k] = i
		}
	}
	return first
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
