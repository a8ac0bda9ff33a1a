package workspace

import (
	"slices"
	"strings"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/gen"
	"vnetplay/engine/model"
	"vnetplay/engine/reach"
	"vnetplay/engine/scenario"
	"vnetplay/engine/trace"
)

// TestMatrixViewGroupsPrivateEndpoints: past GroupAbove endpoints, a VNet's
// private endpoints are a column group (no row group), before the
// Internet's; each group cell sums the engine's walks from the row group's
// endpoints to them, and a drill-down shows those walks endpoint by
// endpoint, the columns marked as private endpoints. (Shown by group, the
// matrix had no private endpoint at all: a reviewer of a big design could
// not see whether its private endpoints are reachable.)
func TestMatrixViewGroupsPrivateEndpoints(t *testing.T) {
	tp := gen.HubSpokeScale(gen.Params{N: 60, Subnets: 2, Prefixes: 10, Seed: 1})
	tp.PrivateEndpoints = []model.PrivateEndpoint{
		{ID: "pe-a", Subnet: "spoke001/data", PrivateIPAddress: "10.1.1.10", PrivateLinkServiceID: "st-a", GroupIDs: []string{"blob"}},
		{ID: "pe-b", Subnet: "spoke001/data", PrivateIPAddress: "10.1.1.11", PrivateLinkServiceID: "st-b", GroupIDs: []string{"blob"}},
		{ID: "pe-c", Subnet: "spoke002/data", PrivateIPAddress: "10.1.5.10", PrivateLinkServiceID: "sql-c", GroupIDs: []string{"sqlServer"}},
	}
	doc := &scenario.Document{Topology: tp}
	plane := engine.Analyze(doc).Plane
	flow := trace.Flow{Protocol: "Tcp", DstPort: 443}
	m := reach.Compute(plane, flow)
	if len(m.Rows) <= GroupAbove {
		t.Fatalf("only %d endpoints", len(m.Rows))
	}
	groups, _ := groupEndpoints(plane, m.Rows)
	pes := []string{"pe-a", "pe-b", "pe-c"}
	byPair := map[[2]string]reach.Cell{}
	for _, c := range reach.PrivateEndpointCells(plane, flow, m.Rows, pes) {
		byPair[[2]string{c.From, c.To}] = c
	}
	peGroup := map[string][]string{"pe:spoke001": {"pe-a", "pe-b"}, "pe:spoke002": {"pe-c"}}

	first := buildMatrixView(plane, m, flow, matrixState{})
	if first.ColPage.Total != first.RowPage.Total+3 {
		t.Fatalf("row groups %d, column groups %d: want the private endpoints' two groups and the Internet's more", first.RowPage.Total, first.ColPage.Total)
	}
	seen := map[string]bool{}
	total := 0
	for rp := 0; rp*GroupPage < first.RowPage.Total; rp++ {
		for cp := 0; cp*GroupPage < first.ColPage.Total; cp++ {
			v := buildMatrixView(plane, m, flow, matrixState{rowPage: rp, colPage: cp})
			for _, r := range v.Rows {
				if peColumn(r.Key) {
					t.Fatalf("a row of private endpoints: %+v", r)
				}
			}
			var keys []string
			for _, c := range v.Cols {
				keys = append(keys, c.Key)
			}
			for j, c := range v.Cols {
				want, ok := peGroup[c.Key]
				if !ok {
					continue
				}
				if !c.PrivateEndpoint || (j+1 < len(keys) && !peColumn(keys[j+1]) && keys[j+1] != reach.Internet) {
					t.Fatalf("the private endpoints' column %+v: marked, and after the endpoints' groups (columns %v)", c, keys)
				}
				seen[c.Key] = true
				for i, row := range v.Cells {
					n, good := 0, 0
					for _, a := range groups[v.Rows[i].Key] {
						for _, b := range want {
							n++
							if byPair[[2]string{a, b}].Disposition.Success() {
								good++
							}
						}
					}
					if got := row[j]; got.Total != n || got.OK != good {
						t.Fatalf("%s → %s: %d of %d, want %d of %d", v.Rows[i].Key, c.Key, got.OK, got.Total, good, n)
					}
					total += n
				}
			}
		}
	}
	if !seen["pe:spoke001"] || !seen["pe:spoke002"] || total != len(m.Rows)*len(pes) {
		t.Fatalf("private endpoints' columns seen %v, %d pairs summed, want %d", seen, total, len(m.Rows)*len(pes))
	}

	d := buildMatrixView(plane, m, flow, matrixState{from: "vnet:hub", to: "pe:spoke001"})
	if d.Grouped || len(d.Rows) != len(groups["vnet:hub"]) || len(d.Cols) != 2 || !d.Cols[0].PrivateEndpoint {
		t.Fatalf("drill-down hub → spoke001's private endpoints: %d×%d, grouped %v, heads %+v", len(d.Rows), len(d.Cols), d.Grouped, d.Cols)
	}
	for _, row := range d.Cells {
		for _, c := range row {
			want := byPair[[2]string{c.From, c.To}]
			if c.Self || c.Disposition != want.Disposition || c.Reason != want.Reason {
				t.Fatalf("drill-down cell %+v, want %+v", c, want)
			}
		}
	}
	if back := buildMatrixView(plane, m, flow, matrixState{from: "pe:spoke001", to: "vnet:hub"}); !back.Grouped {
		t.Fatal("a drill-down from private endpoints (which start no flow) does not fall back to the groups")
	}
	if !slices.ContainsFunc(d.Cols, func(h MatrixHead) bool { return h.Key == "pe-b" }) {
		t.Fatalf("drill-down columns %+v", d.Cols)
	}
}

// peColumn: the key of a VNet's private endpoints' column group.
func peColumn(k string) bool { return strings.HasPrefix(k, "pe:") }
