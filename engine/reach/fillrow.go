package reach

import (
	"context"
	"fmt"
	"net/netip"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/trace"
)

// Rows filled from kept walks: once the first rows of a whole matrix have
// resolved the walks its spans share (spans.walks, one per span and
// column) and those kept by pair (classes.memo), most NIC cells are two
// reads and a comparison. byMemo reaches them through walkOf and spanWalk,
// which re-derive per cell what is fixed per row (the source's span, VNet
// and address) and call srcIn for every source question. fillKept reads
// them row by row instead (keptCell), with the per-NIC facts gathered once
// (keptFacts), and leaves to outcomeIn (which may resolve walks) every cell
// whose walks are not both kept yet. A cell keptCell answers is byMemo's
// answer: it takes the same kept walks by the same rules
// (TestKeptCellEqualsByMemo).

// keptFacts are what keptWalk reads per NIC, gathered once.
type keptFacts struct {
	// span is each NIC's span (-1: its class is in none).
	span []int32
	// srcV is each NIC's address's VNet as srcIn reads it (srcSlow: srcIn
	// reads the ranges, so keptWalk does not answer).
	srcV []int32
	// uniqueIP: no other NIC has the NIC's address, so a walk from it to
	// another NIC is never to its own address (dataplane.Build keeps one
	// NIC per address; checked rather than assumed).
	uniqueIP []bool
}

// newKeptFacts gathers the per-NIC facts of c (dense, with kept walks).
func (c *classes) newKeptFacts() *keptFacts {
	n := len(c.nics)
	f := &keptFacts{span: make([]int32, n), srcV: make([]int32, n), uniqueIP: make([]bool, n)}
	seen := make(map[netip.Addr]int32, n)
	for i, nic := range c.nics {
		f.span[i] = -1
		if ci := c.class[i]; c.spans.has(ci) {
			f.span[i] = c.spans.of[ci]
		}
		c.srcIn(0, int32(i)) // resolves c.srcV[i]
		f.srcV[i] = c.srcV[i]
		seen[nic.IP]++
	}
	for i, nic := range c.nics {
		f.uniqueIP[i] = seen[nic.IP] == 1
	}
	return f
}

// keptWalk is walkOf(s, t) (s ≠ t) when it is kept and reads nothing
// new: ok is false when walkOf would resolve a walk or a span's record,
// or when srcIn reads s's VNet ranges.
func (c *classes) keptWalk(f *keptFacts, s, t int32) (_ uint64, ok bool) {
	sv := f.srcV[s]
	if sv == srcSlow {
		return 0, false
	}
	if g := f.span[s]; g >= 0 {
		sp := &c.spans
		n := len(c.nics)
		v := c.sendV[s]
		if c.cols[t].fast && (f.uniqueIP[s] || c.cols[t].nic.IP != c.nics[s].IP) && !sp.near[int(g)*n+int(t)] && sp.vn[t] != v {
			rec := &sp.walks[int(g)*n+int(t)]
			if rec.state == 0 {
				return 0, false // spanWalk resolves it
			}
			if rec.state == 1 && rec.sharedWith(s, sv, v) {
				return rec.w, true
			}
		}
	}
	w := c.kept(memoSlot(s, t, len(c.nics)))
	return w, w&memoDone != 0
}

// sharedWith reports whether the span walk rec, shared (state 1), is the
// walk of source s whose address lies in VNet index sv (not srcSlow) and
// whose class is in VNet index v: spanWalk's checks, srcIn(a, s) being
// sv == a.
func (rec *spanWalk) sharedWith(s, sv, v int32) bool {
	if rec.first && (sv == v) != rec.in {
		return false
	}
	for i := range rec.nLater {
		if rec.later[i] == s {
			return false
		}
	}
	for i := range rec.nAsk {
		if (sv == rec.ask[i]) != rec.ans[i] {
			return false
		}
	}
	return true
}

// keptCell is byMemo(r, j) for NIC row r and NIC column j (r ≠ j) when
// the walks it reads are kept (keptWalk); ok is false when they are not,
// or when byMemo would not answer the cell (it is walked in full).
func (c *classes) keptCell(f *keptFacts, r, j int32) (_ outcome, ok bool) {
	fw, ok := c.keptWalk(f, r, j)
	if !ok || fw&memoNSG != 0 {
		return outcome{}, false
	}
	switch walkEnd(fw & 3) {
	case endEnded:
		d := &c.ends[memoEnded(fw)]
		return outcome{reason: d.reason, disp: d.disp}, true
	case endDelivered:
		bw, ok := c.keptWalk(f, j, r)
		if !ok {
			return outcome{}, false
		}
		switch walkEnd(bw & 3) {
		case endEnded:
			return outcome{reason: c.backReason(memoEnded(bw)), disp: trace.DroppedOnReturn}, true
		case endDelivered:
			if fw>>32 == bw>>32 {
				return outcome{reason: c.cols[j].reason, disp: trace.Delivered}, true
			}
		}
	}
	return outcome{}, false
}

// fillKept is fillIx with c.outcomeIn as the cell function, for a matrix
// whose first rows and columns are c's NICs (aligned) and whose walks c
// keeps (memo): the NIC cells keptCell answers are filled without a
// call through the cell function, the others as fillIx fills them. The
// matrix and the error are fillIx's.
func fillKept(ctx context.Context, p *dataplane.Plane, c *classes, progress func(done, total int)) (*Matrix, error) {
	eps := p.Endpoints()
	if !uniqueIDs(eps) {
		return fillIx(ctx, p, c.outcomeIn, progress)
	}
	f := c.newKeptFacts()
	m := newMatrix(eps, append(append([]string(nil), eps...), Internet))
	nn := len(c.nics)
	var lists rowLists
	for i, from := range eps {
		row := make([]outcome, 0, len(m.Cols)-1)
		for j, to := range m.Cols {
			if j == i || j >= len(eps) && to == from { // the columns' ids are unique but for Internet
				continue
			}
			if i < nn && j < nn {
				if o, ok := c.keptCell(f, int32(i), int32(j)); ok {
					c.stats.Fast++
					row = append(row, o)
					continue
				}
			}
			if err := ctx.Err(); err != nil {
				m.Rows = eps[:i:i]
				return m, fmt.Errorf("reach: matrix stopped after %d of %d rows: %w", i, len(eps), err)
			}
			d, why := c.outcomeIn(i, j, from, to)
			row = append(row, outcome{reason: why, disp: d})
		}
		m.cells = append(m.cells, lists.row(row))
		if progress != nil {
			progress(i+1, len(eps))
		}
	}
	return m, nil
}

// uniqueIDs reports whether no id appears twice in ids.
func uniqueIDs(ids []string) bool {
	seen := make(map[string]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			return false
		}
		seen[id] = true
	}
	return true
}
