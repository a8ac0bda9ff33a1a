package bgp

import (
	"net/netip"
	"slices"

	"vnetplay/engine/keyenc"
	"vnetplay/engine/route"
)

// component is a set of speakers linked by sessions (directly or through
// others), with every session between them. Routes cross sessions only, so
// each component reaches its fixed point on its own: the design's rounds
// are the components' rounds side by side, and the design converges in the
// round the slowest component does.
type component struct {
	// sig encodes everything the component's rounds read besides the
	// prefixes (signature): components with equal signatures differ at
	// most in their prefixes' inputs (dirtyPrefixes).
	sig      string
	speakers []*Speaker // sorted by id
	sessions []*Session // sorted by id, as in the world

	// The tables, once solved: Loc-RIBs of the component's up speakers,
	// Adj-RIBs-In by receiver and Adj-RIBs-Out by sender; the run's record.
	loc    map[string]chunked[Best]
	adjIn  map[string]map[string]chunked[Path]
	adjOut map[string]map[string]chunked[Path]
	rec    record
	// drops are the sessions a run over every prefix dropped for their
	// prefix limits, in order (their diagnostics).
	drops []drop
	// classed, when set, is the run by prefix classes whose expansion the
	// tables above are (solveWhole; a copy keeps it, a splice drops it):
	// a later run of a component with the same speakers and the same
	// classes takes each expanded list whose representatives' list is
	// unchanged (prefixClasses.expand).
	classed *classedRun
}

// classedRun is a run over the representatives of prefix classes: the
// classes and its tables before expansion.
type classedRun struct {
	pc     *prefixClasses
	loc    map[string][]Best
	adjIn  map[string]map[string][]Path
	adjOut map[string]map[string][]Path
}

// drop is one session dropped in a round for its prefix limit.
type drop struct {
	round   int
	session *Session
}

// components splits w's speakers into components (sorted by first speaker
// id; a session whose ends are not speakers still joins its ends' ids) and
// computes their signatures. It must run before any round: a round may
// drop a session.
func (w *world) components() []*component {
	parent := map[string]string{}
	var find func(string) string
	find = func(x string) string {
		p, ok := parent[x]
		if !ok || p == x {
			return x
		}
		root := find(p)
		parent[x] = root
		return root
	}
	union := func(a, b string) {
		ra, rb := find(a), find(b)
		if ra != rb {
			parent[max(ra, rb)] = min(ra, rb) // the smaller id is the root
		}
	}
	for _, s := range w.sessions {
		union(s.A, s.B)
	}
	byRoot := map[string]*component{}
	var out []*component
	for _, id := range sortedKeys(w.speakers) {
		root := find(id)
		c := byRoot[root]
		if c == nil {
			c = &component{}
			byRoot[root] = c
			out = append(out, c)
		}
		c.speakers = append(c.speakers, w.speakers[id])
	}
	for _, s := range w.sessions {
		root := find(s.A)
		c := byRoot[root]
		if c == nil { // no end is a speaker: a component of its own
			c = &component{}
			byRoot[root] = c
			out = append(out, c)
		}
		c.sessions = append(c.sessions, s)
	}
	for _, c := range out {
		c.sig = string(w.signature(c))
	}
	return out
}

// signature encodes what a component's rounds read that is not a prefix
// input: each speaker's fields, its Route Server preference and site
// preference; each session's fields but its statics and filters (only
// whether a filter is set). Prefix inputs (originated paths, statics,
// filter entries, VNet and hub ranges) are compared by dirtyPrefixes.
func (w *world) signature(c *component) []byte {
	var b []byte
	for _, sp := range c.speakers {
		b = keyenc.Str(b, sp.ID)
		b = keyenc.Str(b, string(sp.Kind))
		b = keyenc.Num(b, uint64(sp.ASN))
		b = keyenc.Str(b, sp.VNet)
		b = keyenc.Str(b, sp.Address)
		b = keyenc.Flag(b, sp.BGP)
		b = keyenc.Flag(b, sp.Down)
		b = keyenc.Num(b, uint64(w.rsPref[sp.ID]))
		b = keyenc.Flag(b, w.preferER[sp.ID])
	}
	b = append(b, 0xff)
	for _, s := range c.sessions {
		b = keyenc.Str(b, s.ID)
		b = keyenc.Str(b, string(s.Kind))
		b = keyenc.Str(b, s.A)
		b = keyenc.Str(b, s.B)
		b = keyenc.Flag(b, s.BGP)
		b = keyenc.Flag(b, s.Up)
		b = keyenc.Str(b, s.Why)
		b = keyenc.Int(b, s.Tunnels)
		b = keyenc.Int(b, s.Of)
		b = keyenc.Int(b, s.weightAtA)
		b = keyenc.Int(b, s.weightAtB)
		b = keyenc.Int(b, s.limitAtA)
		b = keyenc.Int(b, s.limitAtB)
		b = keyenc.Flag(b, s.filterFromA != nil)
		b = keyenc.Flag(b, s.filterFromB != nil)
		b = keyenc.Flag(b, s.staticExportA)
		b = keyenc.Str(b, s.addrA)
		b = keyenc.Str(b, s.addrB)
		b = keyenc.Flag(b, s.keepStatics)
	}
	return b
}

// setState takes a finished run's tables (cut into chunks, sharing the
// run's lists) and record.
func (c *component) setState(st *state) {
	c.loc, c.adjIn, c.adjOut = chunkLocs(st.loc), chunkPathMaps(st.adjIn), chunkPathMaps(st.adjOut)
	c.rec, c.drops = st.rec, st.dropped
}

// chunkLocs is newChunked for every Loc-RIB of a run.
func chunkLocs(m map[string][]Best) map[string]chunked[Best] {
	out := make(map[string]chunked[Best], len(m))
	for id, bests := range m {
		out[id] = newChunked(bests, bestPrefix)
	}
	return out
}

// chunkPathMaps is newChunked for every path list of a run (speaker →
// session → paths).
func chunkPathMaps(m map[string]map[string][]Path) map[string]map[string]chunked[Path] {
	out := make(map[string]map[string]chunked[Path], len(m))
	for id, bySession := range m {
		o := make(map[string]chunked[Path], len(bySession))
		for s, ps := range bySession {
			o[s] = newChunked(ps, pathPrefix)
		}
		out[id] = o
	}
	return out
}

// copyTables takes o's tables and record (o's inputs equal c's).
func (c *component) copyTables(o *component) {
	c.loc, c.adjIn, c.adjOut, c.rec, c.classed = o.loc, o.adjIn, o.adjOut, o.rec, o.classed
}

// splice takes o's tables with the entries at the prefixes in d replaced by
// those of after (a run over d only), and the record rec. A list shares
// with o's every chunk that holds no prefix of d (spliceChunked).
func (c *component) splice(o *component, d []netip.Prefix, after *state, rec record) {
	c.rec = rec
	c.loc = make(map[string]chunked[Best], len(o.loc))
	for id, bests := range o.loc {
		c.loc[id] = spliceChunked(bests, d, after.loc[id], bestPrefix, Best.equal)
	}
	c.adjIn = splicePathMaps(o.adjIn, d, after.adjIn)
	c.adjOut = splicePathMaps(o.adjOut, d, after.adjOut)
}

// splicePathMaps splices every path list of old (speaker → session →
// paths) with repl's: lists left empty and speakers left without a list
// are dropped, as a run leaves them out.
func splicePathMaps(old map[string]map[string]chunked[Path], d []netip.Prefix, repl map[string]map[string][]Path) map[string]map[string]chunked[Path] {
	out := make(map[string]map[string]chunked[Path], len(old))
	for _, id := range unionKeysOf(old, repl) {
		om, rm := old[id], repl[id]
		m := make(map[string]chunked[Path], len(om))
		same := true
		for _, s := range unionKeysOf(om, rm) {
			was, had := om[s]
			ps := spliceChunked(was, d, rm[s], pathPrefix, Path.equal)
			kept := ps.n > 0 || ps.whole != nil // a run's empty list is kept, a splice's dropped
			if kept {
				m[s] = ps
			}
			same = same && kept && had && sameChunked(ps, was)
		}
		switch {
		case same && len(m) == len(om):
			out[id] = om
		case len(m) > 0:
			out[id] = m
		}
	}
	return out
}

// unionKeys returns the keys of a and b, sorted.
func unionKeys[V any](a, b map[string]V) []string { return unionKeysOf(a, b) }

// unionKeysOf returns the keys of a and b (maps of different value
// types), sorted.
func unionKeysOf[V, W any](a map[string]V, b map[string]W) []string {
	out := make([]string, 0, len(a)+len(b))
	for k := range a {
		out = append(out, k)
	}
	for k := range b {
		if _, ok := a[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	return out
}

func bestPrefix(b *Best) netip.Prefix { return b.Prefix }

func pathPrefix(p *Path) netip.Prefix { return p.Prefix }

func routePrefix(r *route.Route) netip.Prefix { return r.Prefix }

// Same reports whether two Loc-RIB entries are equal in every field (a
// walk that read one reads the other the same).
func (b Best) Same(o Best) bool { return b.equal(o) }

// Same reports whether two sessions are equal in every field, those a
// walk reads and the inputs they were computed from.
func (s Session) Same(o Session) bool {
	return s.ID == o.ID && s.Kind == o.Kind && s.A == o.A && s.B == o.B && s.BGP == o.BGP && s.Up == o.Up && s.Why == o.Why &&
		s.Tunnels == o.Tunnels && s.Of == o.Of && s.weightAtA == o.weightAtA && s.weightAtB == o.weightAtB &&
		s.limitAtA == o.limitAtA && s.limitAtB == o.limitAtB && slices.Equal(s.filterFromA, o.filterFromA) &&
		slices.Equal(s.filterFromB, o.filterFromB) && slices.Equal(s.staticAtA, o.staticAtA) && slices.Equal(s.staticAtB, o.staticAtB) &&
		s.staticExportA == o.staticExportA && s.addrA == o.addrA && s.addrB == o.addrB && s.keepStatics == o.keepStatics
}

// equal reports whether two Loc-RIB entries are equal.
func (b Best) equal(o Best) bool {
	return b.Path.equal(o.Path) && b.Reason == o.Reason && slices.Equal(b.Multipath, o.Multipath) && slices.EqualFunc(b.Equal, o.Equal, Path.equal) &&
		slices.Equal(b.Tied, o.Tied)
}

// splice returns old (sorted by prefix) with its entries at the prefixes
// in d (sorted) replaced by repl's (sorted by prefix, every one in d): old
// itself when that changes nothing, nil when it leaves nothing. The runs
// of old between two prefixes of d are copied whole.
func splice[T any](old []T, d []netip.Prefix, repl []T, prefix func(*T) netip.Prefix, equal func(T, T) bool) []T {
	if sameAt(old, d, repl, prefix, equal) {
		return old
	}
	out := make([]T, 0, len(old)+len(repl))
	i, j := 0, 0
	for _, p := range d {
		// old's entries before p, in one copy; then repl's at p in place
		// of old's.
		at, _ := searchPrefix(old[i:], p, prefix)
		out = append(out, old[i:i+at]...)
		i += at
		for i < len(old) && prefix(&old[i]) == p {
			i++
		}
		for j < len(repl) && prefix(&repl[j]) == p {
			out = append(out, repl[j])
			j++
		}
	}
	if j < len(repl) { // an entry of repl outside d: merge one by one
		return spliceMerge(old, d, repl, prefix)
	}
	out = append(out, old[i:]...)
	if len(out) == 0 {
		return nil
	}
	return out
}

// spliceMerge is splice (without its sameAt shortcut) entry by entry, for
// a repl with entries at prefixes outside d: those are merged in order.
func spliceMerge[T any](old []T, d []netip.Prefix, repl []T, prefix func(*T) netip.Prefix) []T {
	out := make([]T, 0, len(old)+len(repl))
	i, j, k := 0, 0, 0
	for i < len(old) || j < len(repl) {
		if j < len(repl) && (i == len(old) || comparePrefix(prefix(&repl[j]), prefix(&old[i])) <= 0) {
			out = append(out, repl[j])
			j++
			continue
		}
		p := prefix(&old[i])
		for k < len(d) && comparePrefix(d[k], p) < 0 {
			k++
		}
		if k == len(d) || d[k] != p {
			out = append(out, old[i])
		}
		i++
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// sameAt reports whether old's entries at the prefixes in d are exactly
// repl's.
func sameAt[T any](old []T, d []netip.Prefix, repl []T, prefix func(*T) netip.Prefix, equal func(T, T) bool) bool {
	j := 0
	for _, p := range d {
		i, found := searchPrefix(old, p, prefix)
		inRepl := j < len(repl) && prefix(&repl[j]) == p
		if found != inRepl || found && !equal(old[i], repl[j]) {
			return false
		}
		if inRepl {
			j++
		}
	}
	return j == len(repl)
}
