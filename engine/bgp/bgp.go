package bgp

import (
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// Result is the converged (or capped) control plane of one design.
type Result struct {
	speakers []*Speaker
	sessions []*Session
	byID     map[string]*Speaker
	loc      map[string][]Best
	adjIn    map[string]map[string][]Path // receiver → session → paths
	adjOut   map[string]map[string][]Path // sender → session → paths as in the sender's Loc-RIB
	vnet     map[string][]route.Route
	transit  map[string][]string
	hubPfx   map[string][]netip.Prefix
	hubSet   map[string]*prefixSet // hubPfx indexed
	// locMemo keeps each speaker's last Loc-RIB with the inputs it was
	// computed from, so a fixed-point round recomputes only the speakers
	// whose Adj-RIBs-In or session states changed.
	locMemo map[string]locInput
	// expMemo keeps, per session direction, what exports derived from the
	// sender's Loc-RIB last time: the same Loc-RIB (reused by locMemo)
	// gives the same Adj-RIB-Out and Adj-RIB-In.
	expMemo  map[[2]string]expOutput
	locIx    map[string]*locIndex // final Loc-RIBs indexed for Lookup
	preferER map[string]bool      // sites that prefer ExpressRoute (F149)
	// Diagnostics are findings of the computation (prefix limits, sessions
	// that cannot come up, non-convergence), sorted by path then code.
	Diagnostics []model.Diagnostic
	// Rounds is how many rounds ran; Converged is false when MaxRounds was hit.
	Rounds    int
	Converged bool
}

// Compute runs the control plane of t with the given components failed. It
// never mutates t, never panics on any input, and always terminates
// (MaxRounds).
func Compute(t *model.Topology, failures []model.Failure) *Result {
	return compute(t, failures, MaxRounds)
}

func compute(t *model.Topology, failures []model.Failure, maxRounds int) *Result {
	w := newWorld(t, failures)
	w.build()
	r := &Result{byID: w.speakers, adjIn: map[string]map[string][]Path{}, transit: w.transit, hubPfx: map[string][]netip.Prefix{}, preferER: map[string]bool{}}
	for id, s := range w.sites {
		r.preferER[id] = s.PreferExpressRoute
	}
	for _, id := range sortedKeys(w.speakers) {
		r.speakers = append(r.speakers, w.speakers[id])
	}
	r.sessions = w.sessions
	for _, v := range sortedKeys(w.vnets) {
		r.hubPfx[v] = w.hubPrefixes(v)
	}
	r.hubSet = map[string]*prefixSet{}
	for v, ps := range r.hubPfx {
		r.hubSet[v] = newPrefixSet(ps)
	}
	for round := 1; round <= maxRounds; round++ {
		r.Rounds = round
		r.loc = r.locRIBs(w)
		out, in := r.exports()
		changed := !sameIn(r.adjIn, in)
		for _, s := range r.sessions {
			for _, end := range [2]string{s.A, s.B} {
				limit := s.limitAtA
				if end == s.B {
					limit = s.limitAtB
				}
				if n := len(in[end][s.ID]); s.Up && limit > 0 && n > limit {
					s.Up, s.Tunnels = false, 0
					s.Why = errorf("%s received %d prefixes, over its limit of %d: session dropped (F108, F139, F167)", end, n, limit)
					w.diag(model.Error, "bgp.prefix-limit", "sessions["+s.ID+"]", "%s", s.Why)
					delete(in[s.A], s.ID)
					delete(in[s.B], s.ID)
					changed = true
				}
			}
		}
		r.adjIn, r.adjOut = in, out
		if !changed {
			r.Converged = true
			break
		}
	}
	if !r.Converged {
		w.diag(model.Error, "bgp.not-converged", "topology", "BGP did not converge within %d rounds; the tables shown are the last round's", maxRounds)
	}
	r.loc = r.locRIBs(w)
	r.indexLocRIBs()
	r.vnet = r.program(w)
	for _, s := range r.sessions {
		if s.Kind == SessER && len(r.adjOut[s.A][s.ID]) > ERAdvertiseLimit {
			w.diag(model.Warning, "bgp.er-advertise-limit", "sessions["+s.ID+"]",
				"ExpressRoute gateway %s advertises %d routes; the limit toward on-premises is %d (F140)", s.A, len(r.adjOut[s.A][s.ID]), ERAdvertiseLimit)
		}
	}
	slices.SortStableFunc(w.diags, func(a, b model.Diagnostic) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return strings.Compare(a.Code, b.Code)
	})
	r.Diagnostics = slices.Compact(w.diags)
	return r
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

// preference is how speaker sp ranks ExpressRoute paths: gateways prefer
// them (F149, F150); Route Server follows its hubRoutingPreference (F164).
func (r *Result) preference(w *world, sp *Speaker) Preference {
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

// locRIBs computes every speaker's best paths from the current Adj-RIBs-In,
// its originated routes and the statics of its up sessions. A speaker whose
// inputs equal those of its memoised Loc-RIB keeps it.
func (r *Result) locRIBs(w *world) map[string][]Best {
	loc := map[string][]Best{}
	if r.locMemo == nil {
		r.locMemo = map[string]locInput{}
	}
	for _, sp := range r.speakers {
		if sp.Down {
			continue
		}
		var state []byte
		for _, s := range r.sessions {
			if s.A != sp.ID && s.B != sp.ID {
				continue
			}
			used := byte(1)
			if !s.Up && !(s.keepStatics && !s.BGP && sp.ID == s.A) {
				used = 0
			}
			state = append(state, used)
		}
		if m, ok := r.locMemo[sp.ID]; ok && slices.Equal(m.state, state) && sameAdjIn(m.in, r.adjIn[sp.ID]) {
			loc[sp.ID] = m.bests
			continue
		}
		cands := make(map[netip.Prefix][]Path, len(w.local[sp.ID])+len(r.loc[sp.ID]))
		for _, p := range w.local[sp.ID] {
			cands[p.Prefix] = append(cands[p.Prefix], p)
		}
		for _, s := range r.sessions {
			if s.A != sp.ID && s.B != sp.ID {
				continue
			}
			if !s.Up && !(s.keepStatics && !s.BGP && sp.ID == s.A) {
				continue
			}
			statics, exp, peer := s.staticAtA, s.staticExportA, s.B
			if sp.ID == s.B {
				statics, exp, peer = s.staticAtB, false, s.A
			}
			for _, pr := range statics {
				cands[pr] = append(cands[pr], Path{Prefix: pr, Static: true, Weight: 32768, Neighbor: peer, Session: s.ID, NextHop: r.addr(s, peer), lng: exp})
			}
			for _, p := range r.adjIn[sp.ID][s.ID] {
				cands[p.Prefix] = append(cands[p.Prefix], p)
			}
		}
		var bests []Best // nil when empty, as RIB callers see it
		if len(cands) > 0 {
			bests = make([]Best, 0, len(cands))
		}
		for _, pr := range sortedPrefixes(cands) {
			bests = append(bests, selectBest(cands[pr], r.preference(w, sp)))
		}
		loc[sp.ID] = bests
		r.locMemo[sp.ID] = locInput{in: r.adjIn[sp.ID], state: state, bests: bests}
	}
	return loc
}

func sortedPrefixes[V any](m map[netip.Prefix]V) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(m))
	for p := range m {
		out = append(out, p)
	}
	slices.SortFunc(out, comparePrefix)
	return out
}

// addr is speaker id's address on session s.
func (r *Result) addr(s *Session, id string) string {
	if id == s.A && s.addrA != "" {
		return s.addrA
	}
	if id == s.B && s.addrB != "" {
		return s.addrB
	}
	if sp, ok := r.byID[id]; ok && sp.Address != "" {
		return sp.Address
	}
	return id
}

func (r *Result) sessionOf(id string) *Session {
	for _, s := range r.sessions {
		if s.ID == id {
			return s
		}
	}
	return nil
}

// exports computes every Adj-RIB-Out (as the sender's Loc-RIB shows the
// route) and the receivers' Adj-RIBs-In (after prepending, private-AS
// stripping and the receiver's loop check).
func (r *Result) exports() (out, in map[string]map[string][]Path) {
	out, in = map[string]map[string][]Path{}, map[string]map[string][]Path{}
	for _, s := range r.sessions {
		if !s.Up || !s.BGP {
			continue
		}
		for _, dir := range [2][2]string{{s.A, s.B}, {s.B, s.A}} {
			from, to := r.byID[dir[0]], r.byID[dir[1]]
			if from == nil || to == nil || from.Down || to.Down {
				continue
			}
			if (!from.BGP || !to.BGP) && s.Kind != SessRSGateway {
				continue // F163: a VPN gateway exchanges routes with Route Server even without enableBgp
			}
			filter := s.filterFromA
			weight := s.weightAtB
			if from.ID == s.B {
				filter, weight = s.filterFromB, s.weightAtA
			}
			if r.expMemo == nil {
				r.expMemo = map[[2]string]expOutput{}
			}
			key := [2]string{s.ID, from.ID}
			if m, ok := r.expMemo[key]; ok && sameSlice(m.loc, r.loc[from.ID]) {
				if m.out != nil {
					if out[from.ID] == nil {
						out[from.ID] = map[string][]Path{}
					}
					out[from.ID][s.ID] = m.out
				}
				if m.in != nil {
					if in[to.ID] == nil {
						in[to.ID] = map[string][]Path{}
					}
					in[to.ID][s.ID] = m.in
				}
				continue
			}
			sentAll, recvAll := r.exportSession(from, to, s, filter, weight)
			if sentAll != nil {
				if out[from.ID] == nil {
					out[from.ID] = map[string][]Path{}
				}
				out[from.ID][s.ID] = sentAll
			}
			if recvAll != nil {
				if in[to.ID] == nil {
					in[to.ID] = map[string][]Path{}
				}
				in[to.ID][s.ID] = recvAll
			}
			r.expMemo[key] = expOutput{loc: r.loc[from.ID], out: out[from.ID][s.ID], in: in[to.ID][s.ID]}
		}
	}
	return out, in
}

// exportSession runs from's Loc-RIB through session s towards to: the
// paths from advertises (out) and those to accepts (in), each nil when
// none. Both are sized for the whole Loc-RIB up front (most of it is
// usually exported): no regrowth of large slices.
func (r *Result) exportSession(from, to *Speaker, s *Session, filter []netip.Prefix, weight int) (out, in []Path) {
	loc := r.loc[from.ID]
	for _, b := range loc {
		sent, ok := r.export(from, to, s, b.Path)
		if !ok || (filter != nil && !slices.Contains(filter, b.Prefix)) {
			continue
		}
		if out == nil {
			out = make([]Path, 0, len(loc))
		}
		out = append(out, b.Path)
		recv, ok := r.receive(from, to, s, sent, weight)
		if !ok {
			continue
		}
		if in == nil {
			in = make([]Path, 0, len(loc))
		}
		in = append(in, recv)
	}
	return out, in
}

func (r *Result) overlapsHub(vnet string, p netip.Prefix) bool {
	s, ok := r.hubSet[vnet]
	return ok && s.overlaps(p)
}

// export applies the sender's policy (who re-advertises what, by speaker
// kind) and returns the path as sent.
func (r *Result) export(from, _ *Speaker, s *Session, p Path) (Path, bool) {
	if p.Session == s.ID || (p.NoAdvertise && !p.Local) {
		return p, false // split horizon; a received NO_ADVERTISE route goes no further (F166)
	}
	if p.Static && !p.lng {
		return p, false
	}
	learnedFrom := r.sessionOf(p.Session)
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
		// F107, F110: never the default route, never a route overlapping
		// the VNet (or its transit spokes).
		if !p.Local && !p.lng && (p.Prefix.Bits() == 0 || r.overlapsHub(from.VNet, p.Prefix)) {
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
		// F142, F151: the gateway advertises its VNet ranges and transit
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
			if learnedFrom == nil || learnedFrom.Kind == SessGlobalReach {
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
	sent.ASPath = slices.Clone(p.ASPath)
	if prepend {
		sent.ASPath = append([]uint32{from.ASN}, sent.ASPath...)
	}
	if from.Kind == MSEE && s.Kind == SessPeering {
		// F143: private ASNs are stripped toward on-premises.
		sent.ASPath = slices.DeleteFunc(sent.ASPath, isPrivateASN)
	}
	if from.Kind == MSEE && s.Kind == SessER && learnedFrom != nil && learnedFrom.Kind == SessER {
		// F144: VNets linked to one circuit reach each other through the
		// MSEEs by default (hairpin); the gateways' 65515 is not kept.
		sent.ASPath = slices.DeleteFunc(sent.ASPath, isPrivateASN)
	}
	if !internal {
		sent.ViaER = false
	}
	return sent, true
}

// receive applies the receiver's import: loop prevention, weight, flags.
func (r *Result) receive(from, to *Speaker, s *Session, p Path, weight int) (Path, bool) {
	internal := s.Kind == SessRSGateway || s.Kind == SessGlobalReach
	if !internal && slices.Contains(p.ASPath, to.ASN) {
		return p, false
	}
	if !internal && (to.Kind == VpnGateway || to.Kind == ExpressRouteGateway) && r.hubSet[to.VNet] != nil && r.hubSet[to.VNet].has(p.Prefix) {
		return p, false // F78: the exact VNet or transit-spoke prefix is filtered; a supernet is accepted
	}
	q := Path{Prefix: p.Prefix, ASPath: p.ASPath, Origin: p.Origin, Neighbor: from.ID, Session: s.ID,
		NextHop: r.addr(s, from.ID), Weight: weight, ViaER: p.ViaER, NoAdvertise: p.NoAdvertise}
	if to.Kind == ExpressRouteGateway && from.Kind == MSEE {
		q.ViaER = true
	}
	if to.Kind == SiteRouter && from.Kind == MSEE && r.preferER[to.ID] {
		q.Weight = SitePreferERWeight // F149: on-premises prefers ExpressRoute
	}
	if s.Kind == SessRSGateway && from.Kind == RouteServer {
		q.FromRS = true
	}
	if to.Kind == RouteServer && from.Kind == NVA {
		q.nva = true
	}
	return q, true
}

// program derives, per VNet, the VirtualNetworkGateway routes its gateways
// and Route Server install (F19, F173): gateway-learned and static routes
// and the P2S pool (not the VNet's own ranges), Route Server routes from NVAs
// except those equal to or inside the VNet's address space (F160). For one
// prefix an ExpressRoute route beats a VPN or NVA route (F149, F164), then
// the shorter AS path wins; equal ones are ECMP (F161).
func (r *Result) program(w *world) map[string][]route.Route {
	type cand struct {
		r     route.Route
		er    bool
		plen  int
		multi []string
	}
	out := map[string][]route.Route{}
	for _, vn := range sortedKeys(w.vnets) {
		cands := map[netip.Prefix][]cand{}
		for _, sp := range r.speakers {
			if sp.VNet != vn || sp.Down {
				continue
			}
			for _, b := range r.loc[sp.ID] {
				var c cand
				switch sp.Kind {
				case VpnGateway, ExpressRouteGateway:
					if (b.Local && !b.pool) || b.FromRS {
						continue
					}
					hop, _ := netip.ParseAddr(sp.Address)
					c = cand{r: route.Route{Prefix: b.Prefix, NextHop: route.VirtualNetworkGateway, NextHopIP: hop,
						Origin: route.Origin{Kind: route.FromGateway, ID: sp.ID, Name: b.Session}}, er: sp.Kind == ExpressRouteGateway, plen: len(b.ASPath)}
				case RouteServer:
					if !b.nva || insideAny(b.Prefix, w.vnets[vn]) {
						continue
					}
					hop, _ := netip.ParseAddr(r.byID[b.Neighbor].Address)
					c = cand{r: route.Route{Prefix: b.Prefix, NextHop: route.VirtualNetworkGateway, NextHopIP: hop,
						Origin: route.Origin{Kind: route.FromGateway, ID: sp.ID, Name: b.Neighbor}}, plen: len(b.ASPath), multi: b.Multipath}
				default:
					continue
				}
				cands[b.Prefix] = append(cands[b.Prefix], c)
			}
		}
		pref := PreferExpressRoute
		for _, sp := range r.speakers {
			if sp.VNet == vn && sp.Kind == RouteServer && !sp.Down {
				pref = w.rsPref[sp.ID]
			}
		}
		for _, pr := range sortedPrefixes(cands) {
			cs := cands[pr]
			slices.SortStableFunc(cs, func(a, b cand) int {
				if a.er != b.er && pref != PreferASPath {
					if a.er == (pref == PreferExpressRoute) {
						return -1
					}
					return 1
				}
				if a.plen != b.plen {
					return a.plen - b.plen
				}
				return strings.Compare(a.r.Origin.ID, b.r.Origin.ID)
			})
			out[vn] = append(out[vn], cs[0].r)
		}
	}
	return out
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
// rule, F75). The slice is a copy.
func (r *Result) VNetRoutes(vnet string) []route.Route { return slices.Clone(r.vnet[vnet]) }

// Session returns one session by id.
func (r *Result) Session(id string) (Session, bool) {
	if s := r.sessionOf(id); s != nil {
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
	if s, ok := r.byID[id]; ok {
		return *s, true
	}
	return Speaker{}, false
}

// Sessions returns every session sorted by id.
func (r *Result) Sessions() []Session {
	out := make([]Session, len(r.sessions))
	for i, s := range r.sessions {
		out[i] = *s
	}
	return out
}

// RIB returns a speaker's Loc-RIB (best path per prefix), sorted by prefix.
func (r *Result) RIB(id string) []Best { return slices.Clone(r.loc[id]) }

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
// advertised-routes") and received routes (as received, after the loop
// check), sorted by session id.
func (r *Result) Neighbors(id string) []Neighbor {
	var out []Neighbor
	for _, s := range r.sessions {
		if s.A != id && s.B != id {
			continue
		}
		peer := s.Peer(id)
		n := Neighbor{Session: *s, Peer: peer, PeerAddr: r.addr(s, peer), Advertised: slices.Clone(r.adjOut[id][s.ID]), Received: slices.Clone(r.adjIn[id][s.ID])}
		if p, ok := r.byID[peer]; ok {
			n.PeerASN = p.ASN
		}
		out = append(out, n)
	}
	return out
}

// Lookup returns the speaker's best path for a by longest-prefix match. It
// uses the per-speaker index compute builds (IPv4); lookupLinear is its
// oracle.
func (r *Result) Lookup(id string, a netip.Addr) (Best, bool) {
	ix, ok := r.locIx[id]
	if !ok || !a.Is4() {
		return r.lookupLinear(id, a)
	}
	k := u32(a)
	for _, b := range ix.lens {
		if i, ok := ix.byLen[b][k&mask(b)]; ok {
			return r.loc[id][i], true
		}
	}
	return Best{}, false
}

// locIndex indexes one speaker's IPv4 Loc-RIB by prefix length.
type locIndex struct {
	lens  []int // longest first
	byLen [33]map[uint32]int32
}

// indexLocRIBs builds every speaker's locIndex. A speaker with an IPv6 path
// gets none (Lookup falls back to the scan).
func (r *Result) indexLocRIBs() {
	r.locIx = map[string]*locIndex{}
	for id, bests := range r.loc {
		ix := &locIndex{}
		ok := true
		for i, b := range bests {
			if !b.Prefix.Addr().Is4() {
				ok = false
				break
			}
			m := b.Prefix.Masked()
			n := m.Bits()
			if ix.byLen[n] == nil {
				ix.byLen[n] = map[uint32]int32{}
				ix.lens = append(ix.lens, n)
			}
			if _, dup := ix.byLen[n][u32(m.Addr())]; !dup {
				ix.byLen[n][u32(m.Addr())] = int32(i)
			}
		}
		if ok {
			slices.SortFunc(ix.lens, func(a, b int) int { return b - a })
			r.locIx[id] = ix
		}
	}
}

func (r *Result) lookupLinear(id string, a netip.Addr) (Best, bool) {
	var best Best
	found := false
	for _, b := range r.loc[id] {
		if b.Prefix.Contains(a) && (!found || b.Prefix.Bits() > best.Prefix.Bits()) {
			best, found = b, true
		}
	}
	return best, found
}

// Spokes returns the VNets using hub's gateway or Route Server (F75, F159).
func (r *Result) Spokes(hub string) []string { return slices.Clone(r.transit[hub]) }

// Serves reports whether spoke uses hub's gateway or Route Server: whether
// Spokes(hub) contains spoke, without copying the list.
func (r *Result) Serves(hub, spoke string) bool {
	_, ok := slices.BinarySearch(r.transit[hub], spoke)
	return ok
}

// HubPrefixes returns hub's ranges plus its transit spokes' ranges: what its
// gateways advertise as their own (F75, F107).
func (r *Result) HubPrefixes(hub string) []netip.Prefix { return slices.Clone(r.hubPfx[hub]) }
