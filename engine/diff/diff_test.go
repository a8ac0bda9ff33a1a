package diff

import (
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

func TestDiffPeeringDown(t *testing.T) {
	topo := model.Topology{
		VNets: []model.VNet{
			{ID: "a", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []model.Subnet{{Name: "s", AddressPrefix: "10.0.1.0/24"}}},
			{ID: "b", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.1.0.0/16"}}, Subnets: []model.Subnet{{Name: "s", AddressPrefix: "10.1.1.0/24"}}},
		},
		Peerings: []model.Peering{{ID: "ab", A: model.PeeringLink{VNet: "a"}, B: model.PeeringLink{VNet: "b"}}},
		VMs: []model.VM{{ID: "x", NICs: []model.NIC{{Name: "n", Subnet: "a/s", PrivateIPAddress: "10.0.1.4"}}},
			{ID: "y", NICs: []model.NIC{{Name: "n", Subnet: "b/s", PrivateIPAddress: "10.1.1.4"}}}},
	}
	before := dataplane.Build(&topo)
	after := dataplane.Build(&topo, dataplane.WithFailures([]model.Failure{{Kind: model.PeeringDown, Target: "ab"}}))
	c := Diff(before, after)
	if len(c.Routes) != 2 || c.Routes[0].Subnet != "a/s" || c.Routes[0].Prefix != "10.1.0.0/16" || c.Routes[0].After != "" ||
		!strings.HasPrefix(c.Routes[0].Before, "VNetPeering") {
		t.Errorf("routes: %+v", c.Routes)
	}
	lost := c.Lost()
	if len(lost) != 2 || lost[0].From != "x/n" || lost[0].To != "y/n" || !strings.Contains(lost[0].After, "DroppedByNoneRoute") {
		t.Errorf("lost: %+v", lost)
	}
	back := Diff(after, before)
	if len(back.Lost()) != 0 || back.Pairs[0].Change != Regained {
		t.Errorf("reverse diff should regain: %+v", back.Pairs)
	}
}
