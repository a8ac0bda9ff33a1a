package trace

import (
	"net/netip"

	"vnetplay/engine/dataplane"
)

// Gateway suffixes: the part of a walk from the moment it enters a virtual
// network gateway (gatewayEgress, once the gateway is known to be up) to
// its end depends on the gateway, the destination address, whether the
// gateway was chosen for a UDR (forced), whether NSGs are evaluated, and
// the walk so far only through what a suffix (memo.go) reads of it: the
// NICs visited, the hops and the gateway budget spent, and the questions
// asked about the source address. Every walk entering a gateway has
// passed one (viaGateway is set), so that flag is the same for all. A
// Walker walks that part once per (gateway, destination, forced, nsgs),
// from a fresh walk, and splices it into every walk that enters the
// gateway for that destination when it fits — spoke to spoke through a
// hub's VPN gateway, every source's walk towards one destination crosses
// the same gateway and GatewaySubnet routes.
//
// The part is kept only when walking it on in place would do exactly the
// same: it read the hybrid control plane only through recorded questions
// (HybridRead; r.bgp unset), no NSG (Opaque), did not name the source in
// its reason, did not end in a Loop, was not delivered to a hybrid
// endpoint or a private endpoint (whose replies read the walk's state),
// and the gateway forwarded to its stand-in NIC (a NIC that is not a
// gateway's would be checked against the destination at walkOn's start,
// which walking on in place does not do). Walks that keep hops, ECMP
// probes and replies of flows from the Internet (whose exit reads the
// NICs visited) never splice one.

// gwKey names a gateway suffix.
type gwKey struct {
	gw     string
	dst    netip.Addr
	forced bool
	nsgs   bool
}

// gwSuffix is a memoized walk from entering a gateway: suffix's fields,
// plus the questions it asked the hybrid control plane (in order, each
// once), whether it asked any (readHybrid, also without deps), the gateway
// budget it spent and the NIC its last cross reached.
type gwSuffix struct {
	suffix
	hybrid     []HybridRead
	readHybrid bool
	budget     int
	reached    *dataplane.NIC
}

// sharesGateway reports whether walk r may splice a gateway suffix.
func (r *walkResult) sharesGateway() bool {
	return r.share && r.w != nil && r.quiet && !r.keepHops && !r.probe && r.replyVia == ""
}

// gatewayAt returns the suffix of a walk entering gateway gw for f's
// destination (forced: for a UDR), walking it on first use.
func (w *Walker) gatewayAt(gw string, f Flow, forced, nsgs bool, opts Options) *gwSuffix {
	k := gwKey{gw: gw, dst: f.DstIP, forced: forced, nsgs: nsgs}
	if s, ok := w.gateways[k]; ok {
		return s
	}
	sr := &walkResult{quiet: true, noDeps: !w.deps, w: w, viaGateway: true}
	next, done := egressAt(sr, w.p, gw, f, forced)
	standIn := next != nil && next.Gateway
	if !done && standIn {
		walkOn(sr, w.p, next, f, nsgs, opts)
	}
	s := &gwSuffix{
		suffix: suffix{
			reusable: (done || standIn) && !platformAddress(f.DstIP) && !sr.opaque && !sr.bgp && !sr.srcText &&
				sr.disp != Loop && sr.dstHybrid == "" && sr.dstPE == nil && sr.ecmpNote == "",
			disp: sr.disp, reason: sr.reason, dst: sr.dst, stateful: sr.stateful,
			visited: sr.visited, loops: sr.loops, preds: sr.preds, lookups: sr.lookups,
		},
		hybrid: sr.hybrid, readHybrid: sr.readHybrid, budget: sr.budget, reached: sr.reached,
	}
	if w.gateways == nil {
		w.gateways = map[gwKey]*gwSuffix{}
	}
	w.gateways[k] = s
	return s
}

// fits reports whether s continues walk r, which enters the gateway at
// iteration n of walkOn with source address src, exactly as walking on in
// place would: its NICs not visited before, its hop count and gateway
// budget within the limits once added to r's, and its questions about the
// source answered alike.
func (s *gwSuffix) fits(r *walkResult, src netip.Addr, n int) bool {
	if !s.reusable || n+s.loops >= MaxHops || r.budget+s.budget > 4*MaxHops {
		return false
	}
	if !continues(r, s.visited, s.preds, src) {
		return false
	}
	r.w.GatewayHits++
	return true
}

// spliceGateway ends r with s, as walking on from the gateway would have.
func (r *walkResult) spliceGateway(s *gwSuffix) {
	r.visited = append(r.visited, s.visited...)
	r.loops += s.loops
	r.budget += s.budget
	r.preds = append(r.preds, s.preds...)
	for _, q := range s.hybrid {
		r.read(q.Kind, q.ID, q.Addr)
	}
	r.readHybrid = r.readHybrid || s.readHybrid
	if s.reached != nil {
		r.reached = s.reached
	}
	r.splice(&s.suffix)
}
