package canvas

import (
	"fmt"
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

func builtins(t *testing.T) map[string]*scenario.Document {
	t.Helper()
	out := map[string]*scenario.Document{}
	for _, s := range scenarios.All() {
		doc, _, err := scenario.Decode(s.JSON, scenario.Strict)
		if err != nil {
			t.Fatalf("%s: %v", s.Name, err)
		}
		out[s.Name] = doc
	}
	if len(out) == 0 {
		t.Fatal("no built-in scenarios")
	}
	return out
}

// TestSceneGeometry checks, on every built-in scenario, what a reader of the
// canvas relies on: children inside their parents, top-level boxes apart,
// every resource drawn, edges starting and ending on their boxes.
func TestSceneGeometry(t *testing.T) {
	for name, doc := range builtins(t) {
		t.Run(name, func(t *testing.T) {
			s := BuildScene(doc)
			for _, n := range s.Nodes {
				if n.Box.W <= 0 || n.Box.H <= 0 {
					t.Errorf("%s has an empty box %v", n.Key, n.Box)
				}
				if n.Parent != "" {
					p, ok := s.Node(n.Parent)
					if !ok || !inside(n.Box, p.Box) {
						t.Errorf("%s %v is not inside its parent %s %v", n.Key, n.Box, n.Parent, p.Box)
					}
				}
			}
			var top []Node
			for _, n := range s.Nodes {
				if n.Parent == "" {
					top = append(top, n)
				}
			}
			for i := range top {
				for j := i + 1; j < len(top); j++ {
					if top[i].Box.Intersects(top[j].Box) {
						t.Errorf("%s %v overlaps %s %v", top[i].Key, top[i].Box, top[j].Key, top[j].Box)
					}
				}
			}
			topo := &doc.Topology
			want := 1 + len(topo.VNets) + len(topo.RouteTables) + len(topo.NSGs) + len(topo.LoadBalancers) +
				len(topo.PublicIPAddresses) + len(topo.NatGateways) +
				len(topo.PrivateEndpoints) + len(topo.PrivateDNSZones) + len(topo.DNSResolvers) + len(topo.DNSForwardingRulesets)
			for _, v := range topo.VNets {
				want += len(v.Subnets)
			}
			for _, vm := range topo.VMs {
				want += len(vm.NICs)
			}
			for _, r := range topo.DNSResolvers {
				want += len(r.InboundEndpoints) + len(r.OutboundEndpoints)
			}
			want += len(topo.Gateways) + len(topo.RouteServers) + len(topo.LocalNetworkGateways) + len(topo.Circuits)
			for _, site := range topo.Sites {
				want += 1 + len(site.Hosts)
			}
			for _, g := range topo.Gateways {
				if g.VpnClientConfiguration != nil {
					want += 1 + len(g.VpnClientConfiguration.Clients)
				}
			}
			if len(s.Nodes) != want {
				t.Errorf("%d nodes, want %d (Internet + every VNet, subnet, NIC, LB, route table, NSG, public IP, NAT gateway, private endpoint, DNS zone, resolver with its endpoints and ruleset, gateway, Route Server, site with its devices and hosts, circuit, P2S pool with its clients)", len(s.Nodes), want)
			}
			if len(s.Edges) < len(topo.Peerings)+len(topo.Connections)+len(topo.Circuits) {
				t.Errorf("%d edges for %d peerings, %d connections and %d circuits", len(s.Edges), len(topo.Peerings), len(topo.Connections), len(topo.Circuits))
			}
			if len(s.Edges) < len(topo.Peerings) {
				t.Errorf("%d edges for %d peerings", len(s.Edges), len(topo.Peerings))
			}
			for _, e := range s.Edges {
				from, _ := s.Node(e.From)
				to, _ := s.Node(e.To)
				if !onBorder(e.A, from.Box) || !onBorder(e.B, to.Box) {
					t.Errorf("edge %s: ends %v %v not on the borders of %v %v", e.Key, e.A, e.B, from.Box, to.Box)
				}
			}
		})
	}
}

func inside(in, out Rect) bool {
	return in.X >= out.X && in.Y >= out.Y && in.X+in.W <= out.X+out.W && in.Y+in.H <= out.Y+out.H
}

func onBorder(p Point, r Rect) bool {
	const eps = 1e-6
	onX := (abs(p.X-r.X) < eps || abs(p.X-r.X-r.W) < eps) && p.Y >= r.Y-eps && p.Y <= r.Y+r.H+eps
	onY := (abs(p.Y-r.Y) < eps || abs(p.Y-r.Y-r.H) < eps) && p.X >= r.X-eps && p.X <= r.X+r.W+eps
	return onX || onY
}

func abs(f float64) float64 {
	if f < 0 {
		return -f
	}
	return f
}

// TestSceneDeterministic: the same design in any input order gives the same
// scene (design-notes §1.7: no map order leaks out).
func TestSceneDeterministic(t *testing.T) {
	for name, doc := range builtins(t) {
		want := BuildScene(doc)
		r := rand.New(rand.NewPCG(1, 2))
		for i := range 5 {
			shuffled := *doc
			topo := doc.Topology
			topo.VNets = shuffle(r, topo.VNets)
			topo.Peerings = shuffle(r, topo.Peerings)
			topo.RouteTables = shuffle(r, topo.RouteTables)
			topo.NSGs = shuffle(r, topo.NSGs)
			topo.VMs = shuffle(r, topo.VMs)
			shuffled.Topology = topo
			if got := BuildScene(&shuffled); !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: shuffle %d changed the scene", name, i)
			}
		}
	}
}

func shuffle[T any](r *rand.Rand, in []T) []T {
	out := append([]T(nil), in...)
	r.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out
}

func hubSpoke(spokes int) *scenario.Document {
	doc := &scenario.Document{Format: scenario.Format, Version: scenario.Latest}
	doc.Topology.VNets = append(doc.Topology.VNets, model.VNet{ID: "hub", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
		Subnets: []model.Subnet{{Name: "fw", AddressPrefix: "10.0.1.0/24"}}})
	for i := 1; i <= spokes; i++ {
		id := fmt.Sprintf("spoke%d", i)
		doc.Topology.VNets = append(doc.Topology.VNets, model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.0.0/16", i)}}})
		doc.Topology.Peerings = append(doc.Topology.Peerings, model.Peering{ID: "hub-" + id, A: model.PeeringLink{VNet: "hub"}, B: model.PeeringLink{VNet: id}})
	}
	return doc
}

func TestAutoLayoutHubAndChain(t *testing.T) {
	s := BuildScene(hubSpoke(3))
	hub, _ := s.Node(Key(kinds.VNet, "hub"))
	for i := 1; i <= 3; i++ {
		sp, _ := s.Node(Key(kinds.VNet, fmt.Sprintf("spoke%d", i)))
		if sp.Box.X <= hub.Box.X+hub.Box.W {
			t.Errorf("spoke%d at x=%v is not in the column right of the hub (x=%v)", i, sp.Box.X, hub.Box.X)
		}
	}
	// Spokes are stacked in id order and the hub is centred on them.
	s1, _ := s.Node(Key(kinds.VNet, "spoke1"))
	s3, _ := s.Node(Key(kinds.VNet, "spoke3"))
	if !(s1.Box.Y < s3.Box.Y) {
		t.Errorf("spoke1 y=%v not above spoke3 y=%v", s1.Box.Y, s3.Box.Y)
	}
	mid := (s1.Box.Y + s3.Box.Y + s3.Box.H) / 2
	if c := hub.Box.Center().Y; abs(c-mid) > Grid {
		t.Errorf("hub centre y=%v, spokes' middle %v", c, mid)
	}
	for _, n := range s.Nodes {
		if n.Parent == "" && n.Kind == kinds.VNet && (n.Box.X/Grid != float64(int(n.Box.X/Grid)) || n.Box.Y/Grid != float64(int(n.Box.Y/Grid))) {
			t.Errorf("%s at %v is not on the grid", n.Key, n.Box)
		}
	}
}

// TestAutoLayoutWrapsBigHubs: the 100 spokes of a hub are laid out in
// several columns right of the hub, in a block about as wide as tall, with
// no two VNets overlapping; 8 spokes stay in one column.
func TestAutoLayoutWrapsBigHubs(t *testing.T) {
	for _, n := range []int{8, 100} {
		s := BuildScene(hubSpoke(n))
		hub, _ := s.Node(Key(kinds.VNet, "hub"))
		xs := map[float64]bool{}
		var spokes []Node
		for i := 1; i <= n; i++ {
			sp, _ := s.Node(Key(kinds.VNet, fmt.Sprintf("spoke%d", i)))
			if sp.Box.X <= hub.Box.X+hub.Box.W {
				t.Fatalf("%d spokes: spoke%d is not right of the hub", n, i)
			}
			xs[sp.Box.X] = true
			spokes = append(spokes, sp)
		}
		for i, a := range spokes {
			for _, b := range spokes[i+1:] {
				if a.Box.X < b.Box.X+b.Box.W && b.Box.X < a.Box.X+a.Box.W && a.Box.Y < b.Box.Y+b.Box.H && b.Box.Y < a.Box.Y+a.Box.H {
					t.Fatalf("%d spokes: %s and %s overlap", n, a.Key, b.Key)
				}
			}
		}
		if n <= wrapAfter && len(xs) != 1 {
			t.Errorf("%d spokes in %d columns, want 1", n, len(xs))
		}
		if n > wrapAfter {
			b := s.Bounds
			if len(xs) < 3 || b.W/b.H < 0.5 || b.W/b.H > 2 {
				t.Errorf("%d spokes in %d columns, bounds %.0f × %.0f: not a roughly square block", n, len(xs), b.W, b.H)
			}
		}
	}
}

func TestSavedPositionsWin(t *testing.T) {
	doc := hubSpoke(2)
	doc.Layout = &scenario.Layout{Nodes: map[string]scenario.Point{"spoke2": {X: -900, Y: 40}, "Internet": {X: 5, Y: 6}}}
	s := BuildScene(doc)
	if n, _ := s.Node(Key(kinds.VNet, "spoke2")); n.Box.X != -900 || n.Box.Y != 40 {
		t.Errorf("spoke2 at %v, want its saved position", n.Box)
	}
	if n, _ := s.Node(Key(kinds.Internet, "Internet")); n.Box.X != 5 || n.Box.Y != 6 {
		t.Errorf("Internet at %v, want its saved position", n.Box)
	}
	if n, _ := s.Node(Key(kinds.VNet, "spoke1")); n.Box.X == -900 {
		t.Error("spoke1 moved with spoke2")
	}
}

func TestHitTest(t *testing.T) {
	doc := hubSpoke(1)
	doc.Topology.VMs = []model.VM{{ID: "fw", NICs: []model.NIC{{Name: "nic", Subnet: "hub/fw", PrivateIPAddress: "10.0.1.4", EnableIPForwarding: true}}}}
	s := BuildScene(doc)
	chip, ok := s.Node(Key(kinds.VM, "fw"))
	if !ok || chip.Kind != kinds.NVA {
		t.Fatalf("fw chip %+v: want an NVA chip (IP forwarding on)", chip)
	}
	subnet, _ := s.Node(Key(kinds.Subnet, "hub/fw"))
	hub, _ := s.Node(Key(kinds.VNet, "hub"))
	tests := []struct {
		p    Point
		want string
	}{
		{chip.Box.Center(), chip.Key},
		{Point{subnet.Box.X + 2, subnet.Box.Y + 2}, subnet.Key},
		{Point{hub.Box.X + 2, hub.Box.Y + 2}, hub.Key},
		{Point{hub.Box.X - 50, hub.Box.Y - 50}, ""},
	}
	for _, tt := range tests {
		n, ok := s.HitTest(tt.p)
		if (tt.want == "") == ok || n.Key != tt.want {
			t.Errorf("HitTest(%v) = %q, want %q", tt.p, n.Key, tt.want)
		}
	}
	if got := s.InRect(hub.Box); len(got) != 1 || got[0] != hub.Key {
		t.Errorf("InRect(hub box) = %v", got)
	}
}

func TestHandlesAndEdgeHits(t *testing.T) {
	s := BuildScene(hubSpoke(1))
	hub, _ := s.Node(Key(kinds.VNet, "hub"))
	h := Handle(hub)
	if n, ok := s.HandleAt(Point{h.X + 2, h.Y - 2}); !ok || n.Key != hub.Key {
		t.Errorf("HandleAt near the hub's handle = %q, %v", n.Key, ok)
	}
	if _, ok := s.HandleAt(hub.Box.Center()); ok {
		t.Error("a node's centre counts as its handle")
	}
	if len(s.Edges) != 1 {
		t.Fatalf("%d edges", len(s.Edges))
	}
	e := s.Edges[0]
	mid := Point{(e.A.X + e.B.X) / 2, (e.A.Y + e.B.Y) / 2}
	if got, ok := s.EdgeAt(Point{mid.X, mid.Y + 3}, 6); !ok || got.Key != e.Key {
		t.Errorf("EdgeAt 3 units off the middle = %q, %v", got.Key, ok)
	}
	if _, ok := s.EdgeAt(Point{mid.X, mid.Y + 30}, 6); ok {
		t.Error("EdgeAt 30 units away hit the edge")
	}
	for _, tt := range []struct {
		p, a, b Point
		want    float64
	}{
		{Point{5, 5}, Point{0, 0}, Point{10, 0}, 5},
		{Point{-3, 4}, Point{0, 0}, Point{10, 0}, 5}, // beyond an end: distance to the end
		{Point{1, 1}, Point{1, 1}, Point{1, 1}, 0},   // degenerate segment
	} {
		if d := segmentDistance(tt.p, tt.a, tt.b); math.Abs(d-tt.want) > 1e-9 {
			t.Errorf("segmentDistance(%v, %v-%v) = %v, want %v", tt.p, tt.a, tt.b, d, tt.want)
		}
	}
}

func TestConnectTarget(t *testing.T) {
	doc := hubSpoke(1)
	doc.Topology.VMs = []model.VM{{ID: "fw", NICs: []model.NIC{{Name: "nic", Subnet: "hub/fw", PrivateIPAddress: "10.0.1.4"}}}}
	doc.Topology.RouteTables = []model.RouteTable{{ID: "rt"}}
	doc.Topology.NSGs = []model.NSG{{ID: "nsg"}}
	s := BuildScene(doc)
	node := func(k string) Node {
		n, ok := s.Node(k)
		if !ok {
			t.Fatalf("no node %s", k)
		}
		return n
	}
	hub, spoke := node("vnet:spoke1"), node("vnet:hub")
	subnet, vm := node("subnet:hub/fw"), node("vm:fw")
	rt, nsg := node("route-table:rt"), node("nsg:nsg")
	tests := []struct {
		from, hit Node
		want      string
	}{
		{hub, subnet, "vnet:hub"}, // dropped on the subnet inside the VNet
		{hub, vm, "vnet:hub"},
		{hub, spoke, "vnet:hub"},
		{rt, vm, "subnet:hub/fw"}, // a route table applies to the subnet around the VM
		{rt, subnet, "subnet:hub/fw"},
		{rt, spoke, "vnet:hub"}, // refused later by the edit, with its reason
		{nsg, vm, "vm:fw"},      // NIC-level NSG
		{nsg, subnet, "subnet:hub/fw"},
	}
	for _, tt := range tests {
		if got := s.ConnectTarget(tt.from, tt.hit); got.Key != tt.want {
			t.Errorf("ConnectTarget(%s, %s) = %s, want %s", tt.from.Key, tt.hit.Key, got.Key, tt.want)
		}
	}
}

func TestNICNode(t *testing.T) {
	doc := hubSpoke(1)
	doc.Topology.VMs = []model.VM{
		{ID: "one", NICs: []model.NIC{{Name: "nic0", Subnet: "hub/fw", PrivateIPAddress: "10.0.1.4"}}},
		{ID: "two", NICs: []model.NIC{{Name: "a", Subnet: "hub/fw", PrivateIPAddress: "10.0.1.5"}, {Name: "b", Subnet: "hub/fw", PrivateIPAddress: "10.0.1.6"}}},
	}
	s := BuildScene(doc)
	for nic, want := range map[string]string{"one/nic0": "vm:one", "two/a": "vm:two/a", "two/b": "vm:two/b", "Internet": "internet:Internet"} {
		if n, ok := s.NICNode(nic); !ok || n.Key != want {
			t.Errorf("NICNode(%q) = %q, %v; want %q", nic, n.Key, ok, want)
		}
	}
	if _, ok := s.NICNode("ghost/nic"); ok {
		t.Error("NICNode found a NIC that does not exist")
	}
}
