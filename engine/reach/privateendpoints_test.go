package reach

import (
	"fmt"
	"strconv"
	"testing"

	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/trace"
)

// TestPrivateEndpointCells: topo's c gets an Approved private endpoint and
// a Pending one. Its /32 route reaches its own VNet and the directly
// peered b, not a (peering is not transitive); the Pending endpoint
// carries nothing. Every cell is the walk Explain gives for its pair.
func TestPrivateEndpointCells(t *testing.T) {
	tp := topo()
	tp.VNets[2].Subnets = append(tp.VNets[2].Subnets, model.Subnet{Name: "pe", AddressPrefix: "10.2.1.0/24"})
	tp.PrivateEndpoints = []model.PrivateEndpoint{
		{ID: "pe-wait", Subnet: "c/pe", PrivateIPAddress: "10.2.1.5", PrivateLinkServiceID: "acct", GroupIDs: []string{"blob"}, ConnectionState: model.PEPending},
		{ID: "pe-blob", Subnet: "c/pe", PrivateIPAddress: "10.2.1.4", PrivateLinkServiceID: "acct", GroupIDs: []string{"blob"}},
	}
	p := dataplane.Build(&tp)
	pes := PrivateEndpointColumns(p)
	if len(pes) != 2 || pes[0] != "pe-blob" || pes[1] != "pe-wait" {
		t.Fatalf("columns %v, want [pe-blob pe-wait]", pes)
	}
	flow := trace.Flow{Protocol: "Tcp", DstPort: 443}
	froms := []string{"x/nic", "y/nic", "z/nic"}
	cells := PrivateEndpointCells(p, flow, froms, pes)
	want := map[[2]string]trace.Disposition{
		{"x/nic", "pe-blob"}: trace.DroppedByNoneRoute, {"y/nic", "pe-blob"}: trace.Delivered, {"z/nic", "pe-blob"}: trace.Delivered,
		{"y/nic", "pe-wait"}: trace.DroppedEndpointNotApproved, {"z/nic", "pe-wait"}: trace.DroppedEndpointNotApproved,
	}
	if len(cells) != len(froms)*len(pes) {
		t.Fatalf("%d cells, want %d", len(cells), len(froms)*len(pes))
	}
	for i, c := range cells {
		if c.From != froms[i/len(pes)] || c.To != pes[i%len(pes)] {
			t.Errorf("cell %d is %s → %s, out of order", i, c.From, c.To)
		}
		if w, ok := want[[2]string{c.From, c.To}]; ok && c.Disposition != w {
			t.Errorf("%s → %s = %s (%s), want %s", c.From, c.To, c.Disposition, c.Reason, w)
		}
		if e := Explain(p, flow, c.From, c.To); e.Disposition != c.Disposition || e.Reason != c.Reason {
			t.Errorf("%s → %s = %s (%s), its walk says %s (%s)", c.From, c.To, c.Disposition, c.Reason, e.Disposition, e.Reason)
		}
	}
}

// TestPrivateEndpointColumnsBounded: past MaxPrivateEndpointColumns
// endpoints, the first by id.
func TestPrivateEndpointColumnsBounded(t *testing.T) {
	tp := topo()
	tp.VNets[2].Subnets = append(tp.VNets[2].Subnets, model.Subnet{Name: "pe", AddressPrefix: "10.2.1.0/24"})
	for i := range MaxPrivateEndpointColumns + 5 {
		tp.PrivateEndpoints = append(tp.PrivateEndpoints, model.PrivateEndpoint{ID: fmt.Sprintf("pe%02d", i), Subnet: "c/pe",
			PrivateIPAddress: "10.2.1." + strconv.Itoa(10+i), PrivateLinkServiceID: "acct"})
	}
	got := PrivateEndpointColumns(dataplane.Build(&tp))
	if len(got) != MaxPrivateEndpointColumns || got[0] != "pe00" {
		t.Errorf("columns %v: want the first %d by id", got, MaxPrivateEndpointColumns)
	}
}
