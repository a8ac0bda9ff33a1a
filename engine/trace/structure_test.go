package trace

import (
	"net/netip"
	"reflect"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
)

// structuredHubSpoke is hubSpoke with NSGs at both levels: app's NIC has
// nic-app (an outbound allow), spoke1/app has sub-app (no rules: the
// default rules decide, rule:nsg.default-rules), spoke2/db has sub-db (inbound: deny from
// 10.1.0.0/16 to port 22).
func structuredHubSpoke() model.Topology {
	topo := hubSpoke()
	topo.VNets[1].Subnets[0].NetworkSecurityGroup = "sub-app"
	topo.VNets[2].Subnets[0].NetworkSecurityGroup = "sub-db"
	topo.VMs[1].NICs[0].NetworkSecurityGroup = "nic-app"
	topo.NSGs = []model.NSG{
		{ID: "nic-app", SecurityRules: []model.SecurityRule{nsgRule("allow-out", 100, "Outbound", "Allow", "*", "*", "*", "*")}},
		{ID: "sub-app"},
		{ID: "sub-db", SecurityRules: []model.SecurityRule{nsgRule("deny-ssh", 200, "Inbound", "Deny", "Tcp", "10.1.0.0/16", "*", "22")}},
	}
	return topo
}

// stepOf returns the first step of kind k at hop h, or fails.
func stepOf(t *testing.T, tr *Trace, h int, k StepKind) Step {
	t.Helper()
	if h >= len(tr.Hops) {
		t.Fatalf("no hop %d:\n%s", h, render(tr))
	}
	for _, s := range tr.Hops[h].Steps {
		if s.Kind == k {
			return s
		}
	}
	t.Fatalf("no %s step at hop %d:\n%s", k, h, render(tr))
	return Step{}
}

// TestStructuredSteps checks that a full walk carries its decisions as
// data: each hop's kind, the effective route a Route step used (rule:outputs.effective-route-fields, with
// Next hop's routeTableId, rule:outputs.next-hop-query), the peering a Peering step crossed (rule:peering.link-states),
// and the NSGs an NSG step evaluated, in Azure's order (outbound the NIC's
// then the subnet's, inbound the subnet's then the NIC's, rule:nsg.subnet-then-nic) with the
// rule that decided each (rule:nsg.default-rules, rule:nsg.priority-first-match).
func TestStructuredSteps(t *testing.T) {
	p := dataplane.Build(ptrTo(structuredHubSpoke()))
	tr := Run(p, Flow{Src: "app/nic0", DstIP: netip.MustParseAddr("10.2.1.4"), Protocol: "Tcp", DstPort: 443})
	if tr.Disposition != Delivered || len(tr.Hops) != 3 {
		t.Fatalf("app → db:\n%s", render(tr))
	}
	for i, want := range []string{"app/nic0", "fw/nic0", "db/nic0"} {
		if h := tr.Hops[i]; h.Node != want || h.Kind != HopNetworkInterface {
			t.Errorf("hop %d = %s (%s), want %s (%s)", i, h.Node, h.Kind, want, HopNetworkInterface)
		}
	}
	if got, want := stepOf(t, tr, 0, StepNSG).NSGs, []NSGVerdict{
		{NetworkSecurityGroup: "nic-app", AppliedTo: AppliedToNIC, Direction: "Outbound", RuleName: "allow-out", Priority: 100, Access: "Allow"},
		// 10.2.1.4 is in spoke1's VirtualNetwork tag through the UDR's
		// prefix (rule:nsg.virtualnetwork-tag), so AllowVnetOutBound decides.
		{NetworkSecurityGroup: "sub-app", AppliedTo: AppliedToSubnet, Direction: "Outbound", RuleName: "AllowVnetOutBound", Priority: 65000, Access: "Allow"},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("outbound NSGs at app:\ngot  %+v\nwant %+v", got, want)
	}
	if got, want := stepOf(t, tr, 0, StepRoute).Route, (&RouteUsed{Subnet: "spoke1/app", AddressPrefix: "10.2.0.0/16", Source: "User",
		NextHopType: "VirtualAppliance", NextHopIPAddress: []string{"10.0.1.4"}, RouteTableID: "rt1", Name: "to2", Origin: "route table rt1 route to2"}); !reflect.DeepEqual(got, want) {
		t.Errorf("route at app:\ngot  %+v\nwant %+v", got, want)
	}
	if got, want := stepOf(t, tr, 0, StepPeering).Peering, (&PeeringCrossed{Peering: "h1", From: "spoke1", To: "hub", PeeringState: "Connected"}); !reflect.DeepEqual(got, want) {
		t.Errorf("peering from spoke1:\ngot  %+v\nwant %+v", got, want)
	}
	if got := stepOf(t, tr, 1, StepRoute).Route; got == nil || got.Subnet != "hub/nva" || got.Source != "Default" || got.NextHopType != "VNetPeering" ||
		got.RouteTableID != dataplane.SystemRoute || got.Name != "" || got.NextHopIPAddress == nil || len(got.NextHopIPAddress) != 0 {
		t.Errorf("route at fw (a system route, rule:outputs.next-hop-query): %+v", got)
	}
	if got, want := stepOf(t, tr, 2, StepNSG).NSGs, []NSGVerdict{
		{NetworkSecurityGroup: "sub-db", AppliedTo: AppliedToSubnet, Direction: "Inbound", RuleName: "AllowVNetInBound", Priority: 65000, Access: "Allow"},
	}; !reflect.DeepEqual(got, want) {
		t.Errorf("inbound NSGs at db:\ngot  %+v\nwant %+v", got, want)
	}
	// The prose is what it was.
	if d := stepOf(t, tr, 0, StepNSG).Detail; d != "outbound allowed by nic-app rule allow-out; allowed by sub-app rule AllowVnetOutBound" {
		t.Errorf("NSG step detail %q", d)
	}

	// An NSG denial: the drop carries the NSG that denied.
	tr = Run(p, Flow{Src: "app/nic0", DstIP: netip.MustParseAddr("10.2.1.4"), Protocol: "Tcp", DstPort: 22})
	drop := stepOf(t, tr, 2, StepDrop)
	if want := []NSGVerdict{{NetworkSecurityGroup: "sub-db", AppliedTo: AppliedToSubnet, Direction: "Inbound", RuleName: "deny-ssh", Priority: 200, Access: "Deny"}}; tr.Disposition != DroppedByNSG || !reflect.DeepEqual(drop.NSGs, want) {
		t.Errorf("app → db:22: %s, drop NSGs %+v, want %+v", tr.Disposition, drop.NSGs, want)
	}
	for _, h := range tr.Hops {
		if h.Steps == nil {
			t.Errorf("hop %s has nil steps", h.Node)
		}
	}
}

// TestQuietWalksCarryNoStructure: a Walker's walks (the matrix's) record
// no steps, so none of the structure, and give the same outcome.
func TestQuietWalksCarryNoStructure(t *testing.T) {
	p := dataplane.Build(ptrTo(structuredHubSpoke()))
	f := Flow{Src: "app/nic0", DstIP: netip.MustParseAddr("10.2.1.4"), Protocol: "Tcp", DstPort: 443}
	full := Run(p, f)
	quiet := NewWalker(p, Options{}, false).Run(f)
	if quiet.Disposition != full.Disposition || quiet.Reason != full.Reason {
		t.Fatalf("quiet %s (%s), full %s (%s)", quiet.Disposition, quiet.Reason, full.Disposition, full.Reason)
	}
	for _, h := range quiet.Hops {
		if h.Kind != "" || len(h.Steps) != 0 {
			t.Errorf("quiet hop %+v", h)
		}
	}
}

func ptrTo(t model.Topology) *model.Topology { return &t }
