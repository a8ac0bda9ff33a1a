package gen_test

import (
	"fmt"
	"net/netip"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

func TestHubSpokeIsValidAndWorks(t *testing.T) {
	topo := gen.HubSpoke(5)
	if ds := model.Validate(&topo, dataplane.KnownServices()); len(ds) != 0 {
		t.Fatalf("generated design has diagnostics: %v", ds)
	}
	p := dataplane.Build(&topo)
	tr := trace.Run(p, trace.Flow{Src: "vm-spoke001/nic0", DstIP: netip.MustParseAddr("10.5.1.4")})
	if tr.Disposition != trace.Delivered || len(tr.Via()) != 1 || tr.Via()[0] != "nva/nic0" {
		t.Fatalf("spoke to spoke via the NVA: %s %s %v", tr.Disposition, tr.Reason, tr.Via())
	}
}

// Benchmarks: routes (data-plane build), trace and matrix at several sizes.
func BenchmarkRoutes(b *testing.B) {
	for _, n := range []int{10, 100, 250} {
		topo := gen.HubSpoke(n)
		b.Run(fmt.Sprintf("spokes=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				dataplane.Build(&topo)
			}
		})
	}
}

func BenchmarkTrace(b *testing.B) {
	topo := gen.HubSpoke(250)
	p := dataplane.Build(&topo)
	f := trace.Flow{Src: "vm-spoke001/nic0", DstIP: netip.MustParseAddr("10.250.1.4")}
	b.ReportAllocs()
	for b.Loop() {
		trace.Run(p, f)
	}
}

func BenchmarkMatrix(b *testing.B) {
	for _, n := range []int{10, 40} {
		topo := gen.HubSpoke(n)
		p := dataplane.Build(&topo)
		b.Run(fmt.Sprintf("spokes=%d", n), func(b *testing.B) {
			for b.Loop() {
				reach.Compute(p, trace.Flow{})
			}
		})
	}
}

// TestTwin: a spoke's twin holds the spoke's addresses in a VNet of its
// own, unpeered or peered as the spoke is; the design is valid (the
// addresses are unique per VNet), its plane keeps both NICs, and the
// input topology is left as it was.
func TestTwin(t *testing.T) {
	base := gen.HubSpokeScale(gen.Params{N: 3, Prefixes: 10, Seed: 1})
	vnets, vms, peerings := len(base.VNets), len(base.VMs), len(base.Peerings)
	for _, peered := range []bool{false, true} {
		topo := gen.Twin(base, "spoke002", peered)
		if len(base.VNets) != vnets || len(base.VMs) != vms || len(base.Peerings) != peerings {
			t.Fatalf("peered %v: Twin changed its input", peered)
		}
		for _, d := range model.Validate(&topo, dataplane.KnownServices()) {
			if d.Severity == model.Error {
				t.Errorf("peered %v: %s", peered, d)
			}
		}
		p := dataplane.Build(&topo)
		if !p.SpacesOverlap() {
			t.Fatalf("peered %v: the twin does not overlap", peered)
		}
		a, okA := p.NIC("vm-spoke002/nic0")
		b, okB := p.NIC("vm-spoke002-twin/nic0")
		if !okA || !okB || a.IP != b.IP || b.Subnet != "spoke002-twin/app" {
			t.Fatalf("peered %v: NICs %+v %+v, want both at one address", peered, a, b)
		}
		wantLinks := 0
		if peered {
			wantLinks = len(p.Links("spoke002"))
		}
		if got := len(p.Links("spoke002-twin")); got != wantLinks || peered && got == 0 {
			t.Errorf("peered %v: the twin has %d links, want %d", peered, got, wantLinks)
		}
	}
	if got := gen.Twin(base, "nope", true); len(got.VNets) != vnets {
		t.Errorf("an unknown VNet added a twin")
	}
}
