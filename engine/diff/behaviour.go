package diff

import (
	"context"
	"fmt"
	"net/netip"
	"slices"
	"sync"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// Pair change kinds of a design diff (PairDelta.Change).
const (
	Gained   = "gained"   // unreachable in the first design, reachable in the second
	LostPair = "lost"     // reachable in the first design, unreachable in the second
	Rerouted = "rerouted" // reachable in both over a different sequence of hops
)

// Behaviour is what two designs' intact data planes do differently.
type Behaviour struct {
	// Endpoints are the walk endpoints (NICs, on-premises hosts, P2S
	// clients) only one design has, sorted: their pairs are not compared
	// (listed once here, not as a lost or gained pair each).
	Endpoints Sides `json:"endpoints"`
	// Speakers are the BGP speakers only one design has, sorted: their
	// best paths are not compared.
	Speakers Sides `json:"speakers"`
	// Routes are the changed active routes of the subnets both designs
	// have (a subnet on one side only is a resource change), sorted by
	// subnet, then prefix.
	Routes []RouteChange `json:"routes"`
	// BGP are the changed best paths of the speakers both designs have,
	// sorted by speaker, then prefix.
	BGP []BGPChange `json:"bgp"`
	// Pairs are the endpoint pairs gained, lost or rerouted, sorted by
	// source, then destination (the Internet last). A pair unreachable in
	// both designs is not listed, even when its reason changed.
	Pairs []PairDelta `json:"pairs"`
	// Counts counts every change, listed or not (Options.Limit).
	Counts Counts `json:"counts"`
	// Truncated: a list holds fewer changes than Counts.
	Truncated bool `json:"truncated"`
}

// Sides are ids found in the second design only (Added) or the first only
// (Removed).
type Sides struct {
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
}

// Counts counts a Behaviour's changes. Pairs is the number of pairs
// compared (common endpoints, each to every other and to the Internet).
type Counts struct {
	Routes   int `json:"routes"`
	BGP      int `json:"bgp"`
	Pairs    int `json:"pairs"`
	Gained   int `json:"gained"`
	Lost     int `json:"lost"`
	Rerouted int `json:"rerouted"`
}

// PairDelta is one endpoint pair whose outcome changed, with both sides'
// verdicts (the second's reason says why it is what it is now).
type PairDelta struct {
	From   string  `json:"from"`
	To     string  `json:"to"`
	Change string  `json:"change"`
	Before Verdict `json:"before"`
	After  Verdict `json:"after"`
}

// Verdict is one walk's outcome: its disposition, the reason and the
// nodes it went through (the source first), as `vnetplay trace` names
// them.
type Verdict struct {
	Disposition trace.Disposition `json:"disposition"`
	Reason      string            `json:"reason"`
	Path        []string          `json:"path"`
}

// empty reports whether b (nil: not compared) found no difference.
func (b *Behaviour) empty() bool {
	if b == nil {
		return true
	}
	c := b.Counts
	return c.Routes+c.BGP+c.Gained+c.Lost+c.Rerouted == 0 &&
		len(b.Endpoints.Added)+len(b.Endpoints.Removed)+len(b.Speakers.Added)+len(b.Speakers.Removed) == 0
}

// behaviour compares two data planes.
func behaviour(ctx context.Context, before, after *dataplane.Plane, opts Options) (*Behaviour, error) {
	epsB := append(before.NICs(), before.HybridEndpoints()...)
	epsA := append(after.NICs(), after.HybridEndpoints()...)
	common, removed, added := split(epsB, epsA)
	b := &Behaviour{Endpoints: Sides{Added: added, Removed: removed}}
	subnets, _, _ := split(before.Subnets(), after.Subnets())
	b.Routes = routeChangesIn(before, after, subnets)
	bb, ba := bests(before), bests(after)
	speakers, sr, sa := split(keysOf(bb), keysOf(ba))
	b.Speakers = Sides{Added: sa, Removed: sr}
	b.BGP = bgpChangesOf(bb, ba, speakers)
	b.Counts.Routes, b.Counts.BGP = len(b.Routes), len(b.BGP)
	b.Routes, b.BGP = limit(b.Routes, opts.Limit), limit(b.BGP, opts.Limit)
	b.Truncated = len(b.Routes) < b.Counts.Routes || len(b.BGP) < b.Counts.BGP
	pes, _, _ := split(reach.PrivateEndpointColumns(before), reach.PrivateEndpointColumns(after))
	if err := b.comparePairs(ctx, before, after, common, pes, opts); err != nil {
		return nil, err
	}
	return b, nil
}

// split sorts the ids of two lists into those in both, those only in the
// first and those only in the second, each sorted and never nil.
func split(first, second []string) (both, onlyFirst, onlySecond []string) {
	in := func(list []string) map[string]bool {
		m := make(map[string]bool, len(list))
		for _, id := range list {
			m[id] = true
		}
		return m
	}
	f, s := in(first), in(second)
	both, onlyFirst, onlySecond = []string{}, []string{}, []string{}
	for _, id := range union(first, second) {
		switch {
		case f[id] && s[id]:
			both = append(both, id)
		case f[id]:
			onlyFirst = append(onlyFirst, id)
		default:
			onlySecond = append(onlySecond, id)
		}
	}
	return both, onlyFirst, onlySecond
}

// limit is s cut to n elements (n ≤ 0: all).
func limit[T any](s []T, n int) []T {
	if n > 0 && len(s) > n {
		return s[:n:n]
	}
	return s
}

// side is one design's walks over the common endpoints: row r is eps[r],
// column j is cols[j] (the endpoints, then the private endpoints both
// designs have, then the Internet); cell r×len(cols)+j holds the walk's
// disposition and a hash of its hops (the diagonal is not walked).
type side struct {
	p    *dataplane.Plane
	w    *trace.Walker
	flow trace.Flow
	dst  []netip.Addr // per column: the endpoint's address here, or the Internet probe
	disp []trace.Disposition
	hops []uint64
}

// newSide prepares p's walks of eps to eps, the private endpoints pes and
// the Internet.
func newSide(p *dataplane.Plane, eps, pes []string, flow trace.Flow) *side {
	s := &side{p: p, w: trace.NewPathWalker(p, trace.Options{}), flow: flow}
	for _, id := range eps {
		_, ip, _ := p.Endpoint(id)
		s.dst = append(s.dst, ip)
	}
	for _, id := range pes {
		pe, _ := p.PrivateEndpoint(id)
		s.dst = append(s.dst, pe.IP)
	}
	s.dst = append(s.dst, trace.InternetProbe())
	n := len(eps) * len(s.dst)
	s.disp, s.hops = make([]trace.Disposition, n), make([]uint64, n)
	return s
}

// pairFlow is the flow of the pair (eps[r], cols[j]).
func (s *side) pairFlow(eps []string, r, j int) trace.Flow {
	f := s.flow
	f.Src, f.DstIP = eps[r], s.dst[j]
	return f
}

// walkAll walks every pair of s, row by row, calling row after each;
// it stops with ctx's error between rows.
func (s *side) walkAll(ctx context.Context, eps []string, row func()) error {
	cols := len(s.dst)
	for r := range eps {
		if err := ctx.Err(); err != nil {
			return err
		}
		for j := range cols {
			if j == r {
				continue
			}
			d, _, nodes := s.w.Path(s.pairFlow(eps, r, j))
			s.disp[r*cols+j], s.hops[r*cols+j] = d, hashHops(nodes)
		}
		row()
	}
	return nil
}

// verdict walks the pair (eps[r], cols[j]) again for its reason and hops.
func (s *side) verdict(eps []string, r, j int) Verdict {
	d, why, nodes := s.w.Path(s.pairFlow(eps, r, j))
	return Verdict{Disposition: d, Reason: why, Path: slices.Clone(nodes)}
}

// hashHops is a 64-bit FNV-1a hash of a walk's nodes: two walks over the
// same nodes hash alike; two different ones collide with a chance of
// about one in 2⁶⁴ per pair.
func hashHops(nodes []string) uint64 {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	for _, n := range nodes {
		for i := 0; i < len(n); i++ {
			h = (h ^ uint64(n[i])) * prime
		}
		h = (h ^ 0xff) * prime // no node name holds 0xff: the separator
	}
	return h
}

// comparePairs walks both designs' common endpoint pairs, and from each
// common endpoint to each common private endpoint pes (the two sides at
// once), and records the pairs gained, lost and rerouted.
func (b *Behaviour) comparePairs(ctx context.Context, before, after *dataplane.Plane, eps, pes []string, opts Options) error {
	sb, sa := newSide(before, eps, pes, opts.Flow), newSide(after, eps, pes, opts.Flow)
	var mu sync.Mutex
	done, total := 0, 2*len(eps)
	row := func() {
		mu.Lock()
		defer mu.Unlock()
		done++
		if opts.Progress != nil {
			opts.Progress(done, total)
		}
	}
	var errB error
	var wg sync.WaitGroup
	wg.Go(func() { errB = sb.walkAll(ctx, eps, row) })
	errA := sa.walkAll(ctx, eps, row)
	wg.Wait()
	if err := cmpOr(errB, errA); err != nil {
		return fmt.Errorf("diff: endpoint pairs stopped after %d of %d rows: %w", done, total, err)
	}
	b.Pairs = []PairDelta{}
	b.Counts.Pairs = len(eps) * (len(eps) + len(pes)) // each to the others, the private endpoints and the Internet
	listed := map[string]int{}
	cols := len(eps) + len(pes) + 1
	for r := range eps {
		for j := range cols {
			if j == r {
				continue
			}
			kind := pairChange(sb, sa, r*cols+j)
			if kind == "" || !b.count(kind, listed, opts.Limit) {
				continue
			}
			to := reach.Internet
			if j < len(eps) {
				to = eps[j]
			} else if k := j - len(eps); k < len(pes) {
				to = pes[k]
			}
			b.Pairs = append(b.Pairs, PairDelta{From: eps[r], To: to, Change: kind, Before: sb.verdict(eps, r, j), After: sa.verdict(eps, r, j)})
		}
	}
	return nil
}

// cmpOr is the first non-nil error.
func cmpOr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

// pairChange is the change of cell i between two sides, "" for none.
func pairChange(b, a *side, i int) string {
	okB, okA := b.disp[i].Success(), a.disp[i].Success()
	switch {
	case okB && !okA:
		return LostPair
	case !okB && okA:
		return Gained
	case okB && okA && b.hops[i] != a.hops[i]:
		return Rerouted
	}
	return ""
}

// count counts one pair change of kind and reports whether it is listed
// (fewer than max of its kind listed so far; max ≤ 0: all).
func (b *Behaviour) count(kind string, listed map[string]int, max int) bool {
	switch kind {
	case Gained:
		b.Counts.Gained++
	case LostPair:
		b.Counts.Lost++
	case Rerouted:
		b.Counts.Rerouted++
	}
	if max > 0 && listed[kind] >= max {
		b.Truncated = true
		return false
	}
	listed[kind]++
	return true
}
