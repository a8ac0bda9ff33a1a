package expect

import (
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

func TestEvaluate(t *testing.T) {
	topo := model.Topology{
		VNets: []model.VNet{{ID: "v", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
			Subnets: []model.Subnet{{Name: "a", AddressPrefix: "10.0.1.0/24"}, {Name: "b", AddressPrefix: "10.0.2.0/24"}}}},
		VMs: []model.VM{{ID: "x", NICs: []model.NIC{{Name: "n", Subnet: "v/a", PrivateIPAddress: "10.0.1.4"}}},
			{ID: "y", NICs: []model.NIC{{Name: "n", Subnet: "v/b", PrivateIPAddress: "10.0.2.4"}}}},
	}
	yes, no := true, false
	p := dataplane.Build(&topo)
	res := Evaluate(p, []scenario.Expectation{
		{ID: "1", Kind: "reach", From: "x", To: "y", Reachable: &yes},
		{ID: "2", Kind: "reach", From: "x", To: "y", Reachable: &no},
		{ID: "3", Kind: "reach", From: "x", To: "10.9.0.1", Reachable: &no},
		{ID: "4", Kind: "route", Subnet: "v/a", Prefix: "10.0.2.0/24", NextHopType: "VnetLocal"},
		{ID: "5", Kind: "route", Subnet: "v/a", Prefix: "10.0.2.0/24", NextHopType: "None"},
		{ID: "6", Kind: "reach", From: "x", To: "y", Reachable: &yes, Via: "fw"},
		{ID: "7", Kind: "bogus"},
		{ID: "8", Kind: "reach", From: "nope", To: "y", Reachable: &yes},
		{ID: "9", Kind: "reach", From: "x", To: "Internet", Reachable: &yes},
	})
	want := []bool{true, false, true, true, false, false, false, false, true}
	for i, r := range res {
		if r.OK != want[i] {
			t.Errorf("expectation %s: OK=%v want %v (%s; %s)", r.ID, r.OK, want[i], r.Got, r.Msg)
		}
	}
}

func TestValidateExpectations(t *testing.T) {
	topo := model.Topology{VNets: []model.VNet{{ID: "v", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
		Subnets: []model.Subnet{{Name: "a", AddressPrefix: "10.0.1.0/24"}}}},
		VMs: []model.VM{{ID: "x", NICs: []model.NIC{{Name: "n", Subnet: "v/a", PrivateIPAddress: "10.0.1.4"}}}}}
	yes := true
	ds := Validate(dataplane.Build(&topo), []scenario.Expectation{
		{ID: "ok", Kind: "reach", From: "x", To: "Internet", Reachable: &yes},
		{ID: "ok", Kind: "reach", From: "nope", To: "x"},
		{ID: "r", Kind: "route", Subnet: "v/zz"},
		{Kind: "other"},
	})
	var codes []string
	for _, d := range ds {
		codes = append(codes, d.Code)
	}
	want := "id.duplicate expect.unknown-endpoint expect.missing-field expect.unknown-subnet expect.missing-field expect.missing-field id.empty expect.kind"
	if got := strings.Join(codes, " "); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
