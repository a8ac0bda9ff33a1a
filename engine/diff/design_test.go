package diff

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// builtin reads a built-in scenario.
func builtin(t *testing.T, name string) *scenario.Document {
	t.Helper()
	b, err := os.ReadFile("../../scenarios/" + name)
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := scenario.Decode(b, scenario.Strict)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func designs(t *testing.T, before, after *scenario.Document, opts Options) *DesignChanges {
	t.Helper()
	c, err := Designs(context.Background(), Design{Doc: before}, Design{Doc: after}, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDesignsForwardingOff: the firewall's NIC without IP forwarding loses
// every pair through it, each with the new verdict's reason; the resource
// diff is that one property.
func TestDesignsForwardingOff(t *testing.T) {
	on, off := builtin(t, "hub-spoke-firewall.json"), builtin(t, "hub-spoke-firewall-forwarding-off.json")
	c := designs(t, on, off, Options{})
	if len(c.Resources) != 1 || line(c.Resources[0]) != "~ networkInterface firewall/nic0 | enableIPForwarding: true → (absent)" {
		t.Errorf("resources: %+v", c.Resources)
	}
	if len(c.Document) != 2 || c.Document[0].Path != "name" || c.Document[1].Path != "description" {
		t.Errorf("document: %+v", c.Document)
	}
	b := c.Behaviour
	var lost []string
	for _, p := range b.Pairs {
		if p.Change != LostPair || p.After.Disposition != trace.DroppedIPForwardingOff || !strings.Contains(p.After.Reason, "rule:nva.ip-forwarding") ||
			!slices.Contains(p.Before.Path, "firewall/nic0") || !p.Before.Disposition.Success() {
			t.Errorf("pair %+v", p)
		}
		lost = append(lost, p.From+" → "+p.To)
	}
	want := []string{"vm1/nic0 → vm2/nic0", "vm1/nic0 → Internet", "vm2/nic0 → vm1/nic0", "vm2/nic0 → Internet"}
	if !slices.Equal(lost, want) || b.Counts != (Counts{Pairs: 9, Lost: 4}) || b.Truncated {
		t.Errorf("lost %q, counts %+v", lost, b.Counts)
	}
	back := designs(t, off, on, Options{})
	if back.Behaviour.Counts.Gained != 4 || back.Behaviour.Pairs[0].Change != Gained || back.Behaviour.Pairs[0].After.Disposition != trace.Delivered {
		t.Errorf("reverse: %+v", back.Behaviour.Counts)
	}
}

// meshWithHub is two spokes peered with each other and with a hub that
// has a forwarding NVA (not stateful: the return walks go direct).
func meshWithHub() model.Topology {
	vnet := func(id, prefix, subnet string) model.VNet {
		return model.VNet{ID: id, AddressSpace: model.AddressSpace{AddressPrefixes: []string{prefix}},
			Subnets: []model.Subnet{{Name: "app", AddressPrefix: subnet}}}
	}
	vm := func(id, subnet, ip string, fwd bool) model.VM {
		return model.VM{ID: id, GuestIPForwarding: fwd, NICs: []model.NIC{{Name: "nic0", Subnet: subnet, PrivateIPAddress: ip, EnableIPForwarding: fwd}}}
	}
	return model.Topology{
		VNets: []model.VNet{vnet("hub", "10.0.0.0/16", "10.0.1.0/24"), vnet("s1", "10.1.0.0/16", "10.1.1.0/24"), vnet("s2", "10.2.0.0/16", "10.2.1.0/24")},
		Peerings: []model.Peering{
			{ID: "hub-s1", A: model.PeeringLink{VNet: "hub", AllowForwardedTraffic: true}, B: model.PeeringLink{VNet: "s1", AllowForwardedTraffic: true}},
			{ID: "hub-s2", A: model.PeeringLink{VNet: "hub", AllowForwardedTraffic: true}, B: model.PeeringLink{VNet: "s2", AllowForwardedTraffic: true}},
			{ID: "s1-s2", A: model.PeeringLink{VNet: "s1"}, B: model.PeeringLink{VNet: "s2"}},
		},
		VMs: []model.VM{vm("nva", "hub/app", "10.0.1.4", true), vm("vm1", "s1/app", "10.1.1.4", false), vm("vm2", "s2/app", "10.2.1.4", false)},
	}
}

// TestDesignsUDRReroutes: a UDR sending s1's traffic for s2 to the hub
// NVA reroutes vm1 → vm2 (reachable both times, another path) and
// changes s1's effective route for s2.
func TestDesignsUDRReroutes(t *testing.T) {
	before, after := meshWithHub(), meshWithHub()
	after.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "s2-via-nva", AddressPrefix: "10.2.0.0/16",
		NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}}}
	after.VNets[1].Subnets[0].RouteTable = "rt"
	c := designs(t, &scenario.Document{Topology: before}, &scenario.Document{Topology: after}, Options{})
	var res []string
	for _, r := range c.Resources {
		res = append(res, line(r))
	}
	if want := []string{`~ subnet s1/app | routeTable: (absent) → "rt"`, "+ routeTable rt", "+ route rt/s2-via-nva"}; !slices.Equal(res, want) {
		t.Errorf("resources %q, want %q", res, want)
	}
	b := c.Behaviour
	if len(b.Pairs) != 1 {
		t.Fatalf("pairs: %+v", b.Pairs)
	}
	p := b.Pairs[0]
	if p.From != "vm1/nic0" || p.To != "vm2/nic0" || p.Change != Rerouted || !slices.Equal(p.Before.Path, []string{"vm1/nic0", "vm2/nic0"}) ||
		!slices.Equal(p.After.Path, []string{"vm1/nic0", "nva/nic0", "vm2/nic0"}) || p.After.Disposition != trace.Delivered {
		t.Errorf("pair: %+v", p)
	}
	if len(b.Routes) != 1 || b.Routes[0].Subnet != "s1/app" || b.Routes[0].Prefix != "10.2.0.0/16" ||
		!strings.HasPrefix(b.Routes[0].Before, "VNetPeering") || !strings.HasPrefix(b.Routes[0].After, "VirtualAppliance 10.0.1.4") {
		t.Errorf("routes: %+v", b.Routes)
	}
}

// TestDesignsEndpointOnOneSide: a VM only in the first design is listed
// once as an endpoint, not as lost pairs.
func TestDesignsEndpointOnOneSide(t *testing.T) {
	before, after := meshWithHub(), meshWithHub()
	after.VMs = after.VMs[:2]
	after.VMs = append(after.VMs, model.VM{ID: "vm3", NICs: []model.NIC{{Name: "nic0", Subnet: "s2/app", PrivateIPAddress: "10.2.1.5"}}})
	c := designs(t, &scenario.Document{Topology: before}, &scenario.Document{Topology: after}, Options{})
	b := c.Behaviour
	if !slices.Equal(b.Endpoints.Removed, []string{"vm2/nic0"}) || !slices.Equal(b.Endpoints.Added, []string{"vm3/nic0"}) {
		t.Errorf("endpoints: %+v", b.Endpoints)
	}
	if len(b.Pairs) != 0 || b.Counts.Pairs != 4 {
		t.Errorf("pairs %+v, counts %+v", b.Pairs, b.Counts)
	}
	if c.Empty() {
		t.Error("Empty with endpoints on one side")
	}
}

// TestDesignsIdentical: a design against itself (and against its copy in
// another order) has no difference.
func TestDesignsIdentical(t *testing.T) {
	for _, name := range []string{"hub-spoke-firewall.json", "er-vpn-coexistence.json", "private-endpoint-dns-hub-resolver.json", "internet-web-standard-lb.json"} {
		d := builtin(t, name)
		r := builtin(t, name)
		slices.Reverse(r.Topology.VNets)
		slices.Reverse(r.Expect)
		r.Layout = nil
		c := designs(t, d, r, Options{})
		if !c.Empty() || c.Behaviour == nil || c.Behaviour.Counts.Pairs == 0 {
			t.Errorf("%s: %+v", name, c)
		}
	}
}

// TestDesignsLimit: a limit cuts each list, the counts stay complete.
func TestDesignsLimit(t *testing.T) {
	on, off := builtin(t, "hub-spoke-firewall.json"), builtin(t, "hub-spoke-firewall-forwarding-off.json")
	b := designs(t, on, off, Options{Limit: 1}).Behaviour
	if len(b.Pairs) != 1 || b.Counts.Lost != 4 || !b.Truncated {
		t.Errorf("pairs %d, counts %+v, truncated %v", len(b.Pairs), b.Counts, b.Truncated)
	}
}

// TestDesignsStopped: a done context returns the document sections, no
// Behaviour, and the context's error.
func TestDesignsStopped(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	on, off := builtin(t, "hub-spoke-firewall.json"), builtin(t, "hub-spoke-firewall-forwarding-off.json")
	c, err := Designs(ctx, Design{Doc: on}, Design{Doc: off, Plane: dataplane.Build(&off.Topology)}, Options{})
	if !errors.Is(err, context.Canceled) || c == nil || c.Behaviour != nil || len(c.Resources) != 1 {
		t.Errorf("err %v, changes %+v", err, c)
	}
}

// TestDesignsProgress: progress counts every row of both sides, in order.
func TestDesignsProgress(t *testing.T) {
	on := builtin(t, "hub-spoke-firewall.json")
	var seen []int
	designs(t, on, on, Options{Progress: func(done, total int) {
		if total != 6 {
			t.Errorf("total %d, want 6", total)
		}
		seen = append(seen, done)
	}})
	if !slices.Equal(seen, []int{1, 2, 3, 4, 5, 6}) {
		t.Errorf("progress %v", seen)
	}
}

// TestDocumentSections: failure sets compare as sets, expectations by id
// and property.
func TestDocumentSections(t *testing.T) {
	a := builtin(t, "hub-spoke-firewall.json")
	b := builtin(t, "hub-spoke-firewall.json")
	a.Failures = map[string][]model.Failure{
		"fw":   {{Kind: model.ApplianceDown, Target: "firewall"}, {Kind: model.PeeringDown, Target: "hub-spoke1"}},
		"gone": {{Kind: model.PeeringDown, Target: "hub-spoke2"}},
		"same": {{Kind: model.PeeringDown, Target: "hub-spoke1"}, {Kind: model.PeeringDown, Target: "hub-spoke2"}},
	}
	b.Failures = map[string][]model.Failure{
		"fw":   {{Kind: model.ApplianceDown, Target: "firewall"}},
		"new":  {{Kind: model.PeeringDown, Target: "hub-spoke2"}},
		"same": {{Kind: model.PeeringDown, Target: "hub-spoke2"}, {Kind: model.PeeringDown, Target: "hub-spoke1"}},
	}
	b.Expect[0].NextHopIPAddress = "10.0.1.5"
	b.Expect = b.Expect[:len(b.Expect)-1]
	c, err := DocumentChanges(a, b)
	if err != nil {
		t.Fatal(err)
	}
	var sets []string
	for _, f := range c.FailureSets {
		sets = append(sets, marker(f.Change)+" "+f.Name+" "+failureList(f.Before)+" "+failureList(f.After))
	}
	want := []string{"~ fw [ApplianceDown:firewall, PeeringDown:hub-spoke1] [ApplianceDown:firewall]", "- gone [PeeringDown:hub-spoke2] []", "+ new [] [PeeringDown:hub-spoke2]"}
	if !slices.Equal(sets, want) {
		t.Errorf("failure sets %q, want %q", sets, want)
	}
	var exps []string
	for _, e := range c.Expectations {
		exps = append(exps, line(e))
	}
	wantE := []string{`~ expectation default-udr | nextHopIpAddress: "10.0.1.4" → "10.0.1.5"`, "- expectation " + a.Expect[len(a.Expect)-1].ID}
	if !slices.Equal(exps, wantE) {
		t.Errorf("expectations %q, want %q", exps, wantE)
	}
	if c.Behaviour != nil || c.Empty() || len(c.Resources) != 0 || len(c.Document) != 0 {
		t.Errorf("changes %+v", c)
	}
}
