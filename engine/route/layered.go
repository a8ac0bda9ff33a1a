package route

import (
	"net/netip"
	"slices"
	"sync"
)

// Layer is a shared, selected and indexed set of routes: the gateway (BGP)
// routes one set of virtual network gateways programs into every subnet
// that uses them (NewLayer), or routes that are not gateway routes
// (NewOwnLayer): the system routes subnets alike share, or the user routes
// of one route table, shared by every subnet associated with it. Combine
// layers into a subnet's table with NewStackedTable (or NewLayeredTable).
// A Layer is immutable.
type Layer struct {
	cands []Route
	// asGateway: cands are a caller's list, shared and read as if every
	// route had Source Gateway (NewGatewayLayer).
	asGateway bool
	t         *Table
	// steer indexes the routes among cands that beat more-specific BGP
	// routes (rule:route-selection.system-beats-more-specific-bgp); empty for gateway layers.
	steer steerIndex
}

// NewLayer selects and indexes gateway routes. Every candidate must have
// Source Gateway (NewLayer sets it).
func NewLayer(cands []Route) *Layer {
	cs := slices.Clone(cands)
	for i := range cs {
		cs[i].Source = Gateway
	}
	return &Layer{cands: cs, t: NewTable(cs)}
}

// NewLayerOwned is NewLayer(cands) without copying cands: the layer keeps
// them (setting their Source to Gateway), so the caller must not use them
// afterwards. When prev (a layer, or nil) selected routes of exactly the
// same prefixes and states, in order (sameIndexed: the index reads nothing
// else of them), the new layer shares prev's index instead of building
// one: a BGP change that moves a gateway's routes to another next hop
// re-indexes nothing.
func NewLayerOwned(prev *Layer, cands []Route) *Layer {
	for i := range cands {
		cands[i].Source = Gateway
	}
	return &Layer{cands: cands, t: ownedIndex(prev, Select(cands))}
}

// NewGatewayLayer is NewLayerOwned(prev, cands with Source Gateway) for a
// list the caller keeps and never modifies (a BGP result's routes of one
// VNet, shared between planes): the layer reads the routes as if each had
// Source Gateway, without copying the list or writing to it. Every
// prefix must be valid.
func NewGatewayLayer(prev *Layer, cands []Route) *Layer {
	out := make([]Effective, len(cands))
	for i, r := range cands {
		r.Prefix, r.Source = r.Prefix.Masked(), Gateway
		out[i] = Effective{Route: r}
	}
	return &Layer{cands: cands, asGateway: true, t: ownedIndex(prev, selectCopied(out))}
}

// ownedIndex is a Table of routes (selected) that shares prev's index when
// its routes index alike (sameIndexed), else indexes them.
func ownedIndex(prev *Layer, routes []Effective) *Table {
	if prev != nil && sameIndexed(prev.t.routes, routes) {
		t := &Table{routes: routes}
		t.index.share(&prev.t.index)
		return t
	}
	t := newIndexedTable(routes)
	t.index.build(t.routes)
	return t
}

// sameIndexed reports whether lpmIndex.build would index a and b alike:
// the same prefix, and Active or not, at every position.
func sameIndexed(a, b []Effective) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Prefix != b[i].Prefix || (a[i].State == Active) != (b[i].State == Active) {
			return false
		}
	}
	return true
}

// NewOwnLayer selects and indexes routes that are not gateway routes (none
// may have Source Gateway): a subnet's system routes, or a route table's
// user routes. Selection inside one layer is final except for the prefixes
// another layer of the same table also holds, which NewStackedTable
// decides again.
func NewOwnLayer(cands []Route) *Layer {
	cs := slices.Clone(cands)
	return &Layer{cands: cs, t: NewTable(cs), steer: newSteerIndex(cs)}
}

// Len is the number of candidate routes in the layer.
func (l *Layer) Len() int {
	if l == nil {
		return 0
	}
	return len(l.cands)
}

// Same reports whether l was built from exactly cands (in order), so that
// a caller may reuse l instead of building an equal layer. Gateway layers
// compare with the Source NewLayer set.
func (l *Layer) Same(cands []Route) bool {
	if l == nil || !l.asGateway {
		return l != nil && slices.Equal(l.cands, cands)
	}
	return slices.EqualFunc(l.cands, cands, func(a, b Route) bool {
		a.Source = Gateway
		return a == b
	})
}

// SameAsGateway reports whether l was built from exactly cands (in
// order) read with Source Gateway, as NewGatewayLayer reads them: a
// caller may then reuse l instead of building an equal gateway layer.
func (l *Layer) SameAsGateway(cands []Route) bool {
	if l == nil || len(l.cands) != len(cands) {
		return false
	}
	for i := range cands {
		a, b := l.cands[i], cands[i]
		a.Source, b.Source = Gateway, Gateway
		if a != b {
			return false
		}
	}
	return true
}

// layered is the part of a Table built by NewStackedTable.
type layered struct {
	// sys and user are the table's own routes (no gateway routes), each
	// selected and indexed alone; user may be nil. gw is the gateway
	// layer, or nil.
	sys, user, gw *Layer
	// ties are the prefixes present in both sys and user, in display
	// order, with the Active route of their merged group; tieAt maps each
	// position in sys's routes to its prefix's tie, or -1.
	ties  []tie
	tieAt []int32
	once  sync.Once
	all   []Effective // Select(sys ∪ user ∪ gw), built on first Routes/All
}

// tie is the decision for a prefix present in two own layers.
type tie struct {
	p netip.Prefix
	e Effective
}

// steerIndex indexes the system routes that beat more-specific BGP routes
// (rule:route-selection.system-beats-more-specific-bgp): VNet ranges, peered ranges, service endpoints.
type steerIndex struct {
	lens4 []int // ascending
	set4  []map[uint32]bool
	v6    []netip.Prefix
}

// shortest returns the length of the shortest steering prefix that contains
// (or equals) p; ok is false when none does. p is then inside a steering
// prefix exactly as Select's insideAny decides.
func (s *steerIndex) shortest(p netip.Prefix) (bits int, ok bool) {
	if p.Addr().Is4() {
		a := addr4(p.Addr())
		for _, b := range s.lens4 {
			if b > p.Bits() {
				break
			}
			if s.set4[b][a&mask4(b)] {
				return b, true
			}
		}
		return 0, false
	}
	bits = -1
	for _, sp := range s.v6 {
		if sp.Bits() <= p.Bits() && sp.Contains(p.Addr()) && (bits < 0 || sp.Bits() < bits) {
			bits = sp.Bits()
		}
	}
	return bits, bits >= 0
}

// newSteerIndex indexes the steering routes among own.
func newSteerIndex(own []Route) (s steerIndex) {
	for _, r := range own {
		if r.Source != Default || !steersOverBGP(r.Origin.Kind) || !r.Prefix.IsValid() {
			continue
		}
		p := r.Prefix.Masked()
		if !p.Addr().Is4() {
			s.v6 = append(s.v6, p)
			continue
		}
		if s.set4 == nil {
			s.set4 = make([]map[uint32]bool, 33)
		}
		b := p.Bits()
		if s.set4[b] == nil {
			s.set4[b] = map[uint32]bool{}
			s.lens4 = append(s.lens4, b)
		}
		s.set4[b][addr4(p.Addr())] = true
	}
	slices.Sort(s.lens4)
	return s
}

// NewLayeredTable returns the table NewTable(own ∪ gw's candidates) would
// return, without copying gw: it is NewStackedTable(NewOwnLayer(own), nil,
// gw). own must hold no Gateway routes.
func NewLayeredTable(own []Route, gw *Layer) *Table {
	return NewStackedTable(NewOwnLayer(own), nil, gw)
}

// NewStackedTable returns the table NewTable(sys ∪ user ∪ gw's candidates)
// would return, without copying any layer: sys and user (own layers, built
// by NewOwnLayer; user may be nil) and gw (a gateway layer built by
// NewLayer, or nil) are each selected and indexed alone, and Lookup
// combines their indexes, re-deciding a prefix present in more than one and
// applying rule:route-selection.system-beats-more-specific-bgp (gateway routes inside a steering system route of sys or
// user are Invalid). Several tables may share any layer: a UDR edit
// rebuilds one user layer, a BGP change one gateway layer. Building the
// table costs one pass over the prefixes sys and user share. Routes and
// All materialise the merged table on first use (display only). Lookup
// does not allocate for IPv4.
func NewStackedTable(sys, user, gw *Layer) *Table {
	if sys == nil {
		sys = NewOwnLayer(nil)
	}
	var ties []tie
	var tieAt []int32
	if user != nil {
		ties, tieAt = decideTies(sys.t, user.t)
	}
	return newStacked(sys, user, gw, ties, tieAt)
}

// stackedTable is a Table built over layers and its layered, allocated
// together.
type stackedTable struct {
	t Table
	l layered
}

// newStacked returns a Table over the three layers with the decided ties.
func newStacked(sys, user, gw *Layer, ties []tie, tieAt []int32) *Table {
	o := &stackedTable{l: layered{sys: sys, user: user, gw: gw, ties: ties, tieAt: tieAt}}
	o.t.layers = &o.l
	return &o.t
}

// Restack returns NewStackedTable(t's system layer, t's user layer, gw)
// for t built by NewStackedTable, without deciding again the prefixes its
// system and user layers share (they read nothing of the gateway layer):
// a BGP change re-points every table over a changed gateway layer. For
// any other t it returns nil.
func Restack(t *Table, gw *Layer) *Table {
	if t == nil || t.layers == nil {
		return nil
	}
	l := t.layers
	return newStacked(l.sys, l.user, gw, l.ties, l.tieAt)
}

// RestackUser returns NewStackedTable(t's system layer, user, gw) for t
// built by NewStackedTable over a user layer, when changed lists (sorted
// in display order, as ChangedLayerPrefixes does) every prefix at which
// t's user layer and user differ, without deciding again the prefixes its
// system and user layers share: a tie reads only the two layers' groups
// of its prefix, so when no changed prefix is a system route's the ties
// are t's. A UDR edit re-points every table over the route table so. It
// returns nil when t is not such a table, user is nil, or a changed prefix
// is a system route's.
func RestackUser(t *Table, user, gw *Layer, changed []netip.Prefix) *Table {
	if t == nil || t.layers == nil || t.layers.user == nil || user == nil {
		return nil
	}
	l := t.layers
	for _, p := range changed {
		if len(l.sys.t.group(p)) > 0 {
			return nil
		}
	}
	return newStacked(l.sys, user, gw, l.ties, l.tieAt)
}

// decideTies decides, for every prefix with routes in both a and b (own
// routes, selected alone), the Active route of the merged group, as Select
// of a ∪ b would (a's routes first on display ties). The ties are in
// display order; at maps each position in a's routes to its tie, or -1.
func decideTies(a, b *Table) (ties []tie, at []int32) {
	var buf [8]Effective
	at = make([]int32, len(a.routes))
	for i := 0; i < len(a.routes); {
		p := a.routes[i].Prefix
		j := i + 1
		for j < len(a.routes) && a.routes[j].Prefix == p {
			j++
		}
		k := int32(-1)
		if gb := b.group(p); len(gb) > 0 {
			if e, ok := decideMerged(buf[:0], a.routes[i:j], gb, nil); ok {
				k = int32(len(ties))
				ties = append(ties, tie{p: p, e: e})
			}
		}
		for ; i < j; i++ {
			at[i] = k
		}
	}
	return ties, at
}

// decideMerged merges groups of one prefix (each in display order; earlier
// groups first on ties, as Select's stable sort of their concatenation)
// into dst, decides the merged group as Select does for a prefix outside
// every steering range, and returns its Active route.
func decideMerged(dst, a, b, c []Effective) (Effective, bool) {
	grp := mergeDisplay(dst, a, b)
	if len(c) > 0 {
		var buf [8]Effective
		grp = mergeDisplay(buf[:0], grp, c)
	}
	for i := range grp {
		grp[i].State, grp[i].Reason = 0, 0
	}
	decideGroup(grp, nil)
	for _, e := range grp {
		if e.State == Active {
			return e, true
		}
	}
	return Effective{}, false
}

// merged returns Select(sys ∪ user ∪ gw), computed once.
func (l *layered) merged() []Effective {
	l.once.Do(func() {
		cands := make([]Route, 0, len(l.sys.cands)+l.user.Len()+l.gw.Len())
		cands = append(cands, l.sys.cands...)
		if l.user != nil {
			cands = append(cands, l.user.cands...)
		}
		if l.gw != nil {
			n := len(cands)
			cands = append(cands, l.gw.cands...)
			if l.gw.asGateway {
				for i := n; i < len(cands); i++ {
					cands[i].Source = Gateway
				}
			}
		}
		l.all = Select(cands)
	})
	return l.all
}

// group returns the routes of t (selected alone) with prefix p, in display
// order.
func (t *Table) group(p netip.Prefix) []Effective {
	i, _ := slices.BinarySearchFunc(t.routes, p, func(e Effective, p netip.Prefix) int {
		if c := e.Prefix.Addr().Compare(p.Addr()); c != 0 {
			return c
		}
		return e.Prefix.Bits() - p.Bits()
	})
	j := i
	for j < len(t.routes) && t.routes[j].Prefix == p {
		j++
	}
	return t.routes[i:j]
}

// lookupOwn is the longest-prefix match among the own routes (sys ∪ user)
// of a stacked table, for dst IPv4, as a pointer into a layer or the ties
// (nil when none matches). Every prefix of an own layer has an Active
// route (no gateway routes), alone and merged, so the answer is the longer
// of the two layers' matches, or the merged decision when both match the
// same prefix. When a user route makes the longest own match, a private
// endpoint's route, Invalid (rule:private-endpoints.route-table-policy), the answer is the longest
// own route shorter than it, and peBits is the endpoint route's length
// (else -1).
func (l *layered) lookupOwn(dst netip.Addr) (*Effective, int) {
	oi, okO := l.sys.t.index.lookup(dst)
	var o *Effective
	if okO {
		o = &l.sys.t.routes[oi]
	}
	if l.user == nil {
		return o, -1
	}
	u := l.user.t.lookupRef(dst)
	if u == nil {
		return o, -1
	}
	peBits := -1
	if o != nil && u.Prefix.Bits() < o.Prefix.Bits() && o.overriddenByPolicy(u.Route) {
		// rule:private-endpoints.route-table-policy: the private endpoint's
		// route is Invalid; the longest shorter own route decides. (u is the
		// longest user route containing dst, so if any user route overrides
		// the endpoint's, u does.)
		peBits = o.Prefix.Bits()
		o = nil
		if oi, okO = l.sys.t.index.lookupWithin(dst, 0, peBits-1); okO && l.sys.t.routes[oi].Prefix.Bits() < peBits {
			o = &l.sys.t.routes[oi]
		}
	}
	switch {
	case o == nil || u.Prefix.Bits() > o.Prefix.Bits():
		return u, peBits
	case u.Prefix.Bits() < o.Prefix.Bits():
		return o, peBits
	}
	if k := l.tieAt[oi]; k >= 0 {
		return &l.ties[k].e, peBits
	}
	return o, peBits // not reached: every shared prefix has a tie
}

// steerShortest is steerIndex.shortest over the own layers.
func (l *layered) steerShortest(p netip.Prefix) (int, bool) {
	s, in := l.sys.steer.shortest(p)
	if l.user == nil {
		return s, in
	}
	if u, inU := l.user.steer.shortest(p); inU && (!in || u < s) {
		return u, true
	}
	return s, in
}

// lookupLayered is Lookup for a table built by NewStackedTable.
func (t *Table) lookupLayered(dst netip.Addr) (Effective, bool) {
	l := t.layers
	if !dst.Is4() {
		return bruteIn(l.merged(), dst)
	}
	o, peBits := l.lookupOwn(dst)
	if l.gw == nil {
		if o == nil {
			return Effective{}, false
		}
		return *o, true
	}
	g := l.gw.t
	lo := 0 // a gateway prefix shorter than own's match cannot win
	if o != nil {
		lo = o.Prefix.Bits()
	}
	gi, okG := g.index.lookupWithin(dst, lo, 32)
	if !okG || o != nil && g.routes[gi].Prefix.Bits() < o.Prefix.Bits() {
		return deref(o) // no gateway match, or own has a longer one
	}
	pg := g.routes[gi].Prefix
	if s, in := l.steerShortest(pg); in {
		// rule:route-selection.system-beats-more-specific-bgp: every gateway route inside a steering prefix is Invalid.
		// Let S be the shortest steering prefix containing pg. The gateway
		// prefixes containing dst nest; those at least as long as S are
		// inside S, and none shorter is inside a steering prefix (one
		// containing it would contain pg and be shorter than S). So the
		// answer is the longest gateway prefix containing dst and shorter
		// than S.
		if s == 0 {
			return l.overSteered(o, dst)
		}
		gi, okG = g.index.lookupWithin(dst, lo, s-1)
		if !okG || g.routes[gi].Prefix.Bits() < lo {
			return l.overSteered(o, dst)
		}
		pg = g.routes[gi].Prefix
	}
	switch {
	case o != nil && pg.Bits() < o.Prefix.Bits():
		return *o, true // own has a longer match
	case pg.Bits() == peBits:
		// The gateway route has the prefix of the endpoint route the
		// policy made Invalid: Select decides that group first (the
		// gateway route wins it), then applies the policy.
	case o == nil || pg.Bits() > o.Prefix.Bits():
		return g.routes[gi], true
	}
	// The same prefix in own and gateway routes: decide the merged group
	// as Select does.
	var buf [8]Effective
	return decideMerged(buf[:0], l.sys.t.group(pg), l.userGroup(pg), g.group(pg))
}

// overSteered is own match o of dst when the gateway routes containing
// dst that are at least as long are all inside a steering prefix
// (rule:route-selection.system-beats-more-specific-bgp): o, with the
// reason Select gives a system route whose own prefix a gateway route
// also has (SystemOverridesBGP).
func (l *layered) overSteered(o *Effective, dst netip.Addr) (Effective, bool) {
	if o == nil || o.Source != Default || o.Reason != OnlyRoute {
		return deref(o)
	}
	b := o.Prefix.Bits()
	if gi, ok := l.gw.t.index.lookupWithin(dst, b, b); ok && l.gw.t.routes[gi].Prefix.Bits() == b {
		e := *o
		e.Reason = SystemOverridesBGP
		return e, true
	}
	return *o, true
}

// deref returns *e and whether e is set.
func deref(e *Effective) (Effective, bool) {
	if e == nil {
		return Effective{}, false
	}
	return *e, true
}

// userGroup is the user layer's routes with prefix p (none without one).
func (l *layered) userGroup(p netip.Prefix) []Effective {
	if l.user == nil {
		return nil
	}
	return l.user.t.group(p)
}

// ownGroup returns the own routes (sys then user) with prefix p, selected
// alone per layer, in display order.
func (l *layered) ownGroup(p netip.Prefix) []Effective {
	return mergeDisplay(nil, l.sys.t.group(p), l.userGroup(p))
}

// mergeDisplay appends a and b (each in display order) to dst in display
// order, stably (a first on ties, as Select's stable sort of own ∪ gw).
func mergeDisplay(dst, a, b []Effective) []Effective {
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if compareDisplay(b[j], a[i]) < 0 {
			dst = append(dst, b[j])
			j++
		} else {
			dst = append(dst, a[i])
			i++
		}
	}
	dst = append(dst, a[i:]...)
	return append(dst, b[j:]...)
}

func bruteIn(routes []Effective, dst netip.Addr) (Effective, bool) {
	dst = dst.Unmap()
	best, found := Effective{}, false
	for _, e := range routes {
		if e.State == Active && e.Prefix.Contains(dst) && (!found || e.Prefix.Bits() > best.Prefix.Bits()) {
			best, found = e, true
		}
	}
	return best, found
}

// ChangedOwnPrefixes compares two tables cheaply when it can: ok is true
// when a and b are both plain tables or both layered (NewStackedTable, over
// any layers), and then every lookup of a destination outside the returned
// prefixes and outside ChangedLayerPrefixes(a.Layer(), b.Layer()) gets the
// same answer from a and b. The prefixes are those where the tables' own
// routes differ (for layered tables: where their system layers' or their
// user layers' selected routes differ, any state; a layer shared by both
// tables has none). A merged decision depends only on the routes of its
// prefix, every route that can decide such a lookup contains the
// destination, and so do the steering prefixes of rule:route-selection.system-beats-more-specific-bgp that could
// invalidate a gateway route and the user routes that can make a private
// endpoint's route Invalid (rule:private-endpoints.route-table-policy): none of them changed. ok is false otherwise
// (compare by lookups instead).
func ChangedOwnPrefixes(a, b *Table) (ps []netip.Prefix, ok bool) {
	if a == nil || b == nil || a.linear || b.linear {
		return nil, false
	}
	if a == b {
		return nil, true
	}
	if (a.layers == nil) != (b.layers == nil) {
		return nil, false
	}
	if a.layers == nil {
		return diffPrefixes(a.routes, b.routes), true
	}
	x, y := a.layers, b.layers
	ps = diffLayers(x.sys, y.sys)
	if us := diffLayers(x.user, y.user); len(us) > 0 {
		ps = append(ps, us...)
		slices.SortFunc(ps, comparePrefix)
		ps = slices.Compact(ps)
	}
	return ps, true
}

// diffLayers lists the prefixes where two own layers' selected routes
// differ (a nil layer has none).
func diffLayers(a, b *Layer) []netip.Prefix {
	if a == b {
		return nil
	}
	var x, y []Effective
	if a != nil {
		x = a.t.routes
	}
	if b != nil {
		y = b.t.routes
	}
	if ps, ok := diffAligned(x, y); ok {
		return ps
	}
	return diffPrefixes(x, y)
}

// diffAligned is diffPrefixes(x, y) when x and y hold the same prefixes at
// every position (a BGP change that moves a gateway's routes to another
// next hop: NewLayerOwned then shares the index), compared position by
// position; ok is false otherwise.
func diffAligned(x, y []Effective) (ps []netip.Prefix, ok bool) {
	if len(x) != len(y) {
		return nil, false
	}
	n := 0 // first the changed groups are counted, then listed
	for pass := range 2 {
		if pass == 1 {
			if n == 0 {
				return nil, true
			}
			ps = make([]netip.Prefix, 0, n)
		}
		for i := 0; i < len(x); {
			p := x[i].Prefix
			j, differ := i, false
			for ; j < len(x) && x[j].Prefix == p; j++ {
				if y[j].Prefix != p {
					return nil, false
				}
				differ = differ || x[j] != y[j]
			}
			if differ { // y's group is no longer: y[j] is x[j]'s prefix, or the end
				if pass == 0 {
					n++
				} else {
					ps = append(ps, p)
				}
			}
			i = j
		}
	}
	return ps, true
}

// comparePrefix orders prefixes as display order does (address, then
// length).
func comparePrefix(a, b netip.Prefix) int {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c
	}
	return a.Bits() - b.Bits()
}

// Layer returns the gateway layer of a table built by NewStackedTable
// (or NewLayeredTable), or nil.
func (t *Table) Layer() *Layer {
	if t == nil || t.layers == nil {
		return nil
	}
	return t.layers.gw
}

// SystemLayer returns the system-route layer of a table built by
// NewStackedTable, or nil.
func (t *Table) SystemLayer() *Layer {
	if t == nil || t.layers == nil {
		return nil
	}
	return t.layers.sys
}

// UserLayer returns the user-route layer of a table built by
// NewStackedTable, or nil.
func (t *Table) UserLayer() *Layer {
	if t == nil || t.layers == nil {
		return nil
	}
	return t.layers.user
}

// ChangedLayerPrefixes lists the prefixes where two layers' selected routes
// differ (nil layers have none).
func ChangedLayerPrefixes(a, b *Layer) []netip.Prefix {
	return diffLayers(a, b)
}

// diffPrefixes lists the prefixes whose routes differ between x and y, both
// in display order.
func diffPrefixes(x, y []Effective) (ps []netip.Prefix) {
	if (len(x) == 0) != (len(y) == 0) { // every prefix differs (a layer dropped or added whole): sized once
		ps = make([]netip.Prefix, 0, len(x)+len(y))
	}
	i, j := 0, 0
	for i < len(x) || j < len(y) {
		var p netip.Prefix
		switch {
		case j == len(y) || (i < len(x) && prefixLess(x[i].Prefix, y[j].Prefix)):
			p = x[i].Prefix
		case i == len(x) || prefixLess(y[j].Prefix, x[i].Prefix):
			p = y[j].Prefix
		default:
			p = x[i].Prefix
		}
		i2, j2 := i, j
		for i2 < len(x) && x[i2].Prefix == p {
			i2++
		}
		for j2 < len(y) && y[j2].Prefix == p {
			j2++
		}
		if !slices.Equal(x[i:i2], y[j:j2]) {
			ps = append(ps, p)
		}
		i, j = i2, j2
	}
	return ps
}

// prefixLess orders prefixes as display order does (address, then length).
func prefixLess(a, b netip.Prefix) bool {
	if c := a.Addr().Compare(b.Addr()); c != 0 {
		return c < 0
	}
	return a.Bits() < b.Bits()
}
