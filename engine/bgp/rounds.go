package bgp

import (
	"net/netip"
	"slices"
)

// state is one fixed-point computation: the synchronous rounds over some
// speakers and the sessions between them (one component of the design, see
// components), over every prefix or only some. Paths of different prefixes
// never meet (a path is only ever derived from paths of its own prefix, and
// every decision is per prefix), so a run over some prefixes gives exactly
// those prefixes' part of a run over all of them, as long as no session is
// dropped for its prefix limit: prefix limits and the round count are the
// only things that depend on several prefixes at once, and record keeps
// what Update needs to add them up across runs.
type state struct {
	w        *world
	speakers []*Speaker
	sessions []*Session
	of       map[string][]*Session // each speaker's sessions, in session order
	// only lists the prefixes of a restricted run, sorted; nil for a run
	// over every prefix. A restricted run never drops a session: it
	// records the Adj-RIB-In sizes for Update to check.
	only []netip.Prefix
	// classes, set on a run over the representatives of prefix classes
	// (solveWhole), says that the run stands for every prefix: it drops
	// sessions like a run over every prefix, and counts each prefix for
	// its class's size (weight) wherever prefixes are added up.
	classes *prefixClasses
	local   map[string][]Path              // originated paths (of only)
	statics map[*Session][2][]netip.Prefix // each session's statics at A and B (of only)

	loc   map[string][]Best
	adjIn map[string]map[string][]Path // receiver → session → paths
	// adjOut: sender → session → paths as in the sender's Loc-RIB.
	adjOut map[string]map[string][]Path
	// locMemo keeps each speaker's last Loc-RIB with the inputs it was
	// computed from, so a round recomputes only the speakers whose
	// Adj-RIBs-In or session states changed.
	locMemo map[string]locInput
	// expMemo keeps, per session direction, what exports derived from the
	// sender's Loc-RIB last time: the same Loc-RIB (reused by locMemo)
	// gives the same Adj-RIB-Out and Adj-RIB-In.
	expMemo map[[2]string]expOutput
	rec     record
	dropped []drop // sessions dropped for their prefix limits, in order
}

// record is what a run leaves for later runs to be added to: per round,
// how many Adj-RIB-In entries changed, and the Adj-RIB-In size at each
// end of every session a prefix limit applies to. Both are sums over
// prefixes, so the record of a run over all prefixes is the record over
// some of them plus the record over the rest.
type record struct {
	rounds    int
	converged bool
	// dropped: a session went down for its prefix limit during the run.
	dropped bool
	// changing[i] counts the Adj-RIB-In entries (receiver, session,
	// prefix) that changed in round i+1; zero after the last round of a
	// converged run.
	changing []int32
	// sizes[2*k+e][i] is the Adj-RIB-In size in round i+1 at end e (0: A,
	// 1: B) of the run's k-th session, for the ends a limit applies to
	// (nil for the others); after the last round it stays at its last value.
	sizes [][]int32
}

// newState prepares a run over speakers and sessions (sorted by id) of w,
// restricted to the sorted prefixes only when only is not nil.
func newState(w *world, speakers []*Speaker, sessions []*Session, only []netip.Prefix) *state {
	st := &state{w: w, speakers: speakers, sessions: sessions, only: only, of: make(map[string][]*Session, len(speakers)),
		local: w.local, adjIn: map[string]map[string][]Path{}, locMemo: map[string]locInput{}, expMemo: map[[2]string]expOutput{}}
	for _, s := range sessions {
		st.of[s.A] = append(st.of[s.A], s)
		if s.B != s.A {
			st.of[s.B] = append(st.of[s.B], s)
		}
	}
	st.rec.sizes = make([][]int32, 2*len(sessions))
	if only == nil {
		return st
	}
	st.local = make(map[string][]Path, len(speakers))
	for _, sp := range speakers {
		if ps := pathsIn(w.local[sp.ID], only); len(ps) > 0 {
			st.local[sp.ID] = ps
		}
	}
	st.statics = make(map[*Session][2][]netip.Prefix, len(sessions))
	for _, s := range sessions {
		st.statics[s] = [2][]netip.Prefix{prefixesIn(s.staticAtA, only), prefixesIn(s.staticAtB, only)}
	}
	return st
}

// staticsOf returns s's statics at end B (atB) or A, of the run's prefixes.
func (st *state) staticsOf(s *Session, atB bool) []netip.Prefix {
	if st.statics != nil {
		if atB {
			return st.statics[s][1]
		}
		return st.statics[s][0]
	}
	if atB {
		return s.staticAtB
	}
	return s.staticAtA
}

// run iterates rounds to a fixed point, at most maxRounds: each round
// computes every Loc-RIB from the last round's Adj-RIBs-In, then every
// export; a round that changes no Adj-RIB-In and drops no session ends
// the run. The final Loc-RIBs are computed from the last Adj-RIBs-In.
func (st *state) run(maxRounds int) {
	for round := 1; round <= maxRounds; round++ {
		st.rec.rounds = round
		st.loc = st.locRIBs()
		out, in := st.exports()
		changed := !sameIn(st.adjIn, in)
		st.rec.changing = append(st.rec.changing, int32(st.changedEntries(st.adjIn, in)))
		if st.limit(in, round) {
			changed = true
		}
		st.adjIn, st.adjOut = in, out
		if !changed {
			st.rec.converged = true
			break
		}
	}
	st.loc = st.locRIBs()
}

// limit records the Adj-RIB-In size at each limited end of an up session
// and, in a run over every prefix, drops the sessions over their limit
// (rule:bgp.prefix-limit, rule:expressroute.circuit-prefix-limits, rule:route-server.limits; the diagnostics are written by Result.diagnose): it
// reports whether it dropped one.
func (st *state) limit(in map[string]map[string][]Path, round int) bool {
	dropped := false
	for k, s := range st.sessions {
		for e, end := range [2]string{s.A, s.B} {
			limit := s.limitAtA
			if end == s.B {
				limit = s.limitAtB
			}
			if !s.Up || limit <= 0 {
				continue
			}
			n := st.count(in[end][s.ID])
			st.rec.sizes[2*k+e] = append(st.rec.sizes[2*k+e], int32(n))
			if n <= limit || st.only != nil && st.classes == nil {
				continue
			}
			s.Up, s.Tunnels = false, 0
			s.Why = errorf("%s received %d prefixes, over its limit of %d: session dropped (%s)", end, n, limit, prefixLimitRule(s, end))
			st.dropped = append(st.dropped, drop{round: round, session: s})
			delete(in[s.A], s.ID)
			delete(in[s.B], s.ID)
			dropped, st.rec.dropped = true, true
		}
	}
	return dropped
}

// prefixLimitRule is the rule whose prefix limit end applies on session s:
// a VPN gateway's per-peer limit (rule:bgp.prefix-limit), an ExpressRoute
// gateway's learned-route limit (rule:expressroute.gateway-route-limits), the
// MSEE's private-peering limit (rule:expressroute.circuit-prefix-limits) or
// Route Server's per-peer limit (rule:route-server.limits).
func prefixLimitRule(s *Session, end string) string {
	switch {
	case s.Kind == SessIPsec || s.Kind == SessVnet2Vnet:
		return "rule:bgp.prefix-limit"
	case s.Kind == SessER && end == s.A:
		return "rule:expressroute.gateway-route-limits"
	case s.Kind == SessPeering && end == s.A:
		return "rule:expressroute.circuit-prefix-limits"
	case s.Kind == SessRouteServer && end == s.A:
		return "rule:route-server.limits"
	}
	return "rule:bgp.prefix-limit, rule:expressroute.circuit-prefix-limits, rule:expressroute.gateway-route-limits, rule:route-server.limits"
}

func sameIn(a, b map[string]map[string][]Path) bool {
	if len(a) != len(b) {
		return false
	}
	for k, am := range a {
		bm, ok := b[k]
		if !ok || len(am) != len(bm) {
			return false
		}
		for s, ap := range am {
			bp, ok := bm[s]
			if !ok || !slices.EqualFunc(ap, bp, Path.equal) {
				return false
			}
		}
	}
	return true
}

// changedEntries counts the entries (receiver, session, prefix) whose path
// differs between two rounds' Adj-RIBs-In (each list sorted by prefix,
// one path per prefix): zero exactly when they are equal, and a sum over
// prefixes (each counting for its class, st.weight).
func (st *state) changedEntries(a, b map[string]map[string][]Path) int {
	n := 0
	for recv, bm := range b {
		am := a[recv]
		for s, bp := range bm {
			n += st.diffCount(am[s], bp)
		}
	}
	for recv, am := range a {
		bm := b[recv]
		for s, ap := range am {
			if _, ok := bm[s]; !ok {
				n += st.count(ap)
			}
		}
	}
	return n
}

// weight is how many prefixes p stands for: its class's size in a run
// over classes, else 1.
func (st *state) weight(p netip.Prefix) int {
	if st.classes == nil {
		return 1
	}
	return int(st.classes.weight[p])
}

// count is how many prefixes ps (one path per prefix) stands for.
func (st *state) count(ps []Path) int {
	if st.classes == nil {
		return len(ps)
	}
	n := 0
	for i := range ps {
		n += st.weight(ps[i].Prefix)
	}
	return n
}

// diffCount counts the prefixes at which two path lists (sorted by prefix,
// one path per prefix) differ. The same slice differs nowhere.
func (st *state) diffCount(a, b []Path) int {
	if len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0]) {
		return 0
	}
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch c := comparePrefix(a[i].Prefix, b[j].Prefix); {
		case c < 0:
			n, i = n+st.weight(a[i].Prefix), i+1
		case c > 0:
			n, j = n+st.weight(b[j].Prefix), j+1
		default:
			if !a[i].equal(b[j]) {
				n += st.weight(a[i].Prefix)
			}
			i, j = i+1, j+1
		}
	}
	return n + st.count(a[i:]) + st.count(b[j:])
}

// preference is how speaker sp ranks ExpressRoute paths: gateways prefer
// them (rule:expressroute.preferred-over-vpn, rule:expressroute.failover-to-vpn); Route Server follows its hubRoutingPreference (rule:route-server.routing-preference).
func (w *world) preference(sp *Speaker) Preference {
	switch sp.Kind {
	case VpnGateway, ExpressRouteGateway:
		return PreferExpressRoute
	case RouteServer:
		return w.rsPref[sp.ID]
	}
	return PreferNone
}

// expOutput is one session direction's export result and the Loc-RIB it
// was derived from.
type expOutput struct {
	loc     []Best
	out, in []Path
}

// sameSlice reports whether a and b are the same slice (not just equal).
func sameSlice(a, b []Best) bool {
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// locInput is what one speaker's Loc-RIB was computed from (besides its
// originated routes and session statics, which do not change).
type locInput struct {
	in    map[string][]Path // the speaker's Adj-RIBs-In, by session
	state []byte            // per session of the speaker: used, not used
	bests []Best
}

// sameAdjIn reports whether two Adj-RIBs-In of one speaker are equal.
func sameAdjIn(a, b map[string][]Path) bool {
	if len(a) != len(b) {
		return false
	}
	for s, ap := range a {
		bp, ok := b[s]
		if !ok || !slices.EqualFunc(ap, bp, Path.equal) {
			return false
		}
	}
	return true
}

// uses reports whether speaker id takes routes from s: an up session, or
// the statics of a session that is down but keeps them at the gateway: a
// static tunnel that failed (rule:vpn-gateway.static-routes-do-not-fail-over)
// or a tunnel whose BGP session does not establish (rule:bgp.lng-prefixes-with-bgp).
func uses(s *Session, id string) bool {
	return s.Up || s.keepStatics && id == s.A
}

// locRIBs computes every speaker's best paths from the current Adj-RIBs-In,
// its originated routes and the statics of its up sessions. A speaker whose
// inputs equal those of its memoised Loc-RIB keeps it.
func (st *state) locRIBs() map[string][]Best {
	loc := make(map[string][]Best, len(st.speakers))
	for _, sp := range st.speakers {
		if sp.Down {
			continue
		}
		sessions := st.of[sp.ID]
		state := make([]byte, len(sessions))
		for i, s := range sessions {
			if uses(s, sp.ID) {
				state[i] = 1
			}
		}
		if m, ok := st.locMemo[sp.ID]; ok && slices.Equal(m.state, state) && sameAdjIn(m.in, st.adjIn[sp.ID]) {
			loc[sp.ID] = m.bests
			continue
		}
		bests := st.bestPaths(sp, sessions)
		loc[sp.ID] = bests
		st.locMemo[sp.ID] = locInput{in: st.adjIn[sp.ID], state: state, bests: bests}
	}
	return loc
}

// bestPaths selects sp's best path for every prefix of its candidates:
// its originated paths, then, session by session (those it uses), the
// session's statics and Adj-RIB-In. Every source is sorted by prefix, so
// a merge of them yields each prefix's candidates in that order, prefix
// after prefix. Nil when there is none.
func (st *state) bestPaths(sp *Speaker, sessions []*Session) []Best {
	srcs := make([]source, 0, 1+2*len(sessions))
	n := len(st.local[sp.ID])
	srcs = append(srcs, source{paths: st.local[sp.ID]})
	for _, s := range sessions {
		if !uses(s, sp.ID) {
			continue
		}
		statics, exp, peer := st.staticsOf(s, false), s.staticExportA, s.B
		if sp.ID == s.B {
			statics, exp, peer = st.staticsOf(s, true), false, s.A
		}
		in := st.adjIn[sp.ID][s.ID]
		srcs = append(srcs, source{statics: statics, static: Path{Static: true, Weight: 32768, Neighbor: peer, Session: s.ID, NextHop: st.w.addr(s, peer), lng: exp}},
			source{paths: in})
		n += len(statics) + len(in)
	}
	if n == 0 {
		return nil
	}
	pref := st.w.preference(sp)
	bests := make([]Best, 0, n)
	var cands []Path
	for {
		p, ok := minHead(srcs)
		if !ok {
			return bests
		}
		cands = cands[:0]
		for i := range srcs {
			cands = srcs[i].take(p, cands)
		}
		bests = append(bests, selectBest(cands, pref, sp.ID, sp.Kind))
	}
}

// source is one sorted list of candidate paths: paths, or statics (each
// one path like static, with its prefix).
type source struct {
	paths   []Path
	statics []netip.Prefix
	static  Path
	i       int
}

// head is the prefix of the source's next entry.
func (s *source) head() (netip.Prefix, bool) {
	switch {
	case s.paths != nil && s.i < len(s.paths):
		return s.paths[s.i].Prefix, true
	case s.statics != nil && s.i < len(s.statics):
		return s.statics[s.i], true
	}
	return netip.Prefix{}, false
}

// take appends the source's next entries with prefix p to out.
func (s *source) take(p netip.Prefix, out []Path) []Path {
	for {
		h, ok := s.head()
		if !ok || h != p {
			return out
		}
		if s.paths != nil {
			out = append(out, s.paths[s.i])
		} else {
			x := s.static
			x.Prefix = p
			out = append(out, x)
		}
		s.i++
	}
}

// minHead is the smallest next prefix of the sources.
func minHead(srcs []source) (netip.Prefix, bool) {
	var best netip.Prefix
	found := false
	for i := range srcs {
		if h, ok := srcs[i].head(); ok && (!found || comparePrefix(h, best) < 0) {
			best, found = h, true
		}
	}
	return best, found
}

// exports computes every Adj-RIB-Out (as the sender's Loc-RIB shows the
// route) and the receivers' Adj-RIBs-In (after prepending, private-AS
// stripping and the receiver's loop check).
func (st *state) exports() (out, in map[string]map[string][]Path) {
	w := st.w
	out, in = map[string]map[string][]Path{}, map[string]map[string][]Path{}
	for _, s := range st.sessions {
		if !s.Up || !s.BGP {
			continue
		}
		for _, dir := range [2][2]string{{s.A, s.B}, {s.B, s.A}} {
			from, to := w.speakers[dir[0]], w.speakers[dir[1]]
			if from == nil || to == nil || from.Down || to.Down {
				continue
			}
			if (!from.BGP || !to.BGP) && s.Kind != SessRSGateway {
				continue // rule:route-server.vpn-gateway-active-active: a VPN gateway exchanges routes with Route Server even without enableBgp
			}
			filter := s.filterFromA
			weight := s.weightAtB
			if from.ID == s.B {
				filter, weight = s.filterFromB, s.weightAtA
			}
			key := [2]string{s.ID, from.ID}
			m, ok := st.expMemo[key]
			if ok && sameSlice(m.loc, st.loc[from.ID]) {
				setPaths(out, from.ID, s.ID, m.out)
				setPaths(in, to.ID, s.ID, m.in)
				continue
			}
			sent, recv := w.exportSession(st.loc[from.ID], m, from, to, s, filter, weight)
			setPaths(out, from.ID, s.ID, sent)
			setPaths(in, to.ID, s.ID, recv)
			st.expMemo[key] = expOutput{loc: st.loc[from.ID], out: out[from.ID][s.ID], in: in[to.ID][s.ID]}
		}
	}
	return out, in
}

// hasPrefix reports whether sorted holds p.
func hasPrefix(sorted []netip.Prefix, p netip.Prefix) bool {
	_, found := slices.BinarySearchFunc(sorted, p, comparePrefix)
	return found
}

// setPaths sets m[speaker][session] to ps unless ps is nil.
func setPaths(m map[string]map[string][]Path, speaker, session string, ps []Path) {
	if ps == nil {
		return
	}
	if m[speaker] == nil {
		m[speaker] = map[string][]Path{}
	}
	m[speaker][session] = ps
}

// exportSession runs from's Loc-RIB loc through session s towards to: the
// paths from advertises (out) and those to accepts (in), each nil when
// none. Export and import depend on nothing but the path (besides the
// session and its ends), so an entry whose path is the one prev (the last
// export of this session direction) exported keeps prev's outputs for its
// prefix. Both lists are sized for the whole Loc-RIB up front (most of it
// is usually exported): no regrowth of large slices.
func (w *world) exportSession(loc []Best, prev expOutput, from, to *Speaker, s *Session, filter []netip.Prefix, weight int) (out, in []Path) {
	var old exportCursor
	old.expOutput = prev
	sentList, recvList := pathList{prev: prev.out, size: len(loc)}, pathList{prev: prev.in, size: len(loc)}
	for _, b := range loc {
		if sent, recv, ok := old.find(b.Path); ok {
			if sent != nil {
				sentList.add(sent)
			}
			if recv != nil {
				recvList.add(recv)
			}
			continue
		}
		if filter != nil && !hasPrefix(filter, b.Prefix) {
			continue
		}
		sent, ok := w.export(from, to, s, b.Path)
		if !ok {
			continue
		}
		sentList.add(&b.Path)
		if recv, ok := w.receive(from, to, s, sent, weight); ok {
			recvList.add(&recv)
		}
	}
	return sentList.list(), recvList.list()
}

// pathList builds a list of paths that is prev's, shared, for as long as
// each path added is prev's next one (a pointer into prev, in order): an
// export that sends what it sent last time allocates nothing. From the
// first other path on, it is a list of its own, sized for size paths (no
// regrowth of large slices).
type pathList struct {
	prev []Path
	size int
	k    int    // paths of prev added so far, in order
	own  []Path // nil until the list differs from prev[:k]
}

// add appends *p (a path of prev, or another).
func (l *pathList) add(p *Path) {
	if l.own == nil {
		if l.k < len(l.prev) && p == &l.prev[l.k] {
			l.k++
			return
		}
		l.own = make([]Path, l.k, max(l.size, l.k+1))
		copy(l.own, l.prev[:l.k])
	}
	l.own = append(l.own, *p)
}

// list is the list built: nil when empty, prev itself when it is all of
// prev.
func (l *pathList) list() []Path {
	switch {
	case l.own != nil:
		return l.own
	case l.k == 0:
		return nil
	default:
		return l.prev[:l.k:l.k]
	}
}

// exportCursor walks a previous export (its Loc-RIB and outputs, all sorted
// by prefix) alongside a new Loc-RIB.
type exportCursor struct {
	expOutput
	i, o, n int // next entry of loc, out, in
}

// find reports whether the previous Loc-RIB had path p (at p's prefix)
// and, if so, what it exported and imported for it (nil when nothing).
// Calls come in prefix order.
func (c *exportCursor) find(p Path) (sent, recv *Path, ok bool) {
	for c.i < len(c.loc) && comparePrefix(c.loc[c.i].Prefix, p.Prefix) < 0 {
		c.i++
	}
	for c.o < len(c.out) && comparePrefix(c.out[c.o].Prefix, p.Prefix) < 0 {
		c.o++
	}
	for c.n < len(c.in) && comparePrefix(c.in[c.n].Prefix, p.Prefix) < 0 {
		c.n++
	}
	if c.i == len(c.loc) || !c.loc[c.i].Path.equal(p) {
		return nil, nil, false
	}
	if c.o < len(c.out) && c.out[c.o].Prefix == p.Prefix {
		sent = &c.out[c.o]
	}
	if c.n < len(c.in) && c.in[c.n].Prefix == p.Prefix {
		recv = &c.in[c.n]
	}
	return sent, recv, true
}
