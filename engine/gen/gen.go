// Package gen builds synthetic designs for benchmarks, fuzz seeds and demos.
// Generators are deterministic: the same arguments give the same topology.
package gen

import (
	"fmt"

	"vnetplay/engine/model"
)

// HubSpoke returns a hub (10.0.0.0/16, NVA 10.0.1.4 with forwarding) and n
// spokes (10.<i>.0.0/16 for i in 1..n, n ≤ 250), each with one VM and a
// route table sending 10.0.0.0/8 to the NVA, peered to the hub with
// forwarded traffic allowed on the spoke side. Spoke-to-spoke traffic goes
// through the NVA (rule:nva.spoke-to-spoke-through-hub).
func HubSpoke(n int) model.Topology {
	n = max(0, min(n, 250))
	t := model.Topology{
		VNets: []model.VNet{{ID: "hub", Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
			Subnets: []model.Subnet{{Name: "nva", AddressPrefix: "10.0.1.0/24"}}}},
		RouteTables: []model.RouteTable{{ID: "rt-spokes", Location: "westeurope", Routes: []model.Route{
			{Name: "to-hub-nva", AddressPrefix: "10.0.0.0/8", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}}},
		VMs: []model.VM{{ID: "nva", GuestIPForwarding: true, Stateful: true, NICs: []model.NIC{
			{Name: "nic0", Subnet: "hub/nva", PrivateIPAddress: "10.0.1.4", EnableIPForwarding: true}}}},
	}
	for i := 1; i <= n; i++ {
		id := fmt.Sprintf("spoke%03d", i)
		t.VNets = append(t.VNets, model.VNet{ID: id, Location: "westeurope",
			AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.0.0/16", i)}},
			Subnets:      []model.Subnet{{Name: "app", AddressPrefix: fmt.Sprintf("10.%d.1.0/24", i), RouteTable: "rt-spokes"}}})
		t.Peerings = append(t.Peerings, model.Peering{ID: "hub-" + id,
			A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: id, AllowForwardedTraffic: true}})
		t.VMs = append(t.VMs, model.VM{ID: "vm-" + id, NICs: []model.NIC{
			{Name: "nic0", Subnet: id + "/app", PrivateIPAddress: fmt.Sprintf("10.%d.1.4", i)}}})
	}
	return t
}
