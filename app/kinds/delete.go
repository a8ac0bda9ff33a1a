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
// route table or NSG is dissociated from every subnet and NIC first (F43:
// Azure refuses to delete an associated table; here deleting means
// "dissociate and delete"); a site takes its local network gateways and
// their connections. References other resources keep to what is gone are
// cleared, so no delete leaves a dangling reference behind.
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
}

func deleteSubnet(t *model.Topology, id string) {
	vnet, name, _ := strings.Cut(id, "/")
	if v, ok := find(t.VNets, vnet, vnetID); ok {
		v.Subnets = without(v.Subnets, name, subnetName)
	}
	dropInSubnets(t, func(subnet string) bool { return subnet == id })
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
	t.VMs = without(t.VMs, id, vmID)
	dropBackends(t, func(nic string) bool { return strings.HasPrefix(nic, id+"/") || nic == id })
}

func deleteLB(t *model.Topology, id string) { t.LoadBalancers = without(t.LoadBalancers, id, lbID) }

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

// dropInSubnets removes the NICs and load balancers in the subnets gone
// says are gone, and VMs left without a NIC.
func dropInSubnets(t *model.Topology, gone func(subnet string) bool) {
	var nics []string
	for i := range t.VMs {
		vm := &t.VMs[i]
		for _, n := range vm.NICs {
			if gone(n.Subnet) {
				nics = append(nics, vm.ID+"/"+n.Name)
			}
		}
		vm.NICs = slices.DeleteFunc(vm.NICs, func(n model.NIC) bool { return gone(n.Subnet) })
	}
	t.VMs = slices.DeleteFunc(t.VMs, func(v model.VM) bool { return len(v.NICs) == 0 })
	t.LoadBalancers = slices.DeleteFunc(t.LoadBalancers, func(l model.LoadBalancer) bool { return gone(l.Subnet) })
	dropBackends(t, func(nic string) bool { return slices.Contains(nics, nic) })
}

// dropBackends removes load balancer backends (NIC ids) that gone says are
// gone.
func dropBackends(t *model.Topology, gone func(nic string) bool) {
	for i := range t.LoadBalancers {
		t.LoadBalancers[i].Backends = slices.DeleteFunc(t.LoadBalancers[i].Backends, gone)
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
