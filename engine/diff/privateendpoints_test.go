package diff

import (
	"slices"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// TestDesignsPrivateEndpointPairs: pe-blob's connection turned Pending in
// private-endpoint-behind-firewall loses the pairs to it (the design diff
// said "0 lost": private endpoints were no column of its pairs), and only
// those: pe-sql's are unchanged.
func TestDesignsPrivateEndpointPairs(t *testing.T) {
	before := builtin(t, "private-endpoint-behind-firewall.json")
	after := scenario.Clone(before)
	i := slices.IndexFunc(after.Topology.PrivateEndpoints, func(pe model.PrivateEndpoint) bool { return pe.ID == "pe-blob" })
	after.Topology.PrivateEndpoints[i].ConnectionState = model.PEPending
	b := designs(t, before, after, Options{}).Behaviour
	var lost []string
	for _, p := range b.Pairs {
		if p.Change != LostPair || p.To != "pe-blob" || p.After.Disposition != trace.DroppedEndpointNotApproved {
			t.Errorf("pair %+v", p)
		}
		lost = append(lost, p.From+" → "+p.To)
	}
	if want := []string{"firewall/nic0 → pe-blob", "vm-a/nic0 → pe-blob"}; !slices.Equal(lost, want) {
		t.Errorf("lost %v, want %v", lost, want)
	}
	if b.Counts.Pairs != 2*(2+2) {
		t.Errorf("counts %+v: two endpoints, each to the other, two private endpoints and the Internet", b.Counts)
	}
}

// TestWhatIfLosesPrivateEndpointPairs: the peering from spoke-a to the
// private endpoints' VNet failed, vm-a loses pe-blob (its /32 came over
// that peering; pe-sql it could not reach before either).
func TestWhatIfLosesPrivateEndpointPairs(t *testing.T) {
	doc := builtin(t, "private-endpoint-behind-firewall.json")
	var peering string
	for _, p := range doc.Topology.Peerings {
		if (p.A.VNet == "spoke-a" && p.B.VNet == "pe-vnet") || (p.A.VNet == "pe-vnet" && p.B.VNet == "spoke-a") {
			peering = p.ID
		}
	}
	if peering == "" {
		t.Fatal("no spoke-a – pe-vnet peering")
	}
	before := Take(dataplane.Build(&doc.Topology))
	after := Take(dataplane.Build(&doc.Topology, dataplane.WithFailures([]model.Failure{{Kind: model.PeeringDown, Target: peering}})))
	var lost []string
	for _, c := range ComparePairs(before, after).Pairs {
		if c.Change == Lost {
			lost = append(lost, c.From+" → "+c.To)
		}
	}
	if !slices.Contains(lost, "vm-a/nic0 → pe-blob") {
		t.Errorf("lost %v: vm-a → pe-blob is not among them", lost)
	}
}
