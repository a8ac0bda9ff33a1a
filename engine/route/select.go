package route

import (
	"cmp"
	"net/netip"
	"slices"
)

// Select decides the state of every candidate route of one subnet and
// returns them in display order (prefix address, prefix length, then source
// User, VirtualNetworkGateway, Default, then origin). Exactly one route per
// distinct prefix is Active, except BGP routes shadowed by rule:route-selection.system-beats-more-specific-bgp, which are all
// Invalid, and a private endpoint's /32 that a user route of another,
// shorter prefix overrides under the route-table policy
// (rule:private-endpoints.route-table-policy, WithRouteTablePolicy). Select does not modify its input. Complexity O(n log n + n·s)
// where s is the number of system VNet/peering/service-endpoint routes.
func Select(cands []Route) []Effective {
	out := make([]Effective, len(cands))
	for i, r := range cands {
		r.Prefix = r.Prefix.Masked()
		out[i] = Effective{Route: r}
	}
	return selectCopied(out)
}

// selectCopied is Select of the routes of out (each with a masked prefix
// and no state yet), deciding them in place.
func selectCopied(out []Effective) []Effective {
	if !sortedForDisplay(out) { // gateway candidates come sorted
		slices.SortStableFunc(out, compareDisplay)
	}
	var steering []Route // system routes that beat more-specific BGP (rule:route-selection.system-beats-more-specific-bgp)
	for _, e := range out {
		if e.Source == Default && steersOverBGP(e.Origin.Kind) {
			steering = append(steering, e.Route)
		}
	}
	for i := 0; i < len(out); {
		j := i
		for j < len(out) && out[j].Prefix == out[i].Prefix {
			j++
		}
		decideGroup(out[i:j], steering)
		i = j
	}
	applyPolicies(out)
	return out
}

// applyPolicies makes Invalid every Active private endpoint route that a
// user route among out overrides under its subnet's route-table policy
// (rule:private-endpoints.route-table-policy): the user route need not have
// the same prefix, only contain the endpoint and be at least as long as the
// endpoint VNet's range.
func applyPolicies(out []Effective) {
	if !slices.ContainsFunc(out, func(e Effective) bool { return e.State == Active && e.policy != 0 }) {
		return // no route a policy can make Invalid (a user layer's): no user route to list
	}
	var users []Route
	for _, e := range out {
		if e.Source == User {
			users = append(users, e.Route)
		}
	}
	if len(users) == 0 {
		return
	}
	for i := range out {
		e := &out[i]
		if e.State != Active || e.policy == 0 {
			continue
		}
		for _, u := range users {
			if e.overriddenByPolicy(u) {
				e.State, e.Reason = Invalid, OverriddenByPolicyUDR
				break
			}
		}
	}
}

func steersOverBGP(k OriginKind) bool {
	return k == FromAddressSpace || k == FromPeering || k == FromServiceEndpoint
}

// decideGroup resolves routes sharing one prefix.
func decideGroup(g []Effective, steering []Route) {
	// rule:route-selection.system-beats-more-specific-bgp: BGP routes inside a VNet/peering/service-endpoint range are
	// Invalid whatever their length.
	for i := range g {
		if g[i].Source == Gateway && insideAny(g[i].Prefix, steering) {
			g[i].State, g[i].Reason = Invalid, SystemBeatsBGP
		}
	}
	win := -1
	for i := range g {
		if g[i].State == Invalid && g[i].Reason == SystemBeatsBGP {
			continue
		}
		if win < 0 || better(g[i], g[win]) {
			win = i
		}
	}
	if win < 0 {
		return
	}
	w := &g[win]
	w.State, w.Reason = Active, OnlyRoute
	if w.Source == Gateway && w.Tied() {
		w.Reason = TiedGatewayFirstByID
	}
	for i := range g {
		if i == win {
			continue
		}
		if g[i].State == Invalid && g[i].Reason == SystemBeatsBGP {
			if w.Reason == OnlyRoute && g[i].Prefix == w.Prefix && w.Source == Default {
				w.Reason = SystemOverridesBGP
			}
			continue
		}
		l := &g[i]
		l.State = Invalid
		switch {
		case l.Source == User && w.Source == User:
			l.Reason = DuplicateInTable
		case w.Origin.Kind == FromServiceEndpoint && l.Source == User:
			l.Reason, w.Reason = OverriddenByServiceEndpoint, ServiceEndpointNotOverridable
		case w.Source == User:
			l.Reason = OverriddenByUser
			if l.Source == Gateway {
				w.Reason = UserOverridesGateway
			} else if w.Reason == OnlyRoute {
				w.Reason = UserOverridesDefault
			}
		case w.Source == Gateway:
			l.Reason, w.Reason = OverriddenByGateway, GatewayOverridesDefault
		default:
			// Two system routes with one prefix (overlapping peered
			// ranges, refused by validation); the first in display order
			// wins.
			l.Reason = SystemSamePrefix
		}
	}
}

// better reports whether a beats b for the same prefix: a service-endpoint
// route beats everything (rule:route-selection.service-endpoint-not-overridable), then User > Gateway > Default (rule:route-selection.longest-prefix-first), then
// the earlier in display order.
func better(a, b Effective) bool {
	ase, bse := a.Origin.Kind == FromServiceEndpoint, b.Origin.Kind == FromServiceEndpoint
	if ase != bse {
		return ase
	}
	return a.Source < b.Source
}

// insideAny reports whether p lies inside (or equals) one of the steering
// system routes' prefixes.
func insideAny(p netip.Prefix, steering []Route) bool {
	for _, s := range steering {
		if s.Prefix.Bits() <= p.Bits() && s.Prefix.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// sortedForDisplay is slices.IsSortedFunc(out, compareDisplay), comparing
// the routes in place (an Effective is ~20 words).
func sortedForDisplay(out []Effective) bool {
	for i := 1; i < len(out); i++ {
		if compareDisplayAt(&out[i], &out[i-1]) < 0 {
			return false
		}
	}
	return true
}

func compareDisplay(a, b Effective) int { return compareDisplayAt(&a, &b) }

// compareDisplayAt is compareDisplay of *a and *b.
func compareDisplayAt(a, b *Effective) int {
	if c := a.Prefix.Addr().Compare(b.Prefix.Addr()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Prefix.Bits(), b.Prefix.Bits()); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Source, b.Source); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Origin.Kind, b.Origin.Kind); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Origin.ID, b.Origin.ID); c != 0 {
		return c
	}
	return cmp.Compare(a.Origin.Name, b.Origin.Name)
}
