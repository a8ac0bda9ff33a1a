package reach

import (
	"cmp"
	"encoding/binary"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// Spans: legs shared by source classes of different VNets.
//
// A class's move towards a column (classes.move) looks up the column's
// address in the class's route table, then crosses to the NIC the route
// names. A table stacks three layers (dataplane's layerSet): the system
// routes of the subnet's VNet, the user routes of its route table and the
// gateway routes of its gateway VNets. Of the system routes, those that
// name the VNet — its address ranges, its peered VNets' ranges as its links
// know them, the /32s of the private endpoints in it and its peers — hold
// only addresses inside the VNet, inside a VNet it is linked to, or at a
// private endpoint; the rest — the default route, the reserved ranges
// (those a VNet's range replaces lie inside that range) and the service
// endpoints' prefixes — are the same for every subnet with the same route
// table and service endpoints. So for an address far from a class's VNet
// (spans.far: in no VNet, or in a VNet that is neither the class's nor
// linked to it, and not at a private endpoint or in ranges that VNets or a
// link's synced copy of a remote address space overlap), classes with the
// same user layer, gateway layer, route table and service endpoints look
// up the same route (TestSpanLookupsAgree).
//
// The cross that follows reads the sending VNet only through the peering
// into the VNet the packet enters (classes.peeringOf) and in the source
// question, which a leg asks of its class's own VNet (leg.crossed). A far
// destination's VNet is linked to none of the span's VNets (so no peering
// lets the packet through to it), and an appliance's VNet is linked to all
// of them alike, to none, or is one of them. Classes whose VNets have
// links to the same VNets, read as the same peerings (dataplane records
// every peering from both sides and never joins a VNet to itself), and
// that agree on having an NSG, therefore make the same move towards a far
// column, except by a route to an appliance in the sending VNet or out of
// its reach, whose drop's reason names the sending VNet (crossing.local):
// from every VNet of the span but the appliance's own, the appliance is
// then out of reach, so the span's leg says so (legUnreachable, the reason
// made per sending VNet in resolve), and a class in the appliance's VNet
// computes its own.
//
// Such classes form a span (spanKey). Its legs towards far columns are
// computed once per span and column; the legs towards near columns once
// per class (ownLeg: in a map while few, then in a row). In the hub and
// spoke designs every spoke whose subnet uses the shared table is in one
// span: the legs towards the other spokes, which go to the hub's
// appliance, are one row for all of them. Every cell still equals a full
// walk (TestClassesEqualPerCell*, FuzzReachClasses).

// spans is the span of each class of a dense computation and the spans'
// shared legs.
type spans struct {
	of     []int32 // by class: its span, -1 for none (nil: no span)
	linked [][]int32
	filled []bool  // by span: its legs' row was filled once
	legs   []leg   // by span × column
	vn     []int32 // by column: the VNet of its address for far, -1 none, -2 near every class
	// near marks, by span × column, the columns near every class of the
	// span: in a VNet the span's VNets are linked to, or near every class.
	near []bool
	// A class's own legs (towards near columns, or where the span's reads
	// its VNet): in own while the class has fewer than ownDense, then in a
	// row of its own (rows[class]).
	own   map[int64]*leg
	owned []int32
	rows  [][]leg
	// The appliances of legUnreachable (by leg.next): address, VNet index
	// (-1 none) and the ending's index + 1 by sending VNet (made on first
	// use).
	targets []target
	byAddr  map[netip.Addr]int32
	// walks holds, by span × column, the walks the span's sources share
	// (spanWalk).
	walks []spanWalk
}

// spanWalk is a walk from a source of a span towards a column far from it,
// as every source of the span walks it (classes.spanWalk): the source's
// own leg is the span's, and the rest reads the source only in the
// source questions and the visited NICs. state: 0 not yet resolved, 1
// shared, 2 not shared (each source's kept by pair).
type spanWalk struct {
	w     uint64 // the walk, packed as classes.walk keeps it
	state uint8
	// first: the first leg asks the source question (of the source's own
	// VNet), answered in.
	first, in bool
	// later holds the NICs visited after the source (nLater of them), with
	// Deps their lookups' routes (route, classes.gen), ask the VNets the
	// later legs ask about (nAsk) and ans the answers.
	nLater, nAsk uint8
	later        [4]int32
	route        [4]int32
	ask          [4]int32
	ans          [4]bool
}

// target is an appliance a span's leg finds out of reach.
type target struct {
	addr netip.Addr
	vnet int32
	ends []int32
}

// ownDense is how many own legs a class of a span keeps in a map before
// it keeps them in a row.
const ownDense = 16

// has reports whether class ci is in a span.
func (s *spans) has(ci int32) bool { return s.of != nil && s.of[ci] >= 0 }

// spanKey is what a span's classes have alike.
type spanKey struct {
	user, gw *route.Layer
	rt, svc  string
	nsg      bool
	links    string // the VNet's links: each remote's index and the peering into it
}

// maxIrregular bounds the prefixes near every class (overlapping ranges,
// synced copies, private endpoints) with which spans are kept.
const maxIrregular = 256

// makeSpans groups the classes into spans of at least two classes and, if
// any, marks each column's VNet (spans.vn). overlapping lists the VNet
// ranges that overlap another.
func (c *classes) makeSpans(overlapping []netip.Prefix) {
	keys := make([]spanKey, len(c.cls))
	ok := make([]bool, len(c.cls))
	count := map[spanKey]int{}
	links := map[int32]string{}
	for ci := range c.cls {
		keys[ci], ok[ci] = c.spanKeyOf(int32(ci), links)
		if ok[ci] {
			count[keys[ci]]++
		}
	}
	s := &c.spans
	id := map[spanKey]int32{}
	of := make([]int32, len(c.cls))
	found := false
	for ci := range c.cls {
		of[ci] = -1
		if !ok[ci] || count[keys[ci]] < 2 {
			continue
		}
		g, seen := id[keys[ci]]
		if !seen {
			g = int32(len(s.linked))
			id[keys[ci]] = g
			s.linked = append(s.linked, c.linkedTo(c.cls[ci].vnet))
			c.stats.Spans++
		}
		of[ci] = g
		c.stats.SpanClasses++
		found = true
	}
	if !found {
		return
	}
	irregular := append(overlapping, c.syncedAndEndpoints(of)...)
	if len(irregular) > maxIrregular {
		c.stats.Spans, c.stats.SpanClasses = 0, 0
		return
	}
	s.of = of
	s.filled = make([]bool, len(s.linked))
	s.legs = make([]leg, len(s.linked)*len(c.nics))
	s.own = map[int64]*leg{}
	s.owned = make([]int32, len(c.cls))
	s.rows = make([][]leg, len(c.cls))
	n := len(c.nics)
	s.vn = make([]int32, n)
	for j := range c.nics {
		s.vn[j] = -2
		col := c.column(int32(j))
		if col.fast && !slices.ContainsFunc(irregular, func(p netip.Prefix) bool { return p.Contains(col.nic.IP) }) {
			s.vn[j] = col.vnet
		}
	}
	s.walks = make([]spanWalk, len(s.linked)*n)
	s.near = make([]bool, len(s.linked)*n)
	for g, linked := range s.linked {
		for j, v := range s.vn {
			_, in := slices.BinarySearch(linked, v)
			s.near[g*n+j] = v == -2 || v >= 0 && in
		}
	}
}

// spanKeyOf is class ci's span key; ok is false when the class may be in
// no span: it has no route table of stacked layers or no VNet, or its VNet
// links to itself. links memoizes the VNets' links, by VNet index.
func (c *classes) spanKeyOf(ci int32, links map[int32]string) (_ spanKey, ok bool) {
	k := &c.cls[ci]
	if k.subnet == nil || k.table == nil || k.vnet < 0 || k.table.UserLayer() == nil && k.table.Layer() == nil {
		return spanKey{}, false // a linear table (the naive plane) names no layer
	}
	ls, seen := links[k.vnet]
	if !seen {
		ls, ok = c.linkKey(k.vnet)
		if !ok {
			ls = "\x00self"
		}
		links[k.vnet] = ls
	}
	if ls == "\x00self" {
		return spanKey{}, false
	}
	return spanKey{user: k.table.UserLayer(), gw: k.table.Layer(), rt: k.subnet.RouteTable,
		svc: strings.Join(k.subnet.ServiceEndpoints, "\x00"), nsg: k.nsg, links: ls}, true
}

// linkKey encodes VNet v's links: each remote VNet's index and the peering
// from v into it (peeringOf), in the links' order; ok is false when a link
// joins v to itself or to no VNet of the plane.
func (c *classes) linkKey(v int32) (string, bool) {
	var b []byte
	for l := range c.p.LinksOf(c.vnets[v].ID) {
		r, ok := c.vnIx[l.Remote]
		if !ok || r == v {
			return "", false
		}
		pv := c.peeringOf(v, r)
		b = binary.LittleEndian.AppendUint32(b, uint32(r))
		b = append(b, flag(pv.linked)|flag(pv.pass)<<1|flag(pv.passOut)<<2|flag(pv.global)<<3)
	}
	return string(b), true
}

// flag is 1 for true.
func flag(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// linkedTo lists the indexes of the VNets v has links to, sorted.
func (c *classes) linkedTo(v int32) []int32 {
	var out []int32
	for l := range c.p.LinksOf(c.vnets[v].ID) {
		out = append(out, c.vnIx[l.Remote])
	}
	slices.Sort(out)
	return out
}

// overlappingRanges lists every VNet range that overlaps another VNet's
// range (or another of its own): sorted by address, a range overlapping
// an earlier one lies inside it, and so inside the last range that lay
// inside no earlier one.
func (c *classes) overlappingRanges() []netip.Prefix {
	all := make([]netip.Prefix, 0, len(c.vnets)) // a range a VNet, most often

	for _, v := range c.vnets {
		for _, p := range v.Prefixes {
			all = append(all, p.Masked())
		}
	}
	slices.SortFunc(all, func(a, b netip.Prefix) int {
		if x := a.Addr().Compare(b.Addr()); x != 0 {
			return x
		}
		return cmp.Compare(a.Bits(), b.Bits())
	})
	var out []netip.Prefix
	top, marked := netip.Prefix{}, false
	for _, p := range all {
		if top.IsValid() && top.Bits() <= p.Bits() && top.Contains(p.Addr()) {
			if !marked {
				out = append(out, top)
				marked = true
			}
			out = append(out, p)
			continue
		}
		top, marked = p, false
	}
	return out
}

// syncedAndEndpoints lists the prefixes whose addresses a span's class may
// route by its VNet although their VNet seems far: the synced copies of a
// remote address space held by the links of the spans' VNets (with the
// remote's actual ranges), and every private endpoint's address.
func (c *classes) syncedAndEndpoints(of []int32) []netip.Prefix {
	var out []netip.Prefix
	seen := map[int32]bool{}
	for ci, g := range of {
		v := c.cls[ci].vnet
		if g < 0 || seen[v] {
			continue
		}
		seen[v] = true
		for l := range c.p.LinksOf(c.vnets[v].ID) {
			if l.Self.RemoteAddressSpace == nil {
				continue
			}
			for _, s := range l.Self.RemoteAddressSpace.AddressPrefixes {
				if p, ok := dataplane.ParsePrefix(s); ok {
					out = append(out, p)
				}
			}
			if r, ok := c.p.VNet(l.Remote); ok {
				out = append(out, r.Prefixes...)
			}
		}
	}
	for _, id := range c.p.PrivateEndpoints() {
		if e, ok := c.p.PrivateEndpoint(id); ok && e.IP.IsValid() {
			out = append(out, netip.PrefixFrom(e.IP.Unmap(), e.IP.Unmap().BitLen()))
		}
	}
	return out
}

// far reports whether column j is far from class ci, of a span, in VNet
// index vnet: its address is in no VNet, or in one that is neither ci's
// nor linked to it.
func (s *spans) far(ci int32, vnet int32, j int32) bool {
	return !s.near[int(s.of[ci])*len(s.vn)+int(j)] && s.vn[j] != vnet
}

// spanLegAt returns the leg of class ci, in a span, towards column j: the
// span's when j is far from ci and the span's leg reads no VNet of its
// own (an appliance out of reach is, unless it is in ci's VNet), else the
// class's own (ownLeg).
func (c *classes) spanLegAt(ci, j int32) *leg {
	s := &c.spans
	v := c.cls[ci].vnet
	if s.far(ci, v, j) {
		g := s.of[ci]
		l := &s.legs[int(g)*len(c.nics)+int(j)]
		if l.state == legUnset {
			c.fillSpan(ci, j)
		}
		if l.state != legPerClass && (l.state != legUnreachable || s.targets[l.next].vnet != v) {
			return l
		}
	}
	return c.ownLeg(ci, j)
}

// ownLeg returns class ci's own leg towards column j, computing it on
// first use: kept in a map while the class has few, then in a row of its
// own (a leg already in the map is copied there).
func (c *classes) ownLeg(ci, j int32) *leg {
	s := &c.spans
	row := s.rows[ci]
	if row == nil && s.owned[ci] < ownDense {
		n := len(s.own)
		l := c.sparseLeg(s.own, ci, j)
		if len(s.own) > n {
			s.owned[ci]++
		}
		return l
	}
	if row == nil {
		row = make([]leg, len(c.nics))
		s.rows[ci] = row
	}
	l := &row[j]
	if l.state == legUnset {
		if m := s.own[int64(ci)<<32|int64(j)]; m != nil {
			*l = *m
		} else {
			*l, _ = c.move(ci, j)
			c.stats.Legs++
		}
	}
	return l
}

// fillSpan computes the span legs of class ci's span: at the span's first
// use, towards every column far from ci that a leg can answer (fast), else
// towards column j alone (a column near the class that filled the row).
func (c *classes) fillSpan(ci, j int32) {
	s := &c.spans
	g := s.of[ci]
	row := s.legs[int(g)*len(c.nics) : int(g+1)*len(c.nics)]
	if s.filled[g] {
		row[j] = c.spanMove(ci, j)
		return
	}
	s.filled[g] = true
	v := c.cls[ci].vnet
	for k := range row {
		if row[k].state == legUnset && c.cols[k].fast && s.far(ci, v, int32(k)) {
			row[k] = c.spanMove(ci, int32(k))
		}
	}
}

// spanMove is class ci's move towards column j, far from it, as its span's
// leg. A move that reads ci's VNet is one by a route to an appliance in
// that VNet or out of its reach: from the VNet of any other class of the
// span the appliance is out of reach (its VNet, if any, is linked to none
// of theirs: the span's VNets have links to the same VNets, none to
// itself), which the span's leg says (legUnreachable); a class in the
// appliance's VNet reads its own (spanLegAt). Any other (not reached
// towards a far column) is legPerClass.
func (c *classes) spanMove(ci, j int32) leg {
	l, local := c.move(ci, j)
	c.stats.Legs++
	if !local {
		return l
	}
	k := &c.cls[ci]
	e, ok := k.table.Lookup(c.cols[j].nic.IP) // the move's route
	if !ok || e.NextHop != route.VirtualAppliance {
		return leg{state: legPerClass}
	}
	u := leg{state: legUnreachable, next: c.targetOf(e.NextHopIP), sawNSG: k.nsg, routeIx: -1}
	if c.deps {
		u.routeIx = c.routeOf(k.table, e)
	}
	return u
}

// targetOf is the index of appliance address a in spans.targets, added
// if new.
func (c *classes) targetOf(a netip.Addr) int32 {
	s := &c.spans
	if t, ok := s.byAddr[a]; ok {
		return t
	}
	if s.byAddr == nil {
		s.byAddr = map[netip.Addr]int32{}
	}
	t := int32(len(s.targets))
	s.targets = append(s.targets, target{addr: a, vnet: c.vnetAt(a)})
	s.byAddr[a] = t
	return t
}

// unreachableEnd is the index in c.ends of the drop of a packet sent from
// VNet index v to appliance t (spans.targets) out of its reach.
func (c *classes) unreachableEnd(t, v int32) int32 {
	tg := &c.spans.targets[t]
	if tg.ends == nil {
		tg.ends = make([]int32, len(c.vnets))
	}
	if tg.ends[v] == 0 {
		tg.ends[v] = c.endOf(endKey{kind: trace.DroppedApplianceUnreachable, target: tg.addr, vnet: v})
	}
	return tg.ends[v] - 1
}

// spanWalk returns the walk from NIC s to column t (s ≠ t) as its span
// keeps it, when s's class is in a span, t is far from it and s's walk is
// the span's: the walk the span keeps — delivered or ended, its first leg
// the span's and not naming its source (an Internet exit, an appliance out
// of reach), visiting at most four NICs after its source — asks s's
// source questions with the answers it got. ok is false otherwise. (That
// s is none of the NICs after the source follows — a walk that came back
// to a class of the span would take the span's leg again and loop — but
// is checked as resolve checks the visited NICs.)
func (c *classes) spanWalk(s, t int32) (_ uint64, ok bool) {
	sp := &c.spans
	ci := c.class[s]
	v := c.sendV[s]
	if !sp.has(ci) || !c.cols[t].fast || c.cols[t].nic.IP == c.nics[s].IP || !sp.far(ci, v, t) {
		return 0, false
	}
	k := int(sp.of[ci])*len(c.nics) + int(t)
	rec := &sp.walks[k]
	if rec.state == 0 && !c.keepSpanWalk(rec, s, t) {
		return 0, false
	}
	if rec.state != 1 || rec.first && c.srcIn(v, s) != rec.in {
		return 0, false
	}
	for i := range rec.nLater {
		if rec.later[i] == s {
			return 0, false
		}
	}
	for i := range rec.nAsk {
		if c.srcIn(rec.ask[i], s) != rec.ans[i] {
			return 0, false
		}
	}
	return rec.w, true
}

// keepSpanWalk resolves the walk from s to t, far from s's class, into
// rec: shared (state 1) when the span's other sources may read it, else
// not (2). It reports false, leaving rec unset, when s reads a leg of its
// own (another source resolves it).
func (c *classes) keepSpanWalk(rec *spanWalk, s, t int32) bool {
	sp := &c.spans
	ci := c.class[s]
	k := int(sp.of[ci])*len(c.nics) + int(t)
	if c.legAt(ci, t) != &sp.legs[k] {
		return false
	}
	first := sp.legs[k]
	cell := c.lookups // with deps, the cell's being gathered: the walk's go to scratch
	c.lookups = c.scratch[:0]
	reads := len(c.reads) // likewise its questions (gatewaylegs.go), dropped
	rec.w = c.resolved(s, t)
	c.scratch, c.lookups, c.reads = c.lookups, cell, c.reads[:reads]
	rec.state = 2
	later := c.visited[0][1:]
	switch {
	case walkEnd(rec.w&3) == endUnknown, len(later) > len(rec.later), c.gwLegs.used[0]: // a gateway leg's questions are the cell's own
		return true // walked in full anyway; few walks are longer
	case first.state == legInternet, first.state == legUnreachable:
		return true // its ending names the source NIC or VNet (and a class in the appliance's VNet reads its own leg)
	}
	rec.first = first.crossed
	if rec.first {
		rec.in = c.srcIn(c.sendV[s], s)
	}
	for i, n := range later {
		rec.later[rec.nLater] = n
		if c.deps {
			rec.route[rec.nLater] = c.scratch[1+i].route
		}
		rec.nLater++
		if c.legAt(c.class[n], t).crossed {
			rec.ask[rec.nAsk], rec.ans[rec.nAsk] = c.sendV[n], c.srcIn(c.sendV[n], s)
			rec.nAsk++
		}
	}
	rec.state = 1
	return true
}

// spanLookups appends to c.lookups the lookups of NIC s's walk to column t
// as its span keeps it (spanWalk ok): s's own, by the span's leg, then
// those of the NICs after it.
func (c *classes) spanLookups(s, t int32) {
	sp := &c.spans
	k := int(sp.of[c.class[s]])*len(c.nics) + int(t)
	rec := &sp.walks[k]
	c.lookups = append(c.lookups, packedLookup{nic: s, route: sp.legs[k].routeIx})
	for i := range rec.nLater {
		c.lookups = append(c.lookups, packedLookup{nic: rec.later[i], route: rec.route[i]})
	}
}
