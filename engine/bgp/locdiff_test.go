package bgp

import (
	"math/rand/v2"
	"net/netip"
	"testing"

	"vnetplay/engine/model"
)

// TestLocDiffSameBestEqualsLookups: along random edit sequences of every
// design of updateDesigns, LocDiff.SameBest between a result and the next
// (or an older one) answers exactly as comparing the two Lookups, for
// every speaker of either and every Loc-RIB prefix's first and last
// address, their neighbours, and random addresses; and some answers are
// false (the edits changed what a lookup finds), some speakers' differences
// taken from the dirty prefixes of Update's origin.
func TestLocDiffSameBestEqualsLookups(t *testing.T) {
	steps := 10
	if raceEnabled || testing.Short() {
		steps = 3
	}
	same, differ, derived := 0, 0, 0
	designs := updateDesigns(t)
	for _, name := range sortedKeys(designs) {
		topo := designs[name]
		r := rand.New(rand.NewPCG(17, uint64(len(name))))
		c := randChooser{r}
		results := []*Result{Compute(&topo, nil)}
		var fails []model.Failure
		for step := range steps {
			topo = cloneTopo(t, topo)
			fails = hybridEdit(c, &topo, fails)
			from := results[len(results)-1]
			if r.IntN(4) == 0 {
				from = results[r.IntN(len(results))]
			}
			up := Update(from, &topo, fails)
			d := NewLocDiff(from, up)
			for _, id := range unionKeys(from.loc, up.loc) {
				for _, a := range probeAddrs(r, from.loc[id].flat(), up.loc[id].flat()) {
					b1, ok1 := from.Lookup(id, a)
					b2, ok2 := up.Lookup(id, a)
					want := ok1 == ok2 && b1.Same(b2)
					if got := d.SameBest(id, a); got != want {
						t.Fatalf("%s step %d: SameBest(%s, %s) = %v, the lookups %v (%v, %v)", name, step, id, a, got, want, b1.Prefix, b2.Prefix)
					}
					if want {
						same++
					} else {
						differ++
					}
				}
			}
			derived += d.derived
			results = append(results, up)
		}
	}
	if same == 0 || differ == 0 || derived == 0 {
		t.Fatalf("%d answers the same, %d different, %d speakers' differences from Update's origin: the edits test nothing", same, differ, derived)
	}
}

// probeAddrs are the first and last address of every prefix of two
// Loc-RIBs, the addresses just outside them, and a few random ones.
func probeAddrs(r *rand.Rand, lists ...[]Best) []netip.Addr {
	var out []netip.Addr
	for _, l := range lists {
		for _, b := range l {
			first, last := b.Prefix.Masked().Addr(), lastAddr(b.Prefix)
			out = append(out, first, last, first.Prev(), last.Next())
		}
	}
	for range 8 {
		out = append(out, netip.AddrFrom4([4]byte{byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256))}))
	}
	var valid []netip.Addr
	for _, a := range out {
		if a.IsValid() {
			valid = append(valid, a)
		}
	}
	return valid
}
