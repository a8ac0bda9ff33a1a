package reach

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// assertGatewayLegs answers every cell between two spokes of design topo
// (built with fails) with classes made every way (dense and sparse legs,
// with and without Deps) and checks each against trace.RunWith
// (disposition, reason and, with Deps, the Deps). It returns how many of
// those cells each kind of classes answered from legs (Fast), dense with
// Deps first.
func assertGatewayLegs(t *testing.T, topo model.Topology, fails []model.Failure) (fast []int) {
	t.Helper()
	p := dataplane.Build(&topo, dataplane.WithFailures(fails))
	nics := p.NICs()
	spoke := func(id string) bool { return strings.HasPrefix(id, "vm-spoke") }
	for _, kind := range []struct{ deps, dense bool }{{true, true}, {true, false}, {false, true}, {false, false}} {
		c := newClasses(p, trace.Flow{}, trace.Options{}, kind.deps, kind.dense)
		n := 0
		for r := range nics {
			for j := range nics {
				if r == j || !spoke(nics[r]) || !spoke(nics[j]) {
					continue
				}
				before := c.stats.Fast
				var got Cell
				var d cellDeps
				if kind.deps {
					got, d = c.cell(r, j, nics[r], nics[j])
				} else {
					got.Disposition, got.Reason = c.outcome(r, j, nics[r], nics[j])
				}
				run := trace.RunWith(p, cellFlow(p, trace.Flow{}, nics[r], nics[j]), trace.Options{})
				if got.Disposition != run.Disposition || got.Reason != run.Reason {
					t.Fatalf("%+v %s → %s: classes %v %q, RunWith %v %q", kind, nics[r], nics[j], got.Disposition, got.Reason, run.Disposition, run.Reason)
				}
				if c.stats.Fast == before {
					continue
				}
				n++
				if kind.deps {
					if got := packedView(d, int32(r), int32(j)).deps(); !reflect.DeepEqual(got, run.Deps()) {
						t.Fatalf("%+v %s → %s: Deps from legs %+v, RunWith %+v", kind, nics[r], nics[j], got, run.Deps())
					}
				}
			}
		}
		fast = append(fast, n)
	}
	return fast
}

// spokeCells is the number of cells between two of gatewayTransit's spokes.
func spokeCells(topo model.Topology) int {
	n := 0
	for _, vm := range topo.VMs {
		if strings.HasPrefix(vm.ID, "vm-spoke") {
			n++
		}
	}
	return n * (n - 1)
}

// TestGatewayLegsAnswerCells: with gateway transit, a walk between two
// spokes is a gateway leg (the spokes' route to VirtualNetworkGateway) and
// the hub's VPN gateway's kept part; every such cell is answered from them
// (not walked), with RunWith's disposition, reason and Deps (the
// questions to the hybrid control plane in order, the reply's best path
// asked for the cell's source), however the legs are kept.
func TestGatewayLegsAnswerCells(t *testing.T) {
	topo := gatewayTransit()
	fast := assertGatewayLegs(t, topo, nil)
	for i, n := range fast {
		if n != spokeCells(topo) {
			t.Errorf("classes %d answered %d of the %d spoke cells from legs, want all", i, n, spokeCells(topo))
		}
	}
}

// TestGatewayLegsGatewayDown: with the hub's VPN gateway failed, a walk
// into it ends at the entry (DroppedComponentDown, walked in full), never
// by the part kept for the gateway up.
func TestGatewayLegsGatewayDown(t *testing.T) {
	topo := gatewayTransit()
	var gw string
	for _, g := range topo.Gateways {
		if g.GatewayType == model.GatewayVpn {
			gw = g.ID
		}
	}
	if gw == "" {
		t.Fatal("no VPN gateway: the design tests nothing")
	}
	for i, n := range assertGatewayLegs(t, topo, []model.Failure{{Kind: model.GatewayDown, Target: gw}}) {
		if n != 0 {
			t.Errorf("classes %d answered %d spoke cells from legs through a gateway that is down", i, n)
		}
	}
}

// TestGatewayLegsStatefulAfterTheGateway: GatewaySubnet sends the first
// spoke's range to the hub's stateful NVA, so a walk into that spoke
// passes the NVA after the gateway and its reply does not (and the other
// way round): the part's stateful appliance makes those cells
// DroppedAsymmetric; the others are still answered from legs.
func TestGatewayLegsStatefulAfterTheGateway(t *testing.T) {
	topo := gatewayTransit()
	first := -1
	for i, v := range topo.VNets {
		if v.ID != "hub" && first < 0 {
			first = i
		}
	}
	topo.VNets = slices.Clone(topo.VNets)
	hub := slices.IndexFunc(topo.VNets, func(v model.VNet) bool { return v.ID == "hub" })
	if first < 0 || hub < 0 {
		t.Fatal("no hub or spoke")
	}
	topo.VNets[hub].Subnets = slices.Clone(topo.VNets[hub].Subnets)
	gs := slices.IndexFunc(topo.VNets[hub].Subnets, func(s model.Subnet) bool { return s.Name == model.GatewaySubnet })
	if gs < 0 {
		t.Fatal("no GatewaySubnet")
	}
	topo.VNets[hub].Subnets[gs].RouteTable = "rt-gw"
	topo.RouteTables = append(slices.Clone(topo.RouteTables), model.RouteTable{ID: "rt-gw", Location: topo.VNets[hub].Location, Routes: []model.Route{{
		Name: "first-spoke", AddressPrefix: topo.VNets[first].AddressSpace.AddressPrefixes[0],
		NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}})
	fast := assertGatewayLegs(t, topo, nil)
	p := dataplane.Build(&topo)
	asym := 0
	for _, c := range Compute(p, trace.Flow{}).All() {
		if c.Disposition == trace.DroppedAsymmetric {
			asym++
		}
	}
	if asym == 0 {
		t.Fatal("no cell is DroppedAsymmetric: the design tests nothing")
	}
	if fast[0] == 0 {
		t.Fatal("no spoke cell answered from legs")
	}
}

// TestGatewayLegsNSGAfterTheGateway: the first spoke's subnets have an NSG
// that allows everything, so a walk into that spoke through the gateway
// is delivered but reads the NSG (Deps.Opaque): the gateway's part towards
// it is not kept, and those cells are walked in full (a cell answered from
// legs would lose Opaque).
func TestGatewayLegsNSGAfterTheGateway(t *testing.T) {
	topo := gatewayTransit()
	any := func(dir string) model.SecurityRule {
		return model.SecurityRule{Name: "all-" + dir, Priority: 100, Direction: dir, Access: "Allow", Protocol: "*",
			SourceAddressPrefix: "*", SourcePortRange: "*", DestinationAddressPrefix: "*", DestinationPortRange: "*"}
	}
	topo.NSGs = append(slices.Clone(topo.NSGs), model.NSG{ID: "nsg-all", SecurityRules: []model.SecurityRule{any("Inbound"), any("Outbound")}})
	topo.VNets = slices.Clone(topo.VNets)
	var into string
	for i := range topo.VNets {
		if topo.VNets[i].ID == "hub" {
			continue
		}
		topo.VNets[i].Subnets = slices.Clone(topo.VNets[i].Subnets)
		for j := range topo.VNets[i].Subnets {
			topo.VNets[i].Subnets[j].NetworkSecurityGroup = "nsg-all"
		}
		into = topo.VNets[i].ID
		break
	}
	fast := assertGatewayLegs(t, topo, nil)
	if fast[0] == 0 {
		t.Fatal("no spoke cell answered from legs")
	}
	p := dataplane.Build(&topo)
	opaque := 0
	for _, c := range Compute(p, trace.Flow{}).All() {
		if n, ok := p.NIC(c.To); ok && strings.HasPrefix(n.Subnet, into+"/") && strings.HasPrefix(c.From, "vm-spoke") && c.Disposition == trace.Delivered {
			if run := trace.RunWith(p, cellFlow(p, trace.Flow{}, c.From, c.To), trace.Options{}); run.Deps().Opaque {
				opaque++
			}
		}
	}
	if opaque == 0 {
		t.Fatal("no cell into the NSG's spoke is delivered reading it: the design tests nothing")
	}
}
