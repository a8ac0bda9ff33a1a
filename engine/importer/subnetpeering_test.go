package importer

import (
	"os"
	"strings"
	"testing"
)

// TestSubnetPeeringNotStale: a subnet peering's remoteAddressSpace holds the
// remote subnets' ranges, not a stale copy of the remote VNet's space, so
// the whole-VNet peering it is imported as has no remoteAddressSpace (no
// false LocalNotInSync, rule:peering.address-space-sync), and the report
// names the subnets Azure limits it to (audit ab/rest-gets.json).
func TestSubnetPeeringNotStale(t *testing.T) {
	data, err := os.ReadFile("testdata/rest-subnet-peering.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Import(data, "rest-subnet-peering.json")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range r.Document.Topology.Peerings {
		for _, l := range []string{"A", "B"} {
			link := p.A
			if l == "B" {
				link = p.B
			}
			if link.RemoteAddressSpace != nil {
				t.Errorf("peering %s side %s (%s): remoteAddressSpace %v taken as a stale copy", p.ID, l, link.VNet, link.RemoteAddressSpace.AddressPrefixes)
			}
		}
	}
	text := r.Report.Text()
	if !strings.Contains(text, "subnets c ↔ a") || !strings.Contains(text, "whole-VNet peering") {
		t.Errorf("report does not name the subnets the peering is limited to:\n%s", text)
	}
}
