package bgp

import (
	"iter"
	"net/netip"
	"slices"
)

// chunkSize is how many entries newChunked puts in a chunk (a little more
// when a prefix's entries run past it). A splice rewrites only the chunks
// holding a changed prefix; it cuts a chunk grown past twice this size and
// joins a chunk that shrank below a quarter of it to its left neighbour.
const chunkSize = 32

// chunked is a list sorted by prefix (a Loc-RIB; the paths of one session
// at one speaker) held in chunks, so that a version spliced at a few
// prefixes (spliceChunked) shares every other chunk with the version it
// came from instead of copying the whole list. Invariants: no chunk is
// empty, each is capped (len == cap: an append to one copies it), and the
// entries at one prefix are all in one chunk. A chunked is never modified
// once made; its zero value is the empty list.
type chunked[T any] struct {
	parts [][]T
	n     int
	// whole is the list in one slice when it was cut from one
	// (newChunked) and not spliced since, else nil: flat returns it, so
	// that a list read whole is not copied and keeps its nil-ness.
	whole []T
	// lazy, when set, holds the list as a run's representatives' list
	// (classedList): parts and whole are then unset, and a read of the
	// chunks goes through get; n is set.
	lazy *classedList[T]
}

// get returns l with its chunks: l itself, or the expansion of its
// classedList (made on the first call).
func (l chunked[T]) get() chunked[T] {
	if l.lazy == nil {
		return l
	}
	return l.lazy.expanded()
}

// newChunked cuts xs (sorted by prefix) into chunks of about chunkSize
// entries at prefix boundaries, sharing xs's array (xs must not be
// modified afterwards).
func newChunked[T any](xs []T, prefix func(*T) netip.Prefix) chunked[T] {
	l := chunked[T]{n: len(xs), whole: xs}
	l.parts = appendCut(nil, xs, prefix, chunkSize)
	return l
}

// appendCut appends xs (sorted by prefix, not empty unless nil is wanted)
// to parts cut into capped chunks of at least size entries (the last may
// be shorter), each ending at a prefix boundary.
func appendCut[T any](parts [][]T, xs []T, prefix func(*T) netip.Prefix, size int) [][]T {
	for len(xs) > 0 {
		end := min(size, len(xs))
		for end < len(xs) && prefix(&xs[end]) == prefix(&xs[end-1]) {
			end++
		}
		parts = append(parts, xs[:end:end])
		xs = xs[end:]
	}
	return parts
}

// Len is the number of entries.
func (l chunked[T]) Len() int { return l.n }

// flat returns the entries in one slice: the slice the list was cut from
// when it was not spliced since (shared: the caller must not modify it),
// else a new one (nil when empty).
func (l chunked[T]) flat() []T {
	l = l.get()
	if l.whole != nil || l.n == 0 {
		return l.whole
	}
	out := make([]T, 0, l.n)
	for _, part := range l.parts {
		out = append(out, part...)
	}
	return out
}

// all yields a pointer to each entry in order (read only).
func (l chunked[T]) all() iter.Seq[*T] {
	l = l.get()
	return func(yield func(*T) bool) {
		for _, part := range l.parts {
			for i := range part {
				if !yield(&part[i]) {
					return
				}
			}
		}
	}
}

// sameChunked reports whether a and b are the same version of a list
// (the same chunks, or the same classedList): then they are equal. False
// says nothing.
func sameChunked[T any](a, b chunked[T]) bool {
	if a.lazy != nil || b.lazy != nil {
		return a.lazy == b.lazy
	}
	if a.n != b.n || len(a.parts) != len(b.parts) {
		return false
	}
	for k, p := range a.parts {
		if len(p) != len(b.parts[k]) || &p[0] != &b.parts[k][0] {
			return false
		}
	}
	return true
}

// owner is the chunk that holds, or would hold, the entries at p: the
// last whose first prefix is at most p, else the first (-1 when the list
// is empty). l must have its chunks (get).
func (l chunked[T]) owner(p netip.Prefix, prefix func(*T) netip.Prefix) int {
	if len(l.parts) == 0 {
		return -1
	}
	lo, hi := 1, len(l.parts) // the answer is in [lo-1, hi-1]
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if comparePrefix(prefix(&l.parts[m][0]), p) <= 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// search returns the first entry at prefix p, if any (read only).
func (l chunked[T]) search(p netip.Prefix, prefix func(*T) netip.Prefix) (*T, bool) {
	l = l.get()
	k := l.owner(p, prefix)
	if k < 0 {
		return nil, false
	}
	part := l.parts[k]
	i, found := searchPrefix(part, p, prefix)
	if !found {
		return nil, false
	}
	return &part[i], true
}

// entriesIn returns the entries whose prefix is in only (sorted), nil
// when none; the whole list (flat) when only is nil.
func (l chunked[T]) entriesIn(only []netip.Prefix, prefix func(*T) netip.Prefix) []T {
	if only == nil {
		return l.flat()
	}
	var out []T
	for x := range l.at(only, prefix) {
		out = append(out, *x)
	}
	return out
}

// at yields a pointer to each entry whose prefix is in only (sorted), in
// order (read only): a search per prefix of only. A list kept by classes
// is not expanded: the pointer is then to a copy, valid until the next.
func (l chunked[T]) at(only []netip.Prefix, prefix func(*T) netip.Prefix) iter.Seq[*T] {
	if l.lazy != nil {
		return l.lazy.at(only)
	}
	return func(yield func(*T) bool) {
		for _, p := range only {
			k := l.owner(p, prefix)
			if k < 0 {
				return
			}
			part := l.parts[k]
			i, _ := searchPrefix(part, p, prefix)
			for ; i < len(part) && prefix(&part[i]) == p; i++ {
				if !yield(&part[i]) {
					return
				}
			}
		}
	}
}

// spliceChunked is splice for a chunked list: old with its entries at the
// prefixes in d (sorted) replaced by repl's (sorted by prefix): old itself
// when that changes nothing. Only the chunks owning a prefix of d or of
// repl are rewritten (splice on each); the others are shared with old.
// An old kept by classes stays so, its patch grown (classedList.splice),
// unless that patch grows too big: then it is expanded first.
func spliceChunked[T any](old chunked[T], d []netip.Prefix, repl []T, prefix func(*T) netip.Prefix, equal func(T, T) bool) chunked[T] {
	if old.lazy != nil {
		if old.lazy.sameAt(d, repl, equal) {
			return old
		}
		if l, ok := old.lazy.splice(d, repl); ok {
			return l
		}
		old = old.get()
	}
	if len(old.parts) == 0 {
		out := splice(nil, d, repl, prefix, equal)
		if len(out) == 0 {
			return old
		}
		return chunked[T]{parts: appendCut(nil, out, prefix, chunkSize), n: len(out)}
	}
	var parts [][]T // nil until a chunk changes: then old's before it, and on
	n := 0
	di, ri := 0, 0
	for k, part := range old.parts {
		// Chunk k owns the prefixes before chunk k+1's first (all of them
		// for the last chunk; chunk 0 those before its own first too).
		dk, rk := di, ri
		if k+1 < len(old.parts) {
			next := prefix(&old.parts[k+1][0])
			for dk < len(d) && comparePrefix(d[dk], next) < 0 {
				dk++
			}
			for rk < len(repl) && comparePrefix(prefix(&repl[rk]), next) < 0 {
				rk++
			}
		} else {
			dk, rk = len(d), len(repl)
		}
		np := part
		if dk > di || rk > ri {
			np = splice(part, d[di:dk], repl[ri:rk], prefix, equal)
		}
		di, ri = dk, rk
		if len(np) == len(part) && (len(np) == 0 || &np[0] == &part[0]) {
			if parts != nil {
				parts = append(parts, part)
			}
			n += len(part)
			continue
		}
		if parts == nil {
			parts = make([][]T, k, len(old.parts)+1)
			copy(parts, old.parts[:k])
		}
		n += len(np)
		parts = appendRechunked(parts, np, prefix)
	}
	if parts == nil {
		return old
	}
	return chunked[T]{parts: parts, n: n}
}

// appendRechunked appends np, a rewritten chunk (possibly empty), to
// parts: dropped when empty, cut when grown past 2*chunkSize, joined to the
// chunk before it when under chunkSize/4 and the two fit in chunkSize.
func appendRechunked[T any](parts [][]T, np []T, prefix func(*T) netip.Prefix) [][]T {
	switch {
	case len(np) == 0:
		return parts
	case len(np) > 2*chunkSize:
		return appendCut(parts, np, prefix, chunkSize)
	case len(np) < chunkSize/4 && len(parts) > 0 && len(parts[len(parts)-1])+len(np) <= chunkSize:
		last := parts[len(parts)-1]
		joined := make([]T, 0, len(last)+len(np))
		joined = append(append(joined, last...), np...)
		parts[len(parts)-1] = joined
		return parts
	}
	return append(parts, slices.Clip(np))
}
