package trace

import (
	"fmt"
	"net/netip"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/edge"
	"vnetplay/engine/route"
)

// exitInternet ends walk r at NIC cur, whose route e sends the packet to
// the Internet. A route to the Internet alone does not mean egress works
// (rule:internet-edge.egress-verdict): the packet leaves by the NIC's egress method, the first available
// in fact 262's order (edge.Index.Egress), with that method's public source
// address, or is dropped in a private subnet that has none (rule:internet-edge.private-subnet-without-egress: the route
// still shows). A 0.0.0.0/0 to an appliance or gateway has already won by
// routing; at the appliance its own NIC and subnet decide (rule:internet-edge.udr-beats-nat-gateway). The reply
// of a flow that came in from the Internet leaves the way it came in
// (r.replyVia, rule:internet-edge.instance-public-ip, rule:internet-edge.public-load-balancer) when it leaves from the NIC it was delivered to.
// A request (nsgs: a forward walk) to one of the design's own public
// addresses comes back in through it (hairpinIn, rule:internet-edge.hairpin).
func (r *walkResult) exitInternet(p *dataplane.Plane, cur *dataplane.NIC, e route.Effective, f Flow, nsgs bool) *walkResult {
	if r.replyVia != "" && len(r.visited) == 1 {
		r.hop("Internet")
		r.step(StepExit, "the reply leaves to the Internet through %s, the way the request came in (rule:internet-edge.instance-public-ip, rule:internet-edge.public-load-balancer)", r.replyVia)
		return r.end(ExitsToInternet, "route %s sends the reply back through %s", e.Prefix, r.replyVia)
	}
	d, why := r.internetExit(p, cur, e, f.Protocol)
	if d != ExitsToInternet {
		return r.endWith(d, why)
	}
	r.hop("Internet")
	if !r.quiet { // the step's words: a walk that records none skips the egress lookup again
		r.stepInternet(p, cur, e, f.Protocol)
	}
	if nsgs && !cur.Gateway && r.hairpin == nil {
		if _, own := p.Edge().Entry(f.DstIP); own {
			return r.hairpinIn(p, cur, f, why)
		}
	}
	return r.endWith(d, why)
}

// hairpin is what a walk that came back in through one of the design's
// own public addresses keeps for its reply (runTrace, hairpinReply): the
// entry, the packet as it came in and whether it was delivered.
type hairpin struct {
	en        entry
	in        Flow
	delivered bool
	sender    *dataplane.NIC // the NIC whose egress it left by
	egress    string         // that egress, in words (egressText)
}

// hairpinIn ends walk r, whose packet f has just left Azure at NIC cur
// (out, the exit's reason) for f.DstIP, a public address of this design:
// the Internet sends it back to Azure, where it comes in through that
// entry as any Internet traffic does, from the address it left with, so
// the entry's rules and the inbound NSGs at the backend's private address
// and port decide (comeIn, rule:internet-edge.hairpin). A Microsoft-owned
// default outbound address is unknown: the NSGs see the Internet probe
// address in its place. The walk goes no further than the backend, so a
// hairpin never leads to another.
func (r *walkResult) hairpinIn(p *dataplane.Plane, cur *dataplane.NIC, f Flow, out string) *walkResult {
	eg, _ := p.Edge().EgressFor(cur.ID, f.Protocol)
	in := Flow{Src: InternetSource, SrcIP: eg.Source, DstIP: f.DstIP, Protocol: f.Protocol, SrcPort: f.SrcPort, DstPort: f.DstPort}
	as := eg.Source.String()
	if !in.SrcIP.IsValid() {
		in.SrcIP = InternetProbe()
		as = fmt.Sprintf("its Microsoft-owned default outbound address (which vnetplay does not know: the NSGs see %s)", in.SrcIP)
	}
	r.opaque = true // the entry and the backend's NSGs
	r.step(StepForward, "%s is a public address of this design: the packet comes back in from the Internet, from %s (rule:internet-edge.hairpin)", f.DstIP, as)
	en, ok := r.comeIn(p, in) // internet.go
	r.hairpin = &hairpin{en: en, in: in, delivered: ok, sender: cur, egress: egressText(eg)}
	if en.nic != nil {
		r.reason = fmt.Sprintf("%s, and comes back in through %s from %s (rule:internet-edge.hairpin): %s", out, en.via, as, r.reason)
	} else {
		r.reason = fmt.Sprintf("%s, and comes back to %s from %s (rule:internet-edge.hairpin): %s", out, f.DstIP, as, r.reason)
	}
	return r
}

// hairpinReply walks the reply of forward walk fwd, delivered through an
// entry it came back in by (hairpinIn), as the reply of a flow from the
// Internet: it must leave straight back through the entry, to the
// address the request left with, whose egress takes it back to the
// sender on the same connection (rule:internet-edge.hairpin). It sets
// t's Return and, when the reply is lost, t's disposition.
func hairpinReply(t *Trace, p *dataplane.Plane, fwd *walkResult, opts Options, w *Walker) {
	hp := fwd.hairpin
	rf, ret := replyToInternet(newResult(hp.en.nic.ID, w, 1), p, hp.en, hp.in, opts) // internet.go
	d, why, lost := replyVerdict(hp.en, ret)
	if !lost {
		ret.step(StepForward, "the reply reaches the sender's egress, %s, which takes it back to %s (%s) on the same connection (rule:internet-edge.hairpin)", hp.egress, hp.sender.ID, hp.sender.IP)
	}
	attachReturn(t, p, fwd, ret, rf, w)
	t.deps.Opaque = true
	if lost {
		t.Disposition, t.Reason = d, why
	}
}

// endWith is r.end(d, "%s", reason), without formatting for a quiet walk.
func (r *walkResult) endWith(d Disposition, reason string) *walkResult {
	if r.quiet {
		r.disp, r.reason = d, reason
		return r
	}
	return r.end(d, "%s", reason)
}

// exitKey is what InternetExit reads of its arguments besides the plane.
type exitKey struct {
	nic      *dataplane.NIC
	prefix   netip.Prefix
	hop      route.NextHopType
	protocol string
}

// exitAnswer is InternetExit's answer.
type exitAnswer struct {
	disp   Disposition
	reason string
}

// internetExit is InternetExit, once per NIC, route prefix and next hop,
// and protocol for a walk with a Walker (whose plane is p).
func (r *walkResult) internetExit(p *dataplane.Plane, cur *dataplane.NIC, e route.Effective, protocol string) (Disposition, string) {
	if r.w == nil {
		return InternetExit(p, cur, e, protocol)
	}
	k := exitKey{nic: cur, prefix: e.Prefix, hop: e.NextHop, protocol: protocol}
	a, ok := r.w.exits[k]
	if !ok {
		a.disp, a.reason = InternetExit(p, cur, e, protocol)
		if r.w.exits == nil {
			r.w.exits = map[exitKey]exitAnswer{}
		}
		r.w.exits[k] = a
	}
	return a.disp, a.reason
}

// stepInternet records the step of a packet of protocol leaving at cur by
// route e: by the NIC's egress for it, and whether an appliance forwarded it.
func (r *walkResult) stepInternet(p *dataplane.Plane, cur *dataplane.NIC, e route.Effective, protocol string) {
	eg, ok := p.Edge().EgressFor(cur.ID, protocol)
	if cur.Gateway || !ok {
		r.step(StepExit, "leaves Azure to the Internet via %s", e.Origin)
		return
	}
	forwarded := ""
	if len(r.visited) > 1 {
		forwarded = fmt.Sprintf("; %s forwarded it, so its own subnet decides egress (rule:internet-edge.udr-beats-nat-gateway)", cur.VM)
	}
	r.step(StepExit, "leaves Azure to the Internet via %s; egress: %s%s", e.Origin, eg.Reason, forwarded)
}

// InternetExit is how a packet of protocol leaves at NIC cur (or a
// gateway) whose route e sends it to the Internet, unless it is a reply
// going back the way its request came in: ExitsToInternet by the NIC's
// egress for the protocol (rule:internet-edge.lb-snat-protocol), or
// DroppedNoEgress when the NIC has none for it. It reads the NIC, the
// route's prefix and the plane's edge, nothing of the walk.
func InternetExit(p *dataplane.Plane, cur *dataplane.NIC, e route.Effective, protocol string) (Disposition, string) {
	eg, ok := p.Edge().EgressFor(cur.ID, protocol)
	if cur.Gateway || !ok {
		return ExitsToInternet, fmt.Sprintf("route %s sends it to the Internet", e.Prefix)
	}
	if eg.Method == "" {
		return DroppedNoEgress, fmt.Sprintf("route %s (%s) matches, but %s", e.Prefix, e.NextHop, eg.Reason)
	}
	if eg.Method == edge.NatGateway && strings.EqualFold(protocol, "Icmp") {
		return DroppedNoEgress, fmt.Sprintf("route %s (%s) matches and %s is the subnet's egress, but a NAT gateway carries TCP and UDP only: ICMP does not leave (rule:internet-edge.nat-gateway)", e.Prefix, e.NextHop, egressText(eg))
	}
	return ExitsToInternet, fmt.Sprintf("route %s sends it to the Internet by %s", e.Prefix, egressText(eg))
}

// egressText is an egress method with its source address, for reasons.
func egressText(eg edge.Egress) string {
	switch {
	case eg.Method == edge.DefaultOutboundAccess:
		return "default outbound access (a Microsoft-owned source address, rule:internet-edge.default-outbound-access)"
	case eg.Resource != "":
		return fmt.Sprintf("%s %s (source %s)", eg.Method, eg.Resource, eg.Source)
	}
	return string(eg.Method)
}

// serviceEndpointNote says, for a service endpoint used from a private
// subnet, that this is not Internet egress and keeps working (rule:internet-edge.service-endpoint-not-egress).
func serviceEndpointNote(p *dataplane.Plane, cur *dataplane.NIC) string {
	if !p.Edge().Private(cur.Subnet) {
		return ""
	}
	return fmt.Sprintf(" (not Internet egress: it keeps working in private subnet %s, with the VM's private IP as source, rule:internet-edge.service-endpoint-not-egress)", cur.Subnet)
}
