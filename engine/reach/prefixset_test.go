package reach

import (
	"math/rand/v2"
	"net/netip"
	"slices"
	"testing"
)

// TestPrefixSetEqualsScan checks prefixSet.contains against a scan of its
// prefixes, on random sets (IPv4 of every length, in any order and
// unmasked, IPv6 and IPv4-mapped prefixes) and addresses inside, at the
// edges of and outside them.
func TestPrefixSetEqualsScan(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 12))
	v4 := func() netip.Addr {
		return netip.AddrFrom4([4]byte{10, byte(r.IntN(4)), byte(r.IntN(256)), byte(r.IntN(256))})
	}
	for range 300 {
		var ps []netip.Prefix
		for range r.IntN(40) {
			switch r.IntN(8) {
			case 0:
				a := netip.AddrFrom16([16]byte{0x20, 0x01, 0x0d, 0xb8, byte(r.IntN(4))})
				ps = append(ps, netip.PrefixFrom(a, 32+r.IntN(33)))
			case 1:
				ps = append(ps, netip.PrefixFrom(netip.AddrFrom16(v4().As16()), 96+r.IntN(33)))
			case 2:
				ps = append(ps, netip.PrefixFrom(v4(), r.IntN(33)))
			default: // a few lengths, many prefixes each (on-premises /24s)
				ps = append(ps, netip.PrefixFrom(v4(), []int{16, 22, 24, 24, 32}[r.IntN(5)]))
			}
		}
		if r.IntN(2) == 0 {
			slices.SortFunc(ps, comparePrefixes)
		}
		s := newPrefixSet(ps)
		var probes []netip.Addr
		for _, p := range ps {
			probes = append(probes, p.Addr(), p.Masked().Addr())
		}
		for range 50 {
			probes = append(probes, v4(), netip.AddrFrom16(v4().As16()))
		}
		for _, a := range probes {
			want := slices.ContainsFunc(ps, func(p netip.Prefix) bool { return p.Masked().Contains(a.Unmap()) })
			if got := s.contains(a); got != want {
				t.Fatalf("set %v: contains(%v) = %v, want %v", ps, a, got, want)
			}
		}
	}
}

// comparePrefixes orders prefixes by address, then length.
func comparePrefixes(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return a.Bits() - b.Bits()
}
