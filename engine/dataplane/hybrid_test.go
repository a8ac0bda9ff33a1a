package dataplane

import (
	"net/netip"
	"slices"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
)

func hybridTopo() model.Topology {
	return model.Topology{
		VNets: []model.VNet{
			vnet("hub", "", []string{"10.0.0.0/16"}, subnet("app", "10.0.1.0/24"), subnet(model.GatewaySubnet, "10.0.255.0/27")),
			vnet("spoke", "", []string{"10.1.0.0/16"}, subnet("app", "10.1.1.0/24"), model.Subnet{Name: "iso", AddressPrefix: "10.1.2.0/24", RouteTable: "no-prop"}),
			vnet("peer", "", []string{"10.2.0.0/16"}, subnet("app", "10.2.1.0/24")),
		},
		Peerings: []model.Peering{
			{ID: "hs", A: model.PeeringLink{VNet: "hub", AllowGatewayTransit: true}, B: model.PeeringLink{VNet: "spoke", UseRemoteGateways: true}},
			{ID: "hp", A: model.PeeringLink{VNet: "hub", AllowGatewayTransit: true}, B: model.PeeringLink{VNet: "peer"}},
		},
		RouteTables:          []model.RouteTable{{ID: "no-prop", DisableBgpRoutePropagation: true}},
		Gateways:             []model.VirtualNetworkGateway{{ID: "gw", VNet: "hub", GatewayType: model.GatewayVpn, Sku: "VpnGw1"}},
		Sites:                []model.Site{{ID: "s", AddressPrefixes: []string{"192.168.1.0/24"}, Hosts: []model.Host{{ID: "h", IPAddress: "192.168.1.9"}}}},
		LocalNetworkGateways: []model.LocalNetworkGateway{{ID: "l", Site: "s", LocalNetworkAddressSpace: model.AddressSpace{AddressPrefixes: []string{"192.168.1.0/24"}}}},
		Connections:          []model.Connection{{ID: "c", ConnectionType: model.ConnIPsec, VirtualNetworkGateway1: "gw", LocalNetworkGateway2: "l"}},
	}
}

func TestBuildProgramsGatewayRoutes(t *testing.T) {
	topo := hybridTopo()
	p := Build(&topo)
	dst := netip.MustParseAddr("192.168.1.9")
	for _, c := range []struct {
		fact, subnet string
		want         route.NextHopType
	}{
		{"rule:system-routes.gateway-routes, rule:s2s.lng-prefixes-programmed: LNG prefix in the gateway VNet", "hub/app", route.VirtualNetworkGateway},
		{"rule:gateway-transit.spoke-advertised-on-premises: spoke with both flags gets the gateway's routes", "spoke/app", route.VirtualNetworkGateway},
		{"rule:propagation.disable-drops-gateway-routes, rule:propagation.same-in-transit-spokes: propagation disabled in the spoke", "spoke/iso", route.None},
		{"rule:gateway-transit.spoke-advertised-on-premises, rule:gateway-transit.routes-reach-spoke: peer without useRemoteGateways gets none", "peer/app", route.None},
	} {
		if res, _ := p.NextHop(c.subnet, dst); res.NextHopType != c.want {
			t.Errorf("%s: %s next hop %s, want %s", c.fact, c.subnet, res.NextHopType, c.want)
		}
	}
	if e, ip, ok := p.Endpoint("s/h"); !ok || e != "s/h" || ip != dst {
		t.Errorf("Endpoint(s/h) = %q, %v", e, ok)
	}
	// rule:peering.use-remote-gateways-conditions: a spoke with its own gateway cannot use the remote one.
	topo.VNets[1].Subnets = append(topo.VNets[1].Subnets, subnet(model.GatewaySubnet, "10.1.255.0/27"))
	topo.Gateways = append(topo.Gateways, model.VirtualNetworkGateway{ID: "gw2", VNet: "spoke", GatewayType: model.GatewayVpn, Sku: "VpnGw1"})
	if res, _ := Build(&topo).NextHop("spoke/app", dst); res.NextHopType != route.None {
		t.Errorf("rule:peering.use-remote-gateways-conditions: spoke with its own gateway still uses the hub's: %s", res.NextHopType)
	}
	// A failed peering removes both the peering and the transit routes.
	topo = hybridTopo()
	p = Build(&topo, WithFailures([]model.Failure{{Kind: model.PeeringDown, Target: "hs"}}))
	if res, _ := p.NextHop("spoke/app", dst); res.NextHopType != route.None {
		t.Errorf("PeeringDown: spoke still has the gateway route: %s", res.NextHopType)
	}
	if res, _ := p.NextHop("spoke/app", netip.MustParseAddr("10.0.1.4")); res.NextHopType == route.VNetPeering {
		t.Error("PeeringDown: the peering route is still there")
	}
}

// TestEndpointsAreNICsThenHybrid: Endpoints lists the NICs, then the
// hybrid endpoints, in a slice of the caller's own.
func TestEndpointsAreNICsThenHybrid(t *testing.T) {
	topo := hybridTopo()
	topo.VMs = []model.VM{{ID: "vm", NICs: []model.NIC{{Name: "nic0", Subnet: "hub/app", PrivateIPAddress: "10.0.1.4"}}}}
	p := Build(&topo)
	got := p.Endpoints()
	if want := []string{"vm/nic0", "s/h"}; !slices.Equal(got, want) || !slices.Equal(got, append(p.NICs(), p.HybridEndpoints()...)) {
		t.Fatalf("Endpoints() = %q, want %q", got, want)
	}
	got[0] = "changed"
	if p.Endpoints()[0] != "vm/nic0" {
		t.Error("changing the returned slice changed the plane's")
	}
}
