package engine_test

import (
	"fmt"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/trace"
)

// Gateway suffixes (engine/trace/gatewaymemo.go): a Walker walks the part
// of a walk from entering a gateway once per gateway and destination, and
// splices it into the other walks that enter it for that destination.

// withGatewayTransit is topo with every route table sending 10.1.0.0/16
// (the spokes) to VirtualNetworkGateway: spoke to spoke through the hub's
// VPN gateway.
func withGatewayTransit(topo model.Topology) model.Topology {
	topo = cloneForEdit(topo)
	for i := range topo.RouteTables {
		rt := &topo.RouteTables[i]
		rt.Routes = append(rt.Routes[:len(rt.Routes):len(rt.Routes)], model.Route{Name: "spokes", AddressPrefix: "10.1.0.0/16", NextHopType: model.HopVirtualNetworkGateway})
	}
	return topo
}

// TestGatewaySuffixesShared: with gateway transit, every walk between
// spokes enters the hub's VPN gateway; the Walker splices the gateway's
// part, and every cell (disposition, reason, Deps, return walk, path)
// equals RunWith's, with the circuit up and failed (the on-premises
// hosts' walks read the sites: Deps.BGP, never spliced).
// One spoke's subnets have an NSG: walks into it read it (Deps.Opaque),
// so its gateway suffixes are never spliced.
func TestGatewaySuffixesShared(t *testing.T) {
	topo := nsgOnFirstSpoke(withGatewayTransit(gen.HubSpokeScale(gen.Params{N: 6, Prefixes: 10, Seed: 5})))
	for _, fails := range [][]model.Failure{nil, {{Kind: model.CircuitDown, Target: topo.Circuits[0].ID}}} {
		p := dataplane.Build(&topo, dataplane.WithFailures(fails))
		assertWalkerEqualsRun(t, p, trace.Options{})
		w := trace.NewWalker(p, trace.Options{}, true)
		for _, c := range reach.ComputePerPair(p, trace.Flow{}, trace.Options{}).All() {
			f := trace.Flow{Src: c.From, DstIP: trace.InternetProbe()}
			if c.To != reach.Internet {
				_, f.DstIP, _ = p.Endpoint(c.To)
			}
			w.Run(f)
		}
		if w.GatewayHits == 0 {
			t.Fatalf("failures %v: no gateway suffix spliced", fails)
		}
		t.Logf("failures %v: %d gateway suffixes spliced", fails, w.GatewayHits)
	}
	assertClassesEqualPerCell(t, dataplane.Build(&topo), trace.Flow{}, trace.Options{})
}

// TestGatewaySuffixHopLimit: a gateway suffix short enough for one walk
// must not be spliced into a walk that enters the gateway too deep to stay
// under trace.MaxHops. One VNet with its own VPN gateway: GatewaySubnet
// sends z's range down a chain of 24 NVAs to z; a sends it to the gateway
// straight away (delivered), b through 10 NVAs first (more than MaxHops:
// Loop). a's walk memoizes the gateway's suffix first.
func TestGatewaySuffixHopLimit(t *testing.T) {
	const chain, before = 24, 10
	v := model.VNet{ID: "v", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
		Subnets: []model.Subnet{{Name: model.GatewaySubnet, AddressPrefix: "10.0.255.0/27", RouteTable: "gw"}}}
	topo := model.Topology{Gateways: []model.VirtualNetworkGateway{{ID: "vpngw", VNet: "v", GatewayType: model.GatewayVpn, Sku: "VpnGw1"}}}
	toward := func(id, hop string) {
		r := model.Route{Name: "z", AddressPrefix: "10.0.99.0/24", NextHopType: model.HopVirtualNetworkGateway}
		if hop != "" {
			r.NextHopType, r.NextHopIPAddress = model.HopVirtualAppliance, hop
		}
		topo.RouteTables = append(topo.RouteTables, model.RouteTable{ID: id, Routes: []model.Route{r}})
	}
	nva := func(name string, i int, table string) {
		sn := model.Subnet{Name: fmt.Sprintf("%s%02d", name, i), AddressPrefix: fmt.Sprintf("10.0.%d.0/24", i), RouteTable: table}
		v.Subnets = append(v.Subnets, sn)
		topo.VMs = append(topo.VMs, model.VM{ID: sn.Name, GuestIPForwarding: true,
			NICs: []model.NIC{{Name: "n", Subnet: "v/" + sn.Name, PrivateIPAddress: fmt.Sprintf("10.0.%d.4", i), EnableIPForwarding: true}}})
	}
	toward("gw", "10.0.0.4")
	for i := range chain { // c00 … c23 at 10.0.0–23.4, towards z
		table := ""
		if i+1 < chain {
			table = fmt.Sprintf("c%02d", i)
			toward(table, fmt.Sprintf("10.0.%d.4", i+1))
		}
		nva("c", i, table)
	}
	for i := range before { // p30 … p39 at 10.0.30–39.4, towards the gateway
		table := fmt.Sprintf("p%02d", 30+i)
		next := fmt.Sprintf("10.0.%d.4", 31+i)
		if i+1 == before {
			next = ""
		}
		toward(table, next)
		nva("p", 30+i, table)
	}
	toward("to-gw", "")
	toward("to-p", "10.0.30.4")
	v.Subnets = append(v.Subnets,
		model.Subnet{Name: "a", AddressPrefix: "10.0.50.0/24", RouteTable: "to-gw"},
		model.Subnet{Name: "b", AddressPrefix: "10.0.51.0/24", RouteTable: "to-p"},
		model.Subnet{Name: "z", AddressPrefix: "10.0.99.0/24"})
	topo.VNets = []model.VNet{v}
	for _, vm := range []struct{ id, sn, ip string }{{"a", "a", "10.0.50.4"}, {"b", "b", "10.0.51.4"}, {"z", "z", "10.0.99.4"}} {
		topo.VMs = append(topo.VMs, model.VM{ID: vm.id, NICs: []model.NIC{{Name: "n", Subnet: "v/" + vm.sn, PrivateIPAddress: vm.ip}}})
	}
	p := dataplane.Build(&topo)
	assertWalkerEqualsRun(t, p, trace.Options{})
	want := map[string]trace.Disposition{"a/n": trace.Delivered, "b/n": trace.Loop}
	for _, c := range reach.Compute(p, trace.Flow{}).All() {
		if d, ok := want[c.From]; ok && c.To == "z/n" && c.Disposition != d {
			t.Errorf("%s → z: %v (%s), want %v", c.From, c.Disposition, c.Reason, d)
		}
	}
	w := trace.NewWalker(p, trace.Options{}, true)
	_, z, _ := p.Endpoint("z/n")
	for _, src := range []string{"a/n", "p39/n"} { // p39 enters the gateway at its first hop: spliced
		w.Run(trace.Flow{Src: src, DstIP: z})
	}
	if w.GatewayHits == 0 {
		t.Fatal("no gateway suffix spliced: the design tests nothing")
	}
}

// nsgOnFirstSpoke is withNSG on the first VNet that is not the hub only.
func nsgOnFirstSpoke(t model.Topology) model.Topology {
	all := withNSG(t)
	t.NSGs = all.NSGs
	t.VNets = append([]model.VNet(nil), t.VNets...)
	for i := range t.VNets {
		if t.VNets[i].ID != "hub" {
			t.VNets[i] = all.VNets[i]
			break
		}
	}
	return t
}
