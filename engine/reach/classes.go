package reach

import (
	"net/netip"
	"slices"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// Class sharing: the matrix's cells are made of legs that many cells share.
//
// A walk moves a packet from NIC to NIC; each move (one iteration of
// trace's walk: the route lookup at the current NIC, then the cross to the
// NIC that receives the packet) reads the current NIC's subnet (its table,
// VNet and NSG), its NIC NSG, the destination address, the plane's
// peering links and the receiving NIC, and asks one question about the
// packet's source address: is it inside the current VNet (rule:peering.allow-forwarded-traffic)? So NICs
// with the same subnet and NIC NSG (a source class, classKey) move a packet
// for a destination alike, and that move, a leg, is computed once per
// (class, destination column) and shared by every walk that moves through a
// NIC of the class: the first move of every source in the class, the later
// moves of every walk through an appliance of the class, and the return
// walks (a reply from column b to row a is a walk from b to a's address,
// the leg of (class of b, column a)). A whole matrix also shares legs
// across classes of different VNets (span.go): classes whose tables stack
// the same shared layers and whose VNets have the same peerings make the
// same move towards a column outside their VNets and their peers', once
// the source question asks about the sending class's own VNet.
//
// A cell is then answered from its legs (resolve): the source question is
// answered for the cell's own source address, the visited NICs checked
// (a walk that comes back to a NIC loops), the hop count bounded, and NSGs
// ruled out on the forward walk (they read the exact addresses and ports).
// The legs cover plain deliveries: VnetLocal, peering and VirtualAppliance
// routes, connected peerings whose flags let the packet through, NICs
// receiving it (no load balancer, no gateway). They also cover the drops
// that read nothing of the walk but the leg, which end a forward walk: a
// None route (trace.NoneRouteReason), a VirtualAppliance route to an
// address outside the VNet and its directly peered VNets
// (trace.ApplianceUnreachableReason) or, past a peering that lets the
// packet through, to an address where nothing is: no NIC, no load
// balancer, as when the appliance failed (trace.NoHostReason). An
// Internet route ends a forward walk too, as the egress of the NIC it
// leaves from says (trace.InternetExit: per NIC, not per class, so
// answered when a walk meets it). Anything else a leg meets — another
// drop, a gateway, a load balancer — marks the leg unknown, and a cell that meets an unknown leg, an NSG on its forward
// walk, a loop, an asymmetric stateful path or a reply that does not come
// back is walked in full by the trace.Walker instead. Every cell therefore
// equals RunWith's (TestClassesEqualPerCell*, FuzzReachClasses).

// legState is how far a leg was computed.
type legState uint8

const (
	legUnset       legState = iota
	legKnown                // a plain move: delivered or forwarded
	legEnds                 // a drop that reads nothing but the leg: ends a walk
	legInternet             // an Internet exit: ends a walk as its NIC's egress says
	legUnknown              // anything else: cells meeting it are walked in full
	legPerClass             // a span's leg that reads its class's VNet: each class computes its own (span.go)
	legUnreachable          // a span's leg to an appliance out of reach, which the drop's reason names with the sending VNet (span.go)
	legGateway              // into a virtual network gateway by route classes.routes[routeIx]: answered from kept parts (gatewaylegs.go)
)

// leg is one move of a packet from a NIC of a class towards a column's
// address: delivered to the column's NIC, forwarded by NIC next, dropped
// as classes.ends[next] says (legEnds), or sent to the Internet by route
// classes.routes[routeIx] (legInternet). When the move crossed a peering
// (crossed), the source question — is the source inside the VNet the
// packet leaves, the sending class's — lets the packet through when it is
// (passIn) or when it is not (passOut). sawNSG: an NSG sits on the sending
// or the receiving NIC (only the forward walk evaluates NSGs). A leg names
// no VNet of its own, so classes of different VNets may share it (span.go).
type leg struct {
	state           legState
	deliver         bool
	sawNSG          bool
	crossed         bool
	passIn, passOut bool
	next            int32 // NIC index, when forwarded
	routeIx         int32 // index of the looked-up route in classes.routes, with deps
}

// classKey is what one move reads of the NIC it starts from, besides its
// id (checked per cell through the visited NICs): the subnet (table, VNet,
// subnet NSG) and the NIC's own NSG.
type classKey struct {
	subnet *dataplane.Subnet
	nsg    string
}

// class is one source class.
type class struct {
	subnet *dataplane.Subnet
	table  *route.Table
	vnet   int32 // index into classes.vnets, -1 if unknown
	nsg    bool  // the subnet or the NIC has an NSG
}

// column is what a leg needs of a NIC column: its NIC, address and VNet.
type column struct {
	nic      *dataplane.NIC
	vnet     int32 // VNet index of the address, -1 if no VNet contains it
	fast     bool  // the address can be answered by legs (not a platform or IPv4-mapped address, and unique: legsAnswer)
	nsg      bool  // the NIC or its subnet has an NSG
	reason   string
	vnetSeen bool
}

// routeKey names a table's effective route: a table has one per prefix.
type routeKey struct {
	table  *route.Table
	prefix netip.Prefix
}

// crossKey memoizes the cross to an appliance: it depends on the VNet the
// packet leaves and the appliance address, not on the destination.
type crossKey struct {
	vnet   int32
	target netip.Addr
}

// crossing is a cross's outcome (see leg). end, when not ok, is 1 + the
// index in classes.ends of the drop that ends the walk there (0: walked
// in full). local: the outcome reads the sending VNet itself — the packet
// stayed in it, or its drop's reason names it — so a span's classes may
// not share it (span.go).
type crossing struct {
	ok              bool
	end             int32
	nic             *dataplane.NIC
	crossed         bool
	local           bool
	passIn, passOut bool
	nsg             bool
}

// classes answers matrix cells by class sharing, falling back to a
// trace.Walker. It is not safe for concurrent use and must not outlive its
// plane.
type classes struct {
	p     *dataplane.Plane
	flow  trace.Flow
	opts  trace.Options
	deps  bool
	w     *trace.Walker
	nics  []*dataplane.NIC // the NIC rows, in order
	nicIx map[*dataplane.NIC]int32
	class []int32 // per NIC: its class
	cls   []class
	vnets []*dataplane.VNet
	vnIx  map[string]int32
	vnPtr map[*dataplane.VNet]int32

	// Per NIC, for resolve: the VNet index of its class (sendV), the VNet
	// index holding its address (srcV, made on first use: srcUnknown, or
	// srcSlow when srcIn must read the ranges), and the index of its VM
	// among the stateful appliances' (stVM, -1 when not stateful).
	sendV, srcV, stVM []int32

	// peers holds peeringOf by VNet index pair (nil: not kept).
	peers []peering
	cols  []column // per NIC column
	// disjoint: no two VNet address ranges overlap, so an address lies in
	// the VNet VNetAt names and in no other (srcIn).
	disjoint bool
	// legs holds the legs by class × column, lazily filled: dense for a
	// whole matrix (by row[class] × column, for the classes in no span),
	// sparse (few cells walked again) for Tracked.Update.
	dense  bool
	row    []int32
	legs   []leg
	sparse map[int64]*leg
	// legSlab holds sparse legs, handed out in order (newLeg).
	legSlab []leg
	// spans shares dense legs across VNets (span.go).
	spans spans
	// memo keeps a whole matrix's walks from legs (walkmemo.go; nil with
	// deps or sparse legs), in chunks made on first write.
	memo   [][]uint64
	stIDs  map[string]uint32
	stSort []int32
	// scratch holds, with deps, the lookups of a walk a span keeps while
	// it is resolved (keepSpanWalk).
	scratch []packedLookup
	// gen holds the known legs' routes, each once (routeIx: by table and
	// prefix), and with deps the NICs' subnets and addresses: the tables
	// of the cells' packed lookups.
	gen     *lookupGen
	routeIx map[routeKey]int32
	// subnetAt names, with deps, an entry of gen for each subnet a walked
	// cell's packed lookups were made at (lookupSubnet); walkedLookups
	// holds the packed lookups of the cell walked last and walkedReads its
	// questions, idAt the index of each question's ID in gen.ids
	// (packWalked).
	subnetAt      map[string]genSubnet
	walkedLookups []packedLookup
	walkedReads   []packedRead
	idAt          map[string]int32
	crosses       map[crossKey]crossing
	// per-resolve buffers
	visited  [2][]int32
	stateful [2][]int32
	// lookups holds, with deps, the walks' lookups of the cell resolved
	// last: nf of the forward walk, then the return's; reads their
	// questions through gateway legs, the forward walk's first.
	lookups []packedLookup
	reads   []packedRead
	nf      int
	// gwLegs keeps the gateway legs' entries and parts (gatewaylegs.go).
	gwLegs gatewayLegs
	// ends holds the outcomes of the walks that end at a leg (legEnds,
	// legInternet), each once (endAt: by what makes them); ended is the
	// one resolve's walk ended with.
	ends  []ending
	endAt map[endKey]int32
	ended int32
	// inetAt remembers, by NIC index, the Internet exit a walk met there
	// last (internetEnd): most cells of a matrix whose spokes send each
	// other to the Internet end so, and endAt's key hashes slowly.
	inetAt []inetEnd
	// back holds, by index in ends, the reason of a cell whose reply ends
	// that way (made on first use: "" not yet).
	back  []string
	stats Sharing
	// out holds the dependencies of the cell answered last (answer).
	out cellDeps
}

// Sharing counts how a computation answered its cells: from shared legs
// (Fast) or by walking them in full (Walked), over how many source classes
// of how many NICs, computing how many legs (moves).
type Sharing struct {
	Fast, Walked  int
	Classes, NICs int
	Legs          int
	// Spans is how many spans (span.go) share legs, over SpanClasses of
	// the classes.
	Spans, SpanClasses int
}

// newClasses prepares class sharing over p for a matrix whose first rows
// and columns are p.NICs(), in order. With deps, cells carry their
// trace.Deps. With
// dense, the legs are stored for every class and column at once (a whole
// matrix); else only those used (a few cells).
func newClasses(p *dataplane.Plane, flow trace.Flow, opts trace.Options, deps, dense bool) *classes {
	ids, vnetIDs := p.NICs(), p.VNets()
	// The maps and lists by VNet and by NIC are made at their final size:
	// a patch makes new classes at each edit, and growing them was a
	// tenth of a failed circuit's classes.
	c := &classes{p: p, flow: flow, opts: opts, deps: deps, w: trace.NewWalker(p, opts, deps),
		nicIx: make(map[*dataplane.NIC]int32, len(ids)), vnIx: make(map[string]int32, len(vnetIDs)), vnPtr: make(map[*dataplane.VNet]int32, len(vnetIDs)),
		vnets: make([]*dataplane.VNet, 0, len(vnetIDs)), crosses: map[crossKey]crossing{}, routeIx: map[routeKey]int32{}, gen: &lookupGen{}}
	if deps {
		c.gen.subnet, c.gen.ip = make([]string, 0, len(ids)), make([]netip.Addr, 0, len(ids))
	}
	for _, id := range vnetIDs {
		v, _ := p.VNet(id)
		c.vnIx[id], c.vnPtr[v] = int32(len(c.vnets)), int32(len(c.vnets))
		c.vnets = append(c.vnets, v)
	}
	byKey := make(map[classKey]int32, len(ids)/2) // a class per subnet and NSG: most subnets hold one or two NICs
	c.cls = make([]class, 0, len(ids)/2)
	c.nics = make([]*dataplane.NIC, len(ids))
	c.class = make([]int32, len(ids))
	c.cols = make([]column, len(ids))
	for i, id := range ids {
		n, _ := p.NIC(id)
		c.nics[i] = n
		c.nicIx[n] = int32(i)
		sn, _ := p.Subnet(n.Subnet)
		k := classKey{subnet: sn, nsg: n.NSG}
		ci, ok := byKey[k]
		if !ok {
			ci = int32(len(c.cls))
			byKey[k] = ci
			c.cls = append(c.cls, c.newClass(sn, n))
		}
		c.class[i] = ci
		c.cols[i] = column{nic: n, fast: legsAnswer(p, n.IP), nsg: n.NSG != "" || sn != nil && sn.NSG != ""}
		if deps {
			c.gen.subnet, c.gen.ip = append(c.gen.subnet, n.Subnet), append(c.gen.ip, n.IP)
		}
	}
	overlapping := c.overlappingRanges()
	c.disjoint = len(overlapping) == 0
	c.dense = dense
	if dense {
		if len(c.vnets) <= maxDensePeerings && c.linkCount()*denseLinks >= len(c.vnets)*len(c.vnets) {
			c.peers = make([]peering, len(c.vnets)*len(c.vnets))
			c.fillPeers()
		}
		c.makeSpans(overlapping)
		c.denseRows()
		if !deps && len(ids) <= maxMemoNICs {
			c.memo = make([][]uint64, (len(ids)*(len(ids)-1)+memoChunk-1)/memoChunk)
		}
	} else {
		c.sparse = map[int64]*leg{}
	}
	c.perNIC()
	c.stats.Classes, c.stats.NICs = len(c.cls), len(ids)
	return c
}

// srcUnknown and srcSlow are classes.srcV's marks: not yet known, and
// srcIn reads the VNet's ranges.
const (
	srcUnknown = -3
	srcSlow    = -2
)

// perNIC fills what resolve reads per NIC (sendV, srcV, stVM).
func (c *classes) perNIC() {
	n := len(c.nics)
	c.sendV, c.srcV, c.stVM = make([]int32, n), make([]int32, n), make([]int32, n)
	vms := map[string]int32{}
	for i, nic := range c.nics {
		c.sendV[i] = c.cls[c.class[i]].vnet
		c.srcV[i] = srcUnknown
		c.stVM[i] = -1
		if nic.Stateful {
			v, ok := vms[nic.VM]
			if !ok {
				v = int32(len(vms))
				vms[nic.VM] = v
			}
			c.stVM[i] = v
		}
	}
}

// denseRows numbers the classes whose dense legs are stored by row (those
// in no span) and makes room for them.
func (c *classes) denseRows() {
	c.row = make([]int32, len(c.cls))
	rows := 0
	for ci := range c.cls {
		c.row[ci] = -1
		if !c.spans.has(int32(ci)) {
			c.row[ci] = int32(rows)
			rows++
		}
	}
	c.legs = make([]leg, rows*len(c.nics))
}

// newClass describes the class of NIC n in subnet sn.
func (c *classes) newClass(sn *dataplane.Subnet, n *dataplane.NIC) class {
	k := class{subnet: sn, vnet: -1, nsg: n.NSG != ""}
	if sn == nil {
		return k
	}
	k.table, _ = c.p.Routes(sn.ID)
	k.nsg = k.nsg || sn.NSG != ""
	if v, ok := c.vnIx[sn.VNet]; ok {
		k.vnet = v
	}
	return k
}

// vnetAt is the index of the VNet whose address space contains a
// (Plane.VNetAt), or -1.
func (c *classes) vnetAt(a netip.Addr) int32 {
	v, ok := c.p.VNetAt(a)
	if !ok {
		return -1
	}
	if i, ok := c.vnPtr[v]; ok {
		return i
	}
	return -1
}

// link is Plane.Link between VNet indexes local and remote.
func (c *classes) link(local, remote int32) *dataplane.Link {
	return c.p.Link(c.vnets[local].ID, c.vnets[remote].ID)
}

// platformAddress mirrors trace's host-platform addresses (rule:route-selection.platform-addresses-bypass-udrs, rule:nsg.platform-traffic),
// which walks answer before any route: such columns are always walked.
func platformAddress(a netip.Addr) bool {
	return a == netip.AddrFrom4([4]byte{168, 63, 129, 16}) || a == netip.AddrFrom4([4]byte{169, 254, 169, 254})
}

// legsAnswer reports whether legs may answer walks to address a (a
// column's, which is also the address of the replies from that column's
// cells): not a platform or IPv4-mapped address, and one that names the
// same place from every VNet (dataplane.Plane.AddressUnique). A leg takes
// an address for one host design-wide — the column's NIC, or what
// Plane.NICAt and Plane.VNetAt name — which an address two VNets' address
// spaces hold, or that NICs of two VNets have, is not
// (rule:address-space.private-ip-per-vnet): walks to it are walked in full,
// as trace.Run resolves it in the VNet its route delivers into.
func legsAnswer(p *dataplane.Plane, a netip.Addr) bool {
	return !platformAddress(a) && a == a.Unmap() && p.AddressUnique(a)
}

// column returns NIC column j with its VNet resolved.
func (c *classes) column(j int32) *column {
	col := &c.cols[j]
	if !col.vnetSeen {
		col.vnet = c.vnetAt(col.nic.IP)
		if c.dense { // a whole matrix walks to most columns: the walks' own, made once
			col.reason = c.w.DeliveredTo(col.nic)
		} else {
			col.reason = trace.DeliveredReason(col.nic)
		}
		col.vnetSeen = true
	}
	return col
}

// legAt returns the leg of class ci towards NIC column j, computing it
// on first use. With dense legs, a class's legs towards every column are
// computed together at the first use of one (fillLegs), and a span's
// class reads its span's legs (spanLegAt).
func (c *classes) legAt(ci, j int32) *leg {
	if c.dense {
		if c.spans.has(ci) {
			return c.spanLegAt(ci, j)
		}
		l := &c.legs[int(c.row[ci])*len(c.nics)+int(j)]
		if l.state == legUnset {
			c.fillLegs(ci)
		}
		return l
	}
	return c.sparseLeg(c.sparse, ci, j)
}

// sparseLeg returns the leg of class ci towards column j kept in m,
// computing it on first use.
func (c *classes) sparseLeg(m map[int64]*leg, ci, j int32) *leg {
	k := int64(ci)<<32 | int64(j)
	l := m[k]
	if l == nil {
		l = c.newLeg()
		m[k] = l
	}
	if l.state == legUnset {
		*l, _ = c.move(ci, j)
		c.stats.Legs++
	}
	return l
}

// newLeg returns a new unset leg, from a slab of legSlab legs: a patch
// computes a few hundred sparse legs, one allocation each before.
func (c *classes) newLeg() *leg {
	if len(c.legSlab) == cap(c.legSlab) { // a new slab: the legs handed out stay where they are
		c.legSlab = make([]leg, 0, legSlab)
	}
	c.legSlab = c.legSlab[:len(c.legSlab)+1]
	return &c.legSlab[len(c.legSlab)-1]
}

// legSlab is how many legs newLeg allocates at once.
const legSlab = 64

// expectCells sizes the sparse legs and the routes' index of classes made
// for a patch for about n cells answered (each reads a leg or two).
func (c *classes) expectCells(n int) {
	if c.dense || len(c.sparse) > 0 || len(c.routeIx) > 0 {
		return
	}
	c.sparse, c.routeIx = make(map[int64]*leg, n), make(map[routeKey]int32, n)
}

// fillLegs computes class ci's dense legs towards every column a leg can
// answer (fast): one class's moves look up one route table, which then
// stays in the processor's caches.
func (c *classes) fillLegs(ci int32) {
	r := int(c.row[ci])
	row := c.legs[r*len(c.nics) : (r+1)*len(c.nics)]
	for j := range row {
		if row[j].state == legUnset && c.cols[j].fast {
			row[j], _ = c.move(ci, int32(j))
			c.stats.Legs++
		}
	}
}

// move computes one move from class ci towards column j's address, as one
// iteration of trace's walk does (walkFrom, cross, crossPeering). local
// reports that the move read class ci's VNet beyond what a leg records
// (crossing.local): a span may not share it.
func (c *classes) move(ci, j int32) (_ leg, local bool) {
	unknown := leg{state: legUnknown}
	k := &c.cls[ci]
	col := c.column(j)
	if k.table == nil || k.vnet < 0 {
		return unknown, false
	}
	x := col.nic.IP
	e, ok := k.table.Lookup(x)
	if !ok {
		return unknown, false
	}
	var cr crossing
	switch e.NextHop {
	case route.None:
		cr = crossing{end: c.endOf(endKey{kind: trace.DroppedByNoneRoute, prefix: e.Prefix, origin: e.Origin})}
	case route.Internet: // trace.InternetExit: by the NIC's egress, known per NIC (resolve)
		if _, own := c.p.Edge().Entry(x); own { // a public address of the design: the walk comes back in (rule:internet-edge.hairpin)
			return unknown, false
		}
		return leg{state: legInternet, sawNSG: k.nsg, routeIx: c.routeOf(k.table, e)}, false
	case route.VirtualNetworkServiceEndpoint:
		return unknown, false
	case route.VirtualNetworkGateway: // gatewaylegs.go: what follows reads the sending VNet, not the class
		return leg{state: legGateway, sawNSG: k.nsg, routeIx: c.routeOf(k.table, e)}, false
	case route.VirtualAppliance:
		key := crossKey{vnet: k.vnet, target: e.NextHopIP}
		var seen bool
		if cr, seen = c.crosses[key]; !seen {
			cr = c.cross(k.vnet, e.NextHop, e.NextHopIP, c.vnetAt(e.NextHopIP), nil)
			c.crosses[key] = cr
		}
	default: // VnetLocal, VNetPeering, VNetGlobalPeering: to the destination
		cr = c.cross(k.vnet, e.NextHop, x, col.vnet, col)
	}
	if !cr.ok && cr.end == 0 {
		return unknown, cr.local
	}
	l := leg{state: legKnown, crossed: cr.crossed, passIn: cr.passIn, passOut: cr.passOut, sawNSG: k.nsg || cr.nsg, routeIx: -1}
	switch {
	case !cr.ok:
		l.state, l.next = legEnds, cr.end-1
	case cr.nic.IP == x:
		if cr.nic != col.nic {
			return unknown, cr.local
		}
		l.deliver = true
	case !cr.nic.IPForwarding || !cr.nic.GuestForwarding:
		return unknown, cr.local // dropped (rule:nva.ip-forwarding): walked in full
	default:
		nx, ok := c.nicIx[cr.nic]
		if !ok {
			return unknown, cr.local
		}
		l.next = nx
	}
	if c.deps {
		l.routeIx = c.routeOf(k.table, e)
	}
	return l, cr.local
}

// routeOf is the index in c.gen.routes of table's effective route e,
// kept once per table and prefix, and once for tables whose lookups find
// the same route a few lookups apart (recentRoute: the tables over one
// route table's layer, as a patch's walks between a hub and each spoke
// find the spokes' UDR, every other route they add).
func (c *classes) routeOf(table *route.Table, e route.Effective) int32 {
	rk := routeKey{table: table, prefix: e.Prefix}
	ix, ok := c.routeIx[rk]
	if !ok || *c.gen.routes.at(ix) != e {
		ix = c.recentRoute(e)
		if ix < 0 {
			ix = c.gen.routes.add(e)
		}
		c.routeIx[rk] = ix
	}
	return ix
}

// recentRoutes is how many of the last routes added routeOf compares a
// new one with.
const recentRoutes = 4

// recentRoute is the index of e among the last recentRoutes routes of
// c.gen, or -1.
func (c *classes) recentRoute(e route.Effective) int32 {
	for ix := int32(c.gen.routes.len()) - 1; ix >= 0 && ix >= int32(c.gen.routes.len())-recentRoutes; ix-- {
		if *c.gen.routes.at(ix) == e {
			return ix
		}
	}
	return -1
}

// ending is how a walk that ends at a leg ends.
type ending struct {
	disp   trace.Disposition
	reason string
}

// endKey is what makes an ending: its kind (a disposition) with the route
// (DroppedByNoneRoute), the target and VNet index
// (DroppedApplianceUnreachable), the target (DroppedNoHost), or the NIC
// index and route index (ExitsToInternet: trace.InternetExit, which may
// also drop).
type endKey struct {
	kind   trace.Disposition
	target netip.Addr
	vnet   int32
	prefix netip.Prefix
	origin route.Origin
	nic    int32
	route  int32
}

// endOf is 1 + the index in c.ends of ending k (crossing.end), made on
// first use.
func (c *classes) endOf(k endKey) int32 {
	if ix, ok := c.endAt[k]; ok {
		return ix + 1
	}
	d := ending{disp: k.kind}
	switch k.kind {
	case trace.ExitsToInternet:
		proto := c.flow.Protocol
		if proto == "" {
			proto = trace.DefaultProtocol
		}
		d.disp, d.reason = trace.InternetExit(c.p, c.nics[k.nic], *c.gen.routes.at(k.route), proto)
	case trace.DroppedByNoneRoute:
		d.reason = trace.NoneRouteReason(route.Effective{Route: route.Route{Prefix: k.prefix, Origin: k.origin}})
	case trace.DroppedApplianceUnreachable:
		d.reason = trace.ApplianceUnreachableReason(k.target, c.vnets[k.vnet].ID)
	default:
		d.reason = trace.NoHostReason(c.p, k.target)
	}
	if c.endAt == nil {
		c.endAt = map[endKey]int32{}
	}
	ix := int32(len(c.ends))
	c.ends = append(c.ends, d)
	c.endAt[k] = ix
	return ix + 1
}

// inetEnd is an Internet exit remembered at a NIC: route is 1 + the
// index of its route in c.gen.routes (0: none yet), end its index in
// c.ends.
type inetEnd struct{ route, end int32 }

// internetEnd is the index in c.ends of the Internet exit from NIC nic by
// route routeIx: endOf's ExitsToInternet ending, remembered per NIC for
// the route it was asked last.
func (c *classes) internetEnd(nic, routeIx int32) int32 {
	if c.inetAt == nil {
		c.inetAt = make([]inetEnd, len(c.nics))
	}
	e := &c.inetAt[nic]
	if e.route != routeIx+1 {
		*e = inetEnd{route: routeIx + 1, end: c.endOf(endKey{kind: trace.ExitsToInternet, nic: nic, route: routeIx}) - 1}
	}
	return e.end
}

// cross is trace's cross from VNet index from to target (in VNet index tv,
// -1 for none) by a route of kind hop, when it lets the packet through to
// a NIC; ok is false for every drop, load balancer and gateway, and end
// names the drop of an appliance out of reach, or of a packet let through
// to the target's VNet where no NIC or load balancer holds the target. The
// peering's forwarded-traffic rule depends on the source, so a cross of a
// peering is returned as crossed with both answers' outcomes. local: the
// outcome reads VNet from itself (the target is in it, or the drop of an
// appliance out of reach names it); otherwise it reads from only through
// the peering into tv. When target is NIC column col's address (col not
// nil), that NIC receives it: no load balancer has a NIC's address
// (dataplane.Build), and no other NIC an address a leg answers
// (legsAnswer). An appliance's address (col nil) that does not name one
// place (dataplane.Plane.AddressUnique) is left to the full walk.
func (c *classes) cross(from int32, hop route.NextHopType, target netip.Addr, tv int32, col *column) crossing {
	unreachable := func() crossing {
		return crossing{local: true, end: c.endOf(endKey{kind: trace.DroppedApplianceUnreachable, target: target, vnet: from})}
	}
	if col == nil && !c.p.AddressUnique(target) { // an appliance's address two VNets hold (legsAnswer): walked in full
		return crossing{}
	}
	if tv < 0 && hop == route.VirtualAppliance {
		return unreachable()
	}
	if tv < 0 || hop == route.VnetLocal && tv != from {
		return crossing{}
	}
	out := crossing{ok: true, local: tv == from}
	global := false
	if tv != from {
		pv := c.peeringOf(from, tv)
		if hop == route.VirtualAppliance && !pv.linked {
			return unreachable()
		}
		if !pv.pass {
			return crossing{}
		}
		global = pv.global
		out.crossed, out.passIn, out.passOut = true, true, pv.passOut
	}
	if col != nil {
		out.nic, out.nsg = col.nic, col.nsg
		return out
	}
	if global {
		if _, ok := c.p.LoadBalancerAt(target); ok {
			return crossing{}
		}
	}
	nic, ok := c.p.NICAt(target)
	if !ok {
		if _, lb := c.p.LoadBalancerAt(target); lb {
			return crossing{} // a load balancer frontend
		}
		out.ok, out.end = false, c.endOf(endKey{kind: trace.DroppedNoHost, target: target})
		return out
	}
	sn, _ := c.p.Subnet(nic.Subnet)
	out.nic, out.nsg = nic, nic.NSG != "" || sn != nil && sn.NSG != ""
	return out
}

// peering is what a packet crossing from one VNet into another reads of
// their peering links (trace's cross and crossPeering): linked, the
// sending VNet's link exists and is Connected (rule:route-selection.appliance-directly-reachable: needed to reach an
// appliance); pass, the receiving VNet's link exists, is Connected and
// allows virtual network access on both sides or the flags are read as
// tags only (rule:peering.link-states, rule:peering.allow-virtual-network-access); passOut, a packet whose source is outside the
// sending VNet passes too (rule:peering.allow-forwarded-traffic); global, the peering is global (rule:peering.basic-lb-global).
type peering struct {
	linked, pass, passOut, global bool
}

// maxDensePeerings bounds the VNets for which peerings are kept by VNet
// index pair for a whole matrix (at most 4 MiB).
const maxDensePeerings = 1024

// denseLinks: the peerings are kept by VNet index pair when at least one
// pair in denseLinks has a link (a mesh); else each is read from the
// plane's links when a move crosses one (few: legs are shared).
const denseLinks = 16

// linkCount is the number of peering links of the plane's VNets.
func (c *classes) linkCount() int {
	n := 0
	for _, v := range c.vnets {
		for range c.p.LinksOf(v.ID) {
			n++
		}
	}
	return n
}

// peeringOf returns the peering from VNet index from into to: read from the
// dense table when the matrix keeps one, else from the plane's two links.
func (c *classes) peeringOf(from, to int32) peering {
	if c.peers == nil {
		return c.peeringFrom(c.link(from, to), c.link(to, from))
	}
	return c.peers[int(from)*len(c.vnets)+int(to)]
}

// fillPeers fills the dense peering table from every VNet's links at once.
// A link from VNet i to r is the sending side of the peering i→r (linked,
// global) and the receiving side of r→i (pass, passOut); a pair without
// links stays the zero peering, which is peeringFrom(nil, nil). The VNets
// are indexed in id order and each VNet's links come sorted by remote id,
// so one merge per VNet finds the remotes' indexes.
func (c *classes) fillPeers() {
	nv := len(c.vnets)
	for i, v := range c.vnets {
		r := 0
		for l := range c.p.LinksOf(v.ID) {
			for r < nv && c.vnets[r].ID < l.Remote {
				r++
			}
			if r == nv || c.vnets[r].ID != l.Remote {
				continue // a link to no VNet of the plane: none is built
			}
			out := &c.peers[i*nv+r]
			out.linked, out.global = l.State == model.Connected, l.Global
			in := &c.peers[r*nv+i]
			in.pass, in.passOut = c.passes(l)
		}
	}
}

// peeringFrom is the peering whose sending VNet's link is out and whose
// receiving VNet's link is in (either nil when there is none).
func (c *classes) peeringFrom(out, in *dataplane.Link) peering {
	var pv peering
	if out != nil {
		pv.linked, pv.global = out.State == model.Connected, out.Global
	}
	if in != nil {
		pv.pass, pv.passOut = c.passes(in)
	}
	return pv
}

// passes reports whether a packet crosses into a VNet whose link is in
// (trace's crossPeering): pass when in is Connected and allows virtual
// network access on both sides, or the flags are read as tags only;
// passOut when a packet whose source is outside the sending VNet passes
// too.
func (c *classes) passes(in *dataplane.Link) (pass, passOut bool) {
	if in.State != model.Connected || !(in.Self.VirtualNetworkAccess() && in.Other.VirtualNetworkAccess() || c.opts.TagOnlyPeeringFlags) {
		return false, false
	}
	return true, in.Self.AllowForwardedTraffic || c.opts.TagOnlyPeeringFlags
}

// srcIn reports whether the address of NIC s lies in VNet index v
// (trace's srcInVNet): when it lies in one VNet's address space at most,
// whether v is the VNet holding it (VNetAt, which reads the address
// unmapped: so only for an address a leg can answer, fast). It does when
// no VNet ranges overlap, and when two VNets' spaces overlap, for an
// address a leg answers (legsAnswer: dataplane.Plane.AddressUnique, in a
// range only one VNet holds).
func (c *classes) srcIn(v, s int32) bool {
	sv := c.srcV[s]
	if sv == srcUnknown {
		sv = srcSlow
		if c.cols[s].fast && (c.disjoint || c.p.SpacesOverlap()) {
			sv = c.column(s).vnet
		}
		c.srcV[s] = sv
	}
	if sv != srcSlow {
		return sv == v
	}
	src := c.nics[s].IP
	return slices.ContainsFunc(c.vnets[v].Prefixes, func(pr netip.Prefix) bool { return pr.Contains(src) })
}

// walkEnd is how resolve's walk ended.
type walkEnd uint8

const (
	endUnknown   walkEnd = iota // not answered by legs: walked in full
	endDelivered                // delivered to the column's NIC
	endEnded                    // ended at a leg (legEnds, legInternet) as c.ends[c.ended] says
)

// resolve answers the walk from NIC s to NIC column j's address for a
// packet whose source is NIC src's address, from legs: delivered when every leg
// is known and the walk delivers to column j's NIC, ended when the
// walk ends at a leg (legEnds, legInternet). nsg reports that a leg of the
// walk met an NSG: a forward walk (which evaluates them) that did must be
// walked in full, a return walk ignores it. slot 0 holds the forward
// walk's buffers, slot 1 the return's. It leaves the stateful appliances
// in c.stateful[slot] and, with deps, appends the lookups to c.lookups.
func (c *classes) resolve(s, j, src int32, slot int) (_ walkEnd, nsg bool) {
	c.visited[slot], c.stateful[slot] = c.visited[slot][:0], c.stateful[slot][:0] // none for a walk left to trace, too (packWalk)
	x := c.cols[j].nic.IP
	if x == c.nics[s].IP || !c.cols[j].fast {
		return endUnknown, false
	}
	c.gwLegs.used[slot], c.gwLegs.readsFrom[slot] = false, len(c.reads)
	cur := s
	for n := 0; ; n++ {
		if n >= trace.MaxHops || slices.Contains(c.visited[slot], cur) {
			return endUnknown, nsg // a Loop: walked in full
		}
		c.visited[slot] = append(c.visited[slot], cur)
		l := c.legAt(c.class[cur], j)
		if l.state == legUnknown {
			return endUnknown, nsg
		}
		nsg = nsg || l.sawNSG
		if l.crossed { // the source question asks about the VNet the packet leaves
			if in := c.srcIn(c.sendV[cur], src); in && !l.passIn || !in && !l.passOut {
				return endUnknown, nsg
			}
		}
		if c.deps {
			c.lookups = append(c.lookups, packedLookup{nic: cur, route: l.routeIx})
		}
		switch l.state {
		case legEnds:
			c.ended = l.next
			return endEnded, nsg
		case legUnreachable:
			c.ended = c.unreachableEnd(l.next, c.sendV[cur])
			return endEnded, nsg
		case legInternet:
			c.ended = c.internetEnd(cur, l.routeIx)
			return endEnded, nsg
		case legGateway:
			return c.throughGateway(l, cur, j, src, n, slot), nsg
		}
		if l.deliver {
			return endDelivered, nsg
		}
		if vm := c.stVM[l.next]; vm >= 0 && !slices.Contains(c.stateful[slot], vm) {
			c.stateful[slot] = append(c.stateful[slot], vm)
		}
		cur = l.next
	}
}

// byLegs answers cell (row r, column j), both NICs, from legs: delivered
// when the forward walk delivers to j, the reply comes back to r and both
// pass the same stateful appliances; ended (dropped, or out to the
// Internet) when the forward walk ends at a leg; DroppedOnReturn when the
// forward walk delivers and the reply ends at a leg (rule:nva.per-direction-routing: each direction
// routed on its own). ok is false when the cell must be walked in full.
// With deps, c.lookups holds the walks' lookups.
func (c *classes) byLegs(r, j int32) (_ trace.Disposition, reason string, ok bool) {
	if c.memo != nil {
		return c.byMemo(r, j)
	}
	c.lookups, c.reads = c.lookups[:0], c.reads[:0]
	fw := c.walkDeps(r, j, 0)
	c.nf = len(c.lookups)
	return c.fromWalks(r, j, fw, true)
}

// walkDeps is the walk from NIC s to NIC column t with s's address as the
// source, packed as classes.walk keeps them, its lookups (with deps)
// appended to c.lookups: its span's when s shares it (spanWalk), else
// resolved with the buffers of slot.
func (c *classes) walkDeps(s, t int32, slot int) uint64 {
	if c.spans.walks != nil && s != t {
		if w, ok := c.spanWalk(s, t); ok {
			if c.deps {
				c.spanLookups(s, t)
			}
			return w
		}
	}
	end, nsg := c.resolve(s, t, s, slot)
	return c.packWalk(end, nsg, c.stateful[slot])
}

// backReason is the reason of a cell whose request is delivered and whose
// reply ends as c.ends[i] says: trace.Run's DroppedOnReturn, kept once per
// ending.
func (c *classes) backReason(i int32) string {
	if len(c.back) < len(c.ends) {
		c.back = append(c.back, make([]string, len(c.ends)-len(c.back))...)
	}
	if c.back[i] == "" {
		c.back[i] = trace.ReturnDroppedReason(c.ends[i].reason)
	}
	return c.back[i]
}

// cell answers the cell from row r (id from) to column j (id to) of a
// matrix whose first len(c.nics) rows and columns are the NICs: from legs
// when it can, else by walking it in full. The cellDeps is c's until
// the next cell.
func (c *classes) cell(r, j int, from, to string) (Cell, cellDeps) {
	o, d := c.answer(r, j, from, to)
	return Cell{From: from, To: to, Disposition: o.disp, Reason: o.reason}, *d
}

// answer is cell's outcome and dependencies, which are c's until the next
// cell: what a tracked matrix stores of the cell (its endpoints are the
// row's and the column's), without building the Cell.
func (c *classes) answer(r, j int, from, to string) (outcome, *cellDeps) {
	nics := c.isNICs(r, j, from, to)
	if nics {
		if disp, reason, ok := c.byLegs(int32(r), int32(j)); ok {
			c.stats.Fast++
			c.out = cellDeps{}
			if c.deps {
				c.out = cellDeps{gen: c.gen, packed: c.lookups, nf: c.nf, reads: c.reads}
			}
			return outcome{reason: reason, disp: disp}, &c.out
		}
	}
	c.stats.Walked++
	f := cellFlow(c.p, c.flow, from, to)
	if c.deps {
		disp, why, deps := walkedDeps(c.p, c.w, f, to)
		c.out = cellDeps{full: deps}
		if nics {
			if d, ok := c.packWalked(int32(r), int32(j), deps); ok {
				c.out = d
			}
		}
		return outcome{reason: why, disp: disp}, &c.out
	}
	d, why := c.walked(f, to)
	c.out = cellDeps{}
	return outcome{reason: why, disp: d}, &c.out
}

// walked is the outcome of the cell of flow f (cellFlow's) to endpoint
// to, walked by the trace.Walker: its disposition and reason, read
// through Landed when VNets' address spaces overlap (walkCell).
func (c *classes) walked(f trace.Flow, to string) (trace.Disposition, string) {
	if !c.p.SpacesOverlap() { // every address names one NIC: Landed is the walk's own
		return c.w.Outcome(f)
	}
	return Landed(c.p, c.w.Run(f), to)
}

// walkedDeps is the outcome of the cell of flow f (cellFlow's) to
// endpoint to, walked by w over p, with the walks' Deps (w's until its
// next walk, as trace.Walker.RunDeps says): read through Landed when
// VNets' address spaces overlap, as classes.walked.
func walkedDeps(p *dataplane.Plane, w *trace.Walker, f trace.Flow, to string) (trace.Disposition, string, trace.Deps) {
	if !p.SpacesOverlap() {
		return w.RunDeps(f)
	}
	t := w.Run(f)
	d, why := Landed(p, t, to)
	return d, why, t.Deps()
}

// packWalked is the packed form (depstore.go) of d, the Deps of the walks
// of cell (row r, column j), both NICs: when they are not Opaque and not
// BGP, every lookup found a route, and the lookups are of the column's
// address (the forward walk's), then of the row's (the return's), the two
// addresses differing. ok is false otherwise (the cell is kept in full).
// Its lookups are c's until the next cell, its questions d's.
func (c *classes) packWalked(r, j int32, d trace.Deps) (_ cellDeps, ok bool) {
	dst, src := c.nics[j].IP, c.nics[r].IP
	if d.Opaque || d.BGP || dst == src || len(d.Lookups) > 2*maxPackedWalk {
		return cellDeps{}, false
	}
	nf := 0
	for nf < len(d.Lookups) && d.Lookups[nf].Dst == dst {
		nf++
	}
	if nf > maxPackedWalk || len(d.Lookups)-nf > maxPackedWalk {
		return cellDeps{}, false
	}
	c.walkedLookups = c.walkedLookups[:0]
	for k := range d.Lookups {
		l := &d.Lookups[k]
		if !l.Found || k >= nf && l.Dst != src {
			return cellDeps{}, false
		}
		ix, table := c.lookupSubnet(l.Subnet)
		c.walkedLookups = append(c.walkedLookups, packedLookup{nic: ix, route: c.routeOf(table, l.Route)})
	}
	c.walkedReads = c.walkedReads[:0]
	for _, q := range d.Hybrid {
		pr := packedRead{id: c.idOf(q.ID), kind: q.Kind}
		switch q.Addr {
		case netip.Addr{}:
		case dst:
			pr.addr = addrDst
		case src:
			pr.addr = addrSrc
		default:
			return cellDeps{}, false
		}
		c.walkedReads = append(c.walkedReads, pr)
	}
	return cellDeps{gen: c.gen, packed: c.walkedLookups, nf: nf, reads: c.walkedReads}, true
}

// idOf is the index of id in c.gen.ids, added on first use.
func (c *classes) idOf(id string) int32 {
	ix, ok := c.idAt[id]
	if !ok {
		if c.idAt == nil {
			c.idAt = map[string]int32{}
		}
		ix = int32(len(c.gen.ids))
		c.gen.ids = append(c.gen.ids, id)
		c.idAt[id] = ix
	}
	return ix
}

// maxPackedWalk bounds a packed walk's lookups (cellRef's nf and nr).
const maxPackedWalk = 255

// lookupSubnet is the index in c.gen of an entry whose subnet is id (a NIC
// of the matrix in it, else an entry past the NICs', added with no
// address) and id's route table.
func (c *classes) lookupSubnet(id string) (int32, *route.Table) {
	if e, ok := c.subnetAt[id]; ok {
		return e.ix, e.table
	}
	if c.subnetAt == nil {
		c.subnetAt = map[string]genSubnet{}
		for i, sn := range c.gen.subnet {
			if _, ok := c.subnetAt[sn]; !ok {
				t, _ := c.p.Routes(sn)
				c.subnetAt[sn] = genSubnet{ix: int32(i), table: t}
			}
		}
		if e, ok := c.subnetAt[id]; ok {
			return e.ix, e.table
		}
	}
	t, _ := c.p.Routes(id)
	e := genSubnet{ix: int32(len(c.gen.subnet)), table: t}
	c.gen.subnet, c.gen.ip = append(c.gen.subnet, id), append(c.gen.ip, netip.Addr{})
	c.subnetAt[id] = e
	return e.ix, e.table
}

// genSubnet is an entry of c.gen for a subnet, and its route table.
type genSubnet struct {
	ix    int32
	table *route.Table
}

// outcome is cell's disposition and reason without its Deps (classes made
// without deps): what a whole matrix stores.
func (c *classes) outcome(r, j int, from, to string) (trace.Disposition, string) {
	return c.outcomeOf(r, j, from, to, c.isNICs(r, j, from, to))
}

// outcomeOf is outcome when whether row r and column j are the NICs from
// and to is known (nics).
func (c *classes) outcomeOf(r, j int, from, to string, nics bool) (trace.Disposition, string) {
	if nics {
		if disp, reason, ok := c.byLegs(int32(r), int32(j)); ok {
			c.stats.Fast++
			return disp, reason
		}
	}
	c.stats.Walked++
	return c.walked(cellFlow(c.p, c.flow, from, to), to)
}

// outcomeIn is outcome for the cells of a matrix whose first rows and
// columns are c's NICs, in order (aligned).
func (c *classes) outcomeIn(r, j int, from, to string) (trace.Disposition, string) {
	return c.outcomeOf(r, j, from, to, r < len(c.nics) && j < len(c.nics))
}

// aligned reports whether endpoints starts with c's NICs, in order.
func (c *classes) aligned(endpoints []string) bool {
	if len(endpoints) < len(c.nics) {
		return false
	}
	for i, n := range c.nics {
		if endpoints[i] != n.ID {
			return false
		}
	}
	return true
}

// isNICs reports whether row r and column j are the NIC rows and columns
// from and to.
func (c *classes) isNICs(r, j int, from, to string) bool {
	return r < len(c.nics) && j < len(c.nics) && c.nics[r].ID == from && c.nics[j].ID == to
}
