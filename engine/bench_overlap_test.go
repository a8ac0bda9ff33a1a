package engine_test

import (
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// BenchmarkReachOverlap is the all-pairs matrix of HubSpoke-100-P1000 with
// one spoke duplicated unpeered (gen.Twin: its VNet and VM again, at the
// same addresses, rule:address-space.private-ip-per-vnet), as imported
// subscriptions hold VNets made from the portal's default. In one run:
// design=twin impl=engine (reach.Compute), impl=full (one full walk per
// cell, reach.ComputePerPair: what Compute did for any design whose VNets
// overlap), and design=alone impl=engine, the same design without the
// twin. tracked is reach.ComputeTracked; add-udr is the first benchmark
// edit (dataplane.Update, then Tracked.Update) against the full walk of
// the edited plane.
func BenchmarkReachOverlap(b *testing.B) {
	alone := hubSpoke100.topology(b)
	twin := gen.Twin(alone, "spoke050", false)
	for _, c := range []struct {
		name string
		run  func(b *testing.B)
	}{
		{"design=twin/matrix/impl=engine", func(b *testing.B) { benchMatrix(b, twin, false) }},
		{"design=twin/matrix/impl=full", func(b *testing.B) { benchMatrix(b, twin, true) }},
		{"design=alone/matrix/impl=engine", func(b *testing.B) { benchMatrix(b, alone, false) }},
		{"design=twin/tracked/impl=engine", func(b *testing.B) {
			p := dataplane.Build(&twin)
			for b.Loop() {
				reach.ComputeTracked(p, trace.Flow{}, trace.Options{})
			}
		}},
		{"design=twin/add-udr/impl=engine", func(b *testing.B) { benchOverlapEdit(b, twin, false) }},
		{"design=twin/add-udr/impl=full", func(b *testing.B) { benchOverlapEdit(b, twin, true) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			c.run(b)
		})
	}
}

// benchMatrix times the matrix of topo's plane: reach.Compute, or with
// full one walk per cell (reach.ComputePerPair). legs/op is the share of
// cells Compute answers from legs (reach.Sharing of ComputeTracked).
func benchMatrix(b *testing.B, topo model.Topology, full bool) {
	p := dataplane.Build(&topo)
	for b.Loop() {
		if full {
			reach.ComputePerPair(p, trace.Flow{}, trace.Options{})
		} else {
			reach.Compute(p, trace.Flow{})
		}
	}
	if !full {
		s := reach.ComputeTracked(p, trace.Flow{}, trace.Options{}).Sharing()
		b.ReportMetric(float64(s.Fast)/float64(s.Fast+s.Walked), "legs/op")
	}
}

// benchOverlapEdit times the first benchmark edit (add-udr) of topo:
// dataplane.Update from the plane before it, then Tracked.Update from the
// matrix before it, or with full one walk per cell of the edited plane.
func benchOverlapEdit(b *testing.B, topo model.Topology, full bool) {
	base := dataplane.Build(&topo)
	var before *reach.Tracked
	if !full {
		before = reach.ComputeTracked(base, trace.Flow{}, trace.Options{})
	}
	var d reach.Delta
	for b.Loop() {
		after := cloneForEdit(topo)
		fs := edits[0].apply(&after)
		p := dataplane.Update(base, &after, dataplane.WithFailures(fs))
		if full {
			reach.ComputePerPair(p, trace.Flow{}, trace.Options{})
		} else {
			_, d = before.Update(p)
		}
	}
	if !full {
		b.ReportMetric(float64(d.Traced), "traced/op")
	}
}
