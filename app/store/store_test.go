package store

import (
	"errors"
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/scenarios"
)

func mustApply(t *testing.T, s *Session, e Edit) {
	t.Helper()
	if _, err := s.Apply(e); err != nil {
		t.Fatalf("%s: %v", e.Label(), err)
	}
}

func vnetRef(id string) Ref   { return Ref{Kind: kinds.VNet, ID: id} }
func subnetRef(id string) Ref { return Ref{Kind: kinds.Subnet, ID: id} }

// TestBuildAHubAndSpoke is the palette-and-drag workflow in code: two VNets,
// a peering, a route table; each step recomputes the routes.
func TestBuildAHubAndSpoke(t *testing.T) {
	s := Open(&scenario.Document{})
	mustApply(t, s, Add{Kind: kinds.VNet, At: canvas.Point{X: 13, Y: 50}})
	mustApply(t, s, Add{Kind: kinds.VNet, At: canvas.Point{X: 600, Y: 50}})
	doc := s.Current().Doc
	if len(doc.Topology.VNets) != 2 {
		t.Fatalf("%d VNets", len(doc.Topology.VNets))
	}
	v1, v2 := doc.Topology.VNets[0], doc.Topology.VNets[1]
	if v1.ID != "vnet1" || v2.ID != "vnet2" || v1.AddressSpace.AddressPrefixes[0] != "10.0.0.0/16" || v2.AddressSpace.AddressPrefixes[0] != "10.1.0.0/16" {
		t.Fatalf("defaults: %+v %+v", v1, v2)
	}
	if v1.Subnets[0].AddressPrefix != "10.0.0.0/24" {
		t.Fatalf("default subnet %+v", v1.Subnets[0])
	}
	if p := doc.Layout.Nodes["vnet1"]; p.X != 24 || p.Y != 48 {
		t.Fatalf("vnet1 at %+v, want snapped to (24, 48)", p)
	}
	if s.Current().Errors() != 0 {
		t.Fatalf("fresh VNets have errors: %v", s.Current().Diagnostics)
	}

	mustApply(t, s, Connect{From: vnetRef("vnet1"), To: vnetRef("vnet2")})
	tbl, ok := s.Current().Plane.Routes("vnet1/default")
	if !ok {
		t.Fatal("no routes for vnet1/default")
	}
	found := false
	for _, r := range tbl.Routes() {
		if r.Prefix.String() == "10.1.0.0/16" && r.NextHop.String() == "VNetPeering" && r.State.String() == "Active" {
			found = true
		}
	}
	if !found {
		t.Fatalf("no active VNetPeering route to 10.1.0.0/16 after connecting (rule:system-routes.peering-routes)")
	}
	if _, err := s.Apply(Connect{From: vnetRef("vnet2"), To: vnetRef("vnet1")}); err == nil || !strings.Contains(err.Error(), "already peered") {
		t.Fatalf("second peering: %v", err)
	}

	mustApply(t, s, Add{Kind: kinds.RouteTable, At: canvas.Point{X: 300, Y: 400}})
	mustApply(t, s, Connect{From: Ref{Kind: kinds.RouteTable, ID: "rt1"}, To: subnetRef("vnet1/default")})
	if got := s.Current().Doc.Topology.VNets[0].Subnets[0].RouteTable; got != "rt1" {
		t.Fatalf("association: %q", got)
	}
	if _, err := s.Apply(Connect{From: Ref{Kind: kinds.RouteTable, ID: "rt1"}, To: vnetRef("vnet2")}); err == nil || !strings.Contains(err.Error(), "connects to a subnet, not to a virtual network") {
		t.Fatalf("route table to VNet: %v", err)
	}

	// Undo walks back one step at a time.
	if s.UndoLabel() != "connect rt1 to vnet1/default" {
		t.Fatalf("UndoLabel %q", s.UndoLabel())
	}
	s.Undo()
	s.Undo()
	if len(s.Current().Doc.Topology.RouteTables) != 0 {
		t.Fatal("undo did not remove the route table")
	}
	s.Redo()
	if len(s.Current().Doc.Topology.RouteTables) != 1 {
		t.Fatal("redo did not restore the route table")
	}
}

func TestSetPropertyGuarded(t *testing.T) {
	s := Open(&scenario.Document{})
	mustApply(t, s, Add{Kind: kinds.VNet})
	mustApply(t, s, Add{Kind: kinds.VNet})
	mustApply(t, s, Connect{From: vnetRef("vnet1"), To: vnetRef("vnet2")})
	v0 := s.Version()

	tests := []struct {
		name, path, value string
		ref               Ref
		wantCode          string // "" = accepted
	}{
		{"invalid CIDR", "addressSpace.addressPrefixes", "10.0.0.0/33", vnetRef("vnet1"), "cidr.invalid"},
		{"unchanged value", "addressSpace.addressPrefixes", "10.1.0.0/16", vnetRef("vnet2"), ""},
		{"subnet outside the space", "addressPrefix", "192.168.1.0/24", subnetRef("vnet1/default"), "subnet.outside-address-space"},
		{"bad enum", "a.lifecycle", "Gone", Ref{Kind: kinds.Peering, ID: "vnet1-vnet2"}, "enum"},
		{"bad bool", "a.allowForwardedTraffic", "yes please", Ref{Kind: kinds.Peering, ID: "vnet1-vnet2"}, "bool"},
		{"good flag", "a.allowForwardedTraffic", "true", Ref{Kind: kinds.Peering, ID: "vnet1-vnet2"}, ""},
		{"tri-state back to default", "b.allowVirtualNetworkAccess", "", Ref{Kind: kinds.Peering, ID: "vnet1-vnet2"}, ""},
		{"second prefix", "addressSpace.addressPrefixes", "10.0.0.0/16, 172.16.0.0/16", vnetRef("vnet1"), ""},
	}
	for _, tt := range tests {
		before := s.Current()
		_, err := s.Apply(SetProperty{Ref: tt.ref, Path: tt.path, Value: tt.value})
		var rej *RejectedError
		switch {
		case tt.wantCode == "" && err != nil:
			t.Errorf("%s: refused: %v", tt.name, err)
		case tt.wantCode == "enum" || tt.wantCode == "bool":
			if err == nil {
				t.Errorf("%s: accepted", tt.name)
			}
		case tt.wantCode != "":
			if !errors.As(err, &rej) || !hasCode(rej.Diagnostics, tt.wantCode) {
				t.Errorf("%s: err %v, want a rejection with %s", tt.name, err, tt.wantCode)
			}
		}
		if err != nil && s.Current() != before {
			t.Errorf("%s: a refused edit changed the document", tt.name)
		}
	}
	// The overlapping case needs both VNets: vnet2 := 10.1 was fine (its own
	// space); now make vnet2 overlap vnet1.
	_, err := s.Apply(SetProperty{Ref: vnetRef("vnet2"), Path: "addressSpace.addressPrefixes", Value: "10.0.128.0/17"})
	var rej *RejectedError
	if !errors.As(err, &rej) {
		t.Fatalf("overlapping address space accepted: %v", err)
	}
	if !strings.Contains(strings.ToLower(rej.Error()), "overlap") {
		t.Errorf("rejection does not say overlap: %v", rej)
	}
	if s.Version() == v0 {
		t.Error("accepted edits did not advance the version")
	}
	got := s.Current().Doc.Topology.VNets[0].AddressSpace.AddressPrefixes
	if len(got) != 2 || got[1] != "172.16.0.0/16" {
		t.Errorf("list property = %v", got)
	}
}

func hasCode(ds []model.Diagnostic, code string) bool {
	for _, d := range ds {
		if d.Code == code {
			return true
		}
	}
	return false
}

func TestTypingCoalescesIntoOneUndoStep(t *testing.T) {
	s := Open(&scenario.Document{})
	mustApply(t, s, Add{Kind: kinds.VNet})
	for _, v := range []string{"w", "we", "wes", "westeurope"} {
		mustApply(t, s, SetProperty{Ref: vnetRef("vnet1"), Path: "location", Value: v})
	}
	s.Undo()
	if loc := s.Current().Doc.Topology.VNets[0].Location; loc != "" {
		t.Fatalf("one undo left location %q, want the state before typing", loc)
	}
}

func TestDeleteCascades(t *testing.T) {
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s, _, err := OpenJSON(sc.JSON)
	if err != nil {
		t.Fatal(err)
	}
	topo := s.Current().Doc.Topology
	hub := topo.VNets[0].ID
	var vmsInHub int
	for _, vm := range topo.VMs {
		for _, n := range vm.NICs {
			if strings.HasPrefix(n.Subnet, hub+"/") {
				vmsInHub++
			}
		}
	}
	if vmsInHub == 0 {
		t.Fatalf("scenario has no VM in %s; the test needs one", hub)
	}
	mustApply(t, s, Delete{Refs: []Ref{vnetRef(hub)}})
	after := s.Current()
	for _, p := range after.Doc.Topology.Peerings {
		if p.A.VNet == hub || p.B.VNet == hub {
			t.Errorf("peering %s survived", p.ID)
		}
	}
	for _, vm := range after.Doc.Topology.VMs {
		for _, n := range vm.NICs {
			if strings.HasPrefix(n.Subnet, hub+"/") {
				t.Errorf("NIC %s/%s survived in a deleted subnet", vm.ID, n.Name)
			}
		}
	}
	// No dangling references in the topology (expectations may name the
	// deleted endpoints: the engine reports those, which is the point of a
	// workshop challenge).
	for _, d := range after.Diagnostics {
		if strings.HasPrefix(d.Code, "ref.") {
			t.Errorf("dangling reference after delete: %v", d)
		}
	}
	// Route tables are dissociated before they go.
	s2, _, _ := OpenJSON(sc.JSON)
	var rt string
	for _, v := range s2.Current().Doc.Topology.VNets {
		for _, sn := range v.Subnets {
			if sn.RouteTable != "" {
				rt = sn.RouteTable
			}
		}
	}
	mustApply(t, s2, Delete{Refs: []Ref{{Kind: kinds.RouteTable, ID: rt}}})
	for _, v := range s2.Current().Doc.Topology.VNets {
		for _, sn := range v.Subnets {
			if sn.RouteTable == rt {
				t.Errorf("%s/%s still refers to deleted %s", v.ID, sn.Name, rt)
			}
		}
	}
	if _, err := s2.Apply(Delete{Refs: []Ref{vnetRef("no-such")}}); err == nil {
		t.Error("deleting an unknown VNet succeeded")
	}
}

func TestAddSubnetAndVM(t *testing.T) {
	s := Open(&scenario.Document{})
	mustApply(t, s, Add{Kind: kinds.VNet})
	mustApply(t, s, Add{Kind: kinds.Subnet, Into: "vnet1"})
	mustApply(t, s, Add{Kind: kinds.Subnet, Into: "vnet1", Name: model.GatewaySubnet})
	// Canonical order, by name, as a reload shows them.
	subs := s.Current().Doc.Topology.VNets[0].Subnets
	if subs[0].Name != model.GatewaySubnet || subs[0].AddressPrefix != "10.0.2.0/27" || subs[2].Name != "subnet1" || subs[2].AddressPrefix != "10.0.1.0/24" {
		t.Fatalf("subnets %+v", subs)
	}
	if _, err := s.Apply(Add{Kind: kinds.Subnet, Into: "vnet1", Name: model.GatewaySubnet}); err == nil {
		t.Error("a second GatewaySubnet was added")
	}
	mustApply(t, s, Add{Kind: kinds.VM, Into: "vnet1/default"})
	mustApply(t, s, Add{Kind: kinds.NVA, Into: "vnet1/default"})
	vms := s.Current().Doc.Topology.VMs // by id: nva1, vm1
	// rule:address-space.reserved-addresses: .0-.3 are Azure's; the first VM gets .4.
	if vms[1].ID != "vm1" || vms[1].NICs[0].PrivateIPAddress != "10.0.0.4" || vms[0].NICs[0].PrivateIPAddress != "10.0.0.5" {
		t.Fatalf("VM addresses %+v", vms)
	}
	if !vms[0].NICs[0].EnableIPForwarding || !vms[0].GuestIPForwarding || vms[0].ID != "nva1" {
		t.Fatalf("NVA %+v", vms[0])
	}
	if s.Current().Errors() != 0 {
		t.Fatalf("errors: %v", s.Current().Diagnostics)
	}
}

func TestFieldsCoverEveryProperty(t *testing.T) {
	sc, _ := scenarios.Get("docs-routing-example")
	s, _, err := OpenJSON(sc.JSON)
	if err != nil {
		t.Fatal(err)
	}
	topo := &s.Current().Doc.Topology
	rt, err := locate(topo, Ref{Kind: kinds.RouteTable, ID: topo.RouteTables[0].ID})
	if err != nil {
		t.Fatal(err)
	}
	fields := Fields(rt)
	var routes *Field
	for i := range fields {
		if fields[i].Name == "routes" {
			routes = &fields[i]
		}
		if fields[i].Name == "id" && !fields[i].ReadOnly {
			t.Error("id is editable")
		}
	}
	if routes == nil || routes.Kind != Items || len(routes.Children) != len(topo.RouteTables[0].Routes) {
		t.Fatalf("routes field %+v", routes)
	}
	hop := routes.Children[0].Children
	var nextHop *Field
	for i := range hop {
		if hop[i].Name == "nextHopType" {
			nextHop = &hop[i]
		}
	}
	if nextHop == nil || len(nextHop.Options) != 5 || nextHop.Path != "routes[0].nextHopType" {
		t.Fatalf("nextHopType field %+v", nextHop)
	}
}

func TestMoveReusesTheEngineResults(t *testing.T) {
	s := Open(&scenario.Document{})
	mustApply(t, s, Add{Kind: kinds.VNet})
	before := s.Current()
	for i := range 3 {
		mustApply(t, s, Move{To: map[string]canvas.Point{"vnet1": {X: float64(100 + i), Y: 7}}, Gesture: "g1"})
	}
	after := s.Current()
	if after.Plane != before.Plane {
		t.Error("a move recomputed the data plane")
	}
	if n, _ := after.Scene.Node(canvas.Key(kinds.VNet, "vnet1")); n.Box.X != 102 || n.Box.Y != 7 {
		t.Errorf("scene not rebuilt: vnet1 at %v", n.Box)
	}
	s.Undo() // the three moves are one step
	if n, _ := s.Current().Scene.Node(canvas.Key(kinds.VNet, "vnet1")); n.Box.X == 102 {
		t.Error("undo did not revert the whole drag")
	}
}

func TestIdentityNamesAreReadOnly(t *testing.T) {
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s, _, _ := OpenJSON(sc.JSON)
	fs, err := s.Current().Fields(vnetRef("spoke1"))
	if err != nil {
		t.Fatal(err)
	}
	var subnets Field
	for _, f := range fs {
		if f.Name == "subnets" {
			subnets = f
		}
	}
	for _, c := range subnets.Children[0].Children {
		if c.Name == "name" && !c.ReadOnly {
			t.Error("a subnet's name is editable: NICs refer to it")
		}
		if c.Name == "addressPrefix" && c.ReadOnly {
			t.Error("a subnet's prefix is read-only")
		}
	}
	rt, _ := s.Current().Fields(Ref{Kind: kinds.RouteTable, ID: "rt-spokes"})
	for _, f := range rt {
		if f.Name == "routes" {
			for _, c := range f.Children[0].Children {
				if c.Name == "name" && c.ReadOnly {
					t.Error("a route's name is read-only")
				}
			}
		}
	}
}

// TestMoveSharesTheTopology: a move copies only the layout; the previous
// snapshot's positions are untouched (undo depends on it).
func TestMoveSharesTheTopology(t *testing.T) {
	s := Open(&scenario.Document{})
	mustApply(t, s, Add{Kind: kinds.VNet, At: canvas.Point{X: 0, Y: 0}})
	before := s.Current()
	mustApply(t, s, Move{To: map[string]canvas.Point{"vnet1": {X: 480, Y: 240}}, Gesture: "x"})
	after := s.Current()
	if &after.Doc.Topology.VNets[0] != &before.Doc.Topology.VNets[0] {
		t.Error("a move copied the topology")
	}
	if p := before.Doc.Layout.Nodes["vnet1"]; p.X != 0 {
		t.Errorf("a move changed the previous snapshot's layout: %+v", p)
	}
	if p := after.Doc.Layout.Nodes["vnet1"]; p.X != 480 {
		t.Errorf("moved to %+v", p)
	}
}

// TestMovingOneNodeLeavesTheOthers: in a design laid out automatically,
// dragging one VNet must not shift the others (the first move pins them
// where they are drawn).
func TestMovingOneNodeLeavesTheOthers(t *testing.T) {
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s, _, _ := OpenJSON(sc.JSON)
	before := s.Current()
	boxes := map[string]canvas.Rect{}
	for _, n := range before.Scene.Nodes {
		boxes[n.Key] = n.Box
	}
	hub, _ := before.Scene.Node(canvas.Key(kinds.VNet, "hub"))
	mustApply(t, s, Move{To: map[string]canvas.Point{"hub": {X: hub.Box.X, Y: hub.Box.Y - 2000}}, Pin: before.Unpinned(), Gesture: "g"})
	after := s.Current()
	for _, n := range after.Scene.Nodes {
		if n.Key == hub.Key || n.Parent == hub.Key || strings.HasPrefix(n.Parent, "subnet:hub/") || n.Kind == kinds.Internet {
			continue
		}
		if n.Box != boxes[n.Key] {
			t.Errorf("%s moved from %v to %v when only the hub was dragged", n.Key, boxes[n.Key], n.Box)
		}
	}
	if len(after.Unpinned()) != 0 {
		t.Errorf("after the first move, still unpinned: %v", after.Unpinned())
	}
}

// TestHybridPropertiesAreEditable: ASNs (unsigned) and optional objects
// (bgpSettings) are listed and can be set, also when unset before.
func TestHybridPropertiesAreEditable(t *testing.T) {
	s := Open(&scenario.Document{})
	mustApply(t, s, Add{Kind: kinds.VNet})
	mustApply(t, s, Add{Kind: kinds.VPNGateway, Into: "vnet1"}) // no bgpSettings
	mustApply(t, s, Add{Kind: kinds.Circuit})
	gw := Ref{Kind: kinds.Gateway, ID: s.Current().Doc.Topology.Gateways[0].ID}
	fs, err := s.Current().Fields(gw)
	if err != nil {
		t.Fatal(err)
	}
	var bgp *Field
	for i := range fs {
		if fs[i].Name == "bgpSettings" {
			bgp = &fs[i]
		}
	}
	if bgp == nil || bgp.Kind != Group || len(bgp.Children) != 2 || bgp.Children[0].Name != "asn" || bgp.Children[0].Kind != Int {
		t.Fatalf("bgpSettings field: %+v", bgp)
	}
	mustApply(t, s, SetProperty{Ref: gw, Path: "bgpSettings.asn", Value: "65010"})
	if g := s.Current().Doc.Topology.Gateways[0]; g.BgpSettings == nil || g.BgpSettings.Asn != 65010 {
		t.Fatalf("bgpSettings after the edit: %+v", g.BgpSettings)
	}
	circuit := Ref{Kind: kinds.Circuit, ID: "circuit1"}
	mustApply(t, s, SetProperty{Ref: circuit, Path: "peerASN", Value: "4200000001"})
	if got := s.Current().Doc.Topology.Circuits[0].PeerASN; got != 4200000001 {
		t.Errorf("peerASN = %d", got)
	}
	if _, err := s.Apply(SetProperty{Ref: circuit, Path: "peerASN", Value: "-1"}); err == nil {
		t.Error("a negative ASN was accepted")
	}
	if _, err := s.Apply(SetProperty{Ref: circuit, Path: "peerASN", Value: "4294967296"}); err == nil {
		t.Error("an ASN over 32 bits was accepted")
	}
}

// TestPENetworkPoliciesIsAChoice: a subnet's privateEndpointNetworkPolicies
// is offered as Azure's values (Inspector select), each of which the
// design takes without a finding; it was a blank text field, which gave a
// reader no hint of what to type.
func TestPENetworkPoliciesIsAChoice(t *testing.T) {
	s := Open(&scenario.Document{})
	mustApply(t, s, Add{Kind: kinds.VNet})
	ref := Ref{Kind: kinds.Subnet, ID: "vnet1/default"}
	sub, err := locate(&s.Current().Doc.Topology, ref)
	if err != nil {
		t.Fatal(err)
	}
	var f *Field
	for _, g := range Fields(sub) {
		if g.Name == "privateEndpointNetworkPolicies" {
			f = &g
		}
	}
	if f == nil || len(f.Options) != 5 || f.Options[0] != "" {
		t.Fatalf("privateEndpointNetworkPolicies field %+v, want Azure's default and four values", f)
	}
	for _, v := range f.Options {
		mustApply(t, s, SetProperty{Ref: ref, Path: f.Path, Value: v})
		for _, d := range s.Current().Diagnostics {
			if d.Code == "pe.network-policies" {
				t.Errorf("%q: %s", v, d.Msg)
			}
		}
	}
}
