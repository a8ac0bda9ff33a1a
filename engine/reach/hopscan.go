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
	h := newHopScanner(t, map[[2]string]bool{})
	for c, ch := range t.deps.chunks {
		for k := range ch.refs.len() {
			h.cell(c*depChunkCells + k)
		}
	}
	return h.s.set
}

// hopScanner adds cells of a Tracked to a set of appliance hops as
// applianceScan.add does (checkHopScanner in TestPatchKeepsDepsFragileAndHops): a packed cell's
// lookups read in place, their VNets resolved once per (lookupGen, entry)
// and (lookupGen, route), each row's and column's endpoint VNet once, by
// index, at its first use. A patch of the links adds the cells it walked
// again so (a few hundred: through add, a map probe by subnet and address
// per appliance lookup and by endpoint ID per cell).
type hopScanner struct {
	s                applianceScan
	t                *Tracked
	rowVNet, colVNet []string
	rowSeen, colSeen []bool
	gens             []*genVNets
}

// newHopScanner is a hopScanner adding t's cells to set.
func newHopScanner(t *Tracked, set map[[2]string]bool) *hopScanner {
	m := t.Matrix
	return &hopScanner{s: applianceScan{p: t.plane, set: set}, t: t,
		rowVNet: make([]string, len(m.Rows)), rowSeen: make([]bool, len(m.Rows)),
		colVNet: make([]string, len(m.Cols)), colSeen: make([]bool, len(m.Cols)),
		gens: make([]*genVNets, len(t.deps.gens))}
}

// cell adds the appliance hops of cell i (row-major, the diagonal left
// out) that cross between VNets holding neither of its endpoints.
func (h *hopScanner) cell(i int) {
	d := &h.t.deps
	ch := d.chunks[i/depChunkCells]
	ref := ch.refs.at(i % depChunkCells)
	if ref.kind == refWalked {
		h.s.add(h.t.Matrix.Cell(i), cellView{full: ch.fullAt(ref.start)})
		return
	}
	g := h.gens[ref.gen]
	if g == nil {
		g = newGenVNets(d.gens[ref.gen])
		h.gens[ref.gen] = g
	}
	r, j := i/d.width, i%d.width
	if j >= r {
		j++ // the diagonal is left out
	}
	resolved := false
	var from, to string
	end := ref.start + uint32(ref.nf) + uint32(ref.nr)
	for _, p := range ch.entries(ref.start, end) {
		if g.g.routes.at(p.route).NextHop != route.VirtualAppliance {
			continue
		}
		if !resolved {
			from, to, resolved = h.row(r), h.col(j), true
		}
		pair := [2]string{g.subnetVNet(&h.s, p.nic), g.targetVNet(&h.s, p.route)}
		if pair[0] != from && pair[1] != from && pair[0] != to && pair[1] != to {
			h.s.set[pair] = true
		}
	}
}

// row is the VNet of row r's endpoint (applianceScan.endpointVNet).
func (h *hopScanner) row(r int) string {
	if !h.rowSeen[r] {
		h.rowVNet[r], h.rowSeen[r] = h.s.endpointVNet(h.t.Matrix.Rows[r]), true
	}
	return h.rowVNet[r]
}

// col is the VNet of column j's endpoint (applianceScan.endpointVNet).
func (h *hopScanner) col(j int) string {
	if !h.colSeen[j] {
		h.colVNet[j], h.colSeen[j] = h.s.endpointVNet(h.t.Matrix.Cols[j]), true
	}
	return h.colVNet[j]
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
		target: make([]string, g.routes.len()), targetSeen: make([]bool, g.routes.len())}
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
		v.target[rt] = s.pair(applianceHop{to: v.g.routes.at(rt).NextHopIP})[1]
		v.targetSeen[rt] = true
	}
	return v.target[rt]
}
