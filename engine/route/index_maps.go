//go:build lpmmaps || (wasm && !lpmbart)

package route

import (
	"net/netip"
	"slices"
)

// lpmIndex is the longest-prefix-match index of a Table under wasm or with
// -tags lpmmaps (see index_bart.go for the native one): one map per prefix length present,
// probed longest first. Values are positions in routes. Its slices and
// maps are never modified after build, so a copy shares them (share,
// NewLayerOwned); the zero index matches nothing.
type lpmIndex struct {
	lens4  []int // prefix lengths present, longest first
	lens6  []int
	index4 []map[uint32]int32 // keys are masked IPv4 addresses as integers
	index6 []map[netip.Addr]int32
}

// newIndexedTable returns a Table of routes with room for its own index,
// to be built (lpmIndex.build): the maps need none.
func newIndexedTable(routes []Effective) *Table { return &Table{routes: routes} }

// share makes x answer from o's maps (x must not have been built).
func (x *lpmIndex) share(o *lpmIndex) { *x = *o }

// build indexes the first Active route of every prefix in routes.
func (x *lpmIndex) build(routes []Effective) {
	x.index4 = make([]map[uint32]int32, 33)
	x.index6 = make([]map[netip.Addr]int32, 129)
	var count4 [33]int
	for _, e := range routes {
		if e.State == Active && e.Prefix.IsValid() && e.Prefix.Addr().Is4() {
			count4[e.Prefix.Bits()]++
		}
	}
	for i, e := range routes {
		if e.State != Active || !e.Prefix.IsValid() {
			continue
		}
		b := e.Prefix.Bits()
		if e.Prefix.Addr().Is4() {
			if x.index4[b] == nil {
				x.index4[b] = make(map[uint32]int32, count4[b])
				x.lens4 = append(x.lens4, b)
			}
			k := addr4(e.Prefix.Addr())
			if _, dup := x.index4[b][k]; !dup {
				x.index4[b][k] = int32(i)
			}
			continue
		}
		if x.index6[b] == nil {
			x.index6[b] = map[netip.Addr]int32{}
			x.lens6 = append(x.lens6, b)
		}
		if _, dup := x.index6[b][e.Prefix.Addr()]; !dup {
			x.index6[b][e.Prefix.Addr()] = int32(i)
		}
	}
	slices.SortFunc(x.lens4, func(a, b int) int { return b - a })
	slices.SortFunc(x.lens6, func(a, b int) int { return b - a })
}

// lookup returns the position of the route with the longest prefix
// containing dst (valid, unmapped).
func (x *lpmIndex) lookup(dst netip.Addr) (int32, bool) {
	if dst.Is4() {
		a := addr4(dst)
		for _, b := range x.lens4 {
			if i, ok := x.index4[b][a&mask4(b)]; ok {
				return i, true
			}
		}
		return 0, false
	}
	return x.lookupWithin(dst, 0, 128)
}

// lookupWithin is lookup among the prefixes of lo to hi bits (it may also
// return a shorter one; callers compare).
func (x *lpmIndex) lookupWithin(dst netip.Addr, lo, hi int) (int32, bool) {
	if dst.Is4() {
		a := addr4(dst)
		for _, b := range x.lens4 {
			if b > hi {
				continue
			}
			if b < lo {
				break
			}
			if i, ok := x.index4[b][a&mask4(b)]; ok {
				return i, true
			}
		}
		return 0, false
	}
	for _, b := range x.lens6 {
		if b > hi {
			continue
		}
		if b < lo {
			break
		}
		p, err := dst.Prefix(b)
		if err != nil {
			continue
		}
		if i, ok := x.index6[b][p.Addr()]; ok {
			return i, true
		}
	}
	return 0, false
}
