package conformance_test

import (
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// Conformance tests for docs/rules/propagation.md (rule book section E).

// routingNoGatewayRoutes asserts that subnet lists no route whose source
// is VirtualNetworkGateway.
func routingNoGatewayRoutes(t *testing.T, a *engine.Analysis, subnet string) {
	t.Helper()
	if gw := routingGatewayRoutes(t, a, subnet); len(gw) > 0 {
		t.Errorf("%s has propagation disabled but lists gateway routes:%s", subnet, routingDump(gw))
	}
}

// TestRule_propagation_disable_drops_gateway_routes checks
// rule:propagation.disable-drops-gateway-routes: with
// disableBgpRoutePropagation on its route table a subnet gets no gateway
// routes at all, neither BGP-learned nor LNG static, from a VPN or an
// ExpressRoute gateway; a subnet without the setting keeps them (rule:propagation.disable-drops-gateway-routes).
func TestRule_propagation_disable_drops_gateway_routes(t *testing.T) {
	t.Run("VPN gateway", func(t *testing.T) {
		a := routingAnalyse(t, routingHub{app1Table: "rt", tables: []string{routingTableJSON("rt", true)}}.json())
		routingNoGatewayRoutes(t, a, "hub/app1")
		routingExpectGatewayRoute(t, a, "hub/app2", "192.168.10.0/24", "10.0.255.0/27") // LNG static
		routingExpectGatewayRoute(t, a, "hub/app2", "192.168.20.0/24", "10.0.255.0/27") // BGP
	})
	t.Run("ExpressRoute gateway", func(t *testing.T) {
		a := routingAnalyse(t, `{"vnets":[{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
			"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"},
			{"name":"off","addressPrefix":"10.0.1.0/24","routeTable":"rt"},{"name":"on","addressPrefix":"10.0.2.0/24"}]}],
			"routeTables":[`+routingTableJSON("rt", true)+`],
			"virtualNetworkGateways":[{"id":"ergw","vnet":"hub","gatewayType":"ExpressRoute","sku":"ErGw1AZ"}],
			"sites":[{"id":"dc","asn":65001,"addressPrefixes":["192.168.20.0/24"]}],
			"expressRouteCircuits":[{"id":"ckt","site":"dc","peerASN":65001,"primaryPeerAddressPrefix":"172.16.0.0/30"}],
			"connections":[{"id":"er","connectionType":"ExpressRoute","virtualNetworkGateway1":"ergw","peer":"ckt"}]}`)
		routingNoGatewayRoutes(t, a, "hub/off")
		routingExpectGatewayRoute(t, a, "hub/on", "192.168.20.0/24", "10.0.255.0/27")
	})
}

// TestRule_propagation_includes_route_server checks
// rule:propagation.includes-route-server: the same setting blocks the
// routes Route Server injects from an NVA; a subnet without it gets them as
// VirtualNetworkGateway routes with the NVA's IP as next hop (rule:propagation.includes-route-server, rule:route-server.routes-shown-as-gateway).
func TestRule_propagation_includes_route_server(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"RouteServerSubnet","addressPrefix":"10.0.254.0/26"},{"name":"nvas","addressPrefix":"10.0.0.0/24"},
		{"name":"off","addressPrefix":"10.0.1.0/24","routeTable":"rt"},{"name":"on","addressPrefix":"10.0.2.0/24"}]}],
		"routeTables":[`+routingTableJSON("rt", true)+`],
		"virtualMachines":[{"id":"nva","guestIpForwarding":true,"networkInterfaces":[{"name":"nic0","subnet":"hub/nvas","privateIpAddress":"10.0.0.4","enableIPForwarding":true}]}],
		"routeServers":[{"id":"rs","vnet":"hub","bgpConnections":[{"name":"nva","peerIp":"10.0.0.4","peerAsn":65001,"advertise":[{"prefix":"172.20.0.0/16"}]}]}]}`)
	routingExpect(t, a, "hub/on", "172.20.0.0/16", routingWant{hop: route.VirtualNetworkGateway, source: route.Gateway, state: route.Active, ip: "10.0.0.4"})
	routingNoGatewayRoutes(t, a, "hub/off")
}

// TestRule_propagation_keeps_system_routes checks
// rule:propagation.keeps-system-routes: disabled propagation keeps the
// VNet's own ranges, peering and service-endpoint routes, the default
// Internet route and the None routes, and does not stop the gateway from
// advertising the VNet's and a transit spoke's ranges to on-premises (rule:propagation.keeps-system-routes).
func TestRule_propagation_keeps_system_routes(t *testing.T) {
	design := func(disable bool) *engine.Analysis {
		return routingAnalyse(t, routingHub{
			vnets: []string{routingSpoke("spoke", "10.10", "rt"), routingSpoke("peer", "10.20", "rt")},
			peerings: []string{routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true`, `"useRemoteGateways":true`),
				routingPeering("hub-peer", "hub", "peer", "", "")},
			app1Table: "rt",
			tables:    []string{routingTableJSON("rt", disable)},
		}.json())
	}
	on, off := design(false), design(true)
	for _, sn := range []string{"hub/app1", "spoke/app", "peer/app"} {
		var want []route.Effective
		for _, e := range routingTable(t, on, sn) {
			if e.Source == route.Default {
				want = append(want, e)
			}
		}
		var got []route.Effective
		for _, e := range routingTable(t, off, sn) {
			if e.Source == route.Default {
				got = append(got, e)
			}
		}
		if len(want) < 7 || routingDump(got) != routingDump(want) {
			t.Errorf("%s: system routes with propagation disabled:%s\nwant the same as with it enabled:%s", sn, routingDump(got), routingDump(want))
		}
	}
	routingExpect(t, off, "hub/app1", "10.20.0.0/16", routingDefault(route.VNetPeering))
	routingExpect(t, off, "hub/app1", "0.0.0.0/0", routingDefault(route.Internet))
	routingExpect(t, off, "hub/app1", "192.168.0.0/16", routingDefault(route.None))
	// Advertisements to on-premises do not look at route tables.
	for _, p := range []string{"10.0.0.0/16", "10.10.0.0/16"} {
		found := false
		for _, b := range off.Plane.BGP().RIB("dc") {
			if b.Prefix == netip.MustParsePrefix(p) {
				found = true
			}
		}
		if !found {
			t.Errorf("on-premises site dc does not learn %s with propagation disabled in Azure (rule:propagation.keeps-system-routes)", p)
		}
	}
}

// TestRule_propagation_reach_on_premises_by_udr checks
// rule:propagation.reach-on-premises-by-udr: without propagation a subnet
// has no route to on-premises (the private destination falls into a None
// route), and reaches it only by a UDR to the VPN gateway
// (VirtualNetworkGateway) or to an appliance (rule:propagation.reach-on-premises-by-udr, rule:system-routes.private-unrouted-dropped).
func TestRule_propagation_reach_on_premises_by_udr(t *testing.T) {
	for _, tc := range []struct {
		name  string
		udrs  []string
		want  trace.Disposition
		viaNV bool
	}{
		{"no UDR: dropped", nil, trace.DroppedByNoneRoute, false},
		{"UDR to VirtualNetworkGateway", []string{routingUDR("onprem", "192.168.20.0/24", "VirtualNetworkGateway", "")}, trace.DeliveredOnPremises, false},
		{"UDR to VirtualAppliance", []string{routingUDR("onprem", "192.168.20.0/24", "VirtualAppliance", "10.0.2.4")}, trace.DeliveredOnPremises, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, routingHub{app1Table: "rt", tables: []string{routingTableJSON("rt", true, tc.udrs...)}}.json())
			tr := routingTrace(t, a, "vm-hub", "dc/srv")
			routingExpectTrace(t, tr, tc.want, "")
			if tc.viaNV && !routingVia(tr, "nva/nic0") {
				t.Errorf("did not pass the appliance: %v", routingHops(tr))
			}
		})
	}
}

// TestRule_propagation_gateway_subnet_must_propagate checks
// rule:propagation.gateway-subnet-must-propagate: a route table with
// propagation disabled on GatewaySubnet is an error; on another subnet it
// is not (rule:propagation.gateway-subnet-must-propagate).
func TestRule_propagation_gateway_subnet_must_propagate(t *testing.T) {
	a := routingAnalyse(t, routingHub{app1Table: "rt", tables: []string{routingTableJSON("rt", true)}}.json())
	routingExpectDiag(t, a, "routetable.gateway-propagation-disabled", model.Error, false)
	gw := routingAnalyse(t, strings.Replace(routingHub{tables: []string{routingTableJSON("rt", true)}}.json(),
		`"addressPrefix":"10.0.255.0/27"`, `"addressPrefix":"10.0.255.0/27","routeTable":"rt"`, 1))
	routingExpectDiag(t, gw, "routetable.gateway-propagation-disabled", model.Error, true)
}

// TestRule_propagation_same_in_transit_spokes checks
// rule:propagation.same-in-transit-spokes: in a spoke that uses the hub's
// gateway, a subnet whose table disables propagation gets none of the
// hub gateway's routes, while another subnet of the spoke keeps them (rule:propagation.same-in-transit-spokes).
func TestRule_propagation_same_in_transit_spokes(t *testing.T) {
	a := routingAnalyse(t, routingHub{
		vnets: []string{`{"id":"spoke","location":"westeurope","addressSpace":{"addressPrefixes":["10.10.0.0/16"]},
			"subnets":[{"name":"off","addressPrefix":"10.10.1.0/24","routeTable":"rt"},{"name":"on","addressPrefix":"10.10.2.0/24"}]}`},
		peerings: []string{routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true`, `"useRemoteGateways":true`)},
		tables:   []string{routingTableJSON("rt", true)},
	}.json())
	routingNoGatewayRoutes(t, a, "spoke/off")
	routingExpectGatewayRoute(t, a, "spoke/on", "192.168.20.0/24", "10.0.255.0/27")
	routingExpectGatewayRoute(t, a, "spoke/on", "192.168.10.0/24", "10.0.255.0/27")
	routingExpect(t, a, "spoke/off", "10.0.0.0/16", routingDefault(route.VNetPeering))
}
