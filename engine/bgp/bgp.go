package bgp

import (
	"cmp"
	"iter"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// Result is the converged (or capped) control plane of one design.
type Result struct {
	// w is the parsed design the result was computed from; it is never
	// modified after the result is built (Update reads it).
	w         *world
	key       []byte // inputKey of the design and failures
	structEnd int    // the end of key's structure part (inputKey)
	maxRounds int
	spliceAny bool // config.spliceAny
	perPrefix bool // config.perPrefix
	speakers  []*Speaker
	comps     []*component // sorted by first speaker id
	loc       map[string]chunked[Best]
	adjIn     map[string]map[string]chunked[Path] // receiver → session → paths
	adjOut    map[string]map[string]chunked[Path] // sender → session → paths as in the sender's Loc-RIB
	vnet      map[string][]route.Route
	locIx     map[string]locIndex // final Loc-RIBs' prefix lengths, for Lookup
	// erPeer pairs each VPN gateway whose Loc-RIB RIB shows with the
	// ExpressRoute paths of its VNet's ExpressRoute gateway with that
	// gateway (pairERGateways, shownRIB).
	erPeer map[string]string
	// Diagnostics are findings of the computation (prefix limits, sessions
	// that cannot come up, non-convergence), sorted by path then code.
	Diagnostics []model.Diagnostic
	// Rounds is how many rounds ran; Converged is false when MaxRounds was hit.
	Rounds    int
	Converged bool
	// how counts what Update did per component (tests and benchmarks).
	how updateStats
	// origin, when Update derived the result from another, says where
	// their Loc-RIBs may differ (LocDiff).
	origin *origin
	// shared counts the expanded tables (a Loc-RIB, or the paths of one
	// session at one speaker) runs by prefix classes took from the
	// previous result instead of expanding them again (tests).
	shared int
}

// updateStats counts the components Update ran whole (classed: of those,
// by prefix classes), took as they were, and spliced (ran again for some
// prefixes).
type updateStats struct{ whole, classed, copied, spliced int }

// Compute runs the control plane of t with the given components failed. It
// never mutates t, never panics on any input, and always terminates
// (MaxRounds).
func Compute(t *model.Topology, failures []model.Failure) *Result {
	return compute(t, failures, MaxRounds)
}

func compute(t *model.Topology, failures []model.Failure, maxRounds int) *Result {
	return update(nil, t, failures, config{maxRounds: maxRounds})
}

// solveAll runs every component of r's world over every prefix: the
// rounds of the whole design, component by component (sessions never
// cross components, so each reaches its fixed point on its own; the design
// converges when the last of them does).
func (r *Result) solveAll(comps []*component) {
	for _, c := range comps {
		r.solveWhole(c, nil, nil)
	}
}

// solveWhole runs component c over every prefix: over one prefix of each
// class of them (classesOf), whose tables stand for the class's, unless
// cfg.perPrefix or no two prefixes share a class. prior, when not nil, is
// a component of the previous result (whose world is ow) with c's
// speakers, run by prefix classes: its classes are c's when every input
// they read is the same (sameClassInputs), and the expansion may take its
// expanded lists (prefixClasses.expand).
func (r *Result) solveWhole(c *component, prior *component, ow *world) {
	r.how.whole++
	var pc *prefixClasses
	switch {
	case r.perPrefix:
	case prior != nil && sameClassInputs(ow, r.w, prior, c):
		pc = prior.classed.pc
	default:
		pc = r.w.classesOf(c)
	}
	if pc == nil {
		st := newState(r.w, c.speakers, c.sessions, nil)
		st.run(r.maxRounds)
		c.setState(st)
		return
	}
	r.how.classed++
	st := newState(r.w, c.speakers, c.sessions, pc.reps)
	st.classes = pc
	st.run(r.maxRounds)
	run := &classedRun{pc: pc, loc: st.loc, adjIn: st.adjIn, adjOut: st.adjOut}
	var shared int
	c.loc, c.adjIn, c.adjOut, shared = pc.expand(st, prior)
	r.shared += shared
	c.rec, c.drops = st.rec, st.dropped
	c.classed = run
}

// assemble gathers the components' tables into r's, programs the VNet
// routes (from scratch without prev; else see programVNets: dirty are the
// prefixes run again in carried-over components, fresh the speakers of
// the components run whole), indexes the Loc-RIBs and writes the
// diagnostics.
func (r *Result) assemble(prev *Result, dirty []netip.Prefix, fresh map[string]bool) {
	w := r.w
	for _, id := range sortedKeys(w.speakers) {
		r.speakers = append(r.speakers, w.speakers[id])
	}
	r.loc, r.adjIn, r.adjOut = map[string]chunked[Best]{}, map[string]map[string]chunked[Path]{}, map[string]map[string]chunked[Path]{}
	r.Rounds, r.Converged = 1, true
	for _, c := range r.comps {
		for id, b := range c.loc {
			r.loc[id] = b
		}
		for id, m := range c.adjIn {
			r.adjIn[id] = m
		}
		for id, m := range c.adjOut {
			r.adjOut[id] = m
		}
		r.Rounds = max(r.Rounds, c.rec.rounds)
		r.Converged = r.Converged && c.rec.converged
	}
	r.programVNets(prev, dirty, fresh)
	r.indexLocRIBs(prev)
	r.pairERGateways()
	r.diagnose()
}

// diagnose adds the diagnostics of the finished computation (not
// converged, ExpressRoute advertisement limit) to the world's and sorts
// them.
func (r *Result) diagnose() {
	w := r.w
	// Prefix-limit drops in the order one run over the whole design makes
	// them: by round, then by session.
	index := make(map[*Session]int, len(w.sessions))
	for i, s := range w.sessions {
		index[s] = i
	}
	var drops []drop
	for _, c := range r.comps {
		drops = append(drops, c.drops...)
	}
	slices.SortFunc(drops, func(a, b drop) int {
		if a.round != b.round {
			return a.round - b.round
		}
		return index[a.session] - index[b.session]
	})
	// A warning: Azure accepts the design and drops the session at run
	// time, which the session (down, with its Why) shows.
	for _, d := range drops {
		w.diag(model.Warning, "bgp.prefix-limit", "sessions["+d.session.ID+"]", "%s", d.session.Why)
	}
	if !r.Converged {
		w.diag(model.Error, "bgp.not-converged", "topology", "BGP did not converge within %d rounds; the tables shown are the last round's", r.maxRounds)
	}
	for _, s := range w.sessions {
		if s.Kind == SessER && r.adjOut[s.A][s.ID].Len() > ERAdvertiseLimit {
			w.diag(model.Warning, "bgp.er-advertise-limit", "sessions["+s.ID+"]",
				"ExpressRoute gateway %s advertises %d routes; the limit toward on-premises is %d (rule:expressroute.gateway-route-limits)", s.A, r.adjOut[s.A][s.ID].Len(), ERAdvertiseLimit)
		}
	}
	r.diagnoseTakeovers()
	r.diagnoseRouteServerOwnRanges()
	slices.SortStableFunc(w.diags, func(a, b model.Diagnostic) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	r.Diagnostics = slices.Compact(w.diags)
	w.diags = nil
}

// diagnoseTakeovers warns of each advertisement a VPN or ExpressRoute
// gateway drops on import because it is exactly the range of its VNet or
// of a spoke using it through gateway transit (receive, rule:gateway-transit.exact-prefix-filtered):
// the route the neighbor meant to send never reaches Azure, and nothing in
// the tables would otherwise say why.
func (r *Result) diagnoseTakeovers() {
	w := r.w
	for _, s := range w.sessions {
		if !s.Up || s.Kind == SessRSGateway || s.Kind == SessGlobalReach {
			continue
		}
		for _, end := range [2][2]string{{s.A, s.B}, {s.B, s.A}} {
			to, from := w.speakers[end[0]], end[1]
			if to == nil || to.Kind != VpnGateway && to.Kind != ExpressRouteGateway || w.hubSet[to.VNet] == nil {
				continue
			}
			for p := range hubPaths(r.adjOut[from][s.ID], w.hubPfx[to.VNet], w.hubSet[to.VNet]) {
				if fromOnPremises(*p, to.ASN) {
					w.diag(model.Warning, "bgp.exact-prefix-filtered", "sessions["+s.ID+"]",
						"%s drops %s's advertisement of %s, exactly the range of %s: a gateway takes no route for exactly its VNet's range or a transit spoke's; a supernet is accepted (rule:gateway-transit.exact-prefix-filtered)",
						to.ID, from, p.Prefix, w.rangeOwner(to.VNet, p.Prefix))
				}
			}
		}
	}
}

// diagnoseRouteServerOwnRanges warns of each prefix an NVA advertises to
// a Route Server that Route Server does not inject because it is equal to
// or inside its VNet's range, or a transit spoke's (programCandidate,
// rule:route-server.no-vnet-prefix-injection): the route is in Route
// Server's table but in no subnet's effective routes, and nothing else
// would say why. Only the NVA's own advertisements, on sessions that are
// up, are read (the NVA's paths: a short list from the design).
func (r *Result) diagnoseRouteServerOwnRanges() {
	w := r.w
	for _, s := range w.sessions {
		if !s.Up || s.Kind != SessRouteServer {
			continue
		}
		rs := w.speakers[s.A]
		if rs == nil || rs.Kind != RouteServer {
			continue
		}
		for _, p := range w.local[s.B] {
			if !insideAny(p.Prefix, w.hubPfx[rs.VNet]) {
				continue
			}
			w.diag(model.Warning, "routeserver.own-range-not-injected", "routeServers["+rs.ID+"].bgpConnections["+strings.TrimPrefix(s.ID, rs.ID+"/")+"]",
				"%s does not inject %s's route %s: it is inside %s, and Route Server injects no route equal to or inside its VNet's range or a transit spoke's (a supernet is injected), so it cannot steer traffic within them (rule:route-server.no-vnet-prefix-injection)",
				rs.ID, s.B, p.Prefix, w.insideOwner(rs.VNet, p.Prefix))
		}
	}
}

// hubPaths yields the paths of ps whose prefix is one of the hub
// prefixes hub (sorted; set is its index), in order (read only): a
// search per hub prefix when they are few against the paths or the paths
// are kept by classes (not expanded for this), else a pass over the
// paths.
func hubPaths(ps chunked[Path], hub []netip.Prefix, set *prefixSet) iter.Seq[*Path] {
	if 8*len(hub) < ps.Len() || ps.lazy != nil {
		return ps.at(hub, pathPrefix)
	}
	return func(yield func(*Path) bool) {
		for p := range ps.all() {
			if set.has(p.Prefix) && !yield(p) {
				return
			}
		}
	}
}

// fromOnPremises reports whether path p, sent to a gateway of AS asn, is
// one that on-premises originated rather than a route from Azure sent
// back: its AS path holds the gateway's AS, an AS Azure reserves for
// itself (65515–65520, rule:bgp.default-asn) or the Microsoft edge's
// (model.MSEEASN, rule:expressroute.asns). A router that re-advertises
// over the VPN what it learned over ExpressRoute is filtered too, but
// meant nothing by it.
func fromOnPremises(p Path, asn uint32) bool {
	for _, a := range p.ASPath {
		if a == asn || a == model.MSEEASN || a >= 65515 && a <= 65520 {
			return false
		}
	}
	return true
}

// rangeOwner names the VNet, hub or one of its transit spokes, whose
// address space holds exactly p.
func (w *world) rangeOwner(hub string, p netip.Prefix) string {
	for _, v := range append([]string{hub}, w.transit[hub]...) {
		if slices.Contains(w.vnets[v], p) {
			return "VNet " + v
		}
	}
	return "a VNet of " + hub
}

// insideOwner names the range, hub's or one of its transit spokes', that
// holds p: "VNet spoke1's range 10.1.0.0/16".
func (w *world) insideOwner(hub string, p netip.Prefix) string {
	for _, v := range append([]string{hub}, w.transit[hub]...) {
		for _, r := range w.vnets[v] {
			if r.Bits() <= p.Bits() && r.Contains(p.Addr()) {
				return "VNet " + v + "'s range " + r.String()
			}
		}
	}
	return "a range of " + hub
}

// addr is speaker id's address on session s.
func (w *world) addr(s *Session, id string) string {
	if id == s.A && s.addrA != "" {
		return s.addrA
	}
	if id == s.B && s.addrB != "" {
		return s.addrB
	}
	if sp, ok := w.speakers[id]; ok && sp.Address != "" {
		return sp.Address
	}
	return id
}

// sessionOf returns the session with id (the first, sessions being
// sorted), or nil.
func (w *world) sessionOf(id string) *Session { return w.sessByID[id] }

func (w *world) overlapsHub(vnet string, p netip.Prefix) bool {
	s, ok := w.hubSet[vnet]
	return ok && s.overlaps(p)
}

// export applies the sender's policy (who re-advertises what, by speaker
// kind) toward speaker to and returns the path as sent.
func (w *world) export(from, to *Speaker, s *Session, p Path) (Path, bool) {
	if p.Session == s.ID || (p.NoAdvertise && !p.Local) {
		return p, false // split horizon; a received NO_ADVERTISE route goes no further (rule:route-server.no-advertise)
	}
	if p.Static && !p.lng {
		return p, false
	}
	learnedFrom := w.sessionOf(p.Session)
	internal := s.Kind == SessRSGateway
	prepend := true
	switch from.Kind {
	case NVA:
		if !p.Local {
			return p, false // NVAs announce only their configured routes
		}
	case SiteRouter:
		if p.Static {
			return p, false
		}
	case VpnGateway:
		if internal {
			if p.Local || p.FromRS {
				return p, false
			}
			prepend = false
			break
		}
		// rule:bgp.what-gateway-advertises, rule:bgp.transit: never the default route, never a route overlapping
		// the VNet (or its transit spokes).
		if !p.Local && !p.lng && (p.Prefix.Bits() == 0 || w.overlapsHub(from.VNet, p.Prefix)) {
			return p, false
		}
	case ExpressRouteGateway:
		if internal {
			if p.Local || p.FromRS {
				return p, false
			}
			prepend = false
			break
		}
		// rule:expressroute.no-transit-without-global-reach, rule:expressroute.no-vpn-transit-without-route-server: the gateway advertises its VNet ranges and transit
		// spokes, and Route Server branch routes; it never re-advertises
		// what it learned from a circuit.
		if !p.Local && !p.FromRS {
			return p, false
		}
	case MSEE:
		switch s.Kind {
		case SessGlobalReach:
			if learnedFrom == nil || learnedFrom.Kind != SessPeering {
				return p, false
			}
			prepend = false
		case SessER:
			if learnedFrom == nil || learnedFrom.Kind == SessGlobalReach || hairpinToSender(p, to) {
				return p, false
			}
		}
	case RouteServer:
		if internal {
			if p.Local {
				return p, false
			}
			prepend = false
		} else if p.FromRS {
			return p, false
		}
	}
	sent := p
	if prepend {
		sent.ASPath = make([]uint32, 1, 1+len(p.ASPath))
		sent.ASPath[0] = from.ASN
		sent.ASPath = append(sent.ASPath, p.ASPath...)
	} else {
		sent.ASPath = slices.Clone(p.ASPath)
	}
	if from.Kind == MSEE && s.Kind == SessPeering {
		// rule:expressroute.private-asns-stripped: private ASNs are stripped toward on-premises.
		sent.ASPath = slices.DeleteFunc(sent.ASPath, isPrivateASN)
	}
	if from.Kind == MSEE && s.Kind == SessER && learnedFrom != nil && learnedFrom.Kind == SessER {
		// rule:expressroute.circuit-hairpin: VNets linked to one circuit reach each other through the
		// MSEEs by default (hairpin); the gateways' 65515 is not kept.
		sent.ASPath = slices.DeleteFunc(sent.ASPath, isPrivateASN)
	}
	if !internal {
		sent.ViaER = false
	}
	return sent, true
}

// hairpinToSender reports whether an MSEE's path p would go back to the
// gateway it came from (over another connection of that gateway to the
// same circuit): the MSEE strips the gateway's private ASN on the hairpin
// (rule:expressroute.circuit-hairpin), so AS-path loop prevention would not
// catch the echo and the gateway would trade its own route for it on every
// round. The hairpin joins different VNets; a gateway is never sent its
// own route back.
func hairpinToSender(p Path, to *Speaker) bool { return to != nil && p.Neighbor == to.ID }

// receive applies the receiver's import: loop prevention, weight, flags.
func (w *world) receive(from, to *Speaker, s *Session, p Path, weight int) (Path, bool) {
	internal := s.Kind == SessRSGateway || s.Kind == SessGlobalReach
	if !internal && slices.Contains(p.ASPath, to.ASN) {
		return p, false
	}
	if !internal && (to.Kind == VpnGateway || to.Kind == ExpressRouteGateway) && w.hubSet[to.VNet] != nil && w.hubSet[to.VNet].has(p.Prefix) {
		return p, false // rule:gateway-transit.exact-prefix-filtered: the exact VNet or transit-spoke prefix is filtered; a supernet is accepted
	}
	q := Path{Prefix: p.Prefix, ASPath: p.ASPath, Origin: p.Origin, Neighbor: from.ID, Session: s.ID,
		NextHop: w.addr(s, from.ID), Weight: weight, ViaER: p.ViaER, NoAdvertise: p.NoAdvertise}
	if to.Kind == ExpressRouteGateway && from.Kind == MSEE {
		q.ViaER = true
	}
	if to.Kind == SiteRouter && from.Kind == MSEE && w.preferER[to.ID] {
		q.Weight = SitePreferERWeight // rule:expressroute.preferred-over-vpn: on-premises prefers ExpressRoute
	}
	if s.Kind == SessRSGateway && from.Kind == RouteServer {
		q.FromRS = true
	}
	if s.Kind == SessGlobalReach {
		q.globalReach = true // rule:expressroute.global-reach-own-circuit-first
	}
	if to.Kind == RouteServer && from.Kind == NVA {
		q.nva = true
	}
	return q, true
}

// programCand is one speaker's candidate for a VNet route.
type programCand struct {
	r      route.Route
	er     bool
	plen   int
	origin Origin
	// tieOnly: not a route but Route Server's record that NVA paths tied
	// with the gateway path it chose (Best.Tied), so that the gateway's
	// route carries the tie (bestCandidate); never programmed.
	tieOnly bool
}

// programVNets derives, per VNet, the VirtualNetworkGateway routes its
// gateways and Route Server install (programVNet). A VNet whose speakers
// are all in components Update carried over (not in fresh) keeps prev's
// routes but for the prefixes in dirty, which are programmed again.
func (r *Result) programVNets(prev *Result, dirty []netip.Prefix, fresh map[string]bool) {
	w := r.w
	r.vnet = map[string][]route.Route{}
	byVNet := map[string][]*Speaker{}
	for _, sp := range r.speakers {
		byVNet[sp.VNet] = append(byVNet[sp.VNet], sp)
	}
	var prevByVNet map[string][]*Speaker
	if prev != nil {
		prevByVNet = map[string][]*Speaker{}
		for _, sp := range prev.speakers {
			prevByVNet[sp.VNet] = append(prevByVNet[sp.VNet], sp)
		}
	}
	// compOf maps speaker ids to components, made on first use.
	var compOf map[string]*component
	for vn := range w.vnets { // each VNet's routes read nothing of another's
		sps := byVNet[vn]
		var rs []route.Route
		switch {
		case prev != nil && carriedOver(sps, prevByVNet[vn], fresh) && len(dirty) == 0:
			rs = prev.vnet[vn]
		case prev != nil && carriedOver(sps, prevByVNet[vn], fresh):
			rs = spliceRoutes(prev.vnet[vn], dirty, r.programVNet(vn, sps, dirty))
		default:
			if compOf == nil {
				compOf = r.componentOfSpeaker()
			}
			if run := classedProgram(sps, compOf); run != nil {
				rs = r.programVNetClassed(vn, sps, run)
			} else {
				rs = r.programVNet(vn, sps, nil)
			}
		}
		if rs != nil {
			r.vnet[vn] = rs
		}
	}
}

// carriedOver reports whether a VNet's speakers (now and before, by id)
// are the same and all in components Update carried over.
func carriedOver(now, before []*Speaker, fresh map[string]bool) bool {
	if len(now) != len(before) {
		return false
	}
	for i, sp := range now {
		if sp.ID != before[i].ID || fresh[sp.ID] {
			return false
		}
	}
	return true
}

// programVNet derives the VirtualNetworkGateway routes vn's gateways and
// Route Server (sps, sorted by id) install (rule:system-routes.gateway-routes, rule:route-server.routes-shown-as-gateway), for the prefixes in
// only (all when only is nil): gateway-learned and static routes and the P2S
// pool (not the VNet's own ranges), Route Server routes from NVAs except
// those equal to or inside the VNet's address space (rule:route-server.no-vnet-prefix-injection) or a
// transit spoke's (vnetplay's choice: the docs speak of the VNet only). For one prefix
// an ExpressRoute route beats a VPN or NVA route (rule:expressroute.preferred-over-vpn, rule:route-server.routing-preference), then the
// shorter AS path wins; equal NVA paths are one route with every NVA as a
// next hop (ECMP, rule:route-server.as-path-and-ecmp). Routes are sorted by prefix, one per prefix; nil
// when none.
func (r *Result) programVNet(vn string, sps []*Speaker, only []netip.Prefix) []route.Route {
	lists := make([][]Best, len(sps))
	for i, sp := range sps {
		if !sp.Down {
			lists[i] = r.loc[sp.ID].entriesIn(only, bestPrefix)
		}
	}
	return r.programLists(vn, sps, lists)
}

// componentOfSpeaker maps each speaker id to its component in r.
func (r *Result) componentOfSpeaker() map[string]*component {
	m := make(map[string]*component, len(r.speakers))
	for _, c := range r.comps {
		for _, sp := range c.speakers {
			m[sp.ID] = c
		}
	}
	return m
}

// classedProgram returns the run by prefix classes whose expansion is the
// Loc-RIB of every up speaker of sps (one VNet's speakers), when a VNet's
// routes may be programmed per class from it (programVNetClassed): every
// up speaker of sps is in one component (compOf: by speaker id) whose
// tables are the expansion of its classed run, and none is Route Server
// (whose programming asks whether the prefix lies inside the VNet's or
// its transit spokes' ranges, a question the classes do not answer alike for every member:
// a prefix inside a range and one holding it both overlap the hub
// prefixes). Else nil.
func classedProgram(sps []*Speaker, compOf map[string]*component) *classedRun {
	var c *component
	for _, sp := range sps {
		if sp.Down {
			continue
		}
		if sp.Kind == RouteServer {
			return nil
		}
		o := compOf[sp.ID]
		if o == nil || o.classed == nil || (c != nil && o != c) {
			return nil
		}
		c = o
	}
	if c == nil {
		return nil
	}
	return c.classed
}

// programVNetClassed is programVNet(vn, sps, nil) when the Loc-RIBs of
// sps's up speakers are the expansion of run (classedProgram): what a
// prefix's route is depends on its speakers' best paths at it but for the
// prefix (programCandidate, bestCandidate), so the routes of the
// representatives, each repeated for every prefix of its class, are the
// VNet's routes (TestProgramClassedEqualsPerPrefix).
func (r *Result) programVNetClassed(vn string, sps []*Speaker, run *classedRun) []route.Route {
	lists := make([][]Best, len(sps))
	for i, sp := range sps {
		if !sp.Down {
			lists[i] = run.loc[sp.ID]
		}
	}
	reps := r.programLists(vn, sps, lists)
	if reps == nil {
		return nil
	}
	return expandList(run.pc, make([]int32, len(run.pc.reps)), reps, routePrefix, func(x *route.Route, p netip.Prefix) { x.Prefix = p })
}

// programLists is programVNet over lists[i], speaker sps[i]'s best paths
// (sorted by prefix; nil for a down speaker).
func (r *Result) programLists(vn string, sps []*Speaker, lists [][]Best) []route.Route {
	w := r.w
	pref := PreferExpressRoute
	hops := make([]netip.Addr, len(sps)) // each gateway's address, parsed once
	longest := 0
	for i, sp := range sps {
		if sp.Down {
			continue
		}
		if sp.Kind == RouteServer {
			pref = w.rsPref[sp.ID]
		}
		longest = max(longest, len(lists[i]))
		hops[i], _ = netip.ParseAddr(sp.Address)
	}
	var out []route.Route
	if longest > 0 {
		out = make([]route.Route, 0, longest) // most prefixes are in the longest list
	}
	var cands []programCand
	next := make([]int, len(sps))
	for {
		// The smallest prefix left, then its candidates speaker by speaker.
		var p netip.Prefix
		found := false
		for i, l := range lists {
			if next[i] < len(l) && (!found || comparePrefix(l[next[i]].Prefix, p) < 0) {
				p, found = l[next[i]].Prefix, true
			}
		}
		if !found {
			if len(out) == 0 {
				return nil
			}
			return out
		}
		cands = cands[:0]
		for i, l := range lists {
			for ; next[i] < len(l) && l[next[i]].Prefix == p; next[i]++ {
				if c, ok := r.programCandidate(vn, sps[i], hops[i], l[next[i]]); ok {
					cands = append(cands, c)
				}
			}
		}
		if c, ok := bestCandidate(cands, pref); ok {
			out = append(out, c.r)
		}
	}
}

// programCandidate is speaker sp's candidate for a route of VNet vn from
// its best path b, if it programs one; hop is sp's address, parsed (the
// zero address when it does not parse).
func (r *Result) programCandidate(vn string, sp *Speaker, hop netip.Addr, b Best) (programCand, bool) {
	w := r.w
	switch sp.Kind {
	case VpnGateway, ExpressRouteGateway:
		if (b.Local && !b.pool) || b.FromRS {
			return programCand{}, false
		}
		return programCand{r: route.Route{Prefix: b.Prefix, NextHop: route.VirtualNetworkGateway, NextHopIP: hop,
			Origin: route.Origin{Kind: route.FromGateway, ID: sp.ID, Name: b.Session}}, er: sp.Kind == ExpressRouteGateway, plen: len(b.ASPath), origin: b.Origin}, true
	case RouteServer:
		// Not equal to or inside the VNet's ranges (rule:route-server.no-vnet-prefix-injection)
		// nor, vnetplay's choice where the docs speak of the VNet only
		// (section W), its transit spokes' ranges, which Route Server
		// advertises as its own and injects into (rule:route-server.injection-scope):
		// hubPfx is both.
		if insideAny(b.Prefix, w.hubPfx[vn]) {
			return programCand{}, false
		}
		if !b.nva {
			// A gateway's path: the gateway programs it. If NVA paths tied
			// with it, say so (rule:route-server.routing-preference).
			if w.tiedWithNVA(b) {
				return programCand{r: route.Route{Prefix: b.Prefix, Origin: route.Origin{Kind: route.FromGateway, ID: sp.ID}}, plen: len(b.ASPath), origin: b.Origin, tieOnly: true}, true
			}
			return programCand{}, false
		}
		return programCand{r: route.Route{Prefix: b.Prefix, NextHop: route.VirtualNetworkGateway, Origin: route.Origin{Kind: route.FromGateway, ID: sp.ID, Name: b.Neighbor}}.
			WithNextHops(w.nvaHops(b)), plen: len(b.ASPath), origin: b.Origin}, true
	}
	return programCand{}, false
}

// tiedWithNVA reports whether an NVA's path tied with Route Server's best
// path b (Best.Tied names an NVA peer).
func (w *world) tiedWithNVA(b Best) bool {
	for _, n := range b.Tied {
		if sp, ok := w.speakers[n]; ok && sp.Kind == NVA {
			return true
		}
	}
	return false
}

// nvaHops is the next hops Route Server programs for its best path b: the
// address of the NVA it came from and, when other NVAs advertised the
// prefix with the same AS-path length, theirs too (rule:route-server.as-path-and-ecmp: all are
// programmed and the VM hosts spread flows by ECMP). Ties are what the
// best-path selection compares (weight, AS-path length, origin); the docs
// name only the AS-path length, and equal origin is the engine's choice,
// as in BGP multipath (section W: not documented). Paths of the same tie
// that are not from NVAs (a gateway's, with branch-to-branch) are not
// programmed by Route Server.
func (w *world) nvaHops(b Best) []netip.Addr {
	hops := make([]netip.Addr, 0, 1+len(b.Equal))
	for _, p := range append([]Path{b.Path}, b.Equal...) {
		if !p.nva {
			continue
		}
		if sp, ok := w.speakers[p.Neighbor]; ok {
			if a, err := netip.ParseAddr(sp.Address); err == nil {
				hops = append(hops, a)
			}
		}
	}
	return hops
}

// bestCandidate picks one prefix's route among its candidates (in speaker
// order), and false when none is a route (only tieOnly records):
// ExpressRoute first unless pref says otherwise, then the shorter AS path,
// then the lower origin (as Route Server's own selection compares them,
// comparePaths), then the speaker id. Equal NVA paths are already one
// candidate with several next hops (nvaHops, rule:route-server.as-path-and-ecmp); a VPN gateway's and Route
// Server's candidates with the same AS-path length are not merged into
// one ECMP route: rule:route-server.routing-preference orders VPN and NVA paths only by AS-path length
// and the docs do not say what Azure programs when those tie (section W),
// so the engine keeps its earlier choice, the first speaker by id (as
// Route Server's Loc-RIB orders them, tiebreakAt), and marks the route
// (route.Route.WithTie) so that its reason says so. A tieOnly candidate
// (Route Server chose a gateway's path over tied NVA paths) only marks the
// tie.
func bestCandidate(cs []programCand, pref Preference) (programCand, bool) {
	slices.SortStableFunc(cs, func(a, b programCand) int {
		if a.er != b.er && pref != PreferASPath {
			if a.er == (pref == PreferExpressRoute) {
				return -1
			}
			return 1
		}
		if a.plen != b.plen {
			return a.plen - b.plen
		}
		if a.origin != b.origin {
			return cmp.Compare(a.origin, b.origin)
		}
		return strings.Compare(a.r.Origin.ID, b.r.Origin.ID)
	})
	win := slices.IndexFunc(cs, func(c programCand) bool { return !c.tieOnly })
	if win < 0 {
		return programCand{}, false
	}
	w := cs[win]
	for i, c := range cs {
		if i != win && c.plen == w.plen && c.origin == w.origin && (c.er == w.er || pref == PreferASPath) {
			w.r = w.r.WithTie()
			break
		}
	}
	return w, true
}

func insideAny(p netip.Prefix, in []netip.Prefix) bool {
	for _, v := range in {
		if v.Bits() <= p.Bits() && v.Contains(p.Addr()) {
			return true
		}
	}
	return false
}

// VNetRoutes returns the VirtualNetworkGateway routes vnet's own gateways
// and Route Server program (spokes get them through dataplane's transit
// rule, rule:gateway-transit.spoke-advertised-on-premises). The slice is a copy.
func (r *Result) VNetRoutes(vnet string) []route.Route { return slices.Clone(r.vnet[vnet]) }

// VNetRoutesShared is VNetRoutes without the copy: the caller must not
// modify the slice.
func (r *Result) VNetRoutesShared(vnet string) []route.Route { return r.vnet[vnet] }

// SameVNetRoutes reports whether r holds prev's very list of vnet's
// routes (Update carried it over, or spliced nothing into it): then both
// program exactly the same routes into vnet. It is cheap and conservative:
// false says nothing (prev may be nil).
func (r *Result) SameVNetRoutes(prev *Result, vnet string) bool {
	if prev == nil {
		return false
	}
	a, b := prev.vnet[vnet], r.vnet[vnet]
	return len(a) == len(b) && (len(a) == 0 || &a[0] == &b[0])
}

// Session returns one session by id.
func (r *Result) Session(id string) (Session, bool) {
	if s := r.w.sessionOf(id); s != nil {
		return *s, true
	}
	return Session{}, false
}

// Speakers returns every speaker sorted by id.
func (r *Result) Speakers() []Speaker {
	out := make([]Speaker, len(r.speakers))
	for i, s := range r.speakers {
		out[i] = *s
	}
	return out
}

// Speaker returns one speaker.
func (r *Result) Speaker(id string) (Speaker, bool) {
	if s, ok := r.w.speakers[id]; ok {
		return *s, true
	}
	return Speaker{}, false
}

// Sessions returns every session sorted by id.
func (r *Result) Sessions() []Session {
	out := make([]Session, len(r.w.sessions))
	for i, s := range r.w.sessions {
		out[i] = *s
	}
	return out
}

// RIB returns a speaker's Loc-RIB (best path per prefix), sorted by prefix.
// A VPN gateway that shares its VNet with an ExpressRoute gateway holds that
// gateway's ExpressRoute paths too, with weight 32769, and prefers them
// (rule:expressroute.failover-to-vpn); it neither advertises them
// (rule:expressroute.no-vpn-transit-without-route-server; Neighbors shows
// what it advertises) nor forwards on them (Lookup).
func (r *Result) RIB(id string) []Best {
	if bests := r.shownRIB(id); bests != nil {
		return bests
	}
	return slices.Clone(r.loc[id].flat())
}

// Neighbor is one session seen from a speaker, with what was advertised to
// and received from the other end.
type Neighbor struct {
	Session    Session `json:"session"`
	Peer       string  `json:"peer"`
	PeerASN    uint32  `json:"peerAsn"`
	PeerAddr   string  `json:"peerAddress"`
	Advertised []Path  `json:"advertised"`
	Received   []Path  `json:"received"`
}

// Neighbors returns speaker id's sessions with their advertised routes (as
// the speaker's Loc-RIB shows them, like "show ip bgp neighbors X
// advertised-routes"; for a VPN gateway next to an ExpressRoute gateway,
// the path it advertises for a prefix is its best one but for the
// ExpressRoute paths RIB adds, which it does not advertise,
// rule:expressroute.no-vpn-transit-without-route-server) and received
// routes (as received, after the loop check), sorted by session id.
func (r *Result) Neighbors(id string) []Neighbor {
	var out []Neighbor
	for _, s := range r.w.sessions {
		if s.A != id && s.B != id {
			continue
		}
		peer := s.Peer(id)
		n := Neighbor{Session: *s, Peer: peer, PeerAddr: r.w.addr(s, peer), Advertised: slices.Clone(r.adjOut[id][s.ID].flat()), Received: slices.Clone(r.adjIn[id][s.ID].flat())}
		if p, ok := r.w.speakers[peer]; ok {
			n.PeerASN = p.ASN
		}
		out = append(out, n)
	}
	return out
}

// Lookup returns the speaker's best path for a by longest-prefix match: a
// binary search of the sorted Loc-RIB for each prefix length it holds,
// longest first (IPv4; lookupLinear is its oracle, and the fallback for a
// Loc-RIB the index does not cover). It is the path the speaker forwards
// on: a VPN gateway's ExpressRoute paths (RIB, rule:expressroute.failover-to-vpn)
// are not among them, as it carries no traffic between VPN and ExpressRoute
// without Route Server (rule:expressroute.no-vpn-transit-without-route-server);
// traffic for those prefixes follows GatewaySubnet's routes to the
// ExpressRoute gateway.
func (r *Result) Lookup(id string, a netip.Addr) (Best, bool) {
	ix, ok := r.locIx[id]
	if !ok || !ix.ok || !a.Is4() {
		return r.lookupLinear(id, a)
	}
	bests := r.loc[id]
	for _, n := range ix.lens {
		p, _ := a.Prefix(int(n))
		if b, found := bestAt(bests, p); found {
			return b, true
		}
	}
	return Best{}, false
}

// bestAt is the entry of bests at p, if any. A Loc-RIB kept by classes
// is not expanded for it unless the entry has equal paths (whose copy per
// prefix would allocate at every call): that one is read from the
// expansion, made once.
func bestAt(bests chunked[Best], p netip.Prefix) (Best, bool) {
	if bests.lazy != nil {
		b, exact, ok := bests.lazy.rep(p)
		if !ok {
			return Best{}, false
		}
		if exact || len(b.Equal) == 0 {
			x := *b
			x.Prefix = p
			return x, true
		}
	}
	if b, ok := bests.search(p, bestPrefix); ok {
		return *b, true
	}
	return Best{}, false
}

// searchPrefix is slices.BinarySearchFunc for p over xs (sorted by
// prefix), reading each entry's prefix in place: a comparison function
// taking T copies the whole entry (a Best, a Path) at every step.
func searchPrefix[T any](xs []T, p netip.Prefix, prefix func(*T) netip.Prefix) (int, bool) {
	lo, hi := 0, len(xs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if comparePrefix(prefix(&xs[m]), p) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(xs) && prefix(&xs[lo]) == p
}

// locIndex is what Lookup needs of one speaker's Loc-RIB besides the
// Loc-RIB itself (sorted by prefix, one entry per prefix): the prefix
// lengths it holds, longest first. ok is false when a prefix is not IPv4
// or not masked (Lookup then scans). parts is the summary of each chunk
// of the Loc-RIB it indexes, so that the next result's index reads again
// only the chunks its splice wrote (indexLocRIBs).
type locIndex struct {
	lens  []uint8
	ok    bool
	parts []partLens
}

// partLens summarizes one chunk of a Loc-RIB: the chunk (by its first
// entry and length) and the prefix lengths it holds, bit n for length n
// and bit notIPv4 for an entry that is not a masked IPv4 prefix.
type partLens struct {
	first *Best
	n     int
	mask  uint64
}

// notIPv4 is partLens.mask's bit for an entry Lookup's index cannot
// cover.
const notIPv4 = 40

// indexLocRIBs builds every speaker's locIndex: prev's when the speaker's
// Loc-RIB is the same version, else from its chunks' summaries, taking
// prev's summary of a chunk that is at the same place in both versions.
func (r *Result) indexLocRIBs(prev *Result) {
	r.locIx = make(map[string]locIndex, len(r.loc))
	for id, bests := range r.loc {
		var was []partLens
		if prev != nil {
			ix, ok := prev.locIx[id]
			if ok && sameChunked(prev.loc[id], bests) {
				r.locIx[id] = ix
				continue
			}
			was = ix.parts
		}
		r.locIx[id] = newLocIndex(bests, was)
	}
}

// newLocIndex indexes bests; was is the chunk summaries of another
// version of it (or nil): a chunk of bests at the same place and the
// same as one of was takes its summary. A Loc-RIB kept by classes is
// indexed from its classes' masks (no chunk summaries), unexpanded.
func newLocIndex(bests chunked[Best], was []partLens) locIndex {
	var ix locIndex
	var all uint64
	if bests.lazy != nil {
		all = bests.lazy.lens()
	} else {
		ix.parts = make([]partLens, len(bests.parts))
	}
	for k := range ix.parts {
		part := bests.parts[k]
		if k < len(was) && was[k].first == &part[0] && was[k].n == len(part) {
			ix.parts[k] = was[k]
		} else {
			ix.parts[k] = partLens{first: &part[0], n: len(part), mask: lensOf(part)}
		}
		all |= ix.parts[k].mask
	}
	ix.ok = all&(1<<notIPv4) == 0
	if !ix.ok {
		return ix
	}
	for n := 32; n >= 0; n-- {
		if all&(1<<n) != 0 {
			ix.lens = append(ix.lens, uint8(n))
		}
	}
	return ix
}

// lensOf is the partLens mask of a chunk.
func lensOf(part []Best) uint64 {
	var m uint64
	for i := range part {
		m |= lenBit(part[i].Prefix)
	}
	return m
}

// lenBit is p's bit of a partLens mask: bit p.Bits(), or notIPv4 when p
// is not a masked IPv4 prefix.
func lenBit(p netip.Prefix) uint64 {
	if !p.Addr().Is4() || p.Masked() != p {
		return 1 << notIPv4
	}
	return 1 << p.Bits()
}

func (r *Result) lookupLinear(id string, a netip.Addr) (Best, bool) {
	var best Best
	found := false
	for b := range r.loc[id].all() {
		if b.Prefix.Contains(a) && (!found || b.Prefix.Bits() > best.Prefix.Bits()) {
			best, found = *b, true
		}
	}
	return best, found
}

// Spokes returns the VNets using hub's gateway or Route Server (rule:gateway-transit.spoke-advertised-on-premises, rule:route-server.injection-scope).
func (r *Result) Spokes(hub string) []string { return slices.Clone(r.w.transit[hub]) }

// Serves reports whether spoke uses hub's gateway or Route Server: whether
// Spokes(hub) contains spoke, without copying the list.
func (r *Result) Serves(hub, spoke string) bool {
	_, ok := slices.BinarySearch(r.w.transit[hub], spoke)
	return ok
}

// HubPrefixes returns hub's ranges plus its transit spokes' ranges: what its
// gateways advertise as their own (rule:gateway-transit.spoke-advertised-on-premises, rule:bgp.what-gateway-advertises).
func (r *Result) HubPrefixes(hub string) []netip.Prefix { return slices.Clone(r.w.hubPfx[hub]) }
