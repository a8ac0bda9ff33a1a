package engine_test

import (
	"fmt"
	"math/rand/v2"
	"net/netip"
	"reflect"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
	"vnetplay/engine/whatif"
	"vnetplay/scenarios"
)

// The matrix shares walk suffixes (trace.Walker). Its oracle is one full,
// independent walk per cell (reach.ComputePerPair, what Explain shows):
// every built-in scenario, with nothing failed and with each component
// failed alone, under both readings of the peering flags, and the generated
// designs before and after each benchmark edit must give identical cells,
// and identical Deps and return walks cell by cell.

// assertWalkerEqualsRun compares the matrix with the per-pair reference on
// p, and each walk of a deps-recording Walker with trace.RunWith. It returns
// the Walker's suffix hits, so callers can check that sharing happened.
func assertWalkerEqualsRun(t *testing.T, p *dataplane.Plane, opts trace.Options) int {
	t.Helper()
	got, want := reach.ComputeWith(p, trace.Flow{}, opts), reach.ComputePerPair(p, trace.Flow{}, opts)
	if want.Len() == 0 {
		t.Fatal("empty matrix")
	}
	if !reflect.DeepEqual(got, want) {
		for i, c := range want.All() {
			if i < got.Len() && got.Cell(i) != c {
				t.Fatalf("cell %d differs:\nshared   %+v\nper pair %+v", i, got.Cell(i), c)
			}
		}
		t.Fatalf("matrix differs (%d vs %d cells)", got.Len(), want.Len())
	}
	w, pw := trace.NewWalker(p, opts, true), trace.NewPathWalker(p, opts)
	for _, c := range want.All() {
		f := trace.Flow{Src: c.From}
		f.DstIP = trace.InternetProbe()
		if c.To != reach.Internet {
			_, f.DstIP, _ = p.Endpoint(c.To)
		}
		a, b := w.Run(f), trace.RunWith(p, f, opts)
		if a.Disposition != b.Disposition || a.Reason != b.Reason || !reflect.DeepEqual(a.Deps(), b.Deps()) {
			t.Fatalf("%s → %s: walker %v %q (%d lookups, opaque %v), run %v %q (%d lookups, opaque %v)", c.From, c.To,
				a.Disposition, a.Reason, len(a.Deps().Lookups), a.Deps().Opaque, b.Disposition, b.Reason, len(b.Deps().Lookups), b.Deps().Opaque)
		}
		if (a.Return == nil) != (b.Return == nil) || a.Return != nil && (a.Return.Disposition != b.Return.Disposition || a.Return.Reason != b.Return.Reason) {
			t.Fatalf("%s → %s: return walks differ", c.From, c.To)
		}
		var hops []string
		for _, h := range b.Hops {
			hops = append(hops, h.Node)
		}
		if d, why, nodes := pw.Path(f); d != b.Disposition || why != b.Reason || !slices.Equal(nodes, hops) {
			t.Fatalf("%s → %s: path walker %v %q via %v, run %v %q via %v", c.From, c.To, d, why, nodes, b.Disposition, b.Reason, hops)
		}
	}
	return w.Hits
}

func TestComputeEqualsPerPairScenarios(t *testing.T) {
	hits := 0
	for _, sc := range scenarios.All() {
		t.Run(sc.Name, func(t *testing.T) {
			a, err := engine.Load(sc.JSON, scenario.Strict)
			if err != nil {
				t.Fatal(err)
			}
			cases := [][]model.Failure{nil}
			for _, c := range whatif.Components(a.Doc) {
				cases = append(cases, []model.Failure{c.Failure})
			}
			for _, fs := range cases {
				p := dataplane.Build(&a.Doc.Topology, dataplane.WithFailures(fs))
				for _, opts := range []trace.Options{{}, {TagOnlyPeeringFlags: true}} {
					hits += assertWalkerEqualsRun(t, p, opts)
				}
			}
		})
	}
	if hits == 0 {
		t.Fatal("no walk reused a suffix: the test does not exercise the memo")
	}
}

func TestComputeEqualsPerPairGenerated(t *testing.T) {
	for name, topo := range oracleDesigns() {
		t.Run(name, func(t *testing.T) {
			if assertWalkerEqualsRun(t, dataplane.Build(&topo), trace.Options{}) == 0 && name != "mesh" {
				t.Error("no suffix reused")
			}
			for _, e := range edits {
				after := cloneForEdit(topo)
				fs := e.apply(&after)
				assertWalkerEqualsRun(t, dataplane.Build(&after, dataplane.WithFailures(fs)), trace.Options{})
			}
		})
	}
}

// byteSource reads choices from fuzz input; exhausted, it answers 0.
type byteSource struct{ b []byte }

func (s *byteSource) n(k int) int {
	if len(s.b) == 0 || k <= 1 {
		return 0
	}
	v := int(s.b[0])
	s.b = s.b[1:]
	return v % k
}

func (s *byteSource) yes() bool { return s.n(2) == 1 }

// randomTopology builds a small design from choices: 2–4 peered VNets with
// VMs that may forward (NVAs, stateful or not), route tables sending
// prefixes to appliances, None, VnetLocal or the Internet, NSGs whose rules
// match sources by prefix and tag, and peering flags — the inputs that make
// a walk's suffix depend on its source (rule:peering.allow-forwarded-traffic, rule:nva.ip-forwarding–rule:nva.stateful-asymmetry-drop, rule:nsg.default-rules–rule:nsg.virtualnetwork-tag).
func randomTopology(s *byteSource) model.Topology {
	var t model.Topology
	nv := 2 + s.n(3)
	var ips []string
	for i := range nv {
		v := model.VNet{ID: fmt.Sprintf("v%d", i), AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.0.0/16", i)}}}
		for j := range 2 {
			v.Subnets = append(v.Subnets, model.Subnet{Name: fmt.Sprintf("s%d", j), AddressPrefix: fmt.Sprintf("10.%d.%d.0/24", i, j)})
		}
		t.VNets = append(t.VNets, v)
		for k := range 1 + s.n(3) {
			sn := s.n(2)
			ip := fmt.Sprintf("10.%d.%d.%d", i, sn, 4+k)
			ips = append(ips, ip)
			fwd := s.yes()
			t.VMs = append(t.VMs, model.VM{ID: fmt.Sprintf("vm%d%d", i, k), GuestIPForwarding: fwd || s.yes(), Stateful: s.yes(),
				NICs: []model.NIC{{Name: "n", Subnet: fmt.Sprintf("v%d/s%d", i, sn), PrivateIPAddress: ip, EnableIPForwarding: fwd}}})
		}
	}
	prefix := func() string {
		switch s.n(5) {
		case 0:
			return "0.0.0.0/0"
		case 1:
			return "10.0.0.0/8"
		case 2:
			return fmt.Sprintf("10.%d.0.0/16", s.n(nv))
		case 3:
			return fmt.Sprintf("10.%d.%d.0/24", s.n(nv), s.n(2))
		default:
			return ips[s.n(len(ips))] + "/32"
		}
	}
	for i := range nv {
		for j := i + 1; j < nv; j++ {
			if s.n(4) == 0 {
				continue
			}
			link := func(v int) model.PeeringLink {
				l := model.PeeringLink{VNet: fmt.Sprintf("v%d", v), AllowForwardedTraffic: s.yes()}
				if s.n(6) == 0 {
					l.AllowVirtualNetworkAccess = new(bool)
				}
				return l
			}
			t.Peerings = append(t.Peerings, model.Peering{ID: fmt.Sprintf("p%d%d", i, j), A: link(i), B: link(j)})
		}
	}
	for r := range 2 {
		rt := model.RouteTable{ID: fmt.Sprintf("rt%d", r)}
		for k := range s.n(5) {
			rt.Routes = append(rt.Routes, model.Route{Name: fmt.Sprintf("r%d", k), AddressPrefix: prefix(), NextHopType: model.HopVirtualAppliance, NextHopIPAddress: ips[s.n(len(ips))]})
			switch s.n(8) {
			case 0:
				rt.Routes[k].NextHopType, rt.Routes[k].NextHopIPAddress = model.HopNone, ""
			case 1:
				rt.Routes[k].NextHopType, rt.Routes[k].NextHopIPAddress = model.HopVnetLocal, ""
			case 2:
				rt.Routes[k].NextHopType, rt.Routes[k].NextHopIPAddress = model.HopInternet, ""
			}
		}
		t.RouteTables = append(t.RouteTables, rt)
	}
	addr := func() string {
		switch s.n(4) {
		case 0:
			return "*"
		case 1:
			return "VirtualNetwork"
		default:
			return prefix()
		}
	}
	for g := range 2 {
		nsg := model.NSG{ID: fmt.Sprintf("nsg%d", g)}
		for k := range s.n(4) {
			nsg.SecurityRules = append(nsg.SecurityRules, model.SecurityRule{Name: fmt.Sprintf("r%d", k), Priority: 100 + k,
				Direction: []string{"Inbound", "Outbound"}[s.n(2)], Access: []string{"Allow", "Deny"}[s.n(2)], Protocol: "*",
				SourceAddressPrefix: addr(), DestinationAddressPrefix: addr(), SourcePortRange: "*", DestinationPortRange: "*"})
		}
		t.NSGs = append(t.NSGs, nsg)
	}
	for i := range t.VNets {
		for j := range t.VNets[i].Subnets {
			if c := s.n(4); c < 2 {
				t.VNets[i].Subnets[j].RouteTable = fmt.Sprintf("rt%d", c)
			}
			if c := s.n(10); c < 2 {
				t.VNets[i].Subnets[j].NetworkSecurityGroup = fmt.Sprintf("nsg%d", c)
			}
		}
	}
	for i := range t.VMs {
		if c := s.n(12); c < 2 {
			t.VMs[i].NICs[0].NetworkSecurityGroup = fmt.Sprintf("nsg%d", c)
		}
	}
	randomEdge(s, &t)
	return t
}

// randomEdge gives some NICs an instance public IP and some subnets a NAT
// gateway or no default outbound access, so that NICs of one subnet leave
// for the Internet differently (trace.InternetExit).
func randomEdge(s *byteSource, t *model.Topology) {
	for i := range t.VNets { // a NAT gateway serves the subnets of one VNet
		pip := fmt.Sprintf("pip-nat%d", i)
		t.PublicIPAddresses = append(t.PublicIPAddresses, model.PublicIPAddress{ID: pip, IPAddress: fmt.Sprintf("198.51.100.%d", 1+i)})
		t.NatGateways = append(t.NatGateways, model.NatGateway{ID: fmt.Sprintf("nat%d", i), PublicIPAddresses: []string{pip}})
	}
	for i := range t.VMs {
		if s.n(3) == 0 {
			id := fmt.Sprintf("pip%d", i)
			t.PublicIPAddresses = append(t.PublicIPAddresses, model.PublicIPAddress{ID: id, IPAddress: fmt.Sprintf("203.0.113.%d", 10+i)})
			t.VMs[i].NICs[0].PublicIPAddress = id
		}
	}
	for i := range t.VNets {
		for j := range t.VNets[i].Subnets {
			switch s.n(5) {
			case 0:
				t.VNets[i].Subnets[j].NatGateway = fmt.Sprintf("nat%d", i)
			case 1:
				t.VNets[i].Subnets[j].DefaultOutboundAccess = new(bool)
			}
		}
	}
}

// seededTopology is randomTopology from 256 bytes of the PCG source
// (seed, stream).
func seededTopology(seed, stream uint64) model.Topology {
	r := rand.New(rand.NewPCG(seed, stream))
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return randomTopology(&byteSource{b})
}

// TestComputeEqualsPerPairRandom runs the oracle on 2,000 seeded random designs.
func TestComputeEqualsPerPairRandom(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 200
	}
	hits := 0
	for seed := range n {
		topo := seededTopology(uint64(seed), 7)
		opts := trace.Options{TagOnlyPeeringFlags: seed%3 == 0}
		hits += assertWalkerEqualsRun(t, dataplane.Build(&topo), opts)
	}
	if hits == 0 {
		t.Fatal("no suffix reused")
	}
}

// FuzzWalkerEqualsRun: on any random design, the shared-suffix matrix equals
// one full walk per cell.
func FuzzWalkerEqualsRun(f *testing.F) {
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		topo := randomTopology(&byteSource{b})
		opts := trace.Options{TagOnlyPeeringFlags: len(b)%2 == 1}
		assertWalkerEqualsRun(t, dataplane.Build(&topo), opts)
	})
}

// TestWalkerHopLimit: a suffix short enough for one walk must not be reused
// by a walk that reaches it too deep to stay under trace.MaxHops. Forty NVAs
// form a chain towards z; a joins it at NVA 20 (delivered), b at NVA 1
// (more than MaxHops: Loop). a's walk memoizes NVA 20's suffix first.
func TestWalkerHopLimit(t *testing.T) {
	const chain = 40
	v := model.VNet{ID: "v", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}}
	var topo model.Topology
	toward := func(id string, nva int) {
		topo.RouteTables = append(topo.RouteTables, model.RouteTable{ID: id, Routes: []model.Route{{Name: "z", AddressPrefix: "10.0.99.0/24",
			NextHopType: model.HopVirtualAppliance, NextHopIPAddress: fmt.Sprintf("10.0.%d.4", nva)}}})
	}
	for i := range chain {
		sn := model.Subnet{Name: fmt.Sprintf("s%02d", i), AddressPrefix: fmt.Sprintf("10.0.%d.0/24", i)}
		if i+1 < chain {
			sn.RouteTable = fmt.Sprintf("rt%02d", i)
			toward(sn.RouteTable, i+1)
		}
		v.Subnets = append(v.Subnets, sn)
		topo.VMs = append(topo.VMs, model.VM{ID: fmt.Sprintf("nva%02d", i), GuestIPForwarding: true,
			NICs: []model.NIC{{Name: "n", Subnet: "v/" + sn.Name, PrivateIPAddress: fmt.Sprintf("10.0.%d.4", i), EnableIPForwarding: true}}})
	}
	toward("to-20", 20)
	toward("to-1", 1)
	v.Subnets = append(v.Subnets,
		model.Subnet{Name: "a", AddressPrefix: "10.0.50.0/24", RouteTable: "to-20"},
		model.Subnet{Name: "b", AddressPrefix: "10.0.51.0/24", RouteTable: "to-1"},
		model.Subnet{Name: "z", AddressPrefix: "10.0.99.0/24"})
	topo.VNets = []model.VNet{v}
	for _, vm := range []struct{ id, sn, ip string }{{"a", "a", "10.0.50.4"}, {"b", "b", "10.0.51.4"}, {"z", "z", "10.0.99.4"}} {
		topo.VMs = append(topo.VMs, model.VM{ID: vm.id, NICs: []model.NIC{{Name: "n", Subnet: "v/" + vm.sn, PrivateIPAddress: vm.ip}}})
	}
	p := dataplane.Build(&topo)
	assertWalkerEqualsRun(t, p, trace.Options{})
	m := reach.Compute(p, trace.Flow{})
	want := map[string]trace.Disposition{"a/n": trace.Delivered, "b/n": trace.Loop}
	for _, c := range m.All() {
		if d, ok := want[c.From]; ok && c.To == "z/n" && c.Disposition != d {
			t.Errorf("%s → z: %v (%s), want %v", c.From, c.Disposition, c.Reason, d)
		}
	}
}

// Class sharing (engine/reach/classes.go): the matrix answers most cells
// from legs — one move of a packet from a source class (NICs with the same
// subnet and NIC NSG) towards a destination column — shared by every
// source of the class, every walk through an appliance of the class and
// every return walk; the rest are walked in full. Its oracle is one full,
// independent walk per cell (trace.RunWith): disposition, reason and Deps.

// assertClassesEqualPerCell compares the class-sharing matrices of p
// (reach.ComputeTracked, with Deps, and reach.ComputeWith) with one
// trace.RunWith per cell, and returns how ComputeTracked answered its cells
// so callers can check that legs answered some.
func assertClassesEqualPerCell(t *testing.T, p *dataplane.Plane, flow trace.Flow, opts trace.Options) reach.Sharing {
	t.Helper()
	tr := reach.ComputeTracked(p, flow, opts)
	plain := reach.ComputeWith(p, flow, opts)
	m := tr.Matrix
	if m.Len() == 0 && plain.Len() == 0 {
		return tr.Sharing() // a design without two endpoints: nothing to compare
	}
	if !reflect.DeepEqual(m, plain) {
		t.Fatalf("ComputeTracked and ComputeWith differ (%d vs %d cells)", m.Len(), plain.Len())
	}
	seen := map[[2]string]bool{}
	for _, from := range m.Rows {
		for _, to := range m.Cols {
			if to != from {
				seen[[2]string{from, to}] = true
			}
		}
	}
	if len(seen) != m.Len() {
		t.Fatalf("%d cells for %d pairs", m.Len(), len(seen))
	}
	for i, c := range m.All() {
		f := flow
		f.Src, f.DstIP = c.From, trace.InternetProbe()
		if c.To != reach.Internet {
			_, f.DstIP, _ = p.Endpoint(c.To)
		}
		run := trace.RunWith(p, f, opts)
		disp, reason := run.Disposition, run.Reason
		if p.SpacesOverlap() { // a walk to c.To's address may land on another NIC with it (rule:address-space.private-ip-per-vnet)
			disp, reason = reach.Landed(p, run, c.To)
		}
		if !seen[[2]string{c.From, c.To}] || c.Disposition != disp || c.Reason != reason {
			t.Fatalf("cell %d %s → %s: classes %v %q, per cell %v %q", i, c.From, c.To, c.Disposition, c.Reason, disp, reason)
		}
		if got, want := tr.CellDeps(i), run.Deps(); !reflect.DeepEqual(got, want) {
			t.Fatalf("cell %d %s → %s: Deps differ:\nclasses  %+v\nper cell %+v", i, c.From, c.To, got, want)
		}
	}
	s := tr.Sharing()
	if s.Fast+s.Walked != m.Len() {
		t.Fatalf("sharing counts %+v for %d cells", s, m.Len())
	}
	return s
}

// TestClassesEqualPerCellScenarios runs the class-sharing oracle on every
// built-in scenario, with nothing failed and each component failed alone,
// under both peering-flag readings and two flows; legs must answer cells,
// and some class must hold several NICs.
func TestClassesEqualPerCellScenarios(t *testing.T) {
	var total reach.Sharing
	shared := 0
	for _, sc := range scenarios.All() {
		t.Run(sc.Name, func(t *testing.T) {
			a, err := engine.Load(sc.JSON, scenario.Strict)
			if err != nil {
				t.Fatal(err)
			}
			cases := [][]model.Failure{nil}
			for _, c := range whatif.Components(a.Doc) {
				cases = append(cases, []model.Failure{c.Failure})
			}
			for _, fs := range cases {
				p := dataplane.Build(&a.Doc.Topology, dataplane.WithFailures(fs))
				for k, opts := range []trace.Options{{}, {TagOnlyPeeringFlags: true}} {
					flow := trace.Flow{}
					if k == 1 {
						flow = trace.Flow{Protocol: "Udp", DstPort: 22}
					}
					s := assertClassesEqualPerCell(t, p, flow, opts)
					total.Fast += s.Fast
					total.Walked += s.Walked
					if s.Classes < s.NICs {
						shared++
					}
				}
			}
		})
	}
	if total.Fast == 0 || total.Walked == 0 || shared == 0 {
		t.Fatalf("the scenarios do not exercise class sharing: %+v, %d matrices with a shared class", total, shared)
	}
}

// TestClassesEqualPerCellHairpin: cells whose destination is a public
// address of the design come back in through it (rule:internet-edge.hairpin),
// which legs do not answer: a NIC in a VNet with a public address space
// whose address is also a public IP (other VNets reach it over their
// Internet route), and an Internet column whose probe address the design
// owns. The matrices must equal a full walk per cell.
func TestClassesEqualPerCellHairpin(t *testing.T) {
	vnet := func(id, prefix string) model.VNet {
		return model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{prefix}}, Subnets: []model.Subnet{{Name: "s", AddressPrefix: prefix}}}
	}
	nic := func(vm, subnet, ip, pip string) model.VM {
		return model.VM{ID: vm, NICs: []model.NIC{{Name: "nic0", Subnet: subnet, PrivateIPAddress: ip, PublicIPAddress: pip}}}
	}
	topo := model.Topology{
		VNets: []model.VNet{vnet("a", "10.0.0.0/24"), vnet("pub", "198.51.100.0/24")},
		VMs:   []model.VM{nic("a1", "a/s", "10.0.0.4", "pip-a1"), nic("a2", "a/s", "10.0.0.5", ""), nic("p1", "pub/s", "198.51.100.10", "")},
		PublicIPAddresses: []model.PublicIPAddress{
			{ID: "pip-a1", Sku: model.Sku{Name: model.SkuBasic}, IPAddress: "198.51.100.10"}, // p1's address: a2 → p1 comes back in to a1
			{ID: "pip-probe", Sku: model.Sku{Name: model.SkuBasic}, IPAddress: trace.InternetProbe().String()},
		},
	}
	topo.VMs[1].NICs[0].PublicIPAddress = "pip-probe" // the Internet column comes back in to a2
	p := dataplane.Build(&topo)
	for _, opts := range []trace.Options{{}, {TagOnlyPeeringFlags: true}} {
		assertClassesEqualPerCell(t, p, trace.Flow{}, opts)
	}
	if tr := trace.RunWith(p, trace.Flow{Src: "a2/nic0", DstIP: netip.MustParseAddr("198.51.100.10")}, trace.Options{}); tr.Disposition != trace.Delivered {
		t.Fatalf("a2 → 198.51.100.10: %s (%s), want Delivered (back in through pip-a1, Basic, open)", tr.Disposition, tr.Reason)
	}
}

// TestClassesEqualPerCellGenerated runs it on the generated designs, before
// and after each benchmark edit, and on the benchmark designs at 20 spokes:
// legs must answer cells, at 20 spokes most of them (the others are the
// Internet and hybrid endpoints' rows and columns).
func TestClassesEqualPerCellGenerated(t *testing.T) {
	designs := oracleDesigns()
	for _, kind := range gen.Kinds() {
		topo, err := gen.Generate(kind, gen.Params{N: 20, Prefixes: 100, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		designs[kind+"-20"] = topo
	}
	for name, topo := range designs {
		t.Run(name, func(t *testing.T) {
			s := assertClassesEqualPerCell(t, dataplane.Build(&topo), trace.Flow{}, trace.Options{})
			if s.Fast == 0 || strings.HasSuffix(name, "-20") && s.Fast*10 < (s.Fast+s.Walked)*7 {
				t.Errorf("only %d of %d cells from legs (%+v)", s.Fast, s.Fast+s.Walked, s)
			}
			for _, e := range edits {
				after := cloneForEdit(topo)
				fs := e.apply(&after)
				assertClassesEqualPerCell(t, dataplane.Build(&after, dataplane.WithFailures(fs)), trace.Flow{}, trace.Options{})
			}
		})
	}
}

// TestClassesAnswerEndedWalks checks that walks ended by a leg are
// answered from legs, at the 20-spoke hub and spoke design: with the hub
// NVA failed (the spokes' routes to it find no NIC), with the spokes'
// 10.0.0.0/8 sent to the Internet (each NIC's egress) and with it sent to
// an appliance no spoke can reach. Each matrix equals one walk per cell
// (assertClassesEqualPerCell), and legs answer at least 70% of the cells:
// walked in full, a 500-spoke design took 0.5-1.1 s an edit.
func TestClassesAnswerEndedWalks(t *testing.T) {
	base, err := gen.Generate("hubspoke", gen.Params{N: 20, Prefixes: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	spokes := func(t *model.Topology, hop, ip string) {
		for i := range t.RouteTables {
			if t.RouteTables[i].ID == "rt-spokes" {
				rt := &t.RouteTables[i]
				rt.Routes = append(rt.Routes[:len(rt.Routes):len(rt.Routes)], model.Route{Name: "edit", AddressPrefix: "10.0.0.0/8", NextHopType: hop, NextHopIPAddress: ip})
				return
			}
		}
		panic("no rt-spokes")
	}
	for _, c := range []struct {
		name  string
		edit  func(t *model.Topology)
		fails []model.Failure
		disp  trace.Disposition
	}{
		{"hub NVA failed", func(*model.Topology) {}, []model.Failure{{Kind: model.ApplianceDown, Target: "hub-nva"}}, trace.DroppedNoHost},
		{"10/8 to the Internet", func(t *model.Topology) { spokes(t, model.HopInternet, "") }, nil, trace.ExitsToInternet},
		{"10/8 to an appliance out of reach", func(t *model.Topology) { spokes(t, model.HopVirtualAppliance, "10.250.1.4") }, nil, trace.DroppedApplianceUnreachable},
		{"10/8 to None", func(t *model.Topology) { spokes(t, model.HopNone, "") }, nil, trace.DroppedByNoneRoute},
	} {
		t.Run(c.name, func(t *testing.T) {
			topo := cloneForEdit(base)
			c.edit(&topo)
			p := dataplane.Build(&topo, dataplane.WithFailures(c.fails))
			s := assertClassesEqualPerCell(t, p, trace.Flow{}, trace.Options{})
			if s.Fast*10 < (s.Fast+s.Walked)*7 {
				t.Errorf("only %d of %d cells from legs (%+v)", s.Fast, s.Fast+s.Walked, s)
			}
			m := reach.Compute(p, trace.Flow{})
			n := 0
			for i := range m.Len() {
				if m.Cell(i).Disposition == c.disp {
					n++
				}
			}
			if n*2 < m.Len() {
				t.Errorf("%d of %d cells are %v: the edit did not end most walks", n, m.Len(), c.disp)
			}
		})
	}
}

// TestClassesAnswerRepliesThatEnd: a request delivered whose reply ends
// on its way back (half the spokes send 10/8 to the Internet or to None,
// so the other half's requests to them are DroppedOnReturn) is answered
// from legs as trace.Run words it, adding no walked cell to the design's.
func TestClassesAnswerRepliesThatEnd(t *testing.T) {
	base, err := gen.Generate("hubspoke", gen.Params{N: 20, Prefixes: 100, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	before := assertClassesEqualPerCell(t, dataplane.Build(&base), trace.Flow{}, trace.Options{})
	for _, hop := range []string{model.HopInternet, model.HopNone} {
		t.Run(hop, func(t *testing.T) {
			topo := cloneForEdit(base)
			topo.RouteTables = append(topo.RouteTables, model.RouteTable{ID: "rt-half", Routes: []model.Route{{Name: "back", AddressPrefix: "10.0.0.0/8", NextHopType: hop}}})
			half := 0
			for i := range topo.VNets {
				v := &topo.VNets[i]
				if !strings.HasPrefix(v.ID, "spoke") || i%2 == 0 {
					continue
				}
				v.Subnets = slices.Clone(v.Subnets)
				for k := range v.Subnets {
					if v.Subnets[k].RouteTable == "rt-spokes" {
						v.Subnets[k].RouteTable = "rt-half"
					}
				}
				half++
			}
			p := dataplane.Build(&topo)
			s := assertClassesEqualPerCell(t, p, trace.Flow{}, trace.Options{})
			if s.Walked > before.Walked {
				t.Errorf("%d cells walked in full, %d before the edit (%+v)", s.Walked, before.Walked, s)
			}
			m := reach.Compute(p, trace.Flow{})
			n := 0
			for i := range m.Len() {
				if c := m.Cell(i); c.Disposition == trace.DroppedOnReturn && strings.HasPrefix(c.Reason, "the reply does not come back: ") {
					n++
				}
			}
			if half == 0 || n < half*half/2 {
				t.Errorf("%d cells DroppedOnReturn with %d spokes on rt-half: the edit did not drop replies", n, half)
			}
		})
	}
}

// seededInput is 256 seeded random bytes, the input of
// TestClassesEqualPerCellRandom's design number seed (and seeds of
// FuzzReachClasses).
func seededInput(seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 11))
	b := make([]byte, 256)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// TestClassesEqualPerCellRandom runs it on 2,000 seeded random designs
// (fuzzDesign: NVAs, UDRs, NSGs on subnets and NICs sharing a subnet,
// peering flags, gateways and sites) with random flows; some must share
// legs across VNets (spans).
func TestClassesEqualPerCellRandom(t *testing.T) {
	n := 2000
	if testing.Short() {
		n = 300
	}
	var total reach.Sharing
	for seed := range n {
		s := &byteSource{seededInput(uint64(seed))}
		topo := fuzzDesign(s)
		flow, opts := fuzzFlow(s)
		got := assertClassesEqualPerCell(t, dataplane.Build(&topo), flow, opts)
		total.Fast += got.Fast
		total.Walked += got.Walked
		total.Spans += got.Spans
		total.SpanClasses += got.SpanClasses
	}
	if total.Fast == 0 || total.Walked == 0 || total.Spans == 0 {
		t.Fatalf("random designs do not exercise both paths and spans: %+v", total)
	}
}
