package reach

import (
	"maps"
	"math/bits"
	"net/netip"
	"slices"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// Tracked is a reachability matrix together with what each cell's packet
// walk read, so that Update can recompute only the cells an edit can
// change. Build one with ComputeTracked; it is immutable, and so is its
// Matrix: a Tracked made by Update shares every row of the Matrix in which
// no cell changed, and the chunks of Deps no walk changed, with the one it
// was updated from (copy on write), and never writes them.
type Tracked struct {
	Matrix *Matrix
	plane  *dataplane.Plane
	flow   trace.Flow
	opts   trace.Options
	deps   depStore // one per cell, in the Matrix's row-major order
	// fragile lists, in order, the cells whose walk read more than route
	// lookups (Deps.Opaque or Deps.BGP).
	fragile []int32
	sharing Sharing
	hops    hopSet // applianceHops
}

// Sharing is how the computation that made t answered the cells it
// computed (Update: the cells it walked again).
func (t *Tracked) Sharing() Sharing { return t.sharing }

// CellDeps is what cell i's walks read (the Deps of trace.RunWith for that
// cell; i is the cell's row-major index, as in Matrix.Cell).
func (t *Tracked) CellDeps(i int) trace.Deps { return t.deps.at(i) }

// Delta counts the work Update did.
type Delta struct {
	Traced  int // cells walked again
	Reused  int // cells kept from the previous matrix
	Lookups int // route lookups spent checking reused cells
	Changed int // cells whose disposition or reason changed
	// Skipped counts the reused cells kept without checking a lookup: no
	// changed prefix contains either endpoint (see Update).
	Skipped int
}

// ComputeTracked is ComputeWith that also records each cell's dependencies.
// Its Matrix equals ComputeWith(p, flow, opts).
func ComputeTracked(p *dataplane.Plane, flow trace.Flow, opts trace.Options) *Tracked {
	t, _ := track(p, flow, opts, nil, false, nil)
	return t
}

// Flow is the flow the matrix was computed for (Src and DstIP unset: they
// are set per cell).
func (t *Tracked) Flow() trace.Flow { return t.flow }

// Update returns the tracked matrix of next, a plane of the same design
// after an edit. The result equals ComputeTracked(next, …) with the same
// flow and options (TestTrackedUpdateEqualsCompute). When next has the same
// structure as the previous plane (dataplane.ChangedLinks finds no
// changed link), a cell whose
// walk was not Opaque and whose every recorded route lookup gets the same
// answer in next is kept; every other cell is walked again. Complexity:
// O(cells × lookups per cell) plus the walks of the affected cells.
//
// A walk that is not Opaque looks up only its destination (forward) and its
// source (return). So when every subnet's table changed by a known list of
// prefixes (route.ChangedOwnPrefixes, ChangedLayerPrefixes), a cell with neither endpoint address
// inside any of them is kept without looking at its lookups (Delta.Skipped):
// a UDR edit then costs O(cells) cheap checks plus the affected rows and
// columns. A walk that read the hybrid control plane is kept so too when
// both planes share their BGP result and no link changed (mustVisit).
//
// When only peering links changed (dataplane.ChangedLinks: a peering
// flag, state or new peering), a cell is also walked again if one of its
// recorded hops moved between a pair of VNets whose link changed in what
// a crossing reads (dataplane.CrossedLinks: not a gateway-transit flag or
// a synced address space, which change only route tables and the hybrid
// control plane); the others are checked as above. Unless some cell's
// appliance hop crossed such a pair whose VNets hold neither of that
// cell's endpoints, only the rows and columns of the endpoints in those
// pairs' VNets (and of those inside changed prefixes) are visited,
// besides the fragile cells (appliancehops.go).
func (t *Tracked) Update(next *dataplane.Plane) (*Tracked, Delta) {
	pairs, ok := dataplane.ChangedLinks(t.plane, next)
	if !ok || len(pairs) == 0 {
		pairs = nil
	}
	if pairs != nil && (t.plane.SpacesOverlap() || next.SpacesOverlap()) {
		// Which VNet a walk to an address two VNets hold delivers into
		// reads peering links no crossing records
		// (dataplane.Plane.VNetFrom): when a link changed, every cell is
		// computed again. Other edits keep the cells whose Deps hold:
		// with the same structure and links, VNetFrom and the lookups by
		// VNet answer as before.
		ok, pairs = false, nil
	}
	return track(next, t.flow, t.opts, t, ok, pairs)
}

// track computes the matrix of p. With reuse, it keeps the cells of prev
// (same structure, hence the same rows and columns) whose dependencies
// still hold; prev, if any, is also what Delta.Changed compares with, and
// every row equal to prev's row at the same place is prev's row, shared.
// With links, only the structure's peering links changed, at those VNet
// pairs.
func track(p *dataplane.Plane, flow trace.Flow, opts trace.Options, prev *Tracked, reuse bool, links map[[2]string]bool) (*Tracked, Delta) {
	nics := p.Endpoints()
	m := newMatrix(nics, append(append([]string(nil), nics...), Internet))
	out := &Tracked{Matrix: m, plane: p, flow: flow, opts: opts}
	n := len(nics) * len(nics) // cells: the diagonal is left out, Internet added
	var ch *changes
	if reuse {
		// bySubnet grows as subnets are asked about: endpoints reads the
		// tables by position when the subnets are the same, and a patch's
		// checks ask about a few subnets (presized for all, it was 39 KB
		// of a failed circuit's edit).
		ch = &changes{old: prev.plane, new: p, bySubnet: map[string]subnetChange{}, links: links}
		if links != nil {
			ch.crossed = dataplane.CrossedLinks(prev.plane, p, links)
		}
		sameCells := prev.Matrix.Len() == n && slices.Equal(prev.Matrix.Rows, nics)
		touched := ch.endpoints(m.Cols)
		if touched != nil && ch.crossed != nil {
			// See appliancehops.go.
			if !sameCells || prev.crossesAppliances(ch.crossed) {
				touched = nil
			} else {
				ch.touchLinked(touched, m.Cols, ch.crossed)
			}
		}
		if touched != nil && sameCells {
			todo := patchCells(len(nics), touched, prev.mustVisit(ch))
			if len(ch.bySubnet) == 0 { // the checks ask about the subnets of the visited cells' NICs, at most one each
				ch.bySubnet = make(map[string]subnetChange, min(len(todo), len(nics)))
			}
			var dense *classes // the classes the checks' spans read, if made
			if len(todo) >= n/denseShare {
				ch.spanClasses = func() *classes {
					dense = newClasses(p, flow, opts, true, true)
					return dense
				}
			}
			t, d, walked := out.patch(prev, ch, todo, func(redo int) *classes {
				// Legs are dense (every class's towards every column, made
				// at a class's first use) when much of the matrix is
				// answered again, as after a UDR covering every endpoint.
				// The checks' classes, made dense, read only their tables
				// and spans: when spans hold most classes, their legs are
				// few (a span's row of legs serves all its classes), fewer
				// than sparse legs one by one for a patch of ~30,000 cells.
				if dense != nil && (redo >= n/denseShare || dense.spanned()) {
					return dense
				}
				c := newClasses(p, flow, opts, true, redo >= n/denseShare)
				c.expectCells(redo)
				return c
			})
			if links != nil { // the next edit of the links starts from these
				h := newHopScanner(t, maps.Clone(prev.applianceHops()))
				for _, i := range walked {
					h.cell(i)
				}
				t.hops.once.Do(func() { t.hops.set = h.s.set })
			}
			return t, d
		}
	}
	k := &tracker{out: out, prev: prev, ch: ch, cls: newClasses(p, flow, opts, true, !reuse)}
	k.aligned = prev != nil && prev.Matrix.Len() == n && slices.Equal(prev.Matrix.Rows, m.Rows) && slices.Equal(prev.Matrix.Cols, m.Cols)
	if prev != nil && !k.aligned {
		k.rowAt, k.colAt = placesIn(prev.Matrix.Rows, m.Rows), placesIn(prev.Matrix.Cols, m.Cols)
	}
	out.deps = newDepStore(n, len(nics))
	if ch != nil { // prev's cells kept keep their lookup tables' indices
		out.deps.gens = slices.Clip(prev.deps.gens)
	}
	k.fill()
	out.deps.dropUnused()
	out.sharing = k.cls.stats
	return out, k.d
}

// tracker fills a Tracked's matrix cell by cell in row-major order,
// keeping prev's cell where its dependencies still hold (ch set: reuse)
// and answering the others with cls.
type tracker struct {
	out  *Tracked
	prev *Tracked // nil: none
	ch   *changes // nil: nothing reused
	cls  *classes
	d    Delta
	// aligned: prev's matrix has the same rows and columns, so its cell i
	// is the same pair as the new one's. Else rowAt and colAt give, by
	// prev's row and column, the new row and column of that endpoint (-1:
	// none), when the new ones are distinct (nil: compare the names).
	aligned      bool
	rowAt, colAt []int32
}

// placesIn is, for each of olds, its index in news (-1 when absent); nil
// when news holds a name twice.
func placesIn(olds, news []string) []int32 {
	at := make(map[string]int32, len(news))
	for i, id := range news {
		if _, dup := at[id]; dup {
			return nil
		}
		at[id] = int32(i)
	}
	out := make([]int32, len(olds))
	for i, id := range olds {
		out[i] = -1
		if j, ok := at[id]; ok {
			out[i] = j
		}
	}
	return out
}

// fill computes every row of k.out's matrix; a row equal to prev's row at
// the same place is prev's (rowBuilder).
func (k *tracker) fill() {
	m := k.out.Matrix
	var b rowBuilder
	i := 0
	for r, from := range m.Rows {
		b.start(prevRow(k.prev, r), len(m.Cols)-1)
		for j, to := range m.Cols {
			if to == from {
				continue
			}
			o, deps := k.answer(i, r, j, from, to)
			b.add(o)
			if deps == nil {
				k.out.keepFrom(k.prev, i)
			} else {
				k.out.keep(i, deps)
			}
			i++
		}
		m.cells = append(m.cells, b.row())
	}
}

// answer is cell i's outcome (row r, column j, from → to) and its
// dependencies: prev's cell i (deps nil: reused) when it is the same pair
// and, with reuse, its recorded lookups still hold; else computed again
// (deps the classes' until the next cell).
func (k *tracker) answer(i, r, j int, from, to string) (_ outcome, deps *cellDeps) {
	var old outcome
	same := false
	switch {
	case k.aligned: // the same pair: prev's outcome read in place
		w := k.prev.Matrix.width()
		old, same = k.prev.Matrix.cells[i/w].at(i%w), true
	case k.rowAt != nil && k.colAt != nil && i < k.prev.Matrix.Len(): // the pair compared by place
		w := k.prev.Matrix.width()
		pr, pk := i/w, i%w
		pj := pk
		if pj >= pr {
			pj++ // the diagonal is left out
		}
		old, same = k.prev.Matrix.cells[pr].at(pk), k.rowAt[pr] == int32(r) && k.colAt[pj] == int32(j)
	case k.prev != nil && i < k.prev.Matrix.Len():
		c := k.prev.Matrix.Cell(i)
		old, same = outcomeOf(c), c.From == from && c.To == to
	}
	if k.ch != nil && same {
		v := k.prev.deps.view(i)
		n, ok := k.ch.holds(&v)
		k.d.Lookups += n
		if ok {
			k.d.Reused++
			return old, nil
		}
	}
	o, deps := k.cls.answer(r, j, from, to)
	k.d.Traced++
	if k.prev != nil && (!same || old != o) {
		k.d.Changed++
	}
	return o, deps
}

// prevRow is row r of prev's matrix, or an empty row when prev is nil or
// has no such row.
func prevRow(prev *Tracked, r int) cellRow {
	if prev == nil || r >= len(prev.Matrix.cells) {
		return cellRow{}
	}
	return prev.Matrix.cells[r]
}

// keep records cell i's dependencies (cells are kept in order), listing
// it as fragile when its walk read more than route lookups.
func (t *Tracked) keep(i int, deps *cellDeps) {
	if deps.fragile() {
		t.fragile = append(t.fragile, int32(i))
	}
	t.deps.add(deps)
}

// keepFrom records cell i's dependencies as prev's cell i.
func (t *Tracked) keepFrom(prev *Tracked, i int) {
	if prev.deps.view(i).fragile() {
		t.fragile = append(t.fragile, int32(i))
	}
	t.deps.copyFrom(&prev.deps, i)
}

// mustVisit lists the fragile cells a patch visits whatever the changed
// prefixes: the Opaque ones, and those that read the hybrid control plane
// when the planes do not share their BGP result or peering links changed.
// A walk that read the BGP result looked up, like every walk, only its
// destination (forward) and its source (return) (trace's walk records a
// lookup of its flow's destination alone), so with the same BGP result and
// the same links it is visited only when an endpoint is touched, as a
// plain walk is.
func (t *Tracked) mustVisit(ch *changes) []int32 {
	if ch.links != nil || ch.old.BGP() != ch.new.BGP() {
		return t.fragile
	}
	var out []int32
	for _, i := range t.fragile {
		if t.deps.view(int(i)).opaque() {
			out = append(out, i)
		}
	}
	return out
}

// denseShare: a patch answering at least 1/denseShare of the cells again
// computes its legs densely.
const denseShare = 8

// patch is track when every changed route is known by prefix, visiting
// the cells todo (patchCells: the rows and columns of the endpoints whose
// address one of the changed prefixes contains, and the fragile cells
// mustVisit lists):
// it starts from prev and visits only those, since every other cell's walk looked up
// only its two untouched endpoints in tables that answer them as before.
// The result shares every row of prev's matrix in which no cell changed
// (cowRows: a changed cell copies its block and its row's list of blocks,
// or its whole row when most cells are walked again), and prev's chunks of Deps
// until one of their cells reads differently (depStore); neither is ever
// written once returned. walked lists the cells it walked again, which
// it answers with the classes newClasses makes for the number of them
// whose walk read only route lookups (the others, through gateways,
// meet few legs), made at the first cell between two NICs
// (patchAnswerer).
func (t *Tracked) patch(prev *Tracked, ch *changes, todo []int, newClasses func(cells int) *classes) (_ *Tracked, _ Delta, walked []int) {
	var d Delta
	m := t.Matrix
	t.deps = prev.deps.share()
	width := len(m.Rows) // cells per row: every column but its own, Internet added
	plain := 0           // walked cells that read only route lookups: legs may answer them
	chk := newChecker(len(todo), prev.Matrix.Len())
	walked = make([]int, 0, len(todo)) // most visited cells are walked again after a UDR every walk reads
	for _, i := range todo {
		ref := t.deps.ref(i)
		packed := ref.kind != refWalked
		if !packed || chk.check() {
			deps := t.deps.view(i)
			n, ok := ch.holds(&deps)
			d.Lookups += n
			if packed {
				chk.result(ok)
			}
			if ok {
				continue
			}
		}
		walked = append(walked, i)
		if !t.deps.fragileAt(i, ref) {
			plain++
		}
	}
	rows := shareRows(prev.Matrix.cells, len(walked)*2 >= prev.Matrix.Len()) // most cells walked again: rows copied whole
	cls := &patchAnswerer{p: t.plane, flow: t.flow, opts: t.opts, classes: func() *classes { return newClasses(plain) }}
	var build *depBuilder // a store built anew when much is answered again
	if len(walked)*denseRebuild >= prev.deps.n {
		build = newDepBuilder(&prev.deps)
	}
	var fresh []int32 // the walked cells whose new walk is fragile, in order
	for _, i := range walked {
		r, k := i/width, i%width
		old := rows.rows[r].at(k)
		j := k
		if j >= r {
			j++ // the diagonal is left out
		}
		o, deps := cls.answer(r, j, m.Rows[r], m.Cols[j])
		d.Traced++
		if o != old {
			d.Changed++
			rows.set(r, k, o)
		}
		if deps.fragile() {
			fresh = append(fresh, int32(i))
		}
		if build != nil {
			build.put(i, deps)
		} else if !t.deps.view(i).same(*deps) {
			t.deps.set(i, deps)
		}
	}
	if build != nil {
		t.deps = build.finish()
	}
	m.cells = rows.rows
	// Fragile cells: prev's (those not walked again are as they were) and
	// the walked ones whose new walk is, in order.
	t.fragile = mergeFragile(prev.fragile, walked, fresh)
	t.deps.dropUnused()
	d.Reused = m.Len() - d.Traced
	d.Skipped = m.Len() - len(todo)
	t.sharing = cls.stats()
	return t, d, walked
}

// checker decides, along a patch's visited cells answered from legs
// (packed), whether to check a cell's recorded lookups (changes.holds)
// or to answer it again at once. In a patch that visits most of the
// matrix, when nine checks in ten fail — an edit that changes what most
// visited cells read, such as a UDR every spoke-to-spoke walk looks up —
// a check costs a lookup on top of the answer: then only one cell in
// checkEvery is checked, until a window of checks fails less. Such a
// patch computes its legs densely, so a cell answered again that would
// have held costs about as much as answering the others; in a patch that
// visits fewer cells, legs are computed one at a time (several times a
// check's cost): every cell is checked. Skipping a check never changes an
// answer (the cell is answered again); the choices depend only on the
// cells, in order.
type checker struct {
	on                    bool
	checked, failed, seen int
	skipping              bool
}

const (
	checkWindow = 256 // checks between two decisions
	checkEvery  = 16  // while skipping, one cell in checkEvery is checked
)

// newChecker is the checker of a patch visiting visits of cells cells.
func newChecker(visits, cells int) checker { return checker{on: visits*2 >= cells} }

// check reports whether the next cell is to be checked.
func (c *checker) check() bool {
	c.seen++
	return !c.skipping || c.seen%checkEvery == 0
}

// result records whether a check found the cell's lookups held.
func (c *checker) result(held bool) {
	c.checked++
	if !held {
		c.failed++
	}
	if c.checked == checkWindow {
		c.skipping = c.on && c.failed*10 >= c.checked*9
		c.checked, c.failed = 0, 0
	}
}

// mergeFragile lists in order the fragile cells after a patch: those of
// prev (sorted) that it did not walk again (walked, sorted) — a cell
// visited but kept reads what it read — and fresh (sorted), the walked
// cells whose new walk is fragile.
func mergeFragile(prev []int32, walked []int, fresh []int32) []int32 {
	out := make([]int32, 0, len(prev)+len(fresh))
	w, f := 0, 0
	for _, i := range prev {
		for w < len(walked) && walked[w] < int(i) {
			w++
		}
		if w < len(walked) && walked[w] == int(i) {
			continue // walked again: fresh says
		}
		for f < len(fresh) && fresh[f] < i {
			out = append(out, fresh[f])
			f++
		}
		out = append(out, i)
	}
	return append(out, fresh[f:]...)
}

// patchCells lists, in row-major order and each once, the cells patch
// visits in a matrix of rows endpoints (rows × rows cells): every cell in
// the row or the column of a touched endpoint (touched is by column,
// Internet last), and the cells fragile lists.
func patchCells(rows int, touched []bool, fragile []int32) []int {
	at := func(r, c int) int { // the diagonal is left out
		if c > r {
			c--
		}
		return r*rows + c
	}
	visit := make([]uint64, (rows*rows+63)/64) // a bit per cell (a flag per cell was 10 KB an edit at 100 VNets)
	n := 0
	add := func(i int) {
		if w, b := i/64, uint64(1)<<(i%64); visit[w]&b == 0 {
			visit[w] |= b
			n++
		}
	}
	for c, hit := range touched {
		if !hit {
			continue
		}
		for r := range rows {
			if r != c {
				add(at(r, c))
			}
			if c < rows && r != c { // the row of endpoint c
				add(at(c, r))
			}
		}
		if c < rows {
			add(at(c, rows)) // its Internet cell
		}
	}
	for _, i := range fragile {
		add(int(i))
	}
	todo := make([]int, 0, n) // in order: read off the marks
	for w, v := range visit {
		for v != 0 {
			todo = append(todo, w*64+bits.TrailingZeros64(v))
			v &= v - 1
		}
	}
	return todo
}

// changes answers, per subnet, whether a lookup recorded on the old plane
// gets the same answer on the new one.
type changes struct {
	old, new *dataplane.Plane
	bySubnet map[string]subnetChange
	byTables map[[2]*route.Table]subnetChange // by (old, new) table
	byLayers map[[2]*route.Layer]*prefixSet   // by (old, new) gateway layer
	// links, when set, are the VNet pairs whose peering link changed;
	// crossed, those of them whose link changed in what a walk crossing
	// it reads (dataplane.CrossedLinks; nil: none). A walk moves between
	// VNets through lookups (crossesChanged), and reads the rest of a
	// link (gateway transit, through the hybrid control plane) only
	// through the questions it recorded, asked again whenever links
	// changed (mustVisit).
	links   map[[2]string]bool
	crossed map[[2]string]bool
	// vnetAt memoizes oldVNetAt ("": no VNet).
	vnetAt map[netip.Addr]string
	// ownSets holds each distinct set of changed own prefixes once (by
	// content): the subnets of one route table share it.
	ownSets map[string]*prefixSet
	// nics memoizes, for packed lookups, each NIC's subnet change and
	// whether a NIC's address lies in changed prefixes (nicMemo).
	nics map[*lookupGen]*nicMemo
	last *nicMemo
	// hybridSame memoizes hybridHolds' answers, by question; packed
	// those of packed cells' questions, as packed (hybridmemo.go).
	hybridSame questionMemo
	packed     *packedMemo
	diff       *trace.HybridDiff // sameAnswer's (hybridmemo.go)
	// spanClasses, when set, makes the classes of the new plane whose
	// spans answer a visited cell's lookups once per span and column
	// (checkspan.go), at the first lookup; spans is their memo (nil: none).
	spanClasses func() *classes
	spans       *spanChecks
}

// spanLookup is spanChecks.lookup, the memo made at its first use when
// the patch wants one.
func (c *changes) spanLookup(g *lookupGen, nic, dst int32, table *route.Table) (*checkAnswer, bool) {
	if c.spanClasses != nil {
		c.spans = newSpanChecks(c.spanClasses())
		c.spanClasses = nil
	}
	if c.spans == nil {
		return nil, false
	}
	return c.spans.lookup(g, nic, dst, table)
}

// nicMemo is what a patch learnt of one lookup table's NICs: by NIC index,
// its subnet's change (subnet) and, per pair of changed-prefix sets,
// whether its address lies in them (changedAt).
type nicMemo struct {
	g         *lookupGen
	subnet    []nicSubnet
	changedAt map[[2]*prefixSet][]int8 // 0 not known, 1 no, 2 yes
	// vnet holds, by NIC index, its address's VNet on the old plane
	// (oldVNetOf; nil until asked).
	vnet []nicVNet
	// lastKey and lastAt are the entry of changedAt used last.
	lastKey [2]*prefixSet
	lastAt  []int8
}

// nicSubnet is a NIC's subnet change, once known (set).
type nicSubnet struct {
	sc      subnetChange
	ok, set bool
}

// memoOf is the memo of lookup table g.
func (c *changes) memoOf(g *lookupGen) *nicMemo {
	if c.last != nil && c.last.g == g {
		return c.last
	}
	m := c.nics[g]
	if m == nil {
		if c.nics == nil {
			c.nics = map[*lookupGen]*nicMemo{}
		}
		m = &nicMemo{g: g, subnet: make([]nicSubnet, len(g.subnet)), changedAt: map[[2]*prefixSet][]int8{}}
		c.nics[g] = m
	}
	c.last = m
	return m
}

// subnetOfNIC is c.subnet of the subnet of g's NIC nic, kept in m (sc
// is not to be modified).
func (c *changes) subnetOfNIC(m *nicMemo, nic int32) (sc *subnetChange, ok bool) {
	s := &m.subnet[nic]
	if !s.set {
		s.sc, s.ok = c.subnet(m.g.subnet[nic])
		s.set = true
	}
	return &s.sc, s.ok
}

// changedAtNIC is sc.changed(the address of g's NIC nic).
func (m *nicMemo) changedAtNIC(sc *subnetChange, nic int32) bool {
	if !sc.cheap {
		return true
	}
	k := [2]*prefixSet{sc.own, sc.layer}
	at := m.lastAt
	if k != m.lastKey || at == nil { // the subnets of one table share k
		if at = m.changedAt[k]; at == nil {
			at = make([]int8, len(m.g.ip))
			m.changedAt[k] = at
		}
		m.lastKey, m.lastAt = k, at
	}
	if at[nic] == 0 {
		at[nic] = 1
		if sc.changed(m.g.ip[nic]) {
			at[nic] = 2
		}
	}
	return at[nic] == 2
}

// crossesChanged reports whether the hop that made a lookup of dst that
// found route r (found) moved the packet between a pair of VNets whose
// link changed in what a crossing reads (c.crossed):
// from the lookup's subnet's VNet to the VNet of its target (the
// appliance for VirtualAppliance routes, else the destination), as
// trace's walk does. sc is the lookup's subnet's change (c.subnet), which
// knows the subnet's VNet on the old plane.
func (c *changes) crossesChanged(dst netip.Addr, r *route.Effective, found bool, sc *subnetChange) bool {
	if len(c.crossed) == 0 || !found {
		return false
	}
	if !sc.inOld {
		return true
	}
	target := dst
	if r.NextHop == route.VirtualAppliance {
		target = r.NextHopIP
	}
	v, ok := c.oldVNetAt(target)
	return ok && c.crossed[[2]string{sc.oldVNet, v}]
}

// crossesChangedAt is crossesChanged for a packed lookup of the address
// of m's NIC dst that found route r: the old VNet of a destination is
// memoized by NIC in m (oldVNetOf), a VirtualAppliance route's next hop's
// read through oldVNetAt.
func (c *changes) crossesChangedAt(m *nicMemo, dst int32, r *route.Effective, sc *subnetChange) bool {
	if len(c.crossed) == 0 {
		return false
	}
	if !sc.inOld {
		return true
	}
	var v string
	var ok bool
	if r.NextHop == route.VirtualAppliance {
		v, ok = c.oldVNetAt(r.NextHopIP)
	} else {
		v, ok = c.oldVNetOf(m, dst)
	}
	return ok && c.crossed[[2]string{sc.oldVNet, v}]
}

// oldVNetOf is oldVNetAt(the address of m's NIC nic), kept in m: a patch
// of the links checks every packed cell's lookups, each hashing its
// destination's address in oldVNetAt's map.
func (c *changes) oldVNetOf(m *nicMemo, nic int32) (string, bool) {
	if m.vnet == nil {
		m.vnet = make([]nicVNet, len(m.g.ip))
	}
	e := &m.vnet[nic]
	if !e.set {
		e.id, _ = c.oldVNetAt(m.g.ip[nic])
		e.set = true
	}
	return e.id, e.id != ""
}

// nicVNet is a NIC's address's VNet on the old plane ("" for none), once
// known (set).
type nicVNet struct {
	id  string
	set bool
}

// oldVNetAt is the id of the VNet whose address space holds a on the old
// plane (Plane.VNetAt), memoized: every cell's lookups ask it, of a few
// hundred addresses (the endpoints' and the appliances').
func (c *changes) oldVNetAt(a netip.Addr) (string, bool) {
	if v, ok := c.vnetAt[a]; ok {
		return v, v != ""
	}
	id := ""
	if v, ok := c.old.VNetAt(a); ok {
		id = v.ID
	}
	if c.vnetAt == nil {
		c.vnetAt = map[netip.Addr]string{}
	}
	c.vnetAt[a] = id
	return id, id != ""
}

// subnetChange is one subnet's comparison: when cheap is set, a lookup
// keeps its answer unless its destination is inside own or layer (the
// prefixes where the subnet's own routes or its gateway layer changed:
// route.ChangedOwnPrefixes, route.ChangedLayerPrefixes); otherwise the
// lookup is redone.
type subnetChange struct {
	table      *route.Table // new table
	cheap      bool
	own, layer *prefixSet
	// inOld: the subnet is on the old plane too, in VNet oldVNet.
	inOld   bool
	oldVNet string
}

// changed reports whether a lookup of a may answer differently.
func (sc subnetChange) changed(a netip.Addr) bool {
	return !sc.cheap || sc.own.contains(a) || sc.layer.contains(a)
}

func (c *changes) subnet(id string) (subnetChange, bool) {
	if sc, ok := c.bySubnet[id]; ok {
		return sc, sc.table != nil
	}
	nt, okN := c.new.Routes(id)
	if !okN {
		c.bySubnet[id] = subnetChange{}
		return subnetChange{}, false
	}
	sc := subnetChange{table: nt}
	if ot, okO := c.old.Routes(id); okO {
		sc = c.tablePair(ot, nt)
	}
	if sn, ok := c.old.Subnet(id); ok { // the subnet's own, not its table pair's
		sc.inOld, sc.oldVNet = true, sn.VNet
	}
	c.bySubnet[id] = sc
	return sc, true
}

// tablePair is the change from old table ot to new table nt (both set),
// once per pair (subnets often share both tables), without inOld and
// oldVNet (the subnet's own).
func (c *changes) tablePair(ot, nt *route.Table) subnetChange {
	if ot == nt { // kept whole: O(1), not memoized (most of an edit's subnets)
		_, cheap := route.ChangedOwnPrefixes(ot, nt)
		return subnetChange{table: nt, cheap: cheap}
	}
	pair := [2]*route.Table{ot, nt}
	if known, ok := c.byTables[pair]; ok {
		return known
	}
	sc := subnetChange{table: nt}
	if sys := ot.SystemLayer(); sys != nil && sys == nt.SystemLayer() {
		// Stacked tables over the same system layer: their own routes
		// differ where their user layers do (route.ChangedOwnPrefixes),
		// compared once per pair of user layers (a UDR edit of a route
		// table every spoke uses: once, not once per spoke).
		sc.cheap, sc.own, sc.layer = true, c.layerChange(ot.UserLayer(), nt.UserLayer()), c.layerChange(ot.Layer(), nt.Layer())
	} else if ps, ok := route.ChangedOwnPrefixes(ot, nt); ok {
		sc.cheap, sc.own, sc.layer = true, c.ownSet(ps), c.layerChange(ot.Layer(), nt.Layer())
	}
	if c.byTables == nil {
		c.byTables = map[[2]*route.Table]subnetChange{}
	}
	c.byTables[pair] = sc
	return sc
}

// ownSet is ps as a set, one per distinct content.
func (c *changes) ownSet(ps []netip.Prefix) *prefixSet {
	if len(ps) == 0 {
		return nil
	}
	var key []byte
	for _, p := range ps {
		key, _ = p.AppendBinary(key)
	}
	if s, ok := c.ownSets[string(key)]; ok {
		return s
	}
	if c.ownSets == nil {
		c.ownSets = map[string]*prefixSet{}
	}
	s := newPrefixSet(ps)
	c.ownSets[string(key)] = s
	return s
}

// layerChange is ChangedLayerPrefixes(a, b) as a set, once per layer pair
// (every subnet using a gateway set shares its layer).
func (c *changes) layerChange(a, b *route.Layer) *prefixSet {
	if a == b {
		return nil
	}
	k := [2]*route.Layer{a, b}
	if s, ok := c.byLayers[k]; ok {
		return s
	}
	if c.byLayers == nil {
		c.byLayers = map[[2]*route.Layer]*prefixSet{}
	}
	s := newPrefixSet(route.ChangedLayerPrefixes(a, b))
	c.byLayers[k] = s
	return s
}

// endpoints returns, when every subnet's table changed by known prefixes,
// which endpoints (cols: the endpoints and Internet) have their address
// inside one of them; otherwise nil.
func (c *changes) endpoints(cols []string) []bool {
	// The distinct changed-prefix sets: subnets of one table share theirs
	// (ownSet makes one per content); merging each subnet's own prefixes
	// into one set copied a shared table's changes once per subnet.
	var sets []*prefixSet
	add := func(sc subnetChange) bool {
		if !sc.cheap {
			return false
		}
		for _, s := range [2]*prefixSet{sc.own, sc.layer} {
			if s != nil && !slices.Contains(sets, s) {
				sets = append(sets, s)
			}
		}
		return true
	}
	newIDs, newTables := c.new.SubnetTables()
	oldIDs, oldTables := c.old.SubnetTables()
	if slices.Equal(oldIDs, newIDs) && len(oldTables) == len(oldIDs) && len(newTables) == len(newIDs) {
		// The same subnets: their tables by position, each distinct pair
		// compared once (a subnet's neighbours in id order are mostly
		// its VNet's, sharing its pair), no id hashed.
		if c.byTables == nil { // sized for the runs of changed pairs: growing it was a tenth of a UDR edit's endpoints
			c.byTables = make(map[[2]*route.Table]subnetChange, changedRuns(oldTables, newTables))
		}
		var last [2]*route.Table
		for i, nt := range newTables {
			if p := [2]*route.Table{oldTables[i], nt}; p != last {
				if !add(c.tablePair(p[0], p[1])) {
					return nil
				}
				last = p
			}
		}
	} else {
		for _, id := range newIDs {
			if sc, ok := c.subnet(id); !ok || !add(sc) {
				return nil
			}
		}
	}
	hit := make([]bool, len(cols))
	for i, ep := range cols {
		a := trace.InternetProbe()
		if ep != Internet {
			var ok bool
			if _, a, ok = c.new.Endpoint(ep); !ok {
				return nil
			}
		}
		hit[i] = slices.ContainsFunc(sets, func(s *prefixSet) bool { return s.contains(a) })
	}
	return hit
}

// changedRuns counts the runs of equal (old, new) table pairs in which
// the table changed: at most the distinct pairs tablePair memoizes.
func changedRuns(olds, news []*route.Table) int {
	n := 0
	for i := range news {
		if olds[i] != news[i] && (i == 0 || olds[i-1] != olds[i] || news[i-1] != news[i]) {
			n++
		}
	}
	return n
}

// prefixSet answers "is an address inside one of these prefixes". IPv4
// prefixes are kept per length as sorted masked addresses (one binary
// search per length present); others in a list. Building it costs a pass
// and a sort per length, no hashing: a failed ExpressRoute circuit
// changes a gateway layer's thousand on-premises prefixes, whose set was
// a thousand-entry map per edit. The nil set is empty.
type prefixSet struct {
	lens  []int      // distinct IPv4 lengths, longest first
	byLen [][]uint32 // byLen[k]: the masked addresses of length lens[k], sorted
	other []netip.Prefix
}

func newPrefixSet(ps []netip.Prefix) *prefixSet {
	if len(ps) == 0 {
		return nil
	}
	s := &prefixSet{}
	var count [33]int // valid IPv4 prefixes by length
	for _, p := range ps {
		if p.Addr().Is4() && p.IsValid() {
			count[p.Bits()]++
		}
	}
	all := make([]uint32, 0, len(ps)) // one backing array, a run per length
	at := [33]int{}                   // index in lens + 1, by length
	for b := 32; b >= 0; b-- {
		if count[b] > 0 {
			s.lens = append(s.lens, b)
			s.byLen = append(s.byLen, all[len(all):len(all):len(all)+count[b]])
			all = all[:len(all)+count[b]]
			at[b] = len(s.lens)
		}
	}
	for _, p := range ps {
		p = p.Masked()
		if !p.Addr().Is4() {
			s.other = append(s.other, p)
			continue
		}
		k := at[p.Bits()] - 1
		s.byLen[k] = append(s.byLen[k], addr4(p.Addr()))
	}
	for _, xs := range s.byLen {
		if !slices.IsSorted(xs) { // display order sorts each length already
			slices.Sort(xs)
		}
	}
	return s
}

// addr4 is an IPv4 address as a number.
func addr4(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func (s *prefixSet) contains(a netip.Addr) bool {
	if s == nil {
		return false
	}
	a = a.Unmap()
	if a.Is4() {
		v := addr4(a)
		for k, b := range s.lens {
			m := v
			if b < 32 {
				m = v &^ (uint32(1)<<(32-b) - 1)
			}
			if _, ok := slices.BinarySearch(s.byLen[k], m); ok {
				return true
			}
		}
	}
	for _, p := range s.other {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// holdsPacked is holds for a packed cell (not Opaque, no BGP, every
// lookup found a route), with its NICs' subnet changes and addresses
// memoized: the same check as holds' loop, kept apart (a shared helper
// per lookup made the edits whose checks all hold 5–10 % slower).
func (c *changes) holdsPacked(deps *cellView) (int, bool) {
	m := c.memoOf(deps.gen)
	n := 0
	for k, p := range deps.packed {
		dstNIC := deps.srcNIC
		if k < deps.nf {
			dstNIC = deps.dstNIC
		}
		sc, ok := c.subnetOfNIC(m, p.nic)
		r := deps.gen.routes.at(p.route)
		if !ok || c.crossesChangedAt(m, dstNIC, r, sc) {
			return n, false
		}
		if !m.changedAtNIC(sc, dstNIC) {
			continue
		}
		n++
		if a, ok := c.spanLookup(m.g, p.nic, dstNIC, sc.table); ok {
			if !a.found || a.e != *r {
				return n, false
			}
			continue
		}
		e, found := sc.table.Lookup(m.g.ip[dstNIC])
		if !found || e != *r {
			return n, false
		}
	}
	return n, true
}

// readable reports whether a walk with dependencies deps read nothing but
// route lookups that may have changed: it is not Opaque, and if it read
// the hybrid control plane, both planes share their BGP result
// (dataplane.Update reuses it when its inputs are unchanged), or it read
// it only through the questions it recorded and the new plane answers
// each of them as the old one did (hybridHolds).
func (c *changes) readable(deps *cellView) bool {
	if deps.opaque() {
		return false
	}
	if c.old.BGP() == c.new.BGP() {
		return true
	}
	return !deps.bgp() && c.hybridHolds(*deps)
}

// hybridHolds reports whether the new plane answers every question deps
// asked the hybrid control plane as the old one did, each question asked
// once per patch (a gateway's walks ask the same few).
func (c *changes) hybridHolds(deps cellView) bool {
	if deps.full == nil {
		return c.packedHybridHolds(deps)
	}
	for k := range deps.hybridLen() {
		if !c.hybridSame.answer(k, &deps.full.Hybrid[k], c.sameAnswer) {
			return false
		}
	}
	return true
}

// holds reports whether a walk with dependencies deps would read the same
// routes on the new plane, and how many lookups it took to tell.
func (c *changes) holds(deps *cellView) (int, bool) {
	if !c.readable(deps) {
		return 0, false
	}
	if deps.full == nil {
		return c.holdsPacked(deps)
	}
	n := 0
	for k := range deps.len() {
		subnet, dst, r, found := deps.at(k)
		sc, ok := c.subnet(subnet)
		if !ok || c.crossesChanged(dst, r, found, &sc) {
			return n, false
		}
		if !sc.changed(dst) {
			continue
		}
		n++
		e, ok := sc.table.Lookup(dst)
		if ok != found || e != *r {
			return n, false
		}
	}
	return n, true
}
