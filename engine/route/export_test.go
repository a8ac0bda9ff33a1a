package route

import (
	"net/netip"
	"slices"
)

// Test-only access for the external benchmarks (index_bench_test.go).

// Looker is a longest-prefix-match table: Table, or the old map index.
type Looker interface {
	Lookup(netip.Addr) (Effective, bool)
}

// Candidates returns the candidates t was built from: own (the system then
// the user layer's) and the gateway layer's for a layered table (gw nil
// otherwise, own then the selected routes).
func Candidates(t *Table) (own, gw []Route) {
	if l := t.layers; l != nil {
		own = slices.Clone(l.sys.cands)
		if l.user != nil {
			own = append(own, l.user.cands...)
		}
		if l.gw != nil {
			gw = l.gw.cands
		}
		return own, gw
	}
	for _, e := range t.routes {
		own = append(own, e.Route)
	}
	return own, nil
}

// MapLayer is a gateway layer indexed the old way.
type MapLayer struct{ t *mapTable }

// NewMapLayer is NewLayer with the old map index.
func NewMapLayer(cands []Route) *MapLayer {
	cs := slices.Clone(cands)
	for i := range cs {
		cs[i].Source = Gateway
	}
	return &MapLayer{t: newMapTable(cs)}
}

// NewMapTable is NewTable with the old map index.
func NewMapTable(cands []Route) Looker { return newMapTable(cands) }

// NewMapLayeredTable is NewLayeredTable with the old map index; whole must
// be NewLayeredTable(own, …) over the same gateway routes (it serves the
// equal-prefix groups and IPv6, which are not index code).
func NewMapLayeredTable(own []Route, gw *MapLayer, whole *Table) Looker {
	return newMapLayered(own, gw.t, whole)
}
