package workspace

import (
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/gen"
	"vnetplay/engine/reach"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// TestMatrixViewSmallIsTheEngines: up to GroupAbove endpoints the view is
// the engine's matrix, cell for cell.
func TestMatrixViewSmallIsTheEngines(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	m := w.Snap().Matrix(w.Flow())
	v, _ := w.MatrixView()
	if v.Grouped || v.From != "" || len(v.Rows) != len(m.Rows) || len(v.Cols) != len(m.Cols) {
		t.Fatalf("view %d×%d grouped %v, matrix %d×%d", len(v.Rows), len(v.Cols), v.Grouped, len(m.Rows), len(m.Cols))
	}
	n := 0
	for i, row := range v.Cells {
		for j, c := range row {
			if c.Self {
				if v.Rows[i].Key != v.Cols[j].Key {
					t.Fatalf("%s → %s drawn as itself", v.Rows[i].Key, v.Cols[j].Key)
				}
				continue
			}
			want := m.Cell(n)
			if c.From != want.From || c.To != want.To || c.Disposition != want.Disposition || c.Reason != want.Reason {
				t.Fatalf("cell %d: %+v, want %+v", n, c, want)
			}
			n++
		}
	}
	if n != m.Len() {
		t.Fatalf("%d cells shown, %d in the matrix", n, m.Len())
	}
}

// TestMatrixViewGroupsBigDesigns: past GroupAbove endpoints the rows and
// columns are groups; over all pages every endpoint pair is counted in
// exactly one group cell with the engine's verdict (a uniform cell's
// disposition is every pair's); a drill-down shows the two groups'
// endpoints with the engine's cells; pages clamp.
func TestMatrixViewGroupsBigDesigns(t *testing.T) {
	doc := &scenario.Document{Topology: gen.HubSpokeScale(gen.Params{N: 60, Subnets: 2, Prefixes: 10, Seed: 1})}
	plane := engine.Analyze(doc).Plane
	m := reach.Compute(plane, trace.Flow{Protocol: "Tcp", DstPort: 443})
	if len(m.Rows) <= GroupAbove {
		t.Fatalf("only %d endpoints", len(m.Rows))
	}
	byPair := map[[2]string]reach.Cell{}
	for _, c := range m.All() {
		byPair[[2]string{c.From, c.To}] = c
	}
	groups, _ := groupEndpoints(plane, m.Rows)
	member := map[string]string{reach.Internet: reach.Internet}
	for k, es := range groups {
		for _, e := range es {
			member[e] = k
		}
	}
	first := buildMatrixView(plane, m, trace.Flow{}, matrixState{})
	if !first.Grouped || first.RowPage.Total <= GroupPage || first.ColPage.Total != first.RowPage.Total+1 {
		t.Fatalf("grouped %v, row groups %d, column groups %d", first.Grouped, first.RowPage.Total, first.ColPage.Total)
	}
	// The expected sums, per pair of groups, from the engine's cells.
	type sum struct {
		n, good int
		d       trace.Disposition
		mixed   bool
	}
	want := map[[2]string]*sum{}
	for pair, cell := range byPair {
		k := [2]string{member[pair[0]], member[pair[1]]}
		s := want[k]
		if s == nil {
			s = &sum{d: cell.Disposition}
			want[k] = s
		}
		s.n++
		if cell.Disposition.Success() {
			s.good++
		}
		if cell.Disposition != s.d {
			s.mixed = true
		}
	}
	total, ok := 0, 0
	for rp := 0; rp*GroupPage < first.RowPage.Total; rp++ {
		for cp := 0; cp*GroupPage < first.ColPage.Total; cp++ {
			v := buildMatrixView(plane, m, trace.Flow{}, matrixState{rowPage: rp, colPage: cp})
			if len(v.Rows) > GroupPage || len(v.Cols) > GroupPage || v.RowPage.Start != rp*GroupPage {
				t.Fatalf("page %d,%d: %d×%d from %d", rp, cp, len(v.Rows), len(v.Cols), v.RowPage.Start)
			}
			for i, row := range v.Cells {
				for j, c := range row {
					r, col := v.Rows[i].Key, v.Cols[j].Key
					s := want[[2]string{r, col}]
					if s == nil {
						s = &sum{}
					}
					if c.Total != s.n || c.OK != s.good || c.Uniform == s.mixed || (!s.mixed && s.n > 0 && c.Disposition != s.d) {
						t.Fatalf("%s → %s: %+v, want %+v", r, col, c, *s)
					}
					total, ok = total+c.Total, ok+c.OK
				}
			}
		}
	}
	good := 0
	for _, c := range m.All() {
		if c.Disposition.Success() {
			good++
		}
	}
	if total != m.Len() || ok != good {
		t.Fatalf("the pages count %d pairs (%d through), the matrix has %d (%d)", total, ok, m.Len(), good)
	}

	last := buildMatrixView(plane, m, trace.Flow{}, matrixState{rowPage: 99, colPage: 99})
	if last.RowPage.Start+last.RowPage.Size != last.RowPage.Total || last.ColPage.Start+last.ColPage.Size != last.ColPage.Total {
		t.Fatalf("a page past the end: rows %+v, columns %+v", last.RowPage, last.ColPage)
	}

	from, to := "vnet:spoke001", "vnet:hub"
	d := buildMatrixView(plane, m, trace.Flow{}, matrixState{from: from, to: to})
	if d.Grouped || d.From != from || len(d.Rows) != len(groups[from]) || len(d.Cols) != len(groups[to]) {
		t.Fatalf("drill-down %s → %s: %d×%d, grouped %v", from, to, len(d.Rows), len(d.Cols), d.Grouped)
	}
	for _, row := range d.Cells {
		for _, c := range row {
			if want := byPair[[2]string{c.From, c.To}]; !c.Self && (c.Disposition != want.Disposition || c.Reason != want.Reason) {
				t.Fatalf("drill-down cell %+v, want %+v", c, want)
			}
		}
	}
	if back := buildMatrixView(plane, m, trace.Flow{}, matrixState{from: "vnet:gone", to: to}); !back.Grouped {
		t.Fatal("a drill-down into a group that is gone does not fall back to the groups")
	}
}
