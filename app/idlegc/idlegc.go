// Package idlegc collects Go's garbage while the page, or the engine's
// worker, is idle, so that a collection seldom falls inside an edit.
//
// Go's collector starts a cycle when the heap reaches its goal (wasm/main.go
// sets it at five times the live heap), whatever the program is doing; in
// wasm the cycle runs on the page's only thread. At 100 VNets that was one
// edit in ten answered a frame later (docs/performance.md, twenty-first
// round). A Collector watches the allocations and collects once the
// program has allocated nothing for a while and the heap has grown by at
// least its live size since the last cycle: between a user's edits, not
// during one. When the program never rests, nothing changes: the
// collector's own cycles run as before.
package idlegc

import (
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"time"
)

// Policy says when a Collector collects: once at most QuietBytes were
// allocated for Quiet, and at least Growth times the live heap was
// allocated since the last cycle (at least MinBytes).
type Policy struct {
	Quiet      time.Duration
	QuietBytes uint64
	Growth     float64
	MinBytes   uint64
}

// Default is the page's and the worker's policy: 300 ms of quiet (a user
// between two actions; an edit and its answer allocate megabytes within a
// frame or two) and the heap grown by its live size (the collector's own
// goal is four times that).
func Default() Policy {
	return Policy{Quiet: 300 * time.Millisecond, QuietBytes: 256 << 10, Growth: 1, MinBytes: 4 << 20}
}

// Sample is what a Collector reads of the runtime at one moment.
type Sample struct {
	At     time.Time
	Allocs uint64 // bytes allocated since the program started (/gc/heap/allocs:bytes)
	Live   uint64 // the heap live at the end of the last cycle (/gc/heap/live:bytes)
	Cycles uint64 // cycles completed (/gc/cycles/total:gc-cycles)
}

// Collector decides, sample after sample, when to collect. The zero value
// is not ready: use New.
type Collector struct {
	policy      Policy
	prev        Sample
	started     bool
	quietSince  time.Time
	allocsAtGC  uint64 // Allocs at the first sample after the last cycle
	cyclesSeen  uint64
	collections atomic.Int64
}

// New returns a Collector with policy p.
func New(p Policy) *Collector { return &Collector{policy: p} }

// Observe takes the next sample (in time order) and reports whether to
// collect now. The caller that collects reports it with Collected.
func (c *Collector) Observe(s Sample) bool {
	if !c.started {
		c.started, c.prev, c.quietSince, c.allocsAtGC, c.cyclesSeen = true, s, s.At, s.Allocs, s.Cycles
		return false
	}
	if s.Cycles != c.cyclesSeen { // a cycle ran (ours or the runtime's)
		c.cyclesSeen, c.allocsAtGC = s.Cycles, s.Allocs
	}
	if s.Allocs-c.prev.Allocs > c.policy.QuietBytes {
		c.quietSince = s.At
	}
	c.prev = s
	grown := s.Allocs - c.allocsAtGC
	return s.At.Sub(c.quietSince) >= c.policy.Quiet && grown >= c.policy.MinBytes && float64(grown) >= c.policy.Growth*float64(s.Live)
}

// Collected records a collection made after Observe said so.
func (c *Collector) Collected(after Sample) {
	c.collections.Add(1)
	c.cyclesSeen, c.allocsAtGC, c.prev = after.Cycles, after.Allocs, after
}

// Collections is how many collections the Collector asked for.
// It may be called from any goroutine.
func (c *Collector) Collections() int { return int(c.collections.Load()) }

// Run starts a goroutine that samples the runtime every tick and collects
// (runtime.GC) when c says so, until stop is called (the page and the
// worker never call it: they live as long as the program).
func Run(c *Collector, tick time.Duration) (stop func()) {
	done := make(chan struct{})
	go func() {
		samples := []metrics.Sample{{Name: "/gc/heap/allocs:bytes"}, {Name: "/gc/heap/live:bytes"}, {Name: "/gc/cycles/total:gc-cycles"}}
		read := func() Sample {
			metrics.Read(samples)
			return Sample{At: time.Now(), Allocs: value(samples[0]), Live: value(samples[1]), Cycles: value(samples[2])}
		}
		t := time.NewTicker(tick)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				if c.Observe(read()) {
					runtime.GC()
					c.Collected(read())
				}
			}
		}
	}()
	return func() { close(done) }
}

// value is s's value, 0 when this runtime does not have the metric.
func value(s metrics.Sample) uint64 {
	if s.Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return s.Value.Uint64()
}
