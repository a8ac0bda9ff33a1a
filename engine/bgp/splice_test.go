package bgp

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
)

// TestSpliceEqualsDefinition: splice (runs of old copied whole between the
// prefixes of d) against its definition — old's entries outside d, then
// repl's, sorted stably by prefix — on random lists, some of them with
// entries of repl outside d (spliceMerge); one entry per prefix, as in
// every table; and searchPrefix against slices.BinarySearchFunc.
func TestSpliceEqualsDefinition(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	pfx := func() netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(8)), 0, 0}), 16+r.IntN(3)*4).Masked()
	}
	list := func(n int, one bool) []Path { // one: one entry per prefix
		var out []Path
		for range n {
			out = append(out, Path{Prefix: pfx(), Weight: r.IntN(3)})
		}
		slices.SortStableFunc(out, func(a, b Path) int { return comparePrefix(a.Prefix, b.Prefix) })
		if one {
			out = slices.CompactFunc(out, func(a, b Path) bool { return a.Prefix == b.Prefix })
		}
		return out
	}
	for range 3000 {
		old := list(r.IntN(20), true)
		var d []netip.Prefix
		for range r.IntN(6) {
			d = append(d, pfx())
		}
		slices.SortFunc(d, comparePrefix)
		d = slices.Compact(d)
		outside := r.IntN(4) == 0
		var repl []Path
		for _, p := range list(r.IntN(8), true) {
			if outside || slices.Contains(d, p.Prefix) {
				repl = append(repl, p)
			}
		}
		var want []Path
		for _, p := range old {
			if !slices.Contains(d, p.Prefix) {
				want = append(want, p)
			}
		}
		// repl's entries first among equal prefixes, as the merge puts them.
		want = append(slices.Clone(repl), want...)
		slices.SortStableFunc(want, func(a, b Path) int { return comparePrefix(a.Prefix, b.Prefix) })
		got := splice(old, d, repl, pathPrefix, Path.equal)
		if !slices.EqualFunc(got, want, Path.equal) || (len(want) == 0) != (got == nil) {
			t.Fatalf("splice(%v, %v, %v) = %v, want %v", old, d, repl, got, want)
		}
		for _, p := range d {
			i, found := searchPrefix(old, p, pathPrefix)
			wi, wfound := slices.BinarySearchFunc(old, p, func(x Path, p netip.Prefix) int { return comparePrefix(x.Prefix, p) })
			if i != wi || found != wfound {
				t.Fatalf("searchPrefix(%v, %v) = %d %v, want %d %v", old, p, i, found, wi, wfound)
			}
		}
	}
}
