package conformance_test

import (
	"net/netip"
	"strconv"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// Conformance tests for docs/rules/route-selection.md (rule book section C).

// routingExpectLookup asserts which route subnet uses for dst: its prefix,
// next-hop type and source.
func routingExpectLookup(t *testing.T, e route.Effective, dst, prefix string, hop route.NextHopType, src route.Source) {
	t.Helper()
	if e.Prefix != netip.MustParsePrefix(prefix) || e.NextHop != hop || e.Source != src {
		t.Errorf("%s uses %s %s → %s, want %s %s → %s", dst, e.Prefix, e.Source, e.NextHop, prefix, src, hop)
	}
}

// TestRule_route_selection_longest_prefix_first checks
// rule:route-selection.longest-prefix-first: the longest matching prefix
// wins across UDRs, gateway routes and system routes. The docs' example:
// with 10.0.0.0/24 and 10.0.0.0/16, 10.0.0.5 uses the /24 and 10.0.1.5 the
// /16 (rule:route-selection.longest-prefix-first); and a more specific gateway route beats a shorter UDR (rule:route-selection.longest-prefix-first).
func TestRule_route_selection_longest_prefix_first(t *testing.T) {
	a := routingAnalyse(t, routingHub{
		app1Table: "rt",
		vnets:     []string{routingSpoke("other", "10.5", "")},
		tables: []string{routingTableJSON("rt", false,
			routingUDR("slash24", "10.7.0.0/24", "VirtualAppliance", "10.0.2.4"),
			routingUDR("slash16", "10.7.0.0/16", "None", ""),
			routingUDR("onprem-summary", "192.168.0.0/16", "None", ""))},
	}.json())
	routingExpectLookup(t, routingLookup(t, a, "hub/app1", "10.7.0.5"), "10.7.0.5", "10.7.0.0/24", route.VirtualAppliance, route.User)
	routingExpectLookup(t, routingLookup(t, a, "hub/app1", "10.7.1.5"), "10.7.1.5", "10.7.0.0/16", route.None, route.User)
	// 192.168.20.0/24 is learned over BGP: longer than the /16 UDR, it wins.
	routingExpectLookup(t, routingLookup(t, a, "hub/app1", "192.168.20.10"), "192.168.20.10", "192.168.20.0/24", route.VirtualNetworkGateway, route.Gateway)
	// A destination only the UDR covers takes it.
	routingExpectLookup(t, routingLookup(t, a, "hub/app1", "192.168.99.1"), "192.168.99.1", "192.168.0.0/16", route.None, route.User)
}

// TestRule_route_selection_same_prefix_tie_break checks
// rule:route-selection.same-prefix-tie-break: on an identical prefix a UDR
// beats a gateway route, which beats a system route; losers stay listed as
// Invalid (rule:route-selection.longest-prefix-first, rule:route-selection.same-prefix-tie-break, rule:outputs.overridden-stay-listed).
func TestRule_route_selection_same_prefix_tie_break(t *testing.T) {
	udr := routingWant{hop: route.None, source: route.User, state: route.Active}
	for _, tc := range []struct {
		name   string
		udrs   []string
		prefix string
		want   []routingWant
	}{
		{"UDR beats system 0.0.0.0/0 (rule:route-selection.same-prefix-tie-break)", []string{routingUDR("d", "0.0.0.0/0", "VirtualAppliance", "10.0.2.4")}, "0.0.0.0/0", []routingWant{
			{hop: route.VirtualAppliance, source: route.User, state: route.Active, ip: "10.0.2.4"},
			{hop: route.Internet, source: route.Default, state: route.Invalid}}},
		{"UDR beats gateway (LNG static prefix)", []string{routingUDR("b", "192.168.10.0/24", "None", "")}, "192.168.10.0/24", []routingWant{udr}},
		{"UDR beats gateway (BGP prefix)", []string{routingUDR("b", "192.168.20.0/24", "None", "")}, "192.168.20.0/24", []routingWant{udr}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, routingHub{app1Table: "rt", tables: []string{routingTableJSON("rt", false, tc.udrs...)}}.json())
			for _, w := range tc.want {
				routingExpect(t, a, "hub/app1", tc.prefix, w)
			}
			var gw int
			for _, e := range routingWithPrefix(t, a, "hub/app1", tc.prefix) {
				if e.Source == route.Gateway {
					gw++
					if e.State != route.Invalid {
						t.Errorf("gateway route %s is %s, want Invalid under the UDR", e.Prefix, e.State)
					}
				}
			}
			if tc.prefix != "0.0.0.0/0" && gw == 0 {
				t.Errorf("the overridden gateway route for %s is not listed", tc.prefix)
			}
		})
	}
	t.Run("gateway 0.0.0.0/0 beats the system default; a UDR beats both", func(t *testing.T) {
		a := routingAnalyse(t, routingHub{
			dcAdvertises: []string{"0.0.0.0/0", "192.168.20.0/24"},
			app1Table:    "rt",
			tables:       []string{routingTableJSON("rt", false, routingUDR("d", "0.0.0.0/0", "None", ""))},
		}.json())
		// app2 has no table: the gateway's default wins over the system one.
		routingExpectGatewayRoute(t, a, "hub/app2", "0.0.0.0/0", "10.0.255.0/27")
		routingExpect(t, a, "hub/app2", "0.0.0.0/0", routingWant{hop: route.Internet, source: route.Default, state: route.Invalid})
		// app1's UDR beats both.
		routingExpect(t, a, "hub/app1", "0.0.0.0/0", udr)
		routingExpect(t, a, "hub/app1", "0.0.0.0/0", routingWant{hop: route.Internet, source: route.Default, state: route.Invalid})
		for _, e := range routingWithPrefix(t, a, "hub/app1", "0.0.0.0/0") {
			if e.Source == route.Gateway && e.State != route.Invalid {
				t.Errorf("gateway 0.0.0.0/0 is %s under a UDR, want Invalid", e.State)
			}
		}
	})
}

// TestRule_route_selection_system_beats_more_specific_bgp checks
// rule:route-selection.system-beats-more-specific-bgp: a gateway route
// inside the VNet's own range or a peered VNet's range loses to the system
// route even though it is longer (listed Invalid), a UDR still steers such
// traffic, and a gateway route inside a reserved None range wins normally
// (rule:route-selection.system-beats-more-specific-bgp).
func TestRule_route_selection_system_beats_more_specific_bgp(t *testing.T) {
	a := routingAnalyse(t, routingHub{
		dcAdvertises: []string{"192.168.20.0/24", "10.0.1.0/25", "10.2.1.0/24", "10.50.0.0/16"},
		vnets:        []string{routingSpoke("peer", "10.2", "")},
		peerings:     []string{routingPeering("hub-peer", "hub", "peer", "", "")},
		app1Table:    "rt",
		tables:       []string{routingTableJSON("rt", false, routingUDR("steer", "10.2.1.128/25", "VirtualAppliance", "10.0.2.4"))},
	}.json())
	for _, sn := range []string{"hub/app1", "hub/app2"} {
		for _, p := range []string{"10.0.1.0/25", "10.2.1.0/24"} {
			found := false
			for _, e := range routingWithPrefix(t, a, sn, p) {
				if e.Source == route.Gateway {
					found = true
					if e.State != route.Invalid || e.Reason != route.SystemBeatsBGP {
						t.Errorf("%s: gateway route %s is %s (%s), want Invalid because the system route is preferred (rule:route-selection.system-beats-more-specific-bgp)", sn, p, e.State, e.Reason)
					}
				}
			}
			if !found {
				t.Errorf("%s: gateway route %s not listed:%s", sn, p, routingDump(routingTable(t, a, sn)))
			}
		}
		routingExpectLookup(t, routingLookup(t, a, sn, "10.0.1.10"), "10.0.1.10", "10.0.0.0/16", route.VnetLocal, route.Default)
		routingExpectLookup(t, routingLookup(t, a, sn, "10.2.1.10"), "10.2.1.10", "10.2.0.0/16", route.VNetPeering, route.Default)
		// Inside reserved 10.0.0.0/8 but outside every VNet: BGP wins.
		routingExpectLookup(t, routingLookup(t, a, sn, "10.50.0.1"), "10.50.0.1", "10.50.0.0/16", route.VirtualNetworkGateway, route.Gateway)
	}
	// Only a UDR can steer peered traffic.
	routingExpectLookup(t, routingLookup(t, a, "hub/app1", "10.2.1.200"), "10.2.1.200", "10.2.1.128/25", route.VirtualAppliance, route.User)
}

// routingServicePrefix returns one of the prefixes the engine programs
// for Microsoft.Storage service endpoints (the engine's sample of
// Azure's ranges: which ones is data, not behaviour).
func routingServicePrefix(t *testing.T) netip.Prefix {
	t.Helper()
	a := routingAnalyse(t, `{"vnets":[{"id":"v","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24","serviceEndpoints":[{"service":"Microsoft.Storage"}]}]}]}`)
	for _, e := range routingTable(t, a, "v/s") {
		if e.NextHop == route.VirtualNetworkServiceEndpoint {
			return e.Prefix
		}
	}
	t.Fatal("no Microsoft.Storage service-endpoint route")
	return netip.Prefix{}
}

// TestRule_route_selection_service_endpoint_not_overridable checks
// rule:route-selection.service-endpoint-not-overridable: a UDR with exactly
// a service-endpoint route's prefix does not override it; the
// service-endpoint route stays Active and the UDR is Invalid (rule:route-selection.service-endpoint-not-overridable, newer
// page, per section W). A gateway route inside the range loses too (rule:route-selection.system-beats-more-specific-bgp).
func TestRule_route_selection_service_endpoint_not_overridable(t *testing.T) {
	sp := routingServicePrefix(t)
	inner := netip.PrefixFrom(sp.Addr(), min(sp.Bits()+1, 32)).String()
	design := routingHub{
		dcAdvertises: []string{"192.168.20.0/24", inner},
		app1Table:    "rt",
		tables:       []string{routingTableJSON("rt", false, routingUDR("storage", sp.String(), "VirtualAppliance", "10.0.2.4"))},
	}.json()
	a := routingAnalyse(t, strings.Replace(design, `"routeTable":"rt"`, `"routeTable":"rt","serviceEndpoints":[{"service":"Microsoft.Storage"}]`, 1))
	routingExpect(t, a, "hub/app1", sp.String(), routingWant{hop: route.VirtualNetworkServiceEndpoint, source: route.Default, state: route.Active})
	routingExpect(t, a, "hub/app1", sp.String(), routingWant{hop: route.VirtualAppliance, source: route.User, state: route.Invalid, ip: "10.0.2.4"})
	for _, e := range routingWithPrefix(t, a, "hub/app1", inner) {
		if e.Source == route.Gateway && e.State != route.Invalid {
			t.Errorf("gateway route %s inside the service range is %s, want Invalid (rule:route-selection.system-beats-more-specific-bgp)", inner, e.State)
		}
	}
	// app2 has no endpoint: the gateway route is an ordinary, longer route there.
	routingExpectGatewayRoute(t, a, "hub/app2", inner, "10.0.255.0/27")
	// Without the endpoint the same UDR is an ordinary route and wins.
	routingExpect(t, routingAnalyse(t, design), "hub/app1", sp.String(), routingWant{hop: route.VirtualAppliance, source: route.User, state: route.Active, ip: "10.0.2.4"})
}

// TestRule_route_selection_gateway_route_preference checks
// rule:route-selection.gateway-route-preference: for one prefix learned
// over ExpressRoute and over a site-to-site VPN the ExpressRoute route is
// used; between two ExpressRoute connections the higher connection weight
// wins (rule:route-selection.gateway-route-preference, rule:expressroute.preferred-over-vpn, rule:expressroute.circuit-hairpin).
func TestRule_route_selection_gateway_route_preference(t *testing.T) {
	design := func(weightA, weightB int) string {
		return `{"vnets":[{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
			"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"},{"name":"app","addressPrefix":"10.0.1.0/24"}]}],
			"virtualNetworkGateways":[
				{"id":"ergw","vnet":"hub","gatewayType":"ExpressRoute","sku":"ErGw1AZ"},
				{"id":"vpngw","vnet":"hub","gatewayType":"Vpn","vpnType":"RouteBased","sku":"VpnGw1AZ","enableBgp":true,"bgpSettings":{"asn":65010}}],
			"sites":[
				{"id":"dc","asn":65001,"addressPrefixes":["192.168.1.0/24"]},
				{"id":"dr","asn":65002,"addressPrefixes":["192.168.2.0/24"],"advertisedPrefixes":["192.168.1.0/24","192.168.2.0/24"]}],
			"localNetworkGateways":[{"id":"dc-lng","site":"dc","gatewayIpAddress":"203.0.113.1","localNetworkAddressSpace":{"addressPrefixes":[]},"bgpSettings":{"asn":65001,"bgpPeeringAddress":"192.168.1.1"}}],
			"expressRouteCircuits":[
				{"id":"ckt-dc","site":"dc","peerASN":65001,"primaryPeerAddressPrefix":"172.16.0.0/30"},
				{"id":"ckt-dr","site":"dr","peerASN":65002,"primaryPeerAddressPrefix":"172.16.0.4/30"}],
			"connections":[
				{"id":"s2s","connectionType":"IPsec","virtualNetworkGateway1":"vpngw","localNetworkGateway2":"dc-lng","enableBgp":true},
				{"id":"er-dc","connectionType":"ExpressRoute","virtualNetworkGateway1":"ergw","peer":"ckt-dc","routingWeight":` + strconv.Itoa(weightA) + `},
				{"id":"er-dr","connectionType":"ExpressRoute","virtualNetworkGateway1":"ergw","peer":"ckt-dr","routingWeight":` + strconv.Itoa(weightB) + `}]}`
	}
	t.Run("ExpressRoute beats VPN for the same prefix", func(t *testing.T) {
		a := routingAnalyse(t, design(0, 0))
		e := routingLookup(t, a, "hub/app", "192.168.2.10")
		if e.Source != route.Gateway || e.Origin.ID != "ergw" {
			t.Errorf("192.168.2.10 (ExpressRoute only) uses %s from %q, want the ExpressRoute gateway", e.Source, e.Origin.ID)
		}
		e = routingLookup(t, a, "hub/app", "192.168.1.10")
		if e.Source != route.Gateway || e.Origin.ID != "ergw" {
			t.Errorf("192.168.1.10 (ExpressRoute and VPN) uses %s from %q, want ergw (rule:route-selection.gateway-route-preference, rule:expressroute.preferred-over-vpn)", e.Source, e.Origin.ID)
		}
	})
	for _, tc := range []struct {
		name         string
		wA, wB       int
		wantNeighbor string
	}{
		{"higher weight on the dr circuit wins", 0, 100, "ckt-dr"},
		{"higher weight on the dc circuit wins", 100, 0, "ckt-dc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, design(tc.wA, tc.wB))
			found := false
			for _, b := range a.Plane.BGP().RIB("ergw") {
				if b.Prefix == netip.MustParsePrefix("192.168.1.0/24") {
					found = true
					if b.Neighbor != tc.wantNeighbor {
						t.Errorf("ergw's best path for 192.168.1.0/24 is from %q, want %q (higher connection weight, rule:route-selection.gateway-route-preference)", b.Neighbor, tc.wantNeighbor)
					}
				}
			}
			if !found {
				t.Error("ergw has no path for 192.168.1.0/24")
			}
		})
	}
}

// TestRule_route_selection_peering_beats_gateway_path checks
// rule:route-selection.peering-beats-gateway-path: VNets joined by a
// peering and a VNet-to-VNet connection use the peering (the gateway route
// is Invalid); when the peering fails, the gateway path takes over (rule:route-selection.peering-beats-gateway-path).
func TestRule_route_selection_peering_beats_gateway_path(t *testing.T) {
	design := `{"vnets":[
		{"id":"a","location":"westeurope","addressSpace":{"addressPrefixes":["10.1.0.0/16"]},
		 "subnets":[{"name":"GatewaySubnet","addressPrefix":"10.1.255.0/27"},{"name":"app","addressPrefix":"10.1.1.0/24"}]},
		{"id":"b","location":"westeurope","addressSpace":{"addressPrefixes":["10.2.0.0/16"]},
		 "subnets":[{"name":"GatewaySubnet","addressPrefix":"10.2.255.0/27"},{"name":"app","addressPrefix":"10.2.1.0/24"}]}],
		"peerings":[{"id":"a-b","a":{"vnet":"a"},"b":{"vnet":"b"}}],
		"virtualMachines":[
			{"id":"vm-a","networkInterfaces":[{"name":"nic0","subnet":"a/app","privateIpAddress":"10.1.1.4"}]},
			{"id":"vm-b","networkInterfaces":[{"name":"nic0","subnet":"b/app","privateIpAddress":"10.2.1.4"}]}],
		"virtualNetworkGateways":[
			{"id":"gw-a","vnet":"a","gatewayType":"Vpn","vpnType":"RouteBased","sku":"VpnGw1"},
			{"id":"gw-b","vnet":"b","gatewayType":"Vpn","vpnType":"RouteBased","sku":"VpnGw1"}],
		"connections":[
			{"id":"a-to-b","connectionType":"Vnet2Vnet","virtualNetworkGateway1":"gw-a","virtualNetworkGateway2":"gw-b"},
			{"id":"b-to-a","connectionType":"Vnet2Vnet","virtualNetworkGateway1":"gw-b","virtualNetworkGateway2":"gw-a"}]}`
	a := routingAnalyse(t, design)
	routingExpect(t, a, "a/app", "10.2.0.0/16", routingDefault(route.VNetPeering))
	gw := routingGatewayRoutes(t, a, "a/app")
	if len(gw) == 0 {
		t.Fatalf("a/app lists no gateway route for b's range:%s", routingDump(routingTable(t, a, "a/app")))
	}
	for _, e := range gw {
		if e.Prefix == netip.MustParsePrefix("10.2.0.0/16") && e.State != route.Invalid {
			t.Errorf("VNet-to-VNet route %s is %s, want Invalid while the peering is up", e.Prefix, e.State)
		}
	}
	routingExpectTrace(t, routingTrace(t, a, "vm-a", "vm-b"), trace.Delivered, "")
	down := routingAnalyse(t, design, model.Failure{Kind: model.PeeringDown, Target: "a-b"})
	routingExpectLookup(t, routingLookup(t, down, "a/app", "10.2.1.4"), "10.2.1.4", "10.2.0.0/16", route.VirtualNetworkGateway, route.Gateway)
	routingExpectTrace(t, routingTrace(t, down, "vm-a", "vm-b"), trace.Delivered, "")
}

// TestRule_route_selection_platform_addresses_bypass_udrs checks
// rule:route-selection.platform-addresses-bypass-udrs: 168.63.129.16 and
// 169.254.169.254 stay reachable whatever the UDRs and NSG rules say (rule:route-selection.platform-addresses-bypass-udrs).
func TestRule_route_selection_platform_addresses_bypass_udrs(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[{"id":"v","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24","routeTable":"rt","networkSecurityGroup":"deny-all"}]}],
		"routeTables":[`+routingTableJSON("rt", false, routingUDR("drop-all", "0.0.0.0/0", "None", ""),
		routingUDR("drop-wire", "168.63.129.16/32", "None", ""), routingUDR("drop-imds", "169.254.0.0/16", "None", ""))+`],
		"networkSecurityGroups":[{"id":"deny-all","location":"westeurope","securityRules":[
			{"name":"deny-out","priority":100,"direction":"Outbound","access":"Deny","protocol":"*",
			 "sourceAddressPrefix":"*","sourcePortRange":"*","destinationAddressPrefix":"*","destinationPortRange":"*"}]}],
		"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"nic0","subnet":"v/s","privateIpAddress":"10.0.1.4"}]}]}`)
	for _, dst := range []string{"168.63.129.16", "169.254.169.254"} {
		routingExpectTrace(t, routingTrace(t, a, "vm", dst), trace.ReachesAzurePlatform, "")
	}
	// The same UDRs and NSG do stop ordinary traffic.
	if tr := routingTrace(t, a, "vm", "203.0.113.10"); tr.Disposition.Success() {
		t.Errorf("ordinary traffic passed the deny-all setup: %s", tr.Disposition)
	}
}

// TestRule_route_selection_appliance_directly_reachable checks
// rule:route-selection.appliance-directly-reachable: a VirtualAppliance
// next hop must be in the subnet's VNet or a directly peered VNet; one
// behind a gateway or in a VNet that is not peered makes the UDR invalid
// (lint error, and the trace drops the packet), one in a peered VNet works
// (rule:route-selection.appliance-directly-reachable, rule:outputs.destination-only-lookup).
func TestRule_route_selection_appliance_directly_reachable(t *testing.T) {
	for _, tc := range []struct {
		name      string
		nextHop   string
		lintError bool
		want      trace.Disposition
	}{
		{"appliance in the same VNet", "10.0.2.4", false, trace.ExitsToInternet},
		{"appliance in a directly peered VNet", "10.2.1.4", false, trace.ExitsToInternet},
		{"appliance in a VNet that is not peered", "10.3.1.4", true, trace.DroppedApplianceUnreachable},
		{"appliance on-premises behind the VPN gateway", "192.168.20.10", true, trace.DroppedApplianceUnreachable},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, routingHub{
				vnets:     []string{routingSpoke("peer", "10.2", ""), routingSpoke("far", "10.3", "")},
				peerings:  []string{routingPeering("hub-peer", "hub", "peer", `"allowForwardedTraffic":true`, `"allowForwardedTraffic":true`)},
				vms:       []string{`{"id":"nva-peer","guestIpForwarding":true,"networkInterfaces":[{"name":"nic0","subnet":"peer/app","privateIpAddress":"10.2.1.4","enableIPForwarding":true}]}`, `{"id":"nva-far","guestIpForwarding":true,"networkInterfaces":[{"name":"nic0","subnet":"far/app","privateIpAddress":"10.3.1.4","enableIPForwarding":true}]}`},
				app1Table: "rt",
				tables:    []string{routingTableJSON("rt", false, routingUDR("via-nva", "0.0.0.0/0", "VirtualAppliance", tc.nextHop))},
			}.json())
			routingExpectDiag(t, a, "route.appliance-unreachable", model.Error, tc.lintError)
			routingExpectTrace(t, routingTrace(t, a, "vm-hub", "203.0.113.10"), tc.want, "")
		})
	}
}
