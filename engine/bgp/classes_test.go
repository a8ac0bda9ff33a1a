package bgp

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"vnetplay/engine/gen"
	"vnetplay/engine/model"
)

// TestClassesEqualPerPrefix: a computation by prefix classes equals one
// prefix by prefix, byte for byte (dump), on designs where classes are
// large: a hub whose site announces 300 /24s over ExpressRoute and VPN,
// four regional hubs, and a Route Server peer at, just under and just over
// its 1,000-route limit (rule:route-server.limits: the session drops for
// the same count, in the same round, with the same words); on the hub,
// with the circuit failed too. The hub's site prefixes make a handful of
// classes, not 300.
// classDesign is a design, with what failed, for the class tests.
type classDesign struct {
	topo  model.Topology
	fails []model.Failure
}

// classDesigns are the class tests' designs by name: a hub and spoke with
// 300 site prefixes (also with its circuit failed), four regional hubs, a
// transit design, and a Route Server peer announcing each of limits routes.
func classDesigns(limits ...int) map[string]classDesign {
	hubSpoke := gen.HubSpokeScale(gen.Params{N: 10, Subnets: 1, Prefixes: 300, UDRs: 2, Seed: 1})
	cases := map[string]classDesign{
		"hubspoke":                {topo: hubSpoke},
		"hubspoke/circuit failed": {topo: hubSpoke, fails: []model.Failure{{Kind: model.CircuitDown, Target: hubSpoke.Circuits[0].ID}}},
		"multihub":                {topo: gen.MultiHub(gen.Params{N: 3, Subnets: 1, Prefixes: 40, UDRs: 2, Branch: 10, Seed: 1})},
		"transit":                 {topo: transitDesign()},
	}
	for _, n := range limits {
		cases[fmt.Sprintf("limit/%d", n)] = classDesign{topo: limitDesign(n)}
	}
	return cases
}

func TestClassesEqualPerPrefix(t *testing.T) {
	cases := classDesigns(995, 996, 997, 1200)
	for _, name := range sortedKeys(cases) {
		c := cases[name]
		classed := update(nil, &c.topo, c.fails, config{maxRounds: MaxRounds})
		perPrefix := update(nil, &c.topo, c.fails, config{maxRounds: MaxRounds, perPrefix: true})
		if a, b := dump(classed, &c.topo), dump(perPrefix, &c.topo); !bytes.Equal(a, b) {
			t.Fatalf("%s: classes differ from a run per prefix at %s", name, firstDiff(a, b))
		}
		if classed.how.classed == 0 {
			t.Errorf("%s: no component ran by classes: %+v", name, classed.how)
		}
	}
	hubSpoke := cases["hubspoke"].topo
	w := newWorld(&hubSpoke, nil, nil)
	w.build(nil)
	for _, c := range w.components() {
		pc := w.classesOf(c)
		if pc == nil {
			continue
		}
		if len(pc.all) < 300 || len(pc.reps) > 40 {
			t.Errorf("component of %s: %d prefixes in %d classes, want 300 or more in at most 40", c.speakers[0].ID, len(pc.all), len(pc.reps))
		}
		return
	}
	t.Error("no component with classes")
}

// transitDesign is a hub whose VPN gateway (BGP) has two sites: one
// announces, with the same AS path, the default route, a spoke's exact
// range, a range overlapping the hub and two others. The gateway takes
// neither the spoke's range (rule:gateway-transit.exact-prefix-filtered)
// nor passes the default route or the hub's overlap on to the other site
// (rule:bgp.what-gateway-advertises): each is a class of its own; the
// two others share one.
func transitDesign() model.Topology {
	a := site("sa", 65101, "192.168.1.0/24")
	a.AdvertisedPrefixes = []string{"0.0.0.0/0", "10.1.0.0/16", "10.0.0.0/8", "172.20.0.0/16", "172.21.0.0/16"}
	return model.Topology{
		VNets: []model.VNet{hub("hub", "10.0.0.0/16", "10.0.255.0/27"), plain("spoke", "10.1.0.0/16")},
		Peerings: []model.Peering{{ID: "hs", A: model.PeeringLink{VNet: "hub", AllowGatewayTransit: true},
			B: model.PeeringLink{VNet: "spoke", UseRemoteGateways: true}}},
		Gateways:             []model.VirtualNetworkGateway{vpn("gw", "hub", 65515, false)},
		Sites:                []model.Site{a, site("sb", 65102, "192.168.2.0/24")},
		LocalNetworkGateways: []model.LocalNetworkGateway{lng("la", "sa", 65101, "192.168.1.0/24"), lng("lb", "sb", 65102, "192.168.2.0/24")},
		Connections:          []model.Connection{s2s("ca", "gw", "la", true), s2s("cb", "gw", "lb", true)},
	}
}

// TestProgramClassedEqualsPerPrefix: a VNet's routes programmed per prefix
// class (programVNetClassed, from the representatives' best paths) equal
// the routes programmed prefix by prefix from the expanded Loc-RIBs
// (programVNet), on designs with large classes, gateways and Route
// Servers; and at least one VNet was programmed per class. Without
// classedProgram's Route Server guard, limit/996 fails: its peer's
// 10.0.0.0/8 (holding the hub) and 10.0.1.0/24 (inside it) share a class,
// and Route Server programs only the first
// (rule:route-server.no-vnet-prefix-injection).
func TestProgramClassedEqualsPerPrefix(t *testing.T) {
	cases := classDesigns(996)
	classed := 0
	for _, name := range sortedKeys(cases) {
		c := cases[name]
		r := Compute(&c.topo, c.fails)
		byVNet := map[string][]*Speaker{}
		for _, sp := range r.speakers {
			byVNet[sp.VNet] = append(byVNet[sp.VNet], sp)
		}
		compOf := r.componentOfSpeaker()
		for _, vn := range sortedKeys(r.w.vnets) {
			sps := byVNet[vn]
			want := r.programVNet(vn, sps, nil)
			if !slices.Equal(r.vnet[vn], want) {
				t.Errorf("%s: VNet %s: programmed %d routes, per prefix %d", name, vn, len(r.vnet[vn]), len(want))
			}
			if classedProgram(sps, compOf) != nil {
				classed++
			}
		}
	}
	if classed == 0 {
		t.Error("no VNet was programmed per class")
	}
}
