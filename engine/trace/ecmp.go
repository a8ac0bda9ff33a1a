package trace

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/route"
)

// ECMPIndex is the branch (0 ≤ i < n) the engine's walks follow through a
// route with n equal-cost next hops for flow f: a stable hash (FNV-1a,
// 64-bit) of the 5-tuple (source and destination address, protocol,
// source and destination port) modulo n. Azure spreads flows across the
// next hops of an ECMP route by a hash of the 5-tuple (rule:route-server.as-path-and-ecmp) but does not
// document the hash, so this one is the engine's own: the same flow always
// takes the same branch, and flows that differ only in a port spread over
// the branches. The reply, whose tuple is reversed, may take another
// branch, as Azure does not promise symmetry either (rule:vpn-gateway.active-active, rule:route-server.as-path-and-ecmp). n < 1
// gives 0.
func ECMPIndex(f Flow, n int) int {
	if n < 2 {
		return 0
	}
	h := fnv.New64a()
	src, dst := f.SrcIP.Unmap().As16(), f.DstIP.Unmap().As16()
	h.Write(src[:])
	h.Write(dst[:])
	h.Write([]byte(strings.ToLower(f.Protocol)))
	var ports [4]byte
	binary.BigEndian.PutUint16(ports[:2], uint16(f.SrcPort))
	binary.BigEndian.PutUint16(ports[2:], uint16(f.DstPort))
	h.Write(ports[:])
	return int(h.Sum64() % uint64(n))
}

// followECMP picks which next hop of ECMP route e (a Route Server route,
// its next hops the NVAs) the walk at NIC cur in VNet vnet follows: the
// ECMPIndex branch. It records the choice as a step. Unless r is itself a
// branch probe, it also walks every branch's forward path on its own
// (branchOutcomes); when they do not all end alike, the walk's final
// reason says so (ecmpNote), because which flows take which branch is up
// to Azure's undocumented hash: the answer then holds for this flow only.
func (r *walkResult) followECMP(p *dataplane.Plane, cur *dataplane.NIC, vnet string, e route.Effective, f Flow, nsgs bool, opts Options) netip.Addr {
	hops := e.NextHopIPs()
	chosen := hops[ECMPIndex(f, len(hops))]
	names := make([]string, len(hops))
	for i, h := range hops {
		names[i] = hopName(p, h)
	}
	r.step(StepRoute, "ECMP across %s: Azure spreads flows by a hash of the 5-tuple; this walk follows %s (the hash is the engine's own: Azure does not document it, rule:route-server.as-path-and-ecmp)",
		strings.Join(names, ", "), hopName(p, chosen))
	if r.probe {
		return chosen
	}
	outs := r.branchOutcomes(p, cur, vnet, e, hops, f, nsgs, opts)
	if differ(outs) && r.ecmpNote == "" {
		parts := make([]string, len(outs))
		for i, o := range outs {
			parts[i] = fmt.Sprintf("via %s %s", names[i], o.disp)
		}
		r.ecmpNote = fmt.Sprintf("ECMP branches end differently: %s; other flows of this pair may take another branch, by Azure's undocumented hash (rule:route-server.as-path-and-ecmp)",
			strings.Join(parts, ", "))
	}
	return chosen
}

// branchOutcome is how one ECMP branch's forward walk ends.
type branchOutcome struct {
	disp Disposition
}

// differ reports whether the branches end with different dispositions.
func differ(outs []branchOutcome) bool {
	for _, o := range outs[1:] {
		if o.disp != outs[0].disp {
			return true
		}
	}
	return false
}

// branchOutcomes walks the forward path through each next hop of e from
// cur, as a probe: a separate walk that continues from r's state (NICs
// visited, budget, gateway passed, stateful NVAs), follows the hash at any
// further ECMP route without probing again, and whose route lookups count
// as r's (Deps). Probes keep their own hop count from cur; the shared
// budget still bounds them.
func (r *walkResult) branchOutcomes(p *dataplane.Plane, cur *dataplane.NIC, vnet string, e route.Effective, hops []netip.Addr, f Flow, nsgs bool, opts Options) []branchOutcome {
	outs := make([]branchOutcome, len(hops))
	for i, h := range hops {
		b := &walkResult{hops: []Hop{{Node: cur.ID}}, noDeps: r.noDeps, w: r.w, probe: true, viaGateway: r.viaGateway, budget: r.budget,
			visited: slices.Clone(r.visited), stateful: slices.Clone(r.stateful)}
		ea := e
		ea.NextHop = route.VirtualAppliance
		if nic, done := b.cross(p, vnet, ea, h, f, nsgs, opts); !done {
			walkFrom(b, p, nic, f, nsgs, opts)
		}
		outs[i] = branchOutcome{disp: b.disp}
		if !r.noDeps {
			r.lookups = append(r.lookups, b.lookups...)
			r.hybrid = append(r.hybrid, b.hybrid...)
		}
		r.opaque = r.opaque || b.opaque
		r.bgp, r.readHybrid = r.bgp || b.bgp, r.readHybrid || b.readHybrid
	}
	return outs
}

// hopName is an ECMP next hop as the walk names it: the address and the
// NIC that has it, if any.
func hopName(p *dataplane.Plane, a netip.Addr) string {
	if n, ok := p.NICAt(a); ok {
		return a.String() + " (" + n.ID + ")"
	}
	return a.String()
}

// walkFrom is walkOn plus the ECMP note: when the walk went through an ECMP
// route whose branches end differently, its final reason says so once.
func walkFrom(r *walkResult, p *dataplane.Plane, start *dataplane.NIC, f Flow, nsgs bool, opts Options) *walkResult {
	walkOn(r, p, start, f, nsgs, opts)
	if r.ecmpNote != "" && !r.ecmpNoted {
		r.reason += "; " + r.ecmpNote
		r.ecmpNoted = true
	}
	return r
}
