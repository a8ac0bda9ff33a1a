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

// cellRow is one row's cells in blocks of rowBlock cells, the last one
// possibly shorter (none for an empty row). An edit that changes a column
// changes a cell in every row: copying the row's list of blocks and the one
// block that changed, instead of the whole row, is what keeps that edit's
// copies small (a 500-VNet row is 12 KB; its list and a block 1.1 KB).
// Every way of making a matrix blocks its rows the same way, so equal
// matrices are reflect.DeepEqual.
type cellRow [][]outcome

// at is the row's cell k.
func (row cellRow) at(k int) outcome { return row[k/rowBlock][k%rowBlock] }

// len is how many cells the row holds.
func (row cellRow) len() int {
	if len(row) == 0 {
		return 0
	}
	return (len(row)-1)*rowBlock + len(row[len(row)-1])
}

// blockCount is how many blocks a row of n cells has.
func blockCount(n int) int { return (n + rowBlock - 1) / rowBlock }

// rowLists hands out the lists of blocks of a matrix's rows, taking them
// from larger allocations so that a cold matrix does not allocate a list
// per row besides the row itself: for one row at first, then twice as
// many rows each time, up to listRows.
type rowLists struct {
	free  [][]outcome
	batch int // rows the last allocation was for
}

// listRows is how many rows' lists rowLists allocates at most at once.
const listRows = 64

// row returns flat, a whole row, as a cellRow whose blocks are flat's
// parts (each capped at its end: a block is never appended to).
func (l *rowLists) row(flat []outcome) cellRow {
	nb := blockCount(len(flat))
	if nb == 0 {
		return nil
	}
	if len(l.free) < nb {
		l.batch = min(max(2*l.batch, 1), listRows)
		l.free = make([][]outcome, nb*l.batch)
	}
	out := cellRow(l.free[:nb:nb])
	l.free = l.free[nb:]
	for b := range out {
		lo, hi := b*rowBlock, min((b+1)*rowBlock, len(flat))
		out[b] = flat[lo:hi:hi]
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
	out := make([]Cell, 0, m.cells[r].len())
	for _, block := range m.cells[r] {
		for _, o := range block {
			out = append(out, m.at(r, len(out), o))
		}
	}
	return out
}

// SharesRow reports whether m's row r is prev's row r itself (copy on
// write: Tracked.Update shares the rows in which no cell changed; a row
// in which a cell changed is a new list of blocks, sharing the blocks in
// which none did).
func (m *Matrix) SharesRow(prev *Matrix, r int) bool {
	a, b := m.cells[r], prev.cells[r]
	return len(a) > 0 && len(b) > 0 && &a[0] == &b[0]
}

// All yields every cell with its row-major index, row by row.
func (m *Matrix) All() iter.Seq2[int, Cell] {
	return func(yield func(int, Cell) bool) {
		i := 0
		for r, row := range m.cells {
			k := 0
			for _, block := range row {
				for _, o := range block {
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

// prefix is a new flat row holding prev's first n cells, of capacity c.
func (b *rowBuilder) prefix(c int) []outcome {
	out := make([]outcome, 0, c)
	for _, block := range b.prev {
		if len(out)+len(block) >= b.n {
			return append(out, block[:b.n-len(out)]...)
		}
		out = append(out, block...)
	}
	return out
}

// row is the finished row: prev itself when it equals it, else a row of its
// own.
func (b *rowBuilder) row() cellRow {
	switch {
	case b.cur != nil:
		return b.lists.row(b.cur)
	case b.n == b.prev.len() && b.prev != nil:
		return b.prev
	default: // a prefix of prev, or empty
		return b.lists.row(b.prefix(b.n))
	}
}

// cowRows is the rows of a matrix being derived from a previous one's: it
// shares every row until one of its cells is set, then copies that row's
// list of blocks, and each block before its first cell is set. The
// previous matrix's rows and blocks are never written.
type cowRows struct {
	rows  []cellRow
	owned []bool   // rows whose list of blocks was copied here
	mine  []uint64 // by row × blocks a row + block: blocks copied here, which set may write
	nb    int      // blocks a row
}

// shareRows starts from prev's rows, owning none of them.
func shareRows(prev []cellRow) cowRows {
	w := cowRows{rows: slices.Clone(prev), owned: make([]bool, len(prev))}
	if len(prev) > 0 {
		w.nb = len(prev[0])
	}
	return w
}

// set replaces cell k of row r, copying the row's list of blocks and then
// the cell's block first if they are shared.
func (w *cowRows) set(r, k int, c outcome) {
	if !w.owned[r] {
		w.rows[r] = slices.Clone(w.rows[r])
		w.owned[r] = true
	}
	b := k / rowBlock
	bit := r*w.nb + b
	if w.mine == nil {
		w.mine = make([]uint64, (len(w.rows)*w.nb+63)/64)
	}
	if w.mine[bit/64]&(1<<(bit%64)) == 0 {
		w.rows[r][b] = slices.Clone(w.rows[r][b])
		w.mine[bit/64] |= 1 << (bit % 64)
	}
	w.rows[r][b][k%rowBlock] = c
}
