package bgp

import (
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"testing"
)

// TestPrefixSetEqualsScan checks prefixSet against the linear scans it
// replaces, on seeded random nested prefixes (IPv4 and a few IPv6).
func TestPrefixSetEqualsScan(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	random := func() netip.Prefix {
		if r.IntN(10) == 0 {
			return netip.PrefixFrom(netip.MustParseAddr("fd00::").Next(), 64+r.IntN(3)).Masked()
		}
		a := netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(4)), byte(r.IntN(256))})
		return netip.PrefixFrom(a, 8+r.IntN(25)).Masked()
	}
	for range 200 {
		var set []netip.Prefix
		for range r.IntN(12) {
			set = append(set, random())
		}
		s := newPrefixSet(set)
		for range 100 {
			p := random()
			want := false
			for _, h := range set {
				want = want || h.Overlaps(p)
			}
			if got := s.overlaps(p); got != want {
				t.Fatalf("overlaps(%s) in %v = %v, want %v", p, set, got, want)
			}
			if got := s.has(p); got != slices.Contains(set, p) {
				t.Fatalf("has(%s) in %v = %v", p, set, got)
			}
		}
	}
}

// TestLookupEqualsScan checks the indexed Result.Lookup against the linear
// scan on the fuzz corpus designs and random addresses.
func TestLookupEqualsScan(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 60 {
		data := make([]byte, 64)
		for i := range data {
			data[i] = byte(r.IntN(256))
		}
		topo, fails := design(data)
		res := Compute(&topo, fails)
		for _, sp := range res.Speakers() {
			for range 200 {
				a := netip.AddrFrom4([4]byte{[]byte{10, 192, 172, 0}[r.IntN(4)], byte(r.IntN(256)), byte(r.IntN(256)), byte(r.IntN(256))})
				x, okX := res.Lookup(sp.ID, a)
				y, okY := res.lookupLinear(sp.ID, a)
				if okX != okY || !reflect.DeepEqual(x, y) {
					t.Fatalf("%s %s: indexed %v %v, scan %v %v", sp.ID, a, okX, x, okY, y)
				}
			}
		}
	}
}
