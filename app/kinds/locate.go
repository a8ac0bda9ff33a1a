package kinds

import (
	"strings"

	"vnetplay/engine/model"
)

// find returns a pointer to the first element of s whose id is id.
func find[T any](s []T, id string, idOf func(*T) string) (*T, bool) {
	for i := range s {
		if idOf(&s[i]) == id {
			return &s[i], true
		}
	}
	return nil, false
}

// idsOf lists the ids of s in order.
func idsOf[T any](s []T, idOf func(*T) string) []string {
	out := make([]string, 0, len(s))
	for i := range s {
		out = append(out, idOf(&s[i]))
	}
	return out
}

func vnetID(v *model.VNet) string                     { return v.ID }
func routeTableID(r *model.RouteTable) string         { return r.ID }
func nsgID(n *model.NSG) string                       { return n.ID }
func vmID(v *model.VM) string                         { return v.ID }
func lbID(l *model.LoadBalancer) string               { return l.ID }
func publicIPID(p *model.PublicIPAddress) string      { return p.ID }
func natGatewayID(g *model.NatGateway) string         { return g.ID }
func peeringID(p *model.Peering) string               { return p.ID }
func gatewayID(g *model.VirtualNetworkGateway) string { return g.ID }
func lngID(l *model.LocalNetworkGateway) string       { return l.ID }
func siteID(s *model.Site) string                     { return s.ID }
func connectionID(c *model.Connection) string         { return c.ID }
func circuitID(c *model.ExpressRouteCircuit) string   { return c.ID }
func routeServerID(r *model.RouteServer) string       { return r.ID }
func subnetName(s *model.Subnet) string               { return s.Name }
func bgpPeerName(p *model.RouteServerPeer) string     { return p.Name }

func locateVNet(t *model.Topology, id string) (any, bool) { return ptr(find(t.VNets, id, vnetID)) }
func vnetIDs(t *model.Topology) []string                  { return idsOf(t.VNets, vnetID) }

func locateSubnet(t *model.Topology, id string) (any, bool) {
	vnet, name, _ := strings.Cut(id, "/")
	v, ok := find(t.VNets, vnet, vnetID)
	if !ok {
		return nil, false
	}
	return ptr(find(v.Subnets, name, subnetName))
}

func subnetIDs(t *model.Topology) []string {
	var out []string
	for _, v := range t.VNets {
		for _, s := range v.Subnets {
			out = append(out, v.ID+"/"+s.Name)
		}
	}
	return out
}

func locateVM(t *model.Topology, id string) (any, bool) { return ptr(find(t.VMs, id, vmID)) }
func vmIDs(t *model.Topology) []string                  { return idsOf(t.VMs, vmID) }

func locateLB(t *model.Topology, id string) (any, bool) { return ptr(find(t.LoadBalancers, id, lbID)) }
func lbIDs(t *model.Topology) []string                  { return idsOf(t.LoadBalancers, lbID) }

func locatePublicIP(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.PublicIPAddresses, id, publicIPID))
}
func publicIPIDs(t *model.Topology) []string { return idsOf(t.PublicIPAddresses, publicIPID) }

func locateNATGateway(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.NatGateways, id, natGatewayID))
}
func natGatewayIDs(t *model.Topology) []string { return idsOf(t.NatGateways, natGatewayID) }

func locateRouteTable(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.RouteTables, id, routeTableID))
}
func routeTableIDs(t *model.Topology) []string { return idsOf(t.RouteTables, routeTableID) }

func locateNSG(t *model.Topology, id string) (any, bool) { return ptr(find(t.NSGs, id, nsgID)) }
func nsgIDs(t *model.Topology) []string                  { return idsOf(t.NSGs, nsgID) }

func locatePeering(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.Peerings, id, peeringID))
}
func peeringIDs(t *model.Topology) []string { return idsOf(t.Peerings, peeringID) }

func locateGateway(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.Gateways, id, gatewayID))
}
func gatewayIDs(t *model.Topology) []string { return idsOf(t.Gateways, gatewayID) }

func locateLNG(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.LocalNetworkGateways, id, lngID))
}
func lngIDs(t *model.Topology) []string { return idsOf(t.LocalNetworkGateways, lngID) }

func locateSite(t *model.Topology, id string) (any, bool) { return ptr(find(t.Sites, id, siteID)) }
func siteIDs(t *model.Topology) []string                  { return idsOf(t.Sites, siteID) }

func locateConnection(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.Connections, id, connectionID))
}
func connectionIDs(t *model.Topology) []string { return idsOf(t.Connections, connectionID) }

func locateCircuit(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.Circuits, id, circuitID))
}
func circuitIDs(t *model.Topology) []string { return idsOf(t.Circuits, circuitID) }

func locateRouteServer(t *model.Topology, id string) (any, bool) {
	return ptr(find(t.RouteServers, id, routeServerID))
}
func routeServerIDs(t *model.Topology) []string { return idsOf(t.RouteServers, routeServerID) }

func locateBGPPeer(t *model.Topology, id string) (any, bool) {
	rs, name, _ := strings.Cut(id, "/")
	r, ok := find(t.RouteServers, rs, routeServerID)
	if !ok {
		return nil, false
	}
	return ptr(find(r.BgpConnections, name, bgpPeerName))
}

func bgpPeerIDs(t *model.Topology) []string {
	var out []string
	for _, r := range t.RouteServers {
		for _, p := range r.BgpConnections {
			out = append(out, r.ID+"/"+p.Name)
		}
	}
	return out
}

// locateP2S finds a gateway's point-to-site configuration (the pool's id is
// the gateway's).
func locateP2S(t *model.Topology, id string) (any, bool) {
	g, ok := find(t.Gateways, id, gatewayID)
	if !ok || g.VpnClientConfiguration == nil {
		return nil, false
	}
	return g.VpnClientConfiguration, true
}

func p2sIDs(t *model.Topology) []string {
	var out []string
	for _, g := range t.Gateways {
		if g.VpnClientConfiguration != nil {
			out = append(out, g.ID)
		}
	}
	return out
}

// ptr turns a typed (pointer, ok) into (any, ok) without a typed nil.
func ptr[T any](p *T, ok bool) (any, bool) {
	if !ok {
		return nil, false
	}
	return p, true
}
