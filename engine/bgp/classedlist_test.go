package bgp

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"sync"
	"testing"

	"vnetplay/engine/gen"
)

// randomClasses is a seeded random partition of n prefixes into at most k
// classes, with the masks newLocIndex reads (as classesOf makes them); a
// few prefixes are unmasked (not indexable) when odd is set.
func randomClasses(r *rand.Rand, n, k int, odd bool) *prefixClasses {
	pc := &prefixClasses{}
	for i := range n {
		bits := 24
		if r.IntN(4) == 0 {
			bits = 16 + r.IntN(17)
		}
		p := netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 8), byte(i), 0}), bits)
		if !odd || r.IntN(50) > 0 {
			p = p.Masked()
		}
		pc.all = append(pc.all, p)
	}
	slices.SortFunc(pc.all, comparePrefix)
	pc.all = slices.Compact(pc.all)
	partition(r, pc, k)
	return pc
}

// partition gives pc's prefixes (pc.all, sorted) a seeded random partition
// into at most k classes, with their sizes and masks, replacing any it had.
func partition(r *rand.Rand, pc *prefixClasses, k int) {
	pc.reps, pc.size, pc.lens, pc.class = nil, nil, nil, nil
	dense := map[int]int32{}
	for _, p := range pc.all {
		c := r.IntN(k)
		id, ok := dense[c]
		if !ok {
			id = int32(len(pc.reps))
			dense[c] = id
			pc.reps = append(pc.reps, p)
			pc.size = append(pc.size, 0)
			pc.lens = append(pc.lens, 0)
		}
		pc.class = append(pc.class, id)
		pc.size[id]++
		pc.lens[id] |= lenBit(p)
	}
}

// randomBests is a representatives' Loc-RIB over pc: most classes have an
// entry, some with equal paths and multipath; base, when set, is mostly
// kept.
func randomBests(r *rand.Rand, pc *prefixClasses, base []Best) []Best {
	var out []Best
	for c, p := range pc.reps {
		if base != nil && r.IntN(3) > 0 {
			if i := slices.IndexFunc(base, func(x Best) bool { return x.Prefix == p }); i >= 0 {
				out = append(out, base[i])
			}
			continue
		}
		if r.IntN(4) == 0 {
			continue
		}
		b := Best{Path: Path{Prefix: p, Weight: r.IntN(2), Neighbor: []string{"a", "b"}[r.IntN(2)], ASPath: []uint32{uint32(65000 + c)}}, Reason: Reason([]string{"x", "y", "z"}[r.IntN(3)])}
		if r.IntN(3) == 0 {
			b.Equal = []Path{{Prefix: p, Neighbor: "c"}}
			b.Multipath = []string{"c"}
		}
		out = append(out, b)
	}
	return out
}

// TestClassedChunkedEqualsExpanded checks a table kept by classes
// (newClassedChunked), and its versions spliced at a few prefixes
// (spliceChunked: a patch), against its expansion made at once
// (newChunked(expandList)) spliced alike, on seeded random partitions and
// lists: the same length, the same Lookup entry (bestAt) at every prefix
// and at prefixes outside it, the same entries at a subset (entriesIn),
// the same index lengths (newLocIndex), the same differences from another
// version (changedAtChunked against changedAt), and at last the same
// whole list. Reads that need no expansion leave it unmade: bestAt at an
// entry without equal paths, the index, a splice, the differences.
// Setting the prefix in bestAt's copy, reading the wrong class's entry,
// taking a class's mask from another, ignoring the patch anywhere, or
// comparing presence only in changedClasses, fails it.
func TestClassedChunkedEqualsExpanded(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	patched := 0
	for round := range 300 {
		pc := randomClasses(r, 2+r.IntN(200), 1+r.IntN(6), round%5 == 0)
		reps := randomBests(r, pc, nil)
		eager := newChunked(expandList(pc, make([]int32, len(pc.reps)), slices.Clone(reps), bestPrefix, setBestPrefix), bestPrefix)
		lazy := newClassedChunked(pc, reps, bestPrefix, setBestPrefix)
		otherReps := randomBests(r, pc, reps)
		other := newClassedChunked(pc, otherReps, bestPrefix, setBestPrefix)
		otherEager := newChunked(expandList(pc, make([]int32, len(pc.reps)), slices.Clone(otherReps), bestPrefix, setBestPrefix), bestPrefix)
		noEqual := !slices.ContainsFunc(reps, func(b Best) bool { return len(b.Equal) > 0 })
		for step := range 4 {
			checkClassed(t, round, step, pc, lazy, eager, other, otherEager, noEqual)
			// A splice at a few prefixes (some outside the classes, some
			// left unchanged), of lazy and eager alike; other sometimes
			// too, at some of the same prefixes.
			var d []netip.Prefix
			for range 1 + r.IntN(4) {
				if r.IntN(4) == 0 {
					d = append(d, netip.PrefixFrom(netip.AddrFrom4([4]byte{10, 200, byte(r.IntN(8)), 0}), 24))
				} else {
					d = append(d, pc.all[r.IntN(len(pc.all))])
				}
			}
			slices.SortFunc(d, comparePrefix)
			d = slices.Compact(d)
			var repl []Best
			for _, p := range d {
				switch r.IntN(3) {
				case 0: // removed
				case 1: // as it was
					repl = append(repl, eager.entriesIn([]netip.Prefix{p}, bestPrefix)...)
				default:
					repl = append(repl, Best{Path: Path{Prefix: p, Weight: 9 + r.IntN(2)}})
				}
			}
			lazy = spliceChunked(lazy, d, repl, bestPrefix, Best.equal)
			eager = spliceChunked(eager, d, repl, bestPrefix, Best.equal)
			if r.IntN(2) == 0 {
				other = spliceChunked(other, d[:1], repl[:min(len(repl), 0)], bestPrefix, Best.equal)
				otherEager = spliceChunked(otherEager, d[:1], nil, bestPrefix, Best.equal)
			}
			if lazy.lazy != nil && len(lazy.lazy.d) > 0 {
				patched++
			}
		}
		checkClassed(t, round, 4, pc, lazy, eager, other, otherEager, noEqual)
	}
	if patched < 100 {
		t.Errorf("only %d patched lists", patched)
	}
}

// checkClassed is one step of TestClassedChunkedEqualsExpanded: lazy
// against eager (its expansion), and their differences from other
// (otherEager, its expansion).
func checkClassed(t *testing.T, round, step int, pc *prefixClasses, lazy, eager, other, otherEager chunked[Best], noEqual bool) {
	t.Helper()
	if lazy.Len() != eager.Len() {
		t.Fatalf("round %d step %d: Len %d, want %d", round, step, lazy.Len(), eager.Len())
	}
	probe := append(slices.Clone(pc.all), netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("10.200.1.0/24"), netip.MustParsePrefix("192.168.0.0/24"))
	for _, p := range probe {
		got, ok := bestAt(lazy, p)
		want, wok := bestAt(eager, p)
		if ok != wok || ok && !identicalBest(&got, &want) {
			t.Fatalf("round %d step %d: bestAt %v = %+v %v, want %+v %v", round, step, p, got, ok, want, wok)
		}
	}
	if got, want := lazy.entriesIn(probe, bestPrefix), eager.entriesIn(probe, bestPrefix); !identicalList(got, want, identicalBest) && len(got)+len(want) > 0 {
		t.Fatalf("round %d step %d: entriesIn differs", round, step)
	}
	if got, want := newLocIndex(lazy, nil), newLocIndex(eager, nil); got.ok != want.ok || want.ok && !subset(want.lens, got.lens) {
		t.Fatalf("round %d step %d: index %v %v, want %v %v", round, step, got.ok, got.lens, want.ok, want.lens)
	}
	if got, want := setKeys(changedAtChunked(lazy, other)), setKeys(changedAt(eager.flat(), otherEager.flat())); !slices.Equal(got, want) {
		t.Fatalf("round %d step %d: changedAtChunked = %v, want %v", round, step, got, want)
	}
	// Against the other's expansion, and against a list of other classes
	// (made from lazy's expansion at their representatives, some changed):
	// one merge, expanding neither (changedAtStreaming).
	if got, want := setKeys(changedAtChunked(otherEager, lazy)), setKeys(changedAt(otherEager.flat(), eager.flat())); !slices.Equal(got, want) {
		t.Fatalf("round %d step %d: changedAtChunked against an expanded list = %v, want %v", round, step, got, want)
	}
	r := rand.New(rand.NewPCG(uint64(round), uint64(step)))
	pc2 := randomClasses(r, 0, 1+r.IntN(6), false)
	pc2.all = slices.Clone(pc.all)
	repartition(r, pc2)
	var reps2 []Best
	for _, p := range pc2.reps {
		for _, b := range eager.entriesIn([]netip.Prefix{p}, bestPrefix) {
			switch r.IntN(6) {
			case 0:
				b.Weight += 5
			case 1: // equal paths only differ
				if len(b.Equal) > 0 {
					b.Equal = slices.Clone(b.Equal)
					b.Equal[0].Neighbor = "e"
				} else {
					b.Equal = []Path{{Prefix: p, Neighbor: "d"}}
				}
			}
			if r.IntN(8) > 0 {
				reps2 = append(reps2, b)
			}
		}
	}
	third := newClassedChunked(pc2, reps2, bestPrefix, setBestPrefix)
	thirdFlat := expandList(pc2, make([]int32, len(pc2.reps)), slices.Clone(reps2), bestPrefix, setBestPrefix)
	if got, want := setKeys(changedAtChunked(lazy, third)), setKeys(changedAt(eager.flat(), thirdFlat)); !slices.Equal(got, want) {
		t.Fatalf("round %d step %d: changedAtChunked against other classes = %v, want %v", round, step, got, want)
	}
	if lazy.lazy != nil && expandedYet(lazy.lazy) && other.lazy != nil && noEqual {
		t.Fatalf("round %d step %d: a read expanded the list", round, step)
	}
	if got, want := fresh(lazy).flat(), eager.flat(); !identicalList(got, want, identicalBest) && len(got)+len(want) > 0 {
		t.Fatalf("round %d step %d: the expansion differs:\n%v\n%v", round, step, got, want)
	}
}

// repartition gives pc (its prefixes set) random classes, as
// randomClasses does.
func repartition(r *rand.Rand, pc *prefixClasses) {
	partition(r, pc, 1+r.IntN(6))
}

// fresh is l with a classedList of its own, not expanded yet (so that a
// test expands a copy, not l).
func fresh[T any](l chunked[T]) chunked[T] {
	if c := l.lazy; c != nil {
		l.lazy = &classedList[T]{pc: c.pc, reps: c.reps, ix: c.ix, d: c.d, repl: c.repl, n: c.n, prefix: c.prefix, set: c.set}
	}
	return l
}

// subset reports whether every length of a is in b (an index may hold
// more lengths than its list: Lookup only searches them in vain).
func subset(a, b []uint8) bool {
	for _, n := range a {
		if !slices.Contains(b, n) {
			return false
		}
	}
	return true
}

// expandedYet reports whether c's expansion was made (tests, one
// goroutine).
func expandedYet[T any](c *classedList[T]) bool { return c.list.n > 0 }

// TestClassedPathsAt checks at and hubPaths over path lists kept by
// classes against the expansion, and that they do not expand it.
func TestClassedPathsAt(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for round := range 200 {
		pc := randomClasses(r, 2+r.IntN(200), 1+r.IntN(6), false)
		var reps []Path
		for c, p := range pc.reps {
			if r.IntN(4) > 0 {
				reps = append(reps, Path{Prefix: p, Weight: c, ASPath: []uint32{65515}})
			}
		}
		lazy := newClassedChunked(pc, reps, pathPrefix, setPathPrefix)
		eager := newChunked(expandList(pc, make([]int32, len(pc.reps)), slices.Clone(reps), pathPrefix, setPathPrefix), pathPrefix)
		var hub []netip.Prefix
		for _, p := range pc.all {
			if r.IntN(4) == 0 {
				hub = append(hub, p)
			}
		}
		var got, want []Path
		for p := range hubPaths(lazy, hub, newPrefixSet(hub)) {
			got = append(got, *p)
		}
		for p := range hubPaths(eager, hub, newPrefixSet(hub)) {
			want = append(want, *p)
		}
		if !identicalList(got, want, identicalPath) && len(got)+len(want) > 0 {
			t.Fatalf("round %d: hubPaths = %v, want %v", round, got, want)
		}
		if lazy.lazy != nil && expandedYet(lazy.lazy) {
			t.Fatalf("round %d: hubPaths expanded the list", round)
		}
	}
}

// TestColdComputeKeepsTablesByClasses pins the point of classedList: a
// computation of a hub with thousands of site prefixes in a few classes
// keeps its tables unexpanded through Compute and Lookup at entries
// without equal paths, and RIB and Neighbors (which expand them) answer
// as a computation per prefix does; readers on several goroutines
// expand a table once, safely (run with -race).
func TestColdComputeKeepsTablesByClasses(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 12, Subnets: 1, Prefixes: 400, UDRs: 2, Seed: 1})
	r := Compute(&topo, nil)
	lazy := 0
	for id, l := range r.loc {
		if l.lazy == nil {
			continue
		}
		lazy++
		if expandedYet(l.lazy) {
			t.Errorf("Compute expanded %s's Loc-RIB", id)
		}
	}
	for _, m := range r.adjIn {
		for s, l := range m {
			if l.lazy != nil && expandedYet(l.lazy) {
				t.Errorf("Compute expanded session %s's paths", s)
			}
		}
	}
	if lazy == 0 {
		t.Fatal("no Loc-RIB kept by classes")
	}
	full := update(nil, &topo, nil, config{maxRounds: MaxRounds, perPrefix: true})
	var wg sync.WaitGroup
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, sp := range r.Speakers() {
				for _, a := range []string{"172.16.0.1", "10.0.0.1", "192.168.1.1"} {
					addr := netip.MustParseAddr(a)
					b1, ok1 := r.Lookup(sp.ID, addr)
					b2, ok2 := full.Lookup(sp.ID, addr)
					if ok1 != ok2 || !b1.Same(b2) {
						t.Errorf("Lookup(%s, %s) = %v, want %v", sp.ID, a, b1, b2)
					}
				}
				if !slices.EqualFunc(r.RIB(sp.ID), full.RIB(sp.ID), Best.equal) {
					t.Errorf("RIB(%s) differs", sp.ID)
				}
				if len(r.Neighbors(sp.ID)) != len(full.Neighbors(sp.ID)) {
					t.Errorf("Neighbors(%s) differs", sp.ID)
				}
			}
		}()
	}
	wg.Wait()
}

// setKeys is the prefixes of s, sorted (nil for nil).
func setKeys(s *prefixSet) []netip.Prefix {
	if s == nil {
		return nil
	}
	var out []netip.Prefix
	for p := range s.exact {
		out = append(out, p)
	}
	slices.SortFunc(out, comparePrefix)
	return out
}
