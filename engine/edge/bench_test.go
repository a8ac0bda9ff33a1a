package edge_test

import (
	"testing"

	"vnetplay/engine/edge"
	"vnetplay/engine/gen"
)

// BenchmarkLint is the Internet edge's lint of bench-browser's 500-VNet
// design, resolving the edge itself (Lint: what engine.Validate runs) and
// given it resolved (LintWith: what the analysis of an edit runs, with the
// data plane's edge).
func BenchmarkLint(b *testing.B) {
	t := gen.HubSpokeScale(gen.Params{N: 499, Subnets: 2, Prefixes: 1000, Seed: 1})
	x := edge.Build(&t)
	b.Run("resolved=here", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			edge.Lint(&t)
		}
	})
	b.Run("resolved=given", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			edge.LintWith(&t, x)
		}
	})
}
