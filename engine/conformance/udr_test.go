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

// Conformance tests for docs/rules/udr.md (rule book section D).

// routingOneSubnet is VNet v (10.0.0.0/16, westeurope) with subnet s
// (10.0.1.0/24, route table rt, VM vm at 10.0.1.4) and subnet nvas
// (10.0.2.0/24, forwarding VM nva at 10.0.2.4); tables are route table
// objects (JSON).
func routingOneSubnet(tables ...string) string {
	return `{"vnets":[{"id":"v","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24","routeTable":"rt"},{"name":"nvas","addressPrefix":"10.0.2.0/24"}]}],
		"routeTables":[` + strings.Join(tables, ",") + `],
		"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"nic0","subnet":"v/s","privateIpAddress":"10.0.1.4"}]},
		{"id":"nva","guestIpForwarding":true,"networkInterfaces":[{"name":"nic0","subnet":"v/nvas","privateIpAddress":"10.0.2.4","enableIPForwarding":true}]}]}`
}

// TestRule_udr_table_association checks rule:udr.table-association: one
// route table can serve several subnets, each of which then uses its
// routes, and it can only be associated with subnets of VNets in its own
// region (rule:udr.table-association); subscriptions are not modelled.
func TestRule_udr_table_association(t *testing.T) {
	design := func(tableRegion string) string {
		return `{"vnets":[
			{"id":"a","location":"westeurope","addressSpace":{"addressPrefixes":["10.1.0.0/16"]},"subnets":[
				{"name":"s1","addressPrefix":"10.1.1.0/24","routeTable":"rt"},{"name":"s2","addressPrefix":"10.1.2.0/24","routeTable":"rt"}]},
			{"id":"b","location":"westeurope","addressSpace":{"addressPrefixes":["10.2.0.0/16"]},"subnets":[
				{"name":"s1","addressPrefix":"10.2.1.0/24","routeTable":"rt"}]}],
			"routeTables":[{"id":"rt","location":"` + tableRegion + `","routes":[` + routingUDR("drop", "192.168.0.0/24", "None", "") + `]}]}`
	}
	a := routingAnalyse(t, design("westeurope"))
	routingExpectDiag(t, a, "routetable.location-mismatch", model.Error, false)
	for _, sn := range []string{"a/s1", "a/s2", "b/s1"} {
		routingExpect(t, a, sn, "192.168.0.0/24", routingWant{hop: route.None, source: route.User, state: route.Active})
	}
	routingExpectDiag(t, routingAnalyse(t, design("northeurope")), "routetable.location-mismatch", model.Error, true)
}

// TestRule_udr_allowed_next_hops checks rule:udr.allowed-next-hops: a UDR
// may use VirtualAppliance (with an IP), VirtualNetworkGateway, None,
// VnetLocal or Internet; a peering or service-endpoint next hop, a
// VirtualAppliance without an IP and an IP on another type are rejected
// (rule:udr.allowed-next-hops).
func TestRule_udr_allowed_next_hops(t *testing.T) {
	for _, tc := range []struct {
		hop, ip  string
		errCode  string // "" accepted
		wantType route.NextHopType
	}{
		{"VirtualAppliance", "10.0.2.4", "", route.VirtualAppliance},
		{"VirtualNetworkGateway", "", "", route.VirtualNetworkGateway},
		{"None", "", "", route.None},
		{"VnetLocal", "", "", route.VnetLocal},
		{"Internet", "", "", route.Internet},
		{"VNetPeering", "", "route.next-hop-type", 0},
		{"VNetGlobalPeering", "", "route.next-hop-type", 0},
		{"VirtualNetworkServiceEndpoint", "", "route.next-hop-type", 0},
		{"VirtualAppliance", "", "route.next-hop-ip", 0},
		{"None", "10.0.2.4", "route.next-hop-ip", 0},
		{"Internet", "10.0.2.4", "route.next-hop-ip", 0},
	} {
		t.Run(tc.hop+"/"+tc.ip, func(t *testing.T) {
			a := routingAnalyse(t, routingOneSubnet(routingTableJSON("rt", false, routingUDR("r", "192.168.5.0/24", tc.hop, tc.ip))))
			for _, code := range []string{"route.next-hop-type", "route.next-hop-ip"} {
				routingExpectDiag(t, a, code, model.Error, code == tc.errCode)
			}
			if tc.errCode == "" {
				w := routingWant{hop: tc.wantType, source: route.User, state: route.Active, ip: tc.ip}
				routingExpect(t, a, "v/s", "192.168.5.0/24", w)
			}
		})
	}
	t.Run("None drops, VnetLocal returns to VNet routing", func(t *testing.T) {
		a := routingAnalyse(t, routingOneSubnet(routingTableJSON("rt", false,
			routingUDR("drop", "203.0.113.0/24", "None", ""), routingUDR("back", "10.0.2.0/24", "VnetLocal", ""))))
		routingExpectTrace(t, routingTrace(t, a, "vm", "203.0.113.10"), trace.DroppedByNoneRoute, "")
		routingExpectTrace(t, routingTrace(t, a, "vm", "nva"), trace.Delivered, "")
	})
}

// TestRule_udr_appliance_targets checks rule:udr.appliance-targets: a
// VirtualAppliance next hop is a NIC's IP (the NIC must forward, or the
// platform drops the packet; lint warns) or an internal load balancer's
// frontend, which hands the packet to a backend appliance (rule:udr.appliance-targets, rule:nva.ip-forwarding).
func TestRule_udr_appliance_targets(t *testing.T) {
	design := func(nicForwarding bool, nextHop string) string {
		return `{"vnets":[{"id":"v","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
			"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24","routeTable":"rt"},{"name":"nvas","addressPrefix":"10.0.2.0/24"}]}],
			"routeTables":[` + routingTableJSON("rt", false, routingUDR("default", "0.0.0.0/0", "VirtualAppliance", nextHop)) + `],
			"loadBalancers":[{"id":"ilb","sku":"Standard","subnet":"v/nvas","frontendPrivateIpAddress":"10.0.2.10","backends":["nva"]}],
			"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"nic0","subnet":"v/s","privateIpAddress":"10.0.1.4"}]},
			{"id":"nva","guestIpForwarding":true,"networkInterfaces":[{"name":"nic0","subnet":"v/nvas","privateIpAddress":"10.0.2.4","enableIPForwarding":` + fmt.Sprint(nicForwarding) + `}]}]}`
	}
	for _, tc := range []struct {
		name       string
		forwarding bool
		nextHop    string
		want       trace.Disposition
		warn       bool
	}{
		{"NIC with IP forwarding", true, "10.0.2.4", trace.ExitsToInternet, false},
		{"internal load balancer frontend", true, "10.0.2.10", trace.ExitsToInternet, false},
		{"NIC without IP forwarding", false, "10.0.2.4", trace.DroppedIPForwardingOff, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, design(tc.forwarding, tc.nextHop))
			routingExpectDiag(t, a, "route.appliance-not-forwarding", model.Warning, tc.warn)
			tr := routingTrace(t, a, "vm", "203.0.113.10")
			routingExpectTrace(t, tr, tc.want, "")
			if !routingVia(tr, "nva/nic0") {
				t.Errorf("the walk never reached the appliance: %v", routingHops(tr))
			}
		})
	}
}

// TestRule_udr_gateway_next_hop_vpn_only checks
// rule:udr.gateway-next-hop-vpn-only: next hop VirtualNetworkGateway means
// the VNet's VPN gateway, or the hub's through gateway transit; with only
// an ExpressRoute gateway, or no gateway at all, nothing can take the
// route (the packet is dropped, lint warns), and with coexisting gateways
// the docs say the next hop cannot be used (lint warns) (rule:udr.gateway-next-hop-vpn-only). The trace
// half of the coexistence case is the rule's documented gap and is not
// asserted here.
func TestRule_udr_gateway_next_hop_vpn_only(t *testing.T) {
	udr := routingTableJSON("rt", true, routingUDR("onprem", "192.168.20.0/24", "VirtualNetworkGateway", ""))
	t.Run("VPN gateway in the VNet takes the route", func(t *testing.T) {
		a := routingAnalyse(t, routingHub{app1Table: "rt", tables: []string{udr}}.json())
		routingExpect(t, a, "hub/app1", "192.168.20.0/24", routingWant{hop: route.VirtualNetworkGateway, source: route.User, state: route.Active})
		routingExpectTrace(t, routingTrace(t, a, "vm-hub", "dc/srv"), trace.DeliveredOnPremises, "")
	})
	t.Run("hub VPN gateway through gateway transit takes the route", func(t *testing.T) {
		a := routingAnalyse(t, routingHub{
			vnets:    []string{routingSpoke("spoke", "10.10", "rt")},
			vms:      []string{routingSpokeVM("spoke", "10.10")},
			peerings: []string{routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true`, `"useRemoteGateways":true`)},
			tables:   []string{udr},
		}.json())
		routingExpectDiag(t, a, "route.no-gateway", model.Warning, false)
		routingExpectTrace(t, routingTrace(t, a, "vm-spoke", "dc/srv"), trace.DeliveredOnPremises, "")
	})
	t.Run("no gateway reachable: dropped, lint warns", func(t *testing.T) {
		a := routingAnalyse(t, routingHub{
			vnets:    []string{routingSpoke("spoke", "10.10", "rt")},
			vms:      []string{routingSpokeVM("spoke", "10.10")},
			peerings: []string{routingPeering("hub-spoke", "hub", "spoke", "", "")},
			tables:   []string{udr},
		}.json())
		routingExpectDiag(t, a, "route.no-gateway", model.Warning, true)
		tr := routingTrace(t, a, "vm-spoke", "dc/srv")
		routingExpectTrace(t, tr, trace.DroppedNoGateway, "has no VPN gateway of its own or through gateway transit (rule:udr.gateway-next-hop-vpn-only)")
		if strings.Contains(tr.Reason, "ExpressRoute") {
			t.Errorf("no ExpressRoute gateway, yet the reason names one: %s", tr.Reason)
		}
	})
	// An ExpressRoute gateway, the VNet's own or its hub's, is one such a
	// UDR never uses: the reason names it (it cited the propagation rule).
	t.Run("an ExpressRoute gateway only: dropped, and said", func(t *testing.T) {
		a := routingAnalyse(t, `{"vnets":[{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
			"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"},{"name":"app1","addressPrefix":"10.0.1.0/24","routeTable":"rt"}]},
			`+routingSpoke("spoke", "10.10", "rt")+`],
			"peerings":[`+routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true`, `"useRemoteGateways":true`)+`],
			"routeTables":[`+udr+`],
			"virtualMachines":[{"id":"vm-hub","networkInterfaces":[{"name":"nic0","subnet":"hub/app1","privateIpAddress":"10.0.1.4"}]},`+routingSpokeVM("spoke", "10.10")+`],
			"virtualNetworkGateways":[{"id":"ergw","vnet":"hub","gatewayType":"ExpressRoute","sku":"ErGw1AZ"}]}`)
		for _, from := range []string{"vm-hub", "vm-spoke"} {
			routingExpectTrace(t, routingTrace(t, a, from, "192.168.20.10"), trace.DroppedNoGateway, "a UDR never sends traffic to an ExpressRoute gateway such as ergw (rule:udr.gateway-next-hop-vpn-only)")
		}
	})
	// A GatewaySubnet alone is no gateway: lint warned only for a VNet
	// without one (audit d3b), though the walk drops the packet as well.
	for _, tc := range []struct{ name, design, from, says string }{
		{"a GatewaySubnet without a gateway: dropped, lint warns",
			routingHub{noGateway: true, app1Table: "rt", tables: []string{udr}}.json(), "vm-hub", "its GatewaySubnet holds no gateway"},
		{"a spoke using a hub whose GatewaySubnet is empty: dropped, lint warns",
			routingHub{noGateway: true, vnets: []string{routingSpoke("spoke", "10.10", "rt")}, vms: []string{routingSpokeVM("spoke", "10.10")},
				peerings: []string{routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true`, `"useRemoteGateways":true`)}, tables: []string{udr}}.json(),
			"vm-spoke", "the hub hub whose gateway it uses has a GatewaySubnet but no gateway"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, tc.design)
			routingExpectDiag(t, a, "route.no-gateway", model.Warning, true)
			if !slices.ContainsFunc(a.Diagnostics, func(d model.Diagnostic) bool { return d.Code == "route.no-gateway" && strings.Contains(d.Msg, tc.says) }) {
				t.Errorf("route.no-gateway does not say %q:\n%v", tc.says, a.Diagnostics)
			}
			routingExpectTrace(t, routingTrace(t, a, tc.from, "192.168.20.10"), trace.DroppedNoGateway, "")
		})
	}
	erHub := func(withVPN bool) string {
		vpn := ""
		if withVPN {
			vpn = `,{"id":"vpngw","vnet":"hub","gatewayType":"Vpn","vpnType":"RouteBased","sku":"VpnGw1AZ"}`
		}
		return `{"vnets":[{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
			"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"},{"name":"app","addressPrefix":"10.0.1.0/24","routeTable":"rt"}]}],
			"routeTables":[` + udr + `],
			"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"nic0","subnet":"hub/app","privateIpAddress":"10.0.1.4"}]}],
			"virtualNetworkGateways":[{"id":"ergw","vnet":"hub","gatewayType":"ExpressRoute","sku":"ErGw1AZ"}` + vpn + `],
			"sites":[{"id":"dc","asn":65001,"addressPrefixes":["192.168.20.0/24"],"hosts":[{"id":"srv","ipAddress":"192.168.20.10"}]}],
			"expressRouteCircuits":[{"id":"ckt","site":"dc","peerASN":65001,"primaryPeerAddressPrefix":"172.16.0.0/30"}],
			"connections":[{"id":"er","connectionType":"ExpressRoute","virtualNetworkGateway1":"ergw","peer":"ckt"}]}`
	}
	t.Run("ExpressRoute gateway only: cannot be a UDR target", func(t *testing.T) {
		a := routingAnalyse(t, erHub(false))
		routingExpectDiag(t, a, "route.expressroute-gateway", model.Warning, true)
		routingExpectTrace(t, routingTrace(t, a, "vm", "dc/srv"), trace.DroppedNoGateway, "")
	})
	t.Run("ExpressRoute and VPN coexist: lint warns the next hop is unusable", func(t *testing.T) {
		routingExpectDiag(t, routingAnalyse(t, erHub(true)), "route.gateway-coexistence", model.Warning, true)
	})
	// The same hubs seen from a spoke that uses their gateways through
	// gateway transit: the route table moves to the spoke's subnet.
	erSpoke := func(withVPN bool) string {
		hub := strings.Replace(erHub(withVPN), `"addressPrefix":"10.0.1.0/24","routeTable":"rt"`, `"addressPrefix":"10.0.1.0/24"`, 1)
		spoke := `{"vnets":[` + routingSpoke("spoke", "10.10", "rt") + `,`
		hub = strings.Replace(hub, `{"vnets":[`, spoke, 1)
		hub = strings.Replace(hub, `"virtualMachines":[`, `"virtualMachines":[`+routingSpokeVM("spoke", "10.10")+`,`, 1)
		return strings.Replace(hub, `"routeTables":[`, `"peerings":[`+routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true`, `"useRemoteGateways":true`)+`],
			"routeTables":[`, 1)
	}
	t.Run("a spoke using an ExpressRoute-only hub: lint warns, dropped", func(t *testing.T) {
		a := routingAnalyse(t, erSpoke(false))
		routingExpectDiag(t, a, "route.expressroute-gateway", model.Warning, true)
		routingExpectDiag(t, a, "route.gateway-coexistence", model.Warning, false)
		routingExpectTrace(t, routingTrace(t, a, "vm-spoke", "dc/srv"), trace.DroppedNoGateway, "")
	})
	t.Run("a spoke using coexisting gateways: lint warns the next hop is unusable", func(t *testing.T) {
		a := routingAnalyse(t, erSpoke(true))
		routingExpectDiag(t, a, "route.gateway-coexistence", model.Warning, true)
		routingExpectDiag(t, a, "route.expressroute-gateway", model.Warning, false)
	})
}

// TestRule_udr_unique_prefix_per_table checks rule:udr.unique-prefix-per-table:
// a prefix may appear only once in a route table (Azure rejects a
// duplicate: an error), while overlapping prefixes of different lengths,
// such as a /16 and a /22 inside it, are fine and both apply (rule:udr.unique-prefix-per-table).
func TestRule_udr_unique_prefix_per_table(t *testing.T) {
	a := routingAnalyse(t, routingOneSubnet(routingTableJSON("rt", false,
		routingUDR("wide", "192.168.0.0/16", "None", ""), routingUDR("narrow", "192.168.4.0/22", "VirtualAppliance", "10.0.2.4"))))
	routingExpectDiag(t, a, "routetable.duplicate-prefix", model.Error, false)
	routingExpect(t, a, "v/s", "192.168.0.0/16", routingWant{hop: route.None, source: route.User, state: route.Active})
	routingExpect(t, a, "v/s", "192.168.4.0/22", routingWant{hop: route.VirtualAppliance, source: route.User, state: route.Active, ip: "10.0.2.4"})

	dup := routingAnalyse(t, routingOneSubnet(routingTableJSON("rt", false,
		routingUDR("a", "192.168.0.0/16", "None", ""), routingUDR("b", "192.168.0.0/16", "Internet", ""))))
	routingExpectDiag(t, dup, "routetable.duplicate-prefix", model.Error, true)
}

// TestRule_udr_service_tag_prefixes checks rule:udr.service-tag-prefixes
// (the modelled part): a UDR prefix may be a service tag (accepted, not an
// error) and a table holds at most 25 service-tag routes (rule:udr.service-tag-prefixes). Tag
// precedence is not modelled.
func TestRule_udr_service_tag_prefixes(t *testing.T) {
	tags := func(n int) string {
		rs := make([]string, n)
		for i := range rs {
			rs[i] = routingUDR(fmt.Sprintf("tag%d", i), "Storage", "VirtualAppliance", "10.0.2.4")
		}
		return routingTableJSON("rt", false, rs...)
	}
	one := routingAnalyse(t, routingOneSubnet(tags(1)))
	for _, code := range []string{"cidr.invalid", "route.next-hop-type", "routetable.too-many-service-tags"} {
		routingExpectDiag(t, one, code, model.Error, false)
	}
	routingExpectDiag(t, routingAnalyse(t, routingOneSubnet(tags(25))), "routetable.too-many-service-tags", model.Error, false)
	routingExpectDiag(t, routingAnalyse(t, routingOneSubnet(tags(26))), "routetable.too-many-service-tags", model.Error, true)
}

// TestRule_udr_limits checks rule:udr.limits (the modelled part): a route
// table holds at most 400 routes (rule:udr.limits).
func TestRule_udr_limits(t *testing.T) {
	table := func(n int) string {
		rs := make([]string, n)
		for i := range rs {
			rs[i] = routingUDR(fmt.Sprintf("r%d", i), fmt.Sprintf("192.168.%d.%d/30", i/64, (i%64)*4), "None", "")
		}
		return routingTableJSON("rt", false, rs...)
	}
	routingExpectDiag(t, routingAnalyse(t, routingOneSubnet(table(400))), "routetable.too-many-routes", model.Error, false)
	routingExpectDiag(t, routingAnalyse(t, routingOneSubnet(table(401))), "routetable.too-many-routes", model.Error, true)
}

// TestRule_udr_appliance_same_subnet_loop checks
// rule:udr.appliance-same-subnet-loop: an appliance inside the subnet whose
// traffic the UDR sends to it can loop (the docs recommend a separate
// subnet): lint warns, and a packet that the appliance forwards by the same
// route comes back to it (rule:udr.appliance-same-subnet-loop, rule:nva.own-nic-routes).
func TestRule_udr_appliance_same_subnet_loop(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[{"id":"v","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
		"subnets":[{"name":"s","addressPrefix":"10.0.1.0/24","routeTable":"rt"}]}],
		"routeTables":[`+routingTableJSON("rt", false, routingUDR("default", "0.0.0.0/0", "VirtualAppliance", "10.0.1.5"))+`],
		"virtualMachines":[{"id":"vm","networkInterfaces":[{"name":"nic0","subnet":"v/s","privateIpAddress":"10.0.1.4"}]},
		{"id":"nva","guestIpForwarding":true,"networkInterfaces":[{"name":"nic0","subnet":"v/s","privateIpAddress":"10.0.1.5","enableIPForwarding":true}]}]}`)
	routingExpectDiag(t, a, "route.appliance-same-subnet", model.Warning, true)
	routingExpectTrace(t, routingTrace(t, a, "vm", "203.0.113.10"), trace.Loop, "")

	// In a separate subnet (routingOneSubnet: the NVA's subnet has no table) there is no warning.
	ok := routingAnalyse(t, routingOneSubnet(routingTableJSON("rt", false, routingUDR("default", "0.0.0.0/0", "VirtualAppliance", "10.0.2.4"))))
	routingExpectDiag(t, ok, "route.appliance-same-subnet", model.Warning, false)
	routingExpectTrace(t, routingTrace(t, ok, "vm", "203.0.113.10"), trace.ExitsToInternet, "")
}

// TestRule_udr_table_deletion checks rule:udr.table-deletion (the engine
// half): a subnet whose route table is dissociated goes back to its
// default routes (rule:udr.table-deletion). Refusing to delete an associated table is the
// editor's job (app/kinds).
func TestRule_udr_table_deletion(t *testing.T) {
	withTable := routingAnalyse(t, routingOneSubnet(routingTableJSON("rt", false,
		routingUDR("default", "0.0.0.0/0", "VirtualAppliance", "10.0.2.4"), routingUDR("vnet", "10.0.0.0/16", "None", ""))))
	dissociated := routingAnalyse(t, strings.Replace(routingOneSubnet(routingTableJSON("rt", false,
		routingUDR("default", "0.0.0.0/0", "VirtualAppliance", "10.0.2.4"))), `,"routeTable":"rt"`, "", 1))
	if len(routingTable(t, withTable, "v/s")) == len(routingTable(t, withTable, "v/nvas")) {
		t.Fatal("the route table changed nothing; the test design is wrong")
	}
	got, want := routingTable(t, dissociated, "v/s"), routingTable(t, dissociated, "v/nvas") // nvas never had a table
	if !slices.Equal(got, want) {
		t.Errorf("dissociated subnet's routes differ from the default set:\ngot%s\nwant%s", routingDump(got), routingDump(want))
	}
	for _, e := range got {
		if e.Source == route.User {
			t.Errorf("dissociated subnet still lists UDR %s", e.Prefix)
		}
	}
}

// TestRule_udr_gateway_subnet checks rule:udr.gateway-subnet: on
// GatewaySubnet a 0.0.0.0/0 UDR is unsupported and disabled propagation
// breaks the gateway (both errors), a UDR overlapping the GatewaySubnet
// range can break it (warning), and UDRs for specific prefixes, such as a
// spoke range to a firewall, are supported and steer traffic arriving from
// on-premises through the firewall (rule:udr.gateway-subnet, rule:propagation.gateway-subnet-must-propagate, rule:nva.per-direction-routing).
func TestRule_udr_gateway_subnet(t *testing.T) {
	gwTable := func(disable bool, routes ...string) string {
		return strings.Replace(routingHub{
			vnets:    []string{routingSpoke("spoke", "10.10", "")},
			vms:      []string{routingSpokeVM("spoke", "10.10")},
			peerings: []string{routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true,"allowForwardedTraffic":true`, `"useRemoteGateways":true,"allowForwardedTraffic":true`)},
			tables:   []string{routingTableJSON("gw-rt", disable, routes...)},
		}.json(), `"addressPrefix":"10.0.255.0/27"`, `"addressPrefix":"10.0.255.0/27","routeTable":"gw-rt"`, 1)
	}
	for _, tc := range []struct {
		name     string
		design   string
		code     string
		severity model.Severity
	}{
		{"0.0.0.0/0 UDR", gwTable(false, routingUDR("d", "0.0.0.0/0", "VirtualAppliance", "10.0.2.4")), "routetable.gateway-default-route", model.Error},
		{"propagation disabled", gwTable(true, routingUDR("s", "10.10.0.0/16", "VirtualAppliance", "10.0.2.4")), "routetable.gateway-propagation-disabled", model.Error},
		{"UDR overlapping GatewaySubnet", gwTable(false, routingUDR("o", "10.0.255.0/24", "VirtualAppliance", "10.0.2.4")), "routetable.gateway-overlap", model.Warning},
	} {
		t.Run(tc.name, func(t *testing.T) {
			routingExpectDiag(t, routingAnalyse(t, tc.design), tc.code, tc.severity, true)
		})
	}
	t.Run("specific prefix to a firewall is supported and used", func(t *testing.T) {
		a := routingAnalyse(t, gwTable(false, routingUDR("spoke-via-fw", "10.10.0.0/16", "VirtualAppliance", "10.0.2.4")))
		for _, code := range []string{"routetable.gateway-default-route", "routetable.gateway-propagation-disabled", "routetable.gateway-overlap"} {
			routingExpectDiag(t, a, code, model.Error, false)
		}
		tr := routingTrace(t, a, "branch/pc", "vm-spoke")
		if !routingVia(tr, "nva/nic0") {
			t.Errorf("on-premises → spoke did not pass the firewall: %s %v (%s)", tr.Disposition, routingHops(tr), tr.Reason)
		}
		if tr.Disposition != trace.Delivered {
			t.Errorf("on-premises → spoke: %s (%s), want Delivered", tr.Disposition, tr.Reason)
		}
	})
}

// TestRule_udr_route_server_subnet checks rule:udr.route-server-subnet:
// neither a route table nor an NSG may be associated with
// RouteServerSubnet (rule:udr.route-server-subnet).
func TestRule_udr_route_server_subnet(t *testing.T) {
	design := func(extra string) string {
		return `{"vnets":[{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
			"subnets":[{"name":"RouteServerSubnet","addressPrefix":"10.0.254.0/26"` + extra + `}]}],
			"routeTables":[` + routingTableJSON("rt", false, routingUDR("r", "192.168.0.0/16", "None", "")) + `],
			"networkSecurityGroups":[{"id":"nsg","location":"westeurope"}],
			"routeServers":[{"id":"rs","vnet":"hub"}]}`
	}
	clean := routingAnalyse(t, design(""))
	routingExpectDiag(t, clean, "subnet.routeserver-route-table", model.Error, false)
	routingExpectDiag(t, clean, "subnet.routeserver-nsg", model.Error, false)
	routingExpectDiag(t, routingAnalyse(t, design(`,"routeTable":"rt"`)), "subnet.routeserver-route-table", model.Error, true)
	routingExpectDiag(t, routingAnalyse(t, design(`,"networkSecurityGroup":"nsg"`)), "subnet.routeserver-nsg", model.Error, true)
}
