package trace

import (
	"net/netip"
	"slices"

	"vnetplay/engine/bgp"
	"vnetplay/engine/dataplane"
)

// HybridRead is one question a walk asked the hybrid control plane (the BGP
// result and the hybrid resources it was computed from), recorded so that
// a plane with another BGP result can be asked it again (Same). A walk
// that asked only recorded questions has Deps.Hybrid set and Deps.BGP
// unset: it gives the same result on a plane that answers each of them as
// before (and its route lookups likewise). Every other read of the hybrid
// control plane sets Deps.BGP.
type HybridRead struct {
	Kind HybridReadKind
	// ID is the speaker, gateway, session or VNet asked about.
	ID string
	// Addr is the address asked about (ReadBest).
	Addr netip.Addr
}

// HybridReadKind says which question a HybridRead is.
type HybridReadKind uint8

// The questions a walk through a gateway asks.
const (
	// ReadSpeaker: the BGP speaker ID (bgp.Result.Speaker) and, for a
	// gateway, the NIC it forwards from (gatewayNIC) and its own
	// addresses (gatewayEndpoints).
	ReadSpeaker HybridReadKind = iota + 1
	// ReadBest: speaker ID's best path for Addr (bgp.Result.Lookup), and
	// the gateway whose P2S client pool holds Addr (bgp.PoolOwner).
	ReadBest
	// ReadSession: the BGP session ID (bgp.Result.Session).
	ReadSession
	// ReadVPNGateway: the VPN gateway VNet ID's VirtualNetworkGateway
	// routes use (vpnGatewayFor), and the ExpressRoute gateway a walk
	// without one names (noVPNGatewayReason).
	ReadVPNGateway
	// ReadSite: the on-premises site whose address prefixes hold Addr
	// (siteOf) and the hybrid endpoint at Addr (dataplane.Plane.HybridAt),
	// as a site router delivering a packet asks (speakerForward).
	ReadSite
	// ReadNoTransit: why speaker ID outside Azure has no route to Addr
	// (noTransit: the sessions of ID and of Addr's site, P2S pools).
	ReadNoTransit
)

// Same reports whether planes old and now answer question q the same.
// Either plane without a BGP result answers nothing the same.
func (q HybridRead) Same(old, now *dataplane.Plane) bool {
	a, b := old.BGP(), now.BGP()
	if a == nil || b == nil {
		return false
	}
	switch q.Kind {
	case ReadSpeaker:
		s1, ok1 := a.Speaker(q.ID)
		s2, ok2 := b.Speaker(q.ID)
		n1, in1 := gatewayNIC(old, q.ID)
		n2, in2 := gatewayNIC(now, q.ID)
		return ok1 == ok2 && s1 == s2 && in1 == in2 && (!in1 || (n1.Subnet == n2.Subnet && n1.IP == n2.IP)) &&
			slices.Equal(gatewayEndpoints(old, q.ID), gatewayEndpoints(now, q.ID))
	case ReadBest:
		b1, ok1 := a.Lookup(q.ID, q.Addr)
		b2, ok2 := b.Lookup(q.ID, q.Addr)
		o1, p1 := bgp.PoolOwner(old.HybridTopology(), q.Addr)
		o2, p2 := bgp.PoolOwner(now.HybridTopology(), q.Addr)
		return ok1 == ok2 && b1.Same(b2) && p1 == p2 && o1 == o2
	case ReadSession:
		s1, ok1 := a.Session(q.ID)
		s2, ok2 := b.Session(q.ID)
		return ok1 == ok2 && s1.Same(s2)
	case ReadVPNGateway: // and the ExpressRoute gateway noVPNGatewayReason names
		return vpnGatewayFor(old, q.ID) == vpnGatewayFor(now, q.ID) &&
			gatewayFor(old, q.ID, bgp.ExpressRouteGateway) == gatewayFor(now, q.ID, bgp.ExpressRouteGateway)
	case ReadSite:
		s1, in1 := siteOf(old, q.Addr)
		s2, in2 := siteOf(now, q.Addr)
		e1, at1 := old.HybridAt(q.Addr)
		e2, at2 := now.HybridAt(q.Addr)
		return s1 == s2 && in1 == in2 && e1 == e2 && at1 == at2
	case ReadNoTransit:
		d1, why1 := noTransit(old, q.ID, q.Addr)
		d2, why2 := noTransit(now, q.ID, q.Addr)
		return d1 == d2 && why1 == why2
	}
	return false
}

// read records a question (the answer is what the walk goes on with),
// once per walk.
func (r *walkResult) read(kind HybridReadKind, id string, a netip.Addr) {
	r.readHybrid = true
	if r.noDeps {
		return
	}
	q := HybridRead{Kind: kind, ID: id, Addr: a}
	if !slices.Contains(r.hybrid, q) {
		r.hybrid = append(r.hybrid, q)
	}
}

// readsBGP reports whether the walk read the hybrid control plane at all
// (recorded or not): a suffix or hop that did is not shared (memo.go).
func (r *walkResult) readsBGP() bool { return r.bgp || r.readHybrid }

// HybridDiff answers Same for many questions to one pair of planes, as a
// patch asks them: a question about a speaker's best path (ReadBest)
// compares the two Loc-RIBs of that speaker once (bgp.LocDiff) and then
// looks the address up only where they differ, instead of looking it up
// in both for every question; a question about the site of an address
// (ReadSite) reads each plane's sites' prefixes parsed once (siteOf
// parses them at every call: a tenth of a flipped peering flag's
// questions). Its answers are Same's (TestHybridDiffEqualsSame). It is
// not safe for concurrent use.
type HybridDiff struct {
	old, now *dataplane.Plane
	loc      *bgp.LocDiff // made on the first ReadBest
	// sites holds the old and the new plane's sites' prefixes (made on
	// the first ReadSite).
	sites    [2][]sitePrefix
	hasSites bool
}

// sitePrefix is one valid address prefix of a site, in siteOf's order.
type sitePrefix struct {
	prefix netip.Prefix
	site   string
}

// parseSites lists the valid prefixes of p's sites, in siteOf's order.
func parseSites(p *dataplane.Plane) []sitePrefix {
	var out []sitePrefix
	for _, s := range p.HybridTopology().Sites {
		for _, x := range s.AddressPrefixes {
			if pr, err := netip.ParsePrefix(x); err == nil {
				out = append(out, sitePrefix{pr, s.ID})
			}
		}
	}
	return out
}

// siteIn is siteOf(p, a) for ps, p's parseSites.
func siteIn(ps []sitePrefix, a netip.Addr) (string, bool) {
	for _, e := range ps {
		if e.prefix.Contains(a) {
			return e.site, true
		}
	}
	return "", false
}

// sameSite is ReadSite's Same for address a.
func (d *HybridDiff) sameSite(a netip.Addr) bool {
	if !d.hasSites {
		d.sites[0], d.sites[1] = parseSites(d.old), parseSites(d.now)
		d.hasSites = true
	}
	s1, in1 := siteIn(d.sites[0], a)
	s2, in2 := siteIn(d.sites[1], a)
	e1, at1 := d.old.HybridAt(a)
	e2, at2 := d.now.HybridAt(a)
	return s1 == s2 && in1 == in2 && e1 == e2 && at1 == at2
}

// NewHybridDiff returns a HybridDiff of planes old and now.
func NewHybridDiff(old, now *dataplane.Plane) *HybridDiff {
	return &HybridDiff{old: old, now: now}
}

// Same reports whether q.Same(old, now).
func (d *HybridDiff) Same(q HybridRead) bool {
	if q.Kind != ReadBest && q.Kind != ReadSite {
		return q.Same(d.old, d.now)
	}
	a, b := d.old.BGP(), d.now.BGP()
	if a == nil || b == nil {
		return false
	}
	if q.Kind == ReadSite {
		return d.sameSite(q.Addr)
	}
	if d.loc == nil {
		d.loc = bgp.NewLocDiff(a, b)
	}
	if !d.loc.SameBest(q.ID, q.Addr) {
		return false
	}
	o1, p1 := bgp.PoolOwner(d.old.HybridTopology(), q.Addr)
	o2, p2 := bgp.PoolOwner(d.now.HybridTopology(), q.Addr)
	return p1 == p2 && o1 == o2
}
