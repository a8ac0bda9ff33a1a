package bgp

import (
	"fmt"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
)

// BenchmarkUpdate times one edit of the engine benchmarks' designs, BGP
// alone: impl=update is Update from the result before the edit,
// impl=compute is Compute from scratch (what every edit cost before
// Update), impl=perprefix Compute running every prefix alone (no prefix
// classes, what a component run whole cost before them). The design copy
// the edit makes is outside the timer.
func BenchmarkUpdate(b *testing.B) {
	edits := []struct {
		name string
		edit func(t *model.Topology) []model.Failure
	}{
		{"flip-peering", func(t *model.Topology) []model.Failure {
			t.Peerings = append([]model.Peering(nil), t.Peerings...)
			t.Peerings[0].B.UseRemoteGateways = !t.Peerings[0].B.UseRemoteGateways
			return nil
		}},
		{"fail-circuit", func(t *model.Topology) []model.Failure {
			return []model.Failure{{Kind: model.CircuitDown, Target: t.Circuits[0].ID}}
		}},
		{"branch-prefix", func(t *model.Topology) []model.Failure {
			// The VPN branch (dc-hub's P prefixes are at the VPN limit).
			t.Sites = append([]model.Site(nil), t.Sites...)
			s := &t.Sites[1]
			s.AdvertisedPrefixes = append(s.AdvertisedPrefixes[:len(s.AdvertisedPrefixes):len(s.AdvertisedPrefixes)], "198.51.100.0/24")
			return nil
		}},
	}
	for _, n := range []int{100, 500} {
		topo := gen.HubSpokeScale(gen.Params{N: n, Prefixes: 8 * n, Seed: 1})
		if n == 500 {
			topo = gen.HubSpokeScale(gen.Params{N: n, Prefixes: 4000, Seed: 1})
		}
		base := Compute(&topo, nil)
		for _, e := range edits {
			after := topo
			fails := e.edit(&after)
			for _, impl := range []string{"update", "compute", "perprefix"} {
				b.Run(fmt.Sprintf("HubSpoke-%d/%s/impl=%s", n, e.name, impl), func(b *testing.B) {
					b.ReportAllocs()
					for b.Loop() {
						switch impl {
						case "update":
							Update(base, &after, fails)
						case "compute":
							Compute(&after, fails)
						default:
							update(nil, &after, fails, config{maxRounds: MaxRounds, perPrefix: true})
						}
					}
				})
			}
		}
	}
}
