package conformance_test

import (
	"fmt"
	"net/netip"
	"slices"
	"strings"
	"testing"

	"vnetplay/engine/bgp"
	"vnetplay/engine/dataplane"
	"vnetplay/engine/model"
	"vnetplay/engine/route"
	"vnetplay/engine/trace"
	"vnetplay/engine/whatif"
)

// Conformance tests for docs/rules/vpn-gateway.md (rule book sections H and
// I): gateway types, SKUs and limits, and high availability. Expected
// values come from the facts and the Microsoft pages each rule cites, not
// from the engine's output.

// gwHub is a hub 10.0.0.0/16 (app 10.0.1.0/24 with vm 10.0.1.4,
// GatewaySubnet 10.0.255.0/27) with a RouteBased VpnGw1 gateway gw (BGP, AS
// 65010), a static connection to site branch (192.168.10.0/24, host
// 192.168.10.10) and a BGP connection to site dc (AS 65050,
// 192.168.20.0/24, host 192.168.20.10, peer 192.168.20.1).
func gwHub() model.Topology {
	return model.Topology{
		VNets:    []model.VNet{hsVNet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "GatewaySubnet=10.0.255.0/27")},
		VMs:      []model.VM{hsVM("vm", "hub/app", "10.0.1.4")},
		Gateways: []model.VirtualNetworkGateway{hsVpnGateway("gw", "hub", 65010)},
		Sites: []model.Site{hsSite("branch", 0, "192.168.10.0/24", "192.168.10.10"),
			hsSite("dc", 65050, "192.168.20.0/24", "192.168.20.10")},
		LocalNetworkGateways: []model.LocalNetworkGateway{hsStaticLNG("branch-lng", "branch", "192.168.10.0/24"),
			hsBgpLNG("dc-lng", "dc", 65050, "192.168.20.1")},
		Connections: []model.Connection{hsIPsec("branch-conn", "gw", "branch-lng", false), hsIPsec("dc-conn", "gw", "dc-lng", true)},
	}
}

// gwHasDiagAt reports whether ds holds code with severity sev at a path
// containing at.
func gwHasDiagAt(ds []model.Diagnostic, code string, sev model.Severity, at string) bool {
	return slices.ContainsFunc(ds, func(d model.Diagnostic) bool {
		return d.Code == code && d.Severity == sev && strings.Contains(d.Path, at)
	})
}

// gwErrors returns the Error diagnostics of ds.
func gwErrors(ds []model.Diagnostic) []model.Diagnostic {
	var out []model.Diagnostic
	for _, d := range ds {
		if d.Severity == model.Error {
			out = append(out, d)
		}
	}
	return out
}

// gwNewDiags returns the diagnostics of after (warnings and errors) whose
// code and path are not in before.
func gwNewDiags(before, after []model.Diagnostic) []model.Diagnostic {
	var out []model.Diagnostic
	for _, d := range after {
		if d.Severity == model.Info {
			continue
		}
		if !slices.ContainsFunc(before, func(b model.Diagnostic) bool { return b.Code == d.Code && b.Path == d.Path }) {
			out = append(out, d)
		}
	}
	return out
}

// gwSession returns session id of p's control plane, failing when absent.
func gwSession(t *testing.T, p *dataplane.Plane, id string) bgp.Session {
	t.Helper()
	if p.BGP() == nil {
		t.Fatalf("no control plane")
	}
	s, ok := p.BGP().Session(id)
	if !ok {
		t.Fatalf("no session %s", id)
	}
	return s
}

// gwHasNote reports whether some note contains every part.
func gwHasNote(notes []string, parts ...string) bool {
	return slices.ContainsFunc(notes, func(n string) bool {
		for _, p := range parts {
			if !strings.Contains(n, p) {
				return false
			}
		}
		return true
	})
}

// gwTunnels returns a VPN gateway with n static connections, each to its
// own local network gateway of site branch.
func gwTunnels(sku string, n int) model.Topology {
	t := gwHub()
	t.Gateways[0] = model.VirtualNetworkGateway{ID: "gw", VNet: "hub", GatewayType: model.GatewayVpn, VpnType: model.RouteBased, Sku: sku}
	t.LocalNetworkGateways, t.Connections = nil, nil
	for i := range n {
		l := fmt.Sprintf("lng%d", i)
		t.LocalNetworkGateways = append(t.LocalNetworkGateways, hsStaticLNG(l, "branch", "192.168.10.0/24"))
		t.Connections = append(t.Connections, hsIPsec(fmt.Sprintf("c%d", i), "gw", l, false))
	}
	return t
}

// gwClients gives gateway g a P2S configuration (pool 172.16.0.0/16) with
// protos and n clients.
func gwClients(g *model.VirtualNetworkGateway, n int, protos ...string) {
	c := &model.VpnClientConfiguration{VpnClientAddressPool: model.AddressSpace{AddressPrefixes: []string{"172.16.0.0/16"}}, VpnClientProtocols: protos}
	for i := range n {
		c.Clients = append(c.Clients, model.P2SClient{ID: fmt.Sprintf("c%d", i), IPAddress: netip.AddrFrom4([4]byte{172, 16, byte(1 + i/250), byte(1 + i%250)}).String()})
	}
	g.VpnClientConfiguration = c
}

// TestRule_vpn_gateway_gateway_subnet checks rule:vpn-gateway.gateway-subnet:
// a VNet holds at most one Vpn and one ExpressRoute gateway, both in the
// subnet named GatewaySubnet, and nothing else may be deployed there.
func TestRule_vpn_gateway_gateway_subnet(t *testing.T) {
	codes := []string{"gateway.no-gateway-subnet", "gateway.duplicate-type", "nic.special-subnet"}
	if ds := hsDiags(gwHub()); slices.ContainsFunc(ds, func(d model.Diagnostic) bool { return slices.Contains(codes, d.Code) }) {
		t.Errorf("valid hub reported:%s", hsDiagCodes(ds))
	}
	noSubnet := gwHub()
	noSubnet.VNets[0].Subnets = noSubnet.VNets[0].Subnets[:1]
	if ds := hsDiags(noSubnet); !hsHasDiag(ds, "gateway.no-gateway-subnet", model.Error) {
		t.Errorf("gateway without GatewaySubnet: want gateway.no-gateway-subnet error, got%s", hsDiagCodes(ds))
	}
	// A subnet named otherwise is not a gateway subnet.
	renamed := gwHub()
	renamed.VNets[0].Subnets[1].Name = "Gateway-Subnet"
	if ds := hsDiags(renamed); !hsHasDiag(ds, "gateway.no-gateway-subnet", model.Error) {
		t.Errorf("gateway in a subnet not named GatewaySubnet: want gateway.no-gateway-subnet error, got%s", hsDiagCodes(ds))
	}
	twoVpn := gwHub()
	twoVpn.Gateways = append(twoVpn.Gateways, hsVpnGateway("gw2", "hub", 0))
	if ds := hsDiags(twoVpn); !hsHasDiag(ds, "gateway.duplicate-type", model.Error) {
		t.Errorf("two VPN gateways in one VNet: want gateway.duplicate-type error, got%s", hsDiagCodes(ds))
	}
	vpnAndER := gwHub()
	vpnAndER.Gateways = append(vpnAndER.Gateways, hsERGateway("ergw", "hub"))
	if ds := hsDiags(vpnAndER); hsHasDiag(ds, "gateway.duplicate-type", model.Error) {
		t.Errorf("one VPN and one ExpressRoute gateway are allowed:%s", hsDiagCodes(ds))
	}
	nic := gwHub()
	nic.VMs = append(nic.VMs, hsVM("intruder", "hub/GatewaySubnet", "10.0.255.20"))
	if ds := hsDiags(nic); !hsHasDiag(ds, "nic.special-subnet", model.Error) {
		t.Errorf("a NIC in GatewaySubnet: want nic.special-subnet error, got%s", hsDiagCodes(ds))
	}
	// The gateway's routes point into GatewaySubnet, where it lives.
	e, ok := hsActive(t, hsPlane(t, gwHub()), "hub/app", "192.168.10.0/24")
	if !ok || !netip.MustParsePrefix("10.0.255.0/27").Contains(e.NextHopIP) {
		t.Errorf("gateway route next hop %s (found %v), want an address of GatewaySubnet", e.NextHopIP, ok)
	}
}

// TestRule_vpn_gateway_gateway_subnet_size checks rule:vpn-gateway.gateway-subnet-size:
// GatewaySubnet may be as small as /29 but /27 or larger is recommended;
// with VPN and ExpressRoute gateways together it must be /27 or larger,
// and 16 ExpressRoute circuits on one gateway need /26.
func TestRule_vpn_gateway_gateway_subnet_size(t *testing.T) {
	for _, tc := range []struct {
		prefix        string
		warn, coexist bool
	}{
		{"10.0.255.0/26", false, false},
		{"10.0.255.0/27", false, false},
		{"10.0.255.0/28", true, true},
		{"10.0.255.0/29", true, true},
	} {
		t.Run(tc.prefix, func(t *testing.T) {
			topo := gwHub()
			topo.VNets[0].Subnets[1].AddressPrefix = tc.prefix
			ds := hsDiags(topo)
			if got := hsHasDiag(ds, "subnet.gateway-too-small", model.Warning); got != tc.warn {
				t.Errorf("VPN only: too-small warning %v, want %v;%s", got, tc.warn, hsDiagCodes(ds))
			}
			if errs := gwErrors(ds); len(errs) != 0 {
				t.Errorf("VPN only: a %s GatewaySubnet is allowed, got%s", tc.prefix, hsDiagCodes(errs))
			}
			topo.Gateways = append(topo.Gateways, hsERGateway("ergw", "hub"))
			ds = hsDiags(topo)
			if got := hsHasDiag(ds, "gateway.coexist-subnet", model.Error); got != tc.coexist {
				t.Errorf("VPN and ExpressRoute: coexist-subnet error %v, want %v;%s", got, tc.coexist, hsDiagCodes(ds))
			}
		})
	}
	t.Run("16 circuits need /26", func(t *testing.T) {
		topo := erHub()
		topo.Gateways[0].Sku = "ErGw3AZ"
		topo.Circuits, topo.Connections = nil, nil
		for i := range 16 {
			id := fmt.Sprintf("ckt%d", i)
			topo.Circuits = append(topo.Circuits, hsCircuit(id, "dc", 65020, i))
			topo.Connections = append(topo.Connections, hsERConn("er"+id, "ergw", id, 0))
		}
		ds := model.Validate(&topo, nil)
		wide := topo
		wide.VNets = []model.VNet{hsVNet("hub", "10.0.0.0/16", "app=10.0.1.0/24", "GatewaySubnet=10.0.255.0/26")}
		wds := model.Validate(&wide, nil)
		if extra := gwNewDiags(wds, ds); !gwHasDiagAt(extra, "gateway.circuits-subnet", model.Error, "vnets[hub].subnets[GatewaySubnet]") {
			t.Errorf("16 circuits on a /27 GatewaySubnet: want gateway.circuits-subnet error, got%s", hsDiagCodes(extra))
		}
		if hsHasDiag(wds, "gateway.circuits-subnet", model.Error) {
			t.Errorf("16 circuits on a /26 GatewaySubnet are allowed:%s", hsDiagCodes(wds))
		}
	})
}

// TestRule_vpn_gateway_policy_based checks rule:vpn-gateway.policy-based:
// a PolicyBased gateway exists only on Basic and carries one site-to-site
// tunnel, with no BGP, point-to-site, VNet-to-VNet, multi-site or
// active-active.
func TestRule_vpn_gateway_policy_based(t *testing.T) {
	policy := func() model.Topology {
		topo := gwHub()
		topo.Gateways[0] = model.VirtualNetworkGateway{ID: "gw", VNet: "hub", GatewayType: model.GatewayVpn, VpnType: model.PolicyBased, Sku: "Basic"}
		topo.Sites, topo.LocalNetworkGateways, topo.Connections = topo.Sites[:1], topo.LocalNetworkGateways[:1], topo.Connections[:1]
		return topo
	}
	ok := policy()
	if ds := hsDiags(ok); len(gwErrors(ds)) != 0 {
		t.Errorf("PolicyBased Basic with one static tunnel is valid, got%s", hsDiagCodes(ds))
	}
	hsWantDisp(t, "one policy-based tunnel", hsTrace(t, hsPlane(t, ok), "vm", "branch/h"), trace.DeliveredOnPremises)

	for _, tc := range []struct {
		name   string
		change func(*model.Topology)
		code   string
	}{
		{"VpnGw1 SKU", func(t *model.Topology) { t.Gateways[0].Sku = "VpnGw1" }, "gateway.policy-based"},
		{"BGP", func(t *model.Topology) {
			t.Gateways[0].EnableBgp, t.Gateways[0].BgpSettings = true, &model.BgpSettings{Asn: 65010}
		}, "gateway.policy-based"},
		{"point-to-site", func(t *model.Topology) { gwClients(&t.Gateways[0], 1, "SSTP") }, "gateway.policy-based"},
		{"active-active", func(t *model.Topology) { t.Gateways[0].ActiveActive = true }, "gateway.policy-based"},
		{"multi-site", func(t *model.Topology) {
			t.Sites = append(t.Sites, hsSite("dc", 0, "192.168.20.0/24", "192.168.20.10"))
			t.LocalNetworkGateways = append(t.LocalNetworkGateways, hsStaticLNG("dc-lng", "dc", "192.168.20.0/24"))
			t.Connections = append(t.Connections, hsIPsec("dc-conn", "gw", "dc-lng", false))
		}, "gateway.policy-based"},
		{"VNet-to-VNet", func(t *model.Topology) {
			t.VNets = append(t.VNets, hsVNet("v2", "10.2.0.0/16", "GatewaySubnet=10.2.255.0/27"))
			t.Gateways = append(t.Gateways, hsVpnGateway("g2", "v2", 0))
			t.Connections = append(t.Connections, hsV2V("gw", "g2", false)...)
		}, "connection.vnet2vnet-route-based"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			topo := policy()
			tc.change(&topo)
			if ds := hsDiags(topo); !hsHasDiag(ds, tc.code, model.Error) {
				t.Errorf("PolicyBased with %s: want %s error, got%s", tc.name, tc.code, hsDiagCodes(ds))
			}
		})
	}
	// A BGP connection on a policy-based gateway does not run BGP.
	topo := policy()
	topo.Sites[0].Asn = 65050
	topo.LocalNetworkGateways[0].BgpSettings = &model.BgpSettings{Asn: 65050, BgpPeeringAddress: "192.168.10.1"}
	topo.Connections[0].EnableBgp = true
	if s := gwSession(t, hsPlane(t, topo), "branch-conn"); s.BGP {
		t.Error("a policy-based gateway's connection must not run BGP")
	}
}

// TestRule_vpn_gateway_route_based checks rule:vpn-gateway.route-based:
// on any SKU but Basic a RouteBased gateway supports BGP, active-active,
// point-to-site with site-to-site, ExpressRoute coexistence and
// UsePolicyBasedTrafficSelectors; Basic supports none of BGP,
// active-active, coexistence or IKEv2/OpenVPN.
func TestRule_vpn_gateway_route_based(t *testing.T) {
	full := gwHub()
	full.Gateways[0].ActiveActive = true
	gwClients(&full.Gateways[0], 2, "IkeV2", "OpenVPN")
	full.Gateways = append(full.Gateways, hsERGateway("ergw", "hub"))
	full.Connections[0].UsePolicyBasedTrafficSelectors = true
	if ds := hsDiags(full); len(gwErrors(ds)) != 0 {
		t.Errorf("RouteBased VpnGw1 with BGP, active-active, P2S, S2S and ExpressRoute: want no error, got%s", hsDiagCodes(gwErrors(ds)))
	}
	for _, tc := range []struct {
		name   string
		change func(*model.VirtualNetworkGateway, *model.Topology)
		code   string
	}{
		{"active-active", func(g *model.VirtualNetworkGateway, _ *model.Topology) { g.ActiveActive = true }, "gateway.active-active"},
		{"BGP", func(g *model.VirtualNetworkGateway, _ *model.Topology) {
			g.EnableBgp, g.BgpSettings = true, &model.BgpSettings{Asn: 65010}
		}, "gateway.bgp-unsupported"},
		{"ExpressRoute coexistence", func(_ *model.VirtualNetworkGateway, t *model.Topology) {
			t.Gateways = append(t.Gateways, hsERGateway("ergw", "hub"))
		}, "gateway.coexist-vpn"},
		{"IKEv2 point-to-site", func(g *model.VirtualNetworkGateway, _ *model.Topology) { gwClients(g, 1, "IkeV2") }, "p2s.protocol"},
	} {
		t.Run("Basic "+tc.name, func(t *testing.T) {
			topo := gwHub()
			topo.Gateways[0] = model.VirtualNetworkGateway{ID: "gw", VNet: "hub", GatewayType: model.GatewayVpn, VpnType: model.RouteBased, Sku: "Basic"}
			topo.Connections[1].EnableBgp = false
			tc.change(&topo.Gateways[0], &topo)
			if ds := hsDiags(topo); !hsHasDiag(ds, tc.code, model.Error) {
				t.Errorf("Basic with %s: want %s error, got%s", tc.name, tc.code, hsDiagCodes(ds))
			}
		})
	}
	basicSSTP := gwHub()
	basicSSTP.Gateways[0] = model.VirtualNetworkGateway{ID: "gw", VNet: "hub", GatewayType: model.GatewayVpn, VpnType: model.RouteBased, Sku: "Basic"}
	basicSSTP.Connections[1].EnableBgp = false
	gwClients(&basicSSTP.Gateways[0], 1, "SSTP")
	if ds := hsDiags(basicSSTP); len(gwErrors(ds)) != 0 {
		t.Errorf("RouteBased Basic with SSTP point-to-site and S2S: want no error, got%s", hsDiagCodes(gwErrors(ds)))
	}
	// UsePolicyBasedTrafficSelectors is accepted and changes no route.
	plain, sel := gwHub(), gwHub()
	sel.Connections[0].UsePolicyBasedTrafficSelectors = true
	a, _ := hsPlane(t, plain).Routes("hub/app")
	b, _ := hsPlane(t, sel).Routes("hub/app")
	if routingDump(a.Routes()) != routingDump(b.Routes()) {
		t.Errorf("usePolicyBasedTrafficSelectors changed the routes:%s\nvs%s", routingDump(a.Routes()), routingDump(b.Routes()))
	}
}

// TestRule_vpn_gateway_sku_limits checks rule:vpn-gateway.sku-limits: each
// SKU caps S2S and VNet-to-VNet tunnels (Basic 10, VpnGw1–3 30, VpnGw4–5
// 100, AZ or not, following the 100-tunnel reading for non-AZ VpnGw4/5)
// and point-to-site clients; an unknown SKU is reported.
func TestRule_vpn_gateway_sku_limits(t *testing.T) {
	for _, tc := range []struct {
		sku     string
		tunnels int
	}{
		{"Basic", 10}, {"VpnGw1", 30}, {"VpnGw1AZ", 30}, {"VpnGw2", 30}, {"VpnGw2AZ", 30}, {"VpnGw3", 30}, {"VpnGw3AZ", 30},
		{"VpnGw4", 100}, {"VpnGw4AZ", 100}, {"VpnGw5", 100}, {"VpnGw5AZ", 100},
	} {
		t.Run(tc.sku, func(t *testing.T) {
			at := gwTunnels(tc.sku, tc.tunnels)
			if ds := model.Validate(&at, nil); hsHasDiag(ds, "gateway.tunnels", model.Error) || hsHasDiag(ds, "gateway.sku", model.Error) {
				t.Errorf("%d tunnels on %s are allowed:%s", tc.tunnels, tc.sku, hsDiagCodes(gwErrors(ds)))
			}
			over := gwTunnels(tc.sku, tc.tunnels+1)
			if ds := model.Validate(&over, nil); !hsHasDiag(ds, "gateway.tunnels", model.Error) {
				t.Errorf("%d tunnels on %s: want gateway.tunnels error", tc.tunnels+1, tc.sku)
			}
		})
	}
	for _, sku := range []string{"VpnGw6", "ErGw1AZ", ""} {
		topo := gwHub()
		topo.Gateways[0].Sku = sku
		if ds := model.Validate(&topo, nil); !hsHasDiag(ds, "gateway.sku", model.Error) {
			t.Errorf("VPN gateway SKU %q: want gateway.sku error", sku)
		}
	}
	// Point-to-site: SSTP 128 on Basic (no IKEv2/OpenVPN); 128 + 250 on VpnGw1.
	for _, tc := range []struct {
		sku    string
		protos []string
		max    int
	}{
		{"Basic", []string{"SSTP"}, 128},
		{"VpnGw1", []string{"SSTP", "IkeV2"}, 128 + 250},
	} {
		for _, n := range []int{tc.max, tc.max + 1} {
			topo := gwHub()
			topo.Gateways[0].Sku, topo.Gateways[0].EnableBgp, topo.Gateways[0].BgpSettings = tc.sku, false, nil
			topo.Connections[1].EnableBgp = false
			gwClients(&topo.Gateways[0], n, tc.protos...)
			if got := hsHasDiag(model.Validate(&topo, nil), "p2s.clients", model.Error); got != (n > tc.max) {
				t.Errorf("%s with %d P2S clients: p2s.clients error %v, want %v", tc.sku, n, got, n > tc.max)
			}
		}
	}
}

// TestRule_vpn_gateway_p2s_connection_limits checks
// rule:vpn-gateway.p2s-connection-limits: SSTP is capped at 128 whatever
// the pool, and SSTP and IKEv2/OpenVPN are counted against separate limits.
func TestRule_vpn_gateway_p2s_connection_limits(t *testing.T) {
	for _, tc := range []struct {
		sku string
		max int
	}{
		{"VpnGw1", 128 + 250}, {"VpnGw2", 128 + 500},
	} {
		for _, n := range []int{tc.max, tc.max + 1} {
			topo := gwHub()
			topo.Gateways[0].Sku = tc.sku
			gwClients(&topo.Gateways[0], n, "SSTP", "IkeV2", "OpenVPN")
			if got := hsHasDiag(model.Validate(&topo, nil), "p2s.clients", model.Error); got != (n > tc.max) {
				t.Errorf("%s with %d clients over SSTP and IKEv2: p2s.clients error %v, want %v", tc.sku, n, got, n > tc.max)
			}
		}
	}
	t.Run("SSTP only is capped at 128", func(t *testing.T) {
		for _, n := range []int{128, 129} {
			topo := gwHub()
			gwClients(&topo.Gateways[0], n, "SSTP")
			if got := hsHasDiag(model.Validate(&topo, nil), "p2s.clients", model.Error); got != (n > 128) {
				t.Errorf("VpnGw1 offering only SSTP with %d clients: p2s.clients error %v, want %v", n, got, n > 128)
			}
		}
	})
}

// TestRule_vpn_gateway_legacy_skus checks rule:vpn-gateway.legacy-skus: the
// retired Standard and HighPerformance SKUs are accepted with the limits
// of their migration targets VpnGw1AZ and VpnGw2AZ.
func TestRule_vpn_gateway_legacy_skus(t *testing.T) {
	for _, tc := range []struct {
		sku     string
		clients int // SSTP + IKEv2 of the migration target
	}{
		{"Standard", 128 + 250}, {"HighPerformance", 128 + 500},
	} {
		t.Run(tc.sku, func(t *testing.T) {
			topo := gwHub()
			topo.Gateways[0].Sku = tc.sku
			if ds := hsDiags(topo); len(gwErrors(ds)) != 0 {
				t.Errorf("%s with BGP: want no error, got%s", tc.sku, hsDiagCodes(gwErrors(ds)))
			}
			if s := gwSession(t, hsPlane(t, topo), "dc-conn"); !s.BGP || !s.Up {
				t.Errorf("%s: BGP session %+v, want up with BGP", tc.sku, s)
			}
			for _, n := range []int{30, 31} {
				topo := gwTunnels(tc.sku, n)
				if got := hsHasDiag(model.Validate(&topo, nil), "gateway.tunnels", model.Error); got != (n > 30) {
					t.Errorf("%s with %d tunnels: error %v, want %v", tc.sku, n, got, n > 30)
				}
			}
			for _, n := range []int{tc.clients, tc.clients + 1} {
				topo := gwHub()
				topo.Gateways[0].Sku = tc.sku
				gwClients(&topo.Gateways[0], n, "SSTP", "IkeV2")
				if got := hsHasDiag(model.Validate(&topo, nil), "p2s.clients", model.Error); got != (n > tc.clients) {
					t.Errorf("%s with %d P2S clients: error %v, want %v", tc.sku, n, got, n > tc.clients)
				}
			}
		})
	}
}

// TestRule_vpn_gateway_active_standby checks rule:vpn-gateway.active-standby:
// the standby instance takes over an active-standby gateway's tunnels when
// the active one fails, so traffic keeps flowing; the interruption (10–15 s
// planned, up to about 3 minutes unplanned) and the P2S disconnection are
// what-if notes; with both instances gone the tunnels are down.
func TestRule_vpn_gateway_active_standby(t *testing.T) {
	topo := gwHub()
	gwClients(&topo.Gateways[0], 1, "IkeV2")
	t.Run("both instances down: the what-if notes say the gateway is down", func(t *testing.T) {
		both := []model.Failure{{Kind: model.GatewayInstanceDown, Target: "gw/0"}, {Kind: model.GatewayInstanceDown, Target: "gw/1"}}
		notes := strings.Join(whatif.Notes(&topo, both), "\n")
		if strings.Contains(notes, "standby instance takes over") || !strings.Contains(notes, "gateway gw is down") {
			t.Errorf("both instances failed, notes:\n%s\nwant no \"standby instance takes over\" and \"gateway gw is down\"", notes)
		}
	})
	for _, inst := range []string{"gw/0", "gw/1"} {
		fail := model.Failure{Kind: model.GatewayInstanceDown, Target: inst}
		p := hsPlane(t, topo, fail)
		for _, c := range []string{"branch-conn", "dc-conn"} {
			if s := gwSession(t, p, c); !s.Up || s.Tunnels != 1 || s.Of != 1 {
				t.Errorf("%s down: %s up=%v tunnels %d of %d, want the standby's one tunnel up", inst, c, s.Up, s.Tunnels, s.Of)
			}
		}
		hsWantDisp(t, inst+" down: vm → branch", hsTrace(t, p, "vm", "branch/h"), trace.DeliveredOnPremises)
		hsWantDisp(t, inst+" down: vm → dc", hsTrace(t, p, "vm", "dc/h"), trace.DeliveredOnPremises)
		notes := whatif.Notes(&topo, []model.Failure{fail})
		if !gwHasNote(notes, "standby", "10–15 s", "3 minutes") {
			t.Errorf("%s down: notes %q, want the standby takeover with 10–15 s planned and up to 3 minutes unplanned", inst, notes)
		}
		if !gwHasNote(notes, "P2S clients are disconnected", "reconnect") {
			t.Errorf("%s down: notes %q, want the P2S disconnection", inst, notes)
		}
	}
	both := hsPlane(t, topo, model.Failure{Kind: model.GatewayInstanceDown, Target: "gw/0"}, model.Failure{Kind: model.GatewayInstanceDown, Target: "gw/1"})
	if s := gwSession(t, both, "dc-conn"); s.Up {
		t.Error("both instances down: the tunnel must be down")
	}
	if tr := hsTrace(t, both, "vm", "dc/h"); tr.Disposition.Success() {
		t.Errorf("both instances down: vm → dc %s, want no delivery", tr.Disposition)
	}
}

// TestRule_vpn_gateway_active_active checks rule:vpn-gateway.active-active:
// each instance of an active-active gateway has its own tunnel under one
// connection; when an instance fails its tunnel drops and traffic moves to
// the remaining one; with both gone, BGP routes are withdrawn.
func TestRule_vpn_gateway_active_active(t *testing.T) {
	topo := gwHub()
	topo.Gateways[0].ActiveActive, topo.Gateways[0].Sku = true, "VpnGw1AZ"
	p := hsPlane(t, topo)
	if s := gwSession(t, p, "dc-conn"); !s.Up || s.Tunnels != 2 || s.Of != 2 {
		t.Errorf("active-active: dc-conn tunnels %d of %d (up %v), want 2 of 2", s.Tunnels, s.Of, s.Up)
	}
	fail := model.Failure{Kind: model.GatewayInstanceDown, Target: "gw/1"}
	p = hsPlane(t, topo, fail)
	if s := gwSession(t, p, "dc-conn"); !s.Up || s.Tunnels != 1 || s.Of != 2 {
		t.Errorf("one instance down: dc-conn tunnels %d of %d (up %v), want 1 of 2", s.Tunnels, s.Of, s.Up)
	}
	if _, ok := hsActive(t, p, "hub/app", "192.168.20.0/24"); !ok {
		t.Error("one instance down: the BGP route must stay over the remaining tunnel")
	}
	hsWantDisp(t, "one instance down: vm → dc", hsTrace(t, p, "vm", "dc/h"), trace.DeliveredOnPremises)
	if notes := whatif.Notes(&topo, []model.Failure{fail}); !gwHasNote(notes, "active-active", "other instance") {
		t.Errorf("notes %q, want traffic moving to the other instance", notes)
	}
	both := hsPlane(t, topo, fail, model.Failure{Kind: model.GatewayInstanceDown, Target: "gw/0"})
	if rs := hsRoutes(t, both, "hub/app", "192.168.20.0/24"); len(rs) != 0 {
		t.Errorf("both instances down: BGP route still programmed: %v", rs)
	}
	if tr := hsTrace(t, both, "vm", "dc/h"); tr.Disposition.Success() {
		t.Errorf("both instances down: vm → dc %s, want no delivery", tr.Disposition)
	}
}

// TestRule_vpn_gateway_multiple_devices_need_bgp checks
// rule:vpn-gateway.multiple-devices-need-bgp: several devices of one site
// each get an LNG and a connection, with a unique public IP and a unique
// BGP peer IP; BGP is required on each (a static connection is warned
// about) and traffic is shared by ECMP; an active-active gateway and two
// devices make a full mesh of four tunnels.
func TestRule_vpn_gateway_multiple_devices_need_bgp(t *testing.T) {
	topo := gwHub()
	topo.LocalNetworkGateways = append(topo.LocalNetworkGateways, hsBgpLNG("dc-lng2", "dc", 65050, "192.168.20.2"))
	topo.LocalNetworkGateways[1].GatewayIPAddress, topo.LocalNetworkGateways[2].GatewayIPAddress = "198.51.100.1", "198.51.100.2"
	topo.Connections = append(topo.Connections, hsIPsec("dc-conn2", "gw", "dc-lng2", true))
	ds := hsDiags(topo)
	if hsHasDiag(ds, "connection.multi-device-static", model.Warning) {
		t.Errorf("two BGP devices must not be warned about:%s", hsDiagCodes(ds))
	}
	p := hsPlane(t, topo)
	b, ok := hsBest(p, "gw", "192.168.20.0/24")
	if !ok || len(b.Equal) != 1 || !ecmpCites(b.Reason, "rule:vpn-gateway.multiple-devices-need-bgp") {
		t.Errorf("gateway's best path to dc: %+v, want ECMP over both connections, citing the several-devices rule", b)
	}
	p = hsPlane(t, topo, model.Failure{Kind: model.ConnectionDown, Target: "dc-conn"})
	hsWantDisp(t, "one device's connection down", hsTrace(t, p, "vm", "dc/h"), trace.DeliveredOnPremises)

	// Full mesh: active-active gateway, two devices.
	mesh := topo
	mesh.Gateways = []model.VirtualNetworkGateway{topo.Gateways[0]}
	mesh.Gateways[0].ActiveActive, mesh.Gateways[0].Sku = true, "VpnGw1AZ"
	mp := hsPlane(t, mesh)
	if n := gwSession(t, mp, "dc-conn").Tunnels + gwSession(t, mp, "dc-conn2").Tunnels; n != 4 {
		t.Errorf("active-active gateway and two devices: %d tunnels, want 4", n)
	}

	// Static connections from one site's two devices: BGP is required.
	static := topo
	static.Connections = slices.Clone(topo.Connections)
	static.Connections[1].EnableBgp, static.Connections[2].EnableBgp = false, false
	static.LocalNetworkGateways = slices.Clone(topo.LocalNetworkGateways)
	static.LocalNetworkGateways[1].LocalNetworkAddressSpace.AddressPrefixes = []string{"192.168.20.0/24"}
	static.LocalNetworkGateways[2].LocalNetworkAddressSpace.AddressPrefixes = []string{"192.168.20.0/24"}
	ds = hsDiags(static)
	for _, c := range []string{"dc-conn", "dc-conn2"} {
		if !gwHasDiagAt(ds, "connection.multi-device-static", model.Warning, "connections["+c+"]") {
			t.Errorf("static connection %s of a two-device site: want connection.multi-device-static warning, got%s", c, hsDiagCodes(ds))
		}
	}

	t.Run("unique device addresses", func(t *testing.T) {
		dup := topo
		dup.LocalNetworkGateways = slices.Clone(topo.LocalNetworkGateways)
		dup.LocalNetworkGateways[2].GatewayIPAddress = dup.LocalNetworkGateways[1].GatewayIPAddress
		dup.LocalNetworkGateways[2].BgpSettings = &model.BgpSettings{Asn: 65050, BgpPeeringAddress: "192.168.20.1"}
		if ds := hsDiags(topo); hsHasDiag(ds, "lng.duplicate-public-ip", model.Error) || hsHasDiag(ds, "lng.duplicate-bgp-peer", model.Error) {
			t.Errorf("two devices with their own addresses reported:%s", hsDiagCodes(ds))
		}
		extra := gwNewDiags(hsDiags(topo), hsDiags(dup))
		for _, c := range []struct{ code, at string }{
			{"lng.duplicate-public-ip", "localNetworkGateways[dc-lng2].gatewayIpAddress"},
			{"lng.duplicate-bgp-peer", "localNetworkGateways[dc-lng2].bgpSettings.bgpPeeringAddress"},
		} {
			if !gwHasDiagAt(extra, c.code, model.Error, c.at) {
				t.Errorf("two devices of one gateway sharing both addresses: want %s error at %s, got%s", c.code, c.at, hsDiagCodes(extra))
			}
		}
	})
}

// TestRule_vpn_gateway_static_routes_do_not_fail_over checks
// rule:vpn-gateway.static-routes-do-not-fail-over: when a BGP tunnel fails
// its routes are withdrawn; a static LNG prefix stays installed, keeps
// attracting the traffic, and the packet is lost at the down connection.
func TestRule_vpn_gateway_static_routes_do_not_fail_over(t *testing.T) {
	topo := gwHub()
	p := hsPlane(t, topo, model.Failure{Kind: model.ConnectionDown, Target: "branch-conn"})
	if e, ok := hsActive(t, p, "hub/app", "192.168.10.0/24"); !ok || e.NextHop != route.VirtualNetworkGateway {
		t.Errorf("static tunnel down: 192.168.10.0/24 %+v (found %v), want still routed to the gateway", e, ok)
	}
	tr := hsTrace(t, p, "vm", "branch/h")
	if tr.Disposition != trace.DroppedComponentDown || !strings.Contains(tr.Reason, "branch-conn") {
		t.Errorf("static tunnel down: vm → branch %s (%s), want dropped at the down connection", tr.Disposition, tr.Reason)
	}
	p = hsPlane(t, topo, model.Failure{Kind: model.ConnectionDown, Target: "dc-conn"})
	if rs := hsRoutes(t, p, "hub/app", "192.168.20.0/24"); len(rs) != 0 {
		t.Errorf("BGP tunnel down: route not withdrawn: %v", rs)
	}
	// The withdrawal lets a second BGP path take over.
	two := gwHub()
	two.LocalNetworkGateways = append(two.LocalNetworkGateways, hsBgpLNG("dc-lng2", "dc", 65050, "192.168.20.2"))
	two.Connections = append(two.Connections, hsIPsec("dc-conn2", "gw", "dc-lng2", true))
	p = hsPlane(t, two, model.Failure{Kind: model.ConnectionDown, Target: "dc-conn"})
	if b, ok := hsBest(p, "gw", "192.168.20.0/24"); !ok || b.Session != "dc-conn2" {
		t.Errorf("BGP tunnel down: best path %+v, want the remaining connection dc-conn2", b)
	}
	hsWantDisp(t, "BGP failover", hsTrace(t, p, "vm", "dc/h"), trace.DeliveredOnPremises)
}

// TestRule_vpn_gateway_bgp_timers checks rule:vpn-gateway.bgp-timers:
// timers are fixed at 60 s keepalive and 180 s hold with no BFD on S2S, so
// a BGP-only failover can take up to about three minutes; vnetplay states
// this delay in its what-if notes.
func TestRule_vpn_gateway_bgp_timers(t *testing.T) {
	topo := gwHub()
	topo.Gateways[0].ActiveActive, topo.Gateways[0].Sku = true, "VpnGw1AZ"
	for _, f := range []model.Failure{
		{Kind: model.ConnectionDown, Target: "dc-conn"},
		{Kind: model.SiteDown, Target: "dc"},
		{Kind: model.GatewayInstanceDown, Target: "gw/0"},
	} {
		if notes := whatif.Notes(&topo, []model.Failure{f}); !gwHasNote(notes, "180 s") {
			t.Errorf("%s: notes %q, want the 180 s hold time", f, notes)
		}
	}
	if notes := whatif.Notes(&topo, []model.Failure{{Kind: model.ConnectionDown, Target: "dc-conn"}}); !gwHasNote(notes, "no BFD") {
		t.Errorf("notes %q, want no BFD on S2S", notes)
	}
}

// TestRule_vpn_gateway_active_active_vnet_to_vnet checks
// rule:vpn-gateway.active-active-vnet-to-vnet: two active-active gateways
// joined VNet-to-VNet keep working when an instance on either side fails,
// and carry transit only with BGP; the link is four tunnels.
func TestRule_vpn_gateway_active_active_vnet_to_vnet(t *testing.T) {
	aa := func(bgpOn bool) model.Topology {
		var asns []uint32
		for i := range 3 {
			asn := uint32(0)
			if bgpOn {
				asn = uint32(65001 + i)
			}
			asns = append(asns, asn)
		}
		topo := s2sVNets(asns...)
		for i := range topo.Gateways {
			topo.Gateways[i].ActiveActive, topo.Gateways[i].Sku = true, "VpnGw1AZ"
		}
		topo.Connections = append(hsV2V("g1", "g2", bgpOn), hsV2V("g2", "g3", bgpOn)...)
		return topo
	}
	static := aa(false)
	hsWantDisp(t, "active-active VNet-to-VNet", hsTrace(t, hsPlane(t, static), "vm-1", "vm-2"), trace.Delivered)
	p := hsPlane(t, static, model.Failure{Kind: model.GatewayInstanceDown, Target: "g1/0"}, model.Failure{Kind: model.GatewayInstanceDown, Target: "g2/1"})
	hsWantDisp(t, "one instance down on each side", hsTrace(t, p, "vm-1", "vm-2"), trace.Delivered)
	if rs := hsRoutes(t, hsPlane(t, static), "v1/app", "10.3.0.0/16"); len(rs) != 0 {
		t.Errorf("static chain carries transit: %v", rs)
	}
	withBGP := hsPlane(t, aa(true))
	hsWantDisp(t, "transit over BGP VNet-to-VNet links", hsTrace(t, withBGP, "vm-1", "vm-3"), trace.Delivered)

	t.Run("four tunnels", func(t *testing.T) {
		if s := gwSession(t, withBGP, "g1-g2+g2-g1"); s.Tunnels != 4 || s.Of != 4 {
			t.Errorf("two active-active gateways joined VNet-to-VNet: %d of %d tunnels, want 4 of 4", s.Tunnels, s.Of)
		}
		down := hsPlane(t, aa(true), model.Failure{Kind: model.GatewayInstanceDown, Target: "g1/0"})
		if s := gwSession(t, down, "g1-g2+g2-g1"); s.Tunnels != 2 || s.Of != 4 {
			t.Errorf("one instance of g1 down: %d of %d tunnels, want 2 of 4", s.Tunnels, s.Of)
		}
	})
}
