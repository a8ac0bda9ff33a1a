package reach

import (
	"context"
	"reflect"
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// TestSpokesShareLegs: in a hub and spoke design whose spokes share one
// route table and peer only with the hub, the spokes' legs towards the
// other spokes are computed once for all of them, not once per spoke: the
// matrix computes far fewer legs than classes × columns, and equals one
// walk per cell.
func TestSpokesShareLegs(t *testing.T) {
	const spokes = 30
	topo := gen.HubSpokeScale(gen.Params{N: spokes, Prefixes: 50, Seed: 1})
	p := dataplane.Build(&topo)
	tr := ComputeTracked(p, trace.Flow{}, trace.Options{})
	if want := ComputePerPair(p, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(tr.Matrix, want) {
		t.Fatal("the matrix differs from one walk per cell")
	}
	s := tr.Sharing()
	// The hub's appliance's row and one row for the spokes, plus each
	// spoke's own legs towards the hub.
	if s.Classes != spokes+1 || s.Legs > 2*s.NICs+2*spokes {
		t.Fatalf("%d legs for %d classes × %d columns, want at most %d (%+v)", s.Legs, s.Classes, s.NICs, 2*s.NICs+2*spokes, s)
	}
}

// spanEdges is a design whose spans meet what they must keep per class:
// spokes of one route table peered with a hub (one with a range that
// replaces a reserved one, one whose link to the hub holds a stale copy
// of the hub's address space that also covers spoke s5), VNets of the same
// table peered with nothing (o1 and o2 overlapping; o3 holding an
// appliance the table routes to), two subnets of one spoke on a second
// table, and a private endpoint in the hub.
func spanEdges() model.Topology {
	sub := func(name, pfx, rt string) model.Subnet {
		return model.Subnet{Name: name, AddressPrefix: pfx, RouteTable: rt}
	}
	vnet := func(id, space string, subnets ...model.Subnet) model.VNet {
		return model.VNet{ID: id, Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{space}}, Subnets: subnets}
	}
	vm := func(id, subnet, ip string, fwd bool) model.VM {
		return model.VM{ID: id, GuestIPForwarding: fwd, NICs: []model.NIC{{Name: "nic", Subnet: subnet, PrivateIPAddress: ip, EnableIPForwarding: fwd}}}
	}
	peer := func(spoke string, remote []string) model.Peering {
		b := model.PeeringLink{VNet: spoke, AllowForwardedTraffic: true}
		if remote != nil {
			b.RemoteAddressSpace = &model.AddressSpace{AddressPrefixes: remote}
		}
		return model.Peering{ID: "hub-" + spoke, A: model.PeeringLink{VNet: "hub", AllowForwardedTraffic: true}, B: b}
	}
	route := func(name, pfx, hop, ip string) model.Route {
		return model.Route{Name: name, AddressPrefix: pfx, NextHopType: hop, NextHopIPAddress: ip}
	}
	return model.Topology{
		VNets: []model.VNet{
			vnet("hub", "10.0.0.0/16", sub("nva", "10.0.1.0/24", ""), sub("pe", "10.0.2.0/24", "")),
			vnet("s1", "10.1.0.0/16", sub("app", "10.1.0.0/24", "rt"), sub("db", "10.1.1.0/24", "rt2"), sub("web", "10.1.2.0/24", "rt2")),
			vnet("s2", "10.2.0.0/16", sub("app", "10.2.0.0/24", "rt")),
			vnet("s3", "172.16.0.0/12", sub("app", "172.16.0.0/24", "rt")),
			vnet("s4", "10.4.0.0/16", sub("app", "10.4.0.0/24", "rt")),
			vnet("s5", "10.5.0.0/16", sub("app", "10.5.0.0/24", "rt")),
			vnet("o1", "10.9.0.0/16", sub("app", "10.9.0.0/24", "rt")),
			vnet("o2", "10.9.0.0/16", sub("app", "10.9.1.0/24", "rt")),
			vnet("o3", "192.168.5.0/24", sub("app", "192.168.5.0/26", "rt")),
		},
		Peerings: []model.Peering{peer("s1", nil), peer("s2", nil), peer("s3", nil), peer("s4", []string{"10.0.0.0/16", "10.5.0.0/16"}), peer("s5", nil)},
		RouteTables: []model.RouteTable{
			{ID: "rt", Routes: []model.Route{
				route("default", "0.0.0.0/0", model.HopVirtualAppliance, "10.0.1.4"),
				route("private", "10.0.0.0/8", model.HopVirtualAppliance, "10.0.1.4"),
				route("o3", "192.168.0.0/16", model.HopVirtualAppliance, "192.168.5.4"),
				route("s2", "10.2.0.0/16", model.HopNone, ""),
			}},
			{ID: "rt2", Routes: []model.Route{route("private", "10.0.0.0/8", model.HopVirtualAppliance, "10.0.1.4")}},
		},
		PrivateEndpoints: []model.PrivateEndpoint{{ID: "pe", Subnet: "hub/pe", PrivateIPAddress: "10.0.2.5", PrivateLinkServiceID: "st"}},
		VMs: []model.VM{vm("nva", "hub/nva", "10.0.1.4", true),
			vm("a1", "s1/app", "10.1.0.4", false), vm("d1", "s1/db", "10.1.1.4", false), vm("w1", "s1/web", "10.1.2.4", false),
			vm("a2", "s2/app", "10.2.0.4", false), vm("a3", "s3/app", "172.16.0.4", false), vm("a4", "s4/app", "10.4.0.4", false), vm("a5", "s5/app", "10.5.0.4", false),
			vm("o1", "o1/app", "10.9.0.4", false), vm("o2", "o2/app", "10.9.1.4", false), vm("o3", "o3/app", "192.168.5.4", true)},
	}
}

// spanDesigns are the designs the span tests run on: spanEdges and each
// generator's, small, by name.
func spanDesigns(t *testing.T) map[string]model.Topology {
	t.Helper()
	designs := map[string]model.Topology{"edges": spanEdges()}
	for _, kind := range gen.Kinds() {
		topo, err := gen.Generate(kind, gen.Params{N: 12, Prefixes: 40, Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		designs[kind] = topo
	}
	return designs
}

// TestSpanLookupsAgree checks what spans rest on: the classes of a span
// look up the same route for every column far from them, and make the same
// move unless it reads their VNet; and the matrices equal one walk per
// cell. On spanEdges and the generated designs.
func TestSpanLookupsAgree(t *testing.T) {
	for name, topo := range spanDesigns(t) {
		p := dataplane.Build(&topo)
		c := newClasses(p, trace.Flow{}, trace.Options{}, true, true)
		spans := name != "mesh" && name != "noshare" // NoShare's spokes have tables of their own
		if spans && c.stats.Spans == 0 {
			t.Errorf("%s: no span", name)
		}
		checked := 0
		for j := range c.nics {
			first := map[int32]int32{} // by span: the first class for which j is far
			for ci := range c.cls {
				s := &c.spans
				if !s.has(int32(ci)) || !c.cols[j].fast || !s.far(int32(ci), c.cls[ci].vnet, int32(j)) {
					continue
				}
				f, seen := first[s.of[ci]]
				if !seen {
					first[s.of[ci]] = int32(ci)
					continue
				}
				x := c.nics[j].IP
				e1, ok1 := c.cls[f].table.Lookup(x)
				e2, ok2 := c.cls[ci].table.Lookup(x)
				if ok1 != ok2 || e1 != e2 {
					t.Errorf("%s: %s looks up %v in %s's table (%v) and %s's (%v)", name, x, e1.Prefix, c.cls[f].subnet.ID, e1, c.cls[ci].subnet.ID, e2)
				}
				l1, local1 := c.move(f, int32(j))
				l2, local2 := c.move(int32(ci), int32(j))
				if l1.routeIx >= 0 && l2.routeIx >= 0 && *c.gen.routes.at(l1.routeIx) == *c.gen.routes.at(l2.routeIx) {
					l1.routeIx, l2.routeIx = 0, 0 // the same route, kept by table
				}
				if !local1 && !local2 && l1 != l2 {
					t.Errorf("%s: towards %s, %s moves %+v and %s %+v", name, x, c.cls[f].subnet.ID, l1, c.cls[ci].subnet.ID, l2)
				}
				checked++
			}
		}
		if spans && checked == 0 {
			t.Errorf("%s: no far column shared", name)
		}
		for _, opts := range []trace.Options{{}, {TagOnlyPeeringFlags: true}} {
			want := ComputePerPair(p, trace.Flow{}, opts)
			if got := ComputeWith(p, trace.Flow{}, opts); !reflect.DeepEqual(got, want) {
				t.Errorf("%s: the matrix differs from one walk per cell", name)
			}
			if got := ComputeTracked(p, trace.Flow{}, opts); !reflect.DeepEqual(got.Matrix, want) {
				t.Errorf("%s: the tracked matrix differs from one walk per cell", name)
			}
		}
	}
}

// TestMemoSlot: the kept walks of n NICs fill their n(n-1) slots, one
// each, a pair's two walks side by side.
func TestMemoSlot(t *testing.T) {
	for _, n := range []int{2, 3, 7, 64} {
		seen := make([]bool, n*(n-1))
		for s := range int32(n) {
			for u := range int32(n) {
				if s == u {
					continue
				}
				k := memoSlot(s, u, n)
				if k < 0 || k >= len(seen) || seen[k] {
					t.Fatalf("n=%d: walk %d→%d at slot %d, taken or out of range", n, s, u, k)
				}
				seen[k] = true
				if o := memoSlot(u, s, n); o != k^1 {
					t.Fatalf("n=%d: walks %d→%d and back at slots %d and %d", n, s, u, k, o)
				}
			}
		}
	}
}

// TestStateID: two sets of stateful appliances get the same id exactly
// when they hold the same appliances, in any order.
func TestStateID(t *testing.T) {
	var c classes
	sets := [][]int32{nil, {0}, {1}, {0, 1}, {1, 0}, {2, 0, 1}, {1, 2}, {0, 2, 1}}
	for _, a := range sets {
		for _, b := range sets {
			same := len(a) == len(b)
			for _, x := range a {
				same = same && slices.Contains(b, x)
			}
			if got := c.stateID(a) == c.stateID(b); got != same {
				t.Errorf("%v and %v: same id %v, want %v", a, b, got, same)
			}
		}
	}
}

// TestSpokesShareAnApplianceOutOfReach: the spokes' table sends 10/8 to a
// spoke's own VM (no peering joins the spokes): from that spoke a move to
// its own VNet, from every other spoke an appliance out of reach, whose
// drop names the sending VNet. The spokes still share one leg per column
// (each drop's reason made per VNet), and the matrix equals one walk per
// cell, with Deps.
func TestSpokesShareAnApplianceOutOfReach(t *testing.T) {
	const spokes = 30
	topo := gen.HubSpokeScale(gen.Params{N: spokes, Prefixes: 50, Seed: 1})
	for i := range topo.RouteTables {
		if topo.RouteTables[i].ID == "rt-spokes" {
			topo.RouteTables[i].Routes = append(topo.RouteTables[i].Routes,
				model.Route{Name: "to-spoke", AddressPrefix: "10.0.0.0/9", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.1.0.4"})
		}
	}
	p := dataplane.Build(&topo)
	tr := ComputeTracked(p, trace.Flow{}, trace.Options{})
	want := ComputePerPair(p, trace.Flow{}, trace.Options{})
	if !reflect.DeepEqual(tr.Matrix, want) {
		t.Fatal("the tracked matrix differs from one walk per cell")
	}
	if got := ComputeWith(p, trace.Flow{}, trace.Options{}); !reflect.DeepEqual(got, want) {
		t.Fatal("the matrix differs from one walk per cell")
	}
	unreachable := 0
	for i, c := range want.All() {
		if c.Disposition == trace.DroppedApplianceUnreachable {
			unreachable++
		}
		f := cellFlow(p, trace.Flow{}, c.From, c.To)
		if run := trace.RunWith(p, f, trace.Options{}); !reflect.DeepEqual(run.Deps(), tr.CellDeps(i)) {
			t.Fatalf("%s → %s: Deps %+v, want %+v", c.From, c.To, tr.CellDeps(i), run.Deps())
		}
	}
	if s := tr.Sharing(); unreachable < spokes*(spokes-2) || s.Legs > 3*s.NICs+2*spokes {
		t.Fatalf("%d cells dropped out of reach, %d legs for %d classes × %d columns (%+v)", unreachable, s.Legs, s.Classes, s.NICs, s)
	}
}

// TestSpokesShareWalks: a matrix resolves a spoke's walk to another spoke
// once for all the spokes (spanWalk), with Deps or without, and still
// equals one walk per cell, Deps included.
func TestSpokesShareWalks(t *testing.T) {
	const spokes = 30
	topo := gen.HubSpokeScale(gen.Params{N: spokes, Prefixes: 50, Seed: 1})
	p := dataplane.Build(&topo)
	want := ComputePerPair(p, trace.Flow{}, trace.Options{})
	for _, deps := range []bool{false, true} {
		c := newClasses(p, trace.Flow{}, trace.Options{}, deps, true)
		m, err := fillIx(context.Background(), p, func(r, j int, from, to string) (trace.Disposition, string) {
			cell, d := c.cell(r, j, from, to)
			if d.gen != nil { // answered from legs: its packed lookups read as trace.RunWith's Deps
				got := cellView{packed: d.packed, nf: d.nf, gen: d.gen, dst: c.nics[j].IP, src: c.nics[r].IP}.deps()
				if run := trace.RunWith(p, cellFlow(p, trace.Flow{}, from, to), trace.Options{}); !reflect.DeepEqual(got, run.Deps()) {
					t.Fatalf("%s → %s: Deps %+v, want %+v", from, to, got, run.Deps())
				}
			}
			return cell.Disposition, cell.Reason
		}, nil)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(m, want) {
			t.Fatalf("deps %v: the matrix differs from one walk per cell", deps)
		}
		shared := 0
		for _, w := range c.spans.walks {
			if w.state == 1 {
				shared++
			}
		}
		if shared < spokes-1 || shared > len(c.nics) {
			t.Fatalf("deps %v: %d walks kept by the span for %d columns", deps, shared, len(c.nics))
		}
	}
}

// TestSpanWalksAskTheSource: the span's walk to spoke s2 is kept from s1's
// VM, whose packet goes NVA → a firewall in s1 → a second NVA → s2 and
// passes the hub's link (no forwarded traffic) as s1's own. A source of
// the span in another spoke, or in s4's subnet whose range lies outside
// s4's address space, answers a source question otherwise: each must be
// answered for itself (dropped there, or walked in full), not from the
// kept walk. The matrix equals one walk per cell.
func TestSpanWalksAskTheSource(t *testing.T) {
	topo := askTheSource()
	p := dataplane.Build(&topo)
	c := newClasses(p, trace.Flow{}, trace.Options{}, false, true)
	m, err := fillIx(context.Background(), p, c.outcome, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := ComputePerPair(p, trace.Flow{}, trace.Options{})
	if !reflect.DeepEqual(m, want) {
		t.Fatalf("the matrix differs from one walk per cell:\n%+v\n%+v", flat(m), flat(want))
	}
	got := map[string]trace.Disposition{}
	for _, cell := range want.All() {
		if cell.To == "vm2/nic" {
			got[cell.From] = cell.Disposition
		}
	}
	if got["vm1/nic"] != trace.Delivered || got["vm3/nic"] == trace.Delivered || got["vmout/nic"] == trace.Delivered || c.stats.Spans != 1 {
		t.Fatalf("to vm2: %v (%+v), want vm1 delivered and neither vm3 nor vmout", got, c.stats)
	}
}

// askTheSource is TestSpanWalksAskTheSource's design: spoke s1's walks to
// s2 pass a firewall in s1 and two hub NVAs, and s4 has a subnet outside
// its address space.
func askTheSource() model.Topology {
	sub := func(name, pfx, rt string) model.Subnet {
		return model.Subnet{Name: name, AddressPrefix: pfx, RouteTable: rt}
	}
	vnet := func(id, space string, subnets ...model.Subnet) model.VNet {
		return model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{space}}, Subnets: subnets}
	}
	vm := func(id, subnet, ip string, fwd bool) model.VM {
		return model.VM{ID: id, GuestIPForwarding: fwd, NICs: []model.NIC{{Name: "nic", Subnet: subnet, PrivateIPAddress: ip, EnableIPForwarding: fwd}}}
	}
	peer := func(spoke string) model.Peering {
		return model.Peering{ID: "hub-" + spoke, A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: spoke, AllowForwardedTraffic: true}}
	}
	va := func(name, pfx, ip string) model.Route {
		return model.Route{Name: name, AddressPrefix: pfx, NextHopType: model.HopVirtualAppliance, NextHopIPAddress: ip}
	}
	return model.Topology{
		VNets: []model.VNet{
			vnet("hub", "10.0.0.0/16", sub("nva", "10.0.1.0/24", "rt-hub"), sub("nva2", "10.0.2.0/24", "")),
			vnet("s1", "10.1.0.0/16", sub("app", "10.1.0.0/24", "rt-spokes"), sub("fw", "10.1.1.0/24", "rt-fw")),
			vnet("s2", "10.2.0.0/16", sub("app", "10.2.0.0/24", "rt-spokes")),
			vnet("s3", "10.3.0.0/16", sub("app", "10.3.0.0/24", "rt-spokes")),
			vnet("s4", "10.4.0.0/16", sub("app", "10.4.0.0/24", "rt-spokes"), sub("out", "10.99.0.0/24", "rt-spokes")),
		},
		Peerings: []model.Peering{peer("s1"), peer("s2"), peer("s3"), peer("s4")},
		RouteTables: []model.RouteTable{
			{ID: "rt-spokes", Routes: []model.Route{va("default", "0.0.0.0/0", "10.0.1.4"), va("private", "10.0.0.0/8", "10.0.1.4")}},
			{ID: "rt-hub", Routes: []model.Route{va("s2", "10.2.0.0/16", "10.1.1.5")}},
			{ID: "rt-fw", Routes: []model.Route{va("s2", "10.2.0.0/16", "10.0.2.4")}},
		},
		VMs: []model.VM{vm("vm1", "s1/app", "10.1.0.4", false), vm("vm2", "s2/app", "10.2.0.4", false),
			vm("vm3", "s3/app", "10.3.0.4", false), vm("vm4", "s4/app", "10.4.0.4", false), vm("vmout", "s4/out", "10.99.0.4", false),
			vm("zfw", "s1/fw", "10.1.1.5", true), vm("znva", "hub/nva", "10.0.1.4", true), vm("znva2", "hub/nva2", "10.0.2.4", true)},
	}
}
