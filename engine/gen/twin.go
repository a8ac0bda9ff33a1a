package gen

import (
	"slices"
	"strings"

	"vnetplay/engine/model"
)

// Twin returns t with a copy of VNet vnet added as vnet+"-twin": the same
// address space and subnets (route tables and NSGs included) and a copy of
// each VM with a NIC in vnet (id+"-twin", the NICs in vnet at the same
// addresses without their public IP, the others left out), as imported subscriptions hold VNets
// made alike from the portal's default (rule:address-space.private-ip-per-vnet).
// Unless peered, the twin has no peering (its address space overlaps
// vnet's, which Azure refuses to peer) and its subnets no route table
// (one steering to a hub's appliance would be out of its reach); peered,
// it gets a copy of each of vnet's peerings, with the same flags. t is not modified; the result
// shares none of its slices that Twin changes. An unknown vnet returns t
// as it is.
func Twin(t model.Topology, vnet string, peered bool) model.Topology {
	i := slices.IndexFunc(t.VNets, func(v model.VNet) bool { return v.ID == vnet })
	if i < 0 {
		return t
	}
	twin := t.VNets[i]
	twin.ID = vnet + "-twin"
	twin.AddressSpace.AddressPrefixes = slices.Clone(twin.AddressSpace.AddressPrefixes)
	twin.Subnets = slices.Clone(twin.Subnets)
	t.VNets = append(slices.Clip(t.VNets), twin)
	t.VMs = slices.Clip(t.VMs)
	for _, vm := range t.VMs {
		if c, ok := twinVM(vm, vnet, twin.ID); ok {
			t.VMs = append(t.VMs, c)
		}
	}
	if !peered {
		for k := range twin.Subnets {
			t.VNets[len(t.VNets)-1].Subnets[k].RouteTable = ""
		}
		return t
	}
	t.Peerings = slices.Clip(t.Peerings)
	for _, p := range t.Peerings {
		switch vnet {
		case p.A.VNet:
			p.A.VNet = twin.ID
		case p.B.VNet:
			p.B.VNet = twin.ID
		default:
			continue
		}
		p.ID += "-twin"
		t.Peerings = append(t.Peerings, p)
	}
	return t
}

// twinVM is vm's copy in VNet twin, the copy of VNet vnet: its NICs in
// vnet moved to twin's subnets of the same name; ok is false when vm has
// no NIC in vnet.
func twinVM(vm model.VM, vnet, twin string) (model.VM, bool) {
	c := vm
	c.ID, c.NICs = vm.ID+"-twin", nil
	for _, n := range vm.NICs {
		if v, sn, ok := strings.Cut(n.Subnet, "/"); ok && v == vnet {
			n.Subnet, n.PublicIPAddress = twin+"/"+sn, "" // a public IP serves one NIC
			c.NICs = append(c.NICs, n)
		}
	}
	return c, len(c.NICs) > 0
}
