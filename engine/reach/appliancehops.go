package reach

import (
	"net/netip"
	"slices"
	"sync"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/route"
)

// Peering links and the cells an edit of them can change.
//
// A walk that reads nothing but route lookups (not Opaque, not BGP) moves
// the packet by hops: a lookup at a NIC, then a cross to the hop's
// target, in the target's VNet. The target is the destination, except for
// a VirtualAppliance route, whose target is its next hop. A hop that
// crosses between a VNet pair whose link changed (dataplane.ChangedLinks)
// therefore has the walk's destination in one of the pair's VNets, or is
// an appliance hop. So when no cell has an appliance hop across a changed
// pair with neither of its endpoints in the pair's VNets (applianceHops),
// every cell that can read a changed link has an endpoint in a VNet of a
// changed pair, and an edit of the links visits the rows and columns of
// those endpoints alone (patch), besides the fragile cells.

// hopSet is a set of VNet pairs (from, to), computed at first use.
type hopSet struct {
	once sync.Once
	set  map[[2]string]bool
}

// applianceHops is the set of VNet pairs (the looking-up NIC's subnet's
// VNet, the next hop's VNet) that some cell's walk crossed by a
// VirtualAppliance route, where neither VNet holds one of the cell's
// endpoints, over the recorded Deps: computed at first use (O(cells ×
// lookups)), and carried by a patch of the links (patch adds the pairs of
// the cells it walks again, so it may hold more than the cells now cross,
// never fewer).
func (t *Tracked) applianceHops() map[[2]string]bool {
	t.hops.once.Do(func() { t.hops.set = t.scanHops() })
	return t.hops.set
}

// crossesAppliances reports whether some cell's appliance hop crossed
// one of the VNet pairs links away from the cell's endpoints.
func (t *Tracked) crossesAppliances(links map[[2]string]bool) bool {
	for k := range t.applianceHops() {
		if links[k] {
			return true
		}
	}
	return false
}

// applianceScan collects the appliance hops' VNet pairs of walks on p.
type applianceScan struct {
	p    *dataplane.Plane
	set  map[[2]string]bool
	hops map[applianceHop][2]string // memo: a hop's VNet pair
	ends map[string]string          // memo: an endpoint's VNet ("" for none)
}

// applianceHop is an appliance hop as a lookup records it.
type applianceHop struct {
	subnet string
	to     netip.Addr
}

// add adds the appliance hops of cell c's walks, with dependencies deps,
// that cross between VNets holding neither of its endpoints.
func (s *applianceScan) add(c Cell, deps cellView) {
	from, to := "", ""
	for k := range deps.len() {
		subnet, _, r, found := deps.at(k)
		if !found || r.NextHop != route.VirtualAppliance {
			continue
		}
		if from == "" && to == "" {
			from, to = s.endpointVNet(c.From), s.endpointVNet(c.To)
		}
		pair := s.pair(applianceHop{subnet: subnet, to: r.NextHopIP})
		if !slices.Contains(pair[:], from) && !slices.Contains(pair[:], to) {
			s.set[pair] = true
		}
	}
}

// pair is hop h's VNet pair: the looking-up subnet's VNet, the next hop's
// ("" for none).
func (s *applianceScan) pair(h applianceHop) [2]string {
	if p, ok := s.hops[h]; ok {
		return p
	}
	var p [2]string
	if sn, ok := s.p.Subnet(h.subnet); ok {
		p[0] = sn.VNet
	}
	if v, ok := s.p.VNetAt(h.to); ok {
		p[1] = v.ID
	}
	if s.hops == nil {
		s.hops = map[applianceHop][2]string{}
	}
	s.hops[h] = p
	return p
}

// endpointVNet is the VNet holding endpoint ep's address ("" for none,
// Internet among them).
func (s *applianceScan) endpointVNet(ep string) string {
	if v, ok := s.ends[ep]; ok {
		return v
	}
	v := ""
	if _, a, ok := s.p.Endpoint(ep); ok && ep != Internet {
		if n, ok := s.p.VNetAt(a); ok {
			v = n.ID
		}
	}
	if s.ends == nil {
		s.ends = map[string]string{}
	}
	s.ends[ep] = v
	return v
}

// touchLinked marks, in touched (by column: the endpoints, then
// Internet), the endpoints whose address lies in a VNet of a pair of
// links, on the old plane.
func (c *changes) touchLinked(touched []bool, cols []string, links map[[2]string]bool) {
	vnets := map[string]bool{}
	for k := range links {
		vnets[k[0]], vnets[k[1]] = true, true
	}
	for i, ep := range cols {
		if ep == Internet {
			continue
		}
		if _, a, ok := c.old.Endpoint(ep); ok {
			if v, ok := c.oldVNetAt(a); ok && vnets[v] {
				touched[i] = true
			}
		}
	}
}
