package engine_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// BenchmarkPlaneEdit is the data plane of one benchmark edit (edits), on
// the same generated input three ways: impl=incremental is
// dataplane.Update from the plane before the edit (BGP by bgp.Update, the
// structure and route layers shared where unchanged), impl=full a fresh
// dataplane.Build, impl=naive the naive baseline's build
// (dataplane.WithNaive). BenchmarkEdit has no naive run at HubSpoke-500
// (its per-pair matrix takes minutes): this gives that size its plane-only
// ratio. The document copy of the edit is outside the timer.
func BenchmarkPlaneEdit(b *testing.B) {
	for _, d := range []design{hubSpoke100, hubSpoke500} {
		topo := d.topology(b)
		base := dataplane.Build(&topo)
		for _, e := range edits {
			for _, impl := range []string{"incremental", "full", "naive"} {
				b.Run(d.name+"/"+e.name+"/impl="+impl, func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						b.StopTimer()
						after := cloneForEdit(topo)
						fs := e.apply(&after)
						b.StartTimer()
						switch impl {
						case "incremental":
							dataplane.Update(base, &after, dataplane.WithFailures(fs))
						case "full":
							dataplane.Build(&after, dataplane.WithFailures(fs))
						default:
							dataplane.Build(&after, buildOpts("naive", fs)...)
						}
					}
				})
			}
		}
	}
}

// BenchmarkPlaneSequence is BenchmarkEditSequence's 40 seeded edits
// (randomEdit) with the data plane alone: dataplane.Update from the
// previous plane, no matrix (whose allocations would also be collected
// during the plane's time). It reports the per-edit latency distribution
// (p99 = max).
func BenchmarkPlaneSequence(b *testing.B) {
	for _, d := range []design{hubSpoke100, hubSpoke500} {
		b.Run(d.name, func(b *testing.B) {
			base := d.topology(b)
			p0 := dataplane.Build(&base)
			var times []float64
			for b.Loop() {
				times = times[:0]
				r := rand.New(rand.NewPCG(3, 4))
				topo, p := base, p0
				var fails []model.Failure
				for range 40 {
					fails = randomEdit(r, &topo, fails)
					start := time.Now()
					p = dataplane.Update(p, &topo, dataplane.WithFailures(fails))
					times = append(times, ms(time.Since(start)))
				}
			}
			slices.Sort(times)
			b.ReportMetric(times[len(times)/2], "p50-ms")
			b.ReportMetric(times[len(times)*99/100], "p99-ms")
		})
	}
}
