package reach

import (
	"net/netip"
	"slices"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/route"
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
	// Skipped counts the reused cells kept without checking a lookup: no
	// changed prefix contains either endpoint (see Update).
	Skipped int
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
//
// A walk that is not Opaque looks up only its destination (forward) and its
// source (return). So when every subnet's table changed by a known list of
// prefixes (route.ChangedPrefixes), a cell with neither endpoint address
// inside any of them is kept without looking at its lookups (Delta.Skipped):
// a UDR edit then costs O(cells) cheap checks plus the affected rows and
// columns.
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
	n := len(nics) * len(nics) // cells: the diagonal is left out, Internet added
	m.Cells = make([]Cell, 0, n)
	out.deps = make([]trace.Deps, 0, n)
	var ch *changes
	var touched func(string) bool // endpoint address inside a changed prefix
	if reuse {
		ch = &changes{old: prev.plane, new: p, bySubnet: map[string]subnetChange{}}
		touched = ch.endpoints(m.Cols)
	}
	w := trace.NewWalker(p, opts, true)
	i := 0
	for _, from := range nics {
		for _, to := range m.Cols {
			if to == from {
				continue
			}
			same := prev != nil && i < len(prev.Matrix.Cells) && prev.Matrix.Cells[i].From == from && prev.Matrix.Cells[i].To == to
			if reuse && same && touched != nil && ch.readable(prev.deps[i]) && !touched(from) && !touched(to) {
				d.Reused++
				d.Skipped++
				m.Cells = append(m.Cells, prev.Matrix.Cells[i])
				out.deps = append(out.deps, prev.deps[i])
				i++
				continue
			}
			if reuse && same {
				if n, ok := ch.holds(prev.deps[i]); ok {
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
			tr := w.Run(cellFlow(p, flow, from, to))
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

// changes answers, per subnet, whether a lookup recorded on the old plane
// gets the same answer on the new one.
type changes struct {
	old, new *dataplane.Plane
	bySubnet map[string]subnetChange
}

// subnetChange is one subnet's comparison: when cheap is set, a lookup
// keeps its answer unless its destination is inside one of prefixes
// (route.ChangedPrefixes); otherwise the lookup is redone.
type subnetChange struct {
	table    *route.Table // new table
	cheap    bool
	prefixes []netip.Prefix
}

// maxCheapPrefixes bounds the linear prefix scan; more changes fall back to
// lookups.
const maxCheapPrefixes = 16

func (c *changes) subnet(id string) (subnetChange, bool) {
	if sc, ok := c.bySubnet[id]; ok {
		return sc, sc.table != nil
	}
	nt, okN := c.new.Routes(id)
	if !okN {
		c.bySubnet[id] = subnetChange{}
		return subnetChange{}, false
	}
	sc := subnetChange{table: nt}
	if ot, okO := c.old.Routes(id); okO {
		if ps, ok := route.ChangedPrefixes(ot, nt); ok && len(ps) <= maxCheapPrefixes {
			sc.cheap, sc.prefixes = true, ps
		}
	}
	c.bySubnet[id] = sc
	return sc, true
}

// endpoints returns, when every subnet's table changed by a short list of
// prefixes, a test of whether an endpoint's address (cols: the endpoints and
// Internet) lies inside one of them; otherwise nil.
func (c *changes) endpoints(cols []string) func(string) bool {
	var all []netip.Prefix
	for _, id := range c.new.Subnets() {
		sc, ok := c.subnet(id)
		if !ok || !sc.cheap {
			return nil
		}
		all = append(all, sc.prefixes...)
	}
	hit := make(map[string]bool, len(cols))
	for _, ep := range cols {
		a := trace.InternetProbe()
		if ep != Internet {
			var ok bool
			if _, a, ok = c.new.Endpoint(ep); !ok {
				return nil
			}
		}
		a = a.Unmap()
		hit[ep] = slices.ContainsFunc(all, func(p netip.Prefix) bool { return p.Contains(a) })
	}
	return func(ep string) bool { return hit[ep] }
}

// readable reports whether a walk with dependencies deps read nothing but
// route lookups that may have changed: it is not Opaque, and if it read
// the hybrid control plane, both planes share their BGP result
// (dataplane.Update reuses it when its inputs are unchanged).
func (c *changes) readable(deps trace.Deps) bool {
	return !deps.Opaque && (!deps.BGP || c.old.BGP() == c.new.BGP())
}

// holds reports whether a walk with dependencies deps would read the same
// routes on the new plane, and how many lookups it took to tell.
func (c *changes) holds(deps trace.Deps) (int, bool) {
	if !c.readable(deps) {
		return 0, false
	}
	n := 0
	for _, l := range deps.Lookups {
		sc, ok := c.subnet(l.Subnet)
		if !ok {
			return n, false
		}
		if sc.cheap && !slices.ContainsFunc(sc.prefixes, func(p netip.Prefix) bool { return p.Contains(l.Dst) }) {
			continue
		}
		n++
		e, found := sc.table.Lookup(l.Dst)
		if found != l.Found || e != l.Route {
			return n, false
		}
	}
	return n, true
}
