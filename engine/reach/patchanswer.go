package reach

import (
	"vnetplay/engine/dataplane"
	"vnetplay/engine/trace"
)

// patchAnswerer answers the cells a patch walks again. Classes (legs and
// packed lookups, newClasses: maps and lists over every NIC and VNet,
// ~55 KB at 100 VNets) are made at the first cell between two NICs and
// answer it and every cell after it; a cell before that with an endpoint
// outside the NICs (an on-premises host, Internet) is walked in full by a
// Walker alone, as classes.answer walks such a cell (walkedDeps;
// TestPatchKeepsDepsFragileAndHops: the same outcome and Deps). A flipped peering flag walks again only the
// cells of the on-premises hosts whose routes changed.
type patchAnswerer struct {
	p       *dataplane.Plane
	flow    trace.Flow
	opts    trace.Options
	classes func() *classes
	cls     *classes
	w       *trace.Walker // made at the first cell walked without classes
	walked  int           // cells walked without classes
	out     cellDeps
}

// answer is classes.answer(r, j, from, to) of the patch's classes.
func (a *patchAnswerer) answer(r, j int, from, to string) (outcome, *cellDeps) {
	if a.cls == nil && !(a.isNIC(from) && a.isNIC(to)) {
		if a.w == nil {
			a.w = trace.NewWalker(a.p, a.opts, true)
		}
		a.walked++
		disp, why, deps := walkedDeps(a.p, a.w, cellFlow(a.p, a.flow, from, to), to)
		a.out = cellDeps{full: deps}
		return outcome{reason: why, disp: disp}, &a.out
	}
	if a.cls == nil {
		a.cls = a.classes()
	}
	return a.cls.answer(r, j, from, to)
}

// isNIC reports whether endpoint id is a NIC (a row and column of the
// classes).
func (a *patchAnswerer) isNIC(id string) bool {
	_, ok := a.p.NIC(id)
	return ok
}

// stats is how the cells were answered.
func (a *patchAnswerer) stats() Sharing {
	var s Sharing
	if a.cls != nil {
		s = a.cls.stats
	}
	s.Walked += a.walked
	return s
}
