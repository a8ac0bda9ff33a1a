package workspace

import (
	"strings"
	"testing"

	"vnetplay/app/kinds"
	"vnetplay/app/store"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// azureRow is one row of `az network nic show-effective-route-table`.
func azureRow(source, state, prefix, hop, ip string) string {
	ips := "[]"
	if ip != "" {
		ips = `["` + ip + `"]`
	}
	return `{"source": "` + source + `", "state": "` + state + `", "addressPrefix": ["` + prefix +
		`"], "nextHopType": "` + hop + `", "nextHopIpAddress": ` + ips + `}`
}

func azureTable(rows ...string) string {
	return `{"nextLink": null, "value": [` + strings.Join(rows, ",\n") + `]}`
}

// vm1Match is what Azure lists for hub-spoke-firewall's vm1: the design's
// four routes.
var vm1Match = azureTable(
	azureRow("Default", "Active", "10.1.0.0/16", "VnetLocal", ""),
	azureRow("Default", "Active", "10.0.0.0/16", "VNetPeering", ""),
	azureRow("Default", "Invalid", "0.0.0.0/0", "Internet", ""),
	azureRow("User", "Active", "0.0.0.0/0", "VirtualAppliance", "10.0.1.4"),
)

// vm1NoUDR is vm1's table in a deployment whose subnet lacks the route
// table: no user route, the Internet default route active.
var vm1NoUDR = azureTable(
	azureRow("Default", "Active", "10.1.0.0/16", "VnetLocal", ""),
	azureRow("Default", "Active", "10.0.0.0/16", "VNetPeering", ""),
	azureRow("Default", "Active", "0.0.0.0/0", "Internet", ""),
	azureRow("Default", "Active", "25.33.80.0/20", "None", ""),
)

func kindsOf(rows []CompareRow) map[string]int {
	out := map[string]int{}
	for _, r := range rows {
		out[r.Kind]++
	}
	return out
}

// TestNICComparison: Azure's table of hub-spoke-firewall's vm1 set against
// the design's routes: a matching table gives four quiet rows; one without
// the route table's UDR a Missing row (with the design's origin in words),
// the default route Different in its state, and a platform None route set
// apart; a text that cannot be read is refused with the reason, keeping
// the last table read; the comparison follows the design when it changes.
func TestNICComparison(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	if c := w.NICComparison("vm1"); c.NIC != "vm1/nic0" || c.Read || len(c.Rows) != 0 {
		t.Fatalf("before a paste: %+v", c)
	}
	w.Do(NICComparePaste{NIC: "vm1/nic0"}.WithValue(vm1Match))
	c := w.NICComparison("vm1")
	if !c.Read || c.Err != "" || c.Subnet != "spoke1/app" || c.Summary.Match != 4 || c.Summary.Differences() != 0 || len(c.Rows) != 4 {
		t.Fatalf("matching table: %+v", c)
	}
	for _, r := range c.Rows {
		if r.Kind != "match" || r.Design == "" || r.Azure == "" || r.Why == "" || strings.Contains(r.Why, "rule:") {
			t.Errorf("row %+v: want a match with both sides and the design's reason in words", r)
		}
	}

	w.Do(NICComparePaste{NIC: "vm1/nic0", Text: vm1NoUDR})
	c = w.NICComparison("vm1")
	got := kindsOf(c.Rows)
	if got["missing"] != 1 || got["different"] != 1 || got["match"] != 2 || len(c.Platform) != 1 || c.Summary.Platform != 1 {
		t.Fatalf("table without the UDR: kinds %v, platform %d: %+v", got, len(c.Platform), c.Rows)
	}
	for _, r := range c.Rows {
		switch r.Kind {
		case "missing":
			if r.Prefix != "0.0.0.0/0" || r.Azure != "" || !strings.Contains(r.Design, "User, Active, VirtualAppliance 10.0.1.4") ||
				!strings.Contains(r.Why, "route table rt-spokes route default-to-firewall") || !strings.Contains(r.Note, "route table") {
				t.Errorf("missing row: %+v", r)
			}
		case "different":
			if r.Prefix != "0.0.0.0/0" || len(r.Differences) != 1 || r.Differences[0] != "state" {
				t.Errorf("different row: %+v", r)
			}
		}
		if strings.Contains(r.Note+r.Why, "rule:") {
			t.Errorf("a rule code on screen: %+v", r)
		}
	}

	w.Do(NICComparePaste{NIC: "vm1/nic0", Text: `{"value": [{"source": "Default"`})
	c = w.NICComparison("vm1")
	if !strings.Contains(c.Err, "cannot be read") || !c.Read || kindsOf(c.Rows)["missing"] != 1 || !strings.HasPrefix(c.Text, `{"value"`) {
		t.Errorf("unreadable text: err %q, read %v, rows %v", c.Err, c.Read, kindsOf(c.Rows))
	}
	w.Do(NICComparePaste{NIC: "vm1/nic0", File: "big.json", Err: "the file is 20 MB"})
	if c := w.NICComparison("vm1"); c.Err != "big.json: the file is 20 MB" || !strings.HasPrefix(c.Text, `{"value"`) || !c.Read {
		t.Errorf("a file refused: %+v", c)
	}

	// The comparison follows the design: without the route table the
	// design predicts the Internet route this deployment has (and the
	// reserved None routes a 0.0.0.0/0 UDR had removed).
	w.Do(NICComparePaste{NIC: "vm1/nic0", Text: vm1NoUDR})
	if got := kindsOf(w.NICComparison("vm1").Rows); got["different"] != 1 {
		t.Fatalf("with the route table: kinds %v", got)
	}
	w.Do(SetProperty{Ref: store.Ref{Kind: kinds.Subnet, ID: "spoke1/app"}, Path: "routeTable", Value: ""})
	c = w.NICComparison("vm1")
	if got := kindsOf(c.Rows); got["match"] != 3 || got["different"] != 0 || got["missing"] != 4 {
		t.Errorf("after removing the route table: kinds %v, %+v", got, c.Rows)
	}
	for _, r := range c.Rows {
		if r.Kind == "missing" && !strings.HasPrefix(r.Design, "Default, Active, None") {
			t.Errorf("after removing the route table, missing %+v", r)
		}
	}

	w.Do(NICComparePaste{NIC: "vm1/nic0", Text: "  "})
	if c := w.NICComparison("vm1"); c.Read || c.Text != "" {
		t.Errorf("an empty text leaves %+v", c)
	}
	if c := w.NICComparison("nobody"); c.Unavailable == "" {
		t.Errorf("unknown VM: %+v", c)
	}
}

// TestNICComparisonChoosesTheNIC: a VM's NICs are offered; the table and
// the comparison are the chosen NIC's; a table belongs to its design.
func TestNICComparisonChoosesTheNIC(t *testing.T) {
	w, st := open(t, "hub-spoke-firewall")
	orig, err := scenario.EncodeFile(w.Snap().Doc)
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := scenario.Decode(orig, scenario.Strict) // a copy, canonical: hub, spoke1, spoke2; firewall, vm1, vm2
	if err != nil {
		t.Fatal(err)
	}
	top := &d.Topology
	top.VNets[1].Subnets = append(top.VNets[1].Subnets, model.Subnet{Name: "data", AddressPrefix: "10.1.2.0/24"})
	top.VMs[1].NICs = append(top.VMs[1].NICs, model.NIC{Name: "nic1", Subnet: "spoke1/data", PrivateIPAddress: "10.1.2.4"})
	b, err := scenario.EncodeFile(d)
	if err != nil {
		t.Fatal(err)
	}
	w.Settle(st, w.Do(Import{Name: "two-nics.json", Text: string(b)}))
	if c := w.NICComparison("vm1"); len(c.NICs) != 2 || c.NIC != "vm1/nic0" {
		t.Fatalf("vm1's NICs: %+v", c)
	}
	w.Do(NICComparePaste{NIC: "vm1/nic0", Text: vm1Match})
	w.Do(NICCompareChoose{VM: "vm1"}.WithValue("vm1/nic1"))
	c := w.NICComparison("vm1")
	if c.NIC != "vm1/nic1" || c.Read || c.Text != "" {
		t.Fatalf("nic1 shows nic0's table: %+v", c)
	}
	w.Do(NICComparePaste{NIC: "vm1/nic1", Text: vm1NoUDR})
	c = w.NICComparison("vm1")
	if got := kindsOf(c.Rows); c.Subnet != "spoke1/data" || got["match"] != 3 || got["missing"] != 4 || len(c.Platform) != 1 {
		t.Errorf("nic1 (no route table) against the table without the UDR: subnet %s, kinds %v", c.Subnet, got)
	}
	w.Do(NICCompareChoose{VM: "vm1"}.WithValue("vm1/other"))
	if c := w.NICComparison("vm1"); c.NIC != "vm1/nic0" || c.Summary.Match != 4 {
		t.Errorf("a NIC the VM lacks is chosen, or nic0 lost its table: %+v", c)
	}
	w.Settle(st, w.Do(OpenBuiltin{Name: "hub-spoke-firewall"}))
	if c := w.NICComparison("vm1"); c.Read || c.Text != "" {
		t.Errorf("another design shows the first one's table: %+v", c)
	}
}

// TestNICComparisonFollowsARename: Azure's table pasted for vm1's NIC is
// still vm1's after vm1 is renamed vm1b (its NIC is then vm1b/nic0), and
// after the rename is undone; the NIC chosen for a VM with several
// follows it too. On the build before, the renamed VM's Inspector showed
// an empty comparison: the table stayed under vm1/nic0, as if never
// pasted.
func TestNICComparisonFollowsARename(t *testing.T) {
	w, _ := open(t, "hub-spoke-firewall")
	w.Do(NICComparePaste{NIC: "vm1/nic0", Text: vm1Match})
	w.Do(Rename{Ref: store.Ref{Kind: kinds.VM, ID: "vm1"}, Name: "vm1b"})
	if _, err := w.Snap().Fields(store.Ref{Kind: kinds.VM, ID: "vm1b"}); err != nil {
		t.Fatalf("the rename: %v (notice %q)", err, w.Notice().Text)
	}
	c := w.NICComparison("vm1b")
	if c.NIC != "vm1b/nic0" || c.Text != vm1Match || !c.Read || c.Summary.Match != 4 {
		t.Errorf("after renaming vm1 to vm1b its comparison is %+v, want the table pasted for vm1/nic0 with 4 matches", c)
	}
	w.Do(Undo{})
	if c := w.NICComparison("vm1"); c.Text != vm1Match || !c.Read {
		t.Errorf("after the rename undone vm1's comparison is %+v, want the table pasted", c)
	}
}
