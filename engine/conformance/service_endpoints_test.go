package conformance_test

import (
	"slices"
	"testing"

	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
)

// seStorage is an address inside vnetplay's representative Microsoft.Storage
// prefix 20.60.0.0/16.
const (
	seStorage       = "20.60.1.1"
	seStoragePrefix = "20.60.0.0/16"
)

// seVNet is a VNet 10.0.0.0/16 with subnet "se" (Microsoft.Storage
// endpoint, vm-se 10.0.1.4) and subnet "plain" (vm-plain 10.0.2.4).
func seVNet() model.Topology {
	t := model.Topology{
		VNets: []model.VNet{hsVNet("vnet", "10.0.0.0/16", "se=10.0.1.0/24", "plain=10.0.2.0/24")},
		VMs:   []model.VM{hsVM("vm-se", "vnet/se", "10.0.1.4"), hsVM("vm-plain", "vnet/plain", "10.0.2.4")},
	}
	t.VNets[0].Subnets[0].ServiceEndpoints = []model.ServiceEndpoint{{Service: "Microsoft.Storage"}}
	return t
}

// TestRule_service_endpoints_per_subnet_routes checks
// rule:service-endpoints.per-subnet-routes: an endpoint adds
// VirtualNetworkServiceEndpoint routes for the service's prefixes to its own
// subnet only, whose traffic to the service then goes to the service
// directly; another subnet of the VNet still uses the Internet route (rule:service-endpoints.per-subnet-routes).
func TestRule_service_endpoints_per_subnet_routes(t *testing.T) {
	p := hsPlane(t, seVNet())
	e, ok := hsActive(t, p, "vnet/se", seStoragePrefix)
	if !ok || e.NextHop != route.VirtualNetworkServiceEndpoint || e.Source != route.Default {
		t.Errorf("se subnet %s: %+v (found %v), want a Default VirtualNetworkServiceEndpoint route", seStoragePrefix, e, ok)
	}
	if rs := hsRoutes(t, p, "vnet/plain", seStoragePrefix); len(rs) != 0 {
		t.Errorf("subnet without the endpoint got %v", rs)
	}
	hsWantDisp(t, "endpoint subnet → storage", hsTrace(t, p, "vm-se", seStorage), trace.ExitsToAzureService)
	hsWantDisp(t, "other subnet → storage", hsTrace(t, p, "vm-plain", seStorage), trace.ExitsToInternet)
}

// TestRule_service_endpoints_override_forced_tunnel checks
// rule:service-endpoints.override-forced-tunnel: endpoint routes beat a
// forced-tunnelling default route by prefix length and rank above BGP;
// following the current docs (section W), a UDR for the same prefix does
// not override them (rule:service-endpoints.override-forced-tunnel, rule:dns.ruleset-links).
func TestRule_service_endpoints_override_forced_tunnel(t *testing.T) {
	topo := seVNet()
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: "nva", AddressPrefix: "10.0.3.0/24"})
	topo.VMs = append(topo.VMs, hsNVA("nva", "vnet/nva", "10.0.3.4"))
	topo.RouteTables = []model.RouteTable{{ID: "rt", Routes: []model.Route{
		{Name: "default", AddressPrefix: "0.0.0.0/0", NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.3.4"},
		{Name: "storage", AddressPrefix: seStoragePrefix, NextHopType: model.HopVirtualAppliance, NextHopIPAddress: "10.0.3.4"},
	}}}
	topo.VNets[0].Subnets[0].RouteTable = "rt"
	p := hsPlane(t, topo)
	if e, ok := hsActive(t, p, "vnet/se", seStoragePrefix); !ok || e.NextHop != route.VirtualNetworkServiceEndpoint {
		t.Errorf("endpoint vs UDR for the same prefix: active %+v, want the service endpoint", e)
	}
	tr := hsTrace(t, p, "vm-se", seStorage)
	if tr.Disposition != trace.ExitsToAzureService || slices.Contains(tr.Via(), "nva/nic0") {
		t.Errorf("storage traffic under forced tunnelling: %s via %v, want straight to the service", tr.Disposition, tr.Via())
	}

	// A BGP route inside the endpoint's prefix loses to it (system routes beat BGP).
	bgpTopo := seVNet()
	bgpTopo.VNets[0].Subnets = append(bgpTopo.VNets[0].Subnets, model.Subnet{Name: "GatewaySubnet", AddressPrefix: "10.0.255.0/27"})
	bgpTopo.Gateways = []model.VirtualNetworkGateway{hsVpnGateway("gw", "vnet", 65010)}
	bgpTopo.Sites = []model.Site{{ID: "dc", Asn: 65020, AddressPrefixes: []string{"192.168.0.0/20"}, AdvertisedPrefixes: []string{"192.168.0.0/20", "0.0.0.0/0", "20.60.1.0/24"}}}
	bgpTopo.LocalNetworkGateways = []model.LocalNetworkGateway{hsBgpLNG("dc-lng", "dc", 65020, "192.168.0.1")}
	bgpTopo.Connections = []model.Connection{hsIPsec("dc-conn", "gw", "dc-lng", true)}
	p = hsPlane(t, bgpTopo)
	if nh := hsNextHop(t, p, "vnet/se", seStorage); nh.NextHopType != route.VirtualNetworkServiceEndpoint {
		t.Errorf("endpoint vs a longer BGP route: next hop %s, want VirtualNetworkServiceEndpoint", nh.NextHopType)
	}
	if nh := hsNextHop(t, p, "vnet/plain", seStorage); nh.NextHopType != route.VirtualNetworkGateway {
		t.Errorf("subnet without the endpoint: next hop %s, want the BGP route", nh.NextHopType)
	}
}

// TestRule_service_endpoints_not_from_on_premises checks
// rule:service-endpoints.not-from-on-premises: traffic that starts
// on-premises does not use the VNet's service endpoint; it leaves by the
// site's own Internet breakout (rule:service-endpoints.not-from-on-premises).
func TestRule_service_endpoints_not_from_on_premises(t *testing.T) {
	topo := seVNet()
	topo.VNets[0].Subnets = append(topo.VNets[0].Subnets, model.Subnet{Name: "GatewaySubnet", AddressPrefix: "10.0.255.0/27"})
	topo.Gateways = []model.VirtualNetworkGateway{hsVpnGateway("gw", "vnet", 0)}
	topo.Sites = []model.Site{hsSite("branch", 0, "192.168.1.0/24", "192.168.1.10")}
	topo.LocalNetworkGateways = []model.LocalNetworkGateway{hsStaticLNG("branch-lng", "branch", "192.168.1.0/24")}
	topo.Connections = []model.Connection{hsIPsec("branch-conn", "gw", "branch-lng", false)}
	tr := hsTrace(t, hsPlane(t, topo), "branch/h", seStorage)
	if tr.Disposition != trace.ExitsToInternet || slices.Contains(hopNodes(tr), "gw") {
		t.Errorf("on-premises → storage: %s via %v, want the site's own Internet exit", tr.Disposition, hopNodes(tr))
	}
}
