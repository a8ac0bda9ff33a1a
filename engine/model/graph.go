package model

import (
	"cmp"
	"slices"
)

// HybridNode is one hybrid resource the canvas draws.
type HybridNode struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // VirtualNetworkGateway, LocalNetworkGateway, Site, Connection, ExpressRouteCircuit, RouteServer, P2SClient, SiteHost
	// Parent is the VNet a gateway or Route Server sits in, the site a host
	// or local network gateway belongs to, the gateway of a P2S client.
	Parent string `json:"parent,omitempty"`
	Label  string `json:"label,omitempty"`
}

// HybridEdge is one reference between resources.
type HybridEdge struct {
	From string `json:"from"`
	To   string `json:"to"`
	Kind string `json:"kind"` // IPsec, Vnet2Vnet, ExpressRoute, PrivatePeering, GlobalReach, BgpPeer, DefaultSite
	// Via is the connection or peer entry behind the edge.
	Via string `json:"via,omitempty"`
}

// HybridGraph lists the hybrid resources of t as nodes (sorted by kind,
// then id) and their references as edges (sorted), for drawing: a gateway
// inside its VNet, a connection as an edge between its two ends, a circuit
// joined to its customer-edge site, Route Server peers to their NVA VMs.
// Dangling references are left out.
func HybridGraph(t *Topology) ([]HybridNode, []HybridEdge) {
	var nodes []HybridNode
	var edges []HybridEdge
	ids := map[string]bool{}
	for _, g := range t.Gateways {
		nodes = append(nodes, HybridNode{ID: g.ID, Kind: "VirtualNetworkGateway", Parent: g.VNet, Label: g.GatewayType + " " + g.Sku})
		ids[g.ID] = true
		if c := g.VpnClientConfiguration; c != nil {
			for _, cl := range c.Clients {
				nodes = append(nodes, HybridNode{ID: g.ID + "/" + cl.ID, Kind: "P2SClient", Parent: g.ID, Label: cl.IPAddress})
			}
		}
	}
	for _, s := range t.Sites {
		nodes = append(nodes, HybridNode{ID: s.ID, Kind: "Site"})
		ids[s.ID] = true
		for _, h := range s.Hosts {
			nodes = append(nodes, HybridNode{ID: s.ID + "/" + h.ID, Kind: "SiteHost", Parent: s.ID, Label: h.IPAddress})
		}
	}
	lngSite := map[string]string{}
	for _, l := range t.LocalNetworkGateways {
		nodes = append(nodes, HybridNode{ID: l.ID, Kind: "LocalNetworkGateway", Parent: l.Site})
		ids[l.ID] = true
		lngSite[l.ID] = l.Site
	}
	for _, c := range t.Circuits {
		nodes = append(nodes, HybridNode{ID: c.ID, Kind: "ExpressRouteCircuit"})
		ids[c.ID] = true
	}
	for _, c := range t.Circuits {
		if ids[c.Site] {
			edges = append(edges, HybridEdge{From: c.ID, To: c.Site, Kind: "PrivatePeering"})
		}
		for _, o := range c.GlobalReach {
			if ids[o] && o != c.ID {
				edges = append(edges, HybridEdge{From: min(c.ID, o), To: max(c.ID, o), Kind: "GlobalReach"})
			}
		}
	}
	for _, c := range t.Connections {
		if !ids[c.VirtualNetworkGateway1] {
			continue
		}
		to := ""
		switch c.ConnectionType {
		case ConnIPsec:
			to = c.LocalNetworkGateway2
		case ConnVnet2Vnet:
			to = c.VirtualNetworkGateway2
		case ConnExpressRoute:
			to = c.Peer
		}
		if ids[to] {
			edges = append(edges, HybridEdge{From: c.VirtualNetworkGateway1, To: to, Kind: c.ConnectionType, Via: c.ID})
		}
	}
	for _, g := range t.Gateways {
		if ids[g.GatewayDefaultSite] {
			edges = append(edges, HybridEdge{From: g.ID, To: g.GatewayDefaultSite, Kind: "DefaultSite"})
		}
	}
	for _, rs := range t.RouteServers {
		nodes = append(nodes, HybridNode{ID: rs.ID, Kind: "RouteServer", Parent: rs.VNet})
		for _, b := range rs.BgpConnections {
			for _, vm := range t.VMs {
				if slices.ContainsFunc(vm.NICs, func(n NIC) bool { return n.PrivateIPAddress == b.PeerIP }) {
					edges = append(edges, HybridEdge{From: rs.ID, To: vm.ID, Kind: "BgpPeer", Via: rs.ID + "/" + b.Name})
					break
				}
			}
		}
	}
	slices.SortStableFunc(nodes, func(a, b HybridNode) int { return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID)) })
	slices.SortStableFunc(edges, func(a, b HybridEdge) int {
		return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Via, b.Via))
	})
	return nodes, slices.Compact(edges)
}
