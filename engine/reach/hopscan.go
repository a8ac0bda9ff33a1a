package reach

import "vnetplay/engine/route"

// The first edit of the peering links after a matrix was computed (or
// after edits that did not carry its appliance hops) scans every cell's
// lookups for appliance hops (applianceHops). At 500 VNets that is a
// quarter of a million cells and about a million lookups: read through
// Matrix.All and cellView.at, with a map probe by subnet and address per
// appliance lookup and by endpoint ID per cell, it took 80–110 ms. A
// packed cell names its lookups by index in its lookupGen, so scanHops
// reads the chunks in place, resolves each (lookupGen, NIC entry) and
// (lookupGen, route) to its VNet once, and each row's and column's
// endpoint VNet once, by index; only cells kept in full go through
// applianceScan.add. The set is the same (TestScanHopsEqualsAdd).

// scanHops is the set of applianceScan.add over every cell of t.
func (t *Tracked) scanHops() map[[2]string]bool {
	s := applianceScan{p: t.plane, set: map[[2]string]bool{}}
	m := t.Matrix
	rowVNet := make([]string, len(m.Rows))
	for r, ep := range m.Rows {
		rowVNet[r] = s.endpointVNet(ep)
	}
	colVNet := make([]string, len(m.Cols))
	for j, ep := range m.Cols {
		colVNet[j] = s.endpointVNet(ep)
	}
	gens := make([]*genVNets, len(t.deps.gens))
	width := t.deps.width
	for c, ch := range t.deps.chunks {
		for k, ref := range ch.refs {
			i := c*depChunkCells + k
			if ref.kind == refWalked {
				s.add(m.Cell(i), cellView{full: &ch.full[ref.start]})
				continue
			}
			g := gens[ref.gen]
			if g == nil {
				g = newGenVNets(t.deps.gens[ref.gen])
				gens[ref.gen] = g
			}
			r, j := i/width, i%width
			if j >= r {
				j++ // the diagonal is left out
			}
			from, to := rowVNet[r], colVNet[j]
			end := ref.start + uint32(ref.nf) + uint32(ref.nr)
			for _, p := range ch.packed[ref.start:end] {
				if g.g.routes[p.route].NextHop != route.VirtualAppliance {
					continue
				}
				pair := [2]string{g.subnetVNet(&s, p.nic), g.targetVNet(&s, p.route)}
				if pair[0] != from && pair[1] != from && pair[0] != to && pair[1] != to {
					s.set[pair] = true
				}
			}
		}
	}
	return s.set
}

// genVNets memoizes, for one lookupGen, the VNet of each entry's subnet
// and of each route's next hop ("" for none), as applianceScan.pair
// resolves them.
type genVNets struct {
	g              *lookupGen
	subnet, target []string
	subnetSeen     []bool
	targetSeen     []bool
}

func newGenVNets(g *lookupGen) *genVNets {
	return &genVNets{g: g, subnet: make([]string, len(g.subnet)), subnetSeen: make([]bool, len(g.subnet)),
		target: make([]string, len(g.routes)), targetSeen: make([]bool, len(g.routes))}
}

// subnetVNet is the VNet of entry nic's subnet.
func (v *genVNets) subnetVNet(s *applianceScan, nic int32) string {
	if !v.subnetSeen[nic] {
		v.subnet[nic] = s.pair(applianceHop{subnet: v.g.subnet[nic]})[0]
		v.subnetSeen[nic] = true
	}
	return v.subnet[nic]
}

// targetVNet is the VNet of route rt's next hop.
func (v *genVNets) targetVNet(s *applianceScan, rt int32) string {
	if !v.targetSeen[rt] {
		v.target[rt] = s.pair(applianceHop{to: v.g.routes[rt].NextHopIP})[1]
		v.targetSeen[rt] = true
	}
	return v.target[rt]
}
