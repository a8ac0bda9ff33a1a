package canvas

import (
	"vnetplay/app/kinds"
	"vnetplay/engine/model"
)

// The Internet edge on the canvas: NAT gateways, public load balancers and
// public IPs are satellites, like route tables and NSGs, drawn beside the
// subnet they serve; each is tied to what uses it by an association edge.

// edgeSatellites lists the Internet edge's satellites, each kind sorted by
// id: NAT gateways beside the first subnet (in VNet and subnet order) that
// uses them, whose ids first holds under "nat:<id>"; public load balancers
// beside the subnet of their first backend (backend pools in order, then
// inbound NAT rules); public IPs beside what they are attached to: their
// NIC's subnet, their load balancer's or their NAT gateway's, the first
// found in that order (model.Validate reports a public IP with several
// users). Satellites with no subnet go with the loose ones.
func edgeSatellites(t *model.Topology, first map[string]string) []satellite {
	var out []satellite
	nats := sortedBy(t.NatGateways, func(g model.NatGateway) string { return g.ID })
	for _, g := range nats {
		out = append(out, satellite{kind: kinds.NATGateway, ref: g.ID, subnet: first["nat:"+g.ID], detail: plural(len(g.PublicIPAddresses), "public IP")})
	}
	var lbs []model.LoadBalancer
	for _, lb := range sortedBy(t.LoadBalancers, func(l model.LoadBalancer) string { return l.ID }) {
		if lb.IsPublic() {
			lbs = append(lbs, lb)
		}
	}
	backends := backendSubnets(t)
	lbSubnet := map[string]string{}
	for _, lb := range lbs {
		sub := publicLBSubnet(lb, backends)
		if _, dup := lbSubnet[lb.ID]; !dup {
			lbSubnet[lb.ID] = sub
		}
		out = append(out, satellite{kind: kinds.LoadBalancer, ref: lb.ID, subnet: sub, detail: publicLBDetail(lb)})
	}
	pipSubnet := map[string]string{}
	claim := func(pip, subnet string) {
		if _, taken := pipSubnet[pip]; !taken && pip != "" {
			pipSubnet[pip] = subnet
		}
	}
	for _, vm := range sortedBy(t.VMs, func(v model.VM) string { return v.ID }) {
		for _, n := range vm.NICs {
			claim(n.PublicIPAddress, n.Subnet)
		}
	}
	for _, lb := range lbs {
		for _, f := range lb.FrontendIPConfigurations {
			claim(f.PublicIPAddress, lbSubnet[lb.ID])
		}
	}
	for _, g := range nats {
		for _, p := range g.PublicIPAddresses {
			claim(p, first["nat:"+g.ID])
		}
	}
	for _, p := range sortedBy(t.PublicIPAddresses, func(p model.PublicIPAddress) string { return p.ID }) {
		out = append(out, satellite{kind: kinds.PublicIP, ref: p.ID, subnet: pipSubnet[p.ID], detail: publicIPDetail(p)})
	}
	return out
}

// backendSubnets maps what a load balancer backend may name to its subnet:
// each NIC ("vm/nic") and each VM (its primary NIC, model.VM.PrimaryNIC,
// as the engine resolves a bare VM id). Of VMs sharing an id (a lint error), the first in
// id order counts.
func backendSubnets(t *model.Topology) map[string]string {
	out := map[string]string{}
	for _, vm := range sortedBy(t.VMs, func(v model.VM) string { return v.ID }) {
		if _, dup := out[vm.ID]; dup {
			continue
		}
		for _, n := range vm.NICs {
			if _, dup := out[vm.ID+"/"+n.Name]; !dup {
				out[vm.ID+"/"+n.Name] = n.Subnet
			}
		}
		if nic, ok := vm.PrimaryNIC(); ok {
			out[vm.ID] = nic.Subnet
		}
	}
	return out
}

// publicLBSubnet is the subnet of the first backend of lb that resolves:
// its backend pools in order, then its inbound NAT rules; "" if none does.
func publicLBSubnet(lb model.LoadBalancer, backends map[string]string) string {
	for _, p := range lb.BackendAddressPools {
		for _, b := range p.Backends {
			if s, ok := backends[b]; ok {
				return s
			}
		}
	}
	for _, r := range lb.InboundNatRules {
		if s, ok := backends[r.BackendIPConfiguration]; ok {
			return s
		}
	}
	return ""
}

// publicLBDetail is "public, 3 rules": load balancing, inbound NAT and
// outbound rules together.
func publicLBDetail(lb model.LoadBalancer) string {
	return "public, " + plural(len(lb.LoadBalancingRules)+len(lb.InboundNatRules)+len(lb.OutboundRules), "rule")
}

// publicIPDetail is the address, with the SKU when it is not the
// default: "198.51.100.10" for a Standard address (an empty SKU is
// Standard, rule:internet-edge.standard-secure-by-default),
// "198.51.100.10 Basic" otherwise, and the SKU alone while the address is
// not known. The SKU always written did not fit a satellite: "198.51.100.20
// St…" (the Inspector has the SKU).
func publicIPDetail(p model.PublicIPAddress) string {
	sku := p.Sku.Name
	switch {
	case sku == "":
		sku = model.SkuStandard
	case sku != model.SkuStandard && p.IPAddress != "":
		return p.IPAddress + " " + sku
	}
	if p.IPAddress == "" {
		return sku
	}
	return p.IPAddress
}

// addEdgeAssociations ties each public IP to the NIC chip, public load
// balancer or NAT gateway it is attached to (the subnet ↔ NAT gateway edges
// are drawn with the route tables' and NSGs', addEdges).
func (s *Scene) addEdgeAssociations(t *model.Topology) {
	assoc := func(pip, to string) {
		if pip != "" {
			s.addEdge(Edge{Key: "assoc:" + pip + ">" + to, Kind: EdgeAssociation, From: Key(kinds.PublicIP, pip), To: to})
		}
	}
	for _, vm := range sortedBy(t.VMs, func(v model.VM) string { return v.ID }) {
		for _, nic := range vm.NICs {
			assoc(nic.PublicIPAddress, nicKey(vm, nic))
		}
	}
	for _, lb := range sortedBy(t.LoadBalancers, func(l model.LoadBalancer) string { return l.ID }) {
		for _, f := range lb.FrontendIPConfigurations {
			assoc(f.PublicIPAddress, Key(kinds.LoadBalancer, lb.ID))
		}
	}
	for _, g := range sortedBy(t.NatGateways, func(g model.NatGateway) string { return g.ID }) {
		for _, p := range g.PublicIPAddresses {
			assoc(p, Key(kinds.NATGateway, g.ID))
		}
	}
}
