package conformance_test

import (
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/rules"
	"vnetplay/engine/trace"
)

// Conformance tests for docs/rules/peering.md (rule book section F).

// routingPair is VNets a (10.1.0.0/16, region la) and b (10.2.0.0/16,
// region lb), each with subnet app and a VM (vm-a 10.1.1.4, vm-b
// 10.2.1.4), peered by "a-b" with the given link members; extra is
// appended to the topology object (JSON members starting with a comma).
func routingPair(la, lb, aLink, bLink, extra string) string {
	return `{"vnets":[
		{"id":"a","location":"` + la + `","addressSpace":{"addressPrefixes":["10.1.0.0/16"]},"subnets":[{"name":"app","addressPrefix":"10.1.1.0/24"}]},
		{"id":"b","location":"` + lb + `","addressSpace":{"addressPrefixes":["10.2.0.0/16"]},"subnets":[{"name":"app","addressPrefix":"10.2.1.0/24"}]}],
		"peerings":[` + routingPeering("a-b", "a", "b", aLink, bLink) + `],
		"virtualMachines":[` + routingSpokeVM("a", "10.1") + `,` + routingSpokeVM("b", "10.2") + `]` + extra + `}`
}

// TestRule_peering_link_states checks rule:peering.link-states: with both
// links the peering is Connected, its routes are programmed and traffic
// flows; with one link created (Initiated) or one deleted (Disconnected)
// there are no peering routes and no traffic (rule:peering.link-states).
func TestRule_peering_link_states(t *testing.T) {
	for _, tc := range []struct {
		name      string
		bLink     string
		connected bool
		diag      string
	}{
		{"both links: Connected", "", true, ""},
		{"second link not created: Initiated", `"lifecycle":"NotCreated"`, false, "peering.initiated"},
		{"one link deleted: Disconnected", `"lifecycle":"Deleted"`, false, "peering.disconnected"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, routingPair("westeurope", "westeurope", "", tc.bLink, ""))
			tr := routingTrace(t, a, "vm-a", "vm-b")
			if tc.connected {
				routingExpect(t, a, "a/app", "10.2.0.0/16", routingDefault(route.VNetPeering))
				routingExpect(t, a, "b/app", "10.1.0.0/16", routingDefault(route.VNetPeering))
				routingExpectTrace(t, tr, trace.Delivered, "")
				return
			}
			routingAbsent(t, a, "a/app", "10.2.0.0/16", nil)
			routingAbsent(t, a, "b/app", "10.1.0.0/16", nil)
			if tr.Disposition.Success() {
				t.Errorf("traffic flows over a peering that is not Connected: %s", tr.Disposition)
			}
			routingExpectDiag(t, a, tc.diag, model.Warning, true)
			state := tc.name[strings.LastIndex(tc.name, " ")+1:] // Initiated or Disconnected
			routingExpectStep(t, tr, "10.2.1.4 is in VNet b, and peering a-b is "+state, "rule:peering.link-states")
		})
	}
}

// TestRule_peering_disconnected_needs_recreate checks
// rule:peering.disconnected-needs-recreate (the modelled part): a
// Disconnected peering stays without routes and lint names the documented
// fix, deleting the remaining link and creating both again (rule:peering.disconnected-needs-recreate).
func TestRule_peering_disconnected_needs_recreate(t *testing.T) {
	a := routingAnalyse(t, routingPair("westeurope", "westeurope", "", `"lifecycle":"Deleted"`, ""))
	ds := routingDiag(a, "peering.disconnected")
	if len(ds) != 1 || !strings.Contains(ds[0].Msg, "re-create both") {
		t.Errorf("want one peering.disconnected diagnostic naming the fix (re-create both links), got %v", ds)
	}
	routingAbsent(t, a, "a/app", "10.2.0.0/16", nil)
}

// TestRule_peering_not_transitive checks rule:peering.not-transitive: with
// A–B and B–C peered, A has no route to C and cannot reach it (rule:peering.not-transitive).
func TestRule_peering_not_transitive(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[`+routingSpoke("a", "10.1", "")+`,`+routingSpoke("b", "10.2", "")+`,`+routingSpoke("c", "10.3", "")+`],
		"peerings":[`+routingPeering("a-b", "a", "b", "", "")+`,`+routingPeering("b-c", "b", "c", "", "")+`],
		"virtualMachines":[`+routingSpokeVM("a", "10.1")+`,`+routingSpokeVM("c", "10.3")+`]}`)
	routingAbsent(t, a, "a/app", "10.3.0.0/16", nil)
	routingAbsent(t, a, "c/app", "10.1.0.0/16", nil)
	routingExpect(t, a, "b/app", "10.3.0.0/16", routingDefault(route.VNetPeering))
	routingExpectTrace(t, routingTrace(t, a, "vm-a", "vm-c"), trace.DroppedByNoneRoute, "")
	routingExpectTrace(t, routingTrace(t, a, "vm-c", "vm-a"), trace.DroppedByNoneRoute, "")
	// The walk says why no route leads there: the two spokes are not
	// peered, and the hub's peerings do not carry them.
	routingExpectStep(t, routingTrace(t, a, "vm-a", "vm-c"), "10.3.1.4 is in VNet c, which a is not peered with", "not transitive", "rule:peering.not-transitive")
	routingExpectStep(t, routingTrace(t, a, "vm-c", "vm-a"), "10.1.1.4 is in VNet a, which c is not peered with", "not transitive")

	// A VNet with no peering at all (a peering not Connected:
	// TestRule_peering_link_states).
	lone := routingAnalyse(t, `{"vnets":[`+routingSpoke("a", "10.1", "")+`,`+routingSpoke("c", "10.3", "")+`],
		"virtualMachines":[`+routingSpokeVM("a", "10.1")+`,`+routingSpokeVM("c", "10.3")+`]}`)
	tr := routingTrace(t, lone, "vm-a", "vm-c")
	routingExpectStep(t, tr, "10.3.1.4 is in VNet c, and a is peered with no VNet", "rule:system-routes.peering-routes")
	routingExpectNoStep(t, tr, "transitive")
}

// TestRule_peering_no_overlap checks rule:peering.no-overlap: VNets whose
// address spaces overlap cannot be peered (an error) and the peering adds
// no routes (rule:peering.no-overlap).
func TestRule_peering_no_overlap(t *testing.T) {
	a := routingAnalyse(t, `{"vnets":[
		{"id":"a","location":"westeurope","addressSpace":{"addressPrefixes":["10.1.0.0/16"]},"subnets":[{"name":"app","addressPrefix":"10.1.1.0/24"}]},
		{"id":"b","location":"westeurope","addressSpace":{"addressPrefixes":["10.1.128.0/17","10.2.0.0/16"]},"subnets":[{"name":"app","addressPrefix":"10.2.1.0/24"}]}],
		"peerings":[`+routingPeering("a-b", "a", "b", "", "")+`]}`)
	routingExpectDiag(t, a, "peering.overlap", model.Error, true)
	routingAbsent(t, a, "a/app", "10.2.0.0/16", nil)
	routingAbsent(t, a, "a/app", "10.1.128.0/17", nil)
	routingAbsent(t, a, "b/app", "10.1.0.0/16", nil)
}

// TestRule_peering_global checks rule:peering.global (the modelled part):
// peering works within a region (VNetPeering) and across regions
// (VNetGlobalPeering), and traffic flows over both (rule:peering.global, rule:outputs.next-hop-type-names).
func TestRule_peering_global(t *testing.T) {
	for _, tc := range []struct {
		la, lb string
		hop    route.NextHopType
	}{
		{"westeurope", "westeurope", route.VNetPeering},
		{"westeurope", "eastus", route.VNetGlobalPeering},
	} {
		a := routingAnalyse(t, routingPair(tc.la, tc.lb, "", "", ""))
		routingExpect(t, a, "a/app", "10.2.0.0/16", routingDefault(tc.hop))
		routingExpect(t, a, "b/app", "10.1.0.0/16", routingDefault(tc.hop))
		routingExpectTrace(t, routingTrace(t, a, "vm-a", "vm-b"), trace.Delivered, "")
	}
}

// TestRule_peering_basic_lb_global checks rule:peering.basic-lb-global:
// across a global peering a Basic load balancer's frontend cannot be
// reached while its backend VM can, by its private IP; a Standard load
// balancer, or a Basic one over a regional peering, works (rule:peering.basic-lb-global).
func TestRule_peering_basic_lb_global(t *testing.T) {
	for _, tc := range []struct {
		name, lb, sku string
		want          trace.Disposition
	}{
		{"Basic frontend over global peering", "eastus", "Basic", trace.DroppedBasicLBGlobalPeering},
		{"Standard frontend over global peering", "eastus", "Standard", trace.Delivered},
		{"Basic frontend over regional peering", "westeurope", "Basic", trace.Delivered},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := routingAnalyse(t, routingPair("westeurope", tc.lb, "", "",
				`,"loadBalancers":[{"id":"ilb","sku":"`+tc.sku+`","subnet":"b/app","frontendPrivateIpAddress":"10.2.1.10","backends":["vm-b"]}]`))
			routingExpectTrace(t, routingTrace(t, a, "vm-a", "10.2.1.10"), tc.want, "")
			routingExpectTrace(t, routingTrace(t, a, "vm-a", "vm-b"), trace.Delivered, "")
		})
	}
}

// TestRule_peering_gateway_transit_over_global_peering checks
// rule:peering.gateway-transit-over-global-peering: gateway transit works
// over a global peering like over a regional one: the spoke in another
// region gets the hub gateway's routes and reaches on-premises (rule:peering.gateway-transit-over-global-peering, the
// current pages, per section W).
func TestRule_peering_gateway_transit_over_global_peering(t *testing.T) {
	a := routingAnalyse(t, routingHub{
		vnets:    []string{strings.Replace(routingSpoke("spoke", "10.10", ""), "westeurope", "eastus", 1)},
		vms:      []string{routingSpokeVM("spoke", "10.10")},
		peerings: []string{routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true`, `"useRemoteGateways":true`)},
	}.json())
	routingExpect(t, a, "spoke/app", "10.0.0.0/16", routingDefault(route.VNetGlobalPeering))
	routingExpectGatewayRoute(t, a, "spoke/app", "192.168.20.0/24", "10.0.255.0/27")
	routingExpectTrace(t, routingTrace(t, a, "vm-spoke", "dc/srv"), trace.DeliveredOnPremises, "")
}

// TestRule_peering_allow_virtual_network_access checks
// rule:peering.allow-virtual-network-access: the flag is on by default;
// turned off on a's link, traffic from a to b stops by default (the docs),
// and in the tag-only mode (the field tests, section W) the traffic passes
// but a is no longer in b's VirtualNetwork tag, so an NSG's default
// AllowVnetInBound no longer admits it (rule:peering.allow-virtual-network-access).
func TestRule_peering_allow_virtual_network_access(t *testing.T) {
	nsg := `,"networkSecurityGroups":[{"id":"nsg-b","location":"westeurope"}]`
	withNSG := func(s string) string {
		return strings.Replace(s, `"addressPrefix":"10.2.1.0/24"`, `"addressPrefix":"10.2.1.0/24","networkSecurityGroup":"nsg-b"`, 1)
	}
	tagOnly := trace.Options{TagOnlyPeeringFlags: true}

	def := routingAnalyse(t, routingPair("westeurope", "westeurope", "", "", ""))
	routingExpectTrace(t, routingTrace(t, def, "vm-a", "vm-b"), trace.Delivered, "")

	off := routingAnalyse(t, routingPair("westeurope", "westeurope", `"allowVirtualNetworkAccess":false`, "", ""))
	routingExpectTrace(t, routingTrace(t, off, "vm-a", "vm-b"), trace.DroppedVNetAccessDisabled, "")
	routingExpectTrace(t, routingTrace(t, off, "vm-a", "vm-b", tagOnly), trace.Delivered, "")

	onNSG := routingAnalyse(t, withNSG(routingPair("westeurope", "westeurope", "", "", nsg)))
	routingExpectTrace(t, routingTrace(t, onNSG, "vm-a", "vm-b", tagOnly), trace.Delivered, "")
	offNSG := routingAnalyse(t, withNSG(routingPair("westeurope", "westeurope", `"allowVirtualNetworkAccess":false`, "", nsg)))
	routingExpectTrace(t, routingTrace(t, offNSG, "vm-a", "vm-b", tagOnly), trace.DroppedByNSG, "")
}

// routingHubSpokes is a hub with an appliance (hub/app2 10.0.2.4, no
// gateway) and spokes s1 (10.1) and s2 (10.2) whose route table sends the
// other spoke to the appliance; s1Link and s2Link are the spokes' link
// members (the b side of each peering).
func routingHubSpokes(s1Link, s2Link string) string {
	return routingHub{
		noGateway: true,
		vnets:     []string{routingSpoke("s1", "10.1", "rt"), routingSpoke("s2", "10.2", "rt")},
		vms:       []string{routingSpokeVM("s1", "10.1"), routingSpokeVM("s2", "10.2")},
		peerings:  []string{routingPeering("hub-s1", "hub", "s1", "", s1Link), routingPeering("hub-s2", "hub", "s2", "", s2Link)},
		tables: []string{routingTableJSON("rt", false, routingUDR("s1", "10.1.0.0/16", "VirtualAppliance", "10.0.2.4"),
			routingUDR("s2", "10.2.0.0/16", "VirtualAppliance", "10.0.2.4"))},
	}.json()
}

// TestRule_peering_allow_forwarded_traffic checks
// rule:peering.allow-forwarded-traffic: the flag is off by default; set on
// a spoke's link it admits traffic a hub appliance forwards from another
// spoke. Without it the forwarded traffic is dropped by default (the
// receiving link's flag, per the rule), and passes in the tag-only mode
// (rule:peering.allow-forwarded-traffic, section W).
func TestRule_peering_allow_forwarded_traffic(t *testing.T) {
	allow := `"allowForwardedTraffic":true`
	both := routingAnalyse(t, routingHubSpokes(allow, allow))
	tr := routingTrace(t, both, "vm-s1", "vm-s2")
	routingExpectTrace(t, tr, trace.Delivered, "")
	if !routingVia(tr, "nva/nic0") {
		t.Errorf("spoke-to-spoke did not pass the hub appliance: %v", routingHops(tr))
	}
	def := routingAnalyse(t, routingHubSpokes("", ""))
	routingExpectTrace(t, routingTrace(t, def, "vm-s1", "vm-s2"), trace.DroppedForwardedTrafficNotAllowed, "")
	routingExpectTrace(t, routingTrace(t, def, "vm-s1", "vm-s2", trace.Options{TagOnlyPeeringFlags: true}), trace.Delivered, "")
	// Only s2 (the receiver of the forwarded packet) lacks the flag.
	routingExpectTrace(t, routingTrace(t, routingAnalyse(t, routingHubSpokes(allow, "")), "vm-s1", "vm-s2"), trace.DroppedForwardedTrafficNotAllowed, "")
}

// TestRule_peering_gateway_forwarded_exempt checks
// rule:peering.gateway-forwarded-exempt: packets a VPN gateway forwards
// into a transit spoke, from on-premises or from a point-to-site client,
// are admitted without allowForwardedTraffic (rule:peering.gateway-forwarded-exempt).
func TestRule_peering_gateway_forwarded_exempt(t *testing.T) {
	a := routingAnalyse(t, routingHub{
		vnets:    []string{routingSpoke("spoke", "10.10", "")},
		vms:      []string{routingSpokeVM("spoke", "10.10")},
		peerings: []string{routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true`, `"useRemoteGateways":true`)},
	}.json())
	for _, from := range []string{"branch/pc", "dc/srv", "vpngw/laptop"} {
		routingExpectTrace(t, routingTrace(t, a, from, "vm-spoke"), trace.Delivered, "")
	}
	// An ExpressRoute gateway's forwarding is exempt too, and the rule the
	// crossing cites says so: it is not about VPN gateways only.
	topo := erHub()
	topo.VNets = append(topo.VNets, hsVNet("spoke", "10.10.0.0/16", "app=10.10.1.0/24"))
	topo.VMs = append(topo.VMs, hsVM("vm-spoke", "spoke/app", "10.10.1.4"))
	topo.Peerings = []model.Peering{hsTransitPeering("hub-spoke", "hub", "spoke")}
	tr := hsTrace(t, hsPlane(t, topo), "dc/h", "vm-spoke")
	hsWantDisp(t, "ExpressRoute site → spoke without allowForwardedTraffic", tr, trace.Delivered)
	var cited bool
	for _, h := range tr.Hops {
		for _, s := range h.Steps {
			cited = cited || (s.Kind == trace.StepPeering && strings.Contains(s.Detail, "rule:peering.gateway-forwarded-exempt"))
		}
	}
	r, ok := rules.Lookup("peering.gateway-forwarded-exempt")
	if !cited || !ok || strings.Contains(r.Title, "VPN gateway") {
		t.Errorf("ExpressRoute gateway crossing: cited %v, rule title %q: want it cited, titled for any virtual network gateway", cited, r.Title)
	}
}

// TestGatewayExemptionEndsAtAnAppliance: the exemption of
// rule:peering.gateway-forwarded-exempt covers what the gateway forwards
// into a peering, not what an appliance forwards after it: with the
// GatewaySubnet sending the spoke's range to the hub's NVA, on-premises
// traffic crosses into the spoke from the NVA, and needs
// allowForwardedTraffic on the spoke's link
// (rule:peering.allow-forwarded-traffic). On the build before, it was
// delivered, the trace saying "forwarded by a virtual network gateway"
// at the NVA's crossing.
func TestGatewayExemptionEndsAtAnAppliance(t *testing.T) {
	for _, tc := range []struct {
		name      string
		spokeLink string
		want      trace.Disposition
		reason    string
	}{
		{"the spoke's link refuses forwarded traffic", `"useRemoteGateways":true`, trace.DroppedForwardedTrafficNotAllowed, "does not allow forwarded traffic"},
		{"the spoke's link allows it", `"useRemoteGateways":true,"allowForwardedTraffic":true`, trace.Delivered, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			design := routingHub{
				vnets:    []string{routingSpoke("spoke", "10.10", "")},
				vms:      []string{routingSpokeVM("spoke", "10.10")},
				peerings: []string{routingPeering("hub-spoke", "hub", "spoke", `"allowGatewayTransit":true,"allowForwardedTraffic":true`, tc.spokeLink)},
				tables: []string{`{"id":"rt-gw","location":"westeurope","routes":[{"name":"spoke-via-nva","addressPrefix":"10.10.0.0/16",
					"nextHopType":"VirtualAppliance","nextHopIpAddress":"10.0.2.4"}]}`},
			}.json()
			design = strings.Replace(design, `{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27"}`,
				`{"name":"GatewaySubnet","addressPrefix":"10.0.255.0/27","routeTable":"rt-gw"}`, 1)
			tr := routingTrace(t, routingAnalyse(t, design), "branch/pc", "vm-spoke")
			routingExpectTrace(t, tr, tc.want, tc.reason)
			if !slices.ContainsFunc(tr.Hops, func(h trace.Hop) bool { return h.Node == "nva/nic0" }) {
				t.Errorf("the walk does not reach the NVA: %+v", tr.Hops)
			}
			for _, h := range tr.Hops {
				for _, st := range h.Steps {
					if strings.Contains(st.Detail, "forwarded by a virtual network gateway") {
						t.Errorf("a crossing after the NVA is credited to the gateway: %s", st.Detail)
					}
				}
			}
		})
	}
}

// TestRule_peering_allow_gateway_transit_needs_gateway checks
// rule:peering.allow-gateway-transit-needs-gateway: allowGatewayTransit
// can only be set on the link of a VNet that contains a VPN or ExpressRoute
// gateway or a Route Server (rule:peering.allow-gateway-transit-needs-gateway); vnetplay warns otherwise.
func TestRule_peering_allow_gateway_transit_needs_gateway(t *testing.T) {
	for _, tc := range []struct {
		name   string
		design string
		warn   bool
	}{
		{"hub with a VPN gateway", routingHub{vnets: []string{routingSpoke("spoke", "10.10", "")},
			peerings: []string{routingPeering("p", "hub", "spoke", `"allowGatewayTransit":true`, "")}}.json(), false},
		{"VNet without gateway or Route Server", routingPair("westeurope", "westeurope", `"allowGatewayTransit":true`, "", ""), true},
		{"VNet with an empty GatewaySubnet but no gateway", routingHub{noGateway: true, vnets: []string{routingSpoke("spoke", "10.10", "")},
			peerings: []string{routingPeering("p", "hub", "spoke", `"allowGatewayTransit":true`, "")}}.json(), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			routingExpectDiag(t, routingAnalyse(t, tc.design), "peering.transit-without-gateway", model.Warning, tc.warn)
		})
	}
}

// TestRule_peering_use_remote_gateways_conditions checks
// rule:peering.use-remote-gateways-conditions: useRemoteGateways needs a
// gateway or Route Server in the remote VNet (else RemoteVnetHasNoGateways),
// gives transit only when the remote link allows gateway transit, needs a
// local VNet without a gateway of its own, and may be set on one peering
// of a VNet only (rule:peering.use-remote-gateways-conditions).
func TestRule_peering_use_remote_gateways_conditions(t *testing.T) {
	use, allow := `"useRemoteGateways":true`, `"allowGatewayTransit":true`
	spokeWithGatewaySubnet := `{"id":"spoke","location":"westeurope","addressSpace":{"addressPrefixes":["10.10.0.0/16"]},
		"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.10.255.0/27"},{"name":"app","addressPrefix":"10.10.1.0/24"}]}`
	t.Run("remote VNet without gateway subnet", func(t *testing.T) {
		routingExpectDiag(t, routingAnalyse(t, routingPair("westeurope", "westeurope", "", use, "")), "peering.remote-has-no-gateway", model.Error, true)
	})
	t.Run("remote VNet with an empty GatewaySubnet has no gateway either", func(t *testing.T) {
		a := routingAnalyse(t, routingHub{noGateway: true, vnets: []string{routingSpoke("spoke", "10.10", "")},
			peerings: []string{routingPeering("p", "hub", "spoke", allow, use)}}.json())
		routingExpectDiag(t, a, "peering.remote-has-no-gateway", model.Error, true)
	})
	t.Run("remote link without allowGatewayTransit: no transit", func(t *testing.T) {
		a := routingAnalyse(t, routingHub{vnets: []string{routingSpoke("spoke", "10.10", "")},
			peerings: []string{routingPeering("p", "hub", "spoke", "", use)}}.json())
		routingExpectDiag(t, a, "peering.no-gateway-transit", model.Warning, true)
		routingNoGatewayRoutes(t, a, "spoke/app")
	})
	t.Run("local VNet with its own gateway: no transit", func(t *testing.T) {
		a := routingAnalyse(t, strings.Replace(routingHub{vnets: []string{spokeWithGatewaySubnet},
			peerings: []string{routingPeering("p", "hub", "spoke", allow, use)}}.json(),
			`"virtualNetworkGateways":[`, `"virtualNetworkGateways":[{"id":"spokegw","vnet":"spoke","gatewayType":"Vpn","vpnType":"RouteBased","sku":"VpnGw1"},`, 1))
		routingExpectDiag(t, a, "peering.local-gateway", model.Warning, true)
		for _, e := range routingGatewayRoutes(t, a, "spoke/app") {
			if routingInPrefix(e.NextHopIP, "10.0.255.0/27") {
				t.Errorf("spoke with its own gateway got the hub gateway's route %s", e.Prefix)
			}
		}
	})
	t.Run("local VNet with an empty GatewaySubnet has no gateway: transit works, no warning", func(t *testing.T) {
		a := routingAnalyse(t, routingHub{vnets: []string{spokeWithGatewaySubnet},
			peerings: []string{routingPeering("p", "hub", "spoke", allow, use)}}.json())
		routingExpectDiag(t, a, "peering.local-gateway", model.Warning, false)
		routingExpectGatewayRoute(t, a, "spoke/app", "192.168.20.0/24", "10.0.255.0/27")
	})
	t.Run("set on two peerings of one VNet", func(t *testing.T) {
		a := routingAnalyse(t, strings.Replace(routingHub{
			vnets: []string{routingSpoke("spoke", "10.10", ""), `{"id":"hub2","location":"westeurope","addressSpace":{"addressPrefixes":["10.20.0.0/16"]},
				"subnets":[{"name":"GatewaySubnet","addressPrefix":"10.20.255.0/27"}]}`},
			peerings: []string{routingPeering("p1", "hub", "spoke", allow, use), routingPeering("p2", "hub2", "spoke", allow, use)},
		}.json(), `"virtualNetworkGateways":[`, `"virtualNetworkGateways":[{"id":"gw2","vnet":"hub2","gatewayType":"Vpn","vpnType":"RouteBased","sku":"VpnGw1"},`, 1))
		routingExpectDiag(t, a, "peering.use-remote-multiple", model.Error, true)
		hubs := map[bool]int{}
		for _, e := range routingGatewayRoutes(t, a, "spoke/app") {
			hubs[routingInPrefix(e.NextHopIP, "10.0.255.0/27")]++
		}
		if hubs[true] > 0 && hubs[false] > 0 {
			t.Errorf("spoke uses both remote gateways; only one peering may set useRemoteGateways")
		}
	})
}

// TestRule_peering_address_space_sync checks rule:peering.address-space-sync
// (the modelled part): after VNet1 adds 10.99.0.0/16, VNet2's link keeps
// its old copy (LocalNotInSync, lint warns) and VNet2 has no route to the
// new range until the link is synced; after the sync it has (rule:peering.address-space-sync, the
// docs' PowerShell test). A range a subnet uses cannot be removed (rule:peering.address-space-sync).
func TestRule_peering_address_space_sync(t *testing.T) {
	design := func(copyOnVNet2 string) string {
		return `{"vnets":[
			{"id":"vnet1","location":"westeurope","addressSpace":{"addressPrefixes":["10.1.0.0/16","10.99.0.0/16"]},"subnets":[{"name":"app","addressPrefix":"10.1.1.0/24"}]},
			{"id":"vnet2","location":"westeurope","addressSpace":{"addressPrefixes":["10.2.0.0/16"]},"subnets":[{"name":"app","addressPrefix":"10.2.1.0/24"}]}],
			"peerings":[{"id":"p","a":{"vnet":"vnet1"},"b":{"vnet":"vnet2"` + copyOnVNet2 + `}}]}`
	}
	stale := routingAnalyse(t, design(`,"remoteAddressSpace":{"addressPrefixes":["10.1.0.0/16"]}`))
	routingExpectDiag(t, stale, "peering.not-in-sync", model.Warning, true)
	if ds := routingDiag(stale, "peering.not-in-sync"); len(ds) > 0 && !strings.Contains(ds[0].Msg, "LocalNotInSync") {
		t.Errorf("VNet2's link should read LocalNotInSync: %s", ds[0].Msg)
	}
	routingExpect(t, stale, "vnet2/app", "10.1.0.0/16", routingDefault(route.VNetPeering))
	routingAbsent(t, stale, "vnet2/app", "10.99.0.0/16", nil)

	synced := routingAnalyse(t, design(`,"remoteAddressSpace":{"addressPrefixes":["10.1.0.0/16","10.99.0.0/16"]}`))
	routingExpectDiag(t, synced, "peering.not-in-sync", model.Warning, false)
	routingExpect(t, synced, "vnet2/app", "10.99.0.0/16", routingDefault(route.VNetPeering))

	removed := routingAnalyse(t, strings.Replace(design(""), `"10.1.0.0/16","10.99.0.0/16"`, `"10.99.0.0/16"`, 1))
	routingExpectDiag(t, removed, "subnet.outside-address-space", model.Error, true)
}

// TestRule_peering_p2s_profile_refresh checks rule:peering.p2s-profile-refresh
// (the modelled part): a point-to-site answer that fails for want of a
// client route reminds that clients must re-download the profile after a
// peering change (rule:peering.p2s-profile-refresh).
func TestRule_peering_p2s_profile_refresh(t *testing.T) {
	a := routingAnalyse(t, routingHub{
		vnets:    []string{routingSpoke("spoke", "10.10", "")},
		vms:      []string{routingSpokeVM("spoke", "10.10")},
		peerings: []string{routingPeering("hub-spoke", "hub", "spoke", "", "")}, // no transit: not pushed to clients (rule:p2s.pushed-vnets)
	}.json())
	tr := routingTrace(t, a, "vpngw/laptop", "vm-spoke")
	if tr.Disposition.Success() || !strings.Contains(tr.Reason, "re-download the profile") {
		t.Errorf("laptop → spoke without transit: %s (%s), want a failure that reminds to re-download the profile", tr.Disposition, tr.Reason)
	}
}
