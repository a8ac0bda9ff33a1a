package gen

import (
	"fmt"

	"vnetplay/engine/model"
)

// UDRTables is a design heavy in bytes and light to draw: a hub VNet and
// n route tables of 400 UDRs each (Azure's limit per table), not
// associated with any subnet. Each table is about 56 kB of compact
// scenario JSON and 87 kB indented: 45 tables are about 2.5 MB stored,
// 50 tables about 2.8 MB stored and 4.3 MB as an indented file. The
// limits tests use it.
func UDRTables(n int) model.Topology {
	t := model.Topology{VNets: []model.VNet{{ID: "hub", Location: "westeurope",
		AddressSpace: model.AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}}}}
	for i := range max(n, 0) {
		rt := model.RouteTable{ID: fmt.Sprintf("rt-%03d", i), Location: "westeurope"}
		for j := range 400 {
			rt.Routes = append(rt.Routes, model.Route{Name: fmt.Sprintf("to-branch-office-number-%03d-%03d", i, j),
				AddressPrefix: fmt.Sprintf("172.%d.%d.%d/26", 16+i%16, j/4, j%4*64), NextHopType: "VirtualAppliance", NextHopIPAddress: "10.0.1.4"})
		}
		t.RouteTables = append(t.RouteTables, rt)
	}
	return t
}
