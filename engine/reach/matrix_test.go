package reach

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// flat is m's cells in row-major order, as one new slice.
func flat(m *Matrix) []Cell {
	var out []Cell
	for _, c := range m.All() {
		out = append(out, c)
	}
	return out
}

// sameArray reports whether two non-empty rows are the same array.
func sameArray[T any](a, b []T) bool { return len(a) > 0 && len(b) > 0 && &a[0] == &b[0] }

// TestMatrixReading: Len, Cell, Row and All read the rows in row-major
// order, the diagonal left out, every row len(Cols)-1 cells long.
func TestMatrixReading(t *testing.T) {
	tp := topo()
	m := Compute(dataplane.Build(&tp), trace.Flow{})
	if m.Len() != len(m.Rows)*(len(m.Cols)-1) || m.Len() != 9 {
		t.Fatalf("Len %d for %d rows and %d columns", m.Len(), len(m.Rows), len(m.Cols))
	}
	n := 0
	for i, c := range m.All() {
		if i != n || m.Cell(i) != c || m.Row(i / 3)[i%3] != c || c.From != m.Rows[i/3] {
			t.Fatalf("cell %d: All %+v, Cell %+v, Row %+v", i, c, m.Cell(i), m.Row(i / 3)[i%3])
		}
		n++
	}
	if n != m.Len() {
		t.Fatalf("All yielded %d cells, Len %d", n, m.Len())
	}
	for i, c := range m.All() { // stopping early
		if i == 1 {
			break
		}
		_ = c
	}
	var empty Matrix
	if empty.Len() != 0 || len(flat(&empty)) != 0 {
		t.Fatal("the zero matrix has cells")
	}
}

// TestMatrixJSON: a Matrix encodes to the very bytes a flat slice of its
// cells encoded to (what `vnetplay reach --json` wrote before rows), with
// and without HTML escaping, indented or not, by value or by pointer.
func TestMatrixJSON(t *testing.T) {
	tp := topo()
	m := Compute(dataplane.Build(&tp), trace.Flow{})
	w := shareRows(m.cells, false)
	w.set(1, 0, outcome{reason: "a <b> & c\u2028d \"q\"", disp: m.cells[1].at(0).disp})
	m.cells = w.rows
	old := matrixJSON{Rows: m.Rows, Cols: m.Cols, Cells: flat(m)}
	for _, escape := range []bool{true, false} {
		for _, indent := range []string{"", "  "} {
			want := encode(t, old, escape, indent)
			if got := encode(t, m, escape, indent); !bytes.Equal(got, want) {
				t.Errorf("escape %v indent %q: *Matrix\n%s\nflat\n%s", escape, indent, got, want)
			}
			if got := encode(t, *m, escape, indent); !bytes.Equal(got, want) {
				t.Errorf("escape %v indent %q: Matrix by value\n%s\nflat\n%s", escape, indent, got, want)
			}
		}
	}
	if got, want := encode(t, Matrix{}, true, ""), encode(t, matrixJSON{}, true, ""); !bytes.Equal(got, want) {
		t.Errorf("zero matrix: %s, want %s", got, want)
	}
}

// encode is v through a json.Encoder with the given settings.
func encode(t *testing.T, v any, escape bool, indent string) []byte {
	t.Helper()
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(escape)
	enc.SetIndent("", indent)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// testRow is a row of n cells, each reason naming its row and place.
func testRow(name string, n int) []outcome {
	out := make([]outcome, n)
	for k := range out {
		out[k] = outcome{reason: fmt.Sprintf("%s %d", name, k)}
	}
	return out
}

// flatRow is row's cells in one new slice.
func flatRow(row cellRow) []outcome {
	var out []outcome
	for k := range row.len() {
		out = append(out, row.at(k))
	}
	return out
}

// TestRowBuilder: a row built equal to the previous one is that row; one
// cell different makes a row of its own, the previous row untouched.
func TestRowBuilder(t *testing.T) {
	var lists rowLists
	cells := testRow("to", 2*rowBlock+3)
	prev := lists.row(slices.Clone(cells))
	if len(prev.blocks) != 2 || len(prev.tail) != 3 || !slices.Equal(flatRow(prev), cells) {
		t.Fatalf("a row of %d cells in %d blocks and %d more: %v", len(cells), len(prev.blocks), len(prev.tail), flatRow(prev))
	}
	var b rowBuilder
	for k := -1; k < len(cells); k++ { // k: the cell changed, -1 none
		b.start(prev, len(cells))
		want := slices.Clone(cells)
		for i, c := range cells {
			if i == k {
				c.reason = "changed"
				want[i] = c
			}
			b.add(c)
		}
		row := b.row()
		if shared := row.is(prev); shared != (k < 0) || row.len() != len(cells) {
			t.Fatalf("change at %d: shared %v, %d cells", k, shared, row.len())
		}
		if got := flatRow(row); !slices.Equal(got, want) {
			t.Fatalf("change at %d: %v", k, got)
		}
		if !slices.Equal(flatRow(prev), cells) {
			t.Fatalf("change at %d wrote the previous row", k)
		}
	}
	b.start(cellRow{}, 2) // no previous row
	b.add(cells[0])
	if row := b.row(); row.len() != 1 || row.at(0) != cells[0] || row.is(prev) {
		t.Fatalf("a row without a previous one: %+v", row)
	}
	for _, n := range []int{1, rowBlock, rowBlock + 1} { // a shorter row than the previous one is not the previous one
		b.start(prev, len(cells))
		for _, c := range cells[:n] {
			b.add(c)
		}
		if row := b.row(); !slices.Equal(flatRow(row), cells[:n]) || row.is(prev) || !reflect.DeepEqual(row, lists.row(slices.Clone(cells[:n]))) {
			t.Fatalf("a row of %d cells: %+v", n, row)
		}
	}
}

// TestCowRows: setting a cell copies its row's list of blocks once and
// its block (or the row's tail) once; other rows and the row's other
// blocks stay shared, and the previous rows never change.
func TestCowRows(t *testing.T) {
	var lists rowLists
	n := 2*rowBlock + 3
	prev := []cellRow{lists.row(testRow("a to", n)), lists.row(testRow("b to", n))}
	keep := [][]outcome{flatRow(prev[0]), flatRow(prev[1])}
	w := shareRows(prev, false)
	w.set(1, 0, outcome{reason: "x"})
	w.set(1, 1, outcome{reason: "y"})
	w.set(1, 2*rowBlock+1, outcome{reason: "z"})
	w.set(1, 2*rowBlock+2, outcome{reason: "w"})
	if !w.rows[0].is(prev[0]) || w.rows[1].is(prev[1]) {
		t.Fatal("want row 0 shared, row 1 copied")
	}
	if b := w.rows[1].blocks; b[0] == prev[1].blocks[0] || b[1] != prev[1].blocks[1] || sameArray(w.rows[1].tail, prev[1].tail) {
		t.Fatal("want row 1's block 0 and tail copied, block 1 shared")
	}
	want := slices.Clone(keep[1])
	want[0], want[1], want[2*rowBlock+1], want[2*rowBlock+2] = outcome{reason: "x"}, outcome{reason: "y"}, outcome{reason: "z"}, outcome{reason: "w"}
	if got := flatRow(w.rows[1]); !slices.Equal(got, want) {
		t.Fatalf("row 1: %+v", got)
	}
	if !slices.Equal(flatRow(prev[0]), keep[0]) || !slices.Equal(flatRow(prev[1]), keep[1]) {
		t.Fatal("set wrote the previous rows")
	}
	// A row in which more than wholeAfter blocks change is copied whole at
	// the next: every cell set, the previous row unchanged.
	wide := []cellRow{lists.row(testRow("e to", 5*rowBlock+3)), lists.row(testRow("f to", 5*rowBlock+3))}
	keepWide := [][]outcome{flatRow(wide[0]), flatRow(wide[1])}
	w = shareRows(wide, false)
	wantWide := slices.Clone(keepWide[1])
	for b := range wide[1].parts() {
		k := b*rowBlock + b%3
		w.set(1, k, outcome{reason: fmt.Sprint("set ", k)})
		wantWide[k] = outcome{reason: fmt.Sprint("set ", k)}
		if b == 1 { // again in a block copied already
			w.set(1, k+1, outcome{reason: "again"})
			wantWide[k+1] = outcome{reason: "again"}
		}
	}
	if got := flatRow(w.rows[1]); !slices.Equal(got, wantWide) || w.copied[1] != wholeAfter {
		t.Fatalf("wide row (%d blocks copied one by one): %+v", w.copied[1], got)
	}
	for b := range wide[1].parts() {
		if !w.rows[0].is(wide[0]) || w.rows[1].is(wide[1]) || sameArray(w.rows[1].block(b), wide[1].block(b)) {
			t.Fatalf("wide rows: row 0 shared %v, row 1 shared %v, part %d shared", w.rows[0].is(wide[0]), w.rows[1].is(wide[1]), b)
		}
	}
	if !slices.Equal(flatRow(wide[0]), keepWide[0]) || !slices.Equal(flatRow(wide[1]), keepWide[1]) {
		t.Fatal("set wrote the previous wide rows")
	}
	w = shareRows(wide, true) // most cells to change: a row copied whole at its first
	w.set(1, 1, outcome{reason: "first"})
	for b := range wide[1].parts() {
		if sameArray(w.rows[1].block(b), wide[1].block(b)) {
			t.Fatalf("a row copied whole at its first change shares part %d", b)
		}
	}
	wantWide = slices.Clone(keepWide[1])
	wantWide[1] = outcome{reason: "first"}
	if got := flatRow(w.rows[1]); !slices.Equal(got, wantWide) || !slices.Equal(flatRow(wide[1]), keepWide[1]) || !w.rows[0].is(wide[0]) {
		t.Fatalf("a row copied whole at its first change: %+v", got)
	}
	short := []cellRow{lists.row(testRow("c to", 3)), lists.row(testRow("d to", 3))} // rows shorter than a block: a tail alone
	w = shareRows(short, false)
	w.set(1, 2, outcome{reason: "v"})
	if !w.rows[0].is(short[0]) || w.rows[1].is(short[1]) || short[1].at(2).reason != "d to 2" || w.rows[1].at(2).reason != "v" {
		t.Fatalf("short rows: %+v, previous %+v", w.rows, short)
	}
}

// TestUpdateSharesUnchangedRows: after each kind of edit (a UDR: cells
// patched by prefix; a peering flag: links changed; a failed circuit: BGP
// changed), the updated matrix equals a full compute, every row equal to
// the previous matrix's row is that row (the same array), every other
// row is a new array, and the previous matrix is unchanged.
func TestUpdateSharesUnchangedRows(t *testing.T) {
	base := gen.HubSpokeScale(gen.Params{N: 4, Prefixes: 10, UDRs: 4, Seed: 5})
	edits := map[string]func(tp *model.Topology) []model.Failure{
		"udr": func(tp *model.Topology) []model.Failure {
			tp.RouteTables = slices.Clone(tp.RouteTables)
			rt := &tp.RouteTables[0]
			rt.Routes = append(slices.Clone(rt.Routes), model.Route{Name: "x", AddressPrefix: "10.1.4.0/22", NextHopType: model.HopNone})
			return nil
		},
		"peering": func(tp *model.Topology) []model.Failure {
			tp.Peerings = slices.Clone(tp.Peerings)
			tp.Peerings[0].B.AllowForwardedTraffic = !tp.Peerings[0].B.AllowForwardedTraffic
			return nil
		},
		"circuit": func(tp *model.Topology) []model.Failure {
			if len(tp.Circuits) == 0 {
				return nil
			}
			return []model.Failure{{Kind: model.CircuitDown, Target: tp.Circuits[0].ID}}
		},
	}
	for name, edit := range edits {
		t.Run(name, func(t *testing.T) {
			p0 := dataplane.Build(&base)
			prev := ComputeTracked(p0, trace.Flow{}, trace.Options{})
			before := flat(prev.Matrix)
			after := base
			fails := edit(&after)
			p1 := dataplane.Update(p0, &after, dataplane.WithFailures(fails))
			next, d := prev.Update(p1)
			if want := ComputePerPair(p1, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(next.Matrix, want) {
				t.Fatal("updated matrix differs from a full compute")
			}
			if !slices.Equal(flat(prev.Matrix), before) {
				t.Fatal("Update wrote the previous matrix")
			}
			shared, copied := rowSharing(t, prev.Matrix, next.Matrix)
			if shared == 0 {
				t.Errorf("no row shared (%+v)", d)
			}
			t.Logf("%s: %d rows shared, %d copied, %+v", name, shared, copied, d)
		})
	}
}

// rowSharing checks that next shares exactly the rows of prev it equals
// and returns how many rows it shares and how many it does not.
func rowSharing(t *testing.T, prev, next *Matrix) (shared, copied int) {
	t.Helper()
	if !slices.Equal(prev.Rows, next.Rows) {
		t.Fatal("the edit changed the rows")
	}
	for r := range next.Rows {
		equal, same := slices.Equal(prev.Row(r), next.Row(r)), next.SharesRow(prev, r)
		if equal != same {
			t.Fatalf("row %d: equal %v, shared %v", r, equal, same)
		}
		if same {
			shared++
		} else {
			copied++
		}
	}
	if shared+copied == 0 {
		t.Fatalf("no rows in %d cells", next.Len())
	}
	return shared, copied
}

// TestWideRowsPatchKeepsPrev: an edit that changes most of a matrix whose
// rows span several blocks (the VNets' ranges dropped by every spoke's
// table) copies rows whole after a few blocks (cowRows), and still leaves
// the previous matrix as it was, equals a full compute, and shares
// exactly the rows it equals.
func TestWideRowsPatchKeepsPrev(t *testing.T) {
	base := gen.HubSpokeScale(gen.Params{N: 66, Subnets: 1, Prefixes: 10, UDRs: 2, Seed: 6})
	p0 := dataplane.Build(&base)
	prev := ComputeTracked(p0, trace.Flow{}, trace.Options{})
	if w := prev.Matrix.width(); w <= 4*rowBlock {
		t.Fatalf("rows of %d cells: fewer than %d blocks", w, 4)
	}
	before := flat(prev.Matrix)
	after := base
	after.RouteTables = slices.Clone(after.RouteTables)
	rt := &after.RouteTables[0]
	rt.Routes = append(slices.Clone(rt.Routes), model.Route{Name: "x", AddressPrefix: "10.0.0.0/9", NextHopType: model.HopNone})
	p1 := dataplane.Update(p0, &after)
	next, d := prev.Update(p1)
	if want := ComputePerPair(p1, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(next.Matrix, want) {
		t.Fatal("updated matrix differs from a full compute")
	}
	if !slices.Equal(flat(prev.Matrix), before) {
		t.Fatal("Update wrote the previous matrix")
	}
	if d.Changed < next.Matrix.Len()/2 {
		t.Fatalf("%d cells of %d changed: the edit tests no wide change", d.Changed, next.Matrix.Len())
	}
	shared, copied := rowSharing(t, prev.Matrix, next.Matrix)
	t.Logf("%d rows shared, %d copied, %+v", shared, copied, d)
}
