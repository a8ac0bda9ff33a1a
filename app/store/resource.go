// Package store is the playground's editing session: it owns the open
// scenario document, its analysis by the engine, the canvas scene and the
// undo history, and applies edits. It is plain Go (no go-app, no browser),
// tested natively; the UI components only call it (design-notes §1.4: one
// store owns the engine).
package store

import (
	"fmt"
	"strings"

	"vnetplay/app/canvas"
	"vnetplay/engine/model"
)

// Ref names one resource of the design: its kind and id. A subnet's id is
// "<vnet>/<subnet>"; VM and NVA chips refer to their VM.
type Ref struct {
	Kind canvas.NodeKind
	ID   string
}

func (r Ref) String() string { return string(r.Kind) + " " + r.ID }

// RefOf returns the resource a scene node stands for.
func RefOf(n canvas.Node) Ref {
	switch n.Kind {
	case canvas.KindNVA:
		return Ref{Kind: canvas.KindVM, ID: n.Ref}
	case canvas.KindVPNGateway, canvas.KindERGateway:
		return Ref{Kind: Gateway, ID: n.Ref}
	case canvas.KindHost: // an on-prem host or a P2S client: its site or pool
		if strings.HasPrefix(n.Parent, string(canvas.KindP2S)+":") {
			return Ref{Kind: canvas.KindP2S, ID: n.Ref}
		}
		return Ref{Kind: canvas.KindSite, ID: n.Ref}
	}
	return Ref{Kind: n.Kind, ID: n.Ref}
}

// Path is the diagnostics path of the resource ("vnets[hub].subnets[app]"),
// the prefix of every diagnostic about it.
func (r Ref) Path() string {
	switch r.Kind {
	case canvas.KindVNet:
		return "vnets[" + r.ID + "]"
	case canvas.KindSubnet:
		vnet, name, _ := strings.Cut(r.ID, "/")
		return "vnets[" + vnet + "].subnets[" + name + "]"
	case canvas.KindVM, canvas.KindNVA:
		return "virtualMachines[" + r.ID + "]"
	case canvas.KindLB:
		return "loadBalancers[" + r.ID + "]"
	case canvas.KindRouteTable:
		return "routeTables[" + r.ID + "]"
	case canvas.KindNSG:
		return "networkSecurityGroups[" + r.ID + "]"
	case Peering:
		return "peerings[" + r.ID + "]"
	case Gateway:
		return "virtualNetworkGateways[" + r.ID + "]"
	case canvas.KindP2S:
		return "virtualNetworkGateways[" + r.ID + "].vpnClientConfiguration"
	case canvas.KindRouteServer:
		return "routeServers[" + r.ID + "]"
	case canvas.KindSite:
		return "sites[" + r.ID + "]"
	case canvas.KindLNG:
		return "localNetworkGateways[" + r.ID + "]"
	case canvas.KindCircuit:
		return "expressRouteCircuits[" + r.ID + "]"
	case Connection:
		return "connections[" + r.ID + "]"
	}
	return ""
}

// Ref kinds that are not scene node kinds: edges, and gateways of either
// type (the scene draws VPN and ExpressRoute gateways differently).
const (
	Peering    canvas.NodeKind = "peering"
	Connection canvas.NodeKind = "connection"
	Gateway    canvas.NodeKind = "gateway"
)

// locate returns a pointer to the resource in t (a *model.VNet,
// *model.Subnet, ...), or an error naming what is missing.
func locate(t *model.Topology, r Ref) (any, error) {
	switch r.Kind {
	case canvas.KindVNet:
		if i := indexOf(t.VNets, func(v model.VNet) bool { return v.ID == r.ID }); i >= 0 {
			return &t.VNets[i], nil
		}
	case canvas.KindSubnet:
		vnet, name, _ := strings.Cut(r.ID, "/")
		if i := indexOf(t.VNets, func(v model.VNet) bool { return v.ID == vnet }); i >= 0 {
			v := &t.VNets[i]
			if j := indexOf(v.Subnets, func(s model.Subnet) bool { return s.Name == name }); j >= 0 {
				return &v.Subnets[j], nil
			}
		}
	case canvas.KindVM, canvas.KindNVA:
		if i := indexOf(t.VMs, func(v model.VM) bool { return v.ID == r.ID }); i >= 0 {
			return &t.VMs[i], nil
		}
	case canvas.KindLB:
		if i := indexOf(t.LoadBalancers, func(l model.LoadBalancer) bool { return l.ID == r.ID }); i >= 0 {
			return &t.LoadBalancers[i], nil
		}
	case canvas.KindRouteTable:
		if i := indexOf(t.RouteTables, func(x model.RouteTable) bool { return x.ID == r.ID }); i >= 0 {
			return &t.RouteTables[i], nil
		}
	case canvas.KindNSG:
		if i := indexOf(t.NSGs, func(x model.NSG) bool { return x.ID == r.ID }); i >= 0 {
			return &t.NSGs[i], nil
		}
	case Peering:
		if i := indexOf(t.Peerings, func(x model.Peering) bool { return x.ID == r.ID }); i >= 0 {
			return &t.Peerings[i], nil
		}
	case Gateway:
		if i := indexOf(t.Gateways, func(x model.VirtualNetworkGateway) bool { return x.ID == r.ID }); i >= 0 {
			return &t.Gateways[i], nil
		}
	case canvas.KindP2S:
		if i := indexOf(t.Gateways, func(x model.VirtualNetworkGateway) bool { return x.ID == r.ID }); i >= 0 && t.Gateways[i].VpnClientConfiguration != nil {
			return t.Gateways[i].VpnClientConfiguration, nil
		}
	case canvas.KindRouteServer:
		if i := indexOf(t.RouteServers, func(x model.RouteServer) bool { return x.ID == r.ID }); i >= 0 {
			return &t.RouteServers[i], nil
		}
	case canvas.KindSite:
		if i := indexOf(t.Sites, func(x model.Site) bool { return x.ID == r.ID }); i >= 0 {
			return &t.Sites[i], nil
		}
	case canvas.KindLNG:
		if i := indexOf(t.LocalNetworkGateways, func(x model.LocalNetworkGateway) bool { return x.ID == r.ID }); i >= 0 {
			return &t.LocalNetworkGateways[i], nil
		}
	case canvas.KindCircuit:
		if i := indexOf(t.Circuits, func(x model.ExpressRouteCircuit) bool { return x.ID == r.ID }); i >= 0 {
			return &t.Circuits[i], nil
		}
	case Connection:
		if i := indexOf(t.Connections, func(x model.Connection) bool { return x.ID == r.ID }); i >= 0 {
			return &t.Connections[i], nil
		}
	}
	return nil, fmt.Errorf("%s not found", r)
}

func indexOf[T any](s []T, match func(T) bool) int {
	for i := range s {
		if match(s[i]) {
			return i
		}
	}
	return -1
}

// relatedPaths are the diagnostic paths an edit of r is answerable for: r's
// own, and for a VNet or a subnet the peerings of its VNet (an address space
// that overlaps a peer's is a property of the VNet, reported on the
// peering).
func relatedPaths(t *model.Topology, r Ref) []string {
	paths := []string{r.Path()}
	vnet := ""
	switch r.Kind {
	case canvas.KindVNet:
		vnet = r.ID
	case canvas.KindSubnet:
		vnet, _, _ = strings.Cut(r.ID, "/")
	}
	if vnet != "" {
		for _, p := range t.Peerings {
			if p.A.VNet == vnet || p.B.VNet == vnet {
				paths = append(paths, Ref{Kind: Peering, ID: p.ID}.Path())
			}
		}
	}
	return paths
}
