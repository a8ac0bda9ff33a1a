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
// column's. Read them with Len, Cell, Row and All. A Matrix is immutable
// once returned: a matrix derived by Tracked.Update shares every row of
// the previous one in which no cell changed (copy on write, SharesRow), so
// neither may ever be written.
//
// Its JSON is {"rows": […], "cols": […], "cells": […]} with the cells
// flat in row-major order, byte for byte what a flat slice of cells
// encodes to (MarshalJSON).
type Matrix struct {
	Rows []string `json:"rows"`
	Cols []string `json:"cols"`
	// cells[r] is row r's cells; rows are shared between matrix versions
	// and never written once the matrix is returned.
	cells [][]outcome
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
	return &Matrix{Rows: rows, Cols: cols, cells: make([][]outcome, 0, len(rows))}
}

// width is the number of cells in every row.
func (m *Matrix) width() int {
	if len(m.cells) == 0 {
		return 0
	}
	return len(m.cells[0])
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
	return m.at(i/w, i%w, m.cells[i/w][i%w])
}

// Row is row r's cells (From is Rows[r]), in Cols order without Rows[r],
// in a new slice.
func (m *Matrix) Row(r int) []Cell {
	out := make([]Cell, len(m.cells[r]))
	for k, o := range m.cells[r] {
		out[k] = m.at(r, k, o)
	}
	return out
}

// SharesRow reports whether m's row r is prev's row r itself (copy on
// write: Tracked.Update shares the rows in which no cell changed).
func (m *Matrix) SharesRow(prev *Matrix, r int) bool {
	a, b := m.cells[r], prev.cells[r]
	return len(a) > 0 && len(b) > 0 && &a[0] == &b[0]
}

// All yields every cell with its row-major index, row by row.
func (m *Matrix) All() iter.Seq2[int, Cell] {
	return func(yield func(int, Cell) bool) {
		i := 0
		for r, row := range m.cells {
			for k, o := range row {
				if !yield(i, m.at(r, k, o)) {
					return
				}
				i++
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
	prev  []outcome
	cur   []outcome // nil while the row still equals prev's prefix
	n     int       // cells added
	width int
}

// start begins a row of width cells against prev.
func (b *rowBuilder) start(prev []outcome, width int) {
	*b = rowBuilder{prev: prev, width: width}
}

// add appends the row's next cell.
func (b *rowBuilder) add(c outcome) {
	if b.cur == nil && b.n < len(b.prev) && b.prev[b.n] == c {
		b.n++
		return
	}
	if b.cur == nil {
		b.cur = make([]outcome, b.n, max(b.width, b.n+1))
		copy(b.cur, b.prev[:b.n])
	}
	b.cur = append(b.cur, c)
	b.n++
}

// row is the finished row: prev itself when it equals it, else a row of its
// own.
func (b *rowBuilder) row() []outcome {
	switch {
	case b.cur != nil:
		return b.cur
	case b.n == len(b.prev) && b.prev != nil:
		return b.prev
	default: // a prefix of prev, or empty
		return append(make([]outcome, 0, b.n), b.prev[:b.n]...)
	}
}

// cowRows is the rows of a matrix being derived from a previous one's: it
// shares every row until one of its cells is set, copying that row first.
// The previous matrix's rows are never written.
type cowRows struct {
	rows  [][]outcome
	owned []bool // rows copied here, which set may write
}

// shareRows starts from prev's rows, owning none of them.
func shareRows(prev [][]outcome) cowRows {
	return cowRows{rows: slices.Clone(prev), owned: make([]bool, len(prev))}
}

// set replaces cell k of row r, copying the row first if it is shared.
func (w *cowRows) set(r, k int, c outcome) {
	if !w.owned[r] {
		w.rows[r] = slices.Clone(w.rows[r])
		w.owned[r] = true
	}
	w.rows[r][k] = c
}
