package canvas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// Designs for the scale tests and benchmarks of issue 11: every shape that
// used to make opening a scene super-linear, and a generator of small random
// designs for the oracle tests and the fuzz targets.

func newDoc() *scenario.Document {
	return &scenario.Document{Format: scenario.Format, Version: scenario.Latest}
}

// plainVNet is VNet number i with a /24 of its own and the given subnets.
func plainVNet(id string, i, subnets int) model.VNet {
	v := model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.%d.0/24", i/256%256, i%256)}}}
	for s := range subnets {
		v.Subnets = append(v.Subnets, model.Subnet{Name: fmt.Sprintf("s%d", s), AddressPrefix: fmt.Sprintf("10.%d.%d.0/24", s/256%256, s%256)})
	}
	return v
}

func vnetID(i int) string { return fmt.Sprintf("vnet%05d", i) }

// bareDesign is n VNets with no peerings and no layout (the share link of
// issue 11).
func bareDesign(n int) *scenario.Document {
	doc := newDoc()
	for i := range n {
		doc.Topology.VNets = append(doc.Topology.VNets, plainVNet(vnetID(i), i, 0))
	}
	return doc
}

// chainDesign is n VNets peered in one chain: vnet0 – vnet1 – … – vnet(n-1).
func chainDesign(n int) *scenario.Document {
	doc := bareDesign(n)
	for i := 1; i < n; i++ {
		a, b := vnetID(i-1), vnetID(i)
		doc.Topology.Peerings = append(doc.Topology.Peerings, model.Peering{ID: a + "-" + b, A: model.PeeringLink{VNet: a}, B: model.PeeringLink{VNet: b}})
	}
	return doc
}

// bigVNetDesign is one VNet with the given number of subnets.
func bigVNetDesign(subnets int) *scenario.Document {
	doc := newDoc()
	doc.Topology.VNets = []model.VNet{plainVNet("big", 0, subnets)}
	return doc
}

// samePointDesign is n VNets all saved at the same point.
func samePointDesign(n int) *scenario.Document {
	doc := bareDesign(n)
	doc.Layout = &scenario.Layout{Nodes: map[string]scenario.Point{}}
	for _, v := range doc.Topology.VNets {
		doc.Layout.Nodes[v.ID] = scenario.Point{X: 240, Y: 240}
	}
	return doc
}

// columnDesign is n bare VNets saved in one column, 28 units apart: a VNet
// pushed down by the one above it pushes the next, down to the last.
func columnDesign(n int) *scenario.Document {
	doc := bareDesign(n)
	doc.Layout = &scenario.Layout{Nodes: map[string]scenario.Point{}}
	for i, v := range doc.Topology.VNets {
		doc.Layout.Nodes[v.ID] = scenario.Point{X: 0, Y: float64(i) * 96}
	}
	return doc
}

// stairsDesign is n VNets saved as a staircase of small steps: each
// overlaps dozens of its neighbours, and no two are at the same point.
func stairsDesign(n int) *scenario.Document {
	doc := bareDesign(n)
	doc.Layout = &scenario.Layout{Nodes: map[string]scenario.Point{}}
	for i, v := range doc.Topology.VNets {
		doc.Layout.Nodes[v.ID] = scenario.Point{X: float64(i%1000) * 5, Y: float64(i) * 3}
	}
	return doc
}

// wildDesign is n VNets (a peering chain) of which every other has a saved
// position that BuildScene must not use: NaN, ±Inf, beyond MaxCoord.
func wildDesign(n int) *scenario.Document {
	doc := chainDesign(n)
	doc.Layout = &scenario.Layout{Nodes: map[string]scenario.Point{}}
	wild := []float64{math.NaN(), math.Inf(1), math.Inf(-1), 1e300, -1e300, 2 * MaxCoord, math.MaxFloat64}
	for i, v := range doc.Topology.VNets {
		if i%2 == 0 {
			doc.Layout.Nodes[v.ID] = scenario.Point{X: wild[i%len(wild)], Y: wild[(i/2)%len(wild)]}
		}
	}
	doc.Layout.Nodes["Internet"] = scenario.Point{X: math.NaN(), Y: 0}
	return doc
}

// randomDesign is a small random design exercising everything BuildScene
// draws: VNets with subnets (some the special ones), random peerings (some
// dangling, to self or repeated), route tables and NSGs, VMs and NVAs, load
// balancers, gateways (some without their subnet), Route Servers peered
// with NVAs, sites with hosts and local network gateways, circuits,
// connections and P2S pools; and saved positions for some of the top-level
// nodes, on or off the grid, some overlapping. VNet ids are unique and
// non-empty unless odd is set (then one VNet may have the empty id).
func randomDesign(r *rand.Rand, maxVNets int, odd bool) *scenario.Document {
	doc := newDoc()
	t := &doc.Topology
	n := r.IntN(maxVNets + 1)
	ids := r.Perm(4 * (n + 1))
	for i := range n {
		id := fmt.Sprintf("v%d", ids[i])
		if odd && i == 0 && r.IntN(4) == 0 {
			id = ""
		}
		v := plainVNet(id, i, r.IntN(4))
		if r.IntN(5) == 0 {
			v.Subnets = append(v.Subnets, model.Subnet{Name: model.GatewaySubnet, AddressPrefix: "10.255.0.0/27"})
		}
		if r.IntN(8) == 0 {
			v.Subnets = append(v.Subnets, model.Subnet{Name: model.RouteServerSubnet, AddressPrefix: "10.255.1.0/27"})
		}
		t.VNets = append(t.VNets, v)
	}
	vnet := func() string {
		if n == 0 || r.IntN(20) == 0 {
			return "ghost"
		}
		return t.VNets[r.IntN(n)].ID
	}
	subnet := func() string {
		v := vnet()
		for _, x := range t.VNets {
			if x.ID == v && len(x.Subnets) > 0 {
				return v + "/" + x.Subnets[r.IntN(len(x.Subnets))].Name
			}
		}
		return v + "/none"
	}
	addPeerings(r, t, n, vnet)
	nrt, nnsg := r.IntN(n/3+2), r.IntN(n/3+2)
	for i := range nrt {
		t.RouteTables = append(t.RouteTables, model.RouteTable{ID: fmt.Sprintf("rt%d", i), Routes: make([]model.Route, r.IntN(3))})
	}
	for i := range nnsg {
		t.NSGs = append(t.NSGs, model.NSG{ID: fmt.Sprintf("nsg%d", i), SecurityRules: make([]model.SecurityRule, r.IntN(3))})
	}
	for vi := range t.VNets {
		for si := range t.VNets[vi].Subnets {
			if r.IntN(3) == 0 {
				t.VNets[vi].Subnets[si].RouteTable = fmt.Sprintf("rt%d", r.IntN(nrt+1))
			}
			if r.IntN(3) == 0 {
				t.VNets[vi].Subnets[si].NetworkSecurityGroup = fmt.Sprintf("nsg%d", r.IntN(nnsg+1))
			}
		}
	}
	var ips []string
	for i := range r.IntN(n + 2) {
		vm := model.VM{ID: fmt.Sprintf("vm%d", i)}
		for k := range 1 + r.IntN(2) {
			ip := fmt.Sprintf("10.1.%d.%d", i%200, k+4)
			nic := model.NIC{Name: fmt.Sprintf("nic%d", k), Subnet: subnet(), PrivateIPAddress: ip, EnableIPForwarding: r.IntN(3) == 0}
			if r.IntN(4) == 0 {
				nic.NetworkSecurityGroup = fmt.Sprintf("nsg%d", r.IntN(nnsg+1))
			}
			vm.NICs = append(vm.NICs, nic)
			ips = append(ips, ip)
		}
		t.VMs = append(t.VMs, vm)
	}
	for i := range r.IntN(3) {
		t.LoadBalancers = append(t.LoadBalancers, model.LoadBalancer{ID: fmt.Sprintf("lb%d", i), Subnet: subnet(), FrontendPrivateIPAddress: "10.9.9.9"})
	}
	addHybrid(r, t, vnet, ips)
	addInternetEdge(r, t)
	if r.IntN(4) > 0 {
		doc.Layout = &scenario.Layout{Nodes: randomPositions(r, doc)}
	}
	return doc
}

// addInternetEdge adds public IPs, NAT gateways on some subnets, public IPs
// on some NICs, and public load balancers whose pools and inbound NAT rules
// name VMs, NICs or nothing; some references dangle (one id past the last
// public IP or NAT gateway).
func addInternetEdge(r *rand.Rand, t *model.Topology) {
	npip, nnat := r.IntN(4), r.IntN(3)
	pip := func() string { return fmt.Sprintf("pip%d", r.IntN(npip+1)) }
	for i := range npip {
		p := model.PublicIPAddress{ID: fmt.Sprintf("pip%d", i), IPAddress: fmt.Sprintf("198.51.100.%d", i+1)}
		if r.IntN(4) == 0 {
			p.Sku.Name = model.SkuBasic
		}
		t.PublicIPAddresses = append(t.PublicIPAddresses, p)
	}
	for i := range nnat {
		g := model.NatGateway{ID: fmt.Sprintf("nat%d", i)}
		for range r.IntN(3) {
			g.PublicIPAddresses = append(g.PublicIPAddresses, pip())
		}
		t.NatGateways = append(t.NatGateways, g)
	}
	var backends []string
	for vi := range t.VMs {
		vm := &t.VMs[vi]
		backends = append(backends, vm.ID)
		for ni := range vm.NICs {
			backends = append(backends, vm.ID+"/"+vm.NICs[ni].Name)
			if r.IntN(4) == 0 {
				vm.NICs[ni].PublicIPAddress = pip()
			}
		}
	}
	backends = append(backends, "nobody")
	for vi := range t.VNets {
		for si := range t.VNets[vi].Subnets {
			if r.IntN(4) == 0 {
				t.VNets[vi].Subnets[si].NatGateway = fmt.Sprintf("nat%d", r.IntN(nnat+1))
			}
		}
	}
	for i := range r.IntN(3) {
		lb := model.LoadBalancer{ID: fmt.Sprintf("plb%d", i), FrontendIPConfigurations: []model.FrontendIPConfiguration{{Name: "fe", PublicIPAddress: pip()}}}
		pool := model.BackendAddressPool{Name: "pool"}
		for range r.IntN(3) {
			pool.Backends = append(pool.Backends, backends[r.IntN(len(backends))])
		}
		lb.BackendAddressPools = []model.BackendAddressPool{pool}
		for k := range r.IntN(2) {
			lb.InboundNatRules = append(lb.InboundNatRules, model.InboundNatRule{Name: fmt.Sprintf("nat%d", k), FrontendIPConfiguration: "fe",
				Protocol: model.ProtoTcp, FrontendPort: 50000 + k, BackendPort: 22, BackendIPConfiguration: backends[r.IntN(len(backends))]})
		}
		t.LoadBalancers = append(t.LoadBalancers, lb)
	}
}

// addPeerings peers random pairs: some to a missing VNet, to itself, or
// twice.
func addPeerings(r *rand.Rand, t *model.Topology, n int, vnet func() string) {
	hub := vnet()
	for i := range r.IntN(2*n + 1) {
		a, b := vnet(), vnet()
		if r.IntN(3) == 0 {
			a = hub // a hub makes the most-peered root matter
		}
		p := model.Peering{ID: fmt.Sprintf("p%d", i), A: model.PeeringLink{VNet: a}, B: model.PeeringLink{VNet: b}}
		if r.IntN(6) == 0 {
			p.A.Lifecycle = model.LinkNotCreated
		}
		t.Peerings = append(t.Peerings, p)
	}
}

// addHybrid adds gateways, Route Servers, sites, local network gateways,
// circuits, connections and P2S pools.
func addHybrid(r *rand.Rand, t *model.Topology, vnet func() string, ips []string) {
	for i := range r.IntN(4) {
		g := model.VirtualNetworkGateway{ID: fmt.Sprintf("gw%d", i), VNet: vnet(), GatewayType: "Vpn", VpnType: "RouteBased", Sku: "VpnGw1"}
		if r.IntN(3) == 0 {
			g.GatewayType, g.VpnType, g.Sku = "ExpressRoute", "", "Standard"
		}
		if r.IntN(3) == 0 {
			g.VpnClientConfiguration = &model.VpnClientConfiguration{VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{"172.16.0.0/24"}},
				Clients: []model.P2SClient{{ID: "c1", IPAddress: "172.16.0.2"}}}
		}
		t.Gateways = append(t.Gateways, g)
	}
	for i := range r.IntN(3) {
		rs := model.RouteServer{ID: fmt.Sprintf("rs%d", i), VNet: vnet()}
		for k := range r.IntN(4) {
			ip := "10.7.7.7"
			if len(ips) > 0 && r.IntN(4) > 0 {
				ip = ips[r.IntN(len(ips))]
			}
			rs.BgpConnections = append(rs.BgpConnections, model.RouteServerPeer{Name: fmt.Sprintf("peer%d", k), PeerIP: ip, PeerAsn: 65001})
		}
		t.RouteServers = append(t.RouteServers, rs)
	}
	nsites := r.IntN(4)
	site := func() string { return fmt.Sprintf("site%d", r.IntN(nsites+1)) }
	for i := range nsites {
		s := model.Site{ID: fmt.Sprintf("site%d", i), AddressPrefixes: []string{"192.168.0.0/24"}}
		for k := range r.IntN(3) {
			s.Hosts = append(s.Hosts, model.Host{ID: fmt.Sprintf("h%d", k), IPAddress: fmt.Sprintf("192.168.0.%d", k+4)})
		}
		t.Sites = append(t.Sites, s)
	}
	for i := range r.IntN(5) {
		t.LocalNetworkGateways = append(t.LocalNetworkGateways, model.LocalNetworkGateway{ID: fmt.Sprintf("lng%d", r.IntN(8)*10+i), Site: site(), GatewayIPAddress: "203.0.113.1"})
	}
	for i := range r.IntN(3) {
		c := model.ExpressRouteCircuit{ID: fmt.Sprintf("er%d", i), Site: site(), PeerASN: 65100}
		if r.IntN(2) == 0 {
			c.GlobalReach = []string{"er0", "er1", "er2"}
		}
		t.Circuits = append(t.Circuits, c)
	}
	for i := range r.IntN(4) {
		c := model.Connection{ID: fmt.Sprintf("conn%d", i), ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: fmt.Sprintf("gw%d", r.IntN(4)), LocalNetworkGateway2: fmt.Sprintf("lng%d", r.IntN(40))}
		switch r.IntN(3) {
		case 1:
			c.ConnectionType, c.LocalNetworkGateway2, c.VirtualNetworkGateway2 = model.ConnVnet2Vnet, "", fmt.Sprintf("gw%d", r.IntN(4))
		case 2:
			c.ConnectionType, c.LocalNetworkGateway2, c.Peer, c.RoutingWeight = model.ConnExpressRoute, "", fmt.Sprintf("er%d", r.IntN(3)), r.IntN(2)*10
		}
		t.Connections = append(t.Connections, c)
	}
}

// randomPositions saves positions for some of the top-level nodes: near
// each other (so that some overlap), on the grid or not.
func randomPositions(r *rand.Rand, doc *scenario.Document) map[string]scenario.Point {
	out := map[string]scenario.Point{}
	keys := make([]string, 0, len(LayoutKeys(&doc.Topology)))
	for k := range LayoutKeys(&doc.Topology) {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	share := r.Float64()
	span := 200 + r.Float64()*4000
	for _, k := range keys {
		if r.Float64() >= share {
			continue
		}
		p := scenario.Point{X: math.Round(r.Float64()*span - span/4), Y: math.Round(r.Float64()*span - span/4)}
		if r.IntN(2) == 0 {
			p.X, p.Y = math.Round(p.X/Grid)*Grid, math.Round(p.Y/Grid)*Grid
		}
		out[k] = p
	}
	if r.IntN(4) == 0 {
		out["stale-id"] = scenario.Point{X: 1, Y: 2}
	}
	return out
}
