package bgp

import (
	"bytes"
	"net/netip"
	"slices"
	"weak"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// Update is Compute(t, failures) for a new version of the design prev was
// computed from (prev may be nil, or from any other design): the result is
// exactly Compute's (TestUpdateEqualsCompute, FuzzUpdate), computed from
// prev where the inputs allow it.
//
//   - When every input Compute reads is unchanged (inputKey: the hybrid
//     resources, the VNet ranges and special subnets, the peerings' transit
//     flags, the VMs behind Route Server peers, the failures that matter),
//     it returns prev itself.
//   - Otherwise it parses the design again and splits it into components
//     (speakers linked by sessions). A component whose speakers and
//     sessions are unchanged (same signature) is carried over from prev:
//     as is when no prefix input of it changed, else with only the changed
//     prefixes (dirtyPrefixes) run again, once with prev's inputs and once
//     with the new ones, and spliced into prev's tables, when adding up the
//     runs' records shows that no session would have been dropped for its
//     prefix limit. Any other component is run again whole.
func Update(prev *Result, t *model.Topology, failures []model.Failure) *Result {
	return update(prev, t, failures, config{maxRounds: MaxRounds})
}

// config tunes a computation (tests lower the round cap and turn the
// splice heuristic off).
type config struct {
	maxRounds int
	// spliceAny splices a component whatever share of its prefixes
	// changed (else one with more than a quarter of them changed runs
	// whole: two runs over them would cost more than one over all).
	spliceAny bool
	// perPrefix runs a component whole prefix by prefix instead of by
	// prefix classes (the oracle of classes).
	perPrefix bool
}

func update(prev *Result, t *model.Topology, failures []model.Failure, cfg config) *Result {
	var hint []byte
	if prev != nil {
		hint = prev.key
	}
	key, structEnd := inputKey(t, failures, hint)
	if prev != nil && prev.maxRounds != cfg.maxRounds {
		prev = nil
	}
	if prev != nil && bytes.Equal(prev.key, key) {
		return prev
	}
	var was *world // prev's world lends what is unchanged (newWorld, world.build)
	if prev != nil {
		was = prev.w
		if prev.structEnd != structEnd || !bytes.Equal(prev.key[:prev.structEnd], key[:structEnd]) {
			was = nil
		}
	}
	w := newWorld(t, failures, was)
	if prev != nil {
		was = prev.w
	}
	w.build(was)
	r := &Result{w: w, key: key, structEnd: structEnd, maxRounds: cfg.maxRounds, spliceAny: cfg.spliceAny, perPrefix: cfg.perPrefix, comps: w.components()}
	if prev == nil {
		r.solveAll(r.comps)
		r.assemble(nil, nil, nil)
		return r
	}
	dirty, fresh := r.solveFrom(prev)
	r.origin = &origin{prev: weak.Make(prev), dirty: dirty, fresh: fresh}
	r.assemble(prev, dirty, fresh)
	return r
}

// solveFrom solves r's components, carrying over from prev those it can
// (carryOver). It returns the prefixes run again in carried-over
// components (sorted) and the speakers of the components run whole.
func (r *Result) solveFrom(prev *Result) (dirty []netip.Prefix, fresh map[string]bool) {
	old := make(map[string]*component, len(prev.comps))
	byFirst := make(map[string]*component, len(prev.comps)) // by first speaker id
	for _, c := range prev.comps {
		old[c.sig] = c
		if len(c.speakers) > 0 {
			byFirst[c.speakers[0].ID] = c
		}
	}
	sens := sensitivePrefixes(prev.w, r.w)
	var all prefixMarks
	fresh = map[string]bool{}
	for _, c := range r.comps {
		if o := old[c.sig]; o != nil && !o.rec.dropped && r.carryOver(prev.w, o, c, sens, &all) {
			continue
		}
		r.solveWhole(c, priorRun(byFirst, c), prev.w)
		for _, sp := range c.speakers {
			fresh[sp.ID] = true
		}
	}
	return all.sorted(), fresh
}

// priorRun is the component of the previous result (byFirst: by first
// speaker id) with the same speakers as c, if it was run by prefix classes
// (its expanded lists may then be taken, prefixClasses.expand), else nil.
func priorRun(byFirst map[string]*component, c *component) *component {
	if len(c.speakers) == 0 {
		return nil
	}
	o := byFirst[c.speakers[0].ID]
	if o == nil || o.classed == nil || len(o.speakers) != len(c.speakers) {
		return nil
	}
	for i, sp := range c.speakers {
		if o.speakers[i].ID != sp.ID {
			return nil
		}
	}
	return o
}

// carryOver solves c from o, prev's component with the same signature (so
// the same speakers and sessions), whose world is ow: o's tables as they
// are when no prefix input changed, else o's tables with the changed
// prefixes (added to all) run again. It reports false, leaving c unsolved,
// when that is not exact (a session would be dropped for its prefix limit)
// or not cheaper than a run of c over every prefix.
func (r *Result) carryOver(ow *world, o, c *component, sens *prefixSet, all *prefixMarks) bool {
	d, universe := dirtyPrefixes(ow, r.w, o, c, sens)
	if len(d) == 0 {
		c.copyTables(o)
		r.how.copied++
		return true
	}
	if 4*len(d) > universe && !r.spliceAny {
		return false
	}
	before := newState(ow, o.speakers, o.sessions, d)
	before.run(r.maxRounds)
	after := newState(r.w, c.speakers, c.sessions, d)
	after.run(r.maxRounds)
	rec, ok := combine(o.rec, before.rec, after.rec, c.sessions, r.maxRounds)
	if !ok {
		return false
	}
	c.splice(o, d, after, rec)
	r.how.spliced++
	for _, p := range d {
		all.add(p)
	}
	return true
}

// combine adds up, round by round, the record of a run over every prefix
// (whole) minus that of a run over some prefixes with the same inputs
// (before) plus that of a run over the same prefixes with their new inputs
// (after): the record a run over every prefix with the new inputs makes,
// provided it drops no session. It reports false when some limited
// session end would then exceed its limit in some round (the run would
// drop it) or the records do not add up.
func combine(whole, before, after record, sessions []*Session, maxRounds int) (record, bool) {
	rec := record{sizes: make([][]int32, len(whole.sizes))}
	for round := 1; round <= maxRounds; round++ {
		rec.rounds = round
		n := at(whole.changing, round) - at(before.changing, round) + at(after.changing, round)
		if n < 0 {
			return record{}, false
		}
		rec.changing = append(rec.changing, n)
		for k, s := range sessions {
			for e, end := range [2]string{s.A, s.B} {
				limit := s.limitAtA
				if end == s.B {
					limit = s.limitAtB
				}
				if !s.Up || limit <= 0 {
					continue
				}
				i := 2*k + e
				size := last(whole.sizes[i], round) - last(before.sizes[i], round) + last(after.sizes[i], round)
				if size < 0 || int(size) > limit {
					return record{}, false
				}
				rec.sizes[i] = append(rec.sizes[i], size)
			}
		}
		if n == 0 {
			rec.converged = true
			break
		}
	}
	return rec, true
}

// at is xs's value in round (counted from 1), zero after its last round.
func at(xs []int32, round int) int32 {
	if round > len(xs) {
		return 0
	}
	return xs[round-1]
}

// last is xs's value in round (counted from 1), its last value after its
// last round.
func last(xs []int32, round int) int32 {
	if len(xs) == 0 {
		return 0
	}
	return xs[min(round, len(xs))-1]
}

// prefixMarks is a set of prefixes, allocated on first use.
type prefixMarks struct{ m map[netip.Prefix]struct{} }

func (s *prefixMarks) add(p netip.Prefix) {
	if s.m == nil {
		s.m = map[netip.Prefix]struct{}{}
	}
	s.m[p] = struct{}{}
}

// sorted returns the marked prefixes, sorted (nil when none).
func (s *prefixMarks) sorted() []netip.Prefix {
	if len(s.m) == 0 {
		return nil
	}
	out := make([]netip.Prefix, 0, len(s.m))
	for p := range s.m {
		out = append(out, p)
	}
	slices.SortFunc(out, comparePrefix)
	return out
}

// dirtyPrefixes lists (sorted) the prefixes whose inputs differ between
// component o of world ow and component c of world nw, which have the same
// signature: the prefixes of the originated paths, statics and filter
// entries that differ, and every originated or static prefix overlapping a
// sensitive prefix (sensitivePrefixes). universe counts c's originated
// paths and statics. A prefix with no path in either world needs no run.
func dirtyPrefixes(ow, nw *world, o, c *component, sens *prefixSet) (d []netip.Prefix, universe int) {
	var m prefixMarks
	for i, sp := range c.speakers {
		a, b := ow.local[o.speakers[i].ID], nw.local[sp.ID]
		diffSorted(&m, a, b, pathPrefix, Path.equal)
		markOverlapping(&m, sens, a, pathPrefix)
		if !sameSlicePaths(a, b) { // a site's list shared through the hint: marked once
			markOverlapping(&m, sens, b, pathPrefix)
		}
		universe += len(b)
	}
	for i, s := range c.sessions {
		os := o.sessions[i]
		for _, pair := range [4][2][]netip.Prefix{{os.staticAtA, s.staticAtA}, {os.staticAtB, s.staticAtB},
			{os.filterFromA, s.filterFromA}, {os.filterFromB, s.filterFromB}} {
			diffSorted(&m, pair[0], pair[1], self, samePrefix)
		}
		for _, ps := range [4][]netip.Prefix{os.staticAtA, os.staticAtB, s.staticAtA, s.staticAtB} {
			markOverlapping(&m, sens, ps, self)
		}
		universe += len(s.staticAtA) + len(s.staticAtB)
	}
	return m.sorted(), universe
}

func self(p *netip.Prefix) netip.Prefix { return *p }

// sameSlicePaths reports whether a and b are the same list (the same
// array and length).
func sameSlicePaths(a, b []Path) bool { return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) }

func samePrefix(a, b netip.Prefix) bool { return a == b }

// diffSorted marks the prefixes at which two lists sorted by prefix differ:
// their runs of entries with that prefix differ in length or in an entry.
func diffSorted[T any](m *prefixMarks, a, b []T, prefix func(*T) netip.Prefix, equal func(T, T) bool) {
	if len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) {
		return
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		var p netip.Prefix
		switch {
		case i == len(a):
			p = prefix(&b[j])
		case j == len(b):
			p = prefix(&a[i])
		default:
			p = prefix(&a[i])
			if q := prefix(&b[j]); comparePrefix(q, p) < 0 {
				p = q
			}
		}
		ei, ej := runEnd(a, i, p, prefix), runEnd(b, j, p, prefix)
		if ei-i != ej-j || !slices.EqualFunc(a[i:ei], b[j:ej], equal) {
			m.add(p)
		}
		i, j = ei, ej
	}
}

// runEnd returns the end of the run of entries with prefix p starting at
// xs[i] (i itself when xs[i] has another prefix).
func runEnd[T any](xs []T, i int, p netip.Prefix, prefix func(*T) netip.Prefix) int {
	for i < len(xs) && prefix(&xs[i]) == p {
		i++
	}
	return i
}

// markOverlapping marks the prefixes of xs that overlap one in sens.
func markOverlapping[T any](m *prefixMarks, sens *prefixSet, xs []T, prefix func(*T) netip.Prefix) {
	if sens == nil {
		return
	}
	for i := range xs {
		if p := prefix(&xs[i]); sens.overlaps(p) {
			m.add(p)
		}
	}
}

// sensitivePrefixes indexes the prefixes whose presence differs between
// the worlds' VNet ranges or hub prefixes (a VNet's own ranges and its
// transit spokes'), nil when there are none. Decisions read these lists
// only through overlap, containment and equality tests (a gateway's export
// and import filters, rule:gateway-transit.exact-prefix-filtered, rule:bgp.what-gateway-advertises; Route Server's programming, rule:route-server.no-vnet-prefix-injection), so only
// a prefix overlapping one of them can see a different answer.
func sensitivePrefixes(ow, nw *world) *prefixSet {
	if nw.sameStructure(ow) {
		return nil
	}
	var ps []netip.Prefix // in map order: the set made of them is not
	for v, a := range ow.vnets {
		ps = appendSymDiff(ps, a, nw.vnets[v])
		ps = appendSymDiff(ps, ow.hubPfx[v], nw.hubPfx[v])
	}
	for v, b := range nw.vnets {
		if _, ok := ow.vnets[v]; !ok {
			ps = appendSymDiff(ps, nil, b)
			ps = appendSymDiff(ps, nil, nw.hubPfx[v])
		}
	}
	if len(ps) == 0 {
		return nil
	}
	return newPrefixSet(ps)
}

// appendSymDiff appends the prefixes in exactly one of a and b (sorted,
// without duplicates).
func appendSymDiff(out, a, b []netip.Prefix) []netip.Prefix {
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case j == len(b) || i < len(a) && comparePrefix(a[i], b[j]) < 0:
			out = append(out, a[i])
			i++
		case i == len(a) || comparePrefix(a[i], b[j]) > 0:
			out = append(out, b[j])
			j++
		default:
			i, j = i+1, j+1
		}
	}
	return out
}

// pathsIn returns the paths of ps (sorted by prefix) whose prefix is in
// only (sorted).
func pathsIn(ps []Path, only []netip.Prefix) []Path {
	return entriesIn(ps, only, pathPrefix)
}

// bestsIn returns the entries of bests (sorted by prefix) whose prefix is in
// only (sorted), or bests when only is nil.
func bestsIn(bests []Best, only []netip.Prefix) []Best {
	if only == nil {
		return bests
	}
	return entriesIn(bests, only, bestPrefix)
}

// prefixesIn returns the prefixes of ps (sorted) that are in only (sorted).
func prefixesIn(ps, only []netip.Prefix) []netip.Prefix {
	return entriesIn(ps, only, self)
}

// entriesIn returns the entries of xs (sorted by prefix) whose prefix is
// in only (sorted), nil when none: a binary search per prefix of only.
func entriesIn[T any](xs []T, only []netip.Prefix, prefix func(*T) netip.Prefix) []T {
	var out []T
	for _, p := range only {
		i, _ := searchPrefix(xs, p, prefix)
		for ; i < len(xs) && prefix(&xs[i]) == p; i++ {
			out = append(out, xs[i])
		}
	}
	return out
}

// spliceRoutes is splice for a VNet's programmed routes.
func spliceRoutes(old []route.Route, d []netip.Prefix, repl []route.Route) []route.Route {
	return splice(old, d, repl, routePrefix, func(a, b route.Route) bool { return a == b })
}
