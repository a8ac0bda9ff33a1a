package edge

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
)

// scanGatewayDefault is gatewayDefault as it was before its index: the
// peerings and gateways scanned for every subnet. It is the oracle of
// TestGatewayDefaultEqualsScan and the baseline of BenchmarkGatewayDefault.
func scanGatewayDefault(l *linter, subnet string) (string, bool) {
	if rt, ok := l.rts[l.subnets[subnet].RouteTable]; ok && rt.DisableBgpRoutePropagation {
		return "", false
	}
	vnet, _, _ := strings.Cut(subnet, "/")
	var hubs []string
	for _, p := range l.t.Peerings {
		for _, side := range [2][2]model.PeeringLink{{p.A, p.B}, {p.B, p.A}} {
			self, other := side[0], side[1]
			if self.VNet == vnet && self.UseRemoteGateways && other.AllowGatewayTransit && !slices.Contains(hubs, other.VNet) {
				hubs = append(hubs, other.VNet)
			}
		}
	}
	for _, hub := range append([]string{vnet}, hubs...) {
		for _, g := range l.t.Gateways {
			if g.VNet != hub {
				continue
			}
			if site := l.defaultSiteOf(g.ID); site != "" {
				return fmt.Sprintf("the default route site %s advertises to gateway %s", site, g.ID), true
			}
		}
	}
	return "", false
}

// randomGatewayDesign is a design of n VNets with random peerings (random
// transit flags), gateways, connections to sites through local network
// gateways and circuits (some sites advertising 0.0.0.0/0) and route
// tables with and without gateway route propagation.
func randomGatewayDesign(r *rand.Rand, n int) *model.Topology {
	t := &model.Topology{}
	for i := range n {
		v := model.VNet{ID: fmt.Sprintf("v%d", i)}
		for j := range 1 + r.IntN(3) {
			s := model.Subnet{Name: fmt.Sprintf("s%d", j)}
			if r.IntN(3) == 0 {
				s.RouteTable = fmt.Sprintf("rt%d", r.IntN(3))
			}
			v.Subnets = append(v.Subnets, s)
		}
		t.VNets = append(t.VNets, v)
		if r.IntN(3) == 0 {
			t.Gateways = append(t.Gateways, model.VirtualNetworkGateway{ID: fmt.Sprintf("gw%d-%d", i, len(t.Gateways)), VNet: v.ID})
		}
	}
	for i := range 3 {
		t.RouteTables = append(t.RouteTables, model.RouteTable{ID: fmt.Sprintf("rt%d", i), DisableBgpRoutePropagation: i == 0})
	}
	for i := range 4 {
		s := model.Site{ID: fmt.Sprintf("site%d", i)}
		if i%2 == 0 {
			s.AdvertisedPrefixes = []string{"10.0.0.0/8", "0.0.0.0/0"}
		}
		t.Sites = append(t.Sites, s)
		t.LocalNetworkGateways = append(t.LocalNetworkGateways, model.LocalNetworkGateway{ID: fmt.Sprintf("lng%d", i), Site: s.ID})
		t.Circuits = append(t.Circuits, model.ExpressRouteCircuit{ID: fmt.Sprintf("ckt%d", i), Site: s.ID})
	}
	for i, g := range t.Gateways {
		for range r.IntN(3) {
			c := model.Connection{ID: fmt.Sprintf("cn%d-%d", i, len(t.Connections)), VirtualNetworkGateway1: g.ID}
			if r.IntN(2) == 0 {
				c.LocalNetworkGateway2 = fmt.Sprintf("lng%d", r.IntN(4))
			} else {
				c.Peer = fmt.Sprintf("ckt%d", r.IntN(4))
			}
			t.Connections = append(t.Connections, c)
		}
	}
	for i := range 2 * n {
		a, b := r.IntN(n), r.IntN(n)
		t.Peerings = append(t.Peerings, model.Peering{ID: fmt.Sprintf("p%d", i),
			A: model.PeeringLink{VNet: fmt.Sprintf("v%d", a), UseRemoteGateways: r.IntN(2) == 0, AllowGatewayTransit: r.IntN(2) == 0},
			B: model.PeeringLink{VNet: fmt.Sprintf("v%d", b), UseRemoteGateways: r.IntN(2) == 0, AllowGatewayTransit: r.IntN(2) == 0}})
	}
	return t
}

// TestGatewayDefaultEqualsScan checks the indexed gatewayDefault against
// the scan on every subnet of 300 random designs and of the generated
// hub designs.
func TestGatewayDefaultEqualsScan(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 12))
	hub, multi := gen.HubSpokeScale(gen.Params{N: 40, Subnets: 2, Prefixes: 50, Seed: 1}), gen.MultiHub(gen.Params{N: 10, Prefixes: 50, Seed: 1})
	designs := []*model.Topology{&hub, &multi}
	for range 300 {
		designs = append(designs, randomGatewayDesign(r, 2+r.IntN(12)))
	}
	seen := 0
	for i, d := range designs {
		fast, slow := newLinter(d, nil), newLinter(d, nil)
		for id := range slow.subnets {
			wf, of := fast.gatewayDefault(id)
			ws, os := scanGatewayDefault(slow, id)
			if wf != ws || of != os {
				t.Fatalf("design %d, subnet %s: indexed (%q, %v), scan (%q, %v)", i, id, wf, of, ws, os)
			}
			if of {
				seen++
			}
		}
	}
	if seen == 0 {
		t.Fatal("no subnet got a default route from a gateway: the designs test nothing")
	}
}

// BenchmarkGatewayDefault asks gatewayDefault for every subnet of the
// 500-VNet enterprise hub, as the lint does, against the scan.
func BenchmarkGatewayDefault(b *testing.B) {
	t := gen.HubSpokeScale(gen.Params{N: 499, Subnets: 2, Prefixes: 1000, Seed: 1})
	d := &t
	ids := slices.Sorted(func(yield func(string) bool) {
		for id := range newLinter(d, nil).subnets {
			if !yield(id) {
				return
			}
		}
	})
	for _, impl := range []string{"indexed", "scan"} {
		b.Run("HubSpoke-500/impl="+impl, func(b *testing.B) {
			for b.Loop() {
				l := newLinter(d, nil)
				for _, id := range ids {
					if impl == "indexed" {
						l.gatewayDefault(id)
					} else {
						scanGatewayDefault(l, id)
					}
				}
			}
		})
	}
}
