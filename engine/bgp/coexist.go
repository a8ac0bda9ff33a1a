package bgp

import "slices"

// ERGatewayWeight is the weight a VPN gateway gives the paths it learns from
// the ExpressRoute gateway of its VNet, one above the 32768 of its own and
// its VPN peers' routes (rule:expressroute.failover-to-vpn).
const ERGatewayWeight = 32769

// pairERGateways pairs each VPN gateway that shares its VNet with an
// ExpressRoute gateway (rule:expressroute.failover-to-vpn) with that
// gateway (r.erPeer), for RIB: in the docs' coexistence lab such a VPN
// gateway learns the ExpressRoute gateway's ExpressRoute paths, with
// weight 32769 and the AS path the MSEE sent (12076 first), and prefers
// them over its S2S paths. Those paths change nothing else: the VPN
// gateway does not re-advertise them
// (rule:expressroute.no-vpn-transit-without-route-server), the VNet's
// routes are programmed as before (the ExpressRoute gateway's own route
// already wins, rule:expressroute.preferred-over-vpn), and the gateway
// does not forward on them (Lookup). So they are laid over the converged
// Loc-RIBs (loc, which exports, programming and Lookup keep reading)
// instead of running in the rounds, and only when RIB shows the table
// (withERPaths): an edit does not pay for a table nothing else reads.
func (r *Result) pairERGateways() {
	r.erPeer = nil
	erOf := map[string]*Speaker{} // VNet → its first ExpressRoute gateway by id
	for _, sp := range r.speakers {
		if sp.Kind == ExpressRouteGateway && !sp.Down && sp.VNet != "" {
			if _, dup := erOf[sp.VNet]; !dup {
				erOf[sp.VNet] = sp
			}
		}
	}
	for _, sp := range r.speakers {
		if sp.Kind != VpnGateway || sp.Down {
			continue
		}
		er := erOf[sp.VNet]
		if er == nil {
			continue
		}
		_, ok := r.loc[sp.ID]
		_, erOK := r.loc[er.ID]
		if !ok || !erOK {
			continue
		}
		if r.erPeer == nil {
			r.erPeer = map[string]string{}
		}
		r.erPeer[sp.ID] = er.ID
	}
}

// shownRIB is the Loc-RIB RIB shows for VPN gateway id paired with an
// ExpressRoute gateway (pairERGateways): its own with the ExpressRoute
// gateway's ExpressRoute paths laid over it, in a new slice; nil when id
// is not paired or the paths add nothing.
func (r *Result) shownRIB(id string) []Best {
	er, ok := r.erPeer[id]
	if !ok {
		return nil
	}
	return withERPaths(r.loc[id].flat(), r.loc[er].flat(), r.w.speakers[id], r.w.speakers[er])
}

// withERPaths returns the VPN gateway's Loc-RIB own (sorted by prefix) with,
// for every prefix the ExpressRoute gateway er reached over ExpressRoute (its
// best path in erLoc entered Azure through an MSEE), er's best path as the VPN
// gateway learns it: AS path as received (loop-checked against vpn's ASN),
// next hop er, weight ERGatewayWeight. Having the higher weight, it is
// preferred over the VPN gateway's S2S, VNet-to-VNet, static and Route Server
// paths of that prefix; the VPN gateway's own originated ranges (its VNet,
// summaries, P2S pool) stay. Nil when it adds nothing.
func withERPaths(own, erLoc []Best, vpn, er *Speaker) []Best {
	extra, changed := erAdded(own, erLoc, vpn)
	if !changed {
		return nil
	}
	out := make([]Best, 0, len(own)+extra)
	i := 0
	for _, e := range erLoc {
		if !learnedFromER(e, vpn) {
			continue
		}
		for i < len(own) && comparePrefix(own[i].Prefix, e.Prefix) < 0 {
			out = append(out, own[i])
			i++
		}
		has := i < len(own) && own[i].Prefix == e.Prefix
		if has && own[i].Local {
			continue // appended with the rest
		}
		out = append(out, fromERGateway(e, er, has))
		if has {
			i++
		}
	}
	return append(out, own[i:]...)
}

// erAdded is what withERPaths(own, erLoc, vpn, …) does, counted: how many
// prefixes it adds that own lacks (extra), and whether it lays any path
// over own at all (changed), so that the list is sized once.
func erAdded(own, erLoc []Best, vpn *Speaker) (extra int, changed bool) {
	i := 0
	for _, e := range erLoc {
		if !learnedFromER(e, vpn) {
			continue
		}
		for i < len(own) && comparePrefix(own[i].Prefix, e.Prefix) < 0 {
			i++
		}
		has := i < len(own) && own[i].Prefix == e.Prefix
		if has && own[i].Local {
			continue
		}
		changed = true
		if has {
			i++
		} else {
			extra++
		}
	}
	return extra, changed
}

// learnedFromER reports whether the VPN gateway vpn learns the ExpressRoute
// gateway's best path e: one that entered Azure over ExpressRoute, neither
// originated nor from Route Server, without vpn's AS in its path.
func learnedFromER(e Best, vpn *Speaker) bool {
	return !e.Local && !e.FromRS && e.ViaER && !slices.Contains(e.ASPath, vpn.ASN)
}

// fromERGateway is the Loc-RIB entry a VPN gateway makes of the ExpressRoute
// gateway er's best path e (and its equal-cost paths); over says whether it
// beat a path of the VPN gateway's own.
func fromERGateway(e Best, er *Speaker, over bool) Best {
	hop := er.Address
	if hop == "" {
		hop = er.ID
	}
	learn := func(p Path) Path {
		return Path{Prefix: p.Prefix, ASPath: p.ASPath, Origin: p.Origin, Neighbor: er.ID, Session: p.Session, NextHop: hop,
			Weight: ERGatewayWeight, ViaER: true}
	}
	b := Best{Path: learn(e.Path), Reason: ReasonOnlyPath}
	switch {
	case len(e.Equal) > 0:
		// The ExpressRoute gateway's ECMP paths (one per circuit) tie here
		// too, for the gateway's reason.
		b.Reason = ECMPReason(ExpressRouteGateway)
		for _, q := range e.Equal {
			b.Equal = append(b.Equal, learn(q))
			b.Multipath = append(b.Multipath, er.ID+" via "+q.Session)
		}
	case over:
		b.Reason = ReasonERGateway
	}
	return b
}
