package engine_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/netip"
	"runtime"
	"slices"
	"testing"
	"time"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/route"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
	"vnetplay/engine/whatif"
)

// Benchmarks of docs/performance.md. Every benchmark runs impl=engine and,
// where affordable, impl=naive (dataplane.WithNaive: per-subnet route lists,
// linear-scan lookups, one trace per pair, full recompute per edit) on the
// same generated input, so ratios come from one run. Big designs take
// seconds per op: run with -benchtime=1x (lookups amplify themselves).

type design struct {
	name string
	kind string
	p    gen.Params
}

func (d design) topology(b *testing.B) model.Topology {
	t, err := gen.Generate(d.kind, d.p)
	if err != nil {
		b.Fatal(err)
	}
	return t
}

var (
	hubSpoke100  = design{"HubSpoke-100-P1000", "hubspoke", gen.Params{N: 100, Prefixes: 1000, Seed: 1}}
	hubSpoke500  = design{"HubSpoke-500-P4000", "hubspoke", gen.Params{N: 500, Prefixes: 4000, Seed: 1}}
	mesh100      = design{"Mesh-100", "mesh", gen.Params{N: 100, Seed: 1}}
	mesh500      = design{"Mesh-500", "mesh", gen.Params{N: 500, Seed: 1}}
	multiHub25   = design{"MultiHub-4x25-P1000", "multihub", gen.Params{N: 25, Prefixes: 1000, Seed: 1}}
	multiHub125  = design{"MultiHub-4x125-P4000", "multihub", gen.Params{N: 125, Prefixes: 4000, Seed: 1}}
	noShare100   = design{"NoShare-100", "noshare", gen.Params{N: 100, Seed: 1}}
	noShare500   = design{"NoShare-500", "noshare", gen.Params{N: 500, Seed: 1}}
	impls        = []string{"engine", "naive"}
	loadDesigns  = []design{hubSpoke100, hubSpoke500, mesh100, mesh500, multiHub125, noShare500}
	reachDesigns = []design{hubSpoke100, mesh100, multiHub25, noShare100}
)

func buildOpts(impl string, fs []model.Failure) []dataplane.Option {
	opts := []dataplane.Option{dataplane.WithFailures(fs)}
	if impl == "naive" {
		opts = append(opts, dataplane.WithNaive())
	}
	return opts
}

// BenchmarkLoad is the cold compute of routes: lint (model.Validate) plus
// the data plane (BGP fixed point, every subnet's effective routes).
func BenchmarkLoad(b *testing.B) {
	for _, d := range loadDesigns {
		for _, impl := range impls {
			b.Run(d.name+"/impl="+impl, func(b *testing.B) {
				topo := d.topology(b)
				b.ReportAllocs()
				for b.Loop() {
					model.Validate(&topo, dataplane.KnownServices())
					dataplane.Build(&topo, buildOpts(impl, nil)...)
				}
			})
		}
	}
}

// BenchmarkReachAll is the all-pairs reachability matrix on a built plane.
func BenchmarkReachAll(b *testing.B) {
	for _, d := range reachDesigns {
		for _, impl := range impls {
			b.Run(d.name+"/impl="+impl, func(b *testing.B) {
				topo := d.topology(b)
				p := dataplane.Build(&topo, buildOpts(impl, nil)...)
				b.ReportAllocs()
				var cells int
				for b.Loop() {
					if impl == "naive" {
						cells = reach.ComputePerPair(p, trace.Flow{}, trace.Options{}).Len()
					} else {
						cells = reach.Compute(p, trace.Flow{}).Len()
					}
				}
				b.ReportMetric(float64(cells), "cells/op")
			})
		}
	}
}

// BenchmarkReachTracked is the all-pairs matrix with each cell's
// dependencies, as the Reach panel keeps it to update it after an edit
// (reach.ComputeTracked): its time, and the heap it holds once computed
// (held-MB; the engine's), which every later collection marks. The naive matrix (one
// walk per pair, no dependencies) is the baseline, at HubSpoke-100 only
// (at 500 it takes tens of seconds).
func BenchmarkReachTracked(b *testing.B) {
	for _, d := range []design{hubSpoke100, hubSpoke500} {
		for _, impl := range impls {
			if impl == "naive" && d.name != hubSpoke100.name {
				continue
			}
			b.Run(d.name+"/impl="+impl, func(b *testing.B) {
				topo := d.topology(b)
				p := dataplane.Build(&topo, buildOpts(impl, nil)...)
				compute := func() any { return reach.ComputeTracked(p, trace.Flow{}, trace.Options{}) }
				if impl == "naive" {
					compute = func() any { return reach.ComputePerPair(p, trace.Flow{}, trace.Options{}) }
				}
				b.ReportAllocs()
				for b.Loop() {
					compute()
				}
				if impl != "naive" {
					b.ReportMetric(heldMB(compute), "held-MB")
				}
			})
		}
	}
}

// heldMB is how many megabytes of heap what compute returns holds.
func heldMB(compute func() any) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	v := compute()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(v)
	return float64(int64(after.HeapAlloc)-int64(before.HeapAlloc)) / 1e6
}

// BenchmarkCold is B1 in full: lint, data plane and all-pairs reachability.
func BenchmarkCold(b *testing.B) {
	for _, d := range []design{hubSpoke100, hubSpoke500} {
		for _, impl := range impls {
			if d == hubSpoke500 && impl == "naive" {
				continue // about a minute per op; see BenchmarkReachAll at 100
			}
			b.Run(d.name+"/impl="+impl, func(b *testing.B) {
				topo := d.topology(b)
				b.ReportAllocs()
				for b.Loop() {
					model.Validate(&topo, dataplane.KnownServices())
					reach.Compute(dataplane.Build(&topo, buildOpts(impl, nil)...), trace.Flow{})
				}
			})
		}
	}
}

// delta counts the cells whose disposition or reason changed.
func delta(a, b *reach.Matrix) int {
	type key struct{ from, to string }
	old := make(map[key]reach.Cell, a.Len())
	for _, c := range a.All() {
		old[key{c.From, c.To}] = c
	}
	n := 0
	for _, c := range b.All() {
		if o, ok := old[key{c.From, c.To}]; !ok || o != c {
			n++
		}
	}
	return n + max(0, a.Len()-b.Len())
}

// BenchmarkEdit is one edit: the new data plane and the reachability delta
// against the matrix before the edit.
func BenchmarkEdit(b *testing.B) {
	d := hubSpoke100
	topo := d.topology(b)
	for _, impl := range impls {
		before := reach.Compute(dataplane.Build(&topo, buildOpts(impl, nil)...), trace.Flow{})
		for _, e := range edits {
			b.Run(d.name+"/"+e.name+"/impl="+impl, func(b *testing.B) {
				b.ReportAllocs()
				changed := 0
				for b.Loop() {
					after := cloneForEdit(topo)
					fs := e.apply(&after)
					changed = delta(before, reach.Compute(dataplane.Build(&after, buildOpts(impl, fs)...), trace.Flow{}))
				}
				b.ReportMetric(float64(changed), "changed-cells/op")
			})
		}
	}
}

// BenchmarkEditIncremental is BenchmarkEdit with the engine's incremental
// path: dataplane.Update from the plane before the edit (BGP and gateway
// layers reused when their inputs are unchanged), then reach.Tracked.Update
// from the matrix before the edit (cells whose recorded lookups still hold
// are kept). update-ms/op is the matrix update alone; traced/op and
// lookups/op count its work. Compare with BenchmarkEdit/…/impl=naive.
func BenchmarkEditIncremental(b *testing.B) {
	for _, d := range []design{hubSpoke100, hubSpoke500} {
		var before *reach.Tracked
		var base *dataplane.Plane
		for _, e := range edits {
			b.Run(d.name+"/"+e.name+"/impl=incremental", func(b *testing.B) {
				topo := d.topology(b)
				if before == nil {
					base = dataplane.Build(&topo)
					before = reach.ComputeTracked(base, trace.Flow{}, trace.Options{})
				}
				b.ReportAllocs()
				var delta reach.Delta
				var update time.Duration
				for b.Loop() {
					after := cloneForEdit(topo)
					fs := e.apply(&after)
					p := dataplane.Update(base, &after, dataplane.WithFailures(fs))
					t0 := time.Now()
					_, delta = before.Update(p)
					update += time.Since(t0)
				}
				b.ReportMetric(float64(update.Nanoseconds())/1e6/float64(b.N), "update-ms/op")
				b.ReportMetric(float64(delta.Traced), "traced/op")
				b.ReportMetric(float64(delta.Lookups), "lookups/op")
				b.ReportMetric(float64(delta.Changed), "changed-cells/op")
			})
		}
	}
}

// BenchmarkSweep is the N-1 sweep (whatif.Sweep: every peering, gateway,
// connection, circuit, appliance … failed alone), engine only.
func BenchmarkSweep(b *testing.B) {
	for _, d := range []design{{"HubSpoke-10-P100", "hubspoke", gen.Params{N: 10, Prefixes: 100, Seed: 1}},
		{"HubSpoke-20-P1000", "hubspoke", gen.Params{N: 20, Prefixes: 1000, Seed: 1}}} {
		doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest, Topology: d.topology(b)}
		b.Run(d.name+"/impl=engine", func(b *testing.B) {
			b.ReportAllocs()
			var cases int
			for b.Loop() {
				r, err := whatif.Sweep(context.Background(), doc, nil)
				if err != nil {
					b.Fatal(err)
				}
				cases = len(r)
			}
			b.ReportMetric(float64(cases), "cases/op")
		})
	}
}

// BenchmarkLookup is one forwarding decision in the biggest table of a
// design (the hub's NVA subnet); each op is 4096 lookups of seeded random
// destinations (half inside 10/8), reported as ns/lookup.
func BenchmarkLookup(b *testing.B) {
	for _, d := range []design{hubSpoke100, hubSpoke500} {
		topo := d.topology(b)
		p := dataplane.Build(&topo)
		fast, ok := p.Routes("hub/nva")
		if !ok {
			b.Fatal("no hub/nva table")
		}
		var cands []route.Route
		for _, e := range fast.Routes() {
			cands = append(cands, e.Route)
		}
		tables := map[string]*route.Table{"engine": fast, "naive": route.NewLinearTable(cands)}
		r := rand.New(rand.NewPCG(7, 7))
		dsts := make([]netip.Addr, 4096)
		for i := range dsts {
			a := r.Uint32()
			if i%2 == 0 {
				a = 10<<24 | a&0xffffff
			}
			dsts[i] = netip.AddrFrom4([4]byte{byte(a >> 24), byte(a >> 16), byte(a >> 8), byte(a)})
		}
		for _, dst := range dsts {
			x, _ := tables["engine"].Lookup(dst)
			y, _ := tables["naive"].Lookup(dst)
			if x != y {
				b.Fatalf("%s: engine %v, naive %v", dst, x, y)
			}
		}
		for _, impl := range impls {
			t := tables[impl]
			b.Run(fmt.Sprintf("%s/routes=%d/impl=%s", d.name, len(cands), impl), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					for _, dst := range dsts {
						t.Lookup(dst)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(dsts)), "ns/lookup")
				b.ReportMetric(float64(len(dsts)), "lookups/op")
			})
		}
	}
}

// BenchmarkEditSequence is a seeded sequence of 40 mixed edits (randomEdit:
// add or remove a UDR, toggle propagation, flip a peering flag, fail a
// circuit or the NVA, move a VNet, swap a subnet's table), each applied as
// the UI does: dataplane.Update from the previous plane, then
// reach.Tracked.Update from the previous matrix. It reports the per-edit
// latency distribution (p50, p99 and max over the sequence).
func BenchmarkEditSequence(b *testing.B) {
	for _, d := range []design{hubSpoke100, hubSpoke500} {
		b.Run(d.name, func(b *testing.B) {
			base := d.topology(b)
			p0 := dataplane.Build(&base)
			t0 := reach.ComputeTracked(p0, trace.Flow{}, trace.Options{})
			var times []float64
			for b.Loop() {
				times = times[:0]
				r := rand.New(rand.NewPCG(3, 4))
				topo, p, tr := base, p0, t0
				var fails []model.Failure
				for range 40 {
					fails = randomEdit(r, &topo, fails)
					start := time.Now()
					p = dataplane.Update(p, &topo, dataplane.WithFailures(fails))
					tr, _ = tr.Update(p)
					times = append(times, float64(time.Since(start).Microseconds())/1000)
				}
			}
			slices.Sort(times)
			b.ReportMetric(times[len(times)/2], "p50-ms")
			b.ReportMetric(times[len(times)*99/100], "p99-ms")
			b.ReportMetric(times[len(times)-1], "max-ms")
		})
	}
}
