// Package expect evaluates a scenario's expectations (reachability, route,
// BGP and name resolution assertions) against its computed data plane.
package expect

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/dns"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// Result is the outcome of one expectation.
type Result struct {
	ID   string `json:"id"`
	Kind string `json:"kind"`
	OK   bool   `json:"ok"`
	// Got describes what the engine found, Msg why the expectation failed
	// (empty when OK).
	Got string `json:"got"`
	Msg string `json:"msg,omitempty"`
}

// Evaluate checks every expectation, in order, and never stops early.
// Resolve expectations and reach expectations to a DNS name need the
// design itself: evaluate those with EvaluateDocument (Evaluate reports
// them as failed).
func Evaluate(p *dataplane.Plane, exps []scenario.Expectation) []Result {
	return (&evaluator{p: p}).all(exps)
}

// evaluator checks expectations against one plane; with the design t it
// also resolves names (engine/dns), sharing one resolver.
type evaluator struct {
	p   *dataplane.Plane
	t   *model.Topology
	dns *dns.Resolver
}

// resolver is the design's name resolver, built on first use.
func (ev *evaluator) resolver() *dns.Resolver {
	if ev.dns == nil {
		ev.dns = dns.New(ev.p, ev.t)
	}
	return ev.dns
}

func (ev *evaluator) all(exps []scenario.Expectation) []Result {
	out := make([]Result, 0, len(exps))
	for _, e := range exps {
		var r Result
		switch e.Kind {
		case scenario.ExpectReach:
			r = ev.reach(e)
		case scenario.ExpectRoute:
			r = routeExp(ev.p, e)
		case scenario.ExpectBGP:
			r = bgpExp(ev.p, e)
		case scenario.ExpectResolve:
			r = ev.resolveExp(e)
		default:
			r = Result{Msg: fmt.Sprintf("unknown expectation kind %q (want reach, route, bgp or resolve)", e.Kind)}
		}
		if e.Failures != "" {
			r = Result{Msg: fmt.Sprintf("expectation under failure set %q: evaluate it with EvaluateDocument", e.Failures)}
		}
		r.ID, r.Kind = e.ID, e.Kind
		out = append(out, r)
	}
	return out
}

// EvaluateDocument checks every expectation of doc: those without a
// failures field against base (the plane of the intact design), the others
// against the design rebuilt with that failure set applied
// (dataplane.WithFailures). Names resolve in doc's design (engine/dns).
// Results keep the expectations' order.
func EvaluateDocument(doc *scenario.Document, base *dataplane.Plane) []Result {
	evs := map[string]*evaluator{"": {p: base, t: &doc.Topology}}
	out := make([]Result, 0, len(doc.Expect))
	for _, e := range doc.Expect {
		ev := evs[e.Failures]
		if ev == nil {
			set, ok := doc.Failures[e.Failures]
			if !ok {
				out = append(out, Result{ID: e.ID, Kind: e.Kind, Msg: fmt.Sprintf("no failure set %q", e.Failures)})
				continue
			}
			ev = &evaluator{p: dataplane.Build(&doc.Topology, dataplane.WithFailures(set)), t: &doc.Topology}
			evs[e.Failures] = ev
		}
		e2 := e
		e2.Failures = ""
		r := ev.all([]scenario.Expectation{e2})[0]
		if e.Failures != "" {
			r.Got = "with " + e.Failures + " failed: " + r.Got
		}
		out = append(out, r)
	}
	return out
}

func bgpExp(p *dataplane.Plane, e scenario.Expectation) Result {
	r := p.BGP()
	if r == nil {
		return Result{Msg: "no BGP computation"}
	}
	if _, ok := r.Speaker(e.Speaker); !ok {
		return Result{Msg: fmt.Sprintf("unknown BGP speaker %q", e.Speaker)}
	}
	pr, err := netip.ParsePrefix(e.Prefix)
	if err != nil {
		return Result{Msg: "bgp expectation needs a valid prefix"}
	}
	for _, b := range r.RIB(e.Speaker) {
		if b.Prefix != pr.Masked() {
			continue
		}
		got := fmt.Sprintf("%s best path %q from %s (%s)", b.Prefix, b.PathOnly(), orLocal(b.Neighbor), b.Reason)
		switch {
		case e.Absent:
			return Result{Got: got, Msg: "expected no route for " + e.Prefix}
		case b.PathOnly() != e.AsPath:
			return Result{Got: got, Msg: fmt.Sprintf("expected AS path %q", e.AsPath)}
		}
		return Result{Got: got, OK: true}
	}
	if e.Absent {
		return Result{Got: "no route for " + e.Prefix, OK: true}
	}
	return Result{Got: "no route for " + e.Prefix, Msg: fmt.Sprintf("expected a route with AS path %q", e.AsPath)}
}

func orLocal(s string) string {
	if s == "" {
		return "local"
	}
	return s
}

// Destination resolves a reach target: an endpoint id, a private
// endpoint id (its address), "Internet" or an IP.
func Destination(p *dataplane.Plane, to string) (netip.Addr, bool) {
	if to == "Internet" {
		return trace.InternetProbe(), true
	}
	if _, ip, ok := p.Endpoint(to); ok {
		return ip, true
	}
	if ep, ok := trace.GatewayEndpoint(p, to); ok { // a gateway's BGP peering address
		return ep.IP, true
	}
	if pe, ok := p.PrivateEndpoint(to); ok { // rule:private-endpoints.nic-and-address: its one address
		return pe.IP, true
	}
	a, err := netip.ParseAddr(to)
	return a, err == nil
}

// Source resolves a reach source: an endpoint id, or "Internet" for a
// flow from the Internet (trace.InternetSource, from the Internet probe
// address) to a public IP or load balancer frontend.
func Source(p *dataplane.Plane, from string) (string, bool) {
	if from == trace.InternetSource {
		return trace.InternetSource, true
	}
	if id, _, ok := p.Endpoint(from); ok {
		return id, true
	}
	ep, ok := trace.GatewayEndpoint(p, from) // a gateway's BGP peering address
	return ep.ID, ok
}

func (ev *evaluator) reach(e scenario.Expectation) Result {
	p := ev.p
	src, ok := Source(p, e.From)
	if !ok {
		return Result{Msg: fmt.Sprintf("unknown source endpoint %q", e.From)}
	}
	dst, ok := Destination(p, e.To)
	var named *NameTarget
	if !ok && IsName(e.To) {
		if ev.t == nil {
			return Result{Msg: fmt.Sprintf("a reach expectation to the name %q needs the design: evaluate it with EvaluateDocument", e.To)}
		}
		n := ResolveTarget(ev.resolver(), p, ev.t, e.From, e.To)
		if !n.Resolved() {
			return Result{Got: e.To + " " + n.Summary(), Msg: "expected the name to resolve to an address to walk to"}
		}
		named, dst, ok = &n, n.Addr, true
	}
	if !ok {
		return Result{Msg: fmt.Sprintf("unknown destination %q", e.To)}
	}
	if e.Reachable == nil {
		return Result{Msg: "reach expectation needs \"reachable\": true or false"}
	}
	t := trace.Run(p, trace.Flow{Src: src, DstIP: dst, Protocol: e.Protocol, DstPort: e.Port})
	got := fmt.Sprintf("%s: %s", t.Disposition, t.Reason)
	if via := t.Via(); len(via) > 0 {
		got += " (via " + strings.Join(via, ", ") + ")"
	}
	if named != nil { // the resolution, then the walk (rule:private-endpoints.routing-and-dns-independent)
		got = fmt.Sprintf("%s resolves to %s; %s", named.Resolution.Name, named.Resolution.Answer, got)
		if named.PrivateEndpoint != "" {
			if pe, toPE := p.PrivateEndpointAt(dst); !toPE || pe.ID != named.PrivateEndpoint {
				got += "; not to the private endpoint " + named.PrivateEndpoint
			}
		}
	}
	r := Result{Got: got, OK: true}
	if t.Disposition.Success() != *e.Reachable {
		r.OK, r.Msg = false, fmt.Sprintf("expected reachable=%v", *e.Reachable)
	}
	if r.OK && e.Via != "" && !passesThrough(t.Via(), e.Via) {
		r.OK, r.Msg = false, fmt.Sprintf("expected the path to go via %s", e.Via)
	}
	return r
}

func passesThrough(via []string, vm string) bool {
	for _, n := range via {
		if n == vm || strings.HasPrefix(n, vm+"/") {
			return true
		}
	}
	return false
}

func routeExp(p *dataplane.Plane, e scenario.Expectation) Result {
	var dst netip.Addr
	if pr, err := netip.ParsePrefix(e.Prefix); err == nil {
		dst = pr.Masked().Addr()
	} else if a, err := netip.ParseAddr(e.To); err == nil {
		dst = a
	} else {
		return Result{Msg: "route expectation needs a valid prefix (or to: an IP)"}
	}
	res, ok := p.NextHop(e.Subnet, dst)
	if !ok {
		return Result{Msg: fmt.Sprintf("no effective routes for subnet %q", e.Subnet)}
	}
	got := fmt.Sprintf("%s %s", res.Route.Prefix, res.NextHopType)
	if ips := res.Route.NextHopIPText(); ips != "" {
		got += " " + ips // every next hop of an ECMP route (rule:route-server.as-path-and-ecmp)
	}
	got += " (" + res.RouteTableID + ")"
	r := Result{Got: got, OK: true}
	if res.NextHopType.String() != e.NextHopType || (e.NextHopIPAddress != "" && !sameHops(e.NextHopIPAddress, res.Route.NextHopIPs())) {
		r.OK, r.Msg = false, fmt.Sprintf("expected next hop %s %s", e.NextHopType, e.NextHopIPAddress)
	}
	return r
}

// sameHops reports whether want, one address or an ECMP route's addresses
// separated by commas (in any order), lists exactly the next hops got.
func sameHops(want string, got []netip.Addr) bool {
	var ws []netip.Addr
	for _, part := range strings.Split(want, ",") {
		a, err := netip.ParseAddr(strings.TrimSpace(part))
		if err != nil {
			return false
		}
		ws = append(ws, a)
	}
	slices.SortFunc(ws, netip.Addr.Compare)
	return slices.Equal(slices.Compact(ws), got)
}
