package conformance_test

import (
	"net/netip"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// Conformance tests for docs/rules/system-routes.md (rule book section B).
// Expected values come from the facts and the Microsoft page each rule
// cites, not from the engine's output.

// routingDefault is an Active system route with no next-hop IP.
func routingDefault(hop route.NextHopType) routingWant {
	return routingWant{hop: hop, source: route.Default, state: route.Active}
}

// TestRule_system_routes_default_set checks rule:system-routes.default-set:
// every subnet gets one VnetLocal route per address range of its VNet,
// 0.0.0.0/0 to Internet and the four reserved ranges 10.0.0.0/8,
// 172.16.0.0/12, 192.168.0.0/16 and 100.64.0.0/10 to None (rule:system-routes.default-set; four, not
// three, per rule:system-routes.default-set and section W), and no other system route.
func TestRule_system_routes_default_set(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[{"id":"v","location":"westeurope",
		"addressSpace":{"addressPrefixes":["10.0.0.0/16","10.1.0.0/16"]},
		"subnets":[{"name":"s1","addressPrefix":"10.0.1.0/24"},{"name":"s2","addressPrefix":"10.1.1.0/24"}]}]}`)
	for _, sn := range []string{"v/s1", "v/s2"} {
		want := map[string]routingWant{
			"10.0.0.0/16":    routingDefault(route.VnetLocal),
			"10.1.0.0/16":    routingDefault(route.VnetLocal),
			"0.0.0.0/0":      routingDefault(route.Internet),
			"10.0.0.0/8":     routingDefault(route.None),
			"172.16.0.0/12":  routingDefault(route.None),
			"192.168.0.0/16": routingDefault(route.None),
			"100.64.0.0/10":  routingDefault(route.None),
		}
		for p, w := range want {
			routingExpect(t, a, sn, p, w)
		}
		if rs := routingTable(t, a, sn); len(rs) != len(want) {
			t.Errorf("%s: %d routes, want exactly the %d default routes:%s", sn, len(rs), len(want), routingDump(rs))
		}
	}
}

// TestRule_system_routes_no_per_subnet_route checks
// rule:system-routes.no-per-subnet-route: Azure adds no route per subnet;
// traffic between two subnets of a VNet uses the VnetLocal route of the
// address range that holds both (rule:system-routes.no-per-subnet-route), and is delivered.
func TestRule_system_routes_no_per_subnet_route(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[{"id":"v","location":"westeurope",
		"addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"a","addressPrefix":"10.0.1.0/24"},{"name":"b","addressPrefix":"10.0.2.0/24"}]}],
		"virtualMachines":[
		{"id":"vma","networkInterfaces":[{"name":"nic0","subnet":"v/a","privateIpAddress":"10.0.1.4"}]},
		{"id":"vmb","networkInterfaces":[{"name":"nic0","subnet":"v/b","privateIpAddress":"10.0.2.4"}]}]}`)
	for _, sn := range []string{"v/a", "v/b"} {
		routingAbsent(t, a, sn, "10.0.1.0/24", nil)
		routingAbsent(t, a, sn, "10.0.2.0/24", nil)
	}
	if e := routingLookup(t, a, "v/a", "10.0.2.4"); e.Prefix != netip.MustParsePrefix("10.0.0.0/16") || e.NextHop != route.VnetLocal {
		t.Errorf("a → b uses %s → %s, want the address-range route 10.0.0.0/16 → VnetLocal", e.Prefix, e.NextHop)
	}
	routingExpectTrace(t, routingTrace(t, a, "vma", "vmb"), trace.Delivered, "")
}

// TestRule_system_routes_vnet_range_replaces_reserved checks
// rule:system-routes.vnet-range-replaces-reserved: a VNet range equal to a
// reserved prefix turns that prefix into a VnetLocal route; a range that
// contains a reserved prefix and is larger removes the reserved None route
// and is routed as VnetLocal itself (rule:system-routes.vnet-range-replaces-reserved).
func TestRule_system_routes_vnet_range_replaces_reserved(t *testing.T) {
	for _, tc := range []struct {
		name, vnetRange, subnet, reserved string
		equal                             bool
	}{
		{"equal 10.0.0.0/8", "10.0.0.0/8", "10.0.1.0/24", "10.0.0.0/8", true},
		{"equal 192.168.0.0/16", "192.168.0.0/16", "192.168.1.0/24", "192.168.0.0/16", true},
		{"equal 100.64.0.0/10", "100.64.0.0/10", "100.64.1.0/24", "100.64.0.0/10", true},
		{"larger 172.0.0.0/8 contains 172.16.0.0/12", "172.0.0.0/8", "172.1.0.0/24", "172.16.0.0/12", false},
		{"larger 192.0.0.0/8 contains 192.168.0.0/16", "192.0.0.0/8", "192.0.1.0/24", "192.168.0.0/16", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, `{"vnets":[{"id":"v","location":"westeurope",
				"addressSpace":{"addressPrefixes":["`+tc.vnetRange+`"]},
				"subnets":[{"name":"s","addressPrefix":"`+tc.subnet+`"}]}]}`)
			if !tc.equal {
				routingAbsent(t, a, "v/s", tc.reserved, nil) // the reserved route is deleted
			}
			routingExpect(t, a, "v/s", tc.vnetRange, routingDefault(route.VnetLocal))
			if got := routingWithPrefix(t, a, "v/s", tc.vnetRange); len(got) != 1 {
				t.Errorf("%d routes for %s, want only the VnetLocal one:%s", len(got), tc.vnetRange, routingDump(got))
			}
		})
	}
}

// TestPeeredRangeReplacesReserved checks
// rule:system-routes.vnet-range-replaces-reserved read for peered VNets: a
// peered VNet's range equal to a reserved prefix (192.168.0.0/16) or
// containing one (172.0.0.0/8 holds 172.16.0.0/12) leaves no reserved
// None route in the peer's subnets, so the peering route carries the
// traffic; a VNet not peered with it keeps the None route. On the build
// before, v1 → 192.168.1.4 was dropped by the None route (listed as
// "overridden by a user route" with no user route), and v1 → 172.16.1.4
// too.
func TestPeeredRangeReplacesReserved(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[
		{"id":"v1","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24"}]},
		{"id":"v2","location":"westeurope","addressSpace":{"addressPrefixes":["192.168.0.0/16"]},"subnets":[{"name":"s","addressPrefix":"192.168.1.0/24"}]},
		{"id":"v3","location":"westeurope","addressSpace":{"addressPrefixes":["172.0.0.0/8"]},"subnets":[{"name":"s","addressPrefix":"172.16.1.0/24"}]}],
		"peerings":[{"id":"p12","a":{"vnet":"v1"},"b":{"vnet":"v2"}},{"id":"p13","a":{"vnet":"v1"},"b":{"vnet":"v3"}}]}`)
	for _, pfx := range []string{"192.168.0.0/16", "172.16.0.0/12"} {
		for _, e := range routingWithPrefix(t, a, "v1/s", pfx) {
			if e.NextHop == route.None {
				t.Errorf("v1/s: the reserved %s None route is listed (%s, %s)", pfx, e.State, e.Reason)
			}
		}
	}
	routingExpect(t, a, "v1/s", "192.168.0.0/16", routingDefault(route.VNetPeering))
	routingExpect(t, a, "v1/s", "10.0.0.0/8", routingDefault(route.None)) // its own range is inside: kept
	for dst, hop := range map[string]route.NextHopType{"192.168.1.4": route.VNetPeering, "172.16.1.4": route.VNetPeering, "10.5.0.1": route.None} {
		if e := routingLookup(t, a, "v1/s", dst); e.NextHop != hop {
			t.Errorf("v1/s: %s → %s %s, want %s", dst, e.Prefix, e.NextHop, hop)
		}
	}
	// v2 is peered with v1 only: 172.16.0.0/12 stays None there.
	routingExpect(t, a, "v2/s", "172.16.0.0/12", routingDefault(route.None))
}

// TestRule_system_routes_vnet_inside_reserved checks
// rule:system-routes.vnet-inside-reserved: a VNet of 10.0.0.0/16 keeps the
// reserved 10.0.0.0/8 None route beside its own VnetLocal route; longest
// prefix sends the VNet's addresses to VnetLocal and the rest of 10/8 to
// None (rule:system-routes.vnet-inside-reserved, the docs' Subnet2 table).
func TestRule_system_routes_vnet_inside_reserved(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[{"id":"v","location":"westeurope",
		"addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24"}]}]}`)
	routingExpect(t, a, "v/s", "10.0.0.0/8", routingDefault(route.None))
	routingExpect(t, a, "v/s", "10.0.0.0/16", routingDefault(route.VnetLocal))
	if e := routingLookup(t, a, "v/s", "10.0.200.1"); e.NextHop != route.VnetLocal {
		t.Errorf("10.0.200.1 → %s, want VnetLocal", e.NextHop)
	}
	if e := routingLookup(t, a, "v/s", "10.5.0.1"); e.NextHop != route.None || e.Prefix != netip.MustParsePrefix("10.0.0.0/8") {
		t.Errorf("10.5.0.1 → %s %s, want 10.0.0.0/8 None", e.Prefix, e.NextHop)
	}
}

// TestRule_system_routes_private_unrouted_dropped checks
// rule:system-routes.private-unrouted-dropped: a private destination (RFC
// 1918 or 100.64.0.0/10) that nothing routes is dropped by a None route,
// never sent to the Internet; an unrouted public destination goes to the
// Internet (rule:system-routes.private-unrouted-dropped).
func TestRule_system_routes_private_unrouted_dropped(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[{"id":"v","location":"westeurope",
		"addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24"}]}],
		"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"nic0","subnet":"v/s","privateIpAddress":"10.0.1.4"}]}]}`)
	for _, tc := range []struct {
		dst  string
		want trace.Disposition
	}{
		{"10.9.0.5", trace.DroppedByNoneRoute},
		{"172.20.0.1", trace.DroppedByNoneRoute},
		{"192.168.1.1", trace.DroppedByNoneRoute},
		{"100.64.1.1", trace.DroppedByNoneRoute},
		{"203.0.113.10", trace.ExitsToInternet},
	} {
		routingExpectTrace(t, routingTrace(t, a, "vm", tc.dst), tc.want, "")
	}
}

// TestRule_system_routes_peering_routes checks
// rule:system-routes.peering-routes: a connected peering adds to every
// subnet of each VNet one route per address range of the other VNet, next
// hop VNetPeering within a region and VNetGlobalPeering across regions, with
// no next-hop IP (rule:system-routes.peering-routes, rule:outputs.next-hop-type-names).
func TestRule_system_routes_peering_routes(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[
		{"id":"a","location":"westeurope","addressSpace":{"addressPrefixes":["10.1.0.0/16","10.11.0.0/16"]},
		 "subnets":[{"name":"s1","addressPrefix":"10.1.1.0/24"},{"name":"s2","addressPrefix":"10.11.1.0/24"}]},
		{"id":"b","location":"westeurope","addressSpace":{"addressPrefixes":["10.2.0.0/16"]},
		 "subnets":[{"name":"s1","addressPrefix":"10.2.1.0/24"},{"name":"s2","addressPrefix":"10.2.2.0/24"}]},
		{"id":"c","location":"northeurope","addressSpace":{"addressPrefixes":["10.3.0.0/16"]},
		 "subnets":[{"name":"s1","addressPrefix":"10.3.1.0/24"}]}],
		"peerings":[{"id":"a-b","a":{"vnet":"a"},"b":{"vnet":"b"}},{"id":"a-c","a":{"vnet":"a"},"b":{"vnet":"c"}}]}`)
	regional, global := routingDefault(route.VNetPeering), routingDefault(route.VNetGlobalPeering)
	for _, sn := range []string{"a/s1", "a/s2"} {
		routingExpect(t, a, sn, "10.2.0.0/16", regional)
		routingExpect(t, a, sn, "10.3.0.0/16", global)
	}
	for _, sn := range []string{"b/s1", "b/s2"} {
		routingExpect(t, a, sn, "10.1.0.0/16", regional)
		routingExpect(t, a, sn, "10.11.0.0/16", regional)
		routingAbsent(t, a, sn, "10.3.0.0/16", nil) // b and c are not peered (rule:peering.not-transitive)
	}
	routingExpect(t, a, "c/s1", "10.1.0.0/16", global)
	routingExpect(t, a, "c/s1", "10.11.0.0/16", global)
}

// routingExpectGatewayRoute asserts an Active route for prefix with source
// and next-hop type VirtualNetworkGateway whose next-hop IP lies in
// gatewaySubnet (the gateway's BGP address comes from GatewaySubnet, rule:bgp.peering-address).
func routingExpectGatewayRoute(t *testing.T, an *engine.Analysis, subnet, prefix, gatewaySubnet string) {
	t.Helper()
	for _, e := range routingWithPrefix(t, an, subnet, prefix) {
		if e.Source != route.Gateway || e.NextHop != route.VirtualNetworkGateway {
			continue
		}
		if e.State != route.Active {
			t.Errorf("%s %s: gateway route is %s (%s), want Active", subnet, prefix, e.State, e.Reason)
		}
		if !e.NextHopIP.IsValid() || !routingInPrefix(e.NextHopIP, gatewaySubnet) {
			t.Errorf("%s %s: next-hop IP %s, want an address of GatewaySubnet %s (rule:bgp.peering-address)", subnet, prefix, e.NextHopIP, gatewaySubnet)
		}
		return
	}
	t.Errorf("%s: no VirtualNetworkGateway route for %s; table:%s", subnet, prefix, routingDump(routingTable(t, an, subnet)))
}

// TestRule_system_routes_gateway_routes checks
// rule:system-routes.gateway-routes: a VPN gateway installs in every subnet
// of its VNet the prefixes it learns over BGP and its LNGs' static prefixes,
// with source and next-hop type VirtualNetworkGateway (rule:system-routes.gateway-routes; the REST enum,
// not the example table's "Default", per the rule's conflict note).
func TestRule_system_routes_gateway_routes(t *testing.T) {
	a := routingAnalyse(t, routingHub{}.json())
	for _, sn := range []string{"hub/app1", "hub/app2"} {
		routingExpectGatewayRoute(t, a, sn, "192.168.10.0/24", "10.0.255.0/27") // LNG static prefix
		routingExpectGatewayRoute(t, a, sn, "192.168.20.0/24", "10.0.255.0/27") // learned over BGP
	}
}

// TestRule_system_routes_gateway_routes_in_transit_spokes checks
// rule:system-routes.gateway-routes-in-transit-spokes: a spoke that uses
// the hub's gateway gets the same gateway routes as the hub (on-premises
// prefixes and the point-to-site pool) as VirtualNetworkGateway routes
// (rule:system-routes.gateway-routes-in-transit-spokes).
func TestRule_system_routes_gateway_routes_in_transit_spokes(t *testing.T) {
	a := routingAnalyse(t, routingHub{
		vnets:    []string{routingSpoke("spoke", "10.10", "")},
		peerings: []string{routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true`, `"useRemoteGateways":true`)},
	}.json())
	for _, p := range []string{"192.168.10.0/24", "192.168.20.0/24", "172.16.50.0/24"} {
		routingExpectGatewayRoute(t, a, "spoke/app", p, "10.0.255.0/27")
	}
	hub, spoke := map[netip.Prefix]bool{}, map[netip.Prefix]bool{}
	for _, e := range routingGatewayRoutes(t, a, "hub/app2") {
		hub[e.Prefix] = true
	}
	for _, e := range routingGatewayRoutes(t, a, "spoke/app") {
		spoke[e.Prefix] = true
	}
	for p := range hub {
		if !spoke[p] {
			t.Errorf("hub gateway route %s is missing in the transit spoke", p)
		}
	}
}

// TestRule_system_routes_service_endpoint_routes checks
// rule:system-routes.service-endpoint-routes: enabling a service endpoint
// adds VirtualNetworkServiceEndpoint routes for the service's public ranges
// to that subnet only; another subnet of the same VNet keeps sending that
// traffic to the Internet (rule:system-routes.service-endpoint-routes).
func TestRule_system_routes_service_endpoint_routes(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[{"id":"v","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"on","addressPrefix":"10.0.1.0/24","serviceEndpoints":[{"service":"Microsoft.Storage"}]},
		{"name":"off","addressPrefix":"10.0.2.0/24"}]}]}`)
	var se []route.Effective
	for _, e := range routingTable(t, a, "v/on") {
		if e.NextHop == route.VirtualNetworkServiceEndpoint {
			se = append(se, e)
		}
	}
	if len(se) == 0 {
		t.Fatalf("subnet with the endpoint has no VirtualNetworkServiceEndpoint route:%s", routingDump(routingTable(t, a, "v/on")))
	}
	for _, e := range se {
		if e.Source != route.Default || e.State != route.Active || e.NextHopIP.IsValid() {
			t.Errorf("service-endpoint route %s: source %s state %s ip %s, want Default, Active, no IP", e.Prefix, e.Source, e.State, e.NextHopIP)
		}
		if !e.Prefix.Addr().IsGlobalUnicast() || e.Prefix.Addr().IsPrivate() {
			t.Errorf("service-endpoint prefix %s is not a public range", e.Prefix)
		}
		routingAbsent(t, a, "v/off", e.Prefix.String(), nil)
		if got := routingLookup(t, a, "v/off", e.Prefix.Addr().String()); got.NextHop != route.Internet {
			t.Errorf("subnet without the endpoint sends %s to %s, want Internet", e.Prefix.Addr(), got.NextHop)
		}
	}
}

// TestRule_system_routes_not_editable checks rule:system-routes.not-editable:
// a system route cannot be deleted, only overridden; a UDR with the same
// prefix wins and the system route stays listed as Invalid (rule:system-routes.not-editable, rule:outputs.overridden-stay-listed).
func TestRule_system_routes_not_editable(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[{"id":"v","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24","routeTable":"rt"}]}],
		"routeTables":[{"id":"rt","location":"westeurope","routes":[
			{"name":"vnet-drop","addressPrefix":"10.0.0.0/16","nextHopType":"None"},
			{"name":"rfc1918","addressPrefix":"192.168.0.0/16","nextHopType":"Internet"}]}]}`)
	routingExpect(t, a, "v/s", "10.0.0.0/16", routingWant{hop: route.None, source: route.User, state: route.Active})
	routingExpect(t, a, "v/s", "10.0.0.0/16", routingWant{hop: route.VnetLocal, source: route.Default, state: route.Invalid})
	routingExpect(t, a, "v/s", "192.168.0.0/16", routingWant{hop: route.Internet, source: route.User, state: route.Active})
	routingExpect(t, a, "v/s", "192.168.0.0/16", routingWant{hop: route.None, source: route.Default, state: route.Invalid})
}

// TestRule_system_routes_default_udr_removes_reserved checks
// rule:system-routes.default-udr-removes-reserved: a 0.0.0.0/0 UDR to a
// virtual appliance removes the reserved None routes from the subnets of
// that table while other subnets keep them (rule:system-routes.default-udr-removes-reserved, docs' example); vnetplay
// extends this to a 0.0.0.0/0 UDR to VirtualNetworkGateway, and keeps the
// None routes for a 0.0.0.0/0 learned over BGP (section W: undocumented).
func TestRule_system_routes_default_udr_removes_reserved(t *testing.T) {
	reserved := []string{"10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10"}
	udr := func(hop string) string {
		ip := ""
		if hop == "VirtualAppliance" {
			ip = `,"nextHopIpAddress":"10.0.2.4"`
		}
		return `{"id":"rt","location":"westeurope","routes":[{"name":"default","addressPrefix":"0.0.0.0/0","nextHopType":"` + hop + `"` + ip + `}]}`
	}
	for _, tc := range []struct {
		name, table string
		keep        bool
	}{
		{"UDR to VirtualAppliance (documented)", udr("VirtualAppliance"), false},
		{"UDR to VirtualNetworkGateway (vnetplay, by the same reasoning)", udr("VirtualNetworkGateway"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, routingHub{app1Table: "rt", tables: []string{tc.table}}.json())
			for _, p := range reserved {
				routingAbsent(t, a, "hub/app1", p, routingSource(route.Default))
				routingExpect(t, a, "hub/app2", p, routingDefault(route.None))
			}
			routingExpect(t, a, "hub/app1", "0.0.0.0/0", routingWant{hop: route.Internet, source: route.Default, state: route.Invalid})
		})
	}
	t.Run("0.0.0.0/0 learned over BGP keeps the None routes (section W)", func(t *testing.T) {
		a := routingAnalyse(t, `{"vnets":[{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
			"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"},{"name":"app","addressPrefix":"10.0.1.0/24"}]}],
			"virtualNetworkGateways":[{"id":"gw","vnet":"hub","gatewayType":"Vpn","vpnType":"RouteBased","sku":"VpnGw1","enableBgp":true,"bgpSettings":{"asn":65010}}],
			"localNetworkGateways":[{"id":"dc-lng","site":"dc","gatewayIpAddress":"203.0.113.3","localNetworkAddressSpace":{"addressPrefixes":[]},"bgpSettings":{"asn":65100,"bgpPeeringAddress":"192.168.50.1"}}],
			"sites":[{"id":"dc","asn":65100,"addressPrefixes":["192.168.50.0/24"],"advertisedPrefixes":["0.0.0.0/0","192.168.50.0/24"]}],
			"connections":[{"id":"c","connectionType":"IPsec","virtualNetworkGateway1":"gw","localNetworkGateway2":"dc-lng","enableBgp":true}]}`)
		routingExpectGatewayRoute(t, a, "hub/app", "0.0.0.0/0", "10.0.255.0/27")
		routingExpect(t, a, "hub/app", "0.0.0.0/0", routingWant{hop: route.Internet, source: route.Default, state: route.Invalid})
		for _, p := range reserved {
			routingExpect(t, a, "hub/app", p, routingDefault(route.None))
		}
	})
}
