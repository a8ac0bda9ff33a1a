package canvas

import (
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

func docWith(t *testing.T, layout map[string]scenario.Point, build func(*model.Topology)) *scenario.Document {
	t.Helper()
	doc := &scenario.Document{Layout: &scenario.Layout{Nodes: layout}}
	build(&doc.Topology)
	return doc
}

func overlapping(s *Scene) []string {
	var out []string
	for i, a := range s.Nodes {
		for _, b := range s.Nodes[i+1:] {
			if a.Parent == "" && b.Parent == "" && a.Box.X < b.Box.X+b.Box.W && b.Box.X < a.Box.X+a.Box.W && a.Box.Y < b.Box.Y+b.Box.H && b.Box.Y < a.Box.Y+a.Box.H {
				out = append(out, a.Key+" × "+b.Key)
			}
		}
	}
	return out
}

// TestFreeSpot: the spot found is free (with its margin), nearest to the
// wanted one, and a free wanted spot is kept.
func TestFreeSpot(t *testing.T) {
	doc := docWith(t, map[string]scenario.Point{"a": {X: 0, Y: 0}, "b": {X: 360, Y: 0}, "Internet": {X: -400, Y: -400}}, func(tp *model.Topology) {
		for _, id := range []string{"a", "b"} {
			tp.VNets = append(tp.VNets, model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}})
		}
	})
	s := BuildScene(doc)
	w, h := NewBoxSize(kinds.VNet)
	if p := s.FreeSpot(Point{X: 0, Y: 600}, w, h); p != (Point{X: 0, Y: 600}) {
		t.Errorf("a free spot moved to %v", p)
	}
	p := s.FreeSpot(Point{X: 24, Y: 24}, w, h)
	box := Rect{p.X, p.Y, w, h}
	for _, n := range s.Nodes {
		if n.Parent == "" && n.Box.Intersects(box) {
			t.Errorf("the free spot %v overlaps %s %v", box, n.Key, n.Box)
		}
	}
	if p.Y > 200 {
		t.Errorf("the free spot %v is far from the wanted (24, 24)", p)
	}
	extra := Rect{p.X, p.Y, w, h}
	if q := s.FreeSpot(Point{X: 24, Y: 24}, w, h, extra); q == p {
		t.Error("FreeSpot ignored a box already placed")
	}
}

// TestSpotFor: a kind drawn inside its container keeps the point it was
// added at; a P2S pool, added into its gateway but drawn as a top-level
// node, goes to free space beside the gateway's VNet.
func TestSpotFor(t *testing.T) {
	doc := docWith(t, map[string]scenario.Point{"a": {X: 0, Y: 0}, "Internet": {X: -400, Y: -400}}, func(tp *model.Topology) {
		tp.VNets = append(tp.VNets, model.VNet{ID: "a", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}})
	})
	s := BuildScene(doc)
	vnet, _ := s.Node(Key(kinds.VNet, "a"))
	in := vnet.Box.Center()
	if p := s.SpotFor(kinds.VM, in); p != in {
		t.Errorf("a VM added at %v is placed at %v", in, p)
	}
	p := s.SpotFor(kinds.P2S, in)
	w, h := NewBoxSize(kinds.P2S)
	if box := (Rect{p.X, p.Y, w, h}); box.Intersects(vnet.Box) {
		t.Errorf("a P2S pool added at %v is placed at %v, over its VNet %v", in, box, vnet.Box)
	}
	if dx, dy := p.X-in.X, p.Y-in.Y; dx*dx+dy*dy > 600*600 {
		t.Errorf("a P2S pool added at %v is placed far from it, at %v", in, p)
	}
}

// TestMakeRoom: a VNet that grows over the route table under it pushes it
// down, and what that pushes in turn; nodes that overlapped before stay.
func TestMakeRoom(t *testing.T) {
	layout := map[string]scenario.Point{"hub": {X: 0, Y: 0}, "rt": {X: 0, Y: 144}, "nsg": {X: 0, Y: 216}, "far": {X: 1200, Y: 0}, "Internet": {X: -400, Y: -400}}
	vnet := func(extra int) func(*model.Topology) {
		return func(tp *model.Topology) {
			v := model.VNet{ID: "hub", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []model.Subnet{{Name: "a", AddressPrefix: "10.0.0.0/24"}}}
			for i := range extra {
				v.Subnets = append(v.Subnets, model.Subnet{Name: string(rune('b' + i)), AddressPrefix: "10.0.1.0/24"})
			}
			tp.VNets = []model.VNet{v, {ID: "far", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.9.0.0/16"}}}}
			tp.RouteTables = []model.RouteTable{{ID: "rt"}}
			tp.NSGs = []model.NSG{{ID: "nsg"}}
		}
	}
	prev := BuildScene(docWith(t, layout, vnet(0)))
	if o := overlapping(prev); len(o) > 0 {
		t.Fatalf("the starting layout overlaps: %v", o)
	}
	next := BuildScene(docWith(t, layout, vnet(3)))
	if len(overlapping(next)) == 0 {
		t.Fatal("the grown VNet overlaps nothing: the test checks nothing")
	}
	moved := MakeRoom(prev, next)
	if _, ok := moved["rt"]; !ok {
		t.Fatalf("the route table under the grown VNet did not move: %v", moved)
	}
	if _, ok := moved["far"]; ok {
		t.Error("a node away from the growth moved")
	}
	for k, p := range moved {
		layout[k] = scenario.Point{X: p.X, Y: p.Y}
	}
	if o := overlapping(BuildScene(docWith(t, layout, vnet(3)))); len(o) > 0 {
		t.Errorf("after making room: %v", o)
	}
	// Overlaps the user made stay as they are.
	layout = map[string]scenario.Point{"hub": {X: 0, Y: 0}, "rt": {X: 24, Y: 24}, "nsg": {X: 0, Y: 600}, "far": {X: 1200, Y: 0}, "Internet": {X: -400, Y: -400}}
	if m := MakeRoom(BuildScene(docWith(t, layout, vnet(0))), BuildScene(docWith(t, layout, vnet(1)))); len(m) != 0 {
		t.Errorf("a node the user put over the VNet was moved: %v", m)
	}
}

// TestHopNode: every kind of hop a walk lists has a node.
func TestHopNode(t *testing.T) {
	for name, doc := range builtins(t) {
		s := BuildScene(doc)
		for _, hop := range []string{"Internet", "AzureService"} {
			if _, ok := s.HopNode(hop); !ok {
				t.Errorf("%s: no node for hop %s", name, hop)
			}
		}
		for _, g := range doc.Topology.Gateways {
			if _, ok := s.HopNode(g.ID); !ok {
				t.Errorf("%s: no node for gateway %s", name, g.ID)
			}
		}
		for _, c := range doc.Topology.Circuits {
			if _, ok := s.HopNode(c.ID); !ok {
				t.Errorf("%s: no node for circuit %s", name, c.ID)
			}
		}
		for _, pe := range doc.Topology.PrivateEndpoints {
			if _, ok := s.HopNode(pe.ID); !ok {
				t.Errorf("%s: no node for private endpoint %s", name, pe.ID)
			}
		}
		for _, site := range doc.Topology.Sites {
			if _, ok := s.HopNode(site.ID); !ok {
				t.Errorf("%s: no node for site %s", name, site.ID)
			}
			for _, h := range site.Hosts {
				if _, ok := s.HopNode(site.ID + "/" + h.ID); !ok {
					t.Errorf("%s: no node for host %s/%s", name, site.ID, h.ID)
				}
			}
		}
	}
	if _, ok := (&Scene{index: map[string]int{}}).HopNode("nowhere"); ok {
		t.Error("an unknown hop has a node")
	}
}
