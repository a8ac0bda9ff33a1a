package reach

import (
	"vnetplay/engine/dataplane"
	"vnetplay/engine/trace"
)

// Tracked is a reachability matrix together with what each cell's packet
// walk read, so that Update can recompute only the cells an edit can
// change. Build one with ComputeTracked; it is immutable.
type Tracked struct {
	Matrix *Matrix
	plane  *dataplane.Plane
	flow   trace.Flow
	opts   trace.Options
	deps   []trace.Deps // parallel to Matrix.Cells
}

// Delta counts the work Update did.
type Delta struct {
	Traced  int // cells walked again
	Reused  int // cells kept from the previous matrix
	Lookups int // route lookups spent checking reused cells
	Changed int // cells whose disposition or reason changed
}

// ComputeTracked is ComputeWith that also records each cell's dependencies.
// Its Matrix equals ComputeWith(p, flow, opts).
func ComputeTracked(p *dataplane.Plane, flow trace.Flow, opts trace.Options) *Tracked {
	t, _ := track(p, flow, opts, nil, false)
	return t
}

// Update returns the tracked matrix of next, a plane of the same design
// after an edit. The result equals ComputeTracked(next, …) with the same
// flow and options (TestTrackedUpdateEqualsCompute). When next has the same
// structure as the previous plane (dataplane.SameStructure), a cell whose
// walk was not Opaque and whose every recorded route lookup gets the same
// answer in next is kept; every other cell is walked again. Complexity:
// O(cells × lookups per cell) plus the walks of the affected cells.
func (t *Tracked) Update(next *dataplane.Plane) (*Tracked, Delta) {
	return track(next, t.flow, t.opts, t, dataplane.SameStructure(t.plane, next))
}

// track computes the matrix of p. With reuse, it keeps the cells of prev
// (same structure, hence the same rows and columns) whose dependencies
// still hold; prev, if any, is also what Delta.Changed compares with.
func track(p *dataplane.Plane, flow trace.Flow, opts trace.Options, prev *Tracked, reuse bool) (*Tracked, Delta) {
	var d Delta
	nics := append(p.NICs(), p.HybridEndpoints()...)
	m := &Matrix{Rows: nics, Cols: append(append([]string(nil), nics...), Internet)}
	out := &Tracked{Matrix: m, plane: p, flow: flow, opts: opts}
	i := 0
	for _, from := range nics {
		for _, to := range m.Cols {
			if to == from {
				continue
			}
			same := prev != nil && i < len(prev.Matrix.Cells) && prev.Matrix.Cells[i].From == from && prev.Matrix.Cells[i].To == to
			if reuse && same {
				if n, ok := holds(p, prev.deps[i]); ok {
					d.Reused++
					d.Lookups += n
					m.Cells = append(m.Cells, prev.Matrix.Cells[i])
					out.deps = append(out.deps, prev.deps[i])
					i++
					continue
				} else {
					d.Lookups += n
				}
			}
			tr := ExplainWith(p, flow, from, to, opts)
			c := Cell{From: from, To: to, Disposition: tr.Disposition, Reason: tr.Reason}
			d.Traced++
			if !same || prev.Matrix.Cells[i] != c {
				if prev != nil {
					d.Changed++
				}
			}
			m.Cells = append(m.Cells, c)
			out.deps = append(out.deps, tr.Deps())
			i++
		}
	}
	return out, d
}

// holds reports whether a walk with dependencies deps would read the same
// routes in p, and how many lookups it took to tell.
func holds(p *dataplane.Plane, deps trace.Deps) (int, bool) {
	if deps.Opaque {
		return 0, false
	}
	for n, l := range deps.Lookups {
		tab, ok := p.Routes(l.Subnet)
		if !ok {
			return n, false
		}
		e, found := tab.Lookup(l.Dst)
		if found != l.Found || e != l.Route {
			return n + 1, false
		}
	}
	return len(deps.Lookups), true
}
