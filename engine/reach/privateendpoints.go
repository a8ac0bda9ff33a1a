package reach

import (
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
	out := make([]Cell, 0, len(froms)*len(pes))
	w := trace.NewWalker(p, trace.Options{}, false)
	for _, from := range froms {
		for _, pe := range pes {
			t := w.Run(cellFlow(p, flow, from, pe))
			out = append(out, Cell{From: from, To: pe, Disposition: t.Disposition, Reason: t.Reason})
		}
	}
	return out
}
