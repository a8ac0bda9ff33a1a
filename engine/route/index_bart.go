//go:build !lpmmaps && (!wasm || lpmbart)

package route

import (
	"net/netip"

	"github.com/gaissmai/bart"
)

// lpmIndex is the longest-prefix-match index of a Table: every prefix with
// an Active route maps to the position in routes of its first Active route.
// Natively it is a bart trie (popcount-compressed multibit trie, one level
// per octet, IPv4 and IPv6 apart). Under wasm the per-length maps of
// index_maps.go are used instead: there netip.Addr.AsSlice is not inlined,
// so every bart lookup allocates, and bart builds more slowly
// (docs/performance.md). -tags lpmbart selects bart under wasm too, -tags
// lpmmaps the maps everywhere (to test and fuzz them natively).
//
// The trie is the index's own, made with its Table in one allocation
// (newIndexedTable), or, for a Table whose routes index alike, another
// index's (shared, set by share: NewLayerOwned); a trie is never modified
// after build. A Table that indexes nothing (a stacked table's: its
// layers' tables do) carries no trie: inline, the trie made every Table
// 288 bytes, a stacked table's 224 of them unused. The zero index matches
// nothing.
type lpmIndex struct {
	shared *bart.Table[int32]
	own    *bart.Table[int32]
}

// indexedTable is a Table and its own trie, allocated together.
type indexedTable struct {
	t    Table
	trie bart.Table[int32]
}

// newIndexedTable returns a Table of routes with room for its own index,
// to be built (lpmIndex.build).
func newIndexedTable(routes []Effective) *Table {
	o := &indexedTable{t: Table{routes: routes}}
	o.t.index.own = &o.trie
	return &o.t
}

// trie is the trie the index answers from (nil: none).
func (x *lpmIndex) trie() *bart.Table[int32] {
	if x.shared != nil {
		return x.shared
	}
	return x.own
}

// share makes x answer from o's trie (x must not have been built).
func (x *lpmIndex) share(o *lpmIndex) { x.shared = o.trie() }

// build indexes routes (in display order: the routes of one prefix are
// adjacent).
func (x *lpmIndex) build(routes []Effective) {
	var last netip.Prefix
	for i, e := range routes {
		if e.State != Active || !e.Prefix.IsValid() || e.Prefix == last {
			continue
		}
		x.own.Insert(e.Prefix, int32(i))
		last = e.Prefix
	}
}

// lookup returns the position of the route with the longest prefix
// containing dst (valid, unmapped).
func (x *lpmIndex) lookup(dst netip.Addr) (int32, bool) {
	t := x.trie()
	if t == nil {
		return 0, false
	}
	return t.Lookup(dst)
}

// lookupWithin is lookup among the prefixes of lo to hi bits (it may also
// return a shorter one than lo; callers compare).
func (x *lpmIndex) lookupWithin(dst netip.Addr, lo, hi int) (int32, bool) {
	t := x.trie()
	if t == nil {
		return 0, false
	}
	if hi >= dst.BitLen() {
		return t.Lookup(dst)
	}
	return t.LookupPrefix(netip.PrefixFrom(dst, hi))
}
