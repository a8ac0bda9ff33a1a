package importer

import (
	"os"
	"strings"
	"testing"
	"unicode/utf16"
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

// TestImportUTF16: an az output saved by Windows PowerShell 5.1 (`>`:
// UTF-16 little-endian with a byte order mark) imports as its UTF-8 twin
// does (audit ab/bad/utf16-real.json failed with "invalid character 'ÿ'").
func TestImportUTF16(t *testing.T) {
	data, err := os.ReadFile("testdata/rest-subnet-peering.json")
	if err != nil {
		t.Fatal(err)
	}
	units := utf16.Encode([]rune(string(data)))
	le := []byte{0xFF, 0xFE}
	for _, u := range units {
		le = append(le, byte(u), byte(u>>8))
	}
	want, err := Import(data, "x.json")
	if err != nil {
		t.Fatal(err)
	}
	got, err := Import(le, "x.json")
	if err != nil {
		t.Fatalf("UTF-16: %v", err)
	}
	if len(got.Document.Topology.VNets) != len(want.Document.Topology.VNets) || got.Report.Text() != want.Report.Text() {
		t.Errorf("UTF-16 import differs from UTF-8:\n%s\n---\n%s", got.Report.Text(), want.Report.Text())
	}
	if _, err := Import(le[2:], "x.json"); err == nil || !strings.Contains(err.Error(), "UTF-16") {
		t.Errorf("UTF-16 without a byte order mark: %v, want an error naming UTF-16", err)
	}
}

// TestRESTNamedREST: REST GET bodies (properties nested) are named REST in
// the report, not az (audit ab/rest-gets.json).
func TestRESTNamedREST(t *testing.T) {
	data, err := os.ReadFile("testdata/rest-subnet-peering.json")
	if err != nil {
		t.Fatal(err)
	}
	r, err := Import(data, "x.json")
	if err != nil {
		t.Fatal(err)
	}
	if r.Report.Format != "rest" || !strings.Contains(r.Report.Text(), "import report (rest)") {
		t.Errorf("format %q, report:\n%s", r.Report.Format, r.Report.Text())
	}
}

// TestGraphPageAllRows: a Resource Graph result whose totalRecords equals
// its row count but that is marked truncated does not say "11 of 11 rows".
func TestGraphPageAllRows(t *testing.T) {
	data := []byte(`{"totalRecords":1,"count":1,"resultTruncated":"true","data":[{"id":"/subscriptions/s/resourceGroups/r/providers/Microsoft.Network/virtualNetworks/v","name":"v","type":"microsoft.network/virtualnetworks","properties":{"addressSpace":{"addressPrefixes":["10.0.0.0/16"]}}}]}`)
	r, err := Import(data, "x.json")
	if err != nil {
		t.Fatal(err)
	}
	text := r.Report.Text()
	if strings.Contains(text, "1 of 1 rows") || !strings.Contains(text, "truncated") {
		t.Errorf("report:\n%s", text)
	}
}
