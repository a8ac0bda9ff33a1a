package reach

import (
	"encoding/binary"
	"slices"

	"vnetplay/engine/trace"
)

// Walks kept for a whole matrix: a cell's reply, from column j back to
// row r's address with j's address as the source, is the walk of cell
// (j, r)'s request. The two differ only in the NSGs, which a request
// evaluates and a reply does not (resolve reports a leg that met one), so
// a matrix without Deps resolves each walk between two NICs once and reads
// it for both cells (byMemo): the request of one and the reply of the
// other. A walk is kept packed in a uint64 (walk):
//
//	bits 0–1   its end (walkEnd)
//	bit  2     resolved
//	bit  3     a leg met an NSG
//	bits 4–31  the ending's index in classes.ends (endEnded)
//	bits 32–63 its stateful appliances (stateID)

const (
	memoDone = 1 << 2
	memoNSG  = 1 << 3
	// memoEnds bounds the endings a kept walk can name.
	memoEnds = 1 << 28
	// maxMemoNICs bounds the NICs for which walks are kept (8 bytes an
	// ordered pair: 18 MB at most).
	maxMemoNICs = 1500
	// memoChunk is how many slots a chunk of classes.memo holds: a chunk
	// is made when a walk is first kept in it, so a matrix whose walks its
	// spans share (spanWalk) keeps few.
	memoChunk = 1024
)

// kept is the walk kept in memo slot k (0: none yet).
func (c *classes) kept(k int) uint64 {
	if ch := c.memo[k/memoChunk]; ch != nil {
		return ch[k%memoChunk]
	}
	return 0
}

// keep keeps walk w in memo slot k, making its chunk on first use.
func (c *classes) keep(k int, w uint64) {
	ch := c.memo[k/memoChunk]
	if ch == nil {
		ch = make([]uint64, memoChunk)
		c.memo[k/memoChunk] = ch
	}
	ch[k%memoChunk] = w
}

// walk returns the kept walk from NIC s to NIC column t with s's address
// as the source, resolving it on first use.
func (c *classes) walk(s, t int32) uint64 {
	if s == t { // no cell: resolved but not kept
		return c.resolved(s, t)
	}
	k := memoSlot(s, t, len(c.nics))
	if w := c.kept(k); w&memoDone != 0 {
		return w
	}
	w := c.resolved(s, t)
	c.keep(k, w)
	return w
}

// memoSlot is where the walk from s to t (s ≠ t) of n NICs is kept: the
// two walks between two NICs side by side, the pairs in the order of the
// matrix's upper triangle, so that a cell's request and reply are read
// together.
func memoSlot(s, t int32, n int) int {
	a, b, dir := int(s), int(t), 0
	if a > b {
		a, b, dir = b, a, 1
	}
	return 2*(a*(2*n-a-1)/2+b-a-1) + dir
}

// resolved is the walk from NIC s to NIC column t, packed.
func (c *classes) resolved(s, t int32) uint64 {
	end, nsg := c.resolve(s, t, s, 0)
	return c.packWalk(end, nsg, c.stateful[0])
}

// packWalk packs a walk that ended as end (with c.ended), met an NSG or
// not, through the stateful appliances st.
func (c *classes) packWalk(end walkEnd, nsg bool, st []int32) uint64 {
	w := uint64(end) | memoDone | uint64(c.stateID(st))<<32
	if nsg {
		w |= memoNSG
	}
	if end == endEnded {
		if c.ended >= memoEnds {
			return uint64(endUnknown) | memoDone // not kept: walked in full
		}
		w |= uint64(c.ended) << 4
	}
	return w
}

// byMemo is byLegs from kept walks.
func (c *classes) byMemo(r, j int32) (_ trace.Disposition, reason string, ok bool) {
	return c.fromWalks(r, j, c.walkOf(r, j), false)
}

// fromWalks answers cell (row r, column j) from its forward walk fw and,
// read only when fw delivers, its reply's walk (kept, or with its lookups
// when deps): byLegs' answer (ok false: the cell must be walked in full).
func (c *classes) fromWalks(r, j int32, fw uint64, deps bool) (_ trace.Disposition, reason string, ok bool) {
	if fw&memoNSG != 0 { // NSGs read the exact addresses and ports: walked in full
		return 0, "", false
	}
	switch walkEnd(fw & 3) {
	case endEnded:
		d := c.ends[memoEnded(fw)]
		return d.disp, d.reason, true
	case endDelivered:
		var bw uint64
		if deps {
			bw = c.walkDeps(j, r, 1)
		} else {
			bw = c.walkOf(j, r)
		}
		switch walkEnd(bw & 3) {
		case endEnded: // the reply ends on its way back, as trace.Run says
			return trace.DroppedOnReturn, c.backReason(memoEnded(bw)), true
		case endDelivered:
			if fw>>32 == bw>>32 { // else asymmetric (rule:nva.per-direction-routing, rule:nva.stateful-asymmetry-drop): walked for its reason
				return trace.Delivered, c.cols[j].reason, true
			}
		}
	}
	return 0, "", false
}

// walkOf is the walk from NIC s to NIC column t (s ≠ t): its span's when
// it is one (spanWalk), else kept by pair (walk).
func (c *classes) walkOf(s, t int32) uint64 {
	if c.spans.walks != nil {
		if w, ok := c.spanWalk(s, t); ok {
			return w
		}
	}
	return c.walk(s, t)
}

// memoEnded is the index in classes.ends of a kept walk's ending.
func memoEnded(w uint64) int32 { return int32(w>>4) & (memoEnds - 1) }

// stateID names a set of stateful appliances (VM indexes, classes.stVM):
// 0 for none, 1 + the VM for one, an interned id from 1<<31 for more. Two
// walks pass the same appliances exactly when their ids are equal.
func (c *classes) stateID(vms []int32) uint32 {
	switch len(vms) {
	case 0:
		return 0
	case 1:
		return uint32(vms[0]) + 1
	}
	c.stSort = append(c.stSort[:0], vms...)
	slices.Sort(c.stSort)
	var key []byte
	for _, v := range c.stSort {
		key = binary.LittleEndian.AppendUint32(key, uint32(v))
	}
	id, ok := c.stIDs[string(key)]
	if !ok {
		if c.stIDs == nil {
			c.stIDs = map[string]uint32{}
		}
		id = 1<<31 + uint32(len(c.stIDs))
		c.stIDs[string(key)] = id
	}
	return id
}
