package importer

import (
	"fmt"
	"strings"

	"vnetplay/engine/model"
)

// The Internet edge (rule:import.attachment-on-consumer): public IPs, NAT
// gateways, load balancers.
// A public IP's attachment is stored on its consumer (a NIC, a load
// balancer frontend, a NAT gateway, a gateway), so it is resolved there.

// publicIPs maps the IPv4 public IPs that have an address. One without an
// address (dynamic and not allocated, or not exported) is left out with
// what points at it.
func (b *builder) publicIPs() {
	var keep []*node
	for _, n := range b.ix.top(typePIP) {
		switch {
		case lowerIs(n.Str("publicIPAddressVersion"), "IPv6"):
			b.skip(n, "an IPv6 public IP: vnetplay models IPv4 only")
		case n.Str("ipAddress") == "":
			b.skip(n, "the public IP has no address in the file (dynamic and not allocated, or not exported): left out, and what it is attached to is imported without it")
		default:
			keep = append(keep, n)
		}
	}
	ids := allocate(candidates(keep))
	for _, n := range keep {
		id := ids[n.key]
		b.register(cPIPs, n, id)
		b.t.PublicIPAddresses = append(b.t.PublicIPAddresses, model.PublicIPAddress{ID: id, Location: n.Location,
			Sku: model.Sku{Name: skuName(n)}, IPAddress: n.Str("ipAddress")})
	}
}

// natGateways maps the NAT gateways and their public IPs.
func (b *builder) natGateways() {
	nodes := b.ix.top(typeNAT)
	ids := allocate(candidates(nodes))
	for _, n := range nodes {
		id := ids[n.key]
		g := model.NatGateway{ID: id, Location: n.Location}
		for i, e := range n.List("publicIpAddresses") {
			ref := n.RefAt("publicIpAddresses", i, e)
			if pip, ok := b.lookup(cPIPs, ref); ok {
				g.PublicIPAddresses = append(g.PublicIPAddresses, pip)
			} else if ref != "" {
				b.dropRef(n, id, "publicIpAddresses", ref, "the NAT gateway is imported without this address")
			}
		}
		if len(n.List("publicIpPrefixes")) > 0 {
			b.rep.AddFor(Ignored, id, n.Where, "publicIpPrefixes",
				"public IP prefixes of a NAT gateway are not modelled: only its public IP addresses are imported")
		}
		b.register(cNATs, n, id)
		b.t.NatGateways = append(b.t.NatGateways, g)
	}
}

// loadBalancers maps the load balancers: a public one (frontends with
// public IPs) with its pools, rules, inbound NAT rules and outbound rules;
// an internal one as vnetplay models it, a private frontend in front of the
// NICs of its pools. Backends are the NICs whose IP configuration names a
// pool (rule:import.nic-paths), as the NICs were mapped.
func (b *builder) loadBalancers() {
	nodes := b.ix.top(typeLB)
	ids := allocate(candidates(nodes))
	for _, n := range nodes {
		id := ids[n.key]
		lb := model.LoadBalancer{ID: id, Sku: skuName(n)}
		fes := b.ix.children(n, "frontendIPConfigurations")
		public := false
		for _, fe := range fes {
			if fe.Ref("publicIPAddress") != "" {
				public = true
			}
		}
		if public {
			b.publicLB(n, id, &lb)
		} else if !b.internalLB(n, id, &lb) {
			continue
		}
		b.register(cLBs, n, id)
		b.t.LoadBalancers = append(b.t.LoadBalancers, lb)
	}
}

// internalLB fills an internal load balancer: its first frontend and the
// NICs of all its pools. false (reported) when the frontend's subnet is
// not imported.
func (b *builder) internalLB(n *node, id string, lb *model.LoadBalancer) bool {
	fes := b.ix.children(n, "frontendIPConfigurations")
	if len(fes) == 0 {
		b.skip(n, "the load balancer has no frontend IP configuration: left out")
		return false
	}
	fe := fes[0]
	sn, ok := b.subnets[idKey(fe.Ref("subnet"))]
	if !ok {
		b.skip(n, fmt.Sprintf("the internal load balancer's frontend subnet %s is not in the file: left out", fe.Ref("subnet")))
		return false
	}
	lb.Subnet, lb.FrontendPrivateIPAddress = sn.id, fe.Str("privateIPAddress")
	for _, x := range fes {
		x.used = true
	}
	if len(fes) > 1 {
		b.rep.AddFor(Ignored, id, fes[1].Where, "frontendIPConfigurations",
			fmt.Sprintf("vnetplay models one private frontend per internal load balancer: kept %s, left out %d more", fe.Name, len(fes)-1))
	}
	for _, p := range b.ix.children(n, "backendAddressPools") {
		p.used = true
		lb.Backends = append(lb.Backends, b.poolEPs[p.key]...)
	}
	rules := b.ix.children(n, "loadBalancingRules")
	for _, r := range rules {
		r.used = true
	}
	if len(rules) > 0 {
		b.rep.AddFor(Assumed, id, n.Where, "loadBalancingRules",
			"the rules of an internal load balancer are not modelled: vnetplay sends every flow to the frontend to the first backend whose forwarding is on, as HA-ports rules in front of NVAs do (health probes are not modelled)")
	}
	b.markUsed(n, "inboundNatRules", "outboundRules")
	return true
}

// publicLB fills a public load balancer.
func (b *builder) publicLB(n *node, id string, lb *model.LoadBalancer) {
	for _, fe := range b.ix.children(n, "frontendIPConfigurations") {
		fe.used = true
		pip, ok := b.lookup(cPIPs, fe.Ref("publicIPAddress"))
		if !ok {
			b.dropRef(fe, id, "publicIPAddress", fe.Ref("publicIPAddress"), "the frontend "+fe.Name+" and the rules on it are left out")
			continue
		}
		lb.FrontendIPConfigurations = append(lb.FrontendIPConfigurations, model.FrontendIPConfiguration{Name: fe.Name, PublicIPAddress: pip})
	}
	for _, p := range b.ix.children(n, "backendAddressPools") {
		p.used = true
		lb.BackendAddressPools = append(lb.BackendAddressPools, model.BackendAddressPool{Name: p.Name, Backends: b.poolEPs[p.key]})
	}
	for _, r := range b.ix.children(n, "loadBalancingRules") {
		r.used = true
		pool := r.Ref("backendAddressPool")
		if l := r.List("backendAddressPools"); pool == "" && len(l) > 0 {
			pool = r.RefAt("backendAddressPools", 0, l[0])
		}
		lb.LoadBalancingRules = append(lb.LoadBalancingRules, model.LoadBalancingRule{Name: r.Name,
			FrontendIPConfiguration: refName(r.Ref("frontendIPConfiguration")), BackendAddressPool: refName(pool),
			Protocol: r.Str("protocol"), FrontendPort: intAt(r, "frontendPort"), BackendPort: intAt(r, "backendPort"),
			DisableOutboundSnat: boolAt(r, "disableOutboundSnat")})
	}
	for _, r := range b.ix.children(n, "inboundNatRules") {
		r.used = true
		ep := b.natEP[r.key]
		if ep == "" {
			ep = b.nicEP[idKey(r.Ref("backendIPConfiguration"))]
		}
		lb.InboundNatRules = append(lb.InboundNatRules, model.InboundNatRule{Name: r.Name,
			FrontendIPConfiguration: refName(r.Ref("frontendIPConfiguration")), Protocol: r.Str("protocol"),
			FrontendPort: intAt(r, "frontendPort"), BackendPort: intAt(r, "backendPort"), BackendIPConfiguration: ep})
	}
	for _, r := range b.ix.children(n, "outboundRules") {
		r.used = true
		o := model.OutboundRule{Name: r.Name, BackendAddressPool: refName(r.Ref("backendAddressPool")), Protocol: r.Str("protocol")}
		for i, fe := range r.List("frontendIPConfigurations") {
			o.FrontendIPConfigurations = append(o.FrontendIPConfigurations, refName(r.RefAt("frontendIPConfigurations", i, fe)))
		}
		o.FrontendIPConfigurations = nonNil(o.FrontendIPConfigurations)
		lb.OutboundRules = append(lb.OutboundRules, o)
	}
}

// markUsed marks the children of n under the given child types as used
// (read as part of n).
func (b *builder) markUsed(n *node, childTypes ...string) {
	for _, t := range childTypes {
		for _, c := range b.ix.children(n, t) {
			c.used = true
		}
	}
}

// refName is the name a reference to a sub-resource names (its id's last
// segment), "" for none.
func refName(ref string) string {
	if strings.TrimSpace(ref) == "" {
		return ""
	}
	return nameFromID(ref)
}

// intAt is the number at path of n as an int (0 when absent).
func intAt(n *node, path string) int {
	v, _ := n.Num(path)
	return int(v)
}

// boolAt is the bool at path of n (false when absent).
func boolAt(n *node, path string) bool {
	v, _ := n.Bool(path)
	return v
}
