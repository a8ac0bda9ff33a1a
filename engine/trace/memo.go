package trace

import (
	"net/netip"
	"slices"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/route"
)

// Walker runs many walks over one plane, the way a reachability matrix asks
// them: quietly (a Trace with the disposition, reason, return walk and,
// optionally, Deps, but no hops or steps) and sharing work between walks.
//
// The sharing is a memo of walk suffixes. Once a walk has left its first NIC
// it is at some NIC cur, heading for DstIP; what happens from there depends
// on cur, DstIP, whether NSGs are evaluated, whether a gateway forwarded the
// packet, the NICs already visited, the hops already taken, and the source
// address. A suffix is walked once from cur with nothing visited, recording
// each question it asked about the source address (srcPred: "is the source
// in VNet X?", rule:peering.allow-forwarded-traffic) and the NICs it visited. Another walk reaching cur for
// the same DstIP reuses it when the recorded questions get the same answers
// for its source, none of the suffix's NICs was visited before, and the
// walk stays under MaxHops. Suffixes that read anything else of the source
// (NSG rules, gateways, hybrid endpoints: Deps.Opaque or Deps.BGP), that
// name the source in their reason, or that end in a Loop are never reused:
// those walks go on in place. In hub-and-spoke designs every spoke-to-spoke
// walk reaches the hub NVA, so the NVA's suffix towards each destination is
// walked once instead of once per source. The first hop is shared too when
// it goes to an appliance: the cross from a NIC to the appliance a
// VirtualAppliance route names does not depend on the destination (unless
// the appliance is it), so it is memoized per (NIC, appliance) with the same
// conditions (hopAt).
//
// Every answer equals RunWith's (engine/matrix_test.go: TestComputeEqualsPerPair*,
// TestWalkerHopLimit, FuzzWalkerEqualsRun).
// A Walker is not safe for concurrent use and must not outlive its plane.
type Walker struct {
	p    *dataplane.Plane
	opts Options
	deps bool
	memo map[suffixKey]*suffix
	hops map[hopKey]*hop
	// nicAt caches each NIC's subnet and table; src is the last source.
	nicAt map[*dataplane.NIC]nicCtx
	src   lastSource
	// delivered caches each NIC's "delivered to" reason, onPremises each
	// on-premises host's by host and site id (deliverOnPremises).
	delivered  map[*dataplane.NIC]string
	onPremises map[[2]string]string
	// res and tr are the current walk's results and Traces (runTrace).
	res   [2]walkResult
	tr    [2]Trace
	paths bool     // keep forward hops (NewPathWalker)
	nodes []string // Path's result buffer
	// peStandIns are the NICs private endpoints' replies leave from, by
	// endpoint and subnet (privatelink.go).
	peStandIns map[[2]string]*dataplane.NIC
	// standIns, vpnFor and endpoints keep what gateway walks read of
	// the plane, by gateway or VNet id (gateway.go): the gateways' stand-in
	// NICs, the VPN gateway of a VNet's VirtualNetworkGateway UDRs and the
	// gateways' own addresses.
	standIns  map[string]standIn
	vpnFor    map[string]string
	endpoints map[string][]dataplane.HybridEndpoint
	// gateways memoizes the walks' parts from entering a gateway on
	// (gatewaymemo.go).
	gateways map[gwKey]*gwSuffix
	// exits memoizes InternetExit (egress.go).
	exits map[exitKey]exitAnswer
	// Hits counts suffix reuses (tests check that sharing happens).
	Hits int
	// GatewayHits counts the gateway suffixes spliced (gatewaymemo.go).
	GatewayHits int
}

// NewPathWalker is NewWalker that also keeps each forward walk's hops (the
// nodes only): see Path.
func NewPathWalker(p *dataplane.Plane, opts Options) *Walker {
	w := NewWalker(p, opts, false)
	w.paths = true
	return w
}

// Path is Outcome plus the nodes the forward walk went through, as
// RunWith's Trace.Hops name them (first the source). The slice is only
// valid until the Walker's next walk. It needs a Walker from
// NewPathWalker; others return no nodes.
func (w *Walker) Path(f Flow) (Disposition, string, []string) {
	t := runTrace(w.p, f, w.opts, w)
	w.nodes = w.nodes[:0]
	for _, h := range t.Hops {
		w.nodes = append(w.nodes, h.Node)
	}
	return t.Disposition, t.Reason, w.nodes
}

// NewWalker returns a Walker over p. With deps, each Trace carries the Deps
// RunWith would record (the lookups in the same order).
func NewWalker(p *dataplane.Plane, opts Options, deps bool) *Walker {
	return &Walker{p: p, opts: opts, deps: deps, memo: map[suffixKey]*suffix{}, hops: map[hopKey]*hop{}, nicAt: map[*dataplane.NIC]nicCtx{}, delivered: map[*dataplane.NIC]string{}}
}

// DeliveredReason is the reason of a walk delivered to NIC nic (the cell
// reason of a plain delivery), as walkFrom and the Walker word it.
// It equals fmt.Sprintf("delivered to %s (%s)", nic.ID, nic.IP)
// (TestDeliveredReasonEqualsSprintf), built in a stack buffer with one
// allocation, the string: a patch after a failed circuit words a hundred.
func DeliveredReason(nic *dataplane.NIC) string {
	if !nic.IP.IsValid() { // AppendTo writes nothing for the zero Addr
		return deliveredPrefix + nic.ID + " (" + nic.IP.String() + ")"
	}
	var buf [96]byte
	b := append(buf[:0], deliveredPrefix...)
	b = append(b, nic.ID...)
	b = append(b, " ("...)
	b = nic.IP.AppendTo(b)
	b = append(b, ')')
	return string(b)
}

// deliveredPrefix begins DeliveredReason.
const deliveredPrefix = "delivered to "

// DeliveredTo is DeliveredReason(nic), made once per NIC for the Walker's
// walks and its callers.
func (w *Walker) DeliveredTo(nic *dataplane.NIC) string { return w.deliveredTo(nic) }

// deliveredTo is the reason of a walk delivered to nic, as walkFrom words it.
func (w *Walker) deliveredTo(nic *dataplane.NIC) string {
	s, ok := w.delivered[nic]
	if !ok {
		s = DeliveredReason(nic)
		w.delivered[nic] = s
	}
	return s
}

// Run is RunWith(p, f, opts) without hops or steps: Disposition, Reason,
// Flow, Return (likewise without hops) and, if the Walker records them, Deps.
func (w *Walker) Run(f Flow) *Trace {
	t := *runTrace(w.p, f, w.opts, w)
	t.deps.Lookups = cloneLookups(t.deps.Lookups)
	t.deps.Hybrid = cloneReads(t.deps.Hybrid)
	if t.Return != nil {
		r := *t.Return
		if n := len(r.deps.Lookups); n > 0 {
			// The forward walk's lookups end with the return's (runTrace).
			r.deps.Lookups = t.deps.Lookups[len(t.deps.Lookups)-n:]
		}
		if n := len(r.deps.Hybrid); n > 0 {
			r.deps.Hybrid = t.deps.Hybrid[len(t.deps.Hybrid)-n:] // likewise
		}
		t.Return = &r
	}
	return &t
}

// RunDeps is Run's disposition, reason and Deps, without the Traces. The
// Deps' lookups and hybrid reads are the Walker's until its next walk: a
// caller that keeps them copies them.
func (w *Walker) RunDeps(f Flow) (Disposition, string, Deps) {
	t := runTrace(w.p, f, w.opts, w)
	return t.Disposition, t.Reason, t.deps
}

// cloneLookups copies ls out of the Walker's buffers (nil when empty, as
// a walk that looked nothing up records).
func cloneLookups(ls []Lookup) []Lookup {
	if len(ls) == 0 {
		return nil
	}
	return slices.Clone(ls)
}

// cloneReads copies qs out of the Walker's buffers (nil when empty).
func cloneReads(qs []HybridRead) []HybridRead {
	if len(qs) == 0 {
		return nil
	}
	return slices.Clone(qs)
}

// Outcome is Run's disposition and reason, without allocating a Trace.
func (w *Walker) Outcome(f Flow) (Disposition, string) {
	t := runTrace(w.p, f, w.opts, w)
	return t.Disposition, t.Reason
}

type suffixKey struct {
	nic        *dataplane.NIC
	dst        netip.Addr
	nsgs       bool
	viaGateway bool
}

// srcPred is one question a walk asked about its source address: is it in
// VNet vnet's address space (the answer was in).
type srcPred struct {
	vnet *dataplane.VNet
	in   bool
}

// suffix is a memoized walk from a NIC (see Walker).
type suffix struct {
	reusable bool
	disp     Disposition
	reason   string
	dst      *dataplane.NIC
	stateful []string
	visited  []string
	loops    int
	preds    []srcPred
	lookups  []Lookup
	hops     []Hop // with paths: the hops after the first NIC
}

// suffixAt returns the suffix from cur for f's destination, walking it if
// it is not memoized yet.
func (w *Walker) suffixAt(cur *dataplane.NIC, f Flow, nsgs, viaGateway bool) *suffix {
	k := suffixKey{nic: cur, dst: f.DstIP, nsgs: nsgs, viaGateway: viaGateway}
	if s, ok := w.memo[k]; ok {
		return s
	}
	sr := &walkResult{quiet: true, noDeps: !w.deps, keepHops: w.paths, w: w, viaGateway: viaGateway}
	walkFrom(sr, w.p, cur, f, nsgs, w.opts)
	s := &suffix{
		reusable: !sr.opaque && !sr.readsBGP() && !sr.srcText && sr.disp != Loop && sr.dstHybrid == "" && sr.dstPE == nil && sr.viaGateway == viaGateway,
		disp:     sr.disp, reason: sr.reason, dst: sr.dst, stateful: sr.stateful,
		visited: sr.visited, loops: sr.loops, preds: sr.preds, lookups: sr.lookups, hops: sr.hops,
	}
	w.memo[k] = s
	return s
}

// fits reports whether s continues walk r, at hop n with source address src,
// exactly as walking on in place would.
func (s *suffix) fits(r *walkResult, p *dataplane.Plane, src netip.Addr, n int) bool {
	if !s.reusable || n+s.loops > MaxHops {
		return false
	}
	if !continues(r, s.visited, s.preds, src) {
		return false
	}
	r.w.Hits++
	return true
}

// continues reports whether a kept part of a walk, which visited the
// NICs visited and asked preds of its source, continues walk r from
// source address src as walking on in place would: it visits none of r's
// NICs, and its questions about the source are answered alike. Defensive
// for the NICs: hop transitions that do not read the source are the same
// in the part and in place, so a part revisiting a NIC of the prefix would
// have looped on its own (not reusable); the check is kept anyway.
func continues(r *walkResult, visited []string, preds []srcPred, src netip.Addr) bool {
	for _, id := range visited {
		if slices.Contains(r.visited, id) {
			return false
		}
	}
	for _, q := range preds {
		if srcInVNet(q.vnet, src) != q.in {
			return false
		}
	}
	return true
}

// splice ends r with s's outcome.
func (r *walkResult) splice(s *suffix) *walkResult {
	r.disp, r.reason, r.dst = s.disp, s.reason, s.dst
	for _, vm := range s.stateful {
		if !slices.Contains(r.stateful, vm) {
			r.stateful = append(r.stateful, vm)
		}
	}
	if !r.noDeps {
		r.lookups = append(r.lookups, s.lookups...)
	}
	if r.keepHops {
		r.hops = append(r.hops, s.hops...)
	}
	return r
}

type hopKey struct {
	nic        *dataplane.NIC
	target     netip.Addr
	nsgs       bool
	viaGateway bool
}

// hop is a memoized cross from a NIC to an appliance (a VirtualAppliance
// route's next hop): the NIC it forwards from (next), or the drop (next
// nil). It depends on the destination only when the appliance is the
// destination itself (then it delivers), which fits checks.
type hop struct {
	reusable bool
	next, at *dataplane.NIC // at: the appliance NIC reached, if any
	disp     Disposition
	reason   string
	preds    []srcPred
}

// hopAt returns the memoized cross from cur (in VNet curVNet) to the
// appliance at target, walking it if needed with no destination.
func (w *Walker) hopAt(cur *dataplane.NIC, curVNet string, target netip.Addr, f Flow, nsgs, viaGateway bool) *hop {
	k := hopKey{nic: cur, target: target, nsgs: nsgs, viaGateway: viaGateway}
	if h, ok := w.hops[k]; ok {
		return h
	}
	sr := &walkResult{quiet: true, noDeps: true, w: w, viaGateway: viaGateway}
	g := f
	g.DstIP = netip.Addr{} // no NIC has it: the cross never delivers
	next, done := sr.cross(w.p, curVNet, route.Effective{Route: route.Route{NextHop: route.VirtualAppliance, NextHopIP: target}}, target, g, nsgs, w.opts)
	h := &hop{reusable: !sr.opaque && !sr.readsBGP() && !sr.srcText && sr.viaGateway == viaGateway, at: sr.reached, preds: sr.preds}
	if done {
		h.disp, h.reason = sr.disp, sr.reason
	} else {
		h.next = next
	}
	w.hops[k] = h
	return h
}

// fits reports whether h continues walk r (flow f) exactly as crossing in
// place would.
func (h *hop) fits(r *walkResult, p *dataplane.Plane, f Flow) bool {
	if !h.reusable || h.at != nil && h.at.IP == f.DstIP {
		return false
	}
	for _, q := range h.preds {
		if srcInVNet(q.vnet, f.SrcIP) != q.in {
			return false
		}
	}
	return true
}

// srcInVNet reports whether src lies in VNet v's address space (nil: no
// VNet).
func srcInVNet(v *dataplane.VNet, src netip.Addr) bool {
	return v != nil && slices.ContainsFunc(v.Prefixes, func(pr netip.Prefix) bool { return pr.Contains(src) })
}

type nicCtx struct {
	subnet *dataplane.Subnet
	table  *route.Table
}

type lastSource struct {
	id              string
	set             bool
	nic             *dataplane.NIC
	isNIC, isHybrid bool
	hybrid          dataplane.HybridEndpoint
}
