package workspace

import (
	"slices"
	"testing"

	"vnetplay/engine/trace"
	"vnetplay/scenarios"
)

// TestMatrixHasPrivateEndpointColumns: in private-endpoint-behind-firewall
// the Reach matrix has a column for each private endpoint, before the
// Internet's, and no row for them: vm-a reaches pe-blob straight over the
// peering (its /32 beats the UDRs) and loses pe-sql, whose reply bypasses
// the firewall that saw the request; the firewall reaches both. A click on
// a private endpoint's cell shows its walk. (The matrix had only the
// firewall and vm-a: what the design teaches was not in it.)
func TestMatrixHasPrivateEndpointColumns(t *testing.T) {
	sc, ok := scenarios.Get("private-endpoint-behind-firewall")
	if !ok {
		t.Fatal("no built-in private-endpoint-behind-firewall")
	}
	w := New()
	w.Do(Import{Name: "pe.json", Text: string(sc.JSON)})
	v, current := w.MatrixView()
	if !current || v.Grouped {
		t.Fatalf("the matrix: current %v, grouped %v", current, v.Grouped)
	}
	var cols, rows []string
	for _, c := range v.Cols {
		cols = append(cols, c.Key)
	}
	for _, r := range v.Rows {
		rows = append(rows, r.Key)
	}
	if want := []string{"firewall/nic0", "vm-a/nic0", "pe-blob", "pe-sql", "Internet"}; !slices.Equal(cols, want) {
		t.Fatalf("columns %v, want %v", cols, want)
	}
	if slices.Contains(rows, "pe-blob") || len(rows) != 2 {
		t.Fatalf("rows %v, want the firewall and vm-a only", rows)
	}
	if !v.Cols[2].PrivateEndpoint || v.Cols[1].PrivateEndpoint || v.Cols[2].Title == "pe-blob" {
		t.Errorf("the heads %+v: a private endpoint's is marked and titled", v.Cols)
	}
	want := map[[2]string]trace.Disposition{
		{"vm-a/nic0", "pe-blob"}: trace.Delivered, {"vm-a/nic0", "pe-sql"}: trace.DroppedAsymmetric,
		{"firewall/nic0", "pe-blob"}: trace.Delivered, {"firewall/nic0", "pe-sql"}: trace.Delivered,
	}
	for _, row := range v.Cells {
		for _, c := range row {
			if d, ok := want[[2]string{c.From, c.To}]; ok {
				if c.Disposition != d || c.Self {
					t.Errorf("%s → %s = %s (%s), want %s", c.From, c.To, c.Disposition, c.Reason, d)
				}
				delete(want, [2]string{c.From, c.To})
			}
		}
	}
	if len(want) > 0 {
		t.Errorf("cells missing: %v", want)
	}
	w.Do(PickWalk{From: "vm-a/nic0", To: "pe-sql"})
	tr, _, _, ok := w.Walk()
	if !ok || tr == nil || tr.Disposition != trace.DroppedAsymmetric || len(tr.Hops) == 0 {
		t.Fatalf("the walk vm-a → pe-sql: %+v", tr)
	}
}
