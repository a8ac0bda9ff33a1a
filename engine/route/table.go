package route

import (
	"iter"
	"net/netip"
	"slices"
)

// Table is an effective route table: every route with its state, and a
// longest-prefix-match index over the Active ones. Build it with NewTable.
// The zero Table has no routes and matches nothing.
type Table struct {
	routes []Effective
	// index maps every prefix with an Active route to the position in
	// routes of its first Active route (longest-prefix match: a bart trie
	// natively, per-length maps under wasm; index_*.go).
	index lpmIndex
	// linear makes Lookup scan every route (NewLinearTable).
	linear bool
	// layers, when set (NewStackedTable), holds the shared layers (system,
	// user and gateway routes); the fields above are then empty.
	layers *layered
}

// NewLinearTable selects among cands like NewTable but builds no index:
// Lookup scans every route (LookupBrute). It is the naive baseline the
// benchmarks and oracle tests compare NewTable against; answers are equal.
func NewLinearTable(cands []Route) *Table {
	return &Table{routes: Select(cands), linear: true}
}

// NewTable selects among cands (see Select) and indexes the Active routes.
func NewTable(cands []Route) *Table {
	t := newIndexedTable(Select(cands))
	t.index.build(t.routes)
	return t
}

// Routes returns every route in display order (a copy).
func (t *Table) Routes() []Effective {
	if t == nil {
		return nil
	}
	return slices.Clone(t.display())
}

// Lookup returns the Active route with the longest prefix containing dst
// (rule:outputs.destination-only-lookup, rule:route-selection.longest-prefix-first). ok is false when no route matches (only possible without a
// default route). It does not allocate (except under wasm with -tags
// lpmbart). Complexity natively O(address length / 8): at most one trie
// level per octet of dst; under wasm O(number of distinct prefix lengths).
func (t *Table) Lookup(dst netip.Addr) (Effective, bool) {
	if t == nil || !dst.IsValid() {
		return Effective{}, false
	}
	if t.linear {
		return t.LookupBrute(dst)
	}
	dst = dst.Unmap()
	if t.layers != nil {
		return t.lookupLayered(dst)
	}
	return t.lookupIndexed(dst)
}

// LookupWithout is Lookup for a packet to which t's routes of next-hop type
// skip do not apply: those routes are left out and the rest are selected
// anew (Select), so a route that lost only to one of them, on the same
// prefix or under rule:route-selection.system-beats-more-specific-bgp, takes
// its place. ok is false when no other route matches. It selects the whole
// table again: O(n log n) for n routes, for the rare walk that needs it.
func (t *Table) LookupWithout(dst netip.Addr, skip NextHopType) (Effective, bool) {
	if t == nil || !dst.IsValid() {
		return Effective{}, false
	}
	var cands []Route
	for _, e := range t.display() {
		if e.NextHop != skip {
			cands = append(cands, e.Route)
		}
	}
	return bruteIn(Select(cands), dst)
}

// display is every route in display order (not a copy).
func (t *Table) display() []Effective {
	if t.layers != nil {
		return t.layers.merged()
	}
	return t.routes
}

// lookupIndexed looks dst (valid, unmapped) up in the table's own index.
func (t *Table) lookupIndexed(dst netip.Addr) (Effective, bool) {
	if e := t.lookupRef(dst); e != nil {
		return *e, true
	}
	return Effective{}, false
}

// lookupRef is lookupIndexed without copying the route: a pointer into
// t's routes, or nil.
func (t *Table) lookupRef(dst netip.Addr) *Effective {
	if i, ok := t.index.lookup(dst); ok {
		return &t.routes[i]
	}
	return nil
}

// addr4 is an IPv4 address as an integer.
func addr4(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

// mask4 is the IPv4 netmask of a prefix length, as an integer.
func mask4(bits int) uint32 {
	if bits == 0 {
		return 0
	}
	return ^uint32(0) << (32 - bits)
}

// All yields every route in display order without copying the table.
func (t *Table) All() iter.Seq[Effective] {
	return func(yield func(Effective) bool) {
		if t == nil {
			return
		}
		for _, e := range t.display() {
			if !yield(e) {
				return
			}
		}
	}
}

// LookupBrute is the obviously-correct oracle for Lookup: a linear scan for
// the longest Active prefix containing dst, first in display order on ties.
func (t *Table) LookupBrute(dst netip.Addr) (Effective, bool) {
	if t == nil || !dst.IsValid() {
		return Effective{}, false
	}
	return bruteIn(t.display(), dst)
}

// ActiveEqual reports whether a and b list the same Active routes (equal
// Route values) in the same display order. Tables built from the same
// candidates are ActiveEqual; nil tables list no routes.
func ActiveEqual(a, b *Table) bool {
	if a == b {
		return true
	}
	var x, y []Effective
	if a != nil {
		x = a.display()
	}
	if b != nil {
		y = b.display()
	}
	i, j := 0, 0
	for {
		for i < len(x) && x[i].State != Active {
			i++
		}
		for j < len(y) && y[j].State != Active {
			j++
		}
		if i == len(x) || j == len(y) {
			return i == len(x) && j == len(y)
		}
		if x[i].Route != y[j].Route {
			return false
		}
		i++
		j++
	}
}
