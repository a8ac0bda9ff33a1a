package bgp

import (
	"net/netip"
	"slices"
)

// prefixSet answers "does p overlap / equal one of these prefixes" in
// O(prefix lengths + log n) instead of a scan: the hub-prefix checks run
// once per exported path, and a hub with 500 spokes has 501 prefixes.
type prefixSet struct {
	exact  map[netip.Prefix]bool
	byLen  [33]map[uint32]bool // IPv4 masked addresses by prefix length
	lens   []int               // IPv4 lengths present, ascending
	starts []uint32            // IPv4 first addresses, sorted
	v6     []netip.Prefix
}

func newPrefixSet(ps []netip.Prefix) *prefixSet {
	s := &prefixSet{exact: make(map[netip.Prefix]bool, len(ps))}
	for _, p := range ps {
		s.exact[p] = true
		if !p.IsValid() {
			continue
		}
		m := p.Masked()
		if !m.Addr().Is4() {
			s.v6 = append(s.v6, p)
			continue
		}
		b := m.Bits()
		if s.byLen[b] == nil {
			s.byLen[b] = map[uint32]bool{}
			s.lens = append(s.lens, b)
		}
		a := u32(m.Addr())
		s.byLen[b][a] = true
		s.starts = append(s.starts, a)
	}
	slices.Sort(s.lens)
	slices.Sort(s.starts)
	return s
}

// has reports whether p is one of the prefixes (==, as slices.Contains).
// An IPv4 prefix of a length none of them has is answered without
// hashing: most paths a gateway receives are on-premises /24s, its hub
// and spoke ranges wider.
func (s *prefixSet) has(p netip.Prefix) bool {
	if b := p.Bits(); b >= 0 && p.Addr().Is4() && s.byLen[b] == nil {
		return false
	}
	return s.exact[p]
}

// overlaps reports whether p overlaps one of the prefixes (netip
// Prefix.Overlaps).
func (s *prefixSet) overlaps(p netip.Prefix) bool {
	if !p.IsValid() {
		return false
	}
	for _, h := range s.v6 {
		if h.Overlaps(p) {
			return true
		}
	}
	if !p.Addr().Is4() {
		return false // IPv4 prefixes never overlap IPv6 ones
	}
	m := p.Masked()
	a, b := u32(m.Addr()), m.Bits()
	for _, l := range s.lens {
		if l > b {
			break
		}
		if s.byLen[l][a&mask(l)] {
			return true // a set prefix contains p
		}
	}
	last := a | ^mask(b)
	i, _ := slices.BinarySearch(s.starts, a)
	return i < len(s.starts) && s.starts[i] <= last // p contains a set prefix's start
}

func u32(a netip.Addr) uint32 {
	b := a.As4()
	return uint32(b[0])<<24 | uint32(b[1])<<16 | uint32(b[2])<<8 | uint32(b[3])
}

func mask(bits int) uint32 {
	if bits == 0 {
		return 0
	}
	return ^uint32(0) << (32 - bits)
}
