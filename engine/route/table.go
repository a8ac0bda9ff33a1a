package route

import (
	"net/netip"
	"slices"
)

// Table is an effective route table: every route with its state, and a
// longest-prefix-match index over the Active ones. Build it with NewTable.
// The zero Table has no routes and matches nothing.
type Table struct {
	routes []Effective
	// index[bits] maps a masked prefix address to the index of its Active
	// route in routes; IPv4 and IPv6 are kept apart.
	lens4  []int // prefix lengths present, longest first
	lens6  []int
	index4 []map[netip.Addr]int
	index6 []map[netip.Addr]int
	// linear makes Lookup scan every route (NewLinearTable).
	linear bool
}

// NewLinearTable selects among cands like NewTable but builds no index:
// Lookup scans every route (LookupBrute). It is the naive baseline the
// benchmarks and oracle tests compare NewTable against; answers are equal.
func NewLinearTable(cands []Route) *Table {
	return &Table{routes: Select(cands), linear: true}
}

// NewTable selects among cands (see Select) and indexes the Active routes.
func NewTable(cands []Route) *Table {
	t := &Table{routes: Select(cands)}
	t.index4 = make([]map[netip.Addr]int, 33)
	t.index6 = make([]map[netip.Addr]int, 129)
	for i, e := range t.routes {
		if e.State != Active || !e.Prefix.IsValid() {
			continue
		}
		idx, lens := t.index4, &t.lens4
		if e.Prefix.Addr().Is6() {
			idx, lens = t.index6, &t.lens6
		}
		b := e.Prefix.Bits()
		if idx[b] == nil {
			idx[b] = map[netip.Addr]int{}
			*lens = append(*lens, b)
		}
		if _, dup := idx[b][e.Prefix.Addr()]; !dup {
			idx[b][e.Prefix.Addr()] = i
		}
	}
	slices.SortFunc(t.lens4, func(a, b int) int { return b - a })
	slices.SortFunc(t.lens6, func(a, b int) int { return b - a })
	return t
}

// Routes returns every route in display order (a copy).
func (t *Table) Routes() []Effective {
	if t == nil {
		return nil
	}
	return slices.Clone(t.routes)
}

// Lookup returns the Active route with the longest prefix containing dst
// (F10, F25). ok is false when no route matches (only possible without a
// default route). It does not allocate. Complexity O(number of distinct
// prefix lengths).
func (t *Table) Lookup(dst netip.Addr) (Effective, bool) {
	if t == nil || !dst.IsValid() {
		return Effective{}, false
	}
	if t.linear {
		return t.LookupBrute(dst)
	}
	dst = dst.Unmap()
	idx, lens := t.index4, t.lens4
	if dst.Is6() {
		idx, lens = t.index6, t.lens6
	}
	for _, b := range lens {
		p, err := dst.Prefix(b)
		if err != nil {
			continue
		}
		if i, ok := idx[b][p.Addr()]; ok {
			return t.routes[i], true
		}
	}
	return Effective{}, false
}

// LookupBrute is the obviously-correct oracle for Lookup: a linear scan for
// the longest Active prefix containing dst, first in display order on ties.
func (t *Table) LookupBrute(dst netip.Addr) (Effective, bool) {
	if t == nil || !dst.IsValid() {
		return Effective{}, false
	}
	dst = dst.Unmap()
	best, found := Effective{}, false
	for _, e := range t.routes {
		if e.State == Active && e.Prefix.Contains(dst) && (!found || e.Prefix.Bits() > best.Prefix.Bits()) {
			best, found = e, true
		}
	}
	return best, found
}
