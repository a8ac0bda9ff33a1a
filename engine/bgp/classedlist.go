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
// once, whoever reads it. An Update that splices such a table at a few
// prefixes keeps it so too, with those prefixes' entries laid over it (a
// patch) instead of expanding it to splice it.
// TestClassedChunkedEqualsExpanded checks every read of one against the
// expanded list's.

// classedList is a chunked list kept as a run's representatives' list and
// the classes of its prefixes, with a patch. It is never modified once
// made but for its expansion, made once (sync.Once), so concurrent readers
// are safe.
type classedList[T any] struct {
	pc *prefixClasses
	// reps is the representatives' list (sorted by prefix, one entry per
	// prefix, each a representative); ix[k] is class k's entry in it, -1
	// when it has none.
	reps []T
	ix   []int32
	// The patch: the entries at the prefixes of d (sorted) are repl's
	// (sorted by prefix, each at a prefix of d), not the classes'.
	d    []netip.Prefix
	repl []T
	// n is the list's length.
	n      int
	prefix func(*T) netip.Prefix
	set    func(*T, netip.Prefix)
	once   sync.Once
	list   chunked[T] // the expansion, once made
}

// maxPatch is how many patched prefixes a classedList takes, at most a
// fraction of its classes' prefixes, before a splice expands it instead.
const maxPatch = 64

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
		k, j := 0, 0 // the next of d and of repl
		for i, p := range c.pc.all {
			for ; k < len(c.d) && comparePrefix(c.d[k], p) <= 0; k++ {
				for ; j < len(c.repl) && c.prefix(&c.repl[j]) == c.d[k]; j++ {
					out = append(out, c.repl[j])
				}
				if c.d[k] == p {
					p = netip.Prefix{} // patched: not the class's
				}
			}
			if e := c.ix[c.pc.class[i]]; e >= 0 && p.IsValid() {
				out = append(out, c.reps[e])
				c.set(&out[len(out)-1], p)
			}
		}
		for ; k < len(c.d); k++ {
			for ; j < len(c.repl) && c.prefix(&c.repl[j]) == c.d[k]; j++ {
				out = append(out, c.repl[j])
			}
		}
		if len(out) == 0 {
			out = nil
		}
		c.list = newChunked(out, c.prefix)
	})
	return c.list
}

// patched returns the index in repl of the first entry at p and true when
// p is patched (the index is then len(repl) or past p's entries when the
// patch holds none at p).
func (c *classedList[T]) patched(p netip.Prefix) (int, bool) {
	if len(c.d) == 0 {
		return 0, false
	}
	if _, in := findPrefix(c.d, p); !in {
		return 0, false
	}
	i, _ := searchPrefix(c.repl, p, c.prefix)
	return i, true
}

// entryInto sets *x to the list's first entry at p, if any, without
// expanding: the patch's, or p's class's representative's entry with the
// prefix set to p. (x is the caller's, so that a call through set does
// not move a new one to the heap.)
func (c *classedList[T]) entryInto(p netip.Prefix, x *T) bool {
	e, exact, ok := c.rep(p)
	if !ok {
		return false
	}
	*x = *e
	if !exact {
		c.set(x, p)
	}
	return true
}

// repAt is the index in reps of the entry of p's class, if p is one of
// the classes' prefixes and its class has one.
func (c *classedList[T]) repAt(p netip.Prefix) (int32, bool) {
	i, found := c.pc.find(p)
	if !found {
		return -1, false
	}
	j := c.ix[c.pc.class[i]]
	return j, j >= 0
}

// rep is the entry standing for the list's first entry at p, if any (read
// only): the patch's (exact: at p), or its class's representative's (not
// exact: its prefix is the representative's).
func (c *classedList[T]) rep(p netip.Prefix) (e *T, exact, ok bool) {
	if i, in := c.patched(p); in {
		if i < len(c.repl) && c.prefix(&c.repl[i]) == p {
			return &c.repl[i], true, true
		}
		return nil, false, false
	}
	j, ok := c.repAt(p)
	if !ok {
		return nil, false, false
	}
	return &c.reps[j], false, true
}

// at is chunked.at without expanding: each entry is a copy (read only,
// valid until the next).
func (c *classedList[T]) at(only []netip.Prefix) iter.Seq[*T] {
	return func(yield func(*T) bool) {
		x := new(T)
		for _, p := range only {
			if i, in := c.patched(p); in {
				for ; i < len(c.repl) && c.prefix(&c.repl[i]) == p; i++ {
					if *x = c.repl[i]; !yield(x) {
						return
					}
				}
				continue
			}
			if c.entryInto(p, x) && !yield(x) {
				return
			}
		}
	}
}

// entriesAt is the list's entries at p (at for one prefix), in a new
// slice.
func (c *classedList[T]) entriesAt(p netip.Prefix) []T {
	var out []T
	for x := range c.at([]netip.Prefix{p}) {
		out = append(out, *x)
	}
	return out
}

// sameAt is sameAt (splice's shortcut) for the list, without expanding:
// its entries at the prefixes in d are exactly repl's.
func (c *classedList[T]) sameAt(d []netip.Prefix, repl []T, equal func(T, T) bool) bool {
	j := 0
	for _, p := range d {
		for x := range c.at([]netip.Prefix{p}) {
			if j == len(repl) || c.prefix(&repl[j]) != p || !equal(*x, repl[j]) {
				return false
			}
			j++
		}
		if j < len(repl) && c.prefix(&repl[j]) == p {
			return false
		}
	}
	return j == len(repl)
}

// splice is spliceChunked for the list (its entries at the prefixes of d
// replaced by repl's, each at a prefix of d): the list with the patch
// grown by d, unexpanded; false when repl has an entry outside d or the
// patch would outgrow maxPatch (the caller then splices the expansion).
func (c *classedList[T]) splice(d []netip.Prefix, repl []T) (chunked[T], bool) {
	k := 0
	for i := range repl {
		p := c.prefix(&repl[i])
		for k < len(d) && comparePrefix(d[k], p) < 0 {
			k++
		}
		if k == len(d) || d[k] != p {
			return chunked[T]{}, false
		}
	}
	nd := mergePrefixes(c.d, d)
	if len(nd) > maxPatch || len(nd) > len(c.pc.all)/4 {
		return chunked[T]{}, false
	}
	nrepl := make([]T, 0, len(c.repl)+len(repl))
	n := c.n
	j, r := 0, 0 // the next of c.repl and of repl
	for _, p := range nd {
		for ; j < len(c.repl) && comparePrefix(c.prefix(&c.repl[j]), p) < 0; j++ {
		}
		if _, in := slices.BinarySearchFunc(d, p, comparePrefix); !in {
			for ; j < len(c.repl) && c.prefix(&c.repl[j]) == p; j++ {
				nrepl = append(nrepl, c.repl[j])
			}
			continue
		}
		for range c.at([]netip.Prefix{p}) {
			n--
		}
		for ; r < len(repl) && c.prefix(&repl[r]) == p; r++ {
			nrepl = append(nrepl, repl[r])
			n++
		}
	}
	if n == 0 {
		return chunked[T]{}, true
	}
	nc := &classedList[T]{pc: c.pc, reps: c.reps, ix: c.ix, d: nd, repl: nrepl, n: n, prefix: c.prefix, set: c.set}
	return chunked[T]{n: n, lazy: nc}, true
}

// lens is a locIndex mask (partLens) holding the list's, from its
// classes' masks and its patch, without expanding: every length of the
// list, and maybe more (a class whose prefixes are all patched), which
// only costs Lookup a search.
func (c *classedList[T]) lens() uint64 {
	var m uint64
	for k, j := range c.ix {
		if j >= 0 {
			m |= c.pc.lens[k]
		}
	}
	for i := range c.repl {
		m |= lenBit(c.prefix(&c.repl[i]))
	}
	return m
}

// findPrefix is slices.BinarySearchFunc(ps, p, comparePrefix) (ps
// sorted) without the call through a function value at every step:
// Lookup asks it once per prefix length it tries.
func findPrefix(ps []netip.Prefix, p netip.Prefix) (int, bool) {
	lo, hi := 0, len(ps)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if comparePrefix(ps[m], p) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(ps) && ps[lo] == p
}

// changedClasses is changedAt for two Loc-RIBs kept by the same classes:
// the prefixes at which their entries differ, nil when none: the
// prefixes of the classes whose representative's entry differs (present
// in one only, or unequal) that neither patches, and those either
// patches where their entries differ. ok is false when a and b are not
// both classedLists of the same classes.
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
	patched := mergePrefixes(x.d, y.d)
	var ps []netip.Prefix
	if any {
		for i, p := range x.pc.all {
			if _, in := slices.BinarySearchFunc(patched, p, comparePrefix); changed[x.pc.class[i]] && !in {
				ps = append(ps, p)
			}
		}
	}
	for _, p := range patched {
		if !slices.EqualFunc(x.entriesAt(p), y.entriesAt(p), Best.equal) {
			ps = append(ps, p)
		}
	}
	if len(ps) == 0 {
		return nil, true
	}
	return newPrefixSet(ps), true
}

// changedAtStreaming is changedAt for two Loc-RIBs of which one at least
// is kept by classes, not both by the same classes (changedClasses): one
// merge over both in prefix order (bestCursor) that expands neither,
// comparing at each prefix the entries standing for theirs
// (equalBestAt), once per run of prefixes standing for the same two.
func changedAtStreaming(a, b chunked[Best]) *prefixSet {
	x, y := newBestCursor(a), newBestCursor(b)
	px, ex, okx := x.next()
	py, ey, oky := y.next()
	var lastX, lastY *Best
	lastEq := false
	var ps []netip.Prefix
	for okx || oky {
		c := 0
		switch {
		case !okx:
			c = 1
		case !oky:
			c = -1
		default:
			c = comparePrefix(px, py)
		}
		switch {
		case c < 0:
			ps = append(ps, px)
			px, ex, okx = x.next()
		case c > 0:
			ps = append(ps, py)
			py, ey, oky = y.next()
		default:
			if ex != lastX || ey != lastY {
				lastX, lastY, lastEq = ex, ey, equalBestAt(ex, ey)
			}
			if !lastEq {
				ps = append(ps, px)
			}
			px, ex, okx = x.next()
			py, ey, oky = y.next()
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return newPrefixSet(ps)
}

// equalBestAt reports whether two entries standing for Loc-RIB entries at
// one prefix stand for equal ones: Best.equal but for the prefixes they
// carry (a representative's, or the prefix itself; expansion sets every
// prefix of an entry, its equal paths' too, to the one it stands at).
func equalBestAt(x, y *Best) bool {
	if x.Reason != y.Reason || !slices.Equal(x.Multipath, y.Multipath) || len(x.Equal) != len(y.Equal) || !slices.Equal(x.Tied, y.Tied) ||
		!equalPathAt(&x.Path, &y.Path) {
		return false
	}
	for i := range x.Equal {
		if !equalPathAt(&x.Equal[i], &y.Equal[i]) {
			return false
		}
	}
	return true
}

// equalPathAt is Path.equal but for the prefix.
func equalPathAt(a, b *Path) bool {
	c := *a
	c.Prefix = b.Prefix
	return c.equal(*b)
}

// bestCursor walks a Loc-RIB (sorted, one entry per prefix) in prefix
// order, each step a prefix and the entry standing for the list's entry
// there: the list's own, or, for a list kept by classes (not expanded
// for this), the patch's or its class's representative's.
type bestCursor struct {
	c      *classedList[Best] // nil: the list's chunks
	parts  [][]Best
	k, i   int // chunks: chunk k, entry i; c: the next of c.pc.all (i)
	di, ri int // c: the next of c.d and of c.repl
}

func newBestCursor(l chunked[Best]) *bestCursor {
	if l.lazy != nil {
		return &bestCursor{c: l.lazy}
	}
	return &bestCursor{parts: l.parts}
}

// next returns the next prefix and its entry; ok is false at the end.
func (u *bestCursor) next() (p netip.Prefix, e *Best, ok bool) {
	if u.c == nil {
		if u.k == len(u.parts) {
			return netip.Prefix{}, nil, false
		}
		e = &u.parts[u.k][u.i]
		if u.i++; u.i == len(u.parts[u.k]) {
			u.k, u.i = u.k+1, 0
		}
		return e.Prefix, e, true
	}
	c := u.c
	for {
		inAll, inD := u.i < len(c.pc.all), u.di < len(c.d)
		switch {
		case !inAll && !inD:
			return netip.Prefix{}, nil, false
		case inD && (!inAll || comparePrefix(c.d[u.di], c.pc.all[u.i]) <= 0):
			p = c.d[u.di]
			u.di++
			if inAll && c.pc.all[u.i] == p {
				u.i++
			}
			for u.ri < len(c.repl) && comparePrefix(c.repl[u.ri].Prefix, p) < 0 {
				u.ri++
			}
			if u.ri < len(c.repl) && c.repl[u.ri].Prefix == p {
				e = &c.repl[u.ri]
				u.ri++
				return p, e, true
			}
		default:
			p = c.pc.all[u.i]
			j := c.ix[c.pc.class[u.i]]
			u.i++
			if j >= 0 {
				return p, &c.reps[j], true
			}
		}
	}
}
