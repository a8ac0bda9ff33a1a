// Package diff compares two computed designs (typically before and after a
// what-if failure): active effective routes per subnet, best BGP paths per
// speaker, and every endpoint pair's reachability and path. Output is
// sorted and deterministic.
package diff

import (
	"cmp"
	"context"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/reach"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// RouteChange is one subnet prefix whose active route changed. Before or
// After is "" when the route did not exist.
type RouteChange struct {
	Subnet string `json:"subnet"`
	Prefix string `json:"prefix"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// BGPChange is one speaker prefix whose best path changed.
type BGPChange struct {
	Speaker string `json:"speaker"`
	Prefix  string `json:"prefix"`
	Before  string `json:"before"`
	After   string `json:"after"`
}

// Pair change kinds.
const (
	Lost        = "Lost"        // reachable before, not after
	Regained    = "Regained"    // not reachable before, reachable after
	PathChanged = "PathChanged" // reachable both times over different nodes (e.g. ExpressRoute → VPN)
)

// PairChange is one endpoint pair whose outcome changed.
type PairChange struct {
	From   string `json:"from"`
	To     string `json:"to"`
	Change string `json:"change"`
	Before string `json:"before"`
	After  string `json:"after"`
}

// Changes is the difference between two designs.
type Changes struct {
	Routes []RouteChange `json:"routes"`
	BGP    []BGPChange   `json:"bgp"`
	Pairs  []PairChange  `json:"pairs"`
}

// Empty reports whether nothing changed.
func (c *Changes) Empty() bool { return len(c.Routes)+len(c.BGP)+len(c.Pairs) == 0 }

// Lost returns the pairs that lost reachability.
func (c *Changes) Lost() []PairChange {
	var out []PairChange
	for _, p := range c.Pairs {
		if p.Change == Lost {
			out = append(out, p)
		}
	}
	return out
}

// Diff compares before and after. Endpoint pairs cover the union of both
// designs' endpoints (an endpoint missing on one side counts as
// unreachable there).
func Diff(before, after *dataplane.Plane) *Changes { return Compare(Take(before), Take(after)) }

// activeRoutes fills m (cleared first) with subnet's Active routes by
// prefix (the last in display order when a prefix has several).
func activeRoutes(m map[netip.Prefix]route.Route, p *dataplane.Plane, subnet string) {
	clear(m)
	t, ok := p.Routes(subnet)
	if !ok {
		return
	}
	for r := range t.All() {
		if r.State == route.Active {
			m[r.Prefix] = r.Route
		}
	}
}

// routeText is an active route as a RouteChange shows it; "" for none.
func routeText(r route.Route, ok bool) string {
	if !ok {
		return ""
	}
	s := r.NextHop.String()
	if r.NextHopIP.IsValid() {
		s += " " + r.NextHopIPText() // every next hop of an ECMP route (rule:route-server.as-path-and-ecmp)
	}
	return s + " (" + r.Origin.String() + ")"
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

func routeChanges(before, after *dataplane.Plane) []RouteChange {
	return routeChangesIn(before, after, union(before.Subnets(), after.Subnets()))
}

// routeChangesIn is the changed active routes of the subnets (sorted ids;
// a subnet a plane lacks has no routes there).
func routeChangesIn(before, after *dataplane.Plane, subnets []string) []RouteChange {
	out := []RouteChange{}
	b, a := map[netip.Prefix]route.Route{}, map[netip.Prefix]route.Route{}
	// Subnets often share their effective table (a VNet's subnets with
	// the same route table): one pair of tables is compared once.
	done := map[[2]*route.Table][]RouteChange{}
	for _, sn := range subnets {
		bt, okB := before.Routes(sn)
		at, okA := after.Routes(sn)
		if okB && okA && route.ActiveEqual(bt, at) {
			// Equal Active routes give equal activeRoutes maps: skip
			// thousands of unchanged routes (N-1 sweeps).
			continue
		}
		key := [2]*route.Table{bt, at}
		ch, ok := done[key]
		if !ok || !okB || !okA {
			activeRoutes(b, before, sn)
			activeRoutes(a, after, sn)
			ch = appendRouteChanges(nil, "", b, a)
			done[key] = ch
		}
		for _, c := range ch {
			c.Subnet = sn
			out = append(out, c)
		}
	}
	slices.SortStableFunc(out, func(x, y RouteChange) int {
		return cmp.Or(cmp.Compare(x.Subnet, y.Subnet), comparePrefixText(x.Prefix, y.Prefix))
	})
	return out
}

// appendRouteChanges appends subnet's changed active routes, by prefix:
// only the routes that differ are put in words, and listed when their
// words differ.
func appendRouteChanges(out []RouteChange, subnet string, b, a map[netip.Prefix]route.Route) []RouteChange {
	add := func(pr netip.Prefix) {
		rb, okB := b[pr]
		ra, okA := a[pr]
		if okB && okA && rb == ra {
			return
		}
		if tb, ta := routeText(rb, okB), routeText(ra, okA); tb != ta {
			out = append(out, RouteChange{Subnet: subnet, Prefix: pr.String(), Before: tb, After: ta})
		}
	}
	for pr := range b {
		add(pr)
	}
	for pr := range a {
		if _, ok := b[pr]; !ok {
			add(pr)
		}
	}
	return out
}

func comparePrefixText(a, b string) int { return strings.Compare(a, b) }

func bests(p *dataplane.Plane) map[string]map[string]string {
	out := map[string]map[string]string{}
	r := p.BGP()
	if r == nil {
		return out
	}
	for _, sp := range r.Speakers() {
		m := map[string]string{}
		for _, b := range r.RIB(sp.ID) {
			from := b.Neighbor
			if from == "" {
				from = "local"
			}
			m[b.Prefix.String()] = fmt.Sprintf("%s via %s", b.ASPathString(), from)
		}
		out[sp.ID] = m
	}
	return out
}

func bgpChanges(before, after *dataplane.Plane) []BGPChange {
	b, a := bests(before), bests(after)
	return bgpChangesOf(b, a, union(keysOf(b), keysOf(a)))
}

// bgpChangesOf is the changed best paths of the speakers ids (sorted),
// between two planes' bests.
func bgpChangesOf(b, a map[string]map[string]string, ids []string) []BGPChange {
	out := []BGPChange{}
	for _, id := range ids {
		for _, pr := range union(keysOf(b[id]), keysOf(a[id])) {
			if b[id][pr] != a[id][pr] {
				out = append(out, BGPChange{Speaker: id, Prefix: pr, Before: b[id][pr], After: a[id][pr]})
			}
		}
	}
	return out
}

// outcome is one endpoint pair's answer: the walk's disposition and
// reason and the nodes crossed (text puts them in a PairChange's words,
// for the few pairs that changed); set is false for a pair the snapshot
// does not have (an endpoint to itself).
type outcome struct {
	set  bool
	disp trace.Disposition
	why  string
	path string
}

// text is the outcome as a PairChange shows it.
func (o outcome) text() string {
	if !o.set {
		return "endpoint absent"
	}
	return o.disp.String() + " via " + o.path + ": " + o.why
}

// Snapshot is one design's answers that Diff compares: active routes, best
// BGP paths and every endpoint pair's outcome. Taking it once and comparing
// it with several others (an N-1 sweep) avoids recomputing the base.
type Snapshot struct {
	plane *dataplane.Plane
	// rows are the endpoints, cols the endpoints, Internet and the
	// private endpoints, both sorted; outcomes holds pair (rows[i], cols[j]) at i*len(cols)+j.
	rows, cols []string
	outcomes   []outcome
}

// at is the outcome of pair (rows[i], cols[j]); the zero outcome (not
// set) when i or j is -1.
func (s *Snapshot) at(i, j int) outcome {
	if i < 0 || j < 0 {
		return outcome{}
	}
	return s.outcomes[i*len(s.cols)+j]
}

// Take computes a snapshot of p: one packet walk per ordered endpoint pair
// (NICs, on-premises hosts, P2S clients), from each endpoint to the
// Internet and to each private endpoint the Reach matrix has a column for
// (reach.PrivateEndpointColumns: a destination only).
func Take(p *dataplane.Plane) *Snapshot {
	s, _ := TakeContext(context.Background(), p)
	return s
}

// TakeContext is Take that checks ctx before each walk, so that a long
// one can be stopped (an N-1 sweep cancelled): on a done ctx it returns
// ctx.Err() and no snapshot.
func TakeContext(ctx context.Context, p *dataplane.Plane) (*Snapshot, error) {
	rows := slices.Sorted(slices.Values(p.Endpoints()))
	cols := slices.Sorted(slices.Values(slices.Concat(rows, []string{reach.Internet}, reach.PrivateEndpointColumns(p))))
	s := &Snapshot{plane: p, rows: rows, cols: cols, outcomes: make([]outcome, len(rows)*len(cols))}
	w := trace.NewPathWalker(p, trace.Options{}) // the walks of reach.Explain, sharing suffixes
	for i, from := range rows {
		for j, to := range cols {
			if to == from {
				continue
			}
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			f := trace.Flow{Src: from, DstIP: trace.InternetProbe()}
			if pe, ok := p.PrivateEndpoint(to); ok {
				f.DstIP = pe.IP
			} else if to != reach.Internet {
				_, f.DstIP, _ = p.Endpoint(to)
			}
			d, why, nodes := w.Path(f)
			path := strings.Join(nodes, " → ")
			s.outcomes[i*len(cols)+j] = outcome{set: true, disp: d, why: why, path: path}
		}
	}
	return s, nil
}

// Plane returns the plane the snapshot was taken of.
func (s *Snapshot) Plane() *dataplane.Plane { return s.plane }

// ComparePairs diffs only the endpoint pairs of two snapshots (Changes
// with no Routes or BGP): what an N-1 sweep needs.
func ComparePairs(before, after *Snapshot) *Changes {
	return &Changes{Pairs: pairChanges(before, after)}
}

// Compare diffs two snapshots.
func Compare(before, after *Snapshot) *Changes {
	return &Changes{Routes: routeChanges(before.plane, after.plane), BGP: bgpChanges(before.plane, after.plane), Pairs: pairChanges(before, after)}
}

// pairChanges lists the pairs whose outcome changed from b to a, sorted
// by from, then to: every pair either snapshot has, an endpoint missing on
// one side counting as unreachable there.
func pairChanges(b, a *Snapshot) []PairChange {
	out := []PairChange{}
	rows, cols := union(b.rows, a.rows), union(b.cols, a.cols)
	rowB, rowA := indexIn(rows, b.rows), indexIn(rows, a.rows)
	colB, colA := indexIn(cols, b.cols), indexIn(cols, a.cols)
	for i, from := range rows {
		for j, to := range cols {
			ob, oa := b.at(rowB[i], colB[j]), a.at(rowA[i], colA[j])
			if !ob.set && !oa.set {
				continue
			}
			if c, ok := changeOf(from, to, ob, oa); ok {
				out = append(out, c)
			}
		}
	}
	return out
}

// indexIn maps each of the sorted ids all to its index in the sorted sub,
// or -1.
func indexIn(all, sub []string) []int {
	out := make([]int, len(all))
	k := 0
	for i, id := range all {
		for k < len(sub) && sub[k] < id {
			k++
		}
		out[i] = -1
		if k < len(sub) && sub[k] == id {
			out[i] = k
		}
	}
	return out
}

// changeOf is the change of pair (from, to) from outcome ob to oa, if
// it changed.
func changeOf(from, to string, ob, oa outcome) (PairChange, bool) {
	okB, okA := ob.set && ob.disp.Success(), oa.set && oa.disp.Success()
	var kind string
	switch {
	case okB && !okA:
		kind = Lost
	case !okB && okA:
		kind = Regained
	case okB && okA && ob.path != oa.path:
		kind = PathChanged
	default:
		return PairChange{}, false
	}
	return PairChange{From: from, To: to, Change: kind, Before: ob.text(), After: oa.text()}, true
}
