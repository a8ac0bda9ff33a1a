package conformance_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// asDesign is one VNet with the given address space and subnets.
func asDesign(space string, subnets ...string) model.Topology {
	return model.Topology{VNets: []model.VNet{hsVNet("vnet", space, subnets...)}}
}

// asWant checks that validating topo reports code with sev exactly when want.
func asWant(t *testing.T, what string, topo model.Topology, code string, sev model.Severity, want bool) {
	t.Helper()
	ds := model.Validate(&topo, nil)
	if got := hsHasDiag(ds, code, sev); got != want {
		t.Errorf("%s: %s reported %v, want %v;%s", what, code, got, want, hsDiagCodes(ds))
	}
}

// TestRule_address_space_reserved_addresses checks
// rule:address-space.reserved-addresses: the network address, .1, .2, .3
// and the last address of a subnet are Azure's; .4 up to the last but one
// are usable (rule:address-space.reserved-addresses).
func TestRule_address_space_reserved_addresses(t *testing.T) {
	for _, tc := range []struct {
		ip       string
		reserved bool
	}{
		{"10.0.1.0", true}, {"10.0.1.1", true}, {"10.0.1.2", true}, {"10.0.1.3", true}, {"10.0.1.255", true},
		{"10.0.1.4", false}, {"10.0.1.254", false},
	} {
		topo := asDesign("10.0.0.0/16", "app=10.0.1.0/24")
		topo.VMs = []model.VM{hsVM("vm", "vnet/app", tc.ip)}
		asWant(t, "NIC at "+tc.ip, topo, "ip.reserved", model.Error, tc.reserved)
	}
}

// TestRule_address_space_subnet_sizes checks rule:address-space.subnet-sizes:
// IPv4 subnets from /29 to /2 (current FAQ), IPv6 subnets exactly /64 (rule:address-space.subnet-sizes).
func TestRule_address_space_subnet_sizes(t *testing.T) {
	for _, tc := range []struct {
		space, subnet, code string
		bad                 bool
	}{
		{"10.0.0.0/16", "10.0.1.0/29", "subnet.too-small", false},
		{"10.0.0.0/16", "10.0.1.0/30", "subnet.too-small", true},
		{"0.0.0.0/1", "0.0.0.0/2", "subnet.too-large", false},
		{"0.0.0.0/1", "0.0.0.0/1", "subnet.too-large", true},
		{"fd00::/48", "fd00::/64", "subnet.ipv6-size", false},
		{"fd00::/48", "fd00::/63", "subnet.ipv6-size", true},
		{"fd00::/48", "fd00::/65", "subnet.ipv6-size", true},
	} {
		asWant(t, tc.subnet, asDesign(tc.space, "s="+tc.subnet), tc.code, model.Error, tc.bad)
	}
}

// TestRule_address_space_subnet_containment checks
// rule:address-space.subnet-containment: a subnet must lie inside the VNet's
// address space and must not overlap another subnet (rule:address-space.subnet-containment).
func TestRule_address_space_subnet_containment(t *testing.T) {
	asWant(t, "subnet inside", asDesign("10.0.0.0/16", "a=10.0.1.0/24"), "subnet.outside-address-space", model.Error, false)
	asWant(t, "subnet outside", asDesign("10.0.0.0/16", "a=10.1.1.0/24"), "subnet.outside-address-space", model.Error, true)
	asWant(t, "subnet straddling the edge", asDesign("10.0.0.0/24", "a=10.0.0.0/23"), "subnet.outside-address-space", model.Error, true)
	asWant(t, "disjoint subnets", asDesign("10.0.0.0/16", "a=10.0.1.0/24", "b=10.0.2.0/24"), "subnet.overlap", model.Error, false)
	asWant(t, "overlapping subnets", asDesign("10.0.0.0/16", "a=10.0.1.0/24", "b=10.0.1.128/25"), "subnet.overlap", model.Error, true)
}

// TestRule_address_space_forbidden_ranges checks
// rule:address-space.forbidden-ranges: a VNet cannot use 224.0.0.0/4,
// 255.255.255.255/32, 127.0.0.0/8, 169.254.0.0/16 or 168.63.129.16/32 (rule:address-space.forbidden-ranges).
func TestRule_address_space_forbidden_ranges(t *testing.T) {
	for space, bad := range map[string]bool{
		"224.0.0.0/4": true, "230.1.0.0/16": true, "255.255.255.255/32": true, "127.0.0.0/8": true,
		"169.254.0.0/16": true, "168.63.129.0/24": true, "168.63.129.16/32": true,
		"10.0.0.0/16": false, "172.16.0.0/12": false, "192.168.0.0/16": false, "168.63.130.0/24": false,
	} {
		asWant(t, space, asDesign(space), "vnet.reserved-range", model.Error, bad)
	}
	// The message says how the range meets the reserved one ("169.254.0.0/16
	// overlaps 169.254.0.0/16" before).
	for space, says := range map[string]string{
		"169.254.0.0/16":  "169.254.0.0/16 is the reserved range 169.254.0.0/16",
		"230.1.0.0/16":    "230.1.0.0/16 lies inside the reserved range 224.0.0.0/4",
		"168.63.129.0/24": "168.63.129.0/24 contains the reserved range 168.63.129.16/32",
	} {
		topo := asDesign(space)
		ds := model.Validate(&topo, nil)
		if !slices.ContainsFunc(ds, func(d model.Diagnostic) bool { return d.Code == "vnet.reserved-range" && strings.Contains(d.Msg, says) }) {
			t.Errorf("%s: no vnet.reserved-range saying %q: %v", space, says, ds)
		}
	}
}

// TestRule_address_space_region_and_layer3 checks
// rule:address-space.region-and-layer3: a VNet lives in one region, which
// decides whether a peering is global; it carries unicast IP only, so a
// subnet's broadcast address reaches no VM (rule:address-space.region-and-layer3).
func TestRule_address_space_region_and_layer3(t *testing.T) {
	for _, tc := range []struct {
		loc  string
		want route.NextHopType
	}{{"westeurope", route.VNetPeering}, {"eastus", route.VNetGlobalPeering}} {
		topo := model.Topology{VNets: []model.VNet{hsVNet("a", "10.0.0.0/16", "app=10.0.1.0/24"), hsVNet("b", "10.1.0.0/16", "app=10.1.1.0/24")},
			Peerings: []model.Peering{hsPeering("a-b", "a", "b")}}
		topo.VNets[1].Location = tc.loc
		if e, ok := hsActive(t, hsPlane(t, topo), "a/app", "10.1.0.0/16"); !ok || e.NextHop != tc.want {
			t.Errorf("peer in %s: next hop %s, want %s", tc.loc, e.NextHop, tc.want)
		}
	}
	topo := asDesign("10.0.0.0/16", "app=10.0.1.0/24")
	topo.VMs = []model.VM{hsVM("vm", "vnet/app", "10.0.1.4"), hsVM("vm2", "vnet/app", "10.0.1.5")}
	if tr := hsTrace(t, hsPlane(t, topo), "vm", "10.0.1.255"); tr.Disposition == trace.Delivered {
		t.Errorf("broadcast address: %s, want no delivery (no Layer 2 broadcast)", tr.Disposition)
	}
}

// TestRule_address_space_special_subnets checks
// rule:address-space.special-subnets: VMs cannot be placed in GatewaySubnet;
// GatewaySubnet takes no 0.0.0.0/0 UDR; RouteServerSubnet takes no route
// table and is at least /26 (section W); AzureBastionSubnet is at least /26
// (rule:address-space.special-subnets).
func TestRule_address_space_special_subnets(t *testing.T) {
	vmInGw := asDesign("10.0.0.0/16", "GatewaySubnet=10.0.255.0/27")
	vmInGw.VMs = []model.VM{hsVM("vm", "vnet/GatewaySubnet", "10.0.255.4")}
	asWant(t, "VM in GatewaySubnet", vmInGw, "nic.special-subnet", model.Error, true)

	gwDefault := asDesign("10.0.0.0/16", "GatewaySubnet=10.0.255.0/27")
	gwDefault.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{{Name: "d", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.1.4"}}}}
	gwDefault.VNets[0].Subnets[0].RouteTable = "rt"
	ds := model.Validate(&gwDefault, nil)
	if !hsHasDiag(ds, "routetable.gateway-default-route", model.Error) && !hsHasDiag(ds, "routetable.gateway-default-route", model.Warning) {
		t.Errorf("0.0.0.0/0 UDR on GatewaySubnet: want routetable.gateway-default-route, got%s", hsDiagCodes(ds))
	}

	rsTable := asDesign("10.0.0.0/16", "RouteServerSubnet=10.0.254.0/26")
	rsTable.RouteTables = []model.RouteTable{{ID: "rt"}}
	rsTable.VNets[0].Subnets[0].RouteTable = "rt"
	ds = model.Validate(&rsTable, nil)
	if !hsHasDiag(ds, "subnet.routeserver-route-table", model.Error) && !hsHasDiag(ds, "subnet.routeserver-route-table", model.Warning) {
		t.Errorf("route table on RouteServerSubnet: want subnet.routeserver-route-table, got%s", hsDiagCodes(ds))
	}
	for pfx, bad := range map[string]bool{"10.0.254.0/26": false, "10.0.254.0/27": true} {
		ds := model.Validate(ptr(asDesign("10.0.0.0/16", "RouteServerSubnet="+pfx)), nil)
		if got := hsHasDiag(ds, "subnet.routeserver-too-small", model.Error) || hsHasDiag(ds, "subnet.routeserver-too-small", model.Warning); got != bad {
			t.Errorf("RouteServerSubnet %s: too small %v, want %v", pfx, got, bad)
		}
	}
	for pfx, bad := range map[string]bool{"10.0.254.0/26": false, "10.0.254.0/25": false, "10.0.254.0/27": true} {
		asWant(t, "AzureBastionSubnet "+pfx, asDesign("10.0.0.0/16", "AzureBastionSubnet="+pfx), "subnet.bastion-too-small", model.Warning, bad)
	}
}

// TestRule_address_space_limits checks rule:address-space.limits: a VNet
// holds at most 3,000 subnets (rule:address-space.limits).
func TestRule_address_space_limits(t *testing.T) {
	for n, bad := range map[int]bool{3000: false, 3001: true} {
		topo := asDesign("10.0.0.0/16")
		for i := range n {
			topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: fmt.Sprintf("s%d", i),
				AddressPrefix: fmt.Sprintf("10.0.%d.%d/29", i/32, (i%32)*8)})
		}
		asWant(t, fmt.Sprintf("%d subnets", n), topo, "vnet.too-many-subnets", model.Error, bad)
	}
}
