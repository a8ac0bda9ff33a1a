package bgp

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
)

// TestSpliceChunkedEqualsSplice chains random splices of long lists (up to
// ~6 chunks; one entry per prefix, as in every table) through spliceChunked and
// through splice, and checks after each that the chunked list holds
// splice's entries, keeps its invariants (no empty chunk, chunks capped,
// a prefix's entries in one chunk, n counted), is old itself when splice
// changed nothing, shares the chunks no prefix of d or repl falls in, and
// that search and entriesIn agree with the flat list.
func TestSpliceChunkedEqualsSplice(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 5))
	pfx := func() netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(64)), 0}), 24).Masked()
	}
	sorted := func(ps []Path) []Path { // sorted, one entry per prefix
		slices.SortStableFunc(ps, func(a, b Path) int { return comparePrefix(a.Prefix, b.Prefix) })
		return slices.CompactFunc(ps, func(a, b Path) bool { return a.Prefix == b.Prefix })
	}
	for round := range 200 {
		var want []Path
		for range r.IntN(400) {
			want = append(want, Path{Prefix: pfx(), Weight: r.IntN(3)})
		}
		want = sorted(want)
		got := newChunked(want, pathPrefix)
		for step := range 40 {
			var d []netip.Prefix
			for range 1 + r.IntN(3) {
				d = append(d, pfx())
			}
			if r.IntN(3) == 0 { // a run of prefixes: a chunk may empty
				p := pfx()
				for i := range 80 {
					d = append(d, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, p.Addr().As4()[1], byte(i), 0}), 24))
				}
			}
			slices.SortFunc(d, comparePrefix)
			d = slices.Compact(d)
			var repl []Path
			for _, p := range d {
				if r.IntN(2) == 0 {
					repl = append(repl, Path{Prefix: p, Weight: r.IntN(3)})
				}
			}
			if r.IntN(8) == 0 { // an entry of repl outside d
				repl = append(repl, Path{Prefix: pfx(), Weight: 7})
			}
			repl = sorted(repl)
			next := splice(want, d, repl, pathPrefix, Path.equal)
			gotNext := spliceChunked(got, d, repl, pathPrefix, Path.equal)
			if flat := gotNext.flat(); !slices.EqualFunc(flat, next, Path.equal) {
				i := 0
				for i < min(len(flat), len(next)) && flat[i].equal(next[i]) {
					i++
				}
				t.Fatalf("round %d step %d: spliceChunked has %d entries, splice %d; first difference at entry %d", round, step, len(flat), len(next), i)
			}
			if sameSlice := len(next) == len(want) && (len(want) == 0 || &next[0] == &want[0]); sameSlice != sameChunked(gotNext, got) && len(want) > 0 {
				t.Fatalf("round %d step %d: splice kept old %v, spliceChunked %v", round, step, sameSlice, sameChunked(gotNext, got))
			}
			checkChunked(t, gotNext)
			checkShared(t, got, gotNext, d, repl)
			for range 20 {
				p := pfx()
				x, ok := gotNext.search(p, pathPrefix)
				i, wok := searchPrefix(next, p, pathPrefix)
				if ok != wok || ok && !x.equal(next[i]) {
					t.Fatalf("search(%v) = %v %v, want %v", p, x, ok, wok)
				}
			}
			if !slices.EqualFunc(gotNext.entriesIn(d, pathPrefix), pathsIn(next, d), Path.equal) {
				t.Fatalf("entriesIn(%v) = %v, want %v", d, gotNext.entriesIn(d, pathPrefix), pathsIn(next, d))
			}
			want, got = next, gotNext
		}
	}
}

// checkChunked fails t when l breaks an invariant of chunked or holds a
// chunk over 2*chunkSize entries.
func checkChunked(t *testing.T, l chunked[Path]) {
	t.Helper()
	n := 0
	for k, part := range l.parts {
		if len(part) == 0 || len(part) != cap(part) || len(part) > 2*chunkSize {
			t.Fatalf("chunk %d: len %d cap %d", k, len(part), cap(part))
		}
		if k > 0 && comparePrefix(l.parts[k-1][len(l.parts[k-1])-1].Prefix, part[0].Prefix) >= 0 {
			t.Fatalf("chunk %d starts at %v, the one before ends at %v", k, part[0].Prefix, l.parts[k-1][len(l.parts[k-1])-1].Prefix)
		}
		n += len(part)
	}
	if n != l.n {
		t.Fatalf("n = %d, the chunks hold %d", l.n, n)
	}
}

// checkShared fails t when a chunk of old that owns no prefix of d or of
// repl, nor is just before one that does, is not in next.
func checkShared(t *testing.T, old, next chunked[Path], d []netip.Prefix, repl []Path) {
	t.Helper()
	touched := map[int]bool{} // and the chunk before, which a shrunk chunk may join
	for _, p := range d {
		k := old.owner(p, pathPrefix)
		touched[k], touched[k-1] = true, true
	}
	for i := range repl {
		k := old.owner(repl[i].Prefix, pathPrefix)
		touched[k], touched[k-1] = true, true
	}
	for k, part := range old.parts {
		if touched[k] {
			continue
		}
		if !slices.ContainsFunc(next.parts, func(q []Path) bool { return len(q) == len(part) && &q[0] == &part[0] }) {
			t.Fatalf("chunk %d (%v…) untouched but copied", k, part[0].Prefix)
		}
	}
}

// TestHubPathsEqualsFilter: hubPaths (a search per hub prefix when they
// are few) against filtering every path by the hub prefixes' set, on
// random lists and hub prefix lists, empty ones among them; and at(nil)
// yields nothing.
func TestHubPathsEqualsFilter(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 2))
	pfx := func() netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(2)), byte(r.IntN(200)), 0}), 24).Masked()
	}
	for range 500 {
		var ps []Path
		for range r.IntN(300) {
			ps = append(ps, Path{Prefix: pfx()})
		}
		slices.SortFunc(ps, func(a, b Path) int { return comparePrefix(a.Prefix, b.Prefix) })
		ps = slices.CompactFunc(ps, func(a, b Path) bool { return a.Prefix == b.Prefix })
		var hub []netip.Prefix
		for range r.IntN(3) * r.IntN(20) {
			hub = append(hub, pfx())
		}
		slices.SortFunc(hub, comparePrefix)
		hub = slices.Compact(hub)
		set := newPrefixSet(hub)
		var want []Path
		for _, p := range ps {
			if set.has(p.Prefix) {
				want = append(want, p)
			}
		}
		var got []Path
		for p := range hubPaths(newChunked(ps, pathPrefix), hub, set) {
			got = append(got, *p)
		}
		if !slices.EqualFunc(got, want, Path.equal) {
			t.Fatalf("hubPaths(%d paths, %v) = %d paths, want %d", len(ps), hub, len(got), len(want))
		}
	}
}

// TestChangedAtChunkedEqualsChangedAt: changedAtChunked (skipping shared
// chunks) against changedAt on the flat lists, for Loc-RIBs spliced apart
// from one list (sharing chunks) and for unrelated ones.
func TestChangedAtChunkedEqualsChangedAt(t *testing.T) {
	r := rand.New(rand.NewPCG(4, 4))
	pfx := func() netip.Prefix {
		return netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(r.IntN(2)), byte(r.IntN(150)), 0}), 24).Masked()
	}
	list := func(n int) []Best {
		var out []Best
		for range n {
			out = append(out, Best{Path: Path{Prefix: pfx(), Weight: r.IntN(2)}})
		}
		slices.SortStableFunc(out, func(a, b Best) int { return comparePrefix(a.Prefix, b.Prefix) })
		return slices.CompactFunc(out, func(a, b Best) bool { return a.Prefix == b.Prefix })
	}
	keys := setKeys
	for round := range 300 {
		a := newChunked(list(r.IntN(250)), bestPrefix)
		b := newChunked(list(r.IntN(250)), bestPrefix)
		if r.IntN(4) > 0 { // b spliced from a at a few prefixes
			b = a
			for range 1 + r.IntN(4) {
				var d []netip.Prefix
				for range 1 + r.IntN(3) {
					d = append(d, pfx())
				}
				slices.SortFunc(d, comparePrefix)
				d = slices.Compact(d)
				var repl []Best
				for _, p := range d {
					if r.IntN(2) == 0 {
						repl = append(repl, Best{Path: Path{Prefix: p, Weight: r.IntN(2)}})
					}
				}
				b = spliceChunked(b, d, repl, bestPrefix, Best.equal)
			}
		}
		got, want := keys(changedAtChunked(a, b)), keys(changedAt(a.flat(), b.flat()))
		if !slices.Equal(got, want) {
			t.Fatalf("round %d: changedAtChunked = %v, changedAt = %v", round, got, want)
		}
	}
}
