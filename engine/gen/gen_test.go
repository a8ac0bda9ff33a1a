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
