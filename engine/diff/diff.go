// Package diff compares two computed designs (typically before and after a
// what-if failure): active effective routes per subnet, best BGP paths per
// speaker, and every endpoint pair's reachability and path. Output is
// sorted and deterministic.
package diff

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/reach"
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
func Diff(before, after *dataplane.Plane) *Changes {
	c := &Changes{Routes: []RouteChange{}, BGP: []BGPChange{}, Pairs: []PairChange{}}
	c.Routes = routeChanges(before, after)
	c.BGP = bgpChanges(before, after)
	c.Pairs = pairChanges(before, after)
	return c
}

func activeRoutes(p *dataplane.Plane, subnet string) map[string]string {
	out := map[string]string{}
	t, ok := p.Routes(subnet)
	if !ok {
		return out
	}
	for _, r := range t.Routes() {
		if r.State.String() != "Active" {
			continue
		}
		s := r.NextHop.String()
		if r.NextHopIP.IsValid() {
			s += " " + r.NextHopIP.String()
		}
		out[r.Prefix.String()] = s + " (" + r.Origin.String() + ")"
	}
	return out
}

func union(a, b []string) []string {
	out := slices.Concat(a, b)
	slices.Sort(out)
	return slices.Compact(out)
}

func keys(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func routeChanges(before, after *dataplane.Plane) []RouteChange {
	out := []RouteChange{}
	for _, sn := range union(before.Subnets(), after.Subnets()) {
		b, a := activeRoutes(before, sn), activeRoutes(after, sn)
		for _, pr := range union(keys(b), keys(a)) {
			if b[pr] != a[pr] {
				out = append(out, RouteChange{Subnet: sn, Prefix: pr, Before: b[pr], After: a[pr]})
			}
		}
	}
	slices.SortStableFunc(out, func(x, y RouteChange) int {
		return cmp.Or(cmp.Compare(x.Subnet, y.Subnet), comparePrefixText(x.Prefix, y.Prefix))
	})
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
	out := []BGPChange{}
	b, a := bests(before), bests(after)
	var ids []string
	for k := range b {
		ids = append(ids, k)
	}
	for k := range a {
		ids = append(ids, k)
	}
	slices.Sort(ids)
	for _, id := range slices.Compact(ids) {
		for _, pr := range union(keys(b[id]), keys(a[id])) {
			if b[id][pr] != a[id][pr] {
				out = append(out, BGPChange{Speaker: id, Prefix: pr, Before: b[id][pr], After: a[id][pr]})
			}
		}
	}
	return out
}

type outcome struct {
	ok   bool
	text string
	path string
}

func outcomes(p *dataplane.Plane) map[[2]string]outcome {
	m := reach.Compute(p, trace.Flow{})
	out := map[[2]string]outcome{}
	for _, c := range m.Cells {
		t := reach.Explain(p, trace.Flow{}, c.From, c.To)
		var nodes []string
		for _, h := range t.Hops {
			nodes = append(nodes, h.Node)
		}
		path := strings.Join(nodes, " → ")
		out[[2]string{c.From, c.To}] = outcome{ok: c.Disposition.Success(), text: c.Disposition.String() + " via " + path + ": " + c.Reason, path: path}
	}
	return out
}

func pairChanges(before, after *dataplane.Plane) []PairChange {
	out := []PairChange{}
	b, a := outcomes(before), outcomes(after)
	var pairs [][2]string
	for k := range b {
		pairs = append(pairs, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			pairs = append(pairs, k)
		}
	}
	slices.SortFunc(pairs, func(x, y [2]string) int { return cmp.Or(cmp.Compare(x[0], y[0]), cmp.Compare(x[1], y[1])) })
	for _, k := range pairs {
		ob, oa := b[k], a[k]
		if ob.text == "" {
			ob.text = "endpoint absent"
		}
		if oa.text == "" {
			oa.text = "endpoint absent"
		}
		var kind string
		switch {
		case ob.ok && !oa.ok:
			kind = Lost
		case !ob.ok && oa.ok:
			kind = Regained
		case ob.ok && oa.ok && ob.path != oa.path:
			kind = PathChanged
		default:
			continue
		}
		out = append(out, PairChange{From: k[0], To: k[1], Change: kind, Before: ob.text, After: oa.text})
	}
	return out
}
