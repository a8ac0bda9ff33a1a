package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// hostile is a small file (about 230 kB of scenario JSON) that asks for
// millions of findings: one VNet of 3,000 subnets (Azure's limit) all
// using one table of 400 routes (Azure's limit), half to the virtual
// network gateway of a VNet that has none, half to appliance addresses out
// of every VNet.
func hostile() Topology {
	vn := VNet{ID: "v", AddressSpace: AddressSpace{AddressPrefixes: []string{"10.0.0.0/8"}}}
	for i := range 3000 {
		vn.Subnets = append(vn.Subnets, Subnet{Name: fmt.Sprintf("s%04d", i), AddressPrefix: fmt.Sprintf("10.%d.%d.0/24", i/256, i%256), RouteTable: "rt"})
	}
	rt := RouteTable{ID: "rt"}
	for i := range 400 {
		r := Route{Name: fmt.Sprintf("r%03d", i), AddressPrefix: fmt.Sprintf("172.%d.%d.0/24", 16+i/256, i%256), NextHopType: HopVirtualNetworkGateway}
		if i%2 == 1 {
			r.NextHopType, r.NextHopIPAddress = HopVirtualAppliance, fmt.Sprintf("192.168.%d.4", i)
		}
		rt.Routes = append(rt.Routes, r)
	}
	return Topology{VNets: []VNet{vn}, RouteTables: []RouteTable{rt}}
}

// TestFindingsBoundedPerPath: a check that finds the same thing at one
// path for each of thousands of subnets keeps MaxFindingsPerPath of them
// and one finding that counts the rest, with their highest severity.
func TestFindingsBoundedPerPath(t *testing.T) {
	topo := hostile()
	ds := Validate(&topo, nil)
	type key struct{ code, path string }
	kept := map[key]int{}
	summaries := map[key]Diagnostic{}
	for _, d := range ds {
		k := key{d.Code, d.Path}
		if strings.HasPrefix(d.Msg, "and ") && strings.Contains(d.Msg, "more") {
			summaries[k] = d
			continue
		}
		kept[k]++
	}
	for k, n := range kept {
		if n > MaxFindingsPerPath {
			t.Errorf("%d %s findings at %s, more than %d", n, k.code, k.path, MaxFindingsPerPath)
		}
	}
	k := key{"route.no-gateway", "routeTables[rt].routes[r000]"}
	if kept[k] != MaxFindingsPerPath {
		t.Errorf("%v: %d kept, want %d", k, kept[k], MaxFindingsPerPath)
	}
	want := fmt.Sprintf("and %d more route.no-gateway findings here", 3000-MaxFindingsPerPath)
	if s, ok := summaries[k]; !ok || !strings.HasPrefix(s.Msg, want) || s.Severity != Warning {
		t.Errorf("%v: summary %+v, want %q (a warning)", k, s, want)
	}
	// An appliance out of reach is out of its VNet's reach: said once.
	if k := (key{"route.appliance-unreachable", "routeTables[rt].routes[r001].nextHopIpAddress"}); kept[k] != 1 {
		t.Errorf("%v: %d findings for one VNet, want 1", k, kept[k])
	}
	if max := 200*(MaxFindingsPerPath+1) + 200*2; len(ds) > max {
		t.Errorf("%d findings for 400 routes, want at most %d", len(ds), max)
	}
	if again := Validate(&topo, nil); !slices.Equal(again, ds) { // the summaries come from a map
		t.Errorf("a second validation of the same design differs")
	}

	// 30 VNets using a table whose appliance none can reach: 30 errors at
	// one path, 20 kept and one that counts 10, an error too.
	var vnets Topology
	vnets.RouteTables = []RouteTable{{ID: "rt", Routes: []Route{{Name: "fw", AddressPrefix: "0.0.0.0/0", NextHopType: HopVirtualAppliance, NextHopIPAddress: "192.168.0.4"}}}}
	for i := range 30 {
		vnets.VNets = append(vnets.VNets, VNet{ID: fmt.Sprintf("v%02d", i), AddressSpace: AddressSpace{AddressPrefixes: []string{fmt.Sprintf("10.%d.0.0/16", i)}},
			Subnets: []Subnet{{Name: "a", AddressPrefix: fmt.Sprintf("10.%d.0.0/24", i), RouteTable: "rt"}}})
	}
	n, summary := 0, Diagnostic{}
	for _, d := range Validate(&vnets, nil) {
		if d.Code == "route.appliance-unreachable" {
			if strings.HasPrefix(d.Msg, "and ") {
				summary = d
			} else {
				n++
			}
		}
	}
	if n != MaxFindingsPerPath || !strings.HasPrefix(summary.Msg, "and 10 more route.appliance-unreachable findings here") || summary.Severity != Error {
		t.Errorf("30 VNets out of the appliance's reach: %d findings and %+v", n, summary)
	}
}

// TestGatewayRouteFindingsPerVNet: a VNet's gateways are the VNet's, not
// each subnet's: the ExpressRoute findings of a route to the virtual
// network gateway are given once per VNet, however many of its subnets use
// the table.
func TestGatewayRouteFindingsPerVNet(t *testing.T) {
	topo := Topology{
		VNets: []VNet{{ID: "hub", AddressSpace: AddressSpace{AddressPrefixes: []string{"10.0.0.0/16"}}, Subnets: []Subnet{
			{Name: GatewaySubnet, AddressPrefix: "10.0.0.0/27"},
			{Name: "a", AddressPrefix: "10.0.1.0/24", RouteTable: "rt"},
			{Name: "b", AddressPrefix: "10.0.2.0/24", RouteTable: "rt"},
			{Name: "c", AddressPrefix: "10.0.3.0/24", RouteTable: "rt"},
		}}},
		RouteTables: []RouteTable{{ID: "rt", Routes: []Route{{Name: "onprem", AddressPrefix: "192.168.0.0/16", NextHopType: HopVirtualNetworkGateway}}}},
		Gateways:    []VirtualNetworkGateway{{ID: "er", VNet: "hub", GatewayType: GatewayExpressRoute, Sku: "Standard"}},
	}
	n := 0
	for _, d := range Validate(&topo, nil) {
		if d.Code == "route.expressroute-gateway" {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d route.expressroute-gateway findings for one VNet, want 1", n)
	}
}
