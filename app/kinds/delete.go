package kinds

import (
	"fmt"
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// Delete removes the resource r names from t, with everything that only
// exists through it: a VNet takes its subnets, their NICs and load
// balancers, its gateways (and their connections), its Route Server and its
// peerings; a subnet takes its NICs (a VM left without NICs goes too); a
// route table or NSG is dissociated from every subnet and NIC first (rule:udr.table-deletion:
// Azure refuses to delete an associated table; here deleting means
// "dissociate and delete"), and so are a NAT gateway (from its subnets) and
// a public IP (from its NIC and NAT gateway; the load balancer frontends on
// it go, with the rules that use them, and a public load balancer left
// without a frontend goes too); a site takes its local network gateways and
// their connections. A VM that goes (itself, or with its subnet or VNet)
// leaves the load balancers' backends and backend pools, and the inbound
// NAT rules that forward to it go (a rule has one backend, which
// model.Validate requires). References other resources keep to what is gone
// are cleared, so no delete leaves a dangling reference behind.
func Delete(t *model.Topology, r Ref) error {
	s, ok := Of(r.Kind)
	if !ok || s.del == nil {
		return fmt.Errorf("%s cannot be deleted", nounOf(r.Kind))
	}
	if _, ok := s.Locate(t, r.ID); !ok {
		return fmt.Errorf("%s %s not found", s.Noun, r.ID)
	}
	s.del(t, r.ID)
	return nil
}

func nounOf(k Kind) string {
	if s, ok := Of(k); ok {
		return s.A()
	}
	return string(k)
}

func without[T any](s []T, id string, idOf func(*T) string) []T {
	return slices.DeleteFunc(s, func(x T) bool { return idOf(&x) == id })
}

func deleteVNet(t *model.Topology, id string) {
	t.VNets = without(t.VNets, id, vnetID)
	for _, g := range gatewaysIn(t, id) {
		deleteGateway(t, g)
	}
	t.RouteServers = slices.DeleteFunc(t.RouteServers, func(x model.RouteServer) bool { return x.VNet == id })
	t.Peerings = slices.DeleteFunc(t.Peerings, func(p model.Peering) bool { return p.A.VNet == id || p.B.VNet == id })
	dropInSubnets(t, func(subnet string) bool { return strings.HasPrefix(subnet, id+"/") })
	dropNamesInVNet(t, id) // names.go
}

func deleteSubnet(t *model.Topology, id string) {
	vnet, name, _ := strings.Cut(id, "/")
	if v, ok := find(t.VNets, vnet, vnetID); ok {
		v.Subnets = without(v.Subnets, name, subnetName)
	}
	dropInSubnets(t, func(subnet string) bool { return subnet == id })
	dropNamesInSubnets(t, func(subnet string) bool { return subnet == id }) // names.go
	switch name {
	case model.GatewaySubnet:
		for _, g := range gatewaysIn(t, vnet) {
			deleteGateway(t, g)
		}
	case model.RouteServerSubnet:
		t.RouteServers = slices.DeleteFunc(t.RouteServers, func(x model.RouteServer) bool { return x.VNet == vnet })
	}
}

func deleteVM(t *model.Topology, id string) {
	before := liveBackends(t)
	t.VMs = without(t.VMs, id, vmID)
	dropGoneBackends(t, before)
}

func deleteLB(t *model.Topology, id string) { t.LoadBalancers = without(t.LoadBalancers, id, lbID) }

// deletePublicIP dissociates the public IP from its NIC, NAT gateway and
// load balancer frontends, then deletes it: Azure deletes only a public IP
// that nothing uses; here, as for route tables, deleting means "dissociate
// and delete".
func deletePublicIP(t *model.Topology, id string) {
	t.PublicIPAddresses = without(t.PublicIPAddresses, id, publicIPID)
	for i := range t.VMs {
		for j := range t.VMs[i].NICs {
			if t.VMs[i].NICs[j].PublicIPAddress == id {
				t.VMs[i].NICs[j].PublicIPAddress = ""
			}
		}
	}
	for i := range t.NatGateways {
		g := &t.NatGateways[i]
		g.PublicIPAddresses = slices.DeleteFunc(g.PublicIPAddresses, func(x string) bool { return x == id })
	}
	// A public load balancer without frontends would be neither public nor
	// internal (model.LoadBalancer.IsPublic): it goes with its last one.
	var emptied []int
	for i := range t.LoadBalancers {
		if dropFrontends(&t.LoadBalancers[i], id) && !t.LoadBalancers[i].IsPublic() {
			emptied = append(emptied, i)
		}
	}
	for _, i := range slices.Backward(emptied) {
		t.LoadBalancers = slices.Delete(t.LoadBalancers, i, i+1)
	}
}

// dropFrontends removes the frontends of lb on public IP pip, the load
// balancing and inbound NAT rules on them, and them from the outbound
// rules (an outbound rule left without a frontend goes). It reports
// whether lb had such a frontend.
func dropFrontends(lb *model.LoadBalancer, pip string) bool {
	gone := map[string]bool{}
	for _, f := range lb.FrontendIPConfigurations {
		if f.PublicIPAddress == pip {
			gone[f.Name] = true
		}
	}
	if len(gone) == 0 {
		return false
	}
	lb.FrontendIPConfigurations = slices.DeleteFunc(lb.FrontendIPConfigurations, func(f model.FrontendIPConfiguration) bool { return gone[f.Name] })
	lb.LoadBalancingRules = slices.DeleteFunc(lb.LoadBalancingRules, func(r model.LoadBalancingRule) bool { return gone[r.FrontendIPConfiguration] })
	lb.InboundNatRules = slices.DeleteFunc(lb.InboundNatRules, func(r model.InboundNatRule) bool { return gone[r.FrontendIPConfiguration] })
	for i := range lb.OutboundRules {
		r := &lb.OutboundRules[i]
		r.FrontendIPConfigurations = slices.DeleteFunc(r.FrontendIPConfigurations, func(fe string) bool { return gone[fe] })
	}
	lb.OutboundRules = slices.DeleteFunc(lb.OutboundRules, func(r model.OutboundRule) bool { return len(r.FrontendIPConfigurations) == 0 })
	return true
}

// deleteNATGateway dissociates the NAT gateway from its subnets and deletes
// it.
func deleteNATGateway(t *model.Topology, id string) {
	t.NatGateways = without(t.NatGateways, id, natGatewayID)
	forSubnets(t, func(s *model.Subnet) {
		if s.NatGateway == id {
			s.NatGateway = ""
		}
	})
}

func deleteRouteTable(t *model.Topology, id string) {
	t.RouteTables = without(t.RouteTables, id, routeTableID)
	forSubnets(t, func(s *model.Subnet) {
		if s.RouteTable == id {
			s.RouteTable = ""
		}
	})
}

func deleteNSG(t *model.Topology, id string) {
	t.NSGs = without(t.NSGs, id, nsgID)
	forSubnets(t, func(s *model.Subnet) {
		if s.NetworkSecurityGroup == id {
			s.NetworkSecurityGroup = ""
		}
	})
	for i := range t.VMs {
		for j := range t.VMs[i].NICs {
			if t.VMs[i].NICs[j].NetworkSecurityGroup == id {
				t.VMs[i].NICs[j].NetworkSecurityGroup = ""
			}
		}
	}
}

func deletePeering(t *model.Topology, id string) { t.Peerings = without(t.Peerings, id, peeringID) }

func deleteGateway(t *model.Topology, id string) {
	t.Gateways = without(t.Gateways, id, gatewayID)
	t.Connections = slices.DeleteFunc(t.Connections, func(c model.Connection) bool {
		return c.VirtualNetworkGateway1 == id || c.VirtualNetworkGateway2 == id
	})
}

func deleteP2S(t *model.Topology, id string) {
	if g, ok := find(t.Gateways, id, gatewayID); ok {
		g.VpnClientConfiguration = nil
	}
}

func deleteRouteServer(t *model.Topology, id string) {
	t.RouteServers = without(t.RouteServers, id, routeServerID)
}

func deleteBGPPeer(t *model.Topology, id string) {
	rs, name, _ := strings.Cut(id, "/")
	if r, ok := find(t.RouteServers, rs, routeServerID); ok {
		r.BgpConnections = without(r.BgpConnections, name, bgpPeerName)
	}
}

func deleteLNG(t *model.Topology, id string) {
	t.LocalNetworkGateways = without(t.LocalNetworkGateways, id, lngID)
	t.Connections = slices.DeleteFunc(t.Connections, func(c model.Connection) bool { return c.LocalNetworkGateway2 == id })
	for i := range t.Gateways {
		if t.Gateways[i].GatewayDefaultSite == id {
			t.Gateways[i].GatewayDefaultSite = ""
		}
	}
}

func deleteSite(t *model.Topology, id string) {
	t.Sites = without(t.Sites, id, siteID)
	var lngs []string
	for _, l := range t.LocalNetworkGateways {
		if l.Site == id {
			lngs = append(lngs, l.ID)
		}
	}
	for _, l := range lngs {
		deleteLNG(t, l)
	}
	for i := range t.Circuits {
		if t.Circuits[i].Site == id {
			t.Circuits[i].Site = ""
		}
	}
}

func deleteCircuit(t *model.Topology, id string) {
	t.Circuits = without(t.Circuits, id, circuitID)
	for i := range t.Circuits {
		t.Circuits[i].GlobalReach = slices.DeleteFunc(t.Circuits[i].GlobalReach, func(x string) bool { return x == id })
	}
	t.Connections = slices.DeleteFunc(t.Connections, func(c model.Connection) bool {
		return c.ConnectionType == model.ConnExpressRoute && c.Peer == id
	})
}

func deleteConnection(t *model.Topology, id string) {
	t.Connections = without(t.Connections, id, connectionID)
}

// dropInSubnets removes the NICs and internal load balancers in the
// subnets gone says are gone, and VMs left without a NIC.
func dropInSubnets(t *model.Topology, gone func(subnet string) bool) {
	before := liveBackends(t)
	for i := range t.VMs {
		vm := &t.VMs[i]
		vm.NICs = slices.DeleteFunc(vm.NICs, func(n model.NIC) bool { return gone(n.Subnet) })
	}
	t.VMs = slices.DeleteFunc(t.VMs, func(v model.VM) bool { return len(v.NICs) == 0 })
	t.LoadBalancers = slices.DeleteFunc(t.LoadBalancers, func(l model.LoadBalancer) bool { return l.Subnet != "" && gone(l.Subnet) })
	dropGoneBackends(t, before)
}

// liveBackends lists what a load balancer backend can name, as
// model.Validate resolves it: each NIC ("vm/nic") and each VM that has a
// NIC (a bare VM id names its primary NIC).
func liveBackends(t *model.Topology) map[string]bool {
	out := map[string]bool{}
	for _, vm := range t.VMs {
		if len(vm.NICs) > 0 {
			out[vm.ID] = true
		}
		for _, n := range vm.NICs {
			out[vm.ID+"/"+n.Name] = true
		}
	}
	return out
}

// dropGoneBackends removes the load balancer backends (of internal load
// balancers and of public backend pools) and the inbound NAT rules whose
// backend resolved in before and no longer does. References that dangled
// before the delete are left for the lint to report.
func dropGoneBackends(t *model.Topology, before map[string]bool) {
	now := liveBackends(t)
	gone := func(b string) bool { return before[b] && !now[b] }
	for i := range t.LoadBalancers {
		lb := &t.LoadBalancers[i]
		lb.Backends = slices.DeleteFunc(lb.Backends, gone)
		for j := range lb.BackendAddressPools {
			lb.BackendAddressPools[j].Backends = slices.DeleteFunc(lb.BackendAddressPools[j].Backends, gone)
		}
		lb.InboundNatRules = slices.DeleteFunc(lb.InboundNatRules, func(r model.InboundNatRule) bool { return gone(r.BackendIPConfiguration) })
	}
}

func forSubnets(t *model.Topology, f func(*model.Subnet)) {
	for i := range t.VNets {
		for j := range t.VNets[i].Subnets {
			f(&t.VNets[i].Subnets[j])
		}
	}
}

// gatewaysIn lists the ids of a VNet's gateways (collected first: deleting
// while ranging over t.Gateways would skip some).
func gatewaysIn(t *model.Topology, vnet string) []string {
	var ids []string
	for _, g := range t.Gateways {
		if g.VNet == vnet {
			ids = append(ids, g.ID)
		}
	}
	return ids
}
