package store

import (
	"net/netip"
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/engine/model"
	"vnetplay/scenarios"
)

func TestCopyPasteHubAndSpokes(t *testing.T) {
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s, _, err := OpenJSON(sc.JSON)
	if err != nil {
		t.Fatal(err)
	}
	before := s.Current()
	var refs []Ref
	for _, v := range before.Doc.Topology.VNets {
		refs = append(refs, vnetRef(v.ID))
	}
	// The route table goes along: copied spokes must use a copied table
	// whose next hop is the copied firewall (rule:route-selection.appliance-directly-reachable).
	refs = append(refs, Ref{Kind: kinds.RouteTable, ID: "rt-spokes"})
	clip := before.Copy(refs)
	if len(clip.Topology.VNets) != len(before.Doc.Topology.VNets) || len(clip.Topology.Peerings) != len(before.Doc.Topology.Peerings) {
		t.Fatalf("clip %d VNets %d peerings", len(clip.Topology.VNets), len(clip.Topology.Peerings))
	}
	mustApply(t, s, Paste{Clip: clip, Offset: canvas.Point{X: 48, Y: 600}})
	after := s.Current()
	topo := after.Doc.Topology
	if len(topo.VNets) != 2*len(before.Doc.Topology.VNets) || len(topo.Peerings) != 2*len(before.Doc.Topology.Peerings) ||
		len(topo.VMs) != 2*len(before.Doc.Topology.VMs) {
		t.Fatalf("after paste: %d VNets, %d peerings, %d VMs", len(topo.VNets), len(topo.Peerings), len(topo.VMs))
	}
	// The copies' peerings join the copies, and copied subnets use the
	// copied route table.
	ids := map[string]bool{}
	for _, v := range topo.VNets {
		ids[v.ID] = true
	}
	for _, p := range topo.Peerings {
		if !ids[p.A.VNet] || !ids[p.B.VNet] {
			t.Errorf("peering %s joins unknown VNets", p.ID)
		}
	}
	if !ids["hub-copy"] || !ids["spoke1-copy"] {
		t.Fatalf("copy ids: %v", ids)
	}
	for _, v := range topo.VNets {
		if v.ID == "spoke1-copy" && v.Subnets[0].RouteTable != "rt-spokes-copy" {
			t.Errorf("spoke1-copy's subnet uses %q, want rt-spokes-copy", v.Subnets[0].RouteTable)
		}
	}
	for _, vm := range topo.VMs {
		if vm.ID == "vm1-copy" && vm.NICs[0].Subnet != "spoke1-copy/app" {
			t.Errorf("vm1-copy sits in %q", vm.NICs[0].Subnet)
		}
	}
	if n, _ := after.Scene.Node(canvas.Key(kinds.VNet, "hub-copy")); n.Box.Y < 600 {
		t.Errorf("hub-copy at %v, want offset below the original", n.Box)
	}
	// Pasting again gives fresh ids, and the clip was not changed by the
	// first paste.
	mustApply(t, s, Paste{Clip: clip, Offset: canvas.Point{X: 96, Y: 1200}})
	found := false
	for _, v := range s.Current().Doc.Topology.VNets {
		found = found || v.ID == "hub-copy-2"
	}
	if !found || clip.Topology.VNets[0].ID == "hub-copy" {
		t.Error("second paste did not get fresh ids, or the clip was modified")
	}
	// Re-addressed copies with their own table: no new errors.
	if s.Current().Errors() != before.Errors() {
		t.Errorf("paste created errors: %v", s.Current().Diagnostics)
	}
	if _, err := s.Apply(Paste{}); err == nil {
		t.Error("pasting an empty clip succeeded")
	}
}

func TestPasteReaddresses(t *testing.T) {
	sc, _ := scenarios.Get("hub-spoke-firewall")
	s, _, _ := OpenJSON(sc.JSON)
	before := s.Current()
	mustApply(t, s, Paste{Clip: before.Copy([]Ref{vnetRef("hub")}), Offset: canvas.Point{Y: 500}})
	var hub, cp = before.Doc.Topology.VNets[0], before.Doc.Topology.VNets[0]
	for _, v := range s.Current().Doc.Topology.VNets {
		if v.ID == "hub-copy" {
			cp = v
		}
	}
	if cp.ID != "hub-copy" || cp.AddressSpace.AddressPrefixes[0] == hub.AddressSpace.AddressPrefixes[0] {
		t.Fatalf("hub-copy has the hub's range: %+v", cp.AddressSpace)
	}
	// The subnet and the firewall moved along, keeping their offsets.
	if cp.Subnets[0].AddressPrefix == hub.Subnets[0].AddressPrefix {
		t.Errorf("the copied subnet kept %s", cp.Subnets[0].AddressPrefix)
	}
	for _, vm := range s.Current().Doc.Topology.VMs {
		if vm.ID == "firewall-copy" && !strings.HasSuffix(vm.NICs[0].PrivateIPAddress, ".1.4") {
			t.Errorf("firewall-copy at %s, want the same offset (x.x.1.4) in the new range", vm.NICs[0].PrivateIPAddress)
		}
	}
	for _, m := range []shift{{netip.MustParsePrefix("10.0.0.0/16"): netip.MustParsePrefix("10.7.0.0/16")}} {
		if got := m.addr("10.0.1.4"); got != "10.7.1.4" {
			t.Errorf("addr = %s", got)
		}
		if got := m.prefix("10.0.1.0/26"); got != "10.7.1.0/26" {
			t.Errorf("prefix = %s", got)
		}
		if got := m.addr("192.168.1.1"); got != "192.168.1.1" {
			t.Errorf("an address outside moved: %s", got)
		}
	}
}

// TestPasteIntoAnotherDesignLeavesNoDanglingReference: spoke1 of
// hub-spoke-firewall pasted into isolated-vnets keeps no reference to
// hub-spoke-firewall's route table (isolated-vnets has none): the copy's
// subnet has no route table, Outcome.Unlinked says so, and the design has
// no error. Pasted in its own design, the reference is kept.
func TestPasteIntoAnotherDesignLeavesNoDanglingReference(t *testing.T) {
	open := func(name string) *Session {
		sc, _ := scenarios.Get(name)
		s, _, err := OpenJSON(sc.JSON)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	from := open("hub-spoke-firewall")
	clip := from.Current().Copy([]Ref{vnetRef("spoke1")})
	if len(clip.Topology.VNets) != 1 || clip.Topology.VNets[0].Subnets[0].RouteTable != "rt-spokes" {
		t.Fatalf("the clip: %+v", clip.Topology.VNets)
	}
	into := open("isolated-vnets")
	out, err := into.Apply(Paste{Clip: clip, Offset: canvas.Point{X: 48, Y: 48}})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range into.Current().Doc.Topology.VNets {
		if v.ID == "spoke1-copy" && v.Subnets[0].RouteTable != "" {
			t.Errorf("the copy's subnet names route table %q, which isolated-vnets does not have", v.Subnets[0].RouteTable)
		}
	}
	if len(out.Unlinked) != 1 || out.Unlinked[0] != "route table rt-spokes (of spoke1-copy/app)" {
		t.Errorf("Unlinked %q", out.Unlinked)
	}
	for _, d := range into.Current().Diagnostics {
		if d.Severity == model.Error {
			t.Errorf("after the paste: %s", d)
		}
	}
	again, err := from.Apply(Paste{Clip: clip, Offset: canvas.Point{X: 48, Y: 48}})
	if err != nil || len(again.Unlinked) != 0 {
		t.Fatalf("pasted in its own design: %v, unlinked %q", err, again.Unlinked)
	}
	for _, v := range from.Current().Doc.Topology.VNets {
		if v.ID == "spoke1-copy" && v.Subnets[0].RouteTable != "rt-spokes" {
			t.Errorf("pasted in its own design, the copy's subnet uses %q", v.Subnets[0].RouteTable)
		}
	}
}
