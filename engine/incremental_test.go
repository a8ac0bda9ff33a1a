package engine_test

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// randomEdit applies one seeded random edit to t (copy-on-write for the
// parts it changes) and returns the failures in force afterwards.
func randomEdit(r *rand.Rand, t *model.Topology, fails []model.Failure) []model.Failure {
	*t = cloneForEdit(*t)
	prefixes := []string{"0.0.0.0/0", "10.0.0.0/8", "10.0.1.0/24", "10.1.0.0/16", "10.1.0.0/22", "10.1.4.0/22", "10.1.8.0/24", "172.16.0.0/12", "100.64.0.0/10", "192.168.0.0/16", "10.64.0.0/10"}
	switch k := r.IntN(12); {
	case k >= 10 && len(t.VNets) > 0: // move a VNet to another region, or swap a subnet's route table
		v := &t.VNets[r.IntN(len(t.VNets))]
		if k == 10 {
			v.Location = []string{"westeurope", "northeurope", ""}[r.IntN(3)]
		} else if len(v.Subnets) > 0 && len(t.RouteTables) > 0 {
			v.Subnets = append([]model.Subnet(nil), v.Subnets...)
			sn := &v.Subnets[r.IntN(len(v.Subnets))]
			if sn.RouteTable == "" {
				sn.RouteTable = t.RouteTables[r.IntN(len(t.RouteTables))].ID
			} else {
				sn.RouteTable = ""
			}
		}
	case k < 4 && len(t.RouteTables) > 0: // add a UDR
		i := r.IntN(len(t.RouteTables))
		rt := &t.RouteTables[i]
		route := model.Route{Name: fmt.Sprintf("e%d", r.IntN(1000)), AddressPrefix: prefixes[r.IntN(len(prefixes))]}
		switch r.IntN(4) {
		case 0:
			route.NextHopType = model.HopNone
		case 1:
			route.NextHopType = model.HopInternet
		case 2:
			route.NextHopType = model.HopVirtualAppliance
			route.NextHopIPAddress = []string{"10.0.1.4", "10.64.1.4", "10.1.0.4"}[r.IntN(3)]
		default:
			route.NextHopType = model.HopVirtualNetworkGateway
		}
		rt.Routes = append(rt.Routes[:len(rt.Routes):len(rt.Routes)], route)
	case k < 6 && len(t.RouteTables) > 0: // remove a UDR
		i := r.IntN(len(t.RouteTables))
		rt := &t.RouteTables[i]
		if n := len(rt.Routes); n > 0 {
			j := r.IntN(n)
			rt.Routes = append(append([]model.Route(nil), rt.Routes[:j]...), rt.Routes[j+1:]...)
		}
	case k < 7 && len(t.RouteTables) > 0: // toggle gateway route propagation
		i := r.IntN(len(t.RouteTables))
		t.RouteTables[i].DisableBgpRoutePropagation = !t.RouteTables[i].DisableBgpRoutePropagation
	case k < 8 && len(t.Peerings) > 0: // flip a peering flag (structure changes)
		i := r.IntN(len(t.Peerings))
		if r.IntN(2) == 0 {
			t.Peerings[i].B.UseRemoteGateways = !t.Peerings[i].B.UseRemoteGateways
		} else {
			t.Peerings[i].B.AllowForwardedTraffic = !t.Peerings[i].B.AllowForwardedTraffic
		}
	case k < 9 && len(t.Circuits) > 0: // fail or restore a circuit
		f := model.Failure{Kind: model.CircuitDown, Target: t.Circuits[r.IntN(len(t.Circuits))].ID}
		for i, g := range fails {
			if g == f {
				return append(append([]model.Failure(nil), fails[:i]...), fails[i+1:]...)
			}
		}
		return append(append([]model.Failure(nil), fails...), f)
	default: // fail or restore the hub NVA (NICs change: structure)
		f := model.Failure{Kind: model.ApplianceDown, Target: "hub-nva"}
		if len(fails) > 0 && fails[len(fails)-1] == f {
			return fails[:len(fails)-1]
		}
		return append(append([]model.Failure(nil), fails...), f)
	}
	return fails
}

// withNSG attaches an NSG with only the default rules to every spoke
// subnet: its VirtualNetwork tag follows the subnet's user routes, so UDR
// edits change verdicts without changing any recorded lookup.
func withNSG(t model.Topology) model.Topology {
	t.NSGs = []model.NSG{{ID: "nsg-spokes", Location: "westeurope"}}
	t.VNets = append([]model.VNet(nil), t.VNets...)
	for i := range t.VNets {
		if t.VNets[i].ID == "hub" {
			continue
		}
		t.VNets[i].Subnets = append([]model.Subnet(nil), t.VNets[i].Subnets...)
		for j := range t.VNets[i].Subnets {
			t.VNets[i].Subnets[j].NetworkSecurityGroup = "nsg-spokes"
		}
	}
	return t
}

// nsgRing is three spokes whose own route tables each route only the next
// spoke's range through the hub NVA, with default-rule NSGs: a spoke's
// VirtualNetwork tag lacks the previous spoke, so those cells are denied
// until an edit adds a user route covering the source, which changes the
// verdict without changing any lookup the denied walk made.
func nsgRing() model.Topology {
	t := withNSG(gen.HubSpokeScale(gen.Params{N: 3, Subnets: 1, UDRs: 1, Seed: 9}))
	t.RouteTables = nil
	for i := range 3 {
		id := fmt.Sprintf("rt-spoke%03d", i+1)
		t.RouteTables = append(t.RouteTables, model.RouteTable{ID: id, Location: "westeurope", Routes: []model.Route{{Name: "next",
			AddressPrefix: fmt.Sprintf("10.1.%d.0/22", 4*((i+1)%3)), NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}})
		for j := range t.VNets {
			if t.VNets[j].ID == fmt.Sprintf("spoke%03d", i+1) {
				t.VNets[j].Subnets[0].RouteTable = id
			}
		}
	}
	return t
}

// TestTrackedUpdateEqualsCompute is the oracle for incremental
// reachability: along seeded random edit sequences, the matrix Update
// derives from the previous one equals a full recompute, and some cells are
// really reused.
func TestTrackedUpdateEqualsCompute(t *testing.T) {
	designs := map[string]model.Topology{
		"hubspoke": gen.HubSpokeScale(gen.Params{N: 4, Prefixes: 10, UDRs: 4, Seed: 5}),
		"noshare":  gen.NoShare(gen.Params{N: 3, UDRs: 6, Seed: 6}),
		"multihub": gen.MultiHub(gen.Params{N: 1, Prefixes: 6, UDRs: 2, Branch: 3, Seed: 7}),
		"mesh":     gen.Mesh(gen.Params{N: 4}),
		"nsg":      withNSG(gen.HubSpokeScale(gen.Params{N: 3, Subnets: 1, UDRs: 2, Seed: 8})),
		"nsg-ring": nsgRing(),
	}
	reused, traced, skipped := 0, 0, 0
	for name, topo := range designs {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(11, uint64(len(name))))
			var fails []model.Failure
			prev := dataplane.Build(&topo)
			tracked := reach.ComputeTracked(prev, trace.Flow{}, trace.Options{})
			for step := range 25 {
				fails = randomEdit(r, &topo, fails)
				// Mostly dataplane.Update (shared layers: the cheap
				// changed-prefix comparison), sometimes a fresh Build.
				p := dataplane.Update(prev, &topo, dataplane.WithFailures(fails))
				if step%4 == 3 {
					p = dataplane.Build(&topo, dataplane.WithFailures(fails))
				}
				prev = p
				var d reach.Delta
				tracked, d = tracked.Update(p)
				reused += d.Reused
				traced += d.Traced
				skipped += d.Skipped
				if want := reach.ComputePerPair(p, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(tracked.Matrix, want) {
					for i, c := range want.All() {
						if i >= tracked.Matrix.Len() || tracked.Matrix.Cell(i) != c {
							t.Fatalf("step %d: cell %d differs: incremental %+v, full %+v", step, i, tracked.Matrix.Cell(min(i, tracked.Matrix.Len()-1)), c)
						}
					}
					t.Fatalf("step %d: matrices differ", step)
				}
			}
		})
	}
	if reused == 0 || traced == 0 || skipped == 0 {
		t.Fatalf("the edit sequences never exercised every path: reused %d (skipped %d), traced %d", reused, skipped, traced)
	}
	t.Logf("reused %d cells (%d skipped), traced %d", reused, skipped, traced)
}

// TestGatewayWalksKeptByAddress: a UDR whose prefix holds no endpoint
// leaves the BGP result as it was, and the cells whose walk went through a
// gateway are kept without a look, like every other cell: no cell is
// visited. Before, every walk that read the BGP result was checked again.
func TestGatewayWalksKeptByAddress(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 4, Prefixes: 10, Seed: 5})
	p := dataplane.Build(&topo)
	tr := reach.ComputeTracked(p, trace.Flow{}, trace.Options{})
	gateway := 0
	for i := range tr.Matrix.Len() {
		if d := tr.CellDeps(i); d.BGP || len(d.Hybrid) > 0 {
			gateway++
		}
	}
	if gateway == 0 {
		t.Fatal("no cell's walk read the BGP result: the design tests nothing")
	}
	topo = cloneForEdit(topo)
	rt := &topo.RouteTables[0]
	rt.Routes = append(rt.Routes[:len(rt.Routes):len(rt.Routes)], model.Route{Name: "far", AddressPrefix: "192.168.77.0/24", NextHopType: model.HopNone})
	next := dataplane.Update(p, &topo)
	if next.BGP() != p.BGP() {
		t.Fatal("the UDR changed the BGP result")
	}
	up, d := tr.Update(next)
	if d.Skipped != tr.Matrix.Len() || d.Traced != 0 {
		t.Errorf("%d of %d cells kept without a look (%d walked again), want all (%d walks read the BGP result)", d.Skipped, tr.Matrix.Len(), d.Traced, gateway)
	}
	if want := reach.ComputePerPair(next, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(up.Matrix, want) {
		t.Error("the updated matrix differs from a full recompute")
	}
}

// TestGatewayWalksKeptWhenTheirAnswersHold: the spokes send each other's
// range to the hub's VPN gateway (a UDR to VirtualNetworkGateway, by
// gateway transit); the ExpressRoute circuit fails and is restored. The
// BGP result changes, but not what the spokes' walks through the VPN
// gateway asked it (their recorded questions, trace.HybridRead): those
// cells are checked, not walked again, and so are the walks to and from
// the on-premises sites whose questions are answered alike. Before, every
// walk that read the BGP result was walked again on any change of it.
func TestGatewayWalksKeptWhenTheirAnswersHold(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 6, Prefixes: 10, Seed: 5})
	topo = cloneForEdit(topo)
	for i := range topo.RouteTables {
		rt := &topo.RouteTables[i]
		rt.Routes = append(rt.Routes[:len(rt.Routes):len(rt.Routes)], model.Route{Name: "spokes", AddressPrefix: "10.1.0.0/16", NextHopType: model.HopVirtualNetworkGateway})
	}
	p := dataplane.Build(&topo)
	tr := reach.ComputeTracked(p, trace.Flow{}, trace.Options{})
	recorded, unrecorded := 0, 0 // cells whose walks read the BGP result on recorded questions alone, or not
	for i := range tr.Matrix.Len() {
		switch d := tr.CellDeps(i); {
		case d.BGP:
			unrecorded++
		case len(d.Hybrid) > 0:
			recorded++
		}
	}
	if recorded == 0 {
		t.Fatal("no walk went through the VPN gateway on recorded questions alone: the design tests nothing")
	}
	for _, fails := range [][]model.Failure{{{Kind: model.CircuitDown, Target: topo.Circuits[0].ID}}, nil} {
		next := dataplane.Update(p, &topo, dataplane.WithFailures(fails))
		if next.BGP() == p.BGP() {
			t.Fatal("the circuit left the BGP result as it was")
		}
		asked := 0 // cells with a recorded question the new plane answers otherwise
		for i := range tr.Matrix.Len() {
			if d := tr.CellDeps(i); !d.BGP && slices.ContainsFunc(d.Hybrid, func(q trace.HybridRead) bool { return !q.Same(p, next) }) {
				asked++
			}
		}
		up, d := tr.Update(next)
		if d.Traced > unrecorded+asked {
			t.Errorf("failures %v: %d cells walked again, more than the %d that read the BGP result otherwise than by recorded questions (%d did) and the %d whose questions are answered otherwise", fails, d.Traced, unrecorded, recorded, asked)
		}
		if want := reach.ComputePerPair(next, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(up.Matrix, want) {
			t.Fatalf("failures %v: the updated matrix differs from a full recompute", fails)
		}
		t.Logf("failures %v: %d of %d cells walked again (%d read the BGP result otherwise, %d on recorded questions alone)", fails, d.Traced, up.Matrix.Len(), unrecorded, recorded)
		p, tr = next, up
	}
}

// TestPlaneUpdateEqualsBuild is the oracle for dataplane.Update: along
// seeded random edit sequences, a plane updated from the previous one
// (reusing its BGP result and gateway layers when their inputs did not
// change) answers exactly like a plane built from scratch.
func TestPlaneUpdateEqualsBuild(t *testing.T) {
	designs := map[string]model.Topology{
		"hubspoke": gen.HubSpokeScale(gen.Params{N: 4, Prefixes: 10, UDRs: 4, Seed: 5}),
		"multihub": gen.MultiHub(gen.Params{N: 1, Prefixes: 6, UDRs: 2, Branch: 3, Seed: 7}),
		"nsg-ring": nsgRing(),
	}
	reusedBGP, fresh := 0, 0
	for name, topo := range designs {
		t.Run(name, func(t *testing.T) {
			r := rand.New(rand.NewPCG(13, uint64(len(name))))
			var fails []model.Failure
			prev := dataplane.Build(&topo)
			for step := range 25 {
				fails = randomEdit(r, &topo, fails)
				up := dataplane.Update(prev, &topo, dataplane.WithFailures(fails))
				full := dataplane.Build(&topo, dataplane.WithFailures(fails))
				if up.BGP() == prev.BGP() {
					reusedBGP++
				} else {
					fresh++
				}
				if !reflect.DeepEqual(up.Subnets(), full.Subnets()) || !reflect.DeepEqual(up.VNets(), full.VNets()) || !reflect.DeepEqual(up.NICs(), full.NICs()) {
					t.Fatalf("step %d: subnets, VNets or NICs differ", step)
				}
				for _, id := range full.Subnets() {
					a, _ := up.Routes(id)
					b, _ := full.Routes(id)
					if !reflect.DeepEqual(a.Routes(), b.Routes()) {
						t.Fatalf("step %d: %s: routes differ", step, id)
					}
					for _, nic := range full.NICs() {
						n, _ := full.NIC(nic)
						x, okX := up.NextHop(id, n.IP)
						y, okY := full.NextHop(id, n.IP)
						if okX != okY || x != y {
							t.Fatalf("step %d: next hop %s → %s differs", step, id, n.IP)
						}
					}
				}
				if !reflect.DeepEqual(up.BGP().Diagnostics, full.BGP().Diagnostics) {
					t.Fatalf("step %d: BGP diagnostics differ", step)
				}
				for _, sp := range full.BGP().Speakers() {
					if !reflect.DeepEqual(up.BGP().RIB(sp.ID), full.BGP().RIB(sp.ID)) {
						t.Fatalf("step %d: RIB of %s differs", step, sp.ID)
					}
				}
				if !reflect.DeepEqual(reach.Compute(up, trace.Flow{}), reach.Compute(full, trace.Flow{})) {
					t.Fatalf("step %d: reachability differs", step)
				}
				prev = up
			}
		})
	}
	if reusedBGP == 0 || fresh == 0 {
		t.Fatalf("the sequences never exercised both paths: reused %d, recomputed %d", reusedBGP, fresh)
	}
	t.Logf("BGP reused %d times, recomputed %d", reusedBGP, fresh)
}

// TestTrackedUpdateAfterPeeringFlags: after a peering flag changes (only
// links differ: dataplane.ChangedLinks), Update walks again the cells that
// crossed the changed pair and keeps the rest; the result equals a full
// recompute, and fewer cells than all are walked.
func TestTrackedUpdateAfterPeeringFlags(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 4, Prefixes: 10, UDRs: 4, Seed: 5})
	flips := []func(l *model.PeeringLink){
		func(l *model.PeeringLink) { l.AllowForwardedTraffic = !l.AllowForwardedTraffic },
		func(l *model.PeeringLink) { l.UseRemoteGateways = !l.UseRemoteGateways },
		func(l *model.PeeringLink) { f := false; l.AllowVirtualNetworkAccess = &f },
	}
	for i, flip := range flips {
		for _, pi := range []int{0, 2} {
			p0 := dataplane.Build(&topo)
			tracked := reach.ComputeTracked(p0, trace.Flow{}, trace.Options{})
			after := cloneForEdit(topo)
			flip(&after.Peerings[pi].B)
			p1 := dataplane.Update(p0, &after)
			if _, ok := dataplane.ChangedLinks(p0, p1); !ok {
				t.Fatalf("flip %d: more than links changed", i)
			}
			got, d := tracked.Update(p1)
			if want := reach.ComputePerPair(p1, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(got.Matrix, want) {
				t.Fatalf("flip %d of peering %d: incremental matrix differs from a full recompute", i, pi)
			}
			if d.Traced >= got.Matrix.Len() {
				t.Errorf("flip %d of peering %d: every cell walked again (%+v)", i, pi, d)
			}
		}
	}
}

// TestSharedRouteTableEdit: subnets of different spokes share route table
// "rt-spokes" (one user-route layer in every spoke's table). Each UDR
// edit of that table (a route to another spoke's range, inside a spoke,
// over the 10/8 route, a next hop changed, a route removed) rebuilds that
// one layer; afterwards every subnet's routes and next hops equal a full
// Build's, the spokes still share one layer, and the matrix updated from
// the previous one equals one walk per cell on the full plane.
func TestSharedRouteTableEdit(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 4, Prefixes: 10, UDRs: 4, Seed: 5})
	prev := dataplane.Build(&topo)
	tracked := reach.ComputeTracked(prev, trace.Flow{}, trace.Options{})
	edits := []func(rs []model.Route) []model.Route{
		func(rs []model.Route) []model.Route {
			return append(rs, model.Route{Name: "to-spoke2", AddressPrefix: "10.1.4.0/22", NextHopType: model.HopNone})
		},
		func(rs []model.Route) []model.Route {
			return append(rs, model.Route{Name: "in-spoke1", AddressPrefix: "10.1.1.0/24", NextHopType: model.HopInternet})
		},
		func(rs []model.Route) []model.Route {
			return append(rs, model.Route{Name: "over-10", AddressPrefix: "10.1.0.0/16", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.5"})
		},
		func(rs []model.Route) []model.Route {
			rs[len(rs)-1].NextHopIPAddress = "10.0.1.4"
			return rs
		},
		func(rs []model.Route) []model.Route { return rs[:len(rs)-2] },
		func(rs []model.Route) []model.Route { return rs[1:] },
	}
	for step, edit := range edits {
		topo = cloneForEdit(topo)
		i := slices.IndexFunc(topo.RouteTables, func(r model.RouteTable) bool { return r.ID == "rt-spokes" })
		topo.RouteTables[i].Routes = edit(slices.Clone(topo.RouteTables[i].Routes))
		up, full := dataplane.Update(prev, &topo), dataplane.Build(&topo)
		var shared *route.Layer
		for _, id := range full.Subnets() {
			a, _ := up.Routes(id)
			b, _ := full.Routes(id)
			if !reflect.DeepEqual(a.Routes(), b.Routes()) {
				t.Fatalf("step %d: %s: routes differ", step, id)
			}
			for _, nic := range full.NICs() {
				n, _ := full.NIC(nic)
				x, okX := up.NextHop(id, n.IP)
				y, okY := full.NextHop(id, n.IP)
				if okX != okY || x != y {
					t.Fatalf("step %d: next hop %s → %s differs", step, id, n.IP)
				}
			}
			if sn, _ := up.Subnet(id); sn.RouteTable == "rt-spokes" {
				if shared == nil {
					shared = a.UserLayer()
				}
				if a.UserLayer() != shared || shared == nil {
					t.Fatalf("step %d: %s does not share the route table's layer", step, id)
				}
			}
		}
		if shared == nil {
			t.Fatal("no subnet uses rt-spokes")
		}
		var d reach.Delta
		tracked, d = tracked.Update(up)
		if want := reach.ComputePerPair(full, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(tracked.Matrix, want) {
			t.Fatalf("step %d: the updated matrix differs from a full compute", step)
		}
		if d.Reused == 0 {
			t.Errorf("step %d: no cell reused", step)
		}
		prev = up
	}
}

// TestTrackedUpdateAfterLinkEdits is the oracle for the link edits Update
// patches (appliancehops.go): on 300 seeded random designs (appliances with
// user routes to them across peerings, NSGs, peering flags), a peering
// flag flipped (forwarded traffic, network access, both sides) and then a
// VNet moved to another region (every link of it global or not); each
// updated matrix equals one walk per cell, and some updates visit fewer
// cells than all.
func TestTrackedUpdateAfterLinkEdits(t *testing.T) {
	patched := 0
	for seed := range 300 {
		topo := seededTopology(uint64(seed), 21)
		if len(topo.Peerings) == 0 {
			continue
		}
		r := rand.New(rand.NewPCG(uint64(seed), 22))
		prev := dataplane.Build(&topo)
		tracked := reach.ComputeTracked(prev, trace.Flow{}, trace.Options{})
		for step := range 3 {
			topo = cloneForEdit(topo)
			pr := &topo.Peerings[r.IntN(len(topo.Peerings))]
			side := &pr.A
			if r.IntN(2) == 0 {
				side = &pr.B
			}
			switch step {
			case 0:
				side.AllowForwardedTraffic = !side.AllowForwardedTraffic
			case 1:
				off := side.AllowVirtualNetworkAccess == nil || *side.AllowVirtualNetworkAccess
				side.AllowVirtualNetworkAccess = &[]bool{!off}[0]
			default:
				v := &topo.VNets[r.IntN(len(topo.VNets))]
				v.Location = []string{"westeurope", "northeurope"}[r.IntN(2)]
			}
			p := dataplane.Update(prev, &topo)
			var d reach.Delta
			tracked, d = tracked.Update(p)
			if d.Skipped > 0 {
				patched++
			}
			if want := reach.ComputePerPair(p, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(tracked.Matrix, want) {
				for i, c := range want.All() {
					if got := tracked.Matrix.Cell(i); got != c {
						t.Fatalf("seed %d, step %d: cell %d differs: incremental %+v, full %+v", seed, step, i, got, c)
					}
				}
				t.Fatalf("seed %d, step %d: matrices differ", seed, step)
			}
			prev = p
		}
	}
	if patched == 0 {
		t.Fatal("no link edit was patched: every update visited every cell")
	}
	t.Logf("%d link edits patched", patched)
}

// applianceChain is five VNets in a line, v0 … v4, each peered with the
// next; the packets between vm0 (v0) and vm3 (v3) go through the
// appliances nva1 (v1) and nva2 (v2) both ways, by user routes: the hop
// from nva1 to nva2 crosses the peering v1–v2, in whose VNets neither
// endpoint lies. No appliance's hop crosses v3–v4.
func applianceChain() model.Topology {
	var t model.Topology
	vm := func(i int, name string, fwd bool) model.VM {
		return model.VM{ID: name, GuestIPForwarding: fwd, NICs: []model.NIC{{Name: "n", Subnet: fmt.Sprintf("v%d/s0", i),
			PrivateIPAddress: fmt.Sprintf("10.%d.0.4", i), EnableIPForwarding: fwd}}}
	}
	routes := map[int][][2]string{ // per VNet: prefix, appliance
		0: {{"10.3.0.0/16", "10.1.0.4"}},
		1: {{"10.3.0.0/16", "10.2.0.4"}},
		2: {{"10.0.0.0/16", "10.1.0.4"}},
		3: {{"10.0.0.0/16", "10.2.0.4"}},
	}
	for i := range 5 {
		v := model.VNet{ID: fmt.Sprintf("v%d", i), AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.0.0/16", i)}},
			Subnets: []model.Subnet{{Name: "s0", AddressPrefix: fmt.Sprintf("10.%d.0.0/24", i), RouteTable: fmt.Sprintf("rt%d", i)}}}
		t.VNets = append(t.VNets, v)
		rt := model.RouteTable{ID: fmt.Sprintf("rt%d", i)}
		for k, r := range routes[i] {
			rt.Routes = append(rt.Routes, model.Route{Name: fmt.Sprintf("r%d", k), AddressPrefix: r[0], NextHopType: model.HopVirtualAppliance, NextHopIPAddress: r[1]})
		}
		t.RouteTables = append(t.RouteTables, rt)
		if i > 0 {
			t.Peerings = append(t.Peerings, model.Peering{ID: fmt.Sprintf("p%d%d", i-1, i),
				A: model.PeeringLink{VNet: fmt.Sprintf("v%d", i-1), AllowForwardedTraffic: true}, B: model.PeeringLink{VNet: fmt.Sprintf("v%d", i), AllowForwardedTraffic: true}})
		}
	}
	t.VMs = []model.VM{vm(0, "vm0", false), vm(1, "nva1", true), vm(2, "nva2", true), vm(3, "vm3", false), vm(4, "vm4", false)}
	return t
}

// TestTrackedUpdateLinkUnderAnApplianceHop: a link edit between two VNets
// that only appliances' hops cross (the forwarded traffic of v2's side of
// v1–v2 in applianceChain) changes the cells of endpoints elsewhere
// (vm0 → vm3); Update walks them again (it may not patch the rows and
// columns of v1's and v2's endpoints alone), also after an edit of a link
// no appliance's hop crosses (v3–v4), which it patches.
func TestTrackedUpdateLinkUnderAnApplianceHop(t *testing.T) {
	topo := applianceChain()
	p0 := dataplane.Build(&topo)
	tracked := reach.ComputeTracked(p0, trace.Flow{}, trace.Options{})
	cell := func(m *reach.Matrix) reach.Cell {
		for _, c := range m.All() {
			if c.From == "vm0/n" && c.To == "vm3/n" {
				return c
			}
		}
		t.Fatal("no cell vm0 → vm3")
		return reach.Cell{}
	}
	if c := cell(tracked.Matrix); c.Disposition != trace.Delivered {
		t.Fatalf("before the edits vm0 → vm3 is %+v, want delivered through nva1 and nva2", c)
	}
	topo = cloneForEdit(topo)
	topo.Peerings[3].B.AllowForwardedTraffic = false // v3–v4
	p1 := dataplane.Update(p0, &topo)
	tracked, d := tracked.Update(p1)
	if d.Skipped == 0 {
		t.Errorf("the edit of v3–v4 visited every cell: %+v", d)
	}
	if want := reach.ComputePerPair(p1, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(tracked.Matrix, want) {
		t.Fatal("after the edit of v3–v4 the incremental matrix differs from a full recompute")
	}
	topo = cloneForEdit(topo)
	topo.Peerings[1].B.AllowForwardedTraffic = false // v1–v2
	p2 := dataplane.Update(p1, &topo)
	got, _ := tracked.Update(p2)
	want := reach.ComputePerPair(p2, trace.Flow{}, trace.Options{})
	if c := cell(want); c.Disposition == trace.Delivered {
		t.Fatalf("after the edit of v1–v2 vm0 → vm3 is still delivered: %+v", c)
	}
	if !reflect.DeepEqual(got.Matrix, want) {
		t.Fatalf("vm0 → vm3 after the edit of v1–v2: incremental %+v, full %+v", cell(got.Matrix), cell(want))
	}
}

// TestChecksSkippedWhenMostFail: a UDR that every spoke-to-spoke walk looks
// up (the spokes' range to None in their shared table) changes every cell
// the patch visits but those to the hub. Once nine checks in ten of a
// window have failed, the patch answers cells again without checking their
// recorded lookups (one in 16 is still checked), and the matrix equals a
// full recompute. Before, every visited cell was checked, then answered
// again.
func TestChecksSkippedWhenMostFail(t *testing.T) {
	topo := gen.HubSpokeScale(gen.Params{N: 60, Prefixes: 10, Seed: 5})
	p := dataplane.Build(&topo)
	tr := reach.ComputeTracked(p, trace.Flow{}, trace.Options{})
	topo = cloneForEdit(topo)
	rt := &topo.RouteTables[0]
	rt.Routes = append(rt.Routes[:len(rt.Routes):len(rt.Routes)], model.Route{Name: "spokes", AddressPrefix: "10.1.0.0/16", NextHopType: model.HopNone})
	next := dataplane.Update(p, &topo)
	up, d := tr.Update(next)
	if d.Changed*2 < d.Traced || d.Traced < 1000 {
		t.Fatalf("the UDR changed %d of the %d cells answered again: the design tests nothing (%+v)", d.Changed, d.Traced, d)
	}
	if d.Lookups*4 > d.Traced {
		t.Errorf("%d lookups checked for %d cells answered again: checks that nine in ten fail were not skipped (%+v)", d.Lookups, d.Traced, d)
	}
	if want := reach.ComputePerPair(next, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(up.Matrix, want) {
		t.Error("the updated matrix differs from a full recompute")
	}
}
