package route

import (
	"net/netip"
	"slices"
)

// mapTable is Table as it was before bart: per-prefix-length maps (one
// probe per prefix length present, longest first) and the layered lookup
// that walked the gateway lengths. It is kept, as test code, only so that
// BenchmarkIndex measures the old index beside the new one in the same run
// (and checks both against the linear scan).
type mapTable struct {
	routes []Effective
	lens4  []int // prefix lengths present, longest first
	lens6  []int
	index4 []map[uint32]int32 // keys are masked IPv4 addresses as integers
	index6 []map[netip.Addr]int
	// layered tables only
	gw    *mapTable
	steer steerIndex
	whole *Table // the bart table, for group and merged (not timed)
}

func newMapTable(cands []Route) *mapTable {
	t := &mapTable{routes: Select(cands)}
	t.index4 = make([]map[uint32]int32, 33)
	t.index6 = make([]map[netip.Addr]int, 129)
	var count4 [33]int
	for _, e := range t.routes {
		if e.State == Active && e.Prefix.IsValid() && e.Prefix.Addr().Is4() {
			count4[e.Prefix.Bits()]++
		}
	}
	for i, e := range t.routes {
		if e.State != Active || !e.Prefix.IsValid() {
			continue
		}
		b := e.Prefix.Bits()
		if e.Prefix.Addr().Is4() {
			if t.index4[b] == nil {
				t.index4[b] = make(map[uint32]int32, count4[b])
				t.lens4 = append(t.lens4, b)
			}
			k := addr4(e.Prefix.Addr())
			if _, dup := t.index4[b][k]; !dup {
				t.index4[b][k] = int32(i)
			}
			continue
		}
		if t.index6[b] == nil {
			t.index6[b] = map[netip.Addr]int{}
			t.lens6 = append(t.lens6, b)
		}
		if _, dup := t.index6[b][e.Prefix.Addr()]; !dup {
			t.index6[b][e.Prefix.Addr()] = i
		}
	}
	slices.SortFunc(t.lens4, func(a, b int) int { return b - a })
	slices.SortFunc(t.lens6, func(a, b int) int { return b - a })
	return t
}

// newMapLayered is the old NewLayeredTable; whole is the bart table of the
// same routes (its group and merged are shared code, not index).
func newMapLayered(own []Route, gw *mapTable, whole *Table) *mapTable {
	t := newMapTable(own)
	_ = slices.Clone(own) // as the old NewLayeredTable did, for its build cost
	t.gw, t.steer, t.whole = gw, newSteerIndex(own), whole
	return t
}

func (t *mapTable) Lookup(dst netip.Addr) (Effective, bool) {
	if !dst.IsValid() {
		return Effective{}, false
	}
	dst = dst.Unmap()
	if t.gw != nil {
		return t.lookupLayered(dst)
	}
	return t.lookupIndexed(dst)
}

func (t *mapTable) lookupIndexed(dst netip.Addr) (Effective, bool) {
	if dst.Is4() {
		a := addr4(dst)
		for _, b := range t.lens4 {
			if i, ok := t.index4[b][a&mask4(b)]; ok {
				return t.routes[i], true
			}
		}
		return Effective{}, false
	}
	for _, b := range t.lens6 {
		p, err := dst.Prefix(b)
		if err != nil {
			continue
		}
		if i, ok := t.index6[b][p.Addr()]; ok {
			return t.routes[i], true
		}
	}
	return Effective{}, false
}

func (t *mapTable) lookupLayered(dst netip.Addr) (Effective, bool) {
	if !dst.Is4() {
		return bruteIn(t.whole.layers.merged(), dst)
	}
	o, okO := t.lookupIndexed(dst)
	g := t.gw
	a := addr4(dst)
	var pg netip.Prefix
	gi, okG := int32(-1), false
	for _, b := range g.lens4 {
		if okO && b < o.Prefix.Bits() {
			break // own has a longer match
		}
		i, ok := g.index4[b][a&mask4(b)]
		if !ok {
			continue
		}
		p := g.routes[i].Prefix
		if _, in := t.steer.shortest(p); in {
			continue // rule:route-selection.system-beats-more-specific-bgp: every gateway route at p is Invalid
		}
		gi, okG, pg = i, true, p
		break
	}
	switch {
	case !okG:
		return o, okO
	case !okO || pg.Bits() > o.Prefix.Bits():
		return g.routes[gi], true
	}
	var buf [8]Effective
	grp := mergeDisplay(buf[:0], t.whole.layers.ownGroup(pg), t.whole.layers.gw.t.group(pg))
	for i := range grp {
		grp[i].State, grp[i].Reason = 0, 0
	}
	decideGroup(grp, nil)
	for _, e := range grp {
		if e.State == Active {
			return e, true
		}
	}
	return Effective{}, false
}
