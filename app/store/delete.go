package store

import (
	"fmt"
	"slices"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Delete removes resources and everything that only exists through them: a
// VNet takes its subnets, their NICs and load balancers, and its peerings;
// a subnet takes its NICs (a VM left without NICs goes too); a route table
// or NSG is dissociated from every subnet and NIC first (F43: Azure refuses
// to delete an associated table; here deleting means "dissociate and
// delete"). Canvas positions of deleted resources are dropped.
type Delete struct{ Refs []Ref }

func (e Delete) Label() string {
	if len(e.Refs) == 1 {
		return "delete " + e.Refs[0].ID
	}
	return fmt.Sprintf("delete %d resources", len(e.Refs))
}

func (e Delete) apply(doc *scenario.Document) error {
	if len(e.Refs) == 0 {
		return ErrNoChange
	}
	t := &doc.Topology
	for _, r := range e.Refs {
		if _, err := locate(t, r); err != nil {
			return err
		}
	}
	for _, r := range e.Refs {
		switch r.Kind {
		case canvas.KindVNet:
			t.VNets = slices.DeleteFunc(t.VNets, func(v model.VNet) bool { return v.ID == r.ID })
			for _, id := range gatewaysIn(t, r.ID) {
				deleteHybrid(t, Ref{Kind: Gateway, ID: id})
			}
			t.RouteServers = slices.DeleteFunc(t.RouteServers, func(x model.RouteServer) bool { return x.VNet == r.ID })
			t.Peerings = slices.DeleteFunc(t.Peerings, func(p model.Peering) bool { return p.A.VNet == r.ID || p.B.VNet == r.ID })
			dropInSubnets(t, func(subnet string) bool { return strings.HasPrefix(subnet, r.ID+"/") })
		case canvas.KindSubnet:
			vnet, name, _ := strings.Cut(r.ID, "/")
			if i := indexOf(t.VNets, func(v model.VNet) bool { return v.ID == vnet }); i >= 0 {
				t.VNets[i].Subnets = slices.DeleteFunc(t.VNets[i].Subnets, func(s model.Subnet) bool { return s.Name == name })
			}
			dropInSubnets(t, func(subnet string) bool { return subnet == r.ID })
			if name == model.GatewaySubnet {
				for _, id := range gatewaysIn(t, vnet) {
					deleteHybrid(t, Ref{Kind: Gateway, ID: id})
				}
			}
			if name == model.RouteServerSubnet {
				t.RouteServers = slices.DeleteFunc(t.RouteServers, func(x model.RouteServer) bool { return x.VNet == vnet })
			}
		case canvas.KindVM, canvas.KindNVA:
			t.VMs = slices.DeleteFunc(t.VMs, func(v model.VM) bool { return v.ID == r.ID })
		case canvas.KindLB:
			t.LoadBalancers = slices.DeleteFunc(t.LoadBalancers, func(l model.LoadBalancer) bool { return l.ID == r.ID })
		case canvas.KindRouteTable:
			t.RouteTables = slices.DeleteFunc(t.RouteTables, func(x model.RouteTable) bool { return x.ID == r.ID })
			forSubnets(t, func(s *model.Subnet) {
				if s.RouteTable == r.ID {
					s.RouteTable = ""
				}
			})
		case canvas.KindNSG:
			t.NSGs = slices.DeleteFunc(t.NSGs, func(x model.NSG) bool { return x.ID == r.ID })
			forSubnets(t, func(s *model.Subnet) {
				if s.NetworkSecurityGroup == r.ID {
					s.NetworkSecurityGroup = ""
				}
			})
			for i := range t.VMs {
				for j := range t.VMs[i].NICs {
					if t.VMs[i].NICs[j].NetworkSecurityGroup == r.ID {
						t.VMs[i].NICs[j].NetworkSecurityGroup = ""
					}
				}
			}
		case Peering:
			t.Peerings = slices.DeleteFunc(t.Peerings, func(p model.Peering) bool { return p.ID == r.ID })
		default:
			if !deleteHybrid(t, r) {
				return fmt.Errorf("cannot delete a %s", r.Kind)
			}
		}
		if doc.Layout != nil {
			delete(doc.Layout.Nodes, r.ID)
		}
	}
	return nil
}

// dropInSubnets removes the NICs and load balancers in the subnets gone
// says are gone, and VMs left without a NIC.
func dropInSubnets(t *model.Topology, gone func(subnet string) bool) {
	for i := range t.VMs {
		t.VMs[i].NICs = slices.DeleteFunc(t.VMs[i].NICs, func(n model.NIC) bool { return gone(n.Subnet) })
	}
	t.VMs = slices.DeleteFunc(t.VMs, func(v model.VM) bool { return len(v.NICs) == 0 })
	t.LoadBalancers = slices.DeleteFunc(t.LoadBalancers, func(l model.LoadBalancer) bool { return gone(l.Subnet) })
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
