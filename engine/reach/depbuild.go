package reach

import "slices"

// A patch that answers much of the matrix again (denseRebuild: a UDR every
// spoke-to-spoke walk reads, at 500 VNets a quarter of a million cells)
// does not write its new dependencies into prev's store cell by cell —
// each first write to a chunk copying the chunk, each cell compared with
// its old dependencies first (cellView.same), the old ones left in the
// copy — but builds a new store in order (depBuilder): the answered cells'
// dependencies appended as fill does, every other cell copied from prev,
// and every chunk in which no cell was answered again shared with prev as
// it is. The new store reads exactly like the one set would have made
// (TestDepBuilderEqualsSet); only which chunks it shares differs.

// denseRebuild: a patch answering at least 1/denseRebuild of the matrix's
// cells again builds its store anew (depBuilder) instead of copying on
// write.
const denseRebuild = 2

// depBuilder builds a depStore in order from a previous one of the same
// cells, given the cells whose dependencies are new (put, in increasing
// order); the others are prev's.
type depBuilder struct {
	prev *depStore
	out  depStore
	next int // the next cell of out
}

// newDepBuilder starts a store of prev's cells, whose lookup tables start
// with prev's (a copied cell keeps its table's index).
func newDepBuilder(prev *depStore) *depBuilder {
	out := newDepStore(prev.n, prev.width)
	out.gens = slices.Clip(prev.gens)
	return &depBuilder{prev: prev, out: out}
}

// put makes cell i's dependencies d (i past every cell put before),
// prev's cells before it copied or shared.
func (b *depBuilder) put(i int, d *cellDeps) {
	b.keepUntil(i)
	if c := b.out.n / depChunkCells; len(b.out.chunks) == c {
		b.out.startChunk(b.prev.chunks[c]) // sized like the chunk it replaces
	}
	b.out.add(d)
	b.next++
}

// keepUntil takes prev's cells from b.next up to end (excluded): each
// whole chunk among them shared, the others' cells copied.
func (b *depBuilder) keepUntil(end int) {
	for b.next < end {
		c := b.next / depChunkCells
		if b.next%depChunkCells == 0 && min((c+1)*depChunkCells, b.prev.n) <= end {
			b.out.chunks = append(b.out.chunks, b.prev.chunks[c])
			b.out.owned = append(b.out.owned, false)
			n := b.prev.chunks[c].refs.len()
			b.out.n += n
			b.next += n
			continue
		}
		b.out.copyFrom(b.prev, b.next)
		b.next++
	}
}

// finish takes prev's cells after the last put and returns the store.
func (b *depBuilder) finish() depStore {
	b.keepUntil(b.prev.n)
	return b.out
}
