package dataplane

import (
	"net/netip"
	"strings"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

// gw is a stand-in for the hybrid work: a gateway in "hub" learning
// on-premises and a default route over BGP.
func gw(vnet string) []route.Route {
	if vnet != "hub" {
		return nil
	}
	mk := func(p string) route.Route {
		return route.Route{Prefix: netip.MustParsePrefix(p), NextHop: route.VirtualNetworkGateway, NextHopIP: netip.MustParseAddr("10.0.255.4"), Origin: route.Origin{Kind: route.FromGateway, ID: "hub-vpn"}}
	}
	return []route.Route{mk("172.16.0.0/12"), mk("10.0.5.0/24"), mk("10.1.0.0/24"), mk("0.0.0.0/0"), mk("192.168.1.0/24")}
}

func gwTopo(disable bool) model.Topology {
	return model.Topology{
		VNets: []model.VNet{
			vnet("hub", "", []string{"10.0.0.0/16"}, model.Subnet{Name: "app", AddressPrefix: "10.0.1.0/24", RouteTable: "rt"}),
			vnet("spoke", "", []string{"10.1.0.0/16"}, subnet("app", "10.1.1.0/24")),
		},
		Peerings:    []model.Peering{peer("hub-spoke", "hub", "spoke")},
		RouteTables: []model.RouteTable{{ID: "rt", DisableBgpRoutePropagation: disable}},
	}
}

func TestGatewayRoutesExtensionPoint(t *testing.T) {
	topo := gwTopo(false)
	p := Build(&topo, WithGatewayRoutes(gw))
	got := rows(t, p, "hub/app")
	for _, w := range []string{
		"VirtualNetworkGateway Active 172.16.0.0/12 VirtualNetworkGateway 10.0.255.4", // rule:route-selection.longest-prefix-first: BGP beats the reserved None route
		"Default Invalid 172.16.0.0/12 None",                                          // rule:outputs.overridden-stay-listed, rule:route-selection.longest-prefix-first
		"VirtualNetworkGateway Invalid 10.0.5.0/24 VirtualNetworkGateway 10.0.255.4",  // rule:route-selection.system-beats-more-specific-bgp: inside the VNet range
		"VirtualNetworkGateway Invalid 10.1.0.0/24 VirtualNetworkGateway 10.0.255.4",  // rule:route-selection.system-beats-more-specific-bgp: inside a peered range
		"VirtualNetworkGateway Active 0.0.0.0/0 VirtualNetworkGateway 10.0.255.4",     // rule:route-selection.longest-prefix-first
		"Default Active 10.0.0.0/8 None",                                              // rule:system-routes.default-udr-removes-reserved: a BGP 0/0 keeps the None routes (interpretation)
	} {
		if !has(got, w) {
			t.Errorf("missing %q in\n%s", w, strings.Join(got, "\n"))
		}
	}
	if res, _ := p.NextHop("hub/app", netip.MustParseAddr("10.0.5.9")); res.NextHopType != route.VnetLocal {
		t.Errorf("rule:route-selection.system-beats-more-specific-bgp: traffic to the VNet must not follow a more-specific BGP route, got %v", res.NextHopType)
	}
	if res, _ := p.NextHop("hub/app", netip.MustParseAddr("192.168.1.9")); res.NextHopType != route.VirtualNetworkGateway {
		t.Errorf("rule:route-selection.longest-prefix-first: longest prefix BGP route should win over the None /16, got %v", res.NextHopType)
	}
	// rule:gateway-transit.routes-reach-spoke: spoke does not use the remote gateway, so it gets no gateway routes.
	if spoke := rows(t, p, "spoke/app"); has(spoke, "VirtualNetworkGateway Active 0.0.0.0/0 VirtualNetworkGateway 10.0.255.4") {
		t.Error("gateway routes leaked into a spoke")
	}
}

func TestDisableBgpRoutePropagationF46F48(t *testing.T) {
	topo := gwTopo(true)
	got := rows(t, Build(&topo, WithGatewayRoutes(gw)), "hub/app")
	for _, r := range got {
		if strings.HasPrefix(r, "VirtualNetworkGateway ") {
			t.Errorf("rule:propagation.disable-drops-gateway-routes: gateway route kept with propagation disabled: %s", r)
		}
	}
	for _, w := range []string{"Default Active 10.0.0.0/16 VnetLocal", "Default Active 10.1.0.0/16 VNetPeering", "Default Active 0.0.0.0/0 Internet", "Default Active 172.16.0.0/12 None"} {
		if !has(got, w) {
			t.Errorf("rule:propagation.keeps-system-routes: system route %q removed", w)
		}
	}
}

// TestGatewayTransitF75F76: a spoke gets the hub gateway's routes only with
// useRemoteGateways on its link and allowGatewayTransit on the hub's.
func TestGatewayTransitF75F76(t *testing.T) {
	for _, tc := range []struct {
		name            string
		use, transit    bool
		wantGatewayRows bool
	}{
		{"rule:gateway-transit.spoke-advertised-on-premises both flags", true, true, true},
		{"rule:gateway-transit.spoke-advertised-on-premises no useRemoteGateways", false, true, false},
		{"rule:gateway-transit.spoke-advertised-on-premises no allowGatewayTransit", true, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := gwTopo(false)
			topo.Peerings[0].A.AllowGatewayTransit = tc.transit
			topo.Peerings[0].B.UseRemoteGateways = tc.use
			got := rows(t, Build(&topo, WithGatewayRoutes(gw)), "spoke/app")
			if has(got, "VirtualNetworkGateway Active 172.16.0.0/12 VirtualNetworkGateway 10.0.255.4") != tc.wantGatewayRows {
				t.Errorf("gateway routes in spoke = %v, want %v\n%s", !tc.wantGatewayRows, tc.wantGatewayRows, strings.Join(got, "\n"))
			}
			// rule:gateway-transit.peering-beats-gateway-in-spoke/rule:route-selection.system-beats-more-specific-bgp: the hub's range stays a peering route even with transit.
			if !has(got, "Default Active 10.0.0.0/16 VNetPeering") {
				t.Errorf("peering route lost:\n%s", strings.Join(got, "\n"))
			}
		})
	}
}
