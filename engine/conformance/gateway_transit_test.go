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

// Conformance tests for docs/rules/gateway-transit.md (rule book section G).

// routingTransit is routingHub with spoke "spoke" (10.10.0.0/16, VM
// vm-spoke) peered to the hub with hubLink and spokeLink members, plus
// further routingHub fields from extra.
func routingTransit(hubLink, spokeLink string, extra routingHub) string {
	extra.vnets = append([]string{routingSpoke("spoke", "10.10", "")}, extra.vnets...)
	extra.vms = append([]string{routingSpokeVM("spoke", "10.10")}, extra.vms...)
	extra.peerings = append([]string{routingPeering("hub-spoke", "hub", "spoke", hubLink, spokeLink)}, extra.peerings...)
	return extra.json()
}

// routingLearns reports whether speaker's BGP table (a site, gateway or
// Route Server id) has a best path for prefix.
func routingLearns(a *engine.Analysis, speaker, prefix string) bool {
	p := netip.MustParsePrefix(prefix)
	for _, b := range a.Plane.BGP().RIB(speaker) {
		if b.Prefix == p {
			return true
		}
	}
	return false
}

const (
	routingAllowTransit = `"allowGatewayTransit":true`
	routingUseRemote    = `"useRemoteGateways":true`
)

// TestRule_gateway_transit_routes_reach_spoke checks
// rule:gateway-transit.routes-reach-spoke: with allowGatewayTransit on the
// hub's link and useRemoteGateways on the spoke's, every subnet of the spoke
// gets all the hub gateway's routes (on-premises BGP and LNG prefixes, the
// point-to-site pool) as VirtualNetworkGateway routes; with either flag
// missing it gets none, and hub and spoke still reach each other over the
// peering (rule:gateway-transit.spoke-advertised-on-premises, rule:gateway-transit.routes-reach-spoke).
func TestRule_gateway_transit_routes_reach_spoke(t *testing.T) {
	for _, tc := range []struct {
		name             string
		hubLink, spoke   string
		wantGatewayRoute bool
	}{
		{"both flags", routingAllowTransit, routingUseRemote, true},
		{"no allowGatewayTransit on the hub link", "", routingUseRemote, false},
		{"no useRemoteGateways on the spoke link", routingAllowTransit, "", false},
		{"neither flag", "", "", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, routingTransit(tc.hubLink, tc.spoke, routingHub{}))
			if tc.wantGatewayRoute {
				for _, p := range []string{"192.168.10.0/24", "192.168.20.0/24", "172.16.50.0/24"} {
					routingExpectGatewayRoute(t, a, "spoke/app", p, "10.0.255.0/27")
				}
				routingExpectTrace(t, routingTrace(t, a, "vm-spoke", "dc/srv"), trace.DeliveredOnPremises, "")
			} else {
				routingNoGatewayRoutes(t, a, "spoke/app")
				if tr := routingTrace(t, a, "vm-spoke", "dc/srv"); tr.Disposition.Success() {
					t.Errorf("spoke reaches on-premises without transit: %s", tr.Disposition)
				}
				// The walk says why (the matrix's reason stays the None route's).
				tr := routingTrace(t, a, "vm-spoke", "dc/srv")
				routingExpectStep(t, tr, "is in on-premises site dc's range: spoke has no gateway of its own and does not use hub's", "useRemoteGateways", "rule:gateway-transit.routes-reach-spoke")
				routingExpectStep(t, routingTrace(t, a, "vm-spoke", "172.16.50.10"), "point-to-site client pool: spoke has no gateway of its own and does not use hub's")
			}
			routingExpect(t, a, "spoke/app", "10.0.0.0/16", routingDefault(route.VNetPeering))
			routingExpectTrace(t, routingTrace(t, a, "vm-spoke", "vm-hub"), trace.Delivered, "")
		})
	}
}

// TestRule_gateway_transit_spoke_advertised_on_premises checks
// rule:gateway-transit.spoke-advertised-on-premises: with both flags the
// hub's gateways advertise the spoke's range to on-premises, over VPN BGP
// and over ExpressRoute; without them only the hub's range is advertised
// (rule:gateway-transit.spoke-advertised-on-premises, field note 004).
func TestRule_gateway_transit_spoke_advertised_on_premises(t *testing.T) {
	t.Run("VPN BGP", func(t *testing.T) {
		for _, tc := range []struct {
			hubLink, spokeLink string
			want               bool
		}{
			{routingAllowTransit, routingUseRemote, true},
			{routingAllowTransit, "", false},
			{"", routingUseRemote, false},
		} {
			a := routingAnalyse(t, routingTransit(tc.hubLink, tc.spokeLink, routingHub{}))
			if !routingLearns(a, "dc", "10.0.0.0/16") {
				t.Errorf("dc does not learn the hub range")
			}
			if got := routingLearns(a, "dc", "10.10.0.0/16"); got != tc.want {
				t.Errorf("hub %q spoke %q: dc learns the spoke range = %v, want %v", tc.hubLink, tc.spokeLink, got, tc.want)
			}
			// Without transit, on-premises' walk to the spoke says why it
			// has no route, naming the rule.
			if tr := routingTrace(t, a, "dc/srv", "vm-spoke"); !tc.want && (tr.Disposition.Success() || !strings.Contains(tr.Reason, "rule:gateway-transit.spoke-advertised-on-premises")) {
				t.Errorf("hub %q spoke %q: dc → spoke %s (%s), want no route citing rule:gateway-transit.spoke-advertised-on-premises", tc.hubLink, tc.spokeLink, tr.Disposition, tr.Reason)
			}
		}
	})
	t.Run("ExpressRoute (field note 004)", func(t *testing.T) {
		design := func(spokeLink string) string {
			return `{"vnets":[{"id":"hub","location":"westeurope","addressSpace":{"addressPrefixes":["10.0.0.0/16"]},
				"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"}]},` + routingSpoke("spoke", "10.10", "") + `],
				"peerings":[` + routingPeering("hub-spoke", "hub", "spoke", routingAllowTransit, spokeLink) + `],
				"virtualNetworkGateways":[{"id":"ergw","vnet":"hub","gatewayType":"ExpressRoute","sku":"ErGw1AZ"}],
				"sites":[{"id":"onprem","asn":65001,"addressPrefixes":["192.168.20.0/24"]}],
				"expressRouteCircuits":[{"id":"ckt","site":"onprem","peerASN":65001,"primaryPeerAddressPrefix":"172.16.0.0/30"}],
				"connections":[{"id":"er","connectionType":"ExpressRoute","virtualNetworkGateway1":"ergw","peer":"ckt"}]}`
		}
		with, without := routingAnalyse(t, design(routingUseRemote)), routingAnalyse(t, design(""))
		if !routingLearns(with, "onprem", "10.10.0.0/16") {
			t.Error("with transit, on-premises does not learn the spoke range over ExpressRoute")
		}
		if routingLearns(without, "onprem", "10.10.0.0/16") {
			t.Error("without useRemoteGateways, on-premises learns the spoke range (field note 004 says it never did)")
		}
		if !routingLearns(without, "onprem", "10.0.0.0/16") {
			t.Error("on-premises does not learn the hub range over ExpressRoute")
		}
	})
}

// TestRule_gateway_transit_peering_beats_gateway_in_spoke checks
// rule:gateway-transit.peering-beats-gateway-in-spoke: in a transit spoke,
// an on-premises prefix inside the peered hub range loses to the peering
// system route and is listed Invalid (rule:gateway-transit.peering-beats-gateway-in-spoke, rule:route-selection.system-beats-more-specific-bgp).
func TestRule_gateway_transit_peering_beats_gateway_in_spoke(t *testing.T) {
	a := routingAnalyse(t, routingTransit(routingAllowTransit, routingUseRemote, routingHub{
		dcAdvertises: []string{"192.168.20.0/24", "10.0.5.0/24"},
	}))
	found := false
	for _, e := range routingWithPrefix(t, a, "spoke/app", "10.0.5.0/24") {
		if e.Source == route.Gateway {
			found = true
			if e.State != route.Invalid {
				t.Errorf("gateway route 10.0.5.0/24 in the spoke is %s, want Invalid under the peering route", e.State)
			}
		}
	}
	if !found {
		t.Errorf("the spoke does not list the on-premises 10.0.5.0/24:%s", routingDump(routingTable(t, a, "spoke/app")))
	}
	routingExpectLookup(t, routingLookup(t, a, "spoke/app", "10.0.5.1"), "10.0.5.1", "10.0.0.0/16", route.VNetPeering, route.Default)
}

// TestRule_gateway_transit_exact_prefix_filtered checks
// rule:gateway-transit.exact-prefix-filtered: with transit on, the VPN
// gateway drops an on-premises advertisement of exactly the hub's or the
// transit spoke's prefix but accepts a supernet; without transit it does
// not know the spoke's prefix and accepts it (rule:gateway-transit.exact-prefix-filtered).
func TestRule_gateway_transit_exact_prefix_filtered(t *testing.T) {
	adv := []string{"192.168.20.0/24", "10.0.0.0/16", "10.10.0.0/16", "10.0.0.0/8"}
	// The gateway's own table always holds the hub and spoke ranges it
	// originates, so what it accepted shows in the routes it programs.
	with := routingAnalyse(t, routingTransit(routingAllowTransit, routingUseRemote, routingHub{dcAdvertises: adv}))
	for _, p := range []string{"10.0.0.0/16", "10.10.0.0/16"} {
		for _, sn := range []string{"hub/app1", "spoke/app"} {
			routingAbsent(t, with, sn, p, routingSource(route.Gateway))
		}
	}
	if !routingLearns(with, "vpngw", "10.0.0.0/8") {
		t.Error("the gateway dropped the supernet 10.0.0.0/8")
	}
	routingExpectGatewayRoute(t, with, "hub/app1", "10.0.0.0/8", "10.0.255.0/27")
	// Each dropped advertisement is said, naming the VNet whose range it
	// is; the supernet and the site's own range are not.
	var said []string
	for _, d := range routingDiag(with, "bgp.exact-prefix-filtered") {
		said = append(said, d.Path+": "+d.Msg)
	}
	if len(said) != 2 || !strings.Contains(said[0], "10.0.0.0/16, exactly the range of VNet hub") ||
		!strings.Contains(said[1], "10.10.0.0/16, exactly the range of VNet spoke") || !strings.HasPrefix(said[0], "sessions[dc-s2s]") {
		t.Errorf("the dropped advertisements are said as %q, want the hub's and the spoke's exact ranges on sessions[dc-s2s]", said)
	}
	routingExpectDiag(t, routingAnalyse(t, routingTransit(routingAllowTransit, routingUseRemote, routingHub{dcAdvertises: adv[:1]})),
		"bgp.exact-prefix-filtered", model.Warning, false)

	without := routingAnalyse(t, routingTransit("", "", routingHub{dcAdvertises: adv}))
	routingAbsent(t, without, "hub/app1", "10.0.0.0/16", routingSource(route.Gateway))
	if len(routingWithPrefix(t, without, "hub/app1", "10.10.0.0/16")) != 2 {
		t.Errorf("without transit the gateway should accept the peered VNet's exact prefix (listed beside the peering route):%s",
			routingDump(routingWithPrefix(t, without, "hub/app1", "10.10.0.0/16")))
	}
	routingExpect(t, without, "hub/app1", "10.10.0.0/16", routingDefault(route.VNetPeering))
}

// TestRule_gateway_transit_summarized_prefixes checks
// rule:gateway-transit.summarized-prefixes: summarizedGatewayPrefixes on
// the hub makes its gateways advertise the summaries instead of the hub
// range and drop the transit spoke ranges a summary covers (a spoke outside
// every summary is still advertised); set on a spoke it changes nothing
// (rule:gateway-transit.summarized-prefixes).
func TestRule_gateway_transit_summarized_prefixes(t *testing.T) {
	summarize := func(s, vnet string) string {
		return strings.Replace(s, `{"id":"`+vnet+`","location":"westeurope",`, `{"id":"`+vnet+`","location":"westeurope","summarizedGatewayPrefixes":["10.0.0.0/12"],`, 1)
	}
	second := routingHub{
		vnets:    []string{routingSpoke("far", "10.40", "")},
		peerings: []string{routingPeering("hub-far", "hub", "far", routingAllowTransit, routingUseRemote)},
	}
	plain := routingTransit(routingAllowTransit, routingUseRemote, second)

	hub := routingAnalyse(t, summarize(plain, "hub"))
	for p, want := range map[string]bool{"10.0.0.0/12": true, "10.0.0.0/16": false, "10.10.0.0/16": false, "10.40.0.0/16": true} {
		if got := routingLearns(hub, "dc", p); got != want {
			t.Errorf("summary on the hub: dc learns %s = %v, want %v", p, got, want)
		}
	}
	spoke := routingAnalyse(t, summarize(plain, "spoke"))
	for p, want := range map[string]bool{"10.0.0.0/12": false, "10.0.0.0/16": true, "10.10.0.0/16": true, "10.40.0.0/16": true} {
		if got := routingLearns(spoke, "dc", p); got != want {
			t.Errorf("summary on a spoke: dc learns %s = %v, want %v", p, got, want)
		}
	}
}

// TestRule_gateway_transit_spoke_to_spoke_needs_udr checks
// rule:gateway-transit.spoke-to-spoke-needs-udr: spokes of one hub do not
// reach each other through it by themselves; with UDRs sending the other
// spoke to a hub appliance (and forwarded traffic allowed) they do (rule:gateway-transit.spoke-to-spoke-needs-udr,
// rule:nva.spoke-to-spoke-through-hub). The path through the hub's VPN gateway is the rule's known gap.
func TestRule_gateway_transit_spoke_to_spoke_needs_udr(t *testing.T) {
	allow := `"allowForwardedTraffic":true`
	bare := routingAnalyse(t, routingHub{
		noGateway: true,
		vnets:     []string{routingSpoke("s1", "10.1", ""), routingSpoke("s2", "10.2", "")},
		vms:       []string{routingSpokeVM("s1", "10.1"), routingSpokeVM("s2", "10.2")},
		peerings:  []string{routingPeering("hub-s1", "hub", "s1", "", allow), routingPeering("hub-s2", "hub", "s2", "", allow)},
	}.json())
	routingExpectTrace(t, routingTrace(t, bare, "vm-s1", "vm-s2"), trace.DroppedByNoneRoute, "")

	viaNVA := routingAnalyse(t, routingHubSpokes(allow, allow))
	tr := routingTrace(t, viaNVA, "vm-s1", "vm-s2")
	routingExpectTrace(t, tr, trace.Delivered, "")
	if !routingVia(tr, "nva/nic0") {
		t.Errorf("did not pass the hub appliance: %v", routingHops(tr))
	}

	t.Run("through the hub's VPN gateway", func(t *testing.T) {
		design := routingTransit(routingAllowTransit, routingUseRemote+`,`+allow, routingHub{
			vnets:    []string{routingSpoke("s2", "10.2", "rt")},
			vms:      []string{routingSpokeVM("s2", "10.2")},
			peerings: []string{routingPeering("hub-s2", "hub", "s2", routingAllowTransit, routingUseRemote+`,`+allow)},
			tables: []string{routingTableJSON("rt", false, routingUDR("s1", "10.10.0.0/16", "VirtualNetworkGateway", ""),
				routingUDR("s2", "10.2.0.0/16", "VirtualNetworkGateway", ""))},
		})
		a := routingAnalyse(t, strings.Replace(design, `"addressPrefix":"10.10.1.0/24"`, `"addressPrefix":"10.10.1.0/24","routeTable":"rt"`, 1))
		routingExpectTrace(t, routingTrace(t, a, "vm-spoke", "vm-s2"), trace.Delivered, "")
	})
}

// TestRule_gateway_transit_gateway_in_another_region checks
// rule:gateway-transit.gateway-in-another-region (the modelled part): a
// spoke in another region than the hub gets the hub gateway's routes over
// the global peering, and traffic between it and on-premises passes the
// gateway both ways (rule:gateway-transit.gateway-in-another-region, rule:peering.gateway-transit-over-global-peering).
func TestRule_gateway_transit_gateway_in_another_region(t *testing.T) {
	a := routingAnalyse(t, strings.Replace(routingTransit(routingAllowTransit, routingUseRemote, routingHub{}),
		`{"id":"spoke","location":"westeurope"`, `{"id":"spoke","location":"japaneast"`, 1))
	routingExpect(t, a, "spoke/app", "10.0.0.0/16", routingDefault(route.VNetGlobalPeering))
	routingExpectGatewayRoute(t, a, "spoke/app", "192.168.10.0/24", "10.0.255.0/27")
	routingExpectTrace(t, routingTrace(t, a, "vm-spoke", "branch/pc"), trace.DeliveredOnPremises, "")
	routingExpectTrace(t, routingTrace(t, a, "branch/pc", "vm-spoke"), trace.Delivered, "")
	if !routingLearns(a, "dc", "10.10.0.0/16") {
		t.Error("the hub does not advertise the remote-region spoke to on-premises")
	}
}
