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

// Words of a resolve expectation's answer (besides addresses); they match
// in any case.
const (
	AnswerPrivate  = "private"
	AnswerPublic   = "public"
	AnswerNXDomain = "NXDOMAIN"
	AnswerNoData   = "NODATA"
	AnswerFailed   = "failed"
)

// IsName reports whether a reach target is a DNS name to resolve: a valid
// name with at least one dot, that is not an IP address and whose last
// label is not a number ("999.1.1.1" is a bad address, not a name). A
// single label ("vm2") is an endpoint id, never a name.
func IsName(to string) bool {
	s := strings.TrimSuffix(strings.TrimSpace(to), ".")
	if !strings.Contains(s, ".") || !model.ValidDNSName(s, false) {
		return false
	}
	if _, err := netip.ParseAddr(s); err == nil {
		return false
	}
	last := s[strings.LastIndexByte(s, '.')+1:]
	return strings.Trim(last, "0123456789") != ""
}

// NameTarget is a reach target given as a DNS name, resolved from the
// source: the packet walks to the answer's first address
// (rule:private-endpoints.routing-and-dns-independent: the name and the
// route must both be right).
type NameTarget struct {
	Resolution dns.Resolution
	// Addr is the address the packet walks to: the answer's first; not
	// valid when the name resolves to no address.
	Addr netip.Addr
	// PrivateEndpoint is the private endpoint that serves the name (its
	// public name or privatelink name is in the answer's CNAME chain), or
	// whose address the name resolves to; "" when none.
	PrivateEndpoint string
}

// ResolveTarget resolves name from the endpoint from with r, the resolver
// of the design t whose plane is p.
func ResolveTarget(r *dns.Resolver, p *dataplane.Plane, t *model.Topology, from, name string) NameTarget {
	n := NameTarget{Resolution: r.Resolve(from, name)}
	a := n.Resolution.Answer
	if a.Kind == dns.Address && len(a.Addresses) > 0 {
		if ip, err := netip.ParseAddr(a.Addresses[0]); err == nil {
			n.Addr = ip.Unmap()
		}
	}
	if n.Addr.IsValid() {
		if pe, ok := p.PrivateEndpointAt(n.Addr); ok {
			n.PrivateEndpoint = pe.ID
			return n
		}
	}
	names := append([]string{n.Resolution.Name}, a.Names...)
	pes := slices.Clone(t.PrivateEndpoints)
	slices.SortStableFunc(pes, func(a, b model.PrivateEndpoint) int { return strings.Compare(a.ID, b.ID) })
	for _, pe := range pes {
		f := pe.PublicName()
		if f == "" {
			continue
		}
		pl := model.PrivateLinkName(f)
		if slices.ContainsFunc(names, func(s string) bool { return s == f || s == pl }) {
			n.PrivateEndpoint = pe.ID
			break
		}
	}
	return n
}

// Target resolves a reach target in the design t whose plane is p: an
// endpoint, address or Internet as Destination does, else a DNS name
// (IsName) resolved from the endpoint from, whose resolution named then
// holds. ok is false when to is neither, or a name that resolves to no
// address.
func Target(p *dataplane.Plane, t *model.Topology, from, to string) (dst netip.Addr, named *NameTarget, ok bool) {
	if dst, ok := Destination(p, to); ok || !IsName(to) {
		return dst, nil, ok
	}
	n := ResolveTarget(dns.New(p, t), p, t, from, to)
	return n.Addr, &n, n.Resolved()
}

// Resolved reports whether the name resolved to an address to walk to.
func (n NameTarget) Resolved() bool { return n.Addr.IsValid() }

// Summary is the resolution in words, for a verdict: "resolves to the
// public address 20.60.0.10 (why)", "resolves to the private address
// 10.1.2.5, private endpoint pe-blob (why)", "does not resolve: NXDOMAIN
// (why)".
func (n NameTarget) Summary() string {
	a, why := n.Resolution.Answer, n.Resolution.Reason
	switch a.Kind {
	case dns.Address:
		if !n.Resolved() {
			return fmt.Sprintf("resolves to %s, which is not an address (%s)", strings.Join(a.Addresses, ", "), why)
		}
		s := "resolves to the public address "
		if a.Scope == dns.ScopePrivate {
			s = "resolves to the private address "
		}
		s += n.Addr.String()
		if len(a.Addresses) > 1 {
			s += fmt.Sprintf(" (the first of %s)", strings.Join(a.Addresses, ", "))
		}
		return s + " (" + why + ")"
	case dns.NXDomain:
		return "does not resolve: NXDOMAIN (" + why + ")"
	case dns.NoData:
		return "does not resolve: NODATA, the name has no address (" + why + ")"
	case dns.NotModelled:
		return "resolves through public DNS to an address the design does not give (" + why + ")"
	}
	return "does not resolve: the resolution failed (" + why + ")"
}

// Verdict combines the resolution and the walk to its address t in one
// sentence: "resolves to the public address 20.60.0.10 (why): the packet
// leaves for the Internet, not to the private endpoint pe-blob".
func (n NameTarget) Verdict(p *dataplane.Plane, t *trace.Trace) string {
	s := n.Summary()
	if !n.Resolved() || t == nil {
		return s
	}
	s += ": the packet "
	via := ""
	if v := t.Via(); len(v) > 0 {
		via = " through " + strings.Join(v, ", ")
	}
	pe, toPE := p.PrivateEndpointAt(t.Flow.DstIP)
	switch d := t.Disposition; {
	case d == trace.Delivered && toPE:
		s += "reaches the private endpoint " + pe.ID + via
	case d == trace.Delivered, d == trace.DeliveredOnPremises, d == trace.DeliveredToP2SClient:
		s += "is delivered to " + lastNode(t) + via
	case d == trace.ExitsToInternet:
		s += "leaves" + via + " to the Internet"
	case d == trace.ExitsToAzureService:
		s += "leaves" + via + " to the Azure service"
	case d == trace.ReachesAzurePlatform:
		s += "reaches the Azure platform"
	default:
		s += fmt.Sprintf("does not get there: %s (%s)", d, t.Reason)
	}
	if n.PrivateEndpoint != "" && (!toPE || pe.ID != n.PrivateEndpoint) {
		s += ", not to the private endpoint " + n.PrivateEndpoint
	}
	return s
}

// lastNode is the node the forward walk ended at.
func lastNode(t *trace.Trace) string {
	if len(t.Hops) == 0 {
		return t.Flow.DstIP.String()
	}
	return t.Hops[len(t.Hops)-1].Node
}

// ValidAnswer reports whether s is a resolve expectation's answer: one of
// the words (any case) or addresses separated by commas.
func ValidAnswer(s string) bool {
	_, ok := parseAnswer(s)
	return ok
}

// parseAnswer returns the addresses of an answer that lists them (sorted,
// distinct), nil for a word.
func parseAnswer(s string) ([]netip.Addr, bool) {
	s = strings.TrimSpace(s)
	for _, w := range []string{AnswerPrivate, AnswerPublic, AnswerNXDomain, AnswerNoData, AnswerFailed} {
		if strings.EqualFold(s, w) {
			return nil, true
		}
	}
	var out []netip.Addr
	for _, part := range strings.Split(s, ",") {
		a, err := netip.ParseAddr(strings.TrimSpace(part))
		if err != nil {
			return nil, false
		}
		out = append(out, a.Unmap())
	}
	slices.SortFunc(out, netip.Addr.Compare)
	return slices.Compact(out), true
}

// answerMatches reports whether the answer a is what want says.
func answerMatches(want string, a dns.Answer) bool {
	addrs, ok := parseAnswer(want)
	if !ok {
		return false
	}
	if addrs == nil {
		switch w := strings.TrimSpace(want); {
		case strings.EqualFold(w, AnswerPrivate):
			return a.Kind == dns.Address && a.Scope == dns.ScopePrivate
		case strings.EqualFold(w, AnswerPublic):
			return a.Kind == dns.Address && a.Scope == dns.ScopePublic || a.Kind == dns.NotModelled
		case strings.EqualFold(w, AnswerNXDomain):
			return a.Kind == dns.NXDomain
		case strings.EqualFold(w, AnswerNoData):
			return a.Kind == dns.NoData
		}
		return a.Kind == dns.Failed
	}
	if a.Kind != dns.Address {
		return false
	}
	var got []netip.Addr
	for _, s := range a.Addresses {
		ip, err := netip.ParseAddr(s)
		if err != nil {
			return false
		}
		got = append(got, ip.Unmap())
	}
	slices.SortFunc(got, netip.Addr.Compare)
	return slices.Equal(addrs, slices.Compact(got))
}

// resolveExp evaluates a resolve expectation.
func (ev *evaluator) resolveExp(e scenario.Expectation) Result {
	if ev.t == nil {
		return Result{Msg: "a resolve expectation needs the design: evaluate it with EvaluateDocument"}
	}
	if _, _, ok := ev.p.Endpoint(e.From); !ok {
		if why := ev.p.NotAnEndpoint(e.From); why != "" {
			return Result{Msg: fmt.Sprintf("%q is no endpoint: %s", e.From, why)}
		}
		return Result{Msg: fmt.Sprintf("unknown endpoint %q (want VM[/NIC], SITE/HOST or GATEWAY/CLIENT)", e.From)}
	}
	if !model.ValidDNSName(strings.TrimSpace(e.Name), false) {
		return Result{Msg: fmt.Sprintf("resolve expectation needs a DNS name, got %q", e.Name)}
	}
	if !ValidAnswer(e.Answer) {
		return Result{Msg: fmt.Sprintf("resolve expectation needs an answer: an address, private, public, NXDOMAIN or failed; got %q", e.Answer)}
	}
	res := ev.resolver().Resolve(e.From, e.Name)
	got := fmt.Sprintf("%s from %s: %s (%s)", res.Name, res.From, res.Answer, res.Reason)
	if !answerMatches(e.Answer, res.Answer) {
		return Result{Got: got, Msg: fmt.Sprintf("%s from %s should resolve to %s, but resolves to %s (%s)", res.Name, res.From, e.Answer, res.Answer, res.Reason)}
	}
	return Result{Got: got, OK: true}
}
