package scenario

import "vnetplay/engine/model"

// cloneLoadBalancer deep-copies lb's lists in place (the internal and the
// public parts).
func cloneLoadBalancer(lb *model.LoadBalancer) {
	lb.Backends = omit(lb.Backends)
	lb.FrontendIPConfigurations = omit(lb.FrontendIPConfigurations) // flat
	lb.BackendAddressPools = omit(lb.BackendAddressPools)
	for i := range lb.BackendAddressPools {
		lb.BackendAddressPools[i].Backends = omit(lb.BackendAddressPools[i].Backends)
	}
	lb.LoadBalancingRules = omit(lb.LoadBalancingRules) // flat
	lb.InboundNatRules = omit(lb.InboundNatRules)       // flat
	lb.OutboundRules = omit(lb.OutboundRules)
	for i := range lb.OutboundRules {
		lb.OutboundRules[i].FrontendIPConfigurations = keep(lb.OutboundRules[i].FrontendIPConfigurations)
	}
}

// cloneEdge copies t's Internet edge resources (public IPs, NAT gateways)
// into out.
func cloneEdge(out, t *model.Topology) {
	out.PublicIPAddresses = omit(t.PublicIPAddresses) // flat
	out.NatGateways = omit(t.NatGateways)
	for i := range out.NatGateways {
		out.NatGateways[i].PublicIPAddresses = omit(out.NatGateways[i].PublicIPAddresses)
	}
}

// canonicalEdge sorts the Internet edge resources by id and their nested
// lists by name; a NAT gateway's public IPs and a pool's backends are sets,
// sorted too, as are the frontends of an outbound rule.
func canonicalEdge(t *model.Topology) {
	t.PublicIPAddresses = sortedBy(t.PublicIPAddresses, func(p model.PublicIPAddress) string { return p.ID })
	t.NatGateways = sortedBy(t.NatGateways, func(g model.NatGateway) string { return g.ID })
	for i := range t.NatGateways {
		t.NatGateways[i].PublicIPAddresses = sortedBy(t.NatGateways[i].PublicIPAddresses, func(s string) string { return s })
	}
	for i := range t.LoadBalancers {
		lb := &t.LoadBalancers[i]
		lb.FrontendIPConfigurations = sortedBy(lb.FrontendIPConfigurations, func(f model.FrontendIPConfiguration) string { return f.Name })
		lb.BackendAddressPools = sortedBy(lb.BackendAddressPools, func(p model.BackendAddressPool) string { return p.Name })
		for j := range lb.BackendAddressPools {
			lb.BackendAddressPools[j].Backends = sortedBy(lb.BackendAddressPools[j].Backends, func(s string) string { return s })
		}
		lb.LoadBalancingRules = sortedBy(lb.LoadBalancingRules, func(r model.LoadBalancingRule) string { return r.Name })
		lb.InboundNatRules = sortedBy(lb.InboundNatRules, func(r model.InboundNatRule) string { return r.Name })
		lb.OutboundRules = sortedBy(lb.OutboundRules, func(r model.OutboundRule) string { return r.Name })
		for j := range lb.OutboundRules {
			lb.OutboundRules[j].FrontendIPConfigurations = sortedBy(lb.OutboundRules[j].FrontendIPConfigurations, func(s string) string { return s })
		}
	}
}
