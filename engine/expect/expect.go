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
	// (empty when OK): a sentence in plain words that says what should
	// happen and what happens instead, so a failure reads whole from Msg.
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
			if !r.OK && r.Msg != "" {
				r.Msg = "with " + e.Failures + " failed, " + r.Msg
			}
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
			return Result{Got: got, Msg: fmt.Sprintf("%s should have no route for %s, but has one: best path %s", e.Speaker, e.Prefix, bestWords(b.PathOnly(), b.Neighbor, string(b.Reason)))}
		case b.PathOnly() != e.AsPath:
			return Result{Got: got, Msg: fmt.Sprintf("%s's best path to %s should have AS path %s, but is %s", e.Speaker, b.Prefix, pathWords(e.AsPath), bestWords(b.PathOnly(), b.Neighbor, string(b.Reason)))}
		}
		return Result{Got: got, OK: true}
	}
	if e.Absent {
		return Result{Got: "no route for " + e.Prefix, OK: true}
	}
	return Result{Got: "no route for " + e.Prefix, Msg: fmt.Sprintf("%s should have a route to %s with AS path %s, but has no route for it", e.Speaker, e.Prefix, pathWords(e.AsPath))}
}

// pathWords is an AS path as a sentence shows it: quoted, or "empty" for
// a route the speaker originates.
func pathWords(path string) string {
	if path == "" {
		return "empty (originated locally)"
	}
	return fmt.Sprintf("%q", path)
}

// bestWords is a best path in words: its AS path, where from and why.
func bestWords(path, neighbor, why string) string {
	return fmt.Sprintf("%s from %s (%s)", pathWords(path), orLocal(neighbor), why)
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
		if why := p.NotAnEndpoint(e.From); why != "" {
			return Result{Msg: fmt.Sprintf("source %q is no endpoint: %s", e.From, why)}
		}
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
			return Result{Got: e.To + " " + n.Summary(), Msg: fmt.Sprintf("%s should resolve to an address to walk to, but %s", e.To, n.Summary())}
		}
		named, dst, ok = &n, n.Addr, true
	}
	if !ok {
		if why := p.NotAnEndpoint(e.To); why != "" {
			return Result{Msg: fmt.Sprintf("destination %q is no endpoint: %s", e.To, why)}
		}
		return Result{Msg: fmt.Sprintf("unknown destination %q", e.To)}
	}
	if e.Reachable == nil {
		return Result{Msg: "reach expectation needs \"reachable\": true or false"}
	}
	if !validFlowProtocol(e.Protocol) || e.Port < 0 || e.Port > 65535 {
		return Result{Msg: fmt.Sprintf("reach expectation's flow %s/%d is not one to walk: the protocol is Tcp, Udp, Icmp or Any, the port 0–65535", e.Protocol, e.Port)}
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
		should := "should be reachable"
		if !*e.Reachable {
			should = "should not be reachable"
		}
		r.OK, r.Msg = false, should+", but "+walkWords(t.Disposition, t.Reason, t.Via())
	}
	if r.OK && e.Via != "" && !passesThrough(t.Via(), e.Via) {
		r.OK, r.Msg = false, fmt.Sprintf("should go through %s, but %s", e.Via, viaWords(t.Via()))
	}
	if !r.OK && named != nil {
		r.Msg += fmt.Sprintf(" (%s resolves to %s)", named.Resolution.Name, named.Resolution.Answer)
	}
	return r
}

// walkWords is how a walk ended, in words: "is delivered: …", "leaves
// Azure for the Internet: …" (each way of succeeding by its name) or "is
// dropped: …", with its reason and the appliances it went through.
func walkWords(d trace.Disposition, reason string, via []string) string {
	var s string
	switch {
	case d == trace.Loop:
		s = "loops"
	case d == trace.InvalidFlow:
		s = "is not a flow that can be walked"
	case d == trace.ExitsToInternet:
		s = "leaves Azure for the Internet"
	case d == trace.ExitsToAzureService:
		s = "leaves for an Azure service over its service endpoint"
	case d == trace.ReachesAzurePlatform:
		s = "reaches the Azure platform"
	case d == trace.DeliveredOnPremises:
		s = "is delivered on premises"
	case d == trace.DeliveredToP2SClient:
		s = "is delivered to a point-to-site client"
	case d.Success():
		s = "is delivered"
	default:
		s = "is dropped"
	}
	if reason != "" {
		s += ": " + reason
	}
	if len(via) > 0 {
		s += " (via " + strings.Join(via, ", ") + ")"
	}
	return s
}

// viaWords says which appliances a walk went through: "goes through a, b"
// or "goes through no appliance".
func viaWords(via []string) string {
	if len(via) == 0 {
		return "goes through no appliance"
	}
	return "goes through " + strings.Join(via, ", ")
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
		want := strings.TrimSpace(e.NextHopType + " " + e.NextHopIPAddress)
		hop := strings.TrimSpace(res.NextHopType.String() + " " + res.Route.NextHopIPText())
		r.OK, r.Msg = false, fmt.Sprintf("traffic from %s to %s should have next hop %s, but its route %s has next hop %s (%s)",
			e.Subnet, routeDst(e), want, res.Route.Prefix, hop, res.RouteTableID)
	}
	return r
}

// routeDst is what a route expectation asks about: its prefix, else its
// address.
func routeDst(e scenario.Expectation) string {
	if e.Prefix != "" {
		return e.Prefix
	}
	return e.To
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
