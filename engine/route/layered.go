package route

import (
	"net/netip"
	"slices"
	"sync"
)

// Layer is a shared, selected and indexed set of gateway (BGP) routes: the
// routes one set of virtual network gateways programs into every subnet
// that uses them. Build it once with NewLayer and combine it with each
// subnet's own routes with NewLayeredTable. A Layer is immutable.
type Layer struct {
	cands []Route
	t     *Table
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

// Len is the number of candidate routes in the layer.
func (l *Layer) Len() int { return len(l.cands) }

// layered is the part of a Table built by NewLayeredTable.
type layered struct {
	gw    *Layer
	own   []Route // own candidates, for Routes()
	steer steerIndex
	once  sync.Once
	all   []Effective // Select(own ∪ gw), built on first Routes/All
}

// steerIndex indexes the system routes that beat more-specific BGP routes
// (F26): VNet ranges, peered ranges, service endpoints.
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
// return, without copying gw: own is selected and indexed alone, and Lookup
// combines the two indexes, applying F26 (gateway routes inside a steering
// system route of own are Invalid) and re-deciding a prefix present in both.
// own must hold no Gateway routes. Routes and All materialise the merged
// table on first use (display only). Lookup does not allocate for IPv4.
func NewLayeredTable(own []Route, gw *Layer) *Table {
	t := NewTable(own)
	t.layers = &layered{gw: gw, own: slices.Clone(own), steer: newSteerIndex(own)}
	return t
}

// merged returns Select(own ∪ gw), computed once.
func (l *layered) merged() []Effective {
	l.once.Do(func() {
		cands := make([]Route, 0, len(l.own)+len(l.gw.cands))
		l.all = Select(append(append(cands, l.own...), l.gw.cands...))
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

// lookupLayered is Lookup for a table built by NewLayeredTable.
func (t *Table) lookupLayered(dst netip.Addr) (Effective, bool) {
	l := t.layers
	if !dst.Is4() {
		return bruteIn(l.merged(), dst)
	}
	o, okO := t.lookupIndexed(dst)
	g := l.gw.t
	lo := 0 // a gateway prefix shorter than own's match cannot win
	if okO {
		lo = o.Prefix.Bits()
	}
	gi, okG := g.index.lookupWithin(dst, lo, 32)
	if !okG {
		return o, okO
	}
	pg := g.routes[gi].Prefix
	if okO && pg.Bits() < o.Prefix.Bits() {
		return o, true // own has a longer match
	}
	if s, in := l.steer.shortest(pg); in {
		// F26: every gateway route inside a steering prefix is Invalid.
		// Let S be the shortest steering prefix containing pg. The gateway
		// prefixes containing dst nest; those at least as long as S are
		// inside S, and none shorter is inside a steering prefix (one
		// containing it would contain pg and be shorter than S). So the
		// answer is the longest gateway prefix containing dst and shorter
		// than S.
		if s == 0 {
			return o, okO
		}
		gi, okG = g.index.lookupWithin(dst, lo, s-1)
		if !okG {
			return o, okO
		}
		pg = g.routes[gi].Prefix
	}
	switch {
	case okO && pg.Bits() < o.Prefix.Bits():
		return o, true // own has a longer match
	case !okO || pg.Bits() > o.Prefix.Bits():
		return g.routes[gi], true
	}
	// The same prefix in both: decide the merged group as Select does.
	var buf [8]Effective
	grp := mergeDisplay(buf[:0], t.group(pg), g.group(pg))
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
// when a and b are both plain tables or both layered (over any layers), and
// then every lookup of a destination outside the returned prefixes and
// outside ChangedLayerPrefixes(a.Layer(), b.Layer()) gets the same answer
// from a and b. The prefixes are those where the tables' own selected
// routes differ (any state). Every route that can decide such a lookup
// contains the destination, and so do the steering prefixes of F26 that
// could invalidate a gateway route: none of them changed. ok is false
// otherwise (compare by lookups instead).
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
	return diffPrefixes(a.routes, b.routes), true
}

// Layer returns the gateway layer of a table built by NewLayeredTable, or
// nil.
func (t *Table) Layer() *Layer {
	if t == nil || t.layers == nil {
		return nil
	}
	return t.layers.gw
}

// ChangedLayerPrefixes lists the prefixes where two layers' selected routes
// differ (nil layers have none).
func ChangedLayerPrefixes(a, b *Layer) []netip.Prefix {
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
	return diffPrefixes(x, y)
}

// diffPrefixes lists the prefixes whose routes differ between x and y, both
// in display order.
func diffPrefixes(x, y []Effective) (ps []netip.Prefix) {
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
