package bgp

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"vnetplay/engine/model"
)

// design builds a small random hybrid design from data: VNets with
// gateways, sites, IPsec/VNet-to-VNet/ExpressRoute connections, circuits
// with Global Reach, Route Servers with NVA peers, peerings with random
// transit flags, and random failures.
func design(data []byte) (model.Topology, []model.Failure) {
	i := 0
	next := func(n int) int {
		if n <= 0 {
			return 0
		}
		if i >= len(data) {
			return 0
		}
		i++
		return int(data[i-1]) % n
	}
	var t model.Topology
	nv := 1 + next(4)
	for v := range nv {
		id := fmt.Sprintf("v%d", v)
		vn := hub(id, fmt.Sprintf("10.%d.0.0/16", v), fmt.Sprintf("10.%d.255.0/27", v),
			model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: fmt.Sprintf("10.%d.254.0/26", v)},
			model.Subnet{Name: "nva", AddressPrefix: fmt.Sprintf("10.%d.1.0/24", v)})
		t.VNets = append(t.VNets, vn)
		if next(2) == 0 {
			t.Gateways = append(t.Gateways, vpn("vpn"+id, id, []uint32{65515, 65010, 65011}[next(3)], next(2) == 0))
			t.Gateways[len(t.Gateways)-1].EnableBgp = next(3) != 0
		}
		if next(2) == 0 {
			t.Gateways = append(t.Gateways, er("er"+id, id))
		}
		if next(3) == 0 {
			t.VMs = append(t.VMs, model.VM{ID: "nva" + id, GuestIPForwarding: true, NICs: []model.NIC{{Name: "nic0", Subnet: id + "/nva", PrivateIPAddress: fmt.Sprintf("10.%d.1.4", v), EnableIPForwarding: true}}})
			t.RouteServers = append(t.RouteServers, model.RouteServer{ID: "rs" + id, VNet: id, AllowBranchToBranchTraffic: next(2) == 0,
				BgpConnections: []model.RouteServerPeer{{Name: "p", PeerIP: fmt.Sprintf("10.%d.1.4", v), PeerAsn: uint32(65001 + next(3)),
					Advertise: []model.Advertisement{{Prefix: fmt.Sprintf("172.%d.0.0/16", 16+next(4)), AsPathPrepend: next(3)}, {Prefix: "0.0.0.0/0"}}}}})
		}
	}
	for a := range nv {
		for b := a + 1; b < nv; b++ {
			if next(2) == 0 {
				t.Peerings = append(t.Peerings, model.Peering{ID: fmt.Sprintf("p%d%d", a, b),
					A: model.PeeringLink{VNet: fmt.Sprintf("v%d", a), AllowGatewayTransit: next(2) == 0, UseRemoteGateways: next(3) == 0},
					B: model.PeeringLink{VNet: fmt.Sprintf("v%d", b), AllowGatewayTransit: next(2) == 0, UseRemoteGateways: next(3) == 0}})
			}
		}
	}
	ns := 1 + next(3)
	for s := range ns {
		id := fmt.Sprintf("s%d", s)
		st := site(id, uint32(65100+next(3)), fmt.Sprintf("192.168.%d.0/24", s))
		st.AdvertisedPrefixes = []string{fmt.Sprintf("192.168.%d.0/24", s), fmt.Sprintf("192.168.%d.0/24", next(4)), "0.0.0.0/0", "10.0.0.0/8"}[:1+next(4)]
		t.Sites = append(t.Sites, st)
		t.LocalNetworkGateways = append(t.LocalNetworkGateways, lng("l"+id, id, st.Asn, fmt.Sprintf("192.168.%d.0/24", s)))
		t.Circuits = append(t.Circuits, circuit("c"+id, id, st.Asn))
	}
	for c := range len(t.Circuits) {
		if next(3) == 0 {
			t.Circuits[c].GlobalReach = []string{t.Circuits[next(len(t.Circuits))].ID}
		}
	}
	nc := next(8)
	for c := range nc {
		if len(t.Gateways) == 0 {
			break
		}
		g := t.Gateways[next(len(t.Gateways))]
		s := fmt.Sprintf("s%d", next(ns))
		id := fmt.Sprintf("k%d", c)
		switch {
		case g.GatewayType == model.GatewayExpressRoute:
			t.Connections = append(t.Connections, erConn(id, g.ID, "c"+s, next(3)*10))
		case next(3) == 0:
			o := t.Gateways[next(len(t.Gateways))]
			t.Connections = append(t.Connections,
				model.Connection{ID: id, ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: g.ID, VirtualNetworkGateway2: o.ID, EnableBgp: next(2) == 0},
				model.Connection{ID: id + "r", ConnectionType: model.ConnVnet2Vnet, VirtualNetworkGateway1: o.ID, VirtualNetworkGateway2: g.ID, EnableBgp: next(2) == 0})
		default:
			t.Connections = append(t.Connections, s2s(id, g.ID, "l"+s, next(2) == 0))
		}
	}
	var fails []model.Failure
	comps := model.Components(&t)
	for range next(3) {
		if len(comps) > 0 {
			fails = append(fails, comps[next(len(comps))].Failure)
		}
	}
	return t, fails
}

// render is a canonical text form of a result.
func render(r *Result) string {
	var b strings.Builder
	for _, s := range r.Speakers() {
		fmt.Fprintf(&b, "S %+v\n", s)
		for _, x := range r.RIB(s.ID) {
			fmt.Fprintf(&b, "  %s %s %s %s %s %v\n", x.Prefix, x.ASPathString(), x.Neighbor, x.Session, x.Reason, x.Multipath)
		}
		for _, n := range r.Neighbors(s.ID) {
			fmt.Fprintf(&b, "  N %s %v adv=%d rcv=%d\n", n.Session.ID, n.Session.Up, len(n.Advertised), len(n.Received))
		}
	}
	for _, v := range []string{"v0", "v1", "v2", "v3"} {
		for _, rt := range r.VNetRoutes(v) {
			fmt.Fprintf(&b, "R %s %s %s %s\n", v, rt.Prefix, rt.NextHopIP, rt.Origin)
		}
	}
	fmt.Fprintf(&b, "converged=%v diags=%v\n", r.Converged, r.Diagnostics)
	return b.String()
}

func shuffled(t model.Topology, seed uint64) model.Topology {
	r := rand.New(rand.NewPCG(seed, 7))
	sh := func(n int, swap func(i, j int)) { r.Shuffle(n, swap) }
	t.VNets = append([]model.VNet(nil), t.VNets...)
	sh(len(t.VNets), func(i, j int) { t.VNets[i], t.VNets[j] = t.VNets[j], t.VNets[i] })
	t.Peerings = append([]model.Peering(nil), t.Peerings...)
	sh(len(t.Peerings), func(i, j int) { t.Peerings[i], t.Peerings[j] = t.Peerings[j], t.Peerings[i] })
	t.Gateways = append([]model.VirtualNetworkGateway(nil), t.Gateways...)
	sh(len(t.Gateways), func(i, j int) { t.Gateways[i], t.Gateways[j] = t.Gateways[j], t.Gateways[i] })
	t.Sites = append([]model.Site(nil), t.Sites...)
	sh(len(t.Sites), func(i, j int) { t.Sites[i], t.Sites[j] = t.Sites[j], t.Sites[i] })
	t.LocalNetworkGateways = append([]model.LocalNetworkGateway(nil), t.LocalNetworkGateways...)
	sh(len(t.LocalNetworkGateways), func(i, j int) {
		t.LocalNetworkGateways[i], t.LocalNetworkGateways[j] = t.LocalNetworkGateways[j], t.LocalNetworkGateways[i]
	})
	t.Connections = append([]model.Connection(nil), t.Connections...)
	sh(len(t.Connections), func(i, j int) { t.Connections[i], t.Connections[j] = t.Connections[j], t.Connections[i] })
	t.Circuits = append([]model.ExpressRouteCircuit(nil), t.Circuits...)
	sh(len(t.Circuits), func(i, j int) { t.Circuits[i], t.Circuits[j] = t.Circuits[j], t.Circuits[i] })
	t.RouteServers = append([]model.RouteServer(nil), t.RouteServers...)
	sh(len(t.RouteServers), func(i, j int) { t.RouteServers[i], t.RouteServers[j] = t.RouteServers[j], t.RouteServers[i] })
	t.VMs = append([]model.VM(nil), t.VMs...)
	sh(len(t.VMs), func(i, j int) { t.VMs[i], t.VMs[j] = t.VMs[j], t.VMs[i] })
	return t
}

// FuzzCompute: on any design the computation terminates within MaxRounds,
// never panics, and does not depend on input order.
func FuzzCompute(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{3, 0, 1, 0, 0, 1, 1, 0, 0, 2, 1, 0, 0, 1, 5, 1, 2, 3, 4, 5, 6, 7})
	f.Add([]byte{1, 0, 1, 0, 0, 2, 0, 3, 7, 0, 0, 1, 1, 0, 0, 0, 2, 2, 2})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 256 {
			return
		}
		topo, fails := design(data)
		r := Compute(&topo, fails)
		if r.Rounds < 1 || r.Rounds > MaxRounds {
			t.Fatalf("rounds = %d", r.Rounds)
		}
		want := render(r)
		for seed := range uint64(2) {
			s := shuffled(topo, seed)
			if got := render(Compute(&s, fails)); got != want {
				t.Fatalf("result depends on input order (seed %d):\n%s\nwant:\n%s", seed, got, want)
			}
		}
	})
}

// TestShuffleRandomDesigns runs the order-independence check on many
// random designs without the fuzzer.
func TestShuffleRandomDesigns(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for n := range 150 {
		data := make([]byte, 64)
		for i := range data {
			data[i] = byte(r.IntN(256))
		}
		topo, fails := design(data)
		res := Compute(&topo, fails)
		if res.Rounds > MaxRounds {
			t.Fatalf("design %d: %d rounds", n, res.Rounds)
		}
		want := render(res)
		s := shuffled(topo, uint64(n))
		if got := render(Compute(&s, fails)); got != want {
			t.Fatalf("design %d depends on input order:\n%s\nwant:\n%s", n, got, want)
		}
	}
}
