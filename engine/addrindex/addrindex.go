// Package addrindex answers "who owns this address" and "what overlaps this
// prefix" for a design: VNet address spaces, subnets, on-prem site prefixes and
// P2S client pools. It is the project's address index (design-notes §4.1) and
// keeps cidranger's net.IP/net.IPNet types behind a netip API.
//
// An Index is built once and then only read; it is not safe for concurrent
// writes, but concurrent lookups after the last Insert are safe. The zero value
// is not usable: call New.
package addrindex

import (
	"fmt"
	"net"
	"net/netip"
	"slices"
	"sync"

	"github.com/yl2chen/cidranger"
)

// Entry is one prefix in the index with the id of the resource that owns it.
// Several entries may share a prefix (two VNets that both claim 10.0.0.0/16);
// lookups return all of them so that callers can report the conflict.
type Entry struct {
	Prefix netip.Prefix
	Owner  string
}

// Index maps prefixes to owners. IPv4 and IPv6 prefixes may be mixed.
//
// A small index (up to trieFrom distinct prefixes: a VNet's subnets, most
// often) answers Containing and Overlapping by scanning its prefixes; a
// larger one builds cidranger's trie at its first such lookup and answers
// from it. Building a trie costs more than scanning a few prefixes (a
// validation builds one index per VNet, and at 500 VNets the tries were a
// third of engine.Validate), and Owner needs none: the data plane's
// indexes answer only Owner, and building their tries was a tenth of the
// page's work in a 500-VNet edit. Both answer alike (TestAgainstBruteForce
// runs both).
type Index struct {
	// trie builds ranger once, at the first lookup that needs it.
	trie   sync.Once
	ranger cidranger.Ranger // nil until built (and then holding every prefix)
	// list holds the distinct prefixes in insertion order.
	list []netip.Prefix
	// byPrefix keeps every owner of a prefix; cidranger stores one entry per
	// network, so owners of an identical prefix are grouped here.
	byPrefix map[netip.Prefix][]string
	// lens lists the prefix lengths present, longest first, for IPv4 [0]
	// and IPv6 [1]: Owner probes byPrefix once per length.
	lens [2][]int
}

type rangerEntry struct {
	network net.IPNet
	prefix  netip.Prefix
}

func (e rangerEntry) Network() net.IPNet { return e.network }

// trieFrom is the number of distinct prefixes from which an Index answers
// from a trie rather than by scanning them.
const trieFrom = 16

// New returns an empty index.
func New() *Index {
	return &Index{byPrefix: map[netip.Prefix][]string{}}
}

// Reset empties the index, keeping the memory it holds for the next
// inserts: one index can serve many small sets in turn (a validation's
// VNets, one after the other).
func (x *Index) Reset() {
	x.trie = sync.Once{}
	x.ranger = nil
	x.list = x.list[:0]
	clear(x.byPrefix)
	x.lens[0], x.lens[1] = x.lens[0][:0], x.lens[1][:0]
}

// Insert adds prefix, owned by owner. The prefix is masked first
// (10.0.0.7/24 is stored as 10.0.0.0/24). An invalid prefix is an error.
// Inserting the same (prefix, owner) twice is a no-op.
func (x *Index) Insert(prefix netip.Prefix, owner string) error {
	prefix, ok := normalize(prefix)
	if !ok {
		return fmt.Errorf("addrindex: invalid prefix %v", prefix)
	}
	owners, seen := x.byPrefix[prefix]
	if slices.Contains(owners, owner) {
		return nil
	}
	if !seen {
		if err := x.insertNew(prefix); err != nil {
			return err
		}
		fam := family(prefix.Addr())
		if !slices.Contains(x.lens[fam], prefix.Bits()) {
			x.lens[fam] = append(x.lens[fam], prefix.Bits())
			slices.SortFunc(x.lens[fam], func(a, b int) int { return b - a })
		}
	}
	owners = append(owners, owner)
	slices.Sort(owners)
	x.byPrefix[prefix] = owners
	return nil
}

// insertNew adds a prefix not yet in the index to its list and, if its
// trie is built, to the trie.
func (x *Index) insertNew(prefix netip.Prefix) error {
	x.list = append(x.list, prefix)
	if x.ranger == nil {
		return nil
	}
	if err := x.ranger.Insert(rangerEntry{network: toIPNet(prefix), prefix: prefix}); err != nil {
		return fmt.Errorf("addrindex: insert %v: %w", prefix, err)
	}
	return nil
}

// ranged is the index's trie, built from its prefixes at the first call
// once it holds trieFrom of them; nil for a smaller index (or, should
// cidranger refuse a prefix, one that answers by scanning). Concurrent
// lookups may call it: the trie is built once.
func (x *Index) ranged() cidranger.Ranger {
	if len(x.list) < trieFrom {
		return nil
	}
	x.trie.Do(func() {
		r := cidranger.NewPCTrieRanger()
		for _, p := range x.list {
			if r.Insert(rangerEntry{network: toIPNet(p), prefix: p}) != nil {
				return
			}
		}
		x.ranger = r
	})
	return x.ranger
}

// Containing returns every entry whose prefix contains addr, most specific
// first, owners of one prefix in sorted order. It returns nil for an invalid
// address or when nothing contains it.
func (x *Index) Containing(addr netip.Addr) []Entry {
	if !addr.IsValid() {
		return nil
	}
	r := x.ranged()
	if r == nil {
		a := addr.Unmap().WithZone("")
		return x.entries(x.scan(func(p netip.Prefix) bool { return p.Contains(a) }))
	}
	nets, err := r.ContainingNetworks(net.IP(addr.Unmap().AsSlice()))
	if err != nil {
		return nil
	}
	return x.entries(prefixesOf(nets))
}

// scan lists the index's prefixes for which keep holds.
func (x *Index) scan(keep func(netip.Prefix) bool) []netip.Prefix {
	var out []netip.Prefix
	for _, p := range x.list {
		if keep(p) {
			out = append(out, p)
		}
	}
	return out
}

// prefixesOf is the prefixes of the trie's entries.
func prefixesOf(nets []cidranger.RangerEntry) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(nets))
	for _, n := range nets {
		out = append(out, n.(rangerEntry).prefix)
	}
	return out
}

// Owner returns the owner of the most specific prefix containing addr. When
// several owners claim that exact prefix, the first in sorted order is
// returned and ambiguous is true.
// It probes one map entry per prefix length present and does not allocate;
// it answers as Containing(addr)[0] would (TestAgainstBruteForce).
func (x *Index) Owner(addr netip.Addr) (e Entry, ok, ambiguous bool) {
	if !addr.IsValid() {
		return Entry{}, false, false
	}
	addr = addr.Unmap().WithZone("")
	for _, bits := range x.lens[family(addr)] {
		p, _ := addr.Prefix(bits)
		if owners := x.byPrefix[p]; len(owners) > 0 {
			return Entry{Prefix: p, Owner: owners[0]}, true, len(owners) > 1
		}
	}
	return Entry{}, false, false
}

// family is 0 for IPv4, 1 for IPv6.
func family(a netip.Addr) int {
	if a.Is4() {
		return 0
	}
	return 1
}

// Overlapping returns every entry whose prefix overlaps p (contains it, or is
// contained in it), sorted by prefix address, then length, then owner.
func (x *Index) Overlapping(p netip.Prefix) []Entry {
	p, ok := normalize(p)
	if !ok {
		return nil
	}
	r := x.ranged()
	if r == nil {
		out := x.entries(x.scan(p.Overlaps))
		slices.SortFunc(out, compareEntries)
		return out
	}
	var nets []cidranger.RangerEntry
	if outer, err := r.ContainingNetworks(net.IP(p.Addr().Unmap().AsSlice())); err == nil {
		for _, n := range outer {
			if n.(rangerEntry).prefix.Bits() <= p.Bits() {
				nets = append(nets, n)
			}
		}
	}
	if inner, err := r.CoveredNetworks(toIPNet(p)); err == nil {
		for _, n := range inner {
			if n.(rangerEntry).prefix != p { // p itself came from ContainingNetworks
				nets = append(nets, n)
			}
		}
	}
	out := x.entries(prefixesOf(nets))
	slices.SortFunc(out, compareEntries)
	return out
}

// Len is the number of distinct (prefix, owner) entries.
func (x *Index) Len() int {
	n := 0
	for _, owners := range x.byPrefix {
		n += len(owners)
	}
	return n
}

// entries is the entries of prefixes (sorted here in place): the most
// specific first, then by address, each prefix once, its owners in order.
func (x *Index) entries(prefixes []netip.Prefix) []Entry {
	if len(prefixes) == 0 {
		return nil
	}
	// cidranger returns containing networks shortest first; we want the most
	// specific first.
	slices.SortFunc(prefixes, func(a, b netip.Prefix) int {
		if a.Bits() != b.Bits() {
			return b.Bits() - a.Bits()
		}
		return a.Addr().Compare(b.Addr())
	})
	prefixes = slices.Compact(prefixes)
	var out []Entry
	for _, p := range prefixes {
		for _, o := range x.byPrefix[p] {
			out = append(out, Entry{Prefix: p, Owner: o})
		}
	}
	return out
}

func compareEntries(a, b Entry) int {
	if c := a.Prefix.Addr().Compare(b.Prefix.Addr()); c != 0 {
		return c
	}
	if a.Prefix.Bits() != b.Prefix.Bits() {
		return a.Prefix.Bits() - b.Prefix.Bits()
	}
	switch {
	case a.Owner < b.Owner:
		return -1
	case a.Owner > b.Owner:
		return 1
	}
	return 0
}

// normalize masks p and turns an IPv4-mapped IPv6 prefix (::ffff:10.0.0.0/104)
// into its IPv4 form, so that both spellings index the same addresses.
func normalize(p netip.Prefix) (netip.Prefix, bool) {
	if !p.IsValid() {
		return p, false
	}
	if a := p.Addr(); a.Is4In6() {
		if p.Bits() < 96 {
			return p, false
		}
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	return p.Masked(), true
}

func toIPNet(p netip.Prefix) net.IPNet {
	addr := p.Addr().Unmap()
	return net.IPNet{IP: net.IP(addr.AsSlice()), Mask: net.CIDRMask(p.Bits(), addr.BitLen())}
}
