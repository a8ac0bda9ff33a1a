package trace

import (
	"vnetplay/engine/dataplane"
	"vnetplay/engine/route"
)

// Gateway legs: the two kept pieces a caller that answers walks from legs
// (engine/reach) needs to answer a walk through a virtual network gateway
// without walking it: the entry (GatewayEntry: which gateway a route into
// a gateway sends the packet to, from a NIC of which VNet, and what that
// reads) and the part from the gateway on (GatewayPart: the Walker's
// gateway suffix, gatewaymemo.go). A walk at iteration n of walkOn (n NICs
// visited before the current one) that looks up route e there and enters
// the gateway ends exactly as the entry, then the part say, when the part
// fits it as gwSuffix.fits checks: the part is reusable, n+Loops() <
// MaxHops, n+1+Budget() <= 4·MaxHops (the walk spent one step of the
// gateway budget per NIC), none of Visited() was visited before, and each
// of SrcQuestions() is answered alike for the walk's source address.

// GatewayEntry is what walkOn reads on meeting route e (next hop
// VirtualNetworkGateway) at a NIC of VNet vnet, up to entering the
// gateway: whether Route Server injected the route (ok false: its NVA is
// the next hop), the gateway the route sends the packet into (forced: a
// UDR chose it, and the VNet's VPN gateway was asked for), and whether
// that gateway is up (ok false: the walk ends there, or has no control
// plane). Reads are the questions asked, in order, each once (with a
// Walker that records Deps; else none). It allocates: callers keep it per
// route and VNet.
func (w *Walker) GatewayEntry(e route.Effective, vnet string) (gw string, forced bool, reads []HybridRead, ok bool) {
	r := &walkResult{quiet: true, noDeps: !w.deps, w: w}
	if _, rs := routeServerHop(r, w.p, e); rs || r.bgp {
		return "", false, nil, false
	}
	gw, forced, _, done := gatewayEntry(r, w.p, e, vnet)
	if done || r.bgp {
		return "", false, nil, false
	}
	return gw, forced, r.hybrid, true
}

// GatewayPart is the Walker's kept part of the walks entering gateway gw
// for a destination from the moment they enter it (gatewaymemo.go). It is
// valid while its Walker is.
type GatewayPart struct{ s *gwSuffix }

// SrcQuestion is one question a kept part asked about the walk's source
// address: is it inside VNet's address space (the answer was In). VNet is
// nil for a VNet the plane does not have (never inside).
type SrcQuestion struct {
	VNet *dataplane.VNet
	In   bool
}

// GatewayPart returns the part of walks of flow f (its destination; f as
// runTrace completes it) entering gateway gw (forced: by a UDR) on from
// there, walked on first use, and whether it may continue another walk
// at all (reusable: see gatewaymemo.go); nsgs as walkOn's.
func (w *Walker) GatewayPart(gw string, f Flow, forced, nsgs bool) (GatewayPart, bool) {
	s := w.gatewayAt(gw, f, forced, nsgs, w.opts)
	return GatewayPart{s: s}, s.reusable
}

// Outcome is the part's disposition, reason and the NIC it delivered to
// (nil when it did not deliver to a NIC).
func (g GatewayPart) Outcome() (Disposition, string, *dataplane.NIC) {
	return g.s.disp, g.s.reason, g.s.dst
}

// Visited lists the NICs the part walked through, in order (the
// gateway's stand-in first).
func (g GatewayPart) Visited() []string { return g.s.visited }

// Loops is the number of walkOn iterations the part took.
func (g GatewayPart) Loops() int { return g.s.loops }

// Budget is the part of the gateway budget the part spent.
func (g GatewayPart) Budget() int { return g.s.budget }

// Stateful lists the VMs of the stateful appliances the part forwarded
// through.
func (g GatewayPart) Stateful() []string { return g.s.stateful }

// SrcQuestions appends to qs the questions the part asked about the
// source address, in order.
func (g GatewayPart) SrcQuestions(qs []SrcQuestion) []SrcQuestion {
	for _, q := range g.s.preds {
		qs = append(qs, SrcQuestion{VNet: q.vnet, In: q.in})
	}
	return qs
}

// Lookups are the part's route lookups, in order (with a Walker that
// records Deps). Callers must not modify them.
func (g GatewayPart) Lookups() []Lookup { return g.s.lookups }

// Hybrid are the questions the part asked the hybrid control plane, in
// order, each once (with a Walker that records Deps). Callers must not
// modify them.
func (g GatewayPart) Hybrid() []HybridRead { return g.s.hybrid }

// FitsAfter reports whether the part, kept (GatewayPart's ok), may end a
// walk that entered the gateway at iteration n of walkOn: its hop count
// and gateway budget within the limits (gwSuffix.fits; the visited NICs
// and the source questions are the caller's to check).
func (g GatewayPart) FitsAfter(n int) bool {
	return n+g.s.loops < MaxHops && n+1+g.s.budget <= 4*MaxHops
}
