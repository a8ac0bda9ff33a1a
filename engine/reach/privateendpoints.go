package reach

import (
	"context"
	"iter"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/trace"
)

// MaxPrivateEndpointColumns is how many private endpoints PrivateEndpointCells
// answers for at most: the first by id.
const MaxPrivateEndpointColumns = 20

// PrivateEndpointColumns are the private endpoints of p a reachability
// view has a column for: by id, at most MaxPrivateEndpointColumns. A
// private endpoint is a destination only: it never starts a flow
// (rule:private-endpoints.inbound-only-approved), so it has no row.
func PrivateEndpointColumns(p *dataplane.Plane) []string {
	ids := p.PrivateEndpoints()
	return ids[:min(len(ids), MaxPrivateEndpointColumns)]
}

// PrivateEndpointCells traces flow from each endpoint of froms to each
// private endpoint of pes, row by row, each cell the walk Explain gives
// for the pair (the endpoint's /32 route, the subnet's network policies,
// the connection's state, the reply's path: rule:private-endpoints.interface-endpoint-route,
// rule:private-endpoints.return-snat). It costs a walk per cell: the
// caller bounds froms and pes.
func PrivateEndpointCells(p *dataplane.Plane, flow trace.Flow, froms, pes []string) []Cell {
	out, _ := PrivateEndpointCellsContext(context.Background(), p, flow, trace.Options{}, froms, pes)
	return out
}

// PrivateEndpointCellsContext is PrivateEndpointCells with the walk's
// options, stopping between rows when ctx is done: it returns the cells
// of the rows finished, all of a row or none, and ctx's error.
func PrivateEndpointCellsContext(ctx context.Context, p *dataplane.Plane, flow trace.Flow, opts trace.Options, froms, pes []string) ([]Cell, error) {
	out := make([]Cell, 0, len(froms)*len(pes))
	w := trace.NewWalker(p, opts, false)
	for _, from := range froms {
		if err := ctx.Err(); err != nil {
			return out, err
		}
		for _, pe := range pes {
			t := w.Run(cellFlow(p, flow, from, pe))
			out = append(out, Cell{From: from, To: pe, Disposition: t.Disposition, Reason: t.Reason})
		}
	}
	return out, nil
}

// CellsWith yields m's cells row by row, each row followed by the cells of
// extra whose From is that row's endpoint, in extra's order (the cells to
// the private endpoints, PrivateEndpointCells' rows). Cells of extra from
// no row of m are left out.
func (m *Matrix) CellsWith(extra []Cell) iter.Seq[Cell] {
	byFrom := make(map[string][]Cell, len(m.Rows))
	for _, c := range extra {
		byFrom[c.From] = append(byFrom[c.From], c)
	}
	return func(yield func(Cell) bool) {
		for r := range m.cells {
			for _, c := range m.Row(r) {
				if !yield(c) {
					return
				}
			}
			for _, c := range byFrom[m.Rows[r]] {
				if !yield(c) {
					return
				}
			}
		}
	}
}
