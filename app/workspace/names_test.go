package workspace

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

const (
	blobName = "stvnetplay.blob.core.windows.net"
	sqlName  = "sql-vnetplay.database.windows.net"
)

// namesCell finds the cell from → name of v.
func namesCell(t *testing.T, v NamesView, from, name string) NameCell {
	t.Helper()
	for i, r := range v.Rows {
		for j, c := range v.Cols {
			if r.Key == from && c.Key == name {
				return v.Cells[i][j]
			}
		}
	}
	t.Fatalf("no cell %s × %s in rows %v, columns %v", from, name, v.Rows, v.Cols)
	return NameCell{}
}

// TestNamesMatrixHubResolver: in private-endpoint-dns-hub-resolver the
// columns are the two private endpoints' FQDNs (sorted), the rows every
// endpoint; vm1 (its spoke asks the hub's resolver) and the on-premises
// client get the private addresses (green), vm2 (no zone link) and the P2S
// laptop the public ones (amber).
func TestNamesMatrixHubResolver(t *testing.T) {
	w, _ := open(t, "private-endpoint-dns-hub-resolver")
	w.Do(OpenTab{Tab: TabNames})
	v := w.NamesView()
	var cols []string
	for _, c := range v.Cols {
		cols = append(cols, c.Key)
	}
	if !slices.Equal(cols, []string{sqlName, blobName}) {
		t.Errorf("columns %v, want the two endpoints' FQDNs sorted", cols)
	}
	if v.Endpoints != len(v.Rows) || v.Names != len(v.Cols) || v.Note != "" {
		t.Errorf("a note or a cap on a small design: %+v", v)
	}
	for _, tc := range []struct{ from, name, class, tone, text string }{
		{"vm1/nic0", blobName, "private", ToneOK, "10.1.2.5"},
		{"vm1/nic0", sqlName, "private", ToneOK, "10.1.2.6"},
		{"vm2/nic0", blobName, "public", ToneWarn, "20.60.0.10"},
		{"dc/client", blobName, "private", ToneOK, "10.1.2.5"},
		{"hub-vpngw/laptop", sqlName, "public", ToneWarn, "20.61.0.20"},
	} {
		c := namesCell(t, v, tc.from, tc.name)
		if c.Class != tc.class || c.Tone != tc.tone || c.Text != tc.text || !strings.HasPrefix(c.Full, tc.text+" (") {
			t.Errorf("%s × %s: %+v, want %s %s %s", tc.from, tc.name, c, tc.class, tc.tone, tc.text)
		}
		if strings.Contains(c.Why, "rule:") {
			t.Errorf("%s × %s: a rule code in the reason: %q", tc.from, tc.name, c.Why)
		}
	}
	if again := w.NamesView(); &again.Cells[0][0] != &v.Cells[0][0] {
		t.Error("the matrix was computed again for the same version of the design")
	}
}

// TestNamesMatrixPeering: in dns-does-not-flow-across-peering the columns
// are the zone's record, the expectations' names (single labels included);
// Azure-provided names do not cross the peering (NXDOMAIN, red), the zone
// linked to both VNets answers in both (green).
func TestNamesMatrixPeering(t *testing.T) {
	w, _ := open(t, "dns-does-not-flow-across-peering")
	v := w.NamesView()
	var cols []string
	for _, c := range v.Cols {
		cols = append(cols, c.Key)
	}
	want := []string{"app.corp.contoso.com", "vm1", "vm1.corp.contoso.com", "vm2", "vm2.corp.contoso.com"}
	if !slices.Equal(cols, want) {
		t.Errorf("columns %v, want %v", cols, want)
	}
	for _, tc := range []struct{ from, name, tone, text string }{
		{"vm1/nic0", "vm2", ToneBad, "NXDOMAIN"},
		{"vm2/nic0", "vm1", ToneBad, "NXDOMAIN"},
		{"vm2/nic0", "vm2", ToneOK, "10.2.1.4"},
		{"vm1/nic0", "vm2.corp.contoso.com", ToneOK, "10.2.1.4"},
		{"vm2/nic0", "app.corp.contoso.com", ToneOK, "10.1.1.10"},
	} {
		if c := namesCell(t, v, tc.from, tc.name); c.Tone != tc.tone || c.Text != tc.text {
			t.Errorf("%s × %s: %+v, want %s %s", tc.from, tc.name, c, tc.tone, tc.text)
		}
	}
}

// TestNamesCap: a design with more names and endpoints than the panel
// shows keeps to the caps and says how many there are.
func TestNamesCap(t *testing.T) {
	doc := &scenario.Document{Name: "big"}
	top := &doc.Topology
	top.VNets = []model.VNet{{ID: "v", Location: "westeurope", AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}},
		Subnets: []model.Subnet{{Name: "s", AddressPrefix: "10.0.0.0/22"}}}}
	z := model.PrivateDnsZone{ID: "corp.example.com", VirtualNetworkLinks: []model.VirtualNetworkLink{{Name: "l", VirtualNetwork: "v"}}}
	for i := range 70 {
		n := "vm" + strconv.Itoa(i)
		ip := "10.0." + strconv.Itoa(i/200) + "." + strconv.Itoa(4+i%200)
		top.VMs = append(top.VMs, model.VM{ID: n, NICs: []model.NIC{{Name: "nic0", Subnet: "v/s", PrivateIPAddress: ip}}})
	}
	for i := range 45 {
		z.RecordSets = append(z.RecordSets, model.RecordSet{Name: "h" + strconv.Itoa(i), Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.0.3." + strconv.Itoa(i+1)}}})
	}
	z.RecordSets = append(z.RecordSets, model.RecordSet{Name: "@", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.0.3.100"}}},
		model.RecordSet{Name: "H0", Type: "A", ARecords: []model.ARecord{{IPv4Address: "10.0.3.1"}}}) // a duplicate, in other case
	top.PrivateDNSZones = []model.PrivateDnsZone{z}
	data, err := scenario.Encode(doc)
	if err != nil {
		t.Fatal(err)
	}
	w, st := startedWS(t)
	w.Settle(st, w.Do(Import{Name: "big.json", Text: string(data)}))
	v := w.NamesView()
	if v.Endpoints != 70 || v.Names != 46 {
		t.Fatalf("%d endpoints and %d names counted, want 70 and 46 (45 records, the apex, a duplicate dropped)", v.Endpoints, v.Names)
	}
	if len(v.Rows) != NamesMaxEndpoints || len(v.Cols) != NamesMaxNames || len(v.Cells) != NamesMaxEndpoints || len(v.Cells[0]) != NamesMaxNames {
		t.Errorf("%d rows × %d columns shown, want %d × %d", len(v.Rows), len(v.Cols), NamesMaxEndpoints, NamesMaxNames)
	}
	for _, want := range []string{"40 of 46 names", "60 of 70 endpoints"} {
		if !strings.Contains(v.Note, want) {
			t.Errorf("the note %q does not say %q", v.Note, want)
		}
	}
	if v.Cols[0].Key != "corp.example.com" {
		t.Errorf("first column %q, want the zone's apex", v.Cols[0].Key)
	}
	if c := v.Cells[0][0]; c.Tone != ToneOK || c.Text != "10.0.3.100" {
		t.Errorf("the apex from vm0: %+v", c)
	}
}

// TestNameWalkFollowsTheDesign: the picked cell's walk is listed in words
// and drawn through the endpoint, the resolver and the zone to the private
// endpoint; it survives any number of renders (the same walk), is
// recomputed when the design changes (the spoke's peering fails: vm1 can no
// longer reach the resolver), and goes when its endpoint goes.
func TestNameWalkFollowsTheDesign(t *testing.T) {
	w, _ := open(t, "private-endpoint-dns-hub-resolver")
	w.Do(OpenTab{Tab: TabNames})
	if _, ok := w.NameWalk(); ok {
		t.Fatal("a walk before a cell is picked")
	}
	w.Do(PickName{From: "vm1/nic0", Name: blobName})
	nw, ok := w.NameWalk()
	if !ok || nw.Tone != ToneOK || len(nw.Steps) == 0 || !strings.Contains(nw.Names, "privatelink") {
		t.Fatalf("vm1's walk: %+v", nw)
	}
	for _, s := range nw.Steps {
		if strings.Contains(s.Text, "rule:") {
			t.Errorf("a rule code on screen: %q", s.Text)
		}
	}
	want := []string{canvas.Key(kinds.VM, "vm1"), canvas.Key(kinds.DNSResolver, "dnsr"),
		canvas.Key(kinds.PrivateDNSZone, "privatelink.blob.core.windows.net"), canvas.Key(kinds.PrivateEndpoint, "pe-blob")}
	if !isSubsequence(want, nw.Path) {
		t.Errorf("path %v, want it through %v in order", nw.Path, want)
	}
	if nw.Path[0] != want[0] {
		t.Errorf("path starts at %s, want the endpoint %s", nw.Path[0], want[0])
	}
	for _, k := range nw.Path {
		if _, ok := w.Snap().Scene.Node(k); !ok {
			t.Errorf("path node %s is not drawn", k)
		}
	}
	w.Do(Select{Key: "vnet:hub"}) // a render's worth of other actions
	if again, _ := w.NameWalk(); !slices.Equal(again.Path, nw.Path) || again.Text != nw.Text {
		t.Errorf("the walk changed without a change of design: %+v", again)
	}
	if f, t2, ok := w.PickedName(); !ok || f != "vm1/nic0" || t2 != blobName {
		t.Errorf("picked %s × %s (%v)", f, t2, ok)
	}

	w.Do(ToggleFailure{Failure: model.Failure{Kind: model.PeeringDown, Target: "hub-spoke1"}})
	failed, ok := w.NameWalk()
	if !ok || failed.Tone != ToneBad || failed.Text != "failed" {
		t.Errorf("with the spoke's peering down vm1's walk is %+v, want failed", failed)
	}
	if c := namesCell(t, w.NamesView(), "vm1/nic0", blobName); c.Text != "failed" {
		t.Errorf("the matrix was not recomputed: %+v", c)
	}
	w.Do(RestoreAll{})
	if back, _ := w.NameWalk(); back.Tone != ToneOK {
		t.Errorf("restored: %+v", back)
	}

	w.Do(Select{Key: canvas.Key(kinds.VM, "vm1")})
	w.Do(DeleteSelection{})
	if _, ok := w.NameWalk(); ok {
		t.Error("the walk of a deleted VM is still shown")
	}
	w.Do(PickName{From: "vm2/nic0", Name: blobName})
	if nw, ok := w.NameWalk(); !ok || nw.Tone != ToneWarn {
		t.Errorf("vm2: %+v", nw)
	}
	w.Do(ClearName{})
	if _, ok := w.NameWalk(); ok {
		t.Error("ClearName left the walk")
	}
}

func isSubsequence(want, got []string) bool {
	i := 0
	for _, g := range got {
		if i < len(want) && g == want[i] {
			i++
		}
	}
	return i == len(want)
}
