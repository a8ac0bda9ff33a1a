package reach

import (
	"net/netip"
	"slices"

	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// depChunkCells is how many cells' dependencies one chunk of a depStore
// holds.
const depChunkCells = 256

// maxGens is how many lookup tables (one per computation whose cells a
// store holds) a store keeps before it drops those no cell refers to any
// more.
const maxGens = 32

// A cell answered from legs (classes.fast) read nothing but route lookups
// that found a route, each at a NIC of the matrix for the cell's
// destination (forward) or its source (return). Its dependencies are kept
// packed: per lookup, the NIC's index and the route's index in the tables
// of the computation that answered it (a lookupGen), with no pointer for
// the garbage collector to follow. At 500 VNets a matrix holds about a
// million lookups: as trace.Lookup values (192 bytes each, with strings)
// they were most of a cold matrix's time (allocation and marking) and
// memory. A cell walked in full keeps its trace.Deps as recorded.

// lookupGen is the tables one computation's packed lookups index: by NIC
// index (the matrix's NIC rows and columns, in order), the NIC's subnet
// and address; and the routes found. Its slices only grow while its
// computation runs, and are not changed once the computation returned.
type lookupGen struct {
	subnet []string
	ip     []netip.Addr
	routes routeList
	ids    []string // the packed questions' IDs
}

// routeList is a list of routes that grows in chunks of routeChunk
// routes, so that an entry never moves: a patch's computation adds a few
// hundred routes (a route.Effective is 144 bytes), and growing one slice
// copied them at each doubling, half of what the list allocated.
type routeList struct {
	chunks [][]route.Effective
	n      int
}

// routeChunk is how many routes one chunk of a routeList holds.
const routeChunk = 64

// at is entry ix.
func (l *routeList) at(ix int32) *route.Effective {
	return &l.chunks[ix/routeChunk][ix%routeChunk]
}

// len is how many entries l holds.
func (l *routeList) len() int { return l.n }

// add appends e and returns its index.
func (l *routeList) add(e route.Effective) int32 {
	if l.n%routeChunk == 0 {
		l.chunks = append(l.chunks, make([]route.Effective, 0, routeChunk))
	}
	k := len(l.chunks) - 1
	l.chunks[k] = append(l.chunks[k], e)
	l.n++
	return int32(l.n - 1)
}

// packedRead is one question a walked cell asked the hybrid control plane
// (trace.HybridRead): its kind, its ID (lookupGen.ids[id]) and its address
// (addrNone, addrDst: the cell's column's, addrSrc: its row's).
type packedRead struct {
	id   int32
	kind trace.HybridReadKind
	addr uint8
}

// packedRead addresses.
const (
	addrNone uint8 = iota
	addrDst
	addrSrc
)

// A cell walked in full whose walk read nothing but route lookups that
// found a route, at the cell's destination (forward) then its source
// (return), and recorded questions to the hybrid control plane (a walk
// through a gateway; not Opaque, not Deps.BGP) is kept packed too: its
// lookups as packed lookups (a lookup at a subnet no NIC of the matrix is
// in, a gateway's GatewaySubnet, indexes an entry of the lookupGen past
// the NICs'), its questions packed in its chunk's reads (refHybrid): the
// question's kind, the index of its ID in the lookupGen's ids, and whether
// its address is none, the cell's destination or its source.

// packedLookup is one lookup of a cell answered from legs: at NIC nic, for
// the cell's destination (the first nf of the cell's lookups) or its source
// (the rest), it found route gen.routes[route].
type packedLookup struct{ nic, route int32 }

// cellRef locates a cell's dependencies in its chunk: a walked cell's
// trace.Deps at full[start]; a packed cell's nf + nr lookups at
// packed[start:], indexing gens[gen], followed with refHybrid by one entry
// whose nic and route are the start and length of its questions in the
// chunk's reads.
type cellRef struct {
	start  uint32
	gen    uint32
	nf, nr uint8
	kind   uint8
}

// cellRef kinds.
const (
	refPacked uint8 = iota // packed lookups
	refWalked              // a trace.Deps in full
	refHybrid              // packed lookups and questions to the hybrid control plane
)

// refBlock is how many cells' refs one block of a chunk's refs holds; a
// uint16 marks which of a chunk's depChunkCells/refBlock blocks it owns.
const refBlock = 16

// refBlockOf is one block of a chunk's refs.
type refBlockOf [refBlock]cellRef

// cellRefs is a chunk's refs: one array while the chunk is filled, read
// in place as long as no write replaced part of it (flat), and from then
// on blocks of refBlock copied on write block by block: an edit that
// answers a column again writes a cell or two in every chunk, and copying
// the chunk's refs whole (3 KB) was most of what that copy allocated (123
// KB of a UDR edit at 100 VNets). The blocks are made at the first write
// to a shared chunk, pointing into its array: a store built whole (a
// matrix, or a patch answering most of it) holds no block pointer for
// the collector to resolve, and reads and fills one slice.
type cellRefs struct {
	flat   []cellRef // every ref, while no block was replaced; else nil
	blocks [depChunkCells / refBlock]*refBlockOf
	n      int
	mine   uint16 // the blocks this chunk made or copied, which it may write
}

// at is the ref of the chunk's cell k.
func (rs *cellRefs) at(k int) cellRef {
	if rs.flat != nil {
		return rs.flat[k]
	}
	return rs.blocks[uint(k)/refBlock][uint(k)%refBlock]
}

// len is how many cells the chunk holds.
func (rs *cellRefs) len() int { return rs.n }

// set replaces cell k's ref: in place in a chunk that owns its array;
// else in its block, copied first unless the chunk owns it.
func (rs *cellRefs) set(k int, r cellRef) {
	if rs.flat != nil {
		if rs.mine == allRefBlocks {
			rs.flat[k] = r
			return
		}
		full := rs.flat[:depChunkCells] // the array's cells past n are never read
		for b := range rs.blocks {
			rs.blocks[b] = (*refBlockOf)(full[b*refBlock:])
		}
		rs.flat = nil
	}
	b := uint(k) / refBlock
	if rs.mine&(1<<b) == 0 {
		copied := *rs.blocks[b]
		rs.blocks[b] = &copied
		rs.mine |= 1 << b
	}
	rs.blocks[b][uint(k)%refBlock] = r
}

// allRefBlocks marks every block of a chunk's refs.
const allRefBlocks = 1<<(depChunkCells/refBlock) - 1

// newCellRefs returns the refs of a new chunk, all its own.
func newCellRefs() cellRefs {
	return cellRefs{flat: make([]cellRef, 0, depChunkCells), mine: allRefBlocks}
}

// push appends the ref of the chunk's next cell (a chunk being filled
// owns its array).
func (rs *cellRefs) push(r cellRef) {
	rs.n++
	if rs.flat != nil && rs.mine == allRefBlocks {
		rs.flat = append(rs.flat, r)
		return
	}
	rs.set(rs.n-1, r)
}

// shared is a copy of rs to write to: sharing rs's array, owning none of
// it, when rs reads from one; else (rs's refs are in blocks, some copied
// by an earlier write) a new array of its own, so that a chunk written at
// edit after edit is in blocks for one edit at a time (reads through
// blocks scattered over the heap were a tenth of a whole-matrix patch).
func (rs *cellRefs) shared() cellRefs {
	if rs.flat == nil {
		out := newCellRefs()
		for k := range rs.n {
			out.flat = append(out.flat, rs.at(k))
		}
		out.n = rs.n
		return out
	}
	out := *rs
	out.mine = 0
	return out
}

// depChunk holds the dependencies of depChunkCells cells. Its packed
// lookups are base's, then packed's, in one run of positions (a cellRef's
// start indexes both; a cell's entries lie in one of them): base is the
// entries of the chunk this one was copied from (writable), shared and
// never written, packed this chunk's own. Its walked cells' Deps are
// fullBase's then full's, alike.
type depChunk struct {
	refs     cellRefs
	base     []packedLookup
	packed   []packedLookup
	fullBase []trace.Deps
	full     []trace.Deps
	reads    []packedRead
	// live counts the packed entries, Deps and questions the chunk's
	// cells refer to (the rest were left by writes), kept as refs are
	// pushed and set: writable compacts a chunk when they are fewer than
	// half of what it holds.
	live chunkSizes
}

// chunkSizes counts a chunk's packed entries, walked Deps and questions.
type chunkSizes struct{ packed, full, reads int32 }

// sizes is what ref refers to in ch.
func (ch *depChunk) sizes(ref cellRef) chunkSizes {
	switch ref.kind {
	case refWalked:
		return chunkSizes{full: 1}
	case refHybrid:
		h := ch.entries(ref.packedEnd()-1, ref.packedEnd())[0]
		return chunkSizes{packed: int32(ref.packedEnd() - ref.start), reads: h.route}
	default:
		return chunkSizes{packed: int32(ref.packedEnd() - ref.start)}
	}
}

// add is a + b times sign.
func (a chunkSizes) add(b chunkSizes, sign int32) chunkSizes {
	return chunkSizes{a.packed + sign*b.packed, a.full + sign*b.full, a.reads + sign*b.reads}
}

// pushRef appends the ref of ch's next cell, whose entries were just
// added to ch (addFull, copyCell and put count them live).
func (ch *depChunk) pushRef(ref cellRef) { ch.refs.push(ref) }

// setRef replaces cell k's ref (whose entries were just added, as for
// pushRef), the old ref's no longer live.
func (ch *depChunk) setRef(k int, ref cellRef) {
	ch.live = ch.live.add(ch.sizes(ch.refs.at(k)), -1)
	ch.refs.set(k, ref)
}

// fullAt is the walked cell's Deps at position i.
func (ch *depChunk) fullAt(i uint32) *trace.Deps {
	if nb := uint32(len(ch.fullBase)); i >= nb {
		return &ch.full[i-nb]
	}
	return &ch.fullBase[i]
}

// fullCount is how many Deps ch holds (fullBase's and its own).
func (ch *depChunk) fullCount() int { return len(ch.fullBase) + len(ch.full) }

// addFull appends d to ch's own Deps and returns its position.
func (ch *depChunk) addFull(d trace.Deps) uint32 {
	ch.full = append(ch.full, d)
	ch.live.full++
	return uint32(ch.fullCount() - 1)
}

// entries returns ch's packed entries at positions [from, to), all in
// base or all in packed.
func (ch *depChunk) entries(from, to uint32) []packedLookup {
	if nb := uint32(len(ch.base)); from >= nb {
		return ch.packed[from-nb : to-nb : to-nb]
	}
	return ch.base[from:to:to]
}

// entryCount is how many packed entries ch holds (base's and its own).
func (ch *depChunk) entryCount() int { return len(ch.base) + len(ch.packed) }

// packedEnd is where ref's packed entries end in its chunk.
func (ref cellRef) packedEnd() uint32 {
	end := ref.start + uint32(ref.nf) + uint32(ref.nr)
	if ref.kind == refHybrid {
		end++
	}
	return end
}

// cellDeps is a computed cell's dependencies as classes.cell returns them,
// valid until the classes' next answer (a depStore keeps a copy): packed
// (gen set; packed holds nf forward lookups, then the return's, and reads
// the questions a walk through a gateway asked) or walked (full).
type cellDeps struct {
	gen    *lookupGen
	packed []packedLookup
	nf     int
	reads  []packedRead
	full   trace.Deps
}

// fragile reports whether the walk read more than route lookups.
func (d *cellDeps) fragile() bool {
	if d.gen != nil {
		return len(d.reads) > 0
	}
	return d.full.Opaque || d.full.BGP || len(d.full.Hybrid) > 0
}

// depStore holds each cell's dependencies (in the Matrix's row-major
// order) in chunks of depChunkCells cells, copied on write: a Tracked
// derived by Update shares every chunk of the previous one it does not
// change, so an edit copies the chunks of the cells it walks again instead
// of every cell's. A store never writes a chunk it does not own; a
// Tracked's store is not written once Update or ComputeTracked has
// returned it.
type depStore struct {
	chunks []*depChunk
	owned  []bool // chunks this store made or copied, which it may write
	n      int
	width  int          // cells per row (every column but the row's own)
	gens   []*lookupGen // by cellRef.gen; nil once no cell refers to it
}

// newDepStore returns an empty store for about n cells, width a row.
func newDepStore(n, width int) depStore {
	k := (n + depChunkCells - 1) / depChunkCells
	return depStore{chunks: make([]*depChunk, 0, k), owned: make([]bool, 0, k), width: width}
}

// cellView is one cell's dependencies as a store holds them, read in place.
type cellView struct {
	full   *trace.Deps // a walked cell's; nil for a packed cell
	packed []packedLookup
	nf     int
	gen    *lookupGen
	dst    netip.Addr // the forward lookups' address (the column's)
	src    netip.Addr // the return's (the row's)
	// dstNIC and srcNIC are the indices in gen of the column's and the
	// row's NICs.
	dstNIC, srcNIC int32
	reads          []packedRead // a packed cell's questions (refHybrid)
}

// view returns cell i's dependencies.
func (s *depStore) view(i int) cellView {
	ch := s.chunks[i/depChunkCells]
	ref := ch.refs.at(i % depChunkCells)
	if ref.kind == refWalked {
		return cellView{full: ch.fullAt(ref.start)}
	}
	g := s.gens[ref.gen]
	r, j := i/s.width, i%s.width
	if j >= r {
		j++ // the diagonal is left out
	}
	end := ref.start + uint32(ref.nf) + uint32(ref.nr)
	v := cellView{packed: ch.entries(ref.start, end), nf: int(ref.nf), gen: g, dst: g.ip[j], src: g.ip[r], dstNIC: int32(j), srcNIC: int32(r)}
	if ref.kind == refHybrid {
		h := ch.entries(end, end+1)[0]
		v.reads = ch.reads[h.nic : h.nic+h.route : h.nic+h.route]
	}
	return v
}

// ref is where cell i's dependencies are in their chunk.
func (s *depStore) ref(i int) cellRef {
	return s.chunks[i/depChunkCells].refs.at(i % depChunkCells)
}

// fragileAt is view(i).fragile() for cell i, whose ref is ref, without
// making the view: a packed cell is fragile when it asked questions.
func (s *depStore) fragileAt(i int, ref cellRef) bool {
	if ref.kind != refWalked {
		return ref.kind == refHybrid
	}
	return s.view(i).fragile()
}

// fragile reports whether the walk read more than route lookups.
func (v cellView) fragile() bool {
	if v.full == nil {
		return len(v.reads) > 0
	}
	return v.full.Opaque || v.full.BGP || len(v.full.Hybrid) > 0
}

// opaque and bgp are trace.Deps' flags.
func (v cellView) opaque() bool { return v.full != nil && v.full.Opaque }
func (v cellView) bgp() bool    { return v.full != nil && v.full.BGP }

// hybridLen is the number of questions the walk asked the hybrid control
// plane, hybridAt(k) the k-th.
func (v cellView) hybridLen() int {
	if v.full == nil {
		return len(v.reads)
	}
	return len(v.full.Hybrid)
}

func (v cellView) hybridAt(k int) trace.HybridRead {
	if v.full != nil {
		return v.full.Hybrid[k]
	}
	q := v.reads[k]
	out := trace.HybridRead{Kind: q.kind, ID: v.gen.ids[q.id]}
	switch q.addr {
	case addrDst:
		out.Addr = v.dst
	case addrSrc:
		out.Addr = v.src
	}
	return out
}

// sameHybrid reports whether v and w asked the same questions.
func (v cellView) sameHybrid(w cellView) bool {
	if v.hybridLen() != w.hybridLen() {
		return false
	}
	for k := range v.hybridLen() {
		if v.hybridAt(k) != w.hybridAt(k) {
			return false
		}
	}
	return true
}

// len is the number of lookups.
func (v cellView) len() int {
	if v.full != nil {
		return len(v.full.Lookups)
	}
	return len(v.packed)
}

// at is lookup k: its subnet, address, route (not to be modified) and
// whether it found one.
func (v cellView) at(k int) (subnet string, dst netip.Addr, r *route.Effective, found bool) {
	if v.full != nil {
		l := &v.full.Lookups[k]
		return l.Subnet, l.Dst, &l.Route, l.Found
	}
	p := v.packed[k]
	dst = v.src
	if k < v.nf {
		dst = v.dst
	}
	return v.gen.subnet[p.nic], dst, v.gen.routes.at(p.route), true
}

// deps is the cell's trace.Deps, as trace.RunWith records them.
func (v cellView) deps() trace.Deps {
	if v.full != nil {
		return *v.full
	}
	if len(v.packed) == 0 {
		return trace.Deps{}
	}
	ls := make([]trace.Lookup, len(v.packed))
	for k := range ls {
		sn, dst, r, _ := v.at(k)
		ls[k] = trace.Lookup{Subnet: sn, Dst: dst, Route: *r, Found: true}
	}
	d := trace.Deps{Lookups: ls}
	if len(v.reads) > 0 {
		d.Hybrid = make([]trace.HybridRead, len(v.reads))
		for k := range d.Hybrid {
			d.Hybrid[k] = v.hybridAt(k)
		}
	}
	return d
}

// same reports whether the cell read what d says (trace.Deps equal).
func (v cellView) same(d cellDeps) bool {
	w := cellView{full: &d.full}
	if d.gen != nil {
		w = cellView{packed: d.packed, nf: d.nf, gen: d.gen, dst: v.dst, src: v.src, dstNIC: v.dstNIC, srcNIC: v.srcNIC, reads: d.reads}
		if v.full != nil || !v.sameHybrid(w) {
			return false // kept in another form, or other questions
		}
	} else if v.full == nil || v.opaque() != d.full.Opaque || v.bgp() != d.full.BGP || !slices.Equal(v.full.Hybrid, d.full.Hybrid) {
		return false
	}
	if v.len() != w.len() {
		return false
	}
	for k := range v.len() {
		s1, a1, r1, f1 := v.at(k)
		s2, a2, r2, f2 := w.at(k)
		if s1 != s2 || a1 != a2 || f1 != f2 || *r1 != *r2 {
			return false
		}
	}
	return true
}

// at returns cell i's trace.Deps.
func (s *depStore) at(i int) trace.Deps { return s.view(i).deps() }

// add appends the next cell's dependencies.
func (s *depStore) add(d *cellDeps) {
	ch := s.last()
	ch.pushRef(s.put(ch, d))
	s.n++
}

// last is the chunk the next cell goes to, started when the last is full.
func (s *depStore) last() *depChunk {
	if len(s.chunks)*depChunkCells <= s.n {
		s.startChunk(nil)
	}
	return s.chunks[len(s.chunks)-1]
}

// startChunk starts the chunk of the next cells (s.n a multiple of
// depChunkCells), with room for as many entries as like holds (nil: none).
func (s *depStore) startChunk(like *depChunk) {
	ch := &depChunk{refs: newCellRefs()}
	if like != nil {
		ch.packed = make([]packedLookup, 0, like.entryCount())
		if n := like.fullCount(); n > 0 {
			ch.full = make([]trace.Deps, 0, n)
		}
		if len(like.reads) > 0 {
			ch.reads = make([]packedRead, 0, len(like.reads))
		}
	}
	s.chunks = append(s.chunks, ch)
	s.owned = append(s.owned, true)
}

// copyFrom appends the next cell's dependencies: cell i of prev, whose
// lookup tables s's start with (newDepStore's gens set to prev's).
func (s *depStore) copyFrom(prev *depStore, i int) {
	ch := prev.chunks[i/depChunkCells]
	ref := ch.refs.at(i % depChunkCells)
	out := s.last()
	s.n++
	out.pushRef(out.copyCell(ch, ref))
}

// copyCell appends to ch the dependencies ref locates in chunk from, and
// returns where.
func (ch *depChunk) copyCell(from *depChunk, ref cellRef) cellRef {
	if ref.kind == refWalked { // kept as it is: a store's Deps are never written to
		return cellRef{start: ch.addFull(*from.fullAt(ref.start)), kind: refWalked}
	}
	out := ref
	out.start = uint32(ch.entryCount())
	ch.packed = append(ch.packed, from.entries(ref.start, ref.packedEnd())...)
	ch.live.packed += int32(ref.packedEnd() - ref.start)
	if ref.kind == refHybrid {
		h := &ch.packed[len(ch.packed)-1]
		hs := int32(len(ch.reads))
		ch.reads = append(ch.reads, from.reads[h.nic:h.nic+h.route]...)
		ch.live.reads += h.route
		h.nic = hs
	}
	return out
}

// put stores a copy of d in chunk ch, which s owns, and returns where.
func (s *depStore) put(ch *depChunk, d *cellDeps) cellRef {
	if d.gen == nil {
		full := d.full
		if len(full.Lookups) > 0 { // the walker's until its next walk
			full.Lookups = slices.Clone(full.Lookups)
		} else {
			full.Lookups = nil
		}
		if len(full.Hybrid) > 0 { // likewise
			full.Hybrid = slices.Clone(full.Hybrid)
		} else {
			full.Hybrid = nil
		}
		return cellRef{start: ch.addFull(full), kind: refWalked}
	}
	ref := cellRef{start: uint32(ch.entryCount()), gen: s.genOf(d.gen), nf: uint8(d.nf), nr: uint8(len(d.packed) - d.nf)}
	ch.packed = append(ch.packed, d.packed...)
	ch.live.packed += int32(len(d.packed))
	if len(d.reads) > 0 {
		ref.kind = refHybrid
		ch.packed = append(ch.packed, packedLookup{nic: int32(len(ch.reads)), route: int32(len(d.reads))})
		ch.reads = append(ch.reads, d.reads...)
		ch.live.packed++
		ch.live.reads += int32(len(d.reads))
	}
	return ref
}

// genOf is g's index in s.gens, added if new.
func (s *depStore) genOf(g *lookupGen) uint32 {
	if n := len(s.gens); n > 0 && s.gens[n-1] == g { // the computation running
		return uint32(n - 1)
	}
	for k := len(s.gens) - 1; k >= 0; k-- {
		if s.gens[k] == g {
			return uint32(k)
		}
	}
	s.gens = append(s.gens, g)
	return uint32(len(s.gens) - 1)
}

// share returns a store with the same dependencies that shares s's chunks
// and owns none of them (set copies a chunk before its first write).
func (s *depStore) share() depStore {
	return depStore{chunks: slices.Clone(s.chunks), owned: make([]bool, len(s.chunks)), n: s.n, width: s.width, gens: slices.Clip(s.gens)}
}

// set replaces cell i's dependencies, copying its chunk first if s does
// not own it. A chunk's replaced lookups stay in it until it is copied.
func (s *depStore) set(i int, d *cellDeps) {
	c := i / depChunkCells
	if !s.owned[c] {
		s.chunks[c] = s.chunks[c].writable()
		s.owned[c] = true
	}
	ch := s.chunks[c]
	ch.setRef(i%depChunkCells, s.put(ch, d))
}

// writable returns a copy of ch to write to, unless more than half of
// its entries are ones no cell refers to any more (left by earlier
// writes, counted in ch.live), when it is compacted. The copy shares ch's
// packed lookups as its base (ch's base when it has one, and a copy of
// ch's own entries), its walked cells' Deps alike, and its refs block by
// block (cellRefs), and copies its questions whole, with room for a few
// more cells' entries. An edit that answers a column again writes one
// cell in every chunk: copying the refs alone and appending the new
// cell's lookups to the copy's own list spares copying every cell's
// lookups (most of a UDR edit's allocation, 370 KB at 100 VNets), and the
// headroom spares the write that follows another copy.
func (ch *depChunk) writable() *depChunk {
	if ch.live.packed*2 < int32(ch.entryCount()) || ch.live.full*2 < int32(ch.fullCount()) || ch.live.reads*2 < int32(len(ch.reads)) {
		return ch.compact()
	}
	out := &depChunk{refs: ch.refs.shared(), reads: withRoom(ch.reads), live: ch.live}
	if len(ch.base) == 0 {
		out.base = slices.Clip(ch.packed) // shared: the copy appends to its own
	} else {
		out.base, out.packed = ch.base, withRoom(ch.packed)
	}
	if len(ch.fullBase) == 0 {
		out.fullBase = slices.Clip(ch.full) // likewise
	} else {
		out.fullBase, out.full = ch.fullBase, withRoom(ch.full)
	}
	return out
}

// withRoom is a copy of s with room to append an eighth more, and 8.
func withRoom[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	out := make([]T, len(s), len(s)+len(s)/8+8)
	copy(out, s)
	return out
}

// compact returns a copy of ch holding only what its cells refer to.
func (ch *depChunk) compact() *depChunk {
	out := &depChunk{refs: newCellRefs(), packed: make([]packedLookup, 0, ch.entryCount()), full: make([]trace.Deps, 0, ch.fullCount())}
	if len(ch.reads) > 0 {
		out.reads = make([]packedRead, 0, len(ch.reads))
	}
	for k := range ch.refs.len() {
		out.pushRef(out.copyCell(ch, ch.refs.at(k)))
	}
	return out
}

// dropUnused forgets the lookup tables no cell refers to, once s holds more
// than maxGens: a table is dropped (its index left empty) so that the
// cells' indices stay as they are.
func (s *depStore) dropUnused() {
	live := 0
	for _, g := range s.gens {
		if g != nil {
			live++
		}
	}
	if live <= maxGens {
		return
	}
	used := make([]bool, len(s.gens))
	for _, ch := range s.chunks {
		for k := range ch.refs.len() {
			if ref := ch.refs.at(k); ref.kind != refWalked {
				used[ref.gen] = true
			}
		}
	}
	s.gens = slices.Clone(s.gens)
	for k, u := range used {
		if !u {
			s.gens[k] = nil
		}
	}
}
