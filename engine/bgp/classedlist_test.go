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
	return pc
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
// (newClassedChunked) against its expansion made at once
// (newChunked(expandList)), on seeded random partitions and lists: the
// same length, the same Lookup entry (bestAt) at every prefix and at
// prefixes outside it, the same entries at a subset (entriesIn, at), the
// same splice (spliceChunked, old itself when nothing changes), the same
// index (newLocIndex), the same differences from another version
// (changedAtChunked against changedAt), and at last the same whole list.
// Reads that need no expansion leave it unmade: bestAt at an entry
// without equal paths, at, the index, an unchanged splice, the
// differences. Setting the prefix in bestAt's copy, or reading the
// wrong class's entry, or taking a class's mask from another, fails it.
func TestClassedChunkedEqualsExpanded(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 8))
	for round := range 300 {
		pc := randomClasses(r, 2+r.IntN(200), 1+r.IntN(6), round%5 == 0)
		reps := randomBests(r, pc, nil)
		eager := newChunked(expandList(pc, make([]int32, len(pc.reps)), slices.Clone(reps), bestPrefix, setBestPrefix), bestPrefix)
		lazy := newClassedChunked(pc, reps, bestPrefix, setBestPrefix)
		if lazy.Len() != eager.Len() {
			t.Fatalf("round %d: Len %d, want %d", round, lazy.Len(), eager.Len())
		}
		probe := append(slices.Clone(pc.all), netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("192.168.0.0/24"))
		for _, p := range probe {
			got, ok := bestAt(lazy, p)
			want, wok := bestAt(eager, p)
			if ok != wok || ok && !identicalBest(&got, &want) {
				t.Fatalf("round %d: bestAt %v = %+v %v, want %+v %v", round, p, got, ok, want, wok)
			}
		}
		var only []netip.Prefix
		for _, p := range pc.all {
			if r.IntN(3) == 0 {
				only = append(only, p)
			}
		}
		if got, want := lazy.entriesIn(only, bestPrefix), eager.entriesIn(only, bestPrefix); !identicalList(got, want, identicalBest) && len(got)+len(want) > 0 {
			t.Fatalf("round %d: entriesIn differs", round)
		}
		if got, want := newLocIndex(lazy, nil), newLocIndex(eager, nil); got.ok != want.ok || !slices.Equal(got.lens, want.lens) {
			t.Fatalf("round %d: index %v %v, want %v %v", round, got.ok, got.lens, want.ok, want.lens)
		}
		otherReps := randomBests(r, pc, reps)
		other := newClassedChunked(pc, otherReps, bestPrefix, setBestPrefix)
		otherFlat := expandList(pc, make([]int32, len(pc.reps)), slices.Clone(otherReps), bestPrefix, setBestPrefix)
		if got, want := setKeys(changedAtChunked(lazy, other)), setKeys(changedAt(eager.flat(), otherFlat)); !slices.Equal(got, want) {
			t.Fatalf("round %d: changedAtChunked = %v, want %v", round, got, want)
		}
		// An unchanged splice (d's entries as they are) keeps the list.
		d := only
		same := eager.entriesIn(d, bestPrefix)
		if lazy.lazy != nil && !sameChunked(spliceChunked(lazy, d, same, bestPrefix, Best.equal), lazy) {
			t.Fatalf("round %d: an unchanged splice made a new list", round)
		}
		if lazy.lazy != nil && expandedYet(lazy.lazy) && other.lazy != nil && !slices.ContainsFunc(reps, func(b Best) bool { return len(b.Equal) > 0 }) {
			t.Fatalf("round %d: a read expanded the list", round)
		}
		// A splice that changes something: the same as on the expansion.
		var repl []Best
		for _, p := range d {
			if r.IntN(2) == 0 {
				repl = append(repl, Best{Path: Path{Prefix: p, Weight: 9}})
			}
		}
		if got, want := spliceChunked(lazy, d, repl, bestPrefix, Best.equal).flat(), spliceChunked(eager, d, repl, bestPrefix, Best.equal).flat(); !identicalList(got, want, identicalBest) && len(got)+len(want) > 0 {
			t.Fatalf("round %d: spliceChunked differs", round)
		}
		if got, want := lazy.flat(), eager.flat(); !identicalList(got, want, identicalBest) {
			t.Fatalf("round %d: the expansion differs", round)
		}
	}
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
