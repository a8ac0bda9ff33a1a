package reach

import (
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"slices"

	"vnetplay/engine/trace"
)

// Matrix is the full answer, rows and columns sorted, Internet last.
//
// Its cells are stored by row: row r holds the cells from Rows[r] to every
// column but itself, in Cols order, so every row has len(Cols)-1 cells and
// cell i of the row-major order (the diagonal left out) is in row
// i / (len(Cols)-1). Rows are the first columns (Rows[r] is Cols[r]), and
// a stored cell is its outcome only: its endpoints are the row's and the
// column's. A row is kept in blocks of rowBlock cells (cellRow). Read the
// cells with Len, Cell, Row and All. A Matrix is immutable once returned:
// a matrix derived by Tracked.Update shares every row of the previous one
// in which no cell changed, and in a row that changed every block in which
// no cell did (copy on write, SharesRow), so neither may ever be written.
//
// Its JSON is {"rows": […], "cols": […], "cells": […]} with the cells
// flat in row-major order, byte for byte what a flat slice of cells
// encodes to (MarshalJSON).
type Matrix struct {
	Rows []string `json:"rows"`
	Cols []string `json:"cols"`
	// cells[r] is row r's cells; rows and their blocks are shared between
	// matrix versions and never written once the matrix is returned.
	cells []cellRow
}

// rowBlock is how many cells one block of a row holds.
const rowBlock = 16

// cellBlock is rowBlock cells of a row.
type cellBlock [rowBlock]outcome

// cellRow is one row's n cells: whole blocks of rowBlock cells, then the
// cells left over (fewer than rowBlock, in tail). An edit that changes a
// column changes a cell in every row: copying the row's list of blocks (a
// pointer each) and the one block that changed, instead of the whole row,
// is what keeps that edit's copies small (a 500-VNet row is 12 KB; its
// list and a block 640 bytes). A row is made as one array (rowLists.row),
// of its cells' size exactly: padded to whole blocks, a 500-VNet row (503
// cells and the heap's header) went up a size class. Every way of making
// a matrix blocks its rows the same way, so equal matrices are
// reflect.DeepEqual.
type cellRow struct {
	blocks []*cellBlock
	tail   []outcome
	n      int
}

// at is the row's cell k.
func (row cellRow) at(k int) outcome {
	if b := k / rowBlock; b < len(row.blocks) {
		return row.blocks[b][k%rowBlock]
	}
	return row.tail[k%rowBlock]
}

// len is how many cells the row holds.
func (row cellRow) len() int { return row.n }

// parts is how many blocks the row has, its tail counted as one.
func (row cellRow) parts() int { return blockCount(row.n) }

// block is part b's cells: block b, or the tail.
func (row cellRow) block(b int) []outcome {
	if b < len(row.blocks) {
		return row.blocks[b][:]
	}
	return row.tail
}

// blockCount is how many parts a row of n cells has.
func blockCount(n int) int { return (n + rowBlock - 1) / rowBlock }

// rowLists hands out the lists of blocks of a matrix's rows, taking them
// from larger allocations so that a cold matrix does not allocate a list
// per row besides the row itself: for one row at first, then twice as
// many rows each time, up to listRows.
type rowLists struct {
	free  []*cellBlock
	batch int // rows the last allocation was for
}

// listRows is how many rows' lists rowLists allocates at most at once.
const listRows = 64

// row returns cells, a whole row, as a cellRow whose blocks and tail are
// cells's parts; the row takes cells over.
func (l *rowLists) row(cells []outcome) cellRow {
	n := len(cells)
	nb := n / rowBlock
	out := cellRow{n: n}
	if t := cells[nb*rowBlock:]; len(t) > 0 {
		out.tail = t[:len(t):len(t)]
	}
	if nb == 0 {
		return out
	}
	if len(l.free) < nb {
		l.batch = min(max(2*l.batch, 1), listRows)
		l.free = make([]*cellBlock, nb*l.batch)
	}
	out.blocks = l.free[:nb:nb]
	l.free = l.free[nb:]
	for b := range out.blocks {
		out.blocks[b] = (*cellBlock)(cells[b*rowBlock:])
	}
	return out
}

// outcome is a stored cell: what Cell says besides its endpoints (a third
// of Cell's size, one pointer instead of three for the collector).
type outcome struct {
	reason string
	disp   trace.Disposition
}

// outcomeOf is c's outcome.
func outcomeOf(c Cell) outcome { return outcome{reason: c.Reason, disp: c.Disposition} }

// at is the cell of row r whose outcome o is stored at place k.
func (m *Matrix) at(r, k int, o outcome) Cell {
	j := k
	if j >= r {
		j++ // the diagonal is left out
	}
	return Cell{From: m.Rows[r], To: m.Cols[j], Disposition: o.disp, Reason: o.reason}
}

// newMatrix returns a matrix with rows and cols and room for len(rows)
// rows of cells.
func newMatrix(rows, cols []string) *Matrix {
	return &Matrix{Rows: rows, Cols: cols, cells: make([]cellRow, 0, len(rows))}
}

// width is the number of cells in every row.
func (m *Matrix) width() int {
	if len(m.cells) == 0 {
		return 0
	}
	return m.cells[0].len()
}

// Len is the number of cells: every row's, the diagonal left out.
func (m *Matrix) Len() int { return len(m.cells) * m.width() }

// Cell is cell i in row-major order (0 ≤ i < Len()). It panics when i is
// out of range.
func (m *Matrix) Cell(i int) Cell {
	w := m.width()
	if i < 0 || i >= len(m.cells)*w {
		panic(fmt.Sprintf("reach: cell %d of a %d-cell matrix", i, len(m.cells)*w))
	}
	return m.at(i/w, i%w, m.cells[i/w].at(i%w))
}

// Row is row r's cells (From is Rows[r]), in Cols order without Rows[r],
// in a new slice.
func (m *Matrix) Row(r int) []Cell {
	row := m.cells[r]
	out := make([]Cell, 0, row.len())
	for b := range row.parts() {
		for _, o := range row.block(b) {
			out = append(out, m.at(r, len(out), o))
		}
	}
	return out
}

// SharesRow reports whether m's row r is prev's row r itself (copy on
// write: Tracked.Update shares the rows in which no cell changed; a row
// in which a cell changed is a new list of blocks, sharing the blocks in
// which none did).
func (m *Matrix) SharesRow(prev *Matrix, r int) bool { return m.cells[r].is(prev.cells[r]) }

// is reports whether row and o are one row: the same list of blocks, or
// for rows shorter than a block the same tail.
func (row cellRow) is(o cellRow) bool {
	if len(row.blocks) > 0 || len(o.blocks) > 0 {
		return len(row.blocks) > 0 && len(o.blocks) > 0 && &row.blocks[0] == &o.blocks[0]
	}
	return len(row.tail) > 0 && len(o.tail) > 0 && &row.tail[0] == &o.tail[0]
}

// All yields every cell with its row-major index, row by row.
func (m *Matrix) All() iter.Seq2[int, Cell] {
	return func(yield func(int, Cell) bool) {
		i := 0
		for r, row := range m.cells {
			k := 0
			for b := range row.parts() {
				for _, o := range row.block(b) {
					if !yield(i, m.at(r, k, o)) {
						return
					}
					i++
					k++
				}
			}
		}
	}
}

// matrixJSON is a Matrix's JSON form: the cells as one flat slice.
type matrixJSON struct {
	Rows  []string `json:"rows"`
	Cols  []string `json:"cols"`
	Cells []Cell   `json:"cells"` // row-major, the diagonal left out
}

// MarshalJSON encodes m as {"rows", "cols", "cells"} with the cells flat
// in row-major order. It escapes no HTML characters: the encoder that
// calls it escapes them, or not, as it would a flat slice's (encoding/json
// re-escapes a Marshaler's output when its HTML escaping is on), so the
// bytes are the same under either setting. The value receiver lets a
// Matrix held by value encode the same as a *Matrix.
func (m Matrix) MarshalJSON() ([]byte, error) {
	var flat []Cell // nil for the zero Matrix, as a nil flat slice was
	if m.cells != nil {
		flat = make([]Cell, 0, m.Len())
	}
	for _, c := range m.All() {
		flat = append(flat, c)
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(matrixJSON{Rows: m.Rows, Cols: m.Cols, Cells: flat}); err != nil {
		return nil, fmt.Errorf("reach: encoding the matrix: %w", err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n")), nil
}

// rowBuilder makes one row of a new matrix against the same row of the
// previous matrix (nil when there is none): while every cell added equals
// the previous row's cell at that place it copies nothing, and a row that
// ends equal to the previous one is that row, shared. The first differing
// cell copies the equal prefix into a new row of capacity width.
type rowBuilder struct {
	prev  cellRow
	cur   []outcome // nil while the row still equals prev's prefix
	n     int       // cells added
	width int
	lists rowLists
}

// start begins a row of width cells against prev.
func (b *rowBuilder) start(prev cellRow, width int) {
	b.prev, b.cur, b.n, b.width = prev, nil, 0, width
}

// add appends the row's next cell.
func (b *rowBuilder) add(c outcome) {
	if b.cur == nil && b.n < b.prev.len() && b.prev.at(b.n) == c {
		b.n++
		return
	}
	if b.cur == nil {
		b.cur = b.prefix(max(b.width, b.n+1))
	}
	b.cur = append(b.cur, c)
	b.n++
}

// prefix is a new flat row holding prev's first n cells, with room for
// c cells.
func (b *rowBuilder) prefix(c int) []outcome {
	out := make([]outcome, 0, c)
	for k := 0; len(out) < b.n; k++ {
		block := b.prev.block(k)
		out = append(out, block[:min(len(block), b.n-len(out))]...)
	}
	return out
}

// row is the finished row: prev itself when it equals it, else a row of its
// own.
func (b *rowBuilder) row() cellRow {
	switch {
	case b.cur != nil:
		return b.lists.row(b.cur)
	case b.n == b.prev.len() && b.prev.n > 0:
		return b.prev
	default: // a prefix of prev, or empty
		return b.lists.row(b.prefix(b.n))
	}
}

// cowRows is the rows of a matrix being derived from a previous one's: it
// shares every row until one of its cells is set, then copies that row's
// list of blocks, and each block before its first cell is set; a row in
// which more than whole blocks are set is copied whole at once (an edit
// that changes most of the matrix, as a UDR every walk looks up, copied
// each block on its own). The previous matrix's rows and blocks are never
// written.
type cowRows struct {
	rows  []cellRow
	owned []bool   // rows whose list of blocks was copied here
	mine  []uint64 // by row × blocks a row + block: blocks copied here, which set may write
	nb    int      // blocks a row, its tail counted
	// copied counts, by row, the blocks copied one by one; whole is how
	// many a row's blocks are copied so before the rest at once.
	copied []uint8
	whole  uint8
}

// wholeAfter is how many blocks of a row cowRows copies one by one before
// it copies the rest of the row at once, unless told most cells change
// (shareRows).
const wholeAfter = 3

// shareRows starts from prev's rows, owning none of them. With most, most
// of the cells are expected to change: a row is copied whole at its first
// change.
func shareRows(prev []cellRow, most bool) cowRows {
	w := cowRows{rows: slices.Clone(prev), owned: make([]bool, len(prev)), whole: wholeAfter}
	if most {
		w.whole = 0
	}
	if len(prev) > 0 {
		w.nb = prev[0].parts()
	}
	return w
}

// set replaces cell k of row r, copying the row's list of blocks and then
// the cell's block (or the row's tail) first if they are shared.
func (w *cowRows) set(r, k int, c outcome) {
	row := &w.rows[r]
	if !w.owned[r] {
		row.blocks = slices.Clone(row.blocks)
		w.owned[r] = true
	}
	b := k / rowBlock
	bit := r*w.nb + b
	if w.mine == nil {
		w.mine = make([]uint64, (len(w.rows)*w.nb+63)/64)
		w.copied = make([]uint8, len(w.rows))
	}
	if w.mine[bit/64]&(1<<(bit%64)) == 0 {
		if w.copied[r] == w.whole {
			w.copyRow(r)
		} else {
			w.copied[r]++
			w.copyPart(r, b)
		}
	}
	if b == len(row.blocks) { // the tail
		row.tail[k%rowBlock] = c
		return
	}
	row.blocks[b][k%rowBlock] = c
}

// copyPart copies part b of row r (a block, or the tail) and owns it.
func (w *cowRows) copyPart(r, b int) {
	row := &w.rows[r]
	if b == len(row.blocks) {
		row.tail = slices.Clone(row.tail)
	} else {
		copied := *row.blocks[b]
		row.blocks[b] = &copied
	}
	bit := r*w.nb + b
	w.mine[bit/64] |= 1 << (bit % 64)
}

// copyRow copies every part of row r it does not own yet into one new
// array and owns them all.
func (w *cowRows) copyRow(r int) {
	row := &w.rows[r]
	cells := make([]outcome, 0, row.n)
	for b := range row.parts() {
		cells = append(cells, row.block(b)...)
	}
	for b := range row.parts() {
		bit := r*w.nb + b
		if w.mine[bit/64]&(1<<(bit%64)) != 0 {
			continue // copied already: kept
		}
		if lo := b * rowBlock; b == len(row.blocks) {
			row.tail = cells[lo:len(cells):len(cells)]
		} else {
			row.blocks[b] = (*cellBlock)(cells[lo:])
		}
		w.mine[bit/64] |= 1 << (bit % 64)
	}
}
