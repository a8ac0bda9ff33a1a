package trace

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// Run traces f through p: the forward walk from NIC f.Src to f.DstIP and, if
// it delivers to a NIC, the reply's walk back. Empty protocol and ports take
// the defaults (Tcp, 50000 → 443); SrcIP is always the source NIC's address.
// Run never panics and always terminates.
func Run(p *dataplane.Plane, f Flow) *Trace { return RunWith(p, f, Options{}) }

// Options tune how a walk interprets documented conflicts. The zero value
// follows design-notes §4.
type Options struct {
	// TagOnlyPeeringFlags models allowVirtualNetworkAccess=false and
	// allowForwardedTraffic=false the way field tests observed them (rule:peering.allow-virtual-network-access,
	// rule:peering.allow-forwarded-traffic, section W): they only shape the VirtualNetwork service tag and do
	// not drop traffic. The default (false) blocks, as design-notes §4 decides.
	TagOnlyPeeringFlags bool
}

// RunWith is Run with options. f.Src may be a NIC (or VM) id, an
// on-premises host "<site>/<host>" or a P2S client "<gateway>/<client>".
func RunWith(p *dataplane.Plane, f Flow, opts Options) *Trace { return runTrace(p, f, opts, nil) }

// runTrace is RunWith; with a Walker, the walks are quiet (no hops or steps, only
// the disposition and reason) and continue from the Walker's memo.
// The Walker's Trace, return Trace and walk results are reused by its next
// walk.
func runTrace(p *dataplane.Plane, f Flow, opts Options, w *Walker) *Trace {
	var t *Trace
	if w != nil {
		t = &w.tr[0]
	} else {
		t = new(Trace)
	}
	*t = Trace{Flow: f, deps: Deps{Opaque: true}}
	src, isNIC, hsrc, isHybrid := source(p, f.Src, w)
	if !isNIC && !isHybrid {
		hsrc, isHybrid = GatewayEndpoint(p, f.Src) // gateway_endpoint.go
	}
	if f.Src == InternetSource && !isNIC && !isHybrid {
		return runFromInternet(p, f, opts, w) // internet.go
	}
	if _, isPE := p.PrivateEndpoint(f.Src); isPE && !isNIC && !isHybrid {
		t.Disposition, t.Reason = InvalidFlow, peSourceInvalid(f.Src) // privatelink.go
		return t
	}
	if !isNIC && !isHybrid {
		t.Disposition, t.Reason = InvalidFlow, fmt.Sprintf("unknown source endpoint %q", f.Src)
		return t
	}
	if !f.DstIP.IsValid() {
		t.Disposition, t.Reason = InvalidFlow, "invalid destination address"
		return t
	}
	if f.Protocol == "" {
		f.Protocol = DefaultProtocol
	}
	if f.DstPort == 0 {
		f.DstPort = DefaultDstPort
	}
	if f.SrcPort == 0 {
		f.SrcPort = DefaultSrcPort
	}
	srcID := hsrc.ID
	if isNIC {
		f.SrcIP, srcID = src.IP, src.ID
	} else {
		f.SrcIP = hsrc.IP
	}
	f.DstIP = f.DstIP.Unmap()
	t.Flow = f
	var fwd *walkResult
	if isNIC {
		fwd = walkFrom(newResult(src.ID, w, 0), p, src, f, true, opts)
	} else {
		fwd = hybridWalk(newResult(hsrc.ID, w, 0), p, hsrc, f, true, opts)
	}
	t.Hops, t.Disposition, t.Reason = fwd.hops, fwd.disp, fwd.reason
	t.landed = landedAt(fwd, src, f)
	if w == nil {
		classifyHops(p, t.Hops)
	}
	t.deps = Deps{Lookups: fwd.lookups, Opaque: fwd.opaque, BGP: fwd.bgp, Hybrid: fwd.hybrid}
	if fwd.hairpin != nil { // egress.go: out to one of the design's own public addresses and back in
		if fwd.hairpin.delivered {
			hairpinReply(t, p, fwd, opts, w)
		}
		return t
	}
	delivered := fwd.disp == Delivered || fwd.disp == DeliveredOnPremises || fwd.disp == DeliveredToP2SClient
	if !delivered || (fwd.dst == nil && fwd.dstHybrid == "" && fwd.dstPE == nil) || (fwd.dst != nil && fwd.dst.ID == srcID) {
		return t
	}
	rf := Flow{SrcIP: f.DstIP, DstIP: f.SrcIP, Protocol: f.Protocol, SrcPort: f.DstPort, DstPort: f.SrcPort}
	var ret *walkResult
	if fwd.dstPE != nil {
		rf.Src = fwd.dstPE.ID
		ret = replyFromPE(newResult(fwd.dstPE.ID, w, 1), p, fwd.dstPE, fwd.peFrom, rf, opts) // privatelink.go
	} else if fwd.dst != nil {
		rf.Src = fwd.dst.ID
		ret = walkFrom(newResult(fwd.dst.ID, w, 1), p, fwd.dst, rf, false, opts)
	} else {
		ep, _ := endpointByID(p, fwd.dstHybrid)
		if fwd.dstBehind.ID != "" {
			ep = fwd.dstBehind // behind.go: maybe an address with no declared host
		}
		rf.Src = ep.ID
		ret = hybridWalk(newResult(ep.ID, w, 1), p, ep, rf, false, opts)
	}
	attachReturn(t, p, fwd, ret, rf, w)
	back := (ret.dst != nil && ret.dst.ID == srcID) || (ret.dstHybrid != "" && ret.dstHybrid == srcID)
	switch {
	case !back:
		t.Disposition, t.Reason = DroppedOnReturn, ReturnDroppedReason(ret.reason)
	default:
		if d := asymmetric(fwd.stateful, ret.stateful); d != "" {
			if fwd.dstPE != nil {
				d += "; " + peAsymmetricNote(fwd.dstPE)
			}
			t.Disposition, t.Reason = DroppedAsymmetric, d
		}
	}
	return t
}

// landedAt is the NIC the forward walk fwd from src (nil for a hybrid
// source) of flow f delivered to (Trace.DeliveredNIC).
func landedAt(fwd *walkResult, src *dataplane.NIC, f Flow) string {
	switch {
	case fwd.disp != Delivered:
		return ""
	case fwd.dst != nil:
		return fwd.dst.ID
	case src != nil && fwd.dstPE == nil && fwd.dstHybrid == "" && f.DstIP == src.IP:
		return src.ID // "destination is the source NIC itself"
	}
	return ""
}

// attachReturn sets t's return Trace to the reply ret (flow rf) of the
// forward walk fwd, and adds what ret read to t's Deps (the forward
// walk's lookups first, then the reply's).
func attachReturn(t *Trace, p *dataplane.Plane, fwd, ret *walkResult, rf Flow, w *Walker) {
	if w != nil {
		t.Return = &w.tr[1]
	} else {
		t.Return = new(Trace)
	}
	*t.Return = Trace{Flow: rf, Disposition: ret.disp, Reason: ret.reason, Hops: ret.hops, deps: Deps{Lookups: ret.lookups, Opaque: ret.opaque, BGP: ret.bgp, Hybrid: ret.hybrid}}
	if w == nil {
		classifyHops(p, t.Return.Hops)
	}
	t.deps.Lookups = append(t.deps.Lookups, ret.lookups...)
	if w != nil {
		fwd.lookups = t.deps.Lookups[:len(fwd.lookups)] // the Walker's buffer keeps the room for both
	}
	t.deps.Hybrid = append(t.deps.Hybrid, ret.hybrid...)
	if w != nil {
		fwd.hybrid = t.deps.Hybrid[:len(fwd.hybrid)] // likewise
	}
	t.deps.Opaque = t.deps.Opaque || ret.opaque
	t.deps.BGP = t.deps.BGP || ret.bgp
}

// asymmetric names a stateful NVA that sees only one half of the flow
// (rule:nva.per-direction-routing, rule:nva.stateful-asymmetry-drop), or returns "".
func asymmetric(fwd, ret []string) string {
	for _, vm := range fwd {
		if !slices.Contains(ret, vm) {
			return fmt.Sprintf("asymmetric path: stateful %s sees the request but the reply bypasses it, so it drops the flow (rule:nva.per-direction-routing, rule:nva.stateful-asymmetry-drop)", vm)
		}
	}
	for _, vm := range ret {
		if !slices.Contains(fwd, vm) {
			return fmt.Sprintf("asymmetric path: the reply goes through stateful %s, which has no session for it and drops it (rule:nva.per-direction-routing, rule:nva.stateful-asymmetry-drop)", vm)
		}
	}
	return ""
}

type walkResult struct {
	hops     []Hop
	disp     Disposition
	reason   string
	dst      *dataplane.NIC
	stateful []string // VMs of stateful NVAs forwarded through
	// dstHybrid is the on-premises host, P2S client, gateway address or
	// host behind an NVA delivered to; dstBehind is the last (behind.go).
	dstHybrid string
	dstBehind dataplane.HybridEndpoint
	// dstPE is the private endpoint delivered to, peFrom the NIC the
	// packet reached it from (privatelink.go); crossFrom is the NIC the
	// current cross started at.
	dstPE             *dataplane.PrivateEndpoint
	peFrom, crossFrom *dataplane.NIC
	// viaGateway: a virtual network gateway forwarded the packet and no
	// appliance has since (rule:peering.gateway-forwarded-exempt).
	viaGateway bool
	// breakout is the forced-tunnelling rule that sent the packet towards
	// an on-premises breakout (gateway.go: breakoutRule), kept for the
	// steps only: quiet walks leave it empty.
	breakout string
	// budget bounds the walk across gateways and sites.
	budget int
	// lookups, opaque, bgp and hybrid record what the walk read (Deps);
	// readHybrid is set with the first question recorded in hybrid (even
	// with noDeps, which records none: hybridreads.go).
	lookups     []Lookup
	opaque, bgp bool
	hybrid      []HybridRead
	readHybrid  bool
	// quiet walks record no steps (their hops are not kept either, unless
	// keepHops) and, with noDeps, no lookups: the matrix needs only the
	// outcome.
	quiet, noDeps, keepHops bool
	// w is the Walker of a quiet walk (its caches); with share set, the
	// walk continues from w's memoized suffixes (memo.go).
	w     *Walker
	share bool
	// visited lists the NICs walked through, loops counts the iterations
	// of walkFrom's loop; preds and srcText record how the walk used the
	// packet's source address (memo.go).
	visited    []string
	visitedBuf [4]string
	reached    *dataplane.NIC // the NIC the last cross reached
	loops      int
	preds      []srcPred
	srcText    bool
	// probe marks a walk down one ECMP branch (ecmp.go), which probes no
	// further; ecmpNote, when set, is added to the final reason once
	// (ecmpNoted): the ECMP branches end differently.
	probe     bool
	ecmpNote  string
	ecmpNoted bool
	// replyVia names the public entry a flow from the Internet came in
	// by; its reply leaves the same way (internet.go).
	replyVia string
	// hairpin is set when the packet left for one of the design's own
	// public addresses and came back in through it (egress.go).
	hairpin *hairpin
}

// newResult starts a walk at node. A Walker makes it quiet and reuses its
// result number slot (0: forward, 1: return), keeping the buffers.
func newResult(node string, w *Walker, slot int) *walkResult {
	if w == nil {
		return &walkResult{hops: []Hop{{Node: node}}}
	}
	r := &w.res[slot]
	*r = walkResult{quiet: true, noDeps: !w.deps, w: w, share: true, stateful: r.stateful[:0], preds: r.preds[:0],
		keepHops: w.paths, hops: r.hops[:0], lookups: r.lookups[:0], hybrid: r.hybrid[:0]}
	r.visited = r.visitedBuf[:0]
	if w.paths {
		r.hops = append(r.hops, Hop{Node: node})
	}
	return r
}

// srcIn reports whether the packet's source address src lies in VNet
// vnet's address space, and records the question for the memo.
func (r *walkResult) srcIn(p *dataplane.Plane, vnet string, src netip.Addr) bool {
	v, _ := p.VNet(vnet)
	in := srcInVNet(v, src)
	r.preds = append(r.preds, srcPred{vnet: v, in: in})
	return in
}

// source resolves a walk's source endpoint (the Walker keeps the last one:
// a matrix asks row by row).
func source(p *dataplane.Plane, id string, w *Walker) (*dataplane.NIC, bool, dataplane.HybridEndpoint, bool) {
	if w != nil && w.src.id == id && w.src.set {
		return w.src.nic, w.src.isNIC, w.src.hybrid, w.src.isHybrid
	}
	nic, isNIC := p.NIC(id)
	h, isHybrid := p.HybridEndpoint(id)
	if w != nil {
		w.src = lastSource{id: id, set: true, nic: nic, isNIC: isNIC, hybrid: h, isHybrid: isHybrid}
	}
	return nic, isNIC, h, isHybrid
}

// at returns the subnet and route table of NIC n (cached by a Walker).
// loopRules cites what a loop back to NIC n for dst comes from, given
// cycle, the NICs walked from n's first visit on: a gateway route in n's
// own subnet that sends dst to n itself is a route the NVA advertised to
// Route Server, injected into its own subnet
// (rule:route-server.nva-subnet-loop); otherwise the appliances' own
// routes (rule:nva.own-nic-routes), and, when a NIC of the cycle sends dst
// to an appliance inside its own subnet, the rule on such an appliance
// (rule:udr.appliance-same-subnet-loop).
func loopRules(p *dataplane.Plane, n *dataplane.NIC, cycle []string, dst netip.Addr, w *Walker) string {
	if _, tab := at(p, n, w); tab != nil {
		if e, ok := tab.Lookup(dst); ok && e.Source == route.Gateway && e.NextHopIP == n.IP {
			return "rule:route-server.nva-subnet-loop"
		}
	}
	for _, id := range cycle {
		if c, ok := p.NIC(id); ok && steersIntoOwnSubnet(p, c, dst, w) {
			return "rule:udr.appliance-same-subnet-loop, rule:nva.own-nic-routes"
		}
	}
	return "rule:nva.own-nic-routes"
}

// steersIntoOwnSubnet reports whether NIC n's subnet sends dst to a
// virtual appliance inside that same subnet.
func steersIntoOwnSubnet(p *dataplane.Plane, n *dataplane.NIC, dst netip.Addr, w *Walker) bool {
	s, tab := at(p, n, w)
	if s == nil || tab == nil {
		return false
	}
	e, ok := tab.Lookup(dst)
	return ok && e.NextHop == route.VirtualAppliance && s.Prefix.Contains(e.NextHopIP)
}

// loopReason is the reason of a walk that comes back to NIC n: the cycle
// of NICs from n's first visit (visited from index i) back to n, and the
// rules behind it (loopRules).
func loopReason(p *dataplane.Plane, n *dataplane.NIC, visited []string, i int, dst netip.Addr, w *Walker) string {
	cycle := visited[i:]
	return fmt.Sprintf("routing loop: the packet returns to %s (%s → %s; %s)", n.ID, strings.Join(cycle, " → "), n.ID, loopRules(p, n, cycle, dst, w))
}

func at(p *dataplane.Plane, n *dataplane.NIC, w *Walker) (*dataplane.Subnet, *route.Table) {
	if w != nil {
		if c, ok := w.nicAt[n]; ok {
			return c.subnet, c.table
		}
	}
	sn, _ := p.Subnet(n.Subnet)
	tab, _ := p.Routes(n.Subnet)
	if w != nil && !n.Gateway { // gateway stand-ins are made per walk
		w.nicAt[n] = nicCtx{subnet: sn, table: tab}
	}
	return sn, tab
}

// lookup records one route lookup (Deps) unless the walk keeps none.
func (r *walkResult) lookup(l Lookup) {
	if !r.noDeps {
		r.lookups = append(r.lookups, l)
	}
}

// hop appends a hop at node (not in quiet walks, unless they keep hops:
// then the hop has no steps).
func (r *walkResult) hop(node string) {
	if !r.quiet || r.keepHops {
		r.hops = append(r.hops, Hop{Node: node})
	}
}

// outboundDropped records the outbound NSG verdicts v (ok: the packet
// passes) and the NSGs met; a drop ends the walk and reports true.
func (r *walkResult) outboundDropped(v string, ok bool, met nsgsMet) bool {
	if !ok {
		r.end(DroppedByNSG, "outbound %s", v)
		r.attachNSGs(met)
		return true
	}
	if v != "" {
		r.step(StepNSG, "outbound %s", v)
		r.attachNSGs(met)
	}
	return false
}

func (r *walkResult) step(k StepKind, format string, args ...any) {
	if r.quiet {
		return
	}
	h := &r.hops[len(r.hops)-1]
	h.Steps = append(h.Steps, Step{Kind: k, Detail: fmt.Sprintf(format, args...)})
}

func (r *walkResult) end(d Disposition, format string, args ...any) *walkResult {
	r.disp, r.reason = d, fmt.Sprintf(format, args...)
	if r.quiet {
		return r
	}
	if d == Delivered || d == DeliveredOnPremises || d == DeliveredToP2SClient {
		r.step(StepDeliver, "%s", r.reason)
	} else if !d.Success() {
		r.step(StepDrop, "%s: %s", d, r.reason)
	}
	return r
}

// walkOn moves the packet of walk r from NIC (or gateway) start until it
// is delivered, leaves, or is dropped. nsgs selects whether NSGs are
// evaluated (not on the stateful reply, rule:nsg.stateful). Call it through walkFrom
// (ecmp.go), which words the reason of a walk through ECMP branches.
func walkOn(r *walkResult, p *dataplane.Plane, start *dataplane.NIC, f Flow, nsgs bool, opts Options) *walkResult {
	if f.DstIP == start.IP && !start.Gateway {
		return r.end(Delivered, "destination is the source NIC itself")
	}
	if platformAddress(f.DstIP) {
		return r.toPlatform(p, start, f, nsgs)
	}
	cur := start
	for n := 0; ; n++ {
		if r.share && n > 0 && r.budget == n && !cur.Gateway {
			if s := r.w.suffixAt(cur, f, nsgs, r.viaGateway); s.fits(r, p, f.SrcIP, n) {
				return r.splice(s)
			}
		}
		r.loops++
		if r.budget++; n >= MaxHops || r.budget > 4*MaxHops {
			return r.end(Loop, "more than %d hops", MaxHops)
		}
		if i := slices.Index(r.visited, cur.ID); i >= 0 {
			return r.end(Loop, "%s", loopReason(p, cur, r.visited, i, f.DstIP, r.w))
		}
		r.visited = append(r.visited, cur.ID)
		if r.behindAt(p, cur, f) { // behind.go
			return r
		}
		curSubnet, tab := at(p, cur, r.w)
		if cur.Gateway {
			r.read(ReadSpeaker, cur.ID, netip.Addr{})
			for _, ep := range r.gatewayEndpoints(p, cur.ID) {
				if ep.IP == f.DstIP { // the packet is for the gateway itself
					r.deliverToGateway(p, ep)
					return r
				}
			}
		}
		if nsgs && !cur.Gateway {
			if cur.NSG != "" || curSubnet.NSG != "" {
				r.opaque = true
			}
			if r.outboundDropped(outbound(p, cur, curSubnet, f)) {
				return r
			}
		}
		e, ok := tab.Lookup(f.DstIP)
		if cur.Gateway && ok && e.NextHop == route.VirtualNetworkServiceEndpoint {
			if !r.quiet {
				r.step(StepRoute, "%s", serviceEndpointNotForGateway(e, cur.Subnet))
			}
			e, ok = gatewayLookup(tab, f.DstIP) // gateway.go
		}
		if !r.noDeps {
			r.lookup(Lookup{Subnet: cur.Subnet, Dst: f.DstIP, Route: e, Found: ok})
		}
		if !ok {
			return r.end(DroppedNoRoute, "no route in %s matches %s", cur.Subnet, f.DstIP)
		}
		if !r.quiet {
			r.step(StepRoute, "%s", describe(e, cur.Subnet))
			r.attachRoute(e, cur.Subnet)
		}
		var target netip.Addr
		switch e.NextHop {
		case route.None:
			if !r.quiet && !cur.Gateway {
				if h := noneRouteHint(p, curSubnet.VNet, e, f.DstIP); h != "" {
					r.step(StepRoute, "%s", h)
				}
			}
			return r.end(DroppedByNoneRoute, "%s", NoneRouteReason(e))
		case route.Internet:
			return r.exitInternet(p, cur, e, f, nsgs) // egress.go
		case route.VirtualNetworkServiceEndpoint:
			r.hop("AzureService")
			r.step(StepExit, "reaches %s over its service endpoint%s", e.Origin.ID, serviceEndpointNote(p, cur))
			return r.end(ExitsToAzureService, "service endpoint %s", e.Origin.ID)
		case route.VirtualNetworkGateway:
			// What the gateway's walk reads is recorded as it is read
			// (hybridreads.go), or sets r.bgp.
			if ip, ok := routeServerHop(r, p, e); ok {
				r.bgp = true  // Route Server's NVAs (not recorded)
				if e.ECMP() { // rule:route-server.as-path-and-ecmp: several NVAs, one branch per flow
					ip = r.followECMP(p, cur, curSubnet.VNet, e, f, nsgs, opts)
				}
				// rule:route-server.control-plane-only, rule:route-server.routes-shown-as-gateway: a Route Server route's next hop is the NVA itself.
				r.step(StepGateway, "Route Server %s injected this route: packets go straight to the NVA %s (rule:route-server.control-plane-only)", e.Origin.ID, ip)
				target = ip
				e.NextHop = route.VirtualAppliance
				break
			}
			next, done := gatewayEgress(r, p, e, f, curSubnet.VNet, n, nsgs, opts)
			if done {
				return r
			}
			cur = next
			continue
		case route.VirtualAppliance:
			target = e.NextHopIP
		case route.InterfaceEndpoint: // rule:private-endpoints.interface-endpoint-route: to the private endpoint (cross)
			target = f.DstIP
		default: // VnetLocal, VNetPeering, VNetGlobalPeering
			target = f.DstIP
		}
		if r.share && e.NextHop == route.VirtualAppliance && !cur.Gateway && target != f.DstIP {
			// The hop to an appliance does not depend on the destination
			// (memo.go): shared by every walk through cur to target.
			if h := r.w.hopAt(cur, curSubnet.VNet, target, f, nsgs, r.viaGateway); h.fits(r, p, f) {
				if h.at != nil {
					r.hop(h.at.ID) // as cross does on reaching it
				}
				if h.next == nil {
					r.disp, r.reason = h.disp, h.reason
					return r
				}
				if h.next.Stateful && !slices.Contains(r.stateful, h.next.VM) {
					r.stateful = append(r.stateful, h.next.VM)
				}
				cur = h.next
				continue
			}
		}
		r.crossFrom = cur
		nic, done := r.cross(p, curSubnet.VNet, e, target, f, nsgs, opts)
		if done {
			return r
		}
		cur = nic
	}
}

// cross moves the packet at a NIC in VNet curVNet, whose route e sends it
// to target, across to the NIC that receives it: appliance reachability
// (rule:route-selection.appliance-directly-reachable), the peering rules, Basic load balancers over global peering (rule:peering.basic-lb-global),
// the inbound NSGs and forwarding (rule:nva.ip-forwarding, rule:nva.own-nic-routes). It returns that NIC to walk
// on from, or done after ending r (dropped or delivered).
func (r *walkResult) cross(p *dataplane.Plane, curVNet string, e route.Effective, target netip.Addr, f Flow, nsgs bool, opts Options) (*dataplane.NIC, bool) {
	tv, ok := p.VNetFrom(curVNet, peeringRemote(e), target) // rule:address-space.private-ip-per-vnet
	switch {
	case e.NextHop == route.VirtualAppliance && (!ok || (tv.ID != curVNet && !linked(p, curVNet, tv.ID))):
		r.end(DroppedApplianceUnreachable, "%s", ApplianceUnreachableReason(target, curVNet))
		return nil, true
	case e.NextHop == route.VnetLocal && (!ok || tv.ID != curVNet):
		r.end(DroppedNoHost, "VnetLocal route, but %s is not in %s (rule:udr.vnetlocal-within-vnet)", target, curVNet)
		return nil, true
	case !ok:
		r.end(DroppedNoHost, "no VNet contains %s", target)
		return nil, true
	}
	global := false
	if tv.ID != curVNet {
		if l := p.Link(curVNet, tv.ID); l != nil {
			global = l.Global
		}
		d, why := crossPeering(p, curVNet, tv.ID, r, f.SrcIP, opts)
		if d != Delivered {
			r.end(d, "%s", why)
			return nil, true
		}
		if !r.quiet {
			r.step(StepPeering, "%s", why)
			r.attachPeering(p, curVNet, tv.ID)
		}
	}
	if global {
		if lb, ok := p.LoadBalancerIn(tv.ID, target); ok && lb.Basic {
			r.end(DroppedBasicLBGlobalPeering, "load balancer %s is Basic SKU: its frontend %s cannot be reached over a global peering (rule:peering.basic-lb-global)", lb.ID, target)
			return nil, true
		}
	}
	nic, lbNote := hostAt(p, tv.ID, target, e.NextHop == route.VirtualAppliance)
	if nic == nil && target == f.DstIP {
		if ep, ok := GatewayEndpointAt(p, target); ok {
			r.deliverToGateway(p, ep)
			return nil, true
		}
		if pe, ok := p.PrivateEndpointIn(tv.ID, target); ok {
			r.deliverToPE(p, pe, r.crossFrom, f, nsgs) // privatelink.go
			return nil, true
		}
	}
	if nic == nil {
		r.end(DroppedNoHost, "%s", NoHostReason(p, target))
		return nil, true
	}
	r.reached = nic
	if lbNote != "" {
		r.step(StepForward, "%s", lbNote)
	}
	r.hop(nic.ID)
	if nsgs {
		nicSubnet, _ := p.Subnet(nic.Subnet)
		if nic.NSG != "" || nicSubnet.NSG != "" {
			r.opaque = true
		}
		v, ok, met := inbound(p, nic, nicSubnet, f)
		if !ok {
			r.end(DroppedByNSG, "inbound %s", v)
			r.attachNSGs(met)
			return nil, true
		}
		if v != "" {
			r.step(StepNSG, "inbound %s", v)
			r.attachNSGs(met)
		}
	}
	if nic.IP == f.DstIP || (lbNote != "" && e.NextHop != route.VirtualAppliance) {
		r.dst = nic
		if r.quiet {
			r.disp, r.reason = Delivered, r.w.deliveredTo(nic)
			return nil, true
		}
		r.end(Delivered, "%s", DeliveredReason(nic))
		return nil, true
	}
	if !nic.IPForwarding {
		r.end(DroppedIPForwardingOff, "%s has IP forwarding off: the platform drops packets not addressed to it (rule:nva.ip-forwarding)", nic.ID)
		return nil, true
	}
	if !nic.GuestForwarding {
		r.end(DroppedIPForwardingOff, "the guest OS of %s does not forward (rule:nva.ip-forwarding)", nic.VM)
		return nil, true
	}
	if !r.quiet {
		r.step(StepForward, "%s forwards (IP forwarding on in Azure and in the guest); its own subnet's routes decide next (rule:nva.own-nic-routes)", nic.VM)
	}
	if nic.Stateful && !slices.Contains(r.stateful, nic.VM) {
		r.stateful = append(r.stateful, nic.VM)
	}
	// The appliance is now the packet's forwarder: a peering it crosses
	// next needs allowForwardedTraffic even if a gateway forwarded the
	// packet before (rule:peering.gateway-forwarded-exempt covers what
	// the gateway itself forwards).
	r.viaGateway = false
	return nic, false
}

// ReturnDroppedReason is the reason of a flow delivered whose reply ends
// (DroppedOnReturn) for reason, the return walk's.
func ReturnDroppedReason(reason string) string {
	return "the reply does not come back: " + reason
}

// NoneRouteReason is the reason of a walk dropped (DroppedByNoneRoute) by
// route e, whose next hop is None.
func NoneRouteReason(e route.Effective) string {
	return fmt.Sprintf("route %s has next hop None (%s)", e.Prefix, e.Origin)
}

// ApplianceUnreachableReason is the reason of a walk dropped
// (DroppedApplianceUnreachable) at a VirtualAppliance route from VNet
// vnet to target, which is neither in vnet nor in a VNet it is directly
// peered with.
func ApplianceUnreachableReason(target netip.Addr, vnet string) string {
	return fmt.Sprintf("virtual appliance %s is not in %s or a directly peered VNet (rule:route-selection.appliance-directly-reachable)", target, vnet)
}

// NoHostReason is the reason of a walk dropped (DroppedNoHost) because
// nothing in the VNet it reached holds target: no NIC, no load balancer
// frontend, the NIC of an appliance failed in the what-if, or target is
// one of the addresses Azure reserves in its subnet, where Azure refuses a
// NIC (the plane leaves such a NIC out, rule:address-space.reserved-addresses).
func NoHostReason(p *dataplane.Plane, target netip.Addr) string {
	if vm, ok := p.FailedApplianceAt(target); ok {
		return fmt.Sprintf("appliance %s (%s) is failed in the what-if: nothing answers on its address", vm, target)
	}
	if s, ok := p.SubnetAt(target); ok && model.ReservedInSubnet(s.Prefix, target) {
		return fmt.Sprintf("no NIC or load balancer has %s: it is one of the five addresses Azure reserves in subnet %s (%s), where no NIC can be placed (rule:address-space.reserved-addresses)", target, s.ID, s.Prefix)
	}
	return fmt.Sprintf("no NIC or load balancer has %s", target)
}

func linked(p *dataplane.Plane, a, b string) bool {
	l := p.Link(a, b)
	return l != nil && l.State == model.Connected
}

// crossPeering applies the peering rules for a packet moving from VNet from
// into VNet to, whose original source is src: the peering must be Connected
// (rule:peering.link-states); allowVirtualNetworkAccess=false on either link blocks it
// (design-notes §4, rule:peering.allow-virtual-network-access); the receiving link must allow forwarded traffic for
// a packet that did not originate in the sending VNet (design-notes §4, rule:peering.allow-forwarded-traffic,
// rule:nva.spoke-to-spoke-through-hub). It returns Delivered and a description when the packet passes.
func crossPeering(p *dataplane.Plane, from, to string, r *walkResult, src netip.Addr, opts Options) (Disposition, string) {
	viaGateway := r.viaGateway
	l := p.Link(to, from)
	if l == nil {
		return DroppedPeeringNotConnected, fmt.Sprintf("%s and %s are not peered (rule:peering.not-transitive: peering is not transitive)", from, to)
	}
	if l.State != model.Connected {
		return DroppedPeeringNotConnected, fmt.Sprintf("peering %s is %s, not Connected (rule:peering.link-states)", l.Peering, l.State)
	}
	note := ""
	if !l.Self.VirtualNetworkAccess() || !l.Other.VirtualNetworkAccess() {
		if opts.TagOnlyPeeringFlags {
			note += "; allowVirtualNetworkAccess=false only removes the peer from the VirtualNetwork tag (tag-only mode, rule:peering.allow-virtual-network-access)"
		} else {
			return DroppedVNetAccessDisabled, fmt.Sprintf("peering %s has allowVirtualNetworkAccess=false (design decision; field reports say only the VirtualNetwork tag changes, rule:peering.allow-virtual-network-access)", l.Peering)
		}
	}
	originated := r.srcIn(p, from, src)
	if !originated && viaGateway {
		note += "; forwarded by a virtual network gateway, which needs no allowForwardedTraffic (rule:peering.gateway-forwarded-exempt)"
	} else if !originated && !l.Self.AllowForwardedTraffic {
		if !opts.TagOnlyPeeringFlags {
			r.srcText = true // the reason names src
			return DroppedForwardedTrafficNotAllowed, fmt.Sprintf("%s's link of peering %s does not allow forwarded traffic and %s did not originate in %s (design decision; rule:peering.allow-forwarded-traffic, rule:nva.spoke-to-spoke-through-hub)", to, l.Peering, src, from)
		}
		note += "; forwarded traffic admitted although allowForwardedTraffic=false (tag-only mode, rule:peering.allow-forwarded-traffic)"
	}
	if r.quiet {
		return Delivered, "" // the description is only a step
	}
	return Delivered, fmt.Sprintf("crosses peering %s (%s → %s, Connected)%s", l.Peering, from, to, note)
}

// peeringRemote is the VNet a peering route e carries packets to, or "".
func peeringRemote(e route.Effective) string {
	if e.Origin.Kind == route.FromPeering {
		return e.Origin.Name
	}
	return ""
}

// hostAt finds the NIC that receives a packet delivered into VNet vnet
// for ip: the NIC with that address in vnet (rule:address-space.private-ip-per-vnet), or a backend of the
// internal load balancer whose frontend it is there (the first backend by
// id that forwards when the load balancer is an appliance next hop, else
// the first backend).
func hostAt(p *dataplane.Plane, vnet string, ip netip.Addr, appliance bool) (*dataplane.NIC, string) {
	if n, ok := p.NICIn(vnet, ip); ok {
		return n, ""
	}
	lb, ok := p.LoadBalancerIn(vnet, ip)
	if !ok {
		return nil, ""
	}
	for _, b := range lb.Backends {
		if n, ok := p.NIC(b); ok && (!appliance || n.IPForwarding && n.GuestForwarding) {
			return n, fmt.Sprintf("load balancer %s (%s) sends it to backend %s", lb.ID, ip, n.ID)
		}
	}
	for _, b := range lb.Backends {
		if n, ok := p.NIC(b); ok {
			return n, fmt.Sprintf("load balancer %s (%s) sends it to backend %s", lb.ID, ip, n.ID)
		}
	}
	return nil, ""
}

// outbound evaluates the NIC's NSG, then the subnet's (rule:nsg.subnet-then-nic).
func outbound(p *dataplane.Plane, n *dataplane.NIC, s *dataplane.Subnet, f Flow) (string, bool, nsgsMet) {
	return evalPair(p, [2]nsgAt{{n.NSG, AppliedToNIC}, {s.NSG, AppliedToSubnet}}, "Outbound", f, s)
}

// inbound evaluates the subnet's NSG, then the NIC's (rule:nsg.subnet-then-nic).
func inbound(p *dataplane.Plane, n *dataplane.NIC, s *dataplane.Subnet, f Flow) (string, bool, nsgsMet) {
	return evalPair(p, [2]nsgAt{{s.NSG, AppliedToSubnet}, {n.NSG, AppliedToNIC}}, "Inbound", f, s)
}

// evalPair evaluates the NSGs at, in order, until one denies; it returns
// the verdicts as prose, whether the packet passes, and the NSGs met.
func evalPair(p *dataplane.Plane, at [2]nsgAt, dir string, f Flow, s *dataplane.Subnet) (string, bool, nsgsMet) {
	var notes []string
	var met nsgsMet
	for _, a := range at {
		if a.id == "" {
			continue // no NSG at this level: allowed (rule:nsg.subnet-then-nic)
		}
		nsg, _ := p.NSG(a.id)
		v := evalNSG(p, nsg, dir, f.SrcIP, f.DstIP, f, s)
		met.add(v, a.level)
		if !v.Allowed {
			return v.String(), false, met
		}
		notes = append(notes, v.String())
	}
	return strings.Join(notes, "; "), true, met
}

func describe(e route.Effective, subnet string) string {
	hop := e.NextHop.String()
	if e.NextHopIP.IsValid() {
		hop += " " + e.NextHopIPText() // every next hop of an ECMP route (rule:route-server.as-path-and-ecmp)
	}
	return fmt.Sprintf("%s uses %s → %s (%s, %s)", subnet, e.Prefix, hop, e.Source, e.Origin)
}
