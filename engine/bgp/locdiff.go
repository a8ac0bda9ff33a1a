package bgp

import (
	"net/netip"
	"weak"
)

// LocDiff tells, speaker by speaker, where the Loc-RIBs of two results
// differ, so that many questions "does Lookup(id, a) answer the same in
// both" cost one pass over each speaker's two Loc-RIBs (on its first
// question) and a set probe each, instead of two lookups each. A LocDiff
// is not safe for concurrent use; the results are only read.
type LocDiff struct {
	a, b *Result
	by   map[string]*prefixSet // the prefixes at which a speaker's entries differ; nil: none
	// dirty is the origin's dirty prefixes, once made (derived); derived
	// counts the speakers whose differences it gave (tests).
	dirty   *prefixSet
	made    bool
	derived int
}

// origin is what Update knows of how a result differs from the one it was
// derived from (prev, held weakly: a result never keeps its predecessor
// alive): the Loc-RIB of a speaker not in fresh (the speakers of the
// components run whole) is prev's, or prev's with the entries at some of
// the dirty prefixes (sorted) replaced (carryOver).
type origin struct {
	prev  weak.Pointer[Result]
	dirty []netip.Prefix
	fresh map[string]bool
}

// NewLocDiff compares results a and b (neither nil).
func NewLocDiff(a, b *Result) *LocDiff {
	return &LocDiff{a: a, b: b, by: map[string]*prefixSet{}}
}

// SameBest reports whether a.Lookup(id, addr) and b.Lookup(id, addr)
// give the same answer: both none, or Best entries equal in every field
// (Best.Same). Lookup is the longest prefix of id's Loc-RIB holding addr
// (the first such entry in prefix order among equally long ones); when no
// entry at which the two Loc-RIBs differ holds addr, the entries holding
// it are the same in both, in the same order, so the answers are too;
// otherwise the two lookups are compared.
func (d *LocDiff) SameBest(id string, addr netip.Addr) bool {
	if d.a == d.b {
		return true
	}
	set, ok := d.by[id]
	if !ok {
		if set, ok = d.fromOrigin(id); !ok {
			set = changedAtChunked(d.a.loc[id], d.b.loc[id])
		}
		d.by[id] = set
	}
	if set == nil || !set.overlaps(netip.PrefixFrom(addr, addr.BitLen())) {
		return true
	}
	b1, ok1 := d.a.Lookup(id, addr)
	b2, ok2 := d.b.Lookup(id, addr)
	return ok1 == ok2 && b1.Same(b2)
}

// fromOrigin returns the prefixes at which speaker id's Loc-RIBs may
// differ when one result was derived from the other and id's component
// was carried over (a speaker of both designs, not run whole): the
// origin's dirty prefixes. ok is false otherwise.
func (d *LocDiff) fromOrigin(id string) (_ *prefixSet, ok bool) {
	for _, r := range [2][2]*Result{{d.a, d.b}, {d.b, d.a}} {
		prev, next := r[0], r[1]
		o := next.origin
		if o == nil || o.prev.Value() != prev || o.fresh[id] || next.w.speakers[id] == nil {
			continue
		}
		if !d.made {
			d.made = true
			if len(o.dirty) > 0 {
				d.dirty = newPrefixSet(o.dirty)
			}
		}
		d.derived++
		return d.dirty, true
	}
	return nil, false
}

// changedAt returns the prefixes at which two Loc-RIBs (sorted by
// prefix, one entry per prefix) differ — an entry in one only, or unequal
// entries — or nil when they are equal.
func changedAt(a, b []Best) *prefixSet {
	if sameSlice(a, b) {
		return nil
	}
	var ps []netip.Prefix
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch c := cmpAt(a, i, b, j); {
		case c < 0:
			ps = append(ps, a[i].Prefix)
			i++
		case c > 0:
			ps = append(ps, b[j].Prefix)
			j++
		default:
			if !a[i].equal(b[j]) {
				ps = append(ps, a[i].Prefix)
			}
			i, j = i+1, j+1
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return newPrefixSet(ps)
}

// cmpAt orders a[i] against b[j] by prefix, an exhausted list last.
func cmpAt(a []Best, i int, b []Best, j int) int {
	switch {
	case i == len(a):
		return 1
	case j == len(b):
		return -1
	}
	return comparePrefix(a[i].Prefix, b[j].Prefix)
}

// changedAtChunked is changedAt for two chunked Loc-RIBs: nil at once
// when they are the same version; per class when both are kept by the
// same classes (changedClasses), in one merge expanding neither when
// either is (changedAtStreaming); else one merge that skips, without
// reading it, a chunk both lists share at the same point of the merge
// (two versions of one list spliced apart share all but a few).
func changedAtChunked(a, b chunked[Best]) *prefixSet {
	if sameChunked(a, b) {
		return nil
	}
	if set, ok := changedClasses(a, b); ok {
		return set
	}
	if a.lazy != nil || b.lazy != nil {
		return changedAtStreaming(a, b)
	}
	var ps []netip.Prefix
	x, y := cursor[Best]{parts: a.parts}, cursor[Best]{parts: b.parts}
	for x.ok() || y.ok() {
		if x.i == 0 && y.i == 0 && x.ok() && y.ok() && sameChunk(x.parts[x.k], y.parts[y.k]) {
			x.k, y.k = x.k+1, y.k+1
			continue
		}
		switch c := cmpCursors(&x, &y); {
		case c < 0:
			ps = append(ps, x.at().Prefix)
			x.next()
		case c > 0:
			ps = append(ps, y.at().Prefix)
			y.next()
		default:
			if !x.at().equal(*y.at()) {
				ps = append(ps, x.at().Prefix)
			}
			x.next()
			y.next()
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return newPrefixSet(ps)
}

// cursor reads a chunked list entry by entry: chunk k, entry i.
type cursor[T any] struct {
	parts [][]T
	k, i  int
}

func (c *cursor[T]) ok() bool { return c.k < len(c.parts) }
func (c *cursor[T]) at() *T   { return &c.parts[c.k][c.i] }

// next moves to the next entry.
func (c *cursor[T]) next() {
	if c.i++; c.i == len(c.parts[c.k]) {
		c.k, c.i = c.k+1, 0
	}
}

// cmpCursors orders x's entry against y's by prefix, an exhausted cursor
// last.
func cmpCursors(x, y *cursor[Best]) int {
	switch {
	case !x.ok():
		return 1
	case !y.ok():
		return -1
	}
	return comparePrefix(x.at().Prefix, y.at().Prefix)
}

// sameChunk reports whether a and b are the same chunk (array and length).
func sameChunk[T any](a, b []T) bool { return len(a) == len(b) && &a[0] == &b[0] }
