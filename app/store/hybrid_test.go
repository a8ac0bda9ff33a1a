package store

import (
	"strings"
	"testing"

	"vnetplay/app/canvas"
	"vnetplay/app/kinds"
	"vnetplay/engine/model"
	"vnetplay/engine/scenario"
)

// TestBuildHybrid builds a hub with a VPN gateway to a site and an
// ExpressRoute gateway to a circuit, with the palette's edits only, and
// checks what the engine makes of it.
func TestBuildHybrid(t *testing.T) {
	s := Open(&scenario.Document{})
	mustApply(t, s, Add{Kind: kinds.VNet})
	mustApply(t, s, Add{Kind: kinds.VPNGateway, Into: "vnet1"})
	mustApply(t, s, Add{Kind: kinds.Site, At: canvas.Point{X: -600}})
	doc := s.Current().Doc
	// Subnets are in canonical order (by name), as a reload shows them.
	if sn := doc.Topology.VNets[0].Subnets; len(sn) != 2 || sn[0].Name != model.GatewaySubnet || !strings.HasSuffix(sn[0].AddressPrefix, "/27") {
		t.Fatalf("subnets %+v: want a /27 GatewaySubnet added (rule:vpn-gateway.gateway-subnet)", sn)
	}
	if _, err := s.Apply(Add{Kind: kinds.VPNGateway, Into: "vnet1"}); err == nil {
		t.Error("a second VPN gateway in one VNet was added")
	}
	mustApply(t, s, Connect{From: Ref{Kind: kinds.Gateway, ID: "vpngw1"}, To: Ref{Kind: kinds.Site, ID: "site1"}})
	topo := s.Current().Doc.Topology
	if len(topo.LocalNetworkGateways) != 1 || len(topo.Connections) != 1 || topo.Connections[0].ConnectionType != model.ConnIPsec {
		t.Fatalf("S2S: %d LNGs, connections %+v", len(topo.LocalNetworkGateways), topo.Connections)
	}
	// rule:system-routes.gateway-routes: the gateway programs the site's prefix into the VNet's subnets.
	tbl, _ := s.Current().Plane.Routes("vnet1/default")
	found := false
	for _, r := range tbl.Routes() {
		if r.Prefix.String() == topo.Sites[0].AddressPrefixes[0] && r.NextHop.String() == "VirtualNetworkGateway" && r.State.String() == "Active" {
			found = true
		}
	}
	if !found {
		t.Errorf("no VirtualNetworkGateway route to the site %s after connecting it", topo.Sites[0].AddressPrefixes[0])
	}
	// ExpressRoute: gateway, circuit, circuit to site, gateway to circuit.
	mustApply(t, s, Add{Kind: kinds.ERGateway, Into: "vnet1"})
	mustApply(t, s, Add{Kind: kinds.Circuit, At: canvas.Point{X: -300}})
	mustApply(t, s, Connect{From: Ref{Kind: kinds.Circuit, ID: "circuit1"}, To: Ref{Kind: kinds.Site, ID: "site1"}})
	mustApply(t, s, Connect{From: Ref{Kind: kinds.Gateway, ID: "ergw1"}, To: Ref{Kind: kinds.Circuit, ID: "circuit1"}})
	if _, err := s.Apply(Connect{From: Ref{Kind: kinds.Gateway, ID: "vpngw1"}, To: Ref{Kind: kinds.Circuit, ID: "circuit1"}}); err == nil ||
		!strings.Contains(err.Error(), "not to an ExpressRoute circuit") {
		t.Errorf("a VPN gateway connected to a circuit: %v", err)
	}
	mustApply(t, s, Add{Kind: kinds.P2S, Into: "vpngw1"})
	if g, _ := locate(&s.Current().Doc.Topology, Ref{Kind: kinds.Gateway, ID: "vpngw1"}); g.(*model.VirtualNetworkGateway).VpnClientConfiguration == nil {
		t.Fatal("no P2S configuration")
	}
	snap := s.Current()
	for _, k := range []string{"vpn-gateway:vpngw1", "er-gateway:ergw1", "on-prem:site1", "er-circuit:circuit1", "p2s:vpngw1"} {
		if _, ok := snap.Scene.Node(k); !ok {
			t.Errorf("the canvas does not draw %s", k)
		}
	}
	if n := len(snap.Scene.Edges); n < 4 {
		t.Errorf("%d edges: want the S2S, ER, circuit-site and P2S ones", n)
	}
	// Deleting the GatewaySubnet takes both gateways and their connections.
	mustApply(t, s, Delete{Refs: []Ref{{Kind: kinds.Subnet, ID: "vnet1/GatewaySubnet"}}})
	topo = s.Current().Doc.Topology
	if len(topo.Gateways) != 0 || len(topo.Connections) != 0 {
		t.Errorf("after deleting GatewaySubnet: %d gateways, %d connections", len(topo.Gateways), len(topo.Connections))
	}
	for _, d := range s.Current().Diagnostics {
		if strings.HasPrefix(d.Code, "ref.") {
			t.Errorf("dangling reference: %v", d)
		}
	}
}
