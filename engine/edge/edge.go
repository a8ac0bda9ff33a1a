// Package edge resolves a design's Internet edge (rule book section AA):
// which egress method carries each NIC's Internet-bound traffic and with
// which source address (rule:internet-edge.outbound-precedence, rule:internet-edge.default-outbound-access, rule:internet-edge.egress-verdict), and which public addresses
// accept traffic from the Internet and where it goes (rule:internet-edge.instance-public-ip, rule:internet-edge.public-load-balancer, rule:internet-edge.inbound-entry-points).
//
// Build never fails: references that do not resolve, addresses that do not
// parse and resources Azure would refuse (model.Validate reports them) are
// left out. An Index is immutable and safe for concurrent use; the same
// topology always gives an equal Index (reflect.DeepEqual), which the data
// plane relies on to tell whether a walk may be reused.
package edge

import (
	"cmp"
	"fmt"
	"net/netip"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// Method is an egress method, in the order of fact 262's precedence (after
// a 0.0.0.0/0 to a virtual appliance or gateway, which routing decides).
type Method string

// Egress methods.
const (
	// NatGateway: the subnet's NAT gateway (rule:internet-edge.nat-gateway).
	NatGateway Method = "NatGateway"
	// InstancePublicIP: the NIC's own public IP, a 1:1 NAT (rule:internet-edge.instance-public-ip).
	InstancePublicIP Method = "InstancePublicIP"
	// LoadBalancerOutboundRule: a Standard load balancer's outbound rule
	// covering the NIC's backend pool (rule:internet-edge.outbound-precedence, rule:internet-edge.default-outbound-access).
	LoadBalancerOutboundRule Method = "LoadBalancerOutboundRule"
	// LoadBalancerRule: the default SNAT of a public load balancer's
	// load-balancing rule through its frontend (rule:internet-edge.lb-snat-ports, 2022 doc).
	LoadBalancerRule Method = "LoadBalancerRule"
	// DefaultOutboundAccess: the Microsoft-owned implicit public IP (rule:internet-edge.default-outbound-access).
	DefaultOutboundAccess Method = "DefaultOutboundAccess"
)

// Egress is how one NIC's traffic leaves Azure for the Internet. Method ""
// means none: the packet is dropped (rule:internet-edge.private-subnet-without-egress, rule:internet-edge.egress-verdict).
type Egress struct {
	Method Method
	// Resource names what carries it: the NAT gateway, the public IP, or
	// "lb/rule"; "" for default outbound access and none.
	Resource string
	// Source is the public source address the Internet sees; invalid for
	// default outbound access (a Microsoft-owned address that can change).
	Source netip.Addr
	// Reason says why this method and not another, with facts.
	Reason string
}

// EntryKind says what answers on a public address.
type EntryKind string

// Entry kinds. Only instance public IPs and load balancer frontends accept
// traffic from the Internet (rule:internet-edge.inbound-entry-points).
const (
	EntryInstancePublicIP EntryKind = "InstancePublicIP"
	EntryFrontend         EntryKind = "LoadBalancerFrontend"
	EntryNatGateway       EntryKind = "NatGateway"
)

// Entry is what a public address belongs to.
type Entry struct {
	Kind     EntryKind
	Addr     netip.Addr
	PublicIP string // the public IP resource id
	Basic    bool   // Basic SKU: open by default (rule:internet-edge.standard-secure-by-default)
	// NIC is the NIC of an instance public IP.
	NIC string
	// LB and Frontend name a load balancer frontend; Forwards are its
	// rules, by frontend port then protocol.
	LB, Frontend string
	Forwards     []Forward
	// NatGateway names the NAT gateway using the address.
	NatGateway string
}

// Forward is one inbound rule of a load balancer frontend (rule:internet-edge.public-load-balancer).
type Forward struct {
	Rule         string // the rule's name
	NAT          bool   // an inbound NAT rule (else a load-balancing rule)
	Protocol     string // Tcp | Udp | All
	FrontendPort int
	BackendPort  int
	// Backends are the NIC ids it forwards to, sorted.
	Backends []string
}

// Matches reports whether the rule takes a packet of protocol proto (Tcp,
// Udp, ...) to port.
func (f Forward) Matches(proto string, port int) bool {
	return port == f.FrontendPort && (f.Protocol == model.ProtoAll || strings.EqualFold(f.Protocol, proto))
}

// Index is the resolved edge of one topology.
type Index struct {
	egress map[string]Egress // by NIC id
	// byProto holds, for the NICs whose egress is a load balancer's SNAT,
	// the egress of each protocol (protoIndex): the rules carry only theirs.
	byProto map[string]*[protoKinds]Egress
	entries map[netip.Addr]*Entry
	private map[string]bool // subnet ids with defaultOutboundAccess=false
	natgw   map[string]string
}

// Egress returns how NIC nic's Internet-bound traffic leaves Azure (rule:internet-edge.outbound-precedence),
// and false for an unknown NIC.
func (x *Index) Egress(nic string) (Egress, bool) {
	if x == nil {
		return Egress{}, false
	}
	e, ok := x.egress[nic]
	return e, ok
}

// EgressFor returns how NIC nic's Internet-bound traffic of protocol
// (Tcp, Udp, Icmp, Any; any case) leaves Azure: Egress's method when it
// carries every protocol, else the first method in the same order that
// carries this one (rule:internet-edge.lb-snat-protocol: a load
// balancer's outbound rule SNATs only its protocol, a load-balancing
// rule's default SNAT only the rule's, and neither carries ICMP). False
// for an unknown NIC.
func (x *Index) EgressFor(nic, protocol string) (Egress, bool) {
	e, ok := x.Egress(nic)
	if ok {
		if alt := x.byProto[nic]; alt != nil {
			e = alt[protoIndex(protocol)]
		}
	}
	return e, ok
}

// The protocols egress is resolved for (protoIndex): Any is any other.
const (
	protoTcp = iota
	protoUdp
	protoIcmp
	protoAny
	protoKinds
)

// protoNames are the protocols of protoIndex, as flows name them.
var protoNames = [protoKinds]string{"Tcp", "Udp", "Icmp", "Any"}

// protoIndex is protocol's index in protoNames (any case; anything else
// is Any).
func protoIndex(protocol string) int {
	for i, n := range protoNames[:protoAny] {
		if strings.EqualFold(protocol, n) {
			return i
		}
	}
	return protoAny
}

// carries reports whether a load balancer rule of protocol rule (Tcp, Udp,
// All; "" is All) SNATs a flow of protocol flow (protoIndex):
// load-balancer SNAT is for TCP and UDP only, so never ICMP or another
// protocol (Any), rule:internet-edge.lb-snat-protocol.
func carries(rule string, flow int) bool {
	switch {
	case flow == protoIcmp || flow == protoAny:
		return false
	case rule == "" || rule == model.ProtoAll:
		return true
	}
	return strings.EqualFold(rule, protoNames[flow])
}

// Entry returns what answers on public address a.
func (x *Index) Entry(a netip.Addr) (*Entry, bool) {
	if x == nil {
		return nil, false
	}
	e, ok := x.entries[a.Unmap()]
	return e, ok
}

// Entries returns every public address that accepts traffic from the
// Internet (instance public IPs and load balancer frontends, rule:internet-edge.inbound-entry-points),
// sorted by address.
func (x *Index) Entries() []*Entry {
	if x == nil {
		return nil
	}
	var out []*Entry
	for _, e := range x.entries {
		if e.Kind != EntryNatGateway {
			out = append(out, e)
		}
	}
	slices.SortFunc(out, func(a, b *Entry) int { return a.Addr.Compare(b.Addr) })
	return out
}

// Private reports whether subnet (an id "vnet/name") is a private subnet:
// defaultOutboundAccess=false (rule:internet-edge.private-subnets).
func (x *Index) Private(subnet string) bool { return x != nil && x.private[subnet] }

// NatGatewayOf returns the id of subnet's NAT gateway, "" when none.
func (x *Index) NatGatewayOf(subnet string) string {
	if x == nil {
		return ""
	}
	return x.natgw[subnet]
}

// resolver holds the topology's lookups while Build runs.
type resolver struct {
	t       *model.Topology
	pips    map[string]model.PublicIPAddress
	addr    map[string]netip.Addr    // public IP id → its address, valid ones only
	subnets map[string]*model.Subnet // into t: the first subnet of each id
	nics    map[string]bool
	primary map[string]string // VM id → its primary NIC id (model.VM.PrimaryNIC)
}

// subnetsOf indexes t's subnets by id ("vnet/name"), the first of each id,
// by pointer into t: a map of the subnets by value was a fifth of a
// 500-VNet validation's allocations, made twice.
func subnetsOf(t *model.Topology) map[string]*model.Subnet {
	out := map[string]*model.Subnet{}
	for i := range t.VNets {
		v := &t.VNets[i]
		for j := range v.Subnets {
			id := v.ID + "/" + v.Subnets[j].Name
			if _, dup := out[id]; !dup {
				out[id] = &v.Subnets[j]
			}
		}
	}
	return out
}

// subnetAt is the subnet of id in subnets, the zero Subnet when there is
// none.
func subnetAt(subnets map[string]*model.Subnet, id string) model.Subnet {
	if s := subnets[id]; s != nil {
		return *s
	}
	return model.Subnet{}
}

// Build resolves t's edge.
func Build(t *model.Topology) *Index { return newResolver(t).build() }

// build resolves the edge of r's topology.
func (r *resolver) build() *Index {
	x := &Index{egress: map[string]Egress{}, byProto: map[string]*[protoKinds]Egress{}, entries: map[netip.Addr]*Entry{}, private: map[string]bool{}, natgw: map[string]string{}}
	for id, s := range r.subnets {
		if !s.DefaultOutbound() {
			x.private[id] = true
		}
		if _, ok := r.natGateway(s.NatGateway); ok {
			x.natgw[id] = s.NatGateway
		}
	}
	r.entries(x)
	pools := r.pools()
	for _, vm := range r.t.VMs {
		for _, n := range vm.NICs {
			id := vm.ID + "/" + n.Name
			if r.nics[id] {
				if _, dup := x.egress[id]; !dup {
					x.egress[id] = r.egressOf(id, n, pools[id], nil, "")
					if alt := r.byProtocol(id, n, pools[id], x.egress[id]); alt != nil {
						x.byProto[id] = alt
					}
				}
			}
		}
	}
	return x
}

func newResolver(t *model.Topology) *resolver {
	r := &resolver{t: t, pips: map[string]model.PublicIPAddress{}, addr: map[string]netip.Addr{},
		subnets: subnetsOf(t), nics: map[string]bool{}, primary: map[string]string{}}
	for _, p := range t.PublicIPAddresses {
		if _, dup := r.pips[p.ID]; dup {
			continue
		}
		r.pips[p.ID] = p
		if a, err := netip.ParseAddr(p.IPAddress); err == nil && model.PublicAddress(a) {
			r.addr[p.ID] = a
		}
	}
	for i := range t.VMs {
		vm := &t.VMs[i]
		for _, n := range vm.NICs {
			r.nics[vm.ID+"/"+n.Name] = true
		}
		if p, ok := vm.PrimaryNIC(); ok {
			if _, dup := r.primary[vm.ID]; !dup {
				r.primary[vm.ID] = vm.ID + "/" + p.Name
			}
		}
	}
	return r
}

// nic resolves an endpoint reference to a NIC id ("vm/nic", or "vm" for
// its primary NIC).
func (r *resolver) nic(ref string) (string, bool) {
	if r.nics[ref] {
		return ref, true
	}
	if id, ok := r.primary[ref]; ok && !strings.Contains(ref, "/") {
		return id, true
	}
	return "", false
}

// natGateway returns the usable addresses of NAT gateway id (its Standard
// public IPs that resolve), sorted; ok is false when it has none.
func (r *resolver) natGateway(id string) ([]netip.Addr, bool) {
	if id == "" {
		return nil, false
	}
	for _, g := range r.t.NatGateways {
		if g.ID != id {
			continue
		}
		var out []netip.Addr
		for _, p := range g.PublicIPAddresses {
			if a, ok := r.addr[p]; ok && !r.pips[p].Sku.IsBasic() {
				out = append(out, a)
			}
		}
		slices.SortFunc(out, netip.Addr.Compare)
		return slices.Compact(out), len(out) > 0
	}
	return nil, false
}

// frontendAddr returns the address of lb's frontend fe, when its public IP
// resolves and has the load balancer's SKU (rule:internet-edge.public-load-balancer: else Azure refuses it).
func (r *resolver) frontendAddr(lb model.LoadBalancer, fe string) (netip.Addr, bool) {
	for _, f := range lb.FrontendIPConfigurations {
		if f.Name != fe {
			continue
		}
		a, ok := r.addr[f.PublicIPAddress]
		if !ok || r.pips[f.PublicIPAddress].Sku.IsBasic() != strings.EqualFold(lb.Sku, model.SkuBasic) {
			return netip.Addr{}, false
		}
		return a, true
	}
	return netip.Addr{}, false
}

// poolMembers returns the NIC ids of lb's pool, sorted.
func (r *resolver) poolMembers(lb model.LoadBalancer, pool string) []string {
	var out []string
	for _, p := range lb.BackendAddressPools {
		if p.Name != pool {
			continue
		}
		for _, b := range p.Backends {
			if id, ok := r.nic(b); ok {
				out = append(out, id)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// lbEgress is a load balancer's outbound offer to one NIC, for the
// rule's protocol. explicit: an outbound rule or a Basic load balancer,
// which stop default outbound access whatever the protocol
// (rule:internet-edge.default-outbound-access).
type lbEgress struct {
	method   Method
	resource string
	source   netip.Addr
	protocol string
	explicit bool
}

// pools lists, per NIC id, the outbound offers of the public load
// balancers whose pools hold it: outbound rules, then load-balancing rules
// that keep outbound SNAT, each in load balancer then rule order.
func (r *resolver) pools() map[string][]lbEgress {
	out := map[string][]lbEgress{}
	lbs := slices.Clone(r.t.LoadBalancers)
	slices.SortStableFunc(lbs, func(a, b model.LoadBalancer) int { return cmp.Compare(a.ID, b.ID) })
	offer := func(lb model.LoadBalancer, m Method, rule, pool, proto string, fes []string) {
		explicit := m == LoadBalancerOutboundRule || strings.EqualFold(lb.Sku, model.SkuBasic)
		for _, fe := range fes {
			a, ok := r.frontendAddr(lb, fe)
			if !ok {
				continue
			}
			for _, n := range r.poolMembers(lb, pool) {
				out[n] = append(out[n], lbEgress{method: m, resource: lb.ID + "/" + rule, source: a, protocol: proto, explicit: explicit})
			}
			return
		}
	}
	for _, lb := range lbs {
		if !lb.IsPublic() {
			continue
		}
		rules := slices.Clone(lb.OutboundRules)
		slices.SortStableFunc(rules, func(a, b model.OutboundRule) int { return cmp.Compare(a.Name, b.Name) })
		for _, o := range rules {
			if !strings.EqualFold(lb.Sku, model.SkuBasic) {
				offer(lb, LoadBalancerOutboundRule, o.Name, o.BackendAddressPool, o.Protocol, o.FrontendIPConfigurations)
			}
		}
	}
	for _, lb := range lbs {
		if !lb.IsPublic() {
			continue
		}
		rules := slices.Clone(lb.LoadBalancingRules)
		slices.SortStableFunc(rules, func(a, b model.LoadBalancingRule) int { return cmp.Compare(a.Name, b.Name) })
		for _, o := range rules {
			if !o.DisableOutboundSnat {
				offer(lb, LoadBalancerRule, o.Name, o.BackendAddressPool, o.Protocol, []string{o.FrontendIPConfiguration})
			}
		}
	}
	return out
}

// egressOf picks NIC id's egress by fact 262's order: NAT gateway,
// instance public IP, load balancer outbound rule (then the default SNAT
// of a load-balancing rule, rule:internet-edge.lb-snat-ports), default outbound access; none in a
// private subnet (rule:internet-edge.private-subnet-without-egress, rule:internet-edge.egress-verdict). For one protocol (proto, else ""),
// lbs are the offers that carry it and passed those that do not
// (byProtocol): they are named in the reason, and an explicit one still
// stops default outbound access (rule:internet-edge.lb-snat-protocol).
func (r *resolver) egressOf(id string, n model.NIC, lbs, passed []lbEgress, proto string) Egress {
	sp, hasSubnet := r.subnets[n.Subnet]
	var s model.Subnet
	if hasSubnet {
		s = *sp
	}
	pip, hasPIP := r.addr[n.PublicIPAddress]
	var skipped []string
	if hasPIP {
		skipped = append(skipped, "its public IP "+n.PublicIPAddress)
	}
	if len(lbs) > 0 {
		skipped = append(skipped, "load balancer "+lbs[0].resource)
	}
	if addrs, ok := r.natGateway(s.NatGateway); hasSubnet && ok {
		why := fmt.Sprintf("NAT gateway %s of subnet %s (source %s)", s.NatGateway, n.Subnet, joinAddrs(addrs))
		if len(skipped) > 0 {
			why += "; it takes precedence over " + strings.Join(skipped, " and ") + " (rule:internet-edge.outbound-precedence; where the sources disagree, vnetplay follows the NAT gateway documentation's order)"
		} else {
			why += " (rule:internet-edge.outbound-precedence, rule:internet-edge.nat-gateway)"
		}
		return Egress{Method: NatGateway, Resource: s.NatGateway, Source: addrs[0], Reason: why}
	}
	if hasPIP {
		why := fmt.Sprintf("instance public IP %s (%s), a 1:1 NAT (rule:internet-edge.instance-public-ip)", n.PublicIPAddress, pip)
		if len(lbs) > 0 {
			why += "; it takes precedence over load balancer " + lbs[0].resource + " (rule:internet-edge.outbound-precedence)"
		}
		return Egress{Method: InstancePublicIP, Resource: n.PublicIPAddress, Source: pip, Reason: why}
	}
	not := passedText(passed, proto)
	if len(lbs) > 0 {
		l := lbs[0]
		why := fmt.Sprintf("load balancer outbound rule %s%s (source %s) (rule:internet-edge.outbound-precedence, rule:internet-edge.default-outbound-access)", l.resource, protoText(l.protocol), l.source)
		if l.method == LoadBalancerRule {
			why = fmt.Sprintf("load-balancing rule %s%s SNATs through its frontend %s (rule:internet-edge.lb-snat-ports, 2022 doc; no outbound rule covers the NIC%s)", l.resource, protoText(l.protocol), l.source, forProto(proto))
		}
		return Egress{Method: l.method, Resource: l.resource, Source: l.source, Reason: why + not}
	}
	if slices.ContainsFunc(passed, func(l lbEgress) bool { return l.explicit }) {
		return Egress{Reason: fmt.Sprintf("no egress method for %s: %s, no other method of the NIC carries it, and a NIC with a load balancer outbound rule (or a Basic public load balancer) gets no default outbound access (rule:internet-edge.default-outbound-access)", proto, strings.TrimPrefix(not, "; "))}
	}
	if !hasSubnet || s.DefaultOutbound() {
		return Egress{Method: DefaultOutboundAccess, Reason: fmt.Sprintf("default outbound access: subnet %s is not private and the NIC has no NAT gateway, public IP or load balancer outbound path%s, so Azure gives it a Microsoft-owned public IP that can change (rule:internet-edge.default-outbound-access, rule:internet-edge.private-subnets)%s", n.Subnet, forProto(proto), not)}
	}
	return Egress{Reason: fmt.Sprintf("no egress method: subnet %s is private (defaultOutboundAccess=false) and has no NAT gateway, and the NIC has no public IP and no load balancer outbound path%s; the 0.0.0.0/0 Internet route still shows but the packet is dropped (rule:internet-edge.private-subnet-without-egress, rule:internet-edge.egress-verdict)%s", n.Subnet, forProto(proto), not)}
}

// byProtocol is NIC id's egress for each protocol (protoIndex) when base,
// its egress, is a load balancer's SNAT, which carries only its rule's
// protocol and never ICMP (rule:internet-edge.lb-snat-protocol): a flow
// the first offer does not carry falls to the next method that carries
// it, in the same order. Nil when base is another method.
func (r *resolver) byProtocol(id string, n model.NIC, lbs []lbEgress, base Egress) *[protoKinds]Egress {
	if base.Method != LoadBalancerOutboundRule && base.Method != LoadBalancerRule {
		return nil
	}
	var out [protoKinds]Egress
	for k := range out {
		if k == protoIcmp || k == protoAny {
			what := "ICMP"
			if k == protoAny {
				what = "a protocol other than TCP and UDP (Any)"
			}
			out[k] = Egress{Reason: fmt.Sprintf("its egress is %s %s, and load-balancer SNAT carries TCP and UDP only: %s does not leave (rule:internet-edge.lb-snat-protocol; an instance public IP would carry it)", base.Method, base.Resource, what)}
			continue
		}
		first := slices.IndexFunc(lbs, func(l lbEgress) bool { return carries(l.protocol, k) })
		switch first {
		case 0:
			out[k] = base
		case -1:
			out[k] = r.egressOf(id, n, nil, lbs, protoNames[k])
		default:
			out[k] = r.egressOf(id, n, lbs[first:], lbs[:first], protoNames[k])
		}
	}
	return &out
}

// protoText names a load balancer rule's protocol, "" for All.
func protoText(p string) string {
	if p == "" || p == model.ProtoAll {
		return ""
	}
	return " (" + p + ")"
}

// forProto is " for <proto>", "" for no protocol.
func forProto(proto string) string {
	if proto == "" {
		return ""
	}
	return " for " + proto
}

// passedText names the load balancer offers passed over for proto, which
// they do not carry, with their protocols: "" for none.
func passedText(passed []lbEgress, proto string) string {
	if len(passed) == 0 {
		return ""
	}
	names := make([]string, len(passed))
	for i, l := range passed {
		p := l.protocol
		if p == "" {
			p = model.ProtoAll
		}
		names[i] = l.resource + " (" + p + ")"
	}
	verb := "does"
	if len(passed) > 1 {
		verb = "do"
	}
	return fmt.Sprintf("; load balancer %s %s not carry %s: load-balancer SNAT carries its rule's protocol only, and TCP and UDP only (rule:internet-edge.lb-snat-protocol)", strings.Join(names, ", "), verb, proto)
}

func joinAddrs(as []netip.Addr) string {
	if len(as) == 1 {
		return as[0].String()
	}
	s := make([]string, len(as))
	for i, a := range as {
		s[i] = a.String()
	}
	return "one of " + strings.Join(s, ", ")
}

// entries indexes the public addresses: instance public IPs, load balancer
// frontends with their rules, NAT gateways (which accept nothing, rule:internet-edge.inbound-entry-points).
func (r *resolver) entries(x *Index) {
	add := func(e *Entry) {
		if _, taken := x.entries[e.Addr]; !taken {
			x.entries[e.Addr] = e
		}
	}
	vms := slices.Clone(r.t.VMs)
	slices.SortStableFunc(vms, func(a, b model.VM) int { return cmp.Compare(a.ID, b.ID) })
	for _, vm := range vms {
		nics := slices.Clone(vm.NICs)
		slices.SortStableFunc(nics, func(a, b model.NIC) int { return cmp.Compare(a.Name, b.Name) })
		for _, n := range nics {
			if a, ok := r.addr[n.PublicIPAddress]; ok {
				add(&Entry{Kind: EntryInstancePublicIP, Addr: a, PublicIP: n.PublicIPAddress, Basic: r.pips[n.PublicIPAddress].Sku.IsBasic(), NIC: vm.ID + "/" + n.Name})
			}
		}
	}
	lbs := slices.Clone(r.t.LoadBalancers)
	slices.SortStableFunc(lbs, func(a, b model.LoadBalancer) int { return cmp.Compare(a.ID, b.ID) })
	for _, lb := range lbs {
		fes := slices.Clone(lb.FrontendIPConfigurations)
		slices.SortStableFunc(fes, func(a, b model.FrontendIPConfiguration) int { return cmp.Compare(a.Name, b.Name) })
		for _, f := range fes {
			a, ok := r.frontendAddr(lb, f.Name)
			if !ok {
				continue
			}
			add(&Entry{Kind: EntryFrontend, Addr: a, PublicIP: f.PublicIPAddress, Basic: strings.EqualFold(lb.Sku, model.SkuBasic),
				LB: lb.ID, Frontend: f.Name, Forwards: r.forwards(lb, f.Name)})
		}
	}
	gws := slices.Clone(r.t.NatGateways)
	slices.SortStableFunc(gws, func(a, b model.NatGateway) int { return cmp.Compare(a.ID, b.ID) })
	for _, g := range gws {
		for _, p := range g.PublicIPAddresses {
			if a, ok := r.addr[p]; ok {
				add(&Entry{Kind: EntryNatGateway, Addr: a, PublicIP: p, NatGateway: g.ID})
			}
		}
	}
}

// forwards lists the inbound rules of lb's frontend fe, by frontend port,
// protocol and name.
func (r *resolver) forwards(lb model.LoadBalancer, fe string) []Forward {
	var out []Forward
	for _, x := range lb.LoadBalancingRules {
		if x.FrontendIPConfiguration == fe {
			out = append(out, Forward{Rule: x.Name, Protocol: x.Protocol, FrontendPort: x.FrontendPort, BackendPort: x.BackendPort,
				Backends: r.poolMembers(lb, x.BackendAddressPool)})
		}
	}
	for _, x := range lb.InboundNatRules {
		if x.FrontendIPConfiguration != fe {
			continue
		}
		f := Forward{Rule: x.Name, NAT: true, Protocol: x.Protocol, FrontendPort: x.FrontendPort, BackendPort: x.BackendPort}
		if id, ok := r.nic(x.BackendIPConfiguration); ok {
			f.Backends = []string{id}
		}
		out = append(out, f)
	}
	slices.SortStableFunc(out, func(a, b Forward) int {
		return cmp.Or(cmp.Compare(a.FrontendPort, b.FrontendPort), cmp.Compare(a.Protocol, b.Protocol), cmp.Compare(a.Rule, b.Rule))
	})
	return out
}
