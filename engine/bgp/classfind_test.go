package bgp

import (
	"math/rand"
	"net/netip"
	"slices"
	"testing"
)

// TestClassesFindIsFindPrefix checks prefixClasses.find's integer search
// against findPrefix over all: every prefix of all, absent ones around
// them (other lengths, neighbouring addresses, IPv6) and an all holding
// an IPv6 prefix (no keys: the fallback).
func TestClassesFindIsFindPrefix(t *testing.T) {
	r := rand.New(rand.NewSource(7))
	v4 := func() netip.Prefix {
		a := netip.AddrFrom4([4]byte{10, byte(r.Intn(4)), byte(r.Intn(256)), byte(r.Intn(256))})
		return netip.PrefixFrom(a, 8+r.Intn(25)).Masked()
	}
	for round := range 50 {
		var all []netip.Prefix
		for range 1 + r.Intn(300) {
			all = append(all, v4())
		}
		if round%5 == 4 {
			all = append(all, netip.MustParsePrefix("fd00::/64"))
		}
		slices.SortFunc(all, comparePrefix)
		all = slices.Compact(all)
		pc := &prefixClasses{all: all, keys: v4Keys(all)}
		if (pc.keys == nil) != (round%5 == 4) {
			t.Fatalf("round %d: keys %v for a component with IPv6 %v", round, pc.keys != nil, round%5 == 4)
		}
		probes := slices.Clone(all)
		for _, p := range all {
			probes = append(probes, netip.PrefixFrom(p.Addr(), p.Bits()+1), netip.PrefixFrom(p.Addr(), p.Bits()-1),
				netip.PrefixFrom(p.Addr().Prev(), p.Bits()), netip.PrefixFrom(p.Addr().Next(), p.Bits()))
		}
		for range 200 {
			probes = append(probes, v4())
		}
		probes = append(probes, netip.MustParsePrefix("fd00::/64"), netip.MustParsePrefix("0.0.0.0/0"), netip.Prefix{})
		for _, p := range probes {
			gi, gok := pc.find(p)
			wi, wok := findPrefix(all, p)
			if gi != wi || gok != wok {
				t.Fatalf("round %d: find(%v) = %d, %v; findPrefix = %d, %v", round, p, gi, gok, wi, wok)
			}
		}
	}
}
