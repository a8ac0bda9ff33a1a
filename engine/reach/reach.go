// Package reach computes the reachability matrix of a design: every endpoint
// (NIC) to every other endpoint and to the Internet. Each cell is the
// disposition of the packet walk for that pair with a one-line reason, and
// Explain re-runs the walk so every cell can be explained hop by hop.
package reach

import (
	"context"
	"fmt"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/trace"
)

// Internet is the column name for the Internet destination.
const Internet = "Internet"

// Cell is one (from, to) answer.
type Cell struct {
	From        string            `json:"from"`
	To          string            `json:"to"`
	Disposition trace.Disposition `json:"disposition"`
	Reason      string            `json:"reason"`
}

// Compute traces every ordered pair of endpoints (NICs, then on-premises
// hosts and P2S clients) plus each endpoint to the
// Internet probe address, using flow (Protocol/ports; Src and DstIP are set
// per cell). Cells share their work by class (classes.go): a move of the
// packet from a NIC towards a destination column is computed once per
// source class (NICs with the same subnet and NIC NSG) and column — once
// per span of classes in different VNets that move a packet alike towards
// a column outside their VNets and their peers' (span.go) — and shared by
// the class's sources, by every walk through an appliance of the class and
// by the return walks; a cell is then answered from its moves
// with its own source address, visited NICs and hop count checked. Cells
// the moves cannot answer (NSGs on the forward walk, gateways, load
// balancers, drops, loops, asymmetric paths, hybrid endpoints, the
// Internet, and walks to an address that two VNets' address spaces or
// NICs hold, rule:address-space.private-ip-per-vnet: legsAnswer) are
// walked by a trace.Walker, which shares walk suffixes. The
// cost is at most O(classes × columns) moves plus O(n²) short checks plus the
// walked cells; the cells equal ComputePerPair's (TestComputeEqualsPerPair*
// and TestClassesEqualPerCell* in engine/matrix_test.go).
func Compute(p *dataplane.Plane, flow trace.Flow) *Matrix {
	return ComputeWith(p, flow, trace.Options{})
}

// ComputeWith is Compute with walk options.
func ComputeWith(p *dataplane.Plane, flow trace.Flow, opts trace.Options) *Matrix {
	m, _ := ComputeContext(context.Background(), p, flow, opts, nil)
	return m
}

// ComputeContext is ComputeWith that can be stopped and reports progress.
// It checks ctx before each cell's walk, so it stops within one walk of
// ctx being done. progress, if not nil, is called after each row (one
// source endpoint against every column) with the rows done and the total.
//
// With a nil error the matrix is complete and equals ComputeWith's. When
// ctx is done first, it returns the rows finished so far — Rows lists only
// them, Cols is complete, the cells are exactly their cells, in the same
// order as the full matrix; the cells of the row in progress are dropped —
// with an error wrapping ctx.Err() that says how many rows of how many
// were done. The matrix is never nil.
func ComputeContext(ctx context.Context, p *dataplane.Plane, flow trace.Flow, opts trace.Options, progress func(done, total int)) (*Matrix, error) {
	c := newClasses(p, flow, opts, false, true)
	if !c.aligned(p.Endpoints()) { // as fillIx's rows: the NICs first
		return fillIx(ctx, p, c.outcome, progress)
	}
	if c.memo != nil {
		return fillKept(ctx, p, c, progress)
	}
	return fillIx(ctx, p, c.outcomeIn, progress)
}

// ComputePerPair is the reference Compute: one full, independent packet
// walk per cell, as Explain shows it. It is the oracle for Compute and the
// naive baseline of the benchmarks.
func ComputePerPair(p *dataplane.Plane, flow trace.Flow, opts trace.Options) *Matrix {
	return matrix(p, func(from, to string) (trace.Disposition, string) {
		return walkCell(p, flow, opts, from, to)
	})
}

// walkCell is the cell from → to by one full walk (ExplainWith), with
// Landed's check: when two VNets' address spaces overlap
// (dataplane.Plane.SpacesOverlap), a walk to a column's address may land
// on another NIC with it (rule:address-space.private-ip-per-vnet). The
// matrix reads the same check on its walked cells (classes.walked), and
// answers from legs only walks to addresses that name one place
// (legsAnswer).
func walkCell(p *dataplane.Plane, flow trace.Flow, opts trace.Options, from, to string) (trace.Disposition, string) {
	t := ExplainWith(p, flow, from, to, opts)
	return Landed(p, t, to)
}

// Landed is the cell of trace t, the walk to endpoint to's address: t's
// disposition and reason, unless to is a NIC and the walk delivered the
// packet to another NIC with the same address, in another VNet (a private
// address names a NIC only within its VNet,
// rule:address-space.private-ip-per-vnet): to is then not reached
// (DroppedNoHost), and the reason says where the packet went instead.
func Landed(p *dataplane.Plane, t *trace.Trace, to string) (trace.Disposition, string) {
	got := t.DeliveredNIC()
	want, ok := p.NIC(to)
	if got == "" || !ok || got == want.ID {
		return t.Disposition, t.Reason
	}
	n, _ := p.NIC(got)
	const why = "a private address names a NIC only within its VNet (rule:address-space.private-ip-per-vnet)"
	if got == t.Flow.Src {
		return trace.DroppedNoHost, fmt.Sprintf("%s is %s's own address in %s, so the packet never leaves it for %s, which has that address in %s: %s",
			want.IP, got, vnetOfNIC(p, n), want.ID, vnetOfNIC(p, want), why)
	}
	return trace.DroppedNoHost, fmt.Sprintf("the packet for %s is delivered to %s in %s, not to %s, which has that address in %s: %s",
		want.IP, got, vnetOfNIC(p, n), want.ID, vnetOfNIC(p, want), why)
}

// vnetOfNIC is the VNet of NIC n's subnet.
func vnetOfNIC(p *dataplane.Plane, n *dataplane.NIC) string {
	if sn, ok := p.Subnet(n.Subnet); ok {
		return sn.VNet
	}
	return ""
}

// matrix fills every cell with cell(from, to).
func matrix(p *dataplane.Plane, cell func(from, to string) (trace.Disposition, string)) *Matrix {
	m, _ := fill(context.Background(), p, cell, nil)
	return m
}

// fill fills the matrix row by row with cell(from, to), checking ctx
// before each cell; see ComputeContext for what it returns when stopped.
func fill(ctx context.Context, p *dataplane.Plane, cell func(from, to string) (trace.Disposition, string), progress func(done, total int)) (*Matrix, error) {
	return fillIx(ctx, p, func(_, _ int, from, to string) (trace.Disposition, string) { return cell(from, to) }, progress)
}

// fillIx is fill whose cell function also gets the row's and the column's
// index (rows: the NICs, then the hybrid endpoints; columns: the same, then
// Internet).
func fillIx(ctx context.Context, p *dataplane.Plane, cell func(r, j int, from, to string) (trace.Disposition, string), progress func(done, total int)) (*Matrix, error) {
	nics := p.Endpoints() // on-premises hosts and P2S clients too
	m := newMatrix(nics, append(append([]string(nil), nics...), Internet))
	var lists rowLists
	for i, from := range nics {
		row := make([]outcome, 0, len(m.Cols)-1)
		for j, to := range m.Cols {
			if to == from {
				continue
			}
			if err := ctx.Err(); err != nil {
				m.Rows = nics[:i:i]
				return m, fmt.Errorf("reach: matrix stopped after %d of %d rows: %w", i, len(nics), err)
			}
			d, why := cell(i, j, from, to)
			row = append(row, outcome{reason: why, disp: d})
		}
		m.cells = append(m.cells, lists.row(row))
		if progress != nil {
			progress(i+1, len(nics))
		}
	}
	return m, nil
}

// Explain returns the packet walk behind a cell.
func Explain(p *dataplane.Plane, flow trace.Flow, from, to string) *trace.Trace {
	return ExplainWith(p, flow, from, to, trace.Options{})
}

// ExplainWith is Explain with walk options.
func ExplainWith(p *dataplane.Plane, flow trace.Flow, from, to string, opts trace.Options) *trace.Trace {
	return trace.RunWith(p, cellFlow(p, flow, from, to), opts)
}

// cellFlow is flow from endpoint from to endpoint to (or the Internet
// probe, or a private endpoint's address).
func cellFlow(p *dataplane.Plane, flow trace.Flow, from, to string) trace.Flow {
	flow.Src = from
	if to == Internet {
		flow.DstIP = trace.InternetProbe()
	} else if _, ip, ok := p.Endpoint(to); ok {
		flow.DstIP = ip
	} else if pe, ok := p.PrivateEndpoint(to); ok {
		flow.DstIP = pe.IP
	}
	return flow
}
