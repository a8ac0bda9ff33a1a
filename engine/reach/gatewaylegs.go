package reach

import (
	"net/netip"
	"slices"

	"vnetplay/engine/trace"
)

// Gateway legs: a move whose route sends the packet into a virtual network
// gateway (next hop VirtualNetworkGateway: spoke to spoke through the
// hub's VPN gateway) is a leg too (legGateway). It reads nothing of the
// NIC it starts from but its class's route (the leg's), so a span shares
// it like any leg towards a far column; what follows reads the sending
// VNet and the destination, and is kept twice:
//
//   - the entry (gwEntry), per route and sending VNet: which gateway the
//     packet enters and the questions to the hybrid control plane that
//     asks (trace.Walker.GatewayEntry: the VNet's VPN gateway, the
//     gateway's speaker), or that it does not enter one that is up;
//   - the part from the gateway on (gwPart), per gateway, forced or not,
//     and column: the trace.Walker's kept gateway suffix
//     (trace.Walker.GatewayPart), its NICs, source questions, lookups and
//     questions translated once to the matrix's indexes and packed forms.
//
// resolve answers a walk that meets a gateway leg from the two when the
// part delivers to the walk's column's NIC and continues the walk as
// trace's gwSuffix.fits checks (the hop count and budget, no NIC of the
// walk visited again, the source questions answered alike for the walk's
// source): it appends the walk's lookups (the leg's, then the part's) and
// its questions (the entry's, then the part's, each once per walk, as
// trace's walkResult.read records them). Anything else — a part that is
// not kept (it read an NSG, a site, Route Server...), ends otherwise or
// does not fit — leaves the cell to the trace.Walker. The part is asked
// with NSGs evaluated: kept, it met none, so a reply (which evaluates
// none) walks it alike. A walk through a gateway leg is never a span's
// kept walk (keepSpanWalk): its questions are the cell's own.

// gwEntry is a kept trace.Walker.GatewayEntry: the gateway (its index in
// classes.gwIDs), whether a UDR chose it, and its questions packed.
type gwEntry struct {
	ok     bool
	gw     int32
	forced bool
	reads  []packedRead
}

// gwPart is a kept trace.Walker.GatewayPart towards one column, in the
// matrix's terms: ok when it delivers to the column's NIC and may be
// spliced at all; fits when the walk entered the gateway at iteration n.
type gwPart struct {
	ok      bool
	part    trace.GatewayPart
	visited []int32 // the matrix NICs it walked through
	ask     []int32 // the VNets its source questions ask about (-1: none)
	ans     []bool
	st      []int32 // its stateful appliances (classes.stVM)
	lookups []packedLookup
	reads   []packedRead
}

// gatewayLegs holds the kept entries and parts of a classes: the entries
// by route index and sending VNet index (last: per VNet index, the entry
// read last, which the next walk from that VNet most likely reads again),
// the parts by gateway and forced (2·gw + 1 when forced), then column.
type gatewayLegs struct {
	entries map[int64]*gwEntry
	last    []lastEntry
	parts   [][]*gwPart
	ids     map[string]int32
	names   []string
	qs      []trace.SrcQuestion
	// readsFrom is where the current walk's questions start in
	// classes.reads, per resolve slot; used, whether the walk met a
	// gateway leg.
	readsFrom [2]int
	used      [2]bool
}

// lastEntry is the entry a VNet's walk read last, and its route index.
type lastEntry struct {
	routeIx int32
	e       *gwEntry
}

// entryAt is the kept entry of a walk whose gateway leg looked up route
// routeIx at a NIC of VNet index v.
func (c *classes) entryAt(routeIx, v int32) *gwEntry {
	g := &c.gwLegs
	if g.last == nil {
		g.last = make([]lastEntry, len(c.vnets))
	}
	if l := g.last[v]; l.e != nil && l.routeIx == routeIx {
		return l.e
	}
	k := int64(routeIx)<<32 | int64(uint32(v))
	if e, ok := g.entries[k]; ok {
		g.last[v] = lastEntry{routeIx: routeIx, e: e}
		return e
	}
	e := &gwEntry{}
	gw, forced, reads, ok := c.w.GatewayEntry(*c.gen.routes.at(routeIx), c.vnets[v].ID)
	if ok {
		e.ok, e.gw, e.forced = true, c.gatewayID(gw), forced
		for _, q := range reads {
			if q.Addr.IsValid() { // the entry asks about no address
				e.ok = false
				break
			}
			e.reads = append(e.reads, packedRead{id: c.idOf(q.ID), kind: q.Kind})
		}
	}
	if g.entries == nil {
		g.entries = map[int64]*gwEntry{}
	}
	g.entries[k] = e
	g.last[v] = lastEntry{routeIx: routeIx, e: e}
	return e
}

// gatewayID is the index of gateway id in c.gwLegs.names, added if new.
func (c *classes) gatewayID(id string) int32 {
	g := &c.gwLegs
	ix, ok := g.ids[id]
	if !ok {
		if g.ids == nil {
			g.ids = map[string]int32{}
		}
		ix = int32(len(g.names))
		g.names = append(g.names, id)
		g.ids[id] = ix
	}
	return ix
}

// partAt is the kept part of walks entering entry e's gateway towards
// column t, walked (by the trace.Walker) on first use by a walk whose
// source is NIC src.
func (c *classes) partAt(e *gwEntry, t, src int32) *gwPart {
	g := &c.gwLegs
	k := 2 * int(e.gw)
	if e.forced {
		k++
	}
	if k >= len(g.parts) {
		g.parts = append(g.parts, make([][]*gwPart, k+1-len(g.parts))...)
	}
	if g.parts[k] == nil {
		g.parts[k] = make([]*gwPart, len(c.nics))
	}
	p := g.parts[k][t]
	if p == nil {
		p = c.makePart(e, t, src)
		g.parts[k][t] = p
	}
	return p
}

// makePart asks the trace.Walker for the part of entry e towards column t
// (as a walk from NIC src would first) and translates it.
func (c *classes) makePart(e *gwEntry, t, src int32) *gwPart {
	col := c.cols[t].nic
	f := c.flow
	f.Src, f.SrcIP, f.DstIP = c.nics[src].ID, c.nics[src].IP, col.IP
	if f.Protocol == "" { // as trace's runTrace completes a flow
		f.Protocol = trace.DefaultProtocol
	}
	if f.DstPort == 0 {
		f.DstPort = trace.DefaultDstPort
	}
	if f.SrcPort == 0 {
		f.SrcPort = trace.DefaultSrcPort
	}
	part, reusable := c.w.GatewayPart(c.gwLegs.names[e.gw], f, e.forced, true)
	p := &gwPart{part: part}
	disp, _, dst := part.Outcome()
	if !reusable || disp != trace.Delivered || dst != col {
		return p
	}
	for _, id := range part.Visited() {
		n, ok := c.p.NIC(id)
		if !ok {
			continue // the gateway's stand-in: no walk of the matrix visits it
		}
		ix, ok := c.nicIx[n]
		if !ok {
			return p
		}
		p.visited = append(p.visited, ix)
		if vm := c.stVM[ix]; vm >= 0 && !slices.Contains(p.st, vm) {
			p.st = append(p.st, vm)
		}
	}
	if len(p.st) != len(part.Stateful()) {
		return p
	}
	g := &c.gwLegs
	g.qs = part.SrcQuestions(g.qs[:0])
	for _, q := range g.qs {
		v := int32(-1)
		if q.VNet != nil {
			ix, ok := c.vnPtr[q.VNet]
			if !ok {
				return p
			}
			v = ix
		}
		p.ask, p.ans = append(p.ask, v), append(p.ans, q.In)
	}
	if c.deps {
		for _, l := range part.Lookups() {
			if !l.Found || l.Dst != col.IP {
				return p
			}
			ix, table := c.lookupSubnet(l.Subnet)
			p.lookups = append(p.lookups, packedLookup{nic: ix, route: c.routeOf(table, l.Route)})
		}
		for _, q := range part.Hybrid() {
			pr := packedRead{id: c.idOf(q.ID), kind: q.Kind}
			switch q.Addr {
			case netip.Addr{}:
			case col.IP:
				pr.addr = addrDst
			default:
				return p
			}
			p.reads = append(p.reads, pr)
		}
	}
	p.ok = true
	return p
}

// throughGateway answers the walk (resolve's, slot) from NIC src's address
// to column t that met gateway leg l at NIC cur, its n-th: delivered when
// the entry enters an up gateway and the kept part fits; else unknown.
// With deps, it appends the part's lookups and the walk's questions (slot
// 1 is a cell's reply, whose destination is the cell's source: byLegs).
func (c *classes) throughGateway(l *leg, cur, t, src int32, n int, slot int) walkEnd {
	c.gwLegs.used[slot] = true
	e := c.entryAt(l.routeIx, c.sendV[cur])
	if !e.ok {
		return endUnknown
	}
	p := c.partAt(e, t, src)
	if !p.ok || !p.part.FitsAfter(n) {
		return endUnknown
	}
	for _, v := range p.visited {
		if slices.Contains(c.visited[slot], v) {
			return endUnknown
		}
	}
	for i, v := range p.ask {
		if (v >= 0 && c.srcIn(v, src)) != p.ans[i] {
			return endUnknown
		}
	}
	for _, vm := range p.st {
		if !slices.Contains(c.stateful[slot], vm) {
			c.stateful[slot] = append(c.stateful[slot], vm)
		}
	}
	if c.deps {
		c.lookups = append(c.lookups, p.lookups...)
		for _, q := range e.reads {
			c.readOnce(q, slot)
		}
		for _, q := range p.reads {
			if slot == 1 && q.addr == addrDst {
				q.addr = addrSrc // the reply's destination is the cell's source
			}
			c.readOnce(q, slot)
		}
	}
	return endDelivered
}

// readOnce appends question q to c.reads unless the walk of slot asked it
// already (trace's walkResult.read).
func (c *classes) readOnce(q packedRead, slot int) {
	if !slices.Contains(c.reads[c.gwLegs.readsFrom[slot]:], q) {
		c.reads = append(c.reads, q)
	}
}
