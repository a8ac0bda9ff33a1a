package engine_test

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// BenchmarkPlaneUpdate is the data-plane half of BenchmarkEditIncremental:
// dataplane.Update from the plane before the edit, nothing else (the
// document copy of the edit is made outside the timer).
func BenchmarkPlaneUpdate(b *testing.B) {
	for _, d := range []design{hubSpoke100, hubSpoke500} {
		topo := d.topology(b)
		base := dataplane.Build(&topo)
		for _, e := range edits {
			b.Run(d.name+"/"+e.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					b.StopTimer()
					after := cloneForEdit(topo)
					fs := e.apply(&after)
					b.StartTimer()
					dataplane.Update(base, &after, dataplane.WithFailures(fs))
				}
			})
		}
	}
}

// BenchmarkEditSequenceSplit is BenchmarkEditSequence with each edit's
// time split between dataplane.Update (plane-*) and reach.Tracked.Update
// (matrix-*), as percentiles over the 40 edits (p99 = max).
func BenchmarkEditSequenceSplit(b *testing.B) {
	for _, d := range []design{hubSpoke100, hubSpoke500} {
		b.Run(d.name, func(b *testing.B) {
			base := d.topology(b)
			p0 := dataplane.Build(&base)
			t0 := reach.ComputeTracked(p0, trace.Flow{}, trace.Options{})
			var plane, matrix, total []float64
			for b.Loop() {
				plane, matrix, total = plane[:0], matrix[:0], total[:0]
				r := rand.New(rand.NewPCG(3, 4))
				topo, p, tr := base, p0, t0
				var fails []model.Failure
				for range 40 {
					fails = randomEdit(r, &topo, fails)
					start := time.Now()
					p = dataplane.Update(p, &topo, dataplane.WithFailures(fails))
					mid := time.Now()
					tr, _ = tr.Update(p)
					end := time.Now()
					plane = append(plane, ms(mid.Sub(start)))
					matrix = append(matrix, ms(end.Sub(mid)))
					total = append(total, ms(end.Sub(start)))
				}
			}
			for _, s := range []struct {
				name string
				xs   []float64
			}{{"plane", plane}, {"matrix", matrix}, {"total", total}} {
				slices.Sort(s.xs)
				b.ReportMetric(s.xs[len(s.xs)/2], s.name+"-p50-ms")
				b.ReportMetric(s.xs[len(s.xs)*99/100], s.name+"-p99-ms")
			}
		})
	}
}

// ms is d in milliseconds.
func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }
