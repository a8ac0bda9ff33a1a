package workspace

import (
	"slices"
	"strconv"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// The Reach panel's matrix, readable at any size: up to GroupAbove
// endpoints it is the engine's matrix, endpoint by endpoint; past that each
// row and column is a group (a VNet's endpoints, a site's hosts, a
// gateway's P2S clients; a VNet's private endpoints are a column group; the
// Internet stays one column), each cell says how
// many of its endpoint pairs get through, and a click drills down to that
// pair of groups' endpoints. Groups come GroupPage at a time.

// Matrix view limits.
const (
	GroupAbove = 50 // more endpoints than this: the matrix is shown by group
	GroupPage  = 40 // rows and columns of groups shown at once
)

// MatrixHead is a row or column of the view: an endpoint id, or a group.
type MatrixHead struct {
	Key   string // the endpoint id or the group key
	Label string
	Title string // the full name, with the group's endpoint count
	// PrivateEndpoint marks a private endpoint's column, or a group of
	// them: a destination only, it has no row.
	PrivateEndpoint bool `json:",omitempty"`
}

// MatrixCell is one cell of the view. For an endpoint pair it is the
// engine's cell; for a group pair, Total endpoint pairs of which OK get
// through, with the disposition they all share (Uniform) if they do.
type MatrixCell struct {
	Self        bool   // an endpoint to itself: no cell
	From, To    string // endpoint ids, or group keys
	Disposition trace.Disposition
	Reason      string
	OK, Total   int
	Uniform     bool
}

// MatrixPage is the part of a long list of groups shown: Start is the
// index of the first, Size how many, Total how many there are.
type MatrixPage struct{ Start, Size, Total int }

// MatrixView is what the Reach panel draws.
type MatrixView struct {
	Grouped    bool   // rows and columns are groups
	From, To   string // drilled into: the endpoints of this pair of groups ("" if not)
	FromLabel  string
	ToLabel    string
	Endpoints  int // endpoints in the design
	Rows, Cols []MatrixHead
	Cells      [][]MatrixCell // [row][column]
	RowPage    MatrixPage     // grouped only
	ColPage    MatrixPage
}

// matrixState is the view's navigation: the pair of groups drilled into and
// the pages of groups shown.
type matrixState struct {
	from, to         string
	rowPage, colPage int
	cache            matrixCache
}

// matrixCache keeps the last view built: the panel renders far more often
// than the matrix or the navigation change.
type matrixCache struct {
	m      *reach.Matrix
	p      *dataplane.Plane
	from   string
	to     string
	rp, cp int
	view   MatrixView
}

// DrillMatrix shows the endpoints of one pair of groups (empty From: back
// to the groups).
type DrillMatrix struct{ From, To string }

func (a DrillMatrix) apply(w *Workspace) []Task {
	w.matrix.from, w.matrix.to = a.From, a.To
	return nil
}

// MatrixPageTo shows another page of groups: Rows for the rows, otherwise
// the columns; Page counts from 0.
type MatrixPageTo struct {
	Rows bool
	Page int
}

func (a MatrixPageTo) apply(w *Workspace) []Task {
	if a.Rows {
		w.matrix.rowPage = max(a.Page, 0)
	} else {
		w.matrix.colPage = max(a.Page, 0)
	}
	return nil
}

// MatrixView is the matrix for the current design and flow, as the panel
// shows it, and whether it is the current design's (false: being updated,
// the last one shown meanwhile; nil Rows and Endpoints 0 before the first).
func (w *Workspace) MatrixView() (MatrixView, bool) {
	if w.deferred {
		n := w.matrix
		r, current := w.derivedFor(DeriveRequest{Kind: DeriveMatrix, Flow: w.flow.flow,
			Nav: MatrixNav{From: n.from, To: n.to, RowPage: n.rowPage, ColPage: n.colPage}})
		if r.Matrix == nil {
			return MatrixView{}, current
		}
		return *r.Matrix, current
	}
	return w.matrixNow(), true
}

// matrixNow is the matrix view computed in the page, kept until the matrix
// or the navigation changes: the panel renders far more often.
func (w *Workspace) matrixNow() MatrixView {
	snap := w.Snap()
	m, st := snap.Matrix(w.flow.flow), &w.matrix
	c := &st.cache
	if c.m != m || c.p != snap.Plane || c.from != st.from || c.to != st.to || c.rp != st.rowPage || c.cp != st.colPage {
		*c = matrixCache{m: m, p: snap.Plane, from: st.from, to: st.to, rp: st.rowPage, cp: st.colPage,
			view: buildMatrixView(snap.Plane, m, w.flow.flow.Trace(), *st)}
	}
	return c.view
}

// buildMatrixView groups m when it is large (see GroupAbove). Shown
// endpoint by endpoint, the matrix has a column for each private endpoint
// (reach.PrivateEndpointColumns), before the Internet's: flow traced to
// it from every row (reach.PrivateEndpointCells). Shown by group, the
// private endpoints are a column group per VNet (peGroupKey), before the
// Internet's: only the rows on the page shown are traced to those on it,
// and a drill-down traces its group's rows to its endpoints.
func buildMatrixView(p *dataplane.Plane, m *reach.Matrix, flow trace.Flow, st matrixState) MatrixView {
	v := MatrixView{Endpoints: len(m.Rows)}
	cells := make(map[[2]string]reach.Cell, m.Len())
	for _, c := range m.All() {
		cells[[2]string{c.From, c.To}] = c
	}
	pes := reach.PrivateEndpointColumns(p)
	if len(m.Rows) <= GroupAbove {
		cols := m.Cols
		if len(pes) > 0 {
			cols = withPrivateEndpoints(m.Cols, pes)
			addCells(cells, reach.PrivateEndpointCells(p, flow, m.Rows, pes))
		}
		v.Rows, v.Cols = endpointHeads(m.Rows), endpointHeads(cols)
		markPrivateEndpoints(p, v.Cols)
		v.Cells = endpointCells(m.Rows, cols, cells)
		return v
	}
	groups, order := groupEndpoints(p, m.Rows)
	colGroups := slices.Clone(order)
	colGroups = append(colGroups, groupPrivateEndpoints(p, pes, groups)...)
	if slices.Contains(m.Cols, reach.Internet) {
		groups[reach.Internet] = []string{reach.Internet}
		colGroups = append(colGroups, reach.Internet)
	}
	if rows, ok := groups[st.from]; ok && st.from != reach.Internet && !isPEGroup(st.from) {
		if cols, ok := groups[st.to]; ok {
			v.From, v.To, v.FromLabel, v.ToLabel = st.from, st.to, groupLabel(st.from), groupLabel(st.to)
			if isPEGroup(st.to) {
				addCells(cells, reach.PrivateEndpointCells(p, flow, rows, cols))
			}
			v.Rows, v.Cols = endpointHeads(rows), endpointHeads(cols)
			markPrivateEndpoints(p, v.Cols)
			v.Cells = endpointCells(rows, cols, cells)
			return v
		}
	}
	v.Grouped = true
	rowKeys, rp := page(order, st.rowPage)
	colKeys, cp := page(colGroups, st.colPage)
	v.RowPage, v.ColPage = rp, cp
	v.Rows, v.Cols = groupHeads(rowKeys, groups), groupHeads(colKeys, groups)
	addCells(cells, pageCellsToPrivateEndpoints(p, flow, rowKeys, colKeys, groups))
	v.Cells = make([][]MatrixCell, len(rowKeys))
	for i, r := range rowKeys {
		v.Cells[i] = make([]MatrixCell, len(colKeys))
		for j, c := range colKeys {
			v.Cells[i][j] = groupCell(r, c, groups, cells)
		}
	}
	return v
}

// peGroupKind is the group kind of a VNet's private endpoints: a column
// group only (a private endpoint starts no flow).
const peGroupKind = "pe"

// peGroupKey is the column group of the private endpoints in vnet.
func peGroupKey(vnet string) string { return peGroupKind + ":" + vnet }

func isPEGroup(k string) bool { return strings.HasPrefix(k, peGroupKind+":") }

// groupPrivateEndpoints puts each private endpoint of pes in its VNet's
// column group (peGroupKey) in groups, and returns the groups' keys in
// order.
func groupPrivateEndpoints(p *dataplane.Plane, pes []string, groups map[string][]string) []string {
	var keys []string
	for _, id := range pes {
		vnet := "?"
		if pe, ok := p.PrivateEndpoint(id); ok {
			vnet, _, _ = strings.Cut(pe.Subnet, "/")
		}
		k := peGroupKey(vnet)
		if _, ok := groups[k]; !ok {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], id)
	}
	slices.Sort(keys)
	return keys
}

// pageCellsToPrivateEndpoints traces the endpoints of the row groups rows
// to the private endpoints of the column groups cols (none when no column
// is a private endpoints' group): the cells a page of groups sums.
func pageCellsToPrivateEndpoints(p *dataplane.Plane, flow trace.Flow, rows, cols []string, groups map[string][]string) []reach.Cell {
	var pes, froms []string
	for _, k := range cols {
		if isPEGroup(k) {
			pes = append(pes, groups[k]...)
		}
	}
	if len(pes) == 0 {
		return nil
	}
	for _, k := range rows {
		froms = append(froms, groups[k]...)
	}
	return reach.PrivateEndpointCells(p, flow, froms, pes)
}

// addCells puts extra in cells by pair.
func addCells(cells map[[2]string]reach.Cell, extra []reach.Cell) {
	for _, c := range extra {
		cells[[2]string{c.From, c.To}] = c
	}
}

// markPrivateEndpoints marks and titles the heads that are private
// endpoints.
func markPrivateEndpoints(p *dataplane.Plane, heads []MatrixHead) {
	for i, h := range heads {
		if pe, ok := p.PrivateEndpoint(h.Key); ok {
			heads[i].Title = "private endpoint " + pe.ID + " (" + pe.IP.String() + ": " + pe.Describe() + ")"
			heads[i].PrivateEndpoint = true
		}
	}
}

// withPrivateEndpoints is cols with pes before the Internet's column (at
// the end when there is none).
func withPrivateEndpoints(cols, pes []string) []string {
	n := len(cols)
	if n > 0 && cols[n-1] == reach.Internet {
		n--
	}
	return slices.Concat(cols[:n], pes, cols[n:])
}

// groupEndpoints puts each endpoint in its group: a NIC in its VNet, an
// on-premises host in its site, a P2S client in its gateway's pool. It
// returns the groups and their keys in order (VNets, then the others).
func groupEndpoints(p *dataplane.Plane, endpoints []string) (map[string][]string, []string) {
	groups := map[string][]string{}
	for _, e := range endpoints {
		k := "vnet:?"
		if nic, ok := p.NIC(e); ok {
			vnet, _, _ := strings.Cut(nic.Subnet, "/")
			k = "vnet:" + vnet
		} else if h, ok := p.HybridEndpoint(e); ok {
			k = h.Kind + ":" + h.Owner
		}
		groups[k] = append(groups[k], e)
	}
	order := make([]string, 0, len(groups))
	for k := range groups {
		order = append(order, k)
	}
	slices.SortFunc(order, func(a, b string) int {
		av, bv := strings.HasPrefix(a, "vnet:"), strings.HasPrefix(b, "vnet:")
		if av != bv {
			if av {
				return -1
			}
			return 1
		}
		return strings.Compare(a, b)
	})
	return groups, order
}

// groupLabel is how a group is named on screen.
func groupLabel(k string) string {
	if k == reach.Internet {
		return k
	}
	kind, name, _ := strings.Cut(k, ":")
	switch kind {
	case "vnet":
		return name
	case peGroupKind:
		return name + " (private endpoints)"
	}
	return name + " (" + kind + ")"
}

// page is the part of keys on page n (clamped to the last page).
func page(keys []string, n int) ([]string, MatrixPage) {
	last := max(0, (len(keys)-1)/GroupPage)
	n = min(max(n, 0), last)
	start := n * GroupPage
	end := min(start+GroupPage, len(keys))
	return keys[start:end], MatrixPage{Start: start, Size: end - start, Total: len(keys)}
}

func endpointHeads(ids []string) []MatrixHead {
	out := make([]MatrixHead, len(ids))
	for i, id := range ids {
		out[i] = MatrixHead{Key: id, Label: strings.TrimSuffix(id, "/nic0"), Title: id}
	}
	return out
}

func groupHeads(keys []string, groups map[string][]string) []MatrixHead {
	out := make([]MatrixHead, len(keys))
	for i, k := range keys {
		n := len(groups[k])
		title := groupLabel(k)
		if k != reach.Internet {
			what := " endpoint"
			if isPEGroup(k) {
				what = " private endpoint"
			}
			title += ": " + strconv.Itoa(n) + what
			if n != 1 {
				title += "s"
			}
		}
		label := groupLabel(k)
		if isPEGroup(k) { // short, as a column's head: the title says it whole
			label = strings.TrimPrefix(k, peGroupKind+":") + " (PEs)"
		}
		out[i] = MatrixHead{Key: k, Label: label, Title: title, PrivateEndpoint: isPEGroup(k)}
	}
	return out
}

func endpointCells(rows, cols []string, cells map[[2]string]reach.Cell) [][]MatrixCell {
	out := make([][]MatrixCell, len(rows))
	for i, r := range rows {
		out[i] = make([]MatrixCell, len(cols))
		for j, c := range cols {
			cell, ok := cells[[2]string{r, c}]
			if !ok {
				out[i][j] = MatrixCell{Self: true, From: r, To: c}
				continue
			}
			ok1 := 0
			if cell.Disposition.Success() {
				ok1 = 1
			}
			out[i][j] = MatrixCell{From: r, To: c, Disposition: cell.Disposition, Reason: cell.Reason, OK: ok1, Total: 1, Uniform: true}
		}
	}
	return out
}

// groupCell sums the endpoint pairs of groups r → c (an endpoint to
// itself is no pair).
func groupCell(r, c string, groups map[string][]string, cells map[[2]string]reach.Cell) MatrixCell {
	out := MatrixCell{From: r, To: c, Uniform: true}
	first := true
	for _, a := range groups[r] {
		for _, b := range groups[c] {
			cell, ok := cells[[2]string{a, b}]
			if !ok {
				continue
			}
			out.Total++
			if cell.Disposition.Success() {
				out.OK++
			}
			if first {
				out.Disposition, out.Reason, first = cell.Disposition, cell.Reason, false
			} else if cell.Disposition != out.Disposition {
				out.Uniform = false
			}
		}
	}
	if out.Total == 0 {
		out.Self = true
	}
	return out
}
