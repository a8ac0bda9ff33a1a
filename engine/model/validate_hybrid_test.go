package model

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// hybridBase is base() plus a hub VPN gateway with P2S, a BGP site and a
// connection: a valid hybrid design.
func hybridBase() Topology {
	t := base()
	t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: GatewaySubnet, AddressPrefix: "10.0.255.0/27"})
	t.Gateways = []VirtualNetworkGateway{{ID: "gw", VNet: "hub", GatewayType: GatewayVpn, Sku: "VpnGw1", EnableBgp: true, BgpSettings: &BgpSettings{Asn: 65010},
		VpnClientConfiguration: &VpnClientConfiguration{VpnClientAddressPool: AddressSpace{AddressPrefixes: []string{"172.16.50.0/24"}},
			Clients: []P2SClient{{ID: "c", IPAddress: "172.16.50.9"}}}}}
	t.Sites = []Site{{ID: "dc", Asn: 65050, AddressPrefixes: []string{"192.168.0.0/24"}, Hosts: []Host{{ID: "h", IPAddress: "192.168.0.9"}}}}
	t.LocalNetworkGateways = []LocalNetworkGateway{{ID: "l", Site: "dc", GatewayIPAddress: "203.0.113.1", BgpSettings: &BgpSettings{Asn: 65050, BgpPeeringAddress: "192.168.255.1"}}}
	t.Connections = []Connection{{ID: "c1", ConnectionType: ConnIPsec, VirtualNetworkGateway1: "gw", LocalNetworkGateway2: "l", EnableBgp: true}}
	return t
}

func TestHybridBaseIsClean(t *testing.T) {
	b := hybridBase()
	if ds := Validate(&b, nil); len(ds) != 0 {
		t.Fatalf("hybrid base has diagnostics:\n%s", codes(ds))
	}
}

func TestHybridRules(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		edit       func(*Topology)
	}{
		{"rule:vpn-gateway.gateway-subnet: gateway needs GatewaySubnet", "gateway.no-gateway-subnet", func(t *Topology) { t.Gateways[0].VNet = "spoke" }},
		{"rule:vpn-gateway.gateway-subnet: one gateway per type per VNet", "gateway.duplicate-type", func(t *Topology) {
			g := t.Gateways[0]
			g.ID, g.VpnClientConfiguration = "gw2", nil
			t.Gateways = append(t.Gateways, g)
		}},
		{"rule:vpn-gateway.sku-limits: unknown SKU", "gateway.sku", func(t *Topology) { t.Gateways[0].Sku = "VpnGw9" }},
		{"rule:vpn-gateway.policy-based: PolicyBased only on Basic", "gateway.policy-based", func(t *Topology) { t.Gateways[0].VpnType = PolicyBased }},
		{"rule:bgp.supported-gateways: no BGP on Basic", "gateway.bgp-unsupported", func(t *Topology) { t.Gateways[0].Sku = "Basic" }},
		{"rule:bgp.reserved-asns: reserved ASN", "bgp.asn-reserved", func(t *Topology) { t.Sites[0].Asn = 65517 }},
		{"rule:bgp.on-premises-peer-address: BGP peer inside the VNet", "lng.bgp-peer-in-vnet", func(t *Topology) { t.LocalNetworkGateways[0].BgpSettings.BgpPeeringAddress = "10.0.9.9" }},
		{"rule:s2s.no-overlap: site overlaps a VNet", "site.overlap", func(t *Topology) { t.Sites[0].AddressPrefixes = []string{"10.0.0.0/24"} }},
		{"rule:p2s.configuration: pool overlaps the VNet", "p2s.pool-overlap", func(t *Topology) {
			t.Gateways[0].VpnClientConfiguration.VpnClientAddressPool.AddressPrefixes = []string{"10.0.200.0/24"}
		}},
		{"rule:p2s.configuration: Basic is SSTP only", "p2s.protocol", func(t *Topology) {
			t.Gateways[0].Sku, t.Gateways[0].EnableBgp = "Basic", false
			t.Gateways[0].VpnClientConfiguration.VpnClientProtocols = []string{"IkeV2"}
		}},
		{"rule:vpn-gateway.gateway-subnet-size, rule:expressroute.coexistence-requirements: coexistence needs /27", "gateway.coexist-subnet", func(t *Topology) {
			t.VNets[0].Subnets[1].AddressPrefix = "10.0.255.0/28"
			t.Gateways = append(t.Gateways, VirtualNetworkGateway{ID: "er", VNet: "hub", GatewayType: GatewayExpressRoute, Sku: "ErGw1AZ"})
		}},
		{"rule:vpn-gateway.gateway-subnet-size: 16 circuits need /26", "gateway.circuits-subnet", func(t *Topology) {
			t.Gateways[0] = VirtualNetworkGateway{ID: "gw", VNet: "hub", GatewayType: GatewayExpressRoute, Sku: "ErGw3AZ"}
			t.Connections = nil
			for i := range 16 {
				id := fmt.Sprintf("ckt%d", i)
				t.Circuits = append(t.Circuits, ExpressRouteCircuit{ID: id, Site: "dc", PeerASN: 65050})
				t.Connections = append(t.Connections, Connection{ID: "er" + id, ConnectionType: ConnExpressRoute, VirtualNetworkGateway1: "gw", Peer: id})
			}
		}},
		{"rule:vpn-gateway.p2s-connection-limits: SSTP alone is capped at 128", "p2s.clients", func(t *Topology) {
			c := t.Gateways[0].VpnClientConfiguration
			c.VpnClientProtocols, c.Clients = []string{"SSTP"}, nil
			for i := range 129 {
				c.Clients = append(c.Clients, P2SClient{ID: fmt.Sprint(i), IPAddress: fmt.Sprintf("172.16.50.%d", i+1)})
			}
		}},
		{"rule:vpn-gateway.multiple-devices-need-bgp: devices of one gateway need unique public IPs", "lng.duplicate-public-ip", func(t *Topology) {
			t.LocalNetworkGateways[0].GatewayIPAddress = "203.0.113.1"
			t.LocalNetworkGateways = append(t.LocalNetworkGateways, LocalNetworkGateway{ID: "l2", Site: "dc", GatewayIPAddress: "203.0.113.1",
				BgpSettings: &BgpSettings{Asn: 65050, BgpPeeringAddress: "192.168.255.2"}})
			t.Connections = append(t.Connections, Connection{ID: "c2", ConnectionType: ConnIPsec, VirtualNetworkGateway1: "gw", LocalNetworkGateway2: "l2", EnableBgp: true})
		}},
		{"rule:vpn-gateway.multiple-devices-need-bgp: devices of one gateway need unique BGP peer IPs", "lng.duplicate-bgp-peer", func(t *Topology) {
			t.LocalNetworkGateways = append(t.LocalNetworkGateways, LocalNetworkGateway{ID: "l2", Site: "dc", GatewayIPAddress: "203.0.113.2",
				BgpSettings: &BgpSettings{Asn: 65050, BgpPeeringAddress: "192.168.255.1"}})
			t.Connections = append(t.Connections, Connection{ID: "c2", ConnectionType: ConnIPsec, VirtualNetworkGateway1: "gw", LocalNetworkGateway2: "l2", EnableBgp: true})
		}},
		{"rule:bgp.on-premises-peer-address: BGP peer is the device's public IP", "lng.bgp-peer-public-ip", func(t *Topology) {
			t.LocalNetworkGateways[0].GatewayIPAddress = "203.0.113.1"
			t.LocalNetworkGateways[0].BgpSettings.BgpPeeringAddress = "203.0.113.1"
		}},
		{"rule:s2s.vnet-to-vnet-route-based: VNet-to-VNet needs RouteBased", "connection.vnet2vnet-route-based", func(t *Topology) {
			t.Connections = append(t.Connections, Connection{ID: "v", ConnectionType: ConnVnet2Vnet, VirtualNetworkGateway1: "gw", VirtualNetworkGateway2: "pb"})
			t.Gateways = append(t.Gateways, VirtualNetworkGateway{ID: "pb", VNet: "hub", GatewayType: GatewayVpn, VpnType: PolicyBased, Sku: "Basic"})
		}},
		{"rule:s2s.vnet-to-vnet-two-connections: VNet-to-VNet needs both directions", "connection.vnet2vnet-one-way", func(t *Topology) {
			t.Connections = append(t.Connections, Connection{ID: "v", ConnectionType: ConnVnet2Vnet, VirtualNetworkGateway1: "gw", VirtualNetworkGateway2: "other"})
		}},
		{"rule:bgp.as-path-and-weight: routingWeight is ExpressRoute only", "connection.routing-weight", func(t *Topology) { t.Connections[0].RoutingWeight = 10 }},
		{"rule:forced-tunnelling.default-site: default site must be a connected LNG", "gateway.default-site", func(t *Topology) { t.Gateways[0].GatewayDefaultSite = "nope" }},
		{"rule:route-server.subnet: Route Server needs RouteServerSubnet", "routeserver.no-subnet", func(t *Topology) {
			t.RouteServers = []RouteServer{{ID: "rs", VNet: "hub"}}
		}},
		{"rule:route-server.asn-and-peers: NVA ASN must not be 65515", "routeserver.peer-asn", func(t *Topology) {
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
			t.RouteServers = []RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []RouteServerPeer{{Name: "p", PeerIP: "10.0.1.4", PeerAsn: 65515}}}}
		}},
		{"rule:vpn-gateway.sku-limits: tunnel limit", "gateway.tunnels", func(t *Topology) {
			for i := range 30 {
				c := t.Connections[0]
				c.ID = "x" + string(rune('a'+i))
				t.Connections = append(t.Connections, c)
			}
		}},
		{"rule:vpn-gateway.multiple-devices-need-bgp: two devices of one site need BGP", "connection.multi-device-static", func(t *Topology) {
			t.LocalNetworkGateways = append(t.LocalNetworkGateways, LocalNetworkGateway{ID: "l2", Site: "dc"})
			t.Connections = append(t.Connections, Connection{ID: "c2", ConnectionType: ConnIPsec, VirtualNetworkGateway1: "gw", LocalNetworkGateway2: "l2"})
		}},
		{"rule:expressroute.default-route-only-by-bgp: UDR cannot point at an ExpressRoute gateway", "route.expressroute-gateway", func(t *Topology) {
			t.Gateways[0] = VirtualNetworkGateway{ID: "gw", VNet: "hub", GatewayType: GatewayExpressRoute, Sku: "ErGw1AZ"}
			t.Connections = nil
			t.RouteTables = append(t.RouteTables, RouteTable{ID: "rt2", Routes: []Route{{Name: "d", AddressPrefix: "0.0.0.0/0", NextHopType: HopVirtualNetworkGateway}}})
			t.VNets[0].Subnets[0].RouteTable = "rt2"
		}},
		{"rule:bgp.distinct-asns: the LNG has the gateway's ASN", "bgp.same-asn", func(t *Topology) { t.LocalNetworkGateways[0].BgpSettings.Asn = 65010 }},
		{"rule:bgp.distinct-asns: the site's router has the gateway's ASN, its LNG another", "bgp.same-asn", func(t *Topology) { t.Sites[0].Asn = 65010 }},
		{"rule:bgp.on-premises-peer-address: the LNG's BGP peer is not an address", "lng.bgp-peer-address", func(t *Topology) { t.LocalNetworkGateways[0].BgpSettings.BgpPeeringAddress = "x.y" }},
		{"rule:bgp.on-premises-peer-address: the LNG's BGP peer is empty on a BGP connection", "lng.bgp-peer-address", func(t *Topology) { t.LocalNetworkGateways[0].BgpSettings.BgpPeeringAddress = "" }},
		{"rule:bgp.peering-address: two BGP addresses on an active-standby gateway", "gateway.bgp-address", func(t *Topology) {
			t.Gateways[0].BgpSettings.BgpPeeringAddress = "10.0.255.4,10.0.255.5"
		}},
		{"rule:bgp.peering-address: three BGP addresses on an active-active gateway", "gateway.bgp-address", func(t *Topology) {
			t.Gateways[0].ActiveActive = true
			t.Gateways[0].BgpSettings.BgpPeeringAddress = "10.0.255.4,10.0.255.5,10.0.255.6"
		}},
		{"rule:bgp.peering-address: one BGP address twice on an active-active gateway", "gateway.bgp-address", func(t *Topology) {
			t.Gateways[0].ActiveActive = true
			t.Gateways[0].BgpSettings.BgpPeeringAddress = "10.0.255.4,10.0.255.4"
		}},
		{"rule:address-space.reserved-addresses: the BGP address is GatewaySubnet's network address", "gateway.bgp-address", func(t *Topology) {
			t.Gateways[0].BgpSettings.BgpPeeringAddress = "10.0.255.0"
		}},
		{"rule:vpn-gateway.multiple-devices-need-bgp: two connections from one gateway to one LNG", "connection.duplicate-lng", func(t *Topology) {
			t.Connections = append(t.Connections, Connection{ID: "c2", ConnectionType: ConnIPsec, VirtualNetworkGateway1: "gw", LocalNetworkGateway2: "l", EnableBgp: true})
		}},
		{"rule:vpn-gateway.route-based: policy-based traffic selectors on a Basic gateway", "connection.policy-based-selectors", func(t *Topology) {
			t.Gateways[0].Sku, t.Gateways[0].EnableBgp, t.Gateways[0].VpnClientConfiguration = "Basic", false, nil
			t.Connections[0].EnableBgp, t.Connections[0].UsePolicyBasedTrafficSelectors = false, true
		}},
		{"rule:s2s.local-network-gateway: an LNG without a device address", "lng.no-device-address", func(t *Topology) { t.LocalNetworkGateways[0].GatewayIPAddress = "" }},
		{"rule:s2s.local-network-gateway: an LNG whose device address is in a VNet", "lng.device-in-vnet", func(t *Topology) { t.LocalNetworkGateways[0].GatewayIPAddress = "10.0.1.50" }},
		{"rule:s2s.vnet-to-vnet-route-based: a VNet-to-VNet connection from a gateway to itself", "connection.vnet2vnet-self", func(t *Topology) {
			t.Connections = append(t.Connections, Connection{ID: "v", ConnectionType: ConnVnet2Vnet, VirtualNetworkGateway1: "gw", VirtualNetworkGateway2: "gw"})
		}},
		{"an IPsec connection naming a second gateway", "connection.ipsec-needs-lng", func(t *Topology) {
			t.Connections[0].LocalNetworkGateway2, t.Connections[0].VirtualNetworkGateway2 = "", "gw"
		}},
		{"host outside its site", "site.host-outside", func(t *Topology) { t.Sites[0].Hosts[0].IPAddress = "192.168.9.9" }},
		{"dangling LNG site", "ref.dangling", func(t *Topology) { t.LocalNetworkGateways[0].Site = "nope" }},
		{"a circuit not linked to a site yet", "circuit.no-site", func(t *Topology) {
			t.Circuits = append(t.Circuits, ExpressRouteCircuit{ID: "new", PeerASN: 65001})
		}},
		{"a circuit linked to a site that does not exist", "ref.dangling", func(t *Topology) {
			t.Circuits = append(t.Circuits, ExpressRouteCircuit{ID: "bad", Site: "nope", PeerASN: 65001})
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := hybridBase()
			tc.edit(&b)
			ds := Validate(&b, nil)
			if !strings.Contains(codes(ds), tc.code+"@") {
				t.Errorf("want %s, got:\n%s", tc.code, codes(ds))
			}
		})
	}
}

// TestBgpPeerPrivateTunnelAddress: over ExpressRoute private peering the
// device's tunnel address is private, and field note 004's lab uses it as
// the BGP peer too; only a public device address is reported
// (rule:bgp.on-premises-peer-address).
func TestBgpPeerPrivateTunnelAddress(t *testing.T) {
	b := hybridBase()
	b.LocalNetworkGateways[0].GatewayIPAddress = "192.168.255.1"
	if ds := Validate(&b, nil); len(ds) != 0 {
		t.Errorf("private tunnel address used as the BGP peer:\n%s", codes(ds))
	}
}

func TestComponentsAndFailureValidation(t *testing.T) {
	b := hybridBase()
	comps := Components(&b)
	var got []string
	for _, c := range comps {
		got = append(got, c.Failure.String())
	}
	want := "ApplianceDown:fw ConnectionDown:c1 GatewayDown:gw GatewayInstanceDown:gw/0 GatewayInstanceDown:gw/1 PeeringDown:hub-spoke SiteDown:dc"
	if strings.Join(got, " ") != want {
		t.Errorf("Components:\n got %s\nwant %s", strings.Join(got, " "), want)
	}
	ds := ValidateFailures(&b, map[string][]Failure{"a": {{Kind: "Nope", Target: "x"}, {Kind: SiteDown, Target: "nowhere"}, {Kind: SiteDown, Target: "dc"}}})
	if c := codes(ds); c != "failure.kind@failures[a][0]\nfailure.target@failures[a][1]" {
		t.Errorf("ValidateFailures:\n%s", c)
	}
}

func TestHybridGraph(t *testing.T) {
	b := hybridBase()
	nodes, edges := HybridGraph(&b)
	var ns, es []string
	for _, n := range nodes {
		ns = append(ns, n.Kind+":"+n.ID+"@"+n.Parent)
	}
	for _, e := range edges {
		es = append(es, e.From+"-"+e.Kind+"->"+e.To)
	}
	if got := strings.Join(ns, " "); got != "LocalNetworkGateway:l@dc P2SClient:gw/c@gw Site:dc@ SiteHost:dc/h@dc VirtualNetworkGateway:gw@hub" {
		t.Errorf("nodes: %s", got)
	}
	if got := strings.Join(es, " "); got != "gw-IPsec->l" {
		t.Errorf("edges: %s", got)
	}
}

// TestGatewaySkusAreKnown: every SKU offered for a gateway type is one
// whose limits the model knows, so a SKU chosen from the list is never
// refused.
func TestGatewaySkusAreKnown(t *testing.T) {
	for _, s := range GatewaySkus(GatewayVpn) {
		if _, ok := VpnSkuLimits(s); !ok {
			t.Errorf("VPN SKU %s offered but unknown", s)
		}
	}
	for _, s := range GatewaySkus(GatewayExpressRoute) {
		if _, ok := ErSkuLimits(s); !ok {
			t.Errorf("ExpressRoute SKU %s offered but unknown", s)
		}
	}
	if GatewaySkus("Other") != nil {
		t.Error("an unknown gateway type has SKUs")
	}
}

// TestAsPathPrependRange: an NVA advertisement's asPathPrepend outside
// 0..MaxAsPathPrepend is an error naming the range
// (routeserver.as-path-prepend; rule:route-server.as-path-and-ecmp), not
// clamped silently: -3 read as 0 and 100000 as 16, so two prepends above
// 16 tied as ECMP.
func TestAsPathPrependRange(t *testing.T) {
	for _, tc := range []struct {
		prepend int
		bad     bool
	}{
		{-3, true}, {-1, true}, {0, false}, {3, false}, {16, false}, {17, true}, {100000, true},
	} {
		t.Run(fmt.Sprint(tc.prepend), func(t *testing.T) {
			b := hybridBase()
			b.VNets[0].Subnets = append(b.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
			b.RouteServers = []RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []RouteServerPeer{{Name: "p", PeerIP: "10.0.1.4", PeerAsn: 65001,
				Advertise: []Advertisement{{Prefix: "172.20.0.0/16"}, {Prefix: "172.21.0.0/16", AsPathPrepend: tc.prepend}}}}}}
			var got *Diagnostic
			ds := Validate(&b, nil)
			for i, d := range ds {
				if d.Code == "routeserver.as-path-prepend" {
					got = &ds[i]
				}
			}
			if (got != nil) != tc.bad {
				t.Fatalf("asPathPrepend %d: routeserver.as-path-prepend %v, want %v; got:\n%s", tc.prepend, got != nil, tc.bad, codes(ds))
			}
			if got == nil {
				return
			}
			if got.Severity != Error || got.Path != "routeServers[rs].bgpConnections[p].advertise[1].asPathPrepend" ||
				!strings.Contains(got.Msg, fmt.Sprint(tc.prepend)) || !strings.Contains(got.Msg, "0 to 16") {
				t.Errorf("asPathPrepend %d: %s, want an error at advertise[1].asPathPrepend naming the value and the range 0 to 16", tc.prepend, got)
			}
		})
	}
}

// TestHybridMessages checks what some hybrid findings say: the SKUs a VPN
// gateway takes (the legacy ones too, which are accepted), which of the
// features a policy-based gateway lacks the design asks for, and what an
// IPsec connection naming a second gateway got wrong.
func TestHybridMessages(t *testing.T) {
	for _, tc := range []struct {
		name, code string
		want       []string
		edit       func(*Topology)
	}{
		{"unknown VPN SKU", "gateway.sku", []string{"Standard", "HighPerformance", "VpnGw1AZ"}, func(t *Topology) { t.Gateways[0].Sku = "VpnGw9" }},
		{"policy-based with BGP and P2S", "gateway.policy-based", []string{"BGP (enableBgp)", "P2S (vpnClientConfiguration)"}, func(t *Topology) {
			t.Gateways[0].VpnType, t.Gateways[0].Sku = PolicyBased, "Basic"
		}},
		{"policy-based active-active", "gateway.policy-based", []string{"active-active (activeActive)"}, func(t *Topology) {
			t.Gateways[0].VpnType, t.Gateways[0].Sku, t.Gateways[0].EnableBgp, t.Gateways[0].VpnClientConfiguration = PolicyBased, "Basic", false, nil
			t.Gateways[0].ActiveActive = true
		}},
		{"IPsec naming a gateway", "connection.ipsec-needs-lng", []string{"names virtualNetworkGateway2 gw", "IPsec connection joins a local network gateway (localNetworkGateway2)", "Vnet2Vnet"}, func(t *Topology) {
			t.Connections[0].LocalNetworkGateway2, t.Connections[0].VirtualNetworkGateway2 = "", "gw"
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := hybridBase()
			tc.edit(&b)
			var msgs []string
			for _, d := range Validate(&b, nil) {
				if d.Code == tc.code {
					msgs = append(msgs, d.Msg)
				}
			}
			all := strings.Join(msgs, "\n")
			for _, w := range tc.want {
				if !strings.Contains(all, w) {
					t.Errorf("%s: want %q in %q", tc.code, w, all)
				}
			}
		})
	}
}

// TestHubRoutingPreferenceValues: Route Server's hubRoutingPreference takes
// ExpressRoute, VpnGateway or ASPath, in any case (rule:route-server.routing-preference);
// any other value is an error instead of a silent ExpressRoute.
func TestHubRoutingPreferenceValues(t *testing.T) {
	for _, tc := range []struct {
		pref string
		bad  bool
	}{
		{"", false}, {"ExpressRoute", false}, {"VpnGateway", false}, {"ASPath", false}, {"vpngateway", false}, {"AsPath", false},
		{"VPN", true}, {"Vpn Gateway", true}, {"ASPathLength", true}, {"Bogus", true},
	} {
		t.Run(tc.pref, func(t *testing.T) {
			b := hybridBase()
			b.VNets[0].Subnets = append(b.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
			b.RouteServers = []RouteServer{{ID: "rs", VNet: "hub", HubRoutingPreference: tc.pref}}
			ds := Validate(&b, nil)
			got := strings.Contains(codes(ds), "routeserver.routing-preference@routeServers[rs].hubRoutingPreference")
			if got != tc.bad {
				t.Errorf("hubRoutingPreference %q: routeserver.routing-preference %v, want %v; got:\n%s", tc.pref, got, tc.bad, codes(ds))
			}
		})
	}
}

// TestRouteServerPeerNames: a Route Server's BGP connections are named child
// resources, so a name must be present and unique: two connections of one
// name would share a session id and a failure target, and one NVA's routes
// would show as the other's.
func TestRouteServerPeerNames(t *testing.T) {
	for _, tc := range []struct {
		name     string
		names    [2]string
		wantCode string
		wantPath string
	}{
		{"distinct", [2]string{"nva1", "nva2"}, "", ""},
		{"duplicate", [2]string{"nva1", "nva1"}, "id.duplicate", "routeServers[rs].bgpConnections[nva1]"},
		{"missing", [2]string{"", "nva2"}, "routeserver.peer-name", "routeServers[rs].bgpConnections[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := hybridBase()
			b.VNets[0].Subnets = append(b.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
			b.RouteServers = []RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []RouteServerPeer{
				{Name: tc.names[0], PeerIP: "10.0.1.4", PeerAsn: 65001}, {Name: tc.names[1], PeerIP: "10.0.1.4", PeerAsn: 65002}}}}
			ds := Validate(&b, nil)
			var got []string
			for _, d := range ds {
				if d.Code == "id.duplicate" || d.Code == "routeserver.peer-name" {
					got = append(got, d.Code+"@"+d.Path)
				}
			}
			var want []string
			if tc.wantCode != "" {
				want = []string{tc.wantCode + "@" + tc.wantPath}
			}
			if !slices.Equal(got, want) {
				t.Errorf("names %q: got %v, want %v; all:\n%s", tc.names, got, want, codes(ds))
			}
		})
	}
}

// TestRouteServerAdvertisementChecks: what an NVA peer sends Route Server.
// A missing ASN (0) is named as such, not as "other than 65515"
// (rule:route-server.asn-and-peers); an origin other than igp or incomplete is
// an error instead of a silent igp; an IPv6 prefix, which Route Server does not
// take (rule:route-server.ipv4-only-no-vwan), is a warning instead of a silent drop.
func TestRouteServerAdvertisementChecks(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edit     func(*RouteServerPeer)
		code     string
		sev      Severity
		path     string
		msgHas   string
		wantNone bool
	}{
		{"ASN missing", func(p *RouteServerPeer) { p.PeerAsn = 0 }, "routeserver.peer-asn", Error, "routeServers[rs].bgpConnections[p].peerAsn", "no peerAsn", false},
		{"ASN 65515", func(p *RouteServerPeer) { p.PeerAsn = 65515 }, "routeserver.peer-asn", Error, "routeServers[rs].bgpConnections[p].peerAsn", "65515", false},
		{"origin egp", func(p *RouteServerPeer) { p.Advertise[0].Origin = "egp" }, "routeserver.origin", Error, "routeServers[rs].bgpConnections[p].advertise[0].origin", "egp", false},
		{"origin Incomplete", func(p *RouteServerPeer) { p.Advertise[0].Origin = "Incomplete" }, "routeserver.origin", Error, "", "", true},
		{"origin ?", func(p *RouteServerPeer) { p.Advertise[0].Origin = "?" }, "routeserver.origin", Error, "", "", true},
		{"IPv6 prefix", func(p *RouteServerPeer) { p.Advertise[0].Prefix = "fd00:1::/48" }, "routeserver.ipv6", Warning, "routeServers[rs].bgpConnections[p].advertise[0].prefix", "IPv6", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := hybridBase()
			b.VNets[0].Subnets = append(b.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
			peer := RouteServerPeer{Name: "p", PeerIP: "10.0.1.4", PeerAsn: 65001, Advertise: []Advertisement{{Prefix: "172.20.0.0/16"}}}
			tc.edit(&peer)
			b.RouteServers = []RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []RouteServerPeer{peer}}}
			var got []Diagnostic
			for _, d := range Validate(&b, nil) {
				if d.Code == tc.code {
					got = append(got, d)
				}
			}
			if tc.wantNone {
				if len(got) > 0 {
					t.Errorf("want no %s, got %v", tc.code, got)
				}
				return
			}
			if len(got) != 1 || got[0].Severity != tc.sev || got[0].Path != tc.path || !strings.Contains(got[0].Msg, tc.msgHas) {
				t.Errorf("want one %s %s at %s mentioning %q, got %v", tc.sev, tc.code, tc.path, tc.msgHas, got)
			}
		})
	}
}

// TestRouteServerPeerForwards: Route Server programs an NVA's routes with the
// NVA as next hop (rule:route-server.control-plane-only), so, as for a UDR's
// appliance, the NVA must forward in Azure and in its guest (rule:nva.ip-forwarding);
// lint warns otherwise, unless the NVA only advertises its own address.
func TestRouteServerPeerForwards(t *testing.T) {
	for _, tc := range []struct {
		name   string
		nicFwd bool
		guest  bool
		adv    string
		want   []string
	}{
		{"forwards", true, true, "172.20.0.0/16", nil},
		{"NIC forwarding off", false, true, "172.20.0.0/16", []string{"routeserver.peer-not-forwarding@routeServers[rs].bgpConnections[p].peerIp"}},
		{"guest not forwarding", true, false, "172.20.0.0/16", []string{"routeserver.peer-not-forwarding@routeServers[rs].bgpConnections[p].peerIp"}},
		{"only its own address", false, false, "10.0.1.4/32", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := hybridBase()
			b.VNets[0].Subnets = append(b.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
			for i := range b.VMs {
				for j := range b.VMs[i].NICs {
					if b.VMs[i].NICs[j].PrivateIPAddress == "10.0.1.4" {
						b.VMs[i].GuestIPForwarding, b.VMs[i].NICs[j].EnableIPForwarding = tc.guest, tc.nicFwd
					}
				}
			}
			b.RouteServers = []RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []RouteServerPeer{{Name: "p", PeerIP: "10.0.1.4", PeerAsn: 65001,
				Advertise: []Advertisement{{Prefix: tc.adv}}}}}}
			var got []string
			for _, d := range Validate(&b, nil) {
				if d.Code == "routeserver.peer-not-forwarding" {
					got = append(got, d.Code+"@"+d.Path)
				}
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// TestExportPrefixListEntriesAreChecked: an outbound prefix-list entry that
// is no prefix is an error where it is typed. The BGP computation skips
// such entries, so a list holding only a typo would permit every route,
// the opposite of what the list was written for.
func TestExportPrefixListEntriesAreChecked(t *testing.T) {
	for _, tc := range []struct {
		name, path string
		edit       func(*Topology, []string)
	}{
		{"local network gateway", "localNetworkGateways[l].exportPrefixList[1]", func(t *Topology, l []string) { t.LocalNetworkGateways[0].ExportPrefixList = l }},
		{"circuit", "expressRouteCircuits[ckt].exportPrefixList[1]", func(t *Topology, l []string) {
			t.Circuits = []ExpressRouteCircuit{{ID: "ckt", Site: "dc", PeerASN: 65050, ExportPrefixList: l}}
		}},
		{"Route Server peer", "routeServers[rs].bgpConnections[p].exportPrefixList[1]", func(t *Topology, l []string) {
			t.VNets[0].Subnets = append(t.VNets[0].Subnets, Subnet{Name: RouteServerSubnet, AddressPrefix: "10.0.254.0/26"})
			t.RouteServers = []RouteServer{{ID: "rs", VNet: "hub", BgpConnections: []RouteServerPeer{{Name: "p", PeerIP: "10.0.1.4", PeerAsn: 65001, ExportPrefixList: l}}}}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, bad := range []string{"10.0.0.0/33", "192.168.1.1/24", "ten"} {
				b := hybridBase()
				tc.edit(&b, []string{"192.168.0.0/24", bad})
				var got []Diagnostic
				for _, d := range Validate(&b, nil) {
					if d.Path == tc.path {
						got = append(got, d)
					}
				}
				if len(got) != 1 || got[0].Code != "cidr.invalid" || got[0].Severity != Error || !strings.Contains(got[0].Msg, bad) {
					t.Errorf("%q: want one cidr.invalid error at %s naming it, got %v", bad, tc.path, got)
				}
			}
			b := hybridBase()
			tc.edit(&b, []string{"192.168.0.0/24", "192.168.1.0/24"})
			for _, d := range Validate(&b, nil) {
				if strings.Contains(d.Path, "exportPrefixList") {
					t.Errorf("valid list: unexpected %v", d)
				}
			}
		})
	}
}
