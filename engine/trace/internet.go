package trace

import (
	"fmt"
	"net/netip"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/edge"
	"vnetplay/engine/model"
)

// InternetSource is the Flow.Src of a packet that comes from the Internet
// (`trace --from Internet --src IP`); Flow.SrcIP is its public address
// (InternetProbe when unset) and Flow.DstIP a public IP or load balancer
// frontend address.
const InternetSource = "Internet"

// entry is where a packet from the Internet enters Azure: the NIC it is
// translated to, the port it arrives on and a description.
type entry struct {
	nic   *dataplane.NIC
	port  int
	basic bool
	via   string
}

// runFromInternet traces a flow that starts on the Internet (rule:internet-edge.inbound-requirements, rule:internet-edge.inbound-entry-points):
// the public address must be an instance public IP (rule:internet-edge.instance-public-ip) or a load
// balancer frontend with a rule for the protocol and port (inbound NAT or
// load-balancing rule, rule:internet-edge.public-load-balancer); NAT gateways and default outbound IPs take
// nothing inbound (rule:internet-edge.inbound-entry-points). The packet is translated to the backend's
// private IP and port, and the NSGs (subnet then NIC, rule:nsg.subnet-then-nic) see that
// translated destination (rule:nsg.translated-addresses, rule:internet-edge.inbound-requirements). With no NSG at all, a Standard
// entry stays closed (rule:internet-edge.standard-secure-by-default; where the sources disagree, vnetplay treats it as closed), a Basic one is
// open. The reply is walked from the backend without NSGs (rule:nsg.stateful): it must
// leave straight back through the entry; a reply that a 0.0.0.0/0 sends
// to an appliance is asymmetric and lost (rule:nva.stateful-asymmetry-drop, rule:internet-edge.inbound-requirements, rule:internet-edge.asymmetric-return-through-firewall).
func runFromInternet(p *dataplane.Plane, f Flow, opts Options, w *Walker) *Trace {
	if f.Protocol == "" {
		f.Protocol = DefaultProtocol
	}
	if f.DstPort == 0 {
		f.DstPort = DefaultDstPort
	}
	if f.SrcPort == 0 {
		f.SrcPort = DefaultSrcPort
	}
	if !f.SrcIP.IsValid() {
		f.SrcIP = InternetProbe()
	}
	f.SrcIP, f.DstIP = f.SrcIP.Unmap(), f.DstIP.Unmap()
	t := &Trace{Flow: f, deps: Deps{Opaque: true}}
	switch {
	case !f.DstIP.IsValid():
		t.Disposition, t.Reason = InvalidFlow, "invalid destination address"
		return t
	case !model.PublicAddress(f.SrcIP):
		t.Disposition, t.Reason = InvalidFlow, fmt.Sprintf("a source on the Internet needs a public IPv4 address; %s is not one", f.SrcIP)
		return t
	}
	r := newResult(InternetSource, w, 0)
	r.opaque = true
	en, ok := r.comeIn(p, f)
	t.Hops, t.Disposition, t.Reason = r.hops, r.disp, r.reason
	t.deps = Deps{Opaque: true}
	if !ok {
		return t
	}
	rf, ret := replyToInternet(newResult(en.nic.ID, w, 1), p, en, f, opts)
	t.Return = &Trace{Flow: rf, Disposition: ret.disp, Reason: ret.reason, Hops: ret.hops, deps: Deps{Opaque: true}}
	if d, why, lost := replyVerdict(en, ret); lost {
		t.Disposition, t.Reason = d, why
	}
	return t
}

// comeIn walks packet f, arriving from the Internet at the public address
// f.DstIP, into the design: through the entry that answers there to its
// backend NIC, whose inbound NSGs see the translated destination (enter,
// admit). It ends r, as Delivered (r.dst is the NIC) or dropped, and
// reports whether the packet was delivered.
func (r *walkResult) comeIn(p *dataplane.Plane, f Flow) (entry, bool) {
	en, ok := r.enter(p, f)
	if !ok {
		return en, false
	}
	r.hop(en.nic.ID)
	tf := f
	tf.DstIP, tf.DstPort = en.nic.IP, en.port
	return en, r.admit(p, en, tf)
}

// replyToInternet walks, as ret (a fresh walk result at en's NIC), the
// reply of flow f, which came in from the Internet through en: from the
// backend's private address and port back to f.SrcIP, without NSGs
// (rule:nsg.stateful). It returns the reply's flow and walk. The walk
// splices no memoized part (memo.go): its verdict reads the NICs it
// visited (replyVerdict), which a spliced suffix does not add.
func replyToInternet(ret *walkResult, p *dataplane.Plane, en entry, f Flow, opts Options) (Flow, *walkResult) {
	rf := Flow{Src: en.nic.ID, SrcIP: en.nic.IP, DstIP: f.SrcIP, Protocol: f.Protocol, SrcPort: en.port, DstPort: f.SrcPort}
	ret.replyVia, ret.share = en.via, false
	return rf, walkFrom(ret, p, en.nic, rf, false, opts)
}

// replyVerdict is how a flow from the Internet delivered through en ends
// when its reply ret does not leave straight back through en: lost is
// set, with the disposition and reason, when the reply does not get out
// (DroppedOnReturn) or goes another way (DroppedAsymmetric).
func replyVerdict(en entry, ret *walkResult) (d Disposition, reason string, lost bool) {
	switch {
	case ret.disp != ExitsToInternet:
		return DroppedOnReturn, ReturnDroppedReason(ret.reason), true
	case ret.viaGateway:
		return DroppedAsymmetric, fmt.Sprintf("asymmetric path: the request came in through %s but the reply follows the subnet's default route through a virtual network gateway and %s, from another address, which the client drops: forced tunnelling breaks connections that start on the Internet (rule:forced-tunnelling.internet-route-invalid, rule:bgp.default-route-from-on-premises)", en.via, ret.reason), true
	case len(ret.visited) > 1:
		return DroppedAsymmetric, fmt.Sprintf("asymmetric path: the request came in through %s but the reply is routed to %s, which has no session for it (a stateful device drops it; anything else sends it out with another source address, which the client drops); publish the service through the firewall's DNAT or an internal load balancer (rule:nva.stateful-asymmetry-drop, rule:internet-edge.inbound-requirements, rule:internet-edge.asymmetric-return-through-firewall)", en.via, ret.visited[1]), true
	}
	return 0, "", false
}

// enter finds where a packet to the public address f.DstIP enters Azure,
// ending r when nothing takes it.
func (r *walkResult) enter(p *dataplane.Plane, f Flow) (entry, bool) {
	e, ok := p.Edge().Entry(f.DstIP)
	switch {
	case !ok:
		r.end(DroppedNoHost, "no public IP or load balancer frontend of the design answers on %s (rule:internet-edge.inbound-entry-points)", f.DstIP)
		return entry{}, false
	case e.Kind == edge.EntryNatGateway:
		r.end(DroppedNoHost, "%s belongs to NAT gateway %s, which passes only the replies of outbound flows: nothing can open a connection inbound through it (rule:internet-edge.nat-gateway, rule:internet-edge.inbound-entry-points)", f.DstIP, e.NatGateway)
		return entry{}, false
	}
	sku := "Standard"
	if e.Basic {
		sku = "Basic"
	}
	en := entry{port: f.DstPort, basic: e.Basic}
	var backends []string
	if e.Kind == edge.EntryInstancePublicIP {
		backends = []string{e.NIC}
		en.via = fmt.Sprintf("public IP %s (%s, %s)", e.PublicIP, f.DstIP, sku)
	} else {
		fw, found := matchForward(e.Forwards, f)
		if !found {
			r.end(DroppedNoHost, "load balancer %s frontend %s (%s) has no load-balancing or inbound NAT rule for %s port %d (rule:internet-edge.public-load-balancer)", e.LB, e.Frontend, f.DstIP, f.Protocol, f.DstPort)
			return entry{}, false
		}
		kind := "load-balancing rule"
		if fw.NAT {
			kind = "inbound NAT rule"
		}
		backends, en.port = fw.Backends, fw.BackendPort
		en.via = fmt.Sprintf("load balancer %s frontend %s (%s, %s) %s %s", e.LB, e.Frontend, f.DstIP, sku, kind, fw.Rule)
	}
	for _, b := range backends {
		if n, ok := p.NIC(b); ok {
			en.nic = n
			break
		}
	}
	if en.nic == nil {
		r.end(DroppedNoHost, "%s has no backend NIC to forward to", en.via)
		return entry{}, false
	}
	r.step(StepForward, "enters Azure through %s, translated to %s:%d (rule:internet-edge.instance-public-ip, rule:internet-edge.public-load-balancer; health probes are not modelled, the first backend by id takes it)", en.via, en.nic.IP, en.port)
	return en, true
}

// matchForward returns the first rule (by frontend port, protocol, name)
// that takes f.
func matchForward(fs []edge.Forward, f Flow) (edge.Forward, bool) {
	for _, fw := range fs {
		if fw.Matches(f.Protocol, f.DstPort) {
			return fw, true
		}
	}
	return edge.Forward{}, false
}

// admit evaluates the inbound NSGs at the entry's NIC for the translated
// flow tf (rule:nsg.subnet-then-nic, rule:nsg.translated-addresses), with Standard secure by default (rule:internet-edge.standard-secure-by-default), ending r.
func (r *walkResult) admit(p *dataplane.Plane, en entry, tf Flow) bool {
	sn, _ := p.Subnet(en.nic.Subnet)
	if sn.NSG == "" && en.nic.NSG == "" {
		if !en.basic {
			r.end(DroppedByNSG, "%s is Standard SKU, secure by default: with no NSG on subnet %s or NIC %s nothing from the Internet is allowed until an NSG allows it (rule:internet-edge.standard-secure-by-default; where the sources disagree, vnetplay treats it as closed)", en.via, sn.ID, en.nic.ID)
			return false
		}
		r.step(StepNSG, "no NSG on subnet %s or NIC %s, and %s is Basic SKU, open by default (rule:nsg.subnet-then-nic, rule:internet-edge.standard-secure-by-default)", sn.ID, en.nic.ID, en.via)
	}
	for _, id := range []string{sn.NSG, en.nic.NSG} {
		if id == "" {
			continue
		}
		nsg, _ := p.NSG(id)
		v := evalNSG(p, nsg, "Inbound", tf.SrcIP, tf.DstIP, tf, sn)
		if !v.Allowed {
			r.end(DroppedByNSG, "inbound %s, evaluated on the translated destination %s:%d (rule:nsg.translated-addresses, rule:internet-edge.inbound-requirements)", v, tf.DstIP, tf.DstPort)
			return false
		}
		r.step(StepNSG, "inbound %s, evaluated on the translated destination %s:%d (rule:nsg.translated-addresses)", v, tf.DstIP, tf.DstPort)
	}
	r.end(Delivered, "%s", DeliveredReason(en.nic))
	r.dst = en.nic
	return true
}

// InternetEntries lists the public addresses of p that take traffic from
// the Internet, with the destination ports worth asking about: each rule's
// frontend port on a load balancer frontend, port on an instance public
// IP. Sorted by address, then port.
func InternetEntries(p *dataplane.Plane, protocol string, port int) []InternetEntry {
	if protocol == "" {
		protocol = DefaultProtocol
	}
	if port == 0 {
		port = DefaultDstPort
	}
	var out []InternetEntry
	for _, e := range p.Edge().Entries() {
		if e.Kind == edge.EntryInstancePublicIP {
			out = append(out, InternetEntry{Addr: e.Addr, Protocol: protocol, Port: port, Name: "public IP " + e.PublicIP + " (" + e.NIC + ")"})
			continue
		}
		seen := map[string]bool{}
		for _, fw := range e.Forwards {
			proto := fw.Protocol
			if proto == model.ProtoAll {
				proto = protocol
			}
			k := fmt.Sprintf("%s/%d", proto, fw.FrontendPort)
			if seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, InternetEntry{Addr: e.Addr, Protocol: proto, Port: fw.FrontendPort, Name: "load balancer " + e.LB + " frontend " + e.Frontend})
		}
	}
	return out
}

// InternetEntry is one public address and port to ask about.
type InternetEntry struct {
	Addr     netip.Addr `json:"address"`
	Protocol string     `json:"protocol"`
	Port     int        `json:"port"`
	Name     string     `json:"name"`
}
