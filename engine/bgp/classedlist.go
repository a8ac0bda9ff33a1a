package bgp

import (
	"iter"
	"net/netip"
	"slices"
	"sync"
)

// A run by prefix classes leaves one list per table (a Loc-RIB, the paths
// of one session at one speaker) over the representatives only; the
// result's table repeats each representative's entry for every prefix of
// its class (expandList). Most of those tables are never read whole in a
// build (programming reads the representatives' Loc-RIBs, Lookup and the
// diagnostics a few prefixes, LocDiff compares per class), so a table is
// kept as a classedList and expanded on its first whole read (get),
// once, whoever reads it. TestClassedChunkedEqualsExpanded checks every
// read of one against the expanded list's.

// classedList is a chunked list kept as a run's representatives' list and
// the classes of its prefixes. It is never modified once made but for its
// expansion, made once (sync.Once), so concurrent readers are safe.
type classedList[T any] struct {
	pc *prefixClasses
	// reps is the representatives' list (sorted by prefix, one entry per
	// prefix, each a representative); ix[k] is class k's entry in it, -1
	// when it has none; n is the expansion's length.
	reps   []T
	ix     []int32
	n      int
	prefix func(*T) netip.Prefix
	set    func(*T, netip.Prefix)
	once   sync.Once
	list   chunked[T] // the expansion, once made
}

// newClassedChunked is newChunked(expandList(pc, ix, reps, prefix, set),
// prefix) with the expansion deferred to the list's first whole read;
// reps must not be modified afterwards. A list whose classes are all of
// one prefix is reps itself, cut at once.
func newClassedChunked[T any](pc *prefixClasses, reps []T, prefix func(*T) netip.Prefix, set func(*T, netip.Prefix)) chunked[T] {
	ix := make([]int32, len(pc.reps))
	entryPerClass(pc, ix, reps, prefix)
	n := 0
	for k, j := range ix {
		if j >= 0 {
			n += int(pc.size[k])
		}
	}
	if n == len(reps) {
		return newChunked(reps, prefix)
	}
	return chunked[T]{n: n, lazy: &classedList[T]{pc: pc, reps: reps, ix: ix, n: n, prefix: prefix, set: set}}
}

// expanded is the expansion, made on the first call.
func (c *classedList[T]) expanded() chunked[T] {
	c.once.Do(func() {
		out := make([]T, 0, c.n)
		for i, p := range c.pc.all {
			if j := c.ix[c.pc.class[i]]; j >= 0 {
				out = append(out, c.reps[j])
				c.set(&out[len(out)-1], p)
			}
		}
		c.list = newChunked(out, c.prefix)
	})
	return c.list
}

// entryInto sets *x to the expansion's entry at p, if any, without
// expanding: its class's representative's entry with the prefix set to p.
// (x is the caller's, so that a call through set does not move a new one
// to the heap.)
func (c *classedList[T]) entryInto(p netip.Prefix, x *T) bool {
	j, ok := c.repAt(p)
	if !ok {
		return false
	}
	*x = c.reps[j]
	c.set(x, p)
	return true
}

// repAt is the index in reps of the entry of p's class, if p is one of
// the expansion's prefixes.
func (c *classedList[T]) repAt(p netip.Prefix) (int32, bool) {
	i, found := slices.BinarySearchFunc(c.pc.all, p, comparePrefix)
	if !found {
		return -1, false
	}
	j := c.ix[c.pc.class[i]]
	return j, j >= 0
}

// rep is the representative's entry standing for the expansion's entry at
// p, if any (read only; its prefix is the representative's).
func (c *classedList[T]) rep(p netip.Prefix) (*T, bool) {
	j, ok := c.repAt(p)
	if !ok {
		return nil, false
	}
	return &c.reps[j], true
}

// at is chunked.at without expanding: each entry is a copy (read only,
// valid until the next).
func (c *classedList[T]) at(only []netip.Prefix) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		x := new(T)
		for _, p := range only {
			if c.entryInto(p, x) && !yield(x) {
				return
			}
		}
	}
}

// sameAt is sameAt (splice's shortcut) for the expansion, without
// expanding: its entries at the prefixes in d are exactly repl's.
func (c *classedList[T]) sameAt(d []netip.Prefix, repl []T, equal func(T, T) bool) bool {
	j := 0
	x := new(T)
	for _, p := range d {
		found := c.entryInto(p, x)
		inRepl := j < len(repl) && c.prefix(&repl[j]) == p
		if found != inRepl || found && !equal(*x, repl[j]) {
			return false
		}
		if inRepl {
			j++
		}
	}
	return j == len(repl)
}

// lens is the locIndex mask (partLens) of the expansion, from its
// classes' masks, without expanding.
func (c *classedList[T]) lens() uint64 {
	var m uint64
	for k, j := range c.ix {
		if j >= 0 {
			m |= c.pc.lens[k]
		}
	}
	return m
}

// changedClasses is changedAt for two Loc-RIBs kept by the same classes:
// the prefixes of the classes whose representative's entry differs
// (present in one only, or unequal), nil when none. ok is false when a
// and b are not both classedLists of the same classes.
func changedClasses(a, b chunked[Best]) (_ *prefixSet, ok bool) {
	x, y := a.lazy, b.lazy
	if x == nil || y == nil || x.pc != y.pc && !x.pc.samePartition(y.pc) {
		return nil, false
	}
	changed := make([]bool, len(x.ix))
	any := false
	for k := range x.ix {
		i, j := x.ix[k], y.ix[k]
		if (i < 0) != (j < 0) || i >= 0 && !x.reps[i].equal(y.reps[j]) {
			changed[k], any = true, true
		}
	}
	if !any {
		return nil, true
	}
	var ps []netip.Prefix
	for i, p := range x.pc.all {
		if changed[x.pc.class[i]] {
			ps = append(ps, p)
		}
	}
	return newPrefixSet(ps), true
}
