package reach

import (
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

func topo() model.Topology {
	v := func(id, pfx, sn string) model.VNet {
		return model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{pfx}}, Subnets: []model.Subnet{{Name: "s", AddressPrefix: sn}}}
	}
	nic := func(id, sn, ip string) model.VM {
		return model.VM{ID: id, NICs: []model.NIC{{Name: "nic", Subnet: sn, PrivateIPAddress: ip}}}
	}
	return model.Topology{
		VNets:    []model.VNet{v("a", "10.0.0.0/16", "10.0.0.0/24"), v("b", "10.1.0.0/16", "10.1.0.0/24"), v("c", "10.2.0.0/16", "10.2.0.0/24")},
		Peerings: []model.Peering{{ID: "ab", A: model.PeeringLink{VNet: "a"}, B: model.PeeringLink{VNet: "b"}}, {ID: "bc", A: model.PeeringLink{VNet: "b"}, B: model.PeeringLink{VNet: "c"}}},
		VMs:      []model.VM{nic("x", "a/s", "10.0.0.4"), nic("y", "b/s", "10.1.0.4"), nic("z", "c/s", "10.2.0.4")},
	}
}

// TestMatrixF55 checks non-transitivity in the matrix and that every cell
// agrees with its explanation.
func TestMatrixF55(t *testing.T) {
	tp := topo()
	p := dataplane.Build(&tp)
	m := Compute(p, trace.Flow{})
	want := map[[2]string]trace.Disposition{
		{"x/nic", "y/nic"}: trace.Delivered, {"y/nic", "z/nic"}: trace.Delivered,
		{"x/nic", "z/nic"}: trace.DroppedByNoneRoute, {"z/nic", "x/nic"}: trace.DroppedByNoneRoute,
		{"x/nic", Internet}: trace.ExitsToInternet,
	}
	if len(m.Cells) != 3*3 {
		t.Fatalf("want 9 cells, got %d", len(m.Cells))
	}
	for _, c := range m.Cells {
		if w, ok := want[[2]string{c.From, c.To}]; ok && c.Disposition != w {
			t.Errorf("%s→%s = %s (%s), want %s", c.From, c.To, c.Disposition, c.Reason, w)
		}
		if e := Explain(p, trace.Flow{}, c.From, c.To); e.Disposition != c.Disposition || e.Reason != c.Reason {
			t.Errorf("cell %s→%s disagrees with its explanation", c.From, c.To)
		}
	}
}

func BenchmarkMatrix(b *testing.B) {
	tp := topo()
	p := dataplane.Build(&tp)
	for b.Loop() {
		Compute(p, trace.Flow{})
	}
}
