package addrindex

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"slices"
	"sync"
	"testing"
)

func mustIndex(t testing.TB, entries ...Entry) *Index {
	t.Helper()
	x := New()
	for _, e := range entries {
		if err := x.Insert(e.Prefix, e.Owner); err != nil {
			t.Fatal(err)
		}
	}
	return x
}

func e(p, owner string) Entry { return Entry{Prefix: netip.MustParsePrefix(p), Owner: owner} }

func TestOwnerMostSpecific(t *testing.T) {
	// A subnet lies inside its VNet's address space; the subnet is the owner
	// of its addresses, the VNet of the rest (rule:system-routes.no-per-subnet-route: one route per range, but
	// ownership is per subnet).
	x := mustIndex(t, e("10.0.0.0/16", "hub"), e("10.0.1.0/24", "hub/app"), e("172.16.0.0/12", "onprem"))
	tests := []struct {
		addr      string
		owner     string
		ok, ambig bool
	}{
		{"10.0.1.4", "hub/app", true, false},
		{"10.0.2.4", "hub", true, false},
		{"172.20.0.1", "onprem", true, false},
		{"192.168.0.1", "", false, false},
		{"::ffff:10.0.1.9", "hub/app", true, false},
	}
	for _, tt := range tests {
		got, ok, ambig := x.Owner(netip.MustParseAddr(tt.addr))
		if ok != tt.ok || ambig != tt.ambig || got.Owner != tt.owner {
			t.Errorf("Owner(%s) = %q ok=%v ambiguous=%v, want %q ok=%v ambiguous=%v",
				tt.addr, got.Owner, ok, ambig, tt.owner, tt.ok, tt.ambig)
		}
	}
}

func TestOwnerAmbiguousOnDuplicatePrefix(t *testing.T) {
	x := mustIndex(t, e("10.0.0.0/16", "vnet-b"), e("10.0.0.0/16", "vnet-a"), e("10.0.0.0/16", "vnet-a"))
	if x.Len() != 2 {
		t.Fatalf("Len = %d, want 2 (duplicate insert is a no-op)", x.Len())
	}
	got, ok, ambig := x.Owner(netip.MustParseAddr("10.0.3.3"))
	if !ok || !ambig || got.Owner != "vnet-a" {
		t.Fatalf("Owner = %+v ok=%v ambiguous=%v, want vnet-a, ambiguous", got, ok, ambig)
	}
}

func TestOverlapping(t *testing.T) {
	x := mustIndex(t,
		e("10.0.0.0/16", "hub"), e("10.1.0.0/16", "spoke1"), e("10.1.4.0/24", "spoke1/app"),
		e("10.0.0.0/8", "onprem"), e("192.168.0.0/16", "branch"), e("fd00::/8", "v6"))
	tests := []struct {
		prefix string
		want   []Entry
	}{
		{"10.1.0.0/20", []Entry{e("10.0.0.0/8", "onprem"), e("10.1.0.0/16", "spoke1"), e("10.1.4.0/24", "spoke1/app")}},
		{"10.0.0.0/15", []Entry{e("10.0.0.0/8", "onprem"), e("10.0.0.0/16", "hub"), e("10.1.0.0/16", "spoke1"), e("10.1.4.0/24", "spoke1/app")}},
		{"10.1.4.128/25", []Entry{e("10.0.0.0/8", "onprem"), e("10.1.0.0/16", "spoke1"), e("10.1.4.0/24", "spoke1/app")}},
		{"172.16.0.0/12", nil},
		{"fd00:1::/32", []Entry{e("fd00::/8", "v6")}},
		{"10.1.9.7/16", []Entry{e("10.0.0.0/8", "onprem"), e("10.1.0.0/16", "spoke1"), e("10.1.4.0/24", "spoke1/app")}}, // unmasked input
	}
	for _, tt := range tests {
		got := x.Overlapping(netip.MustParsePrefix(tt.prefix))
		if !slices.Equal(got, tt.want) {
			t.Errorf("Overlapping(%s) = %v, want %v", tt.prefix, got, tt.want)
		}
	}
}

func TestInsertRejectsInvalid(t *testing.T) {
	x := New()
	if err := x.Insert(netip.Prefix{}, "x"); err == nil {
		t.Error("Insert(zero prefix) succeeded, want error")
	}
	if err := x.Insert(netip.MustParsePrefix("::ffff:0:0/90"), "x"); err == nil {
		t.Error("Insert(4in6 /90) succeeded, want error")
	}
	if x.Containing(netip.Addr{}) != nil || x.Overlapping(netip.Prefix{}) != nil {
		t.Error("lookups of invalid input must return nil")
	}
}

// brute is the obviously-correct oracle: a linear scan.
type brute []Entry

func (b brute) containing(a netip.Addr) []Entry {
	var out []Entry
	for _, e := range b {
		if e.Prefix.Contains(a) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(x, y Entry) int {
		if x.Prefix.Bits() != y.Prefix.Bits() {
			return y.Prefix.Bits() - x.Prefix.Bits()
		}
		return compareEntries(x, y)
	})
	return out
}

func (b brute) overlapping(p netip.Prefix) []Entry {
	var out []Entry
	for _, e := range b {
		if e.Prefix.Overlaps(p) {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, compareEntries)
	return out
}

func randomPrefix(r *rand.Rand) netip.Prefix {
	// A small address universe (10.0.0.0/14) so that prefixes collide often.
	a := netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))})
	return netip.PrefixFrom(a, 14+r.IntN(15)).Masked()
}

// checkAgainstBrute checks a random index of seed against brute force,
// looking up after a first batch of inserts and again after a second (so
// that prefixes inserted into a trie already built are checked too); it
// reports whether the index answered from its trie (else by scanning).
func checkAgainstBrute(t *testing.T, seed uint64) (trie bool) {
	r := rand.New(rand.NewPCG(seed, 0))
	x := New()
	if seed%2 == 1 {
		x = usedAndReset(t, r)
	}
	var b brute
	for range 2 {
		for range 1 + r.IntN(30) {
			p, owner := randomPrefix(r), string(rune('a'+r.IntN(5)))
			if err := x.Insert(p, owner); err != nil {
				t.Fatal(err)
			}
			if !slices.Contains(b, Entry{p, owner}) {
				b = append(b, Entry{p, owner})
			}
		}
		lookUp(t, seed, r, x, b)
	}
	if len(x.list) >= trieFrom && x.ranger == nil {
		t.Fatalf("seed %d: an index of %d prefixes answered without its trie", seed, len(x.list))
	}
	return x.ranger != nil
}

// usedAndReset is an index that held random prefixes, was looked up (its
// trie built, if it was large enough) and then Reset: it must answer as a
// new one.
func usedAndReset(t *testing.T, r *rand.Rand) *Index {
	x := New()
	for range r.IntN(2 * trieFrom) {
		if err := x.Insert(randomPrefix(r), string(rune('a'+r.IntN(5)))); err != nil {
			t.Fatal(err)
		}
	}
	x.Containing(randomPrefix(r).Addr())
	x.Reset()
	return x
}

// lookUp checks 50 random lookups of each kind against brute force.
func lookUp(t *testing.T, seed uint64, r *rand.Rand, x *Index, b brute) {
	t.Helper()
	for range 50 {
		a := randomPrefix(r).Addr()
		want := b.containing(a)
		if got := x.Containing(a); !slices.Equal(got, want) {
			t.Fatalf("seed %d: Containing(%v) = %v, brute force says %v", seed, a, got, want)
		}
		// Owner is the most specific entry, also
		// for the IPv4-mapped spelling of the address.
		for _, q := range []netip.Addr{a, netip.AddrFrom16(a.As16())} {
			e, ok, amb := x.Owner(q)
			if ok != (len(want) > 0) || ok && (e != want[0] || amb != (len(want) > 1 && want[1].Prefix == want[0].Prefix)) {
				t.Fatalf("seed %d: Owner(%v) = %v %v %v, brute force says %v", seed, q, e, ok, amb, want)
			}
		}
		p := randomPrefix(r)
		if got, want := x.Overlapping(p), b.overlapping(p); !slices.Equal(got, want) {
			t.Fatalf("seed %d: Overlapping(%v) = %v, brute force says %v", seed, p, got, want)
		}
	}
}

// TestOwnerBuildsNoTrie: an index that is only asked Owner (the data
// plane's) never builds its trie, however large; the first Containing
// does, once, under concurrent lookups too (run with -race).
func TestOwnerBuildsNoTrie(t *testing.T) {
	x := New()
	for i := range 4 * trieFrom {
		if err := x.Insert(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i), 0, 0}), 16), fmt.Sprint("vnet", i)); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 4 * trieFrom {
		if e, ok, _ := x.Owner(netip.AddrFrom4([4]byte{10, byte(i), 1, 2})); !ok || e.Owner != fmt.Sprint("vnet", i) {
			t.Fatalf("Owner of 10.%d.1.2: %v %v", i, e, ok)
		}
	}
	if x.ranger != nil {
		t.Fatal("Owner built the trie")
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Go(func() {
			if got := x.Containing(netip.AddrFrom4([4]byte{10, byte(i), 3, 4})); len(got) != 1 || got[0].Owner != fmt.Sprint("vnet", i) {
				t.Errorf("Containing 10.%d.3.4: %v", i, got)
			}
		})
	}
	wg.Wait()
	if x.ranger == nil {
		t.Fatal("Containing on a large index answered without its trie")
	}
}

// TestAgainstBruteForce checks Containing, Owner and Overlapping against a
// linear scan, for small indexes (which scan their prefixes) and large
// ones (which answer from a trie).
func TestAgainstBruteForce(t *testing.T) {
	tries := 0
	for seed := range uint64(200) {
		if checkAgainstBrute(t, seed) {
			tries++
		}
	}
	if tries < 20 || tries > 180 {
		t.Fatalf("%d of 200 indexes answered from a trie: both ways should be checked often", tries)
	}
}

func FuzzAgainstBruteForce(f *testing.F) {
	for _, s := range []uint64{1, 7, 42} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, seed uint64) { checkAgainstBrute(t, seed) })
}
