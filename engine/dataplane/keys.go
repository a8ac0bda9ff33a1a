package dataplane

import (
	"bytes"
	"cmp"
	"slices"

	"vnetplay/engine/keyenc"
	"vnetplay/engine/model"
)

// The keys below are what Update compares to decide what it reuses: an
// injective binary encoding (every string and list length-prefixed, in a
// fixed field order) of the inputs one part of the plane reads, written by
// hand instead of through encoding/json. Two keys are equal exactly when
// the encoded inputs are, except that a nil and an empty list encode alike
// (no part of the plane tells them apart). TestKeysCoverEveryField fails
// when a model field is added but not encoded. The writers append to and
// return a byte slice (kept on the stack: no write barriers).

// sameKey reports whether two keys are present and equal.
func sameKey(a, b []byte) bool { return a != nil && b != nil && bytes.Equal(a, b) }

// newKey returns an empty key with room for one as long as hint.
func newKey(hint []byte) []byte { return make([]byte, 0, len(hint)+64) }

// hybridKey encodes the hybrid resources, read whole by the structure
// (BGP keeps its own key, see bgp.Update). hint is the previous key (its
// length sizes the buffer).
func hybridKey(t *model.Topology, hint []byte) []byte {
	b := newKey(hint)
	b = keyenc.List(b, t.Gateways, writeGateway)
	b = keyenc.List(b, t.LocalNetworkGateways, writeLNG)
	b = keyenc.List(b, t.Sites, writeSite)
	b = keyenc.List(b, t.Connections, writeConnection)
	b = keyenc.List(b, t.Circuits, writeCircuit)
	return keyenc.List(b, t.RouteServers, writeRouteServer)
}

// linkKey encodes what the peering links are built from besides the
// structure's VNets: the peerings and the failed ones (as a set).
func linkKey(t *model.Topology, failures []model.Failure, hint []byte) []byte {
	b := newKey(hint)
	b = keyenc.List(b, t.Peerings, writePeering)
	return keyenc.List(b, failuresOf(failures, model.PeeringDown), writeFailure)
}

// structKeys encodes, with hybridKey, what the structure but its peering
// links is built from, in two keys. walk holds what a packet walk reads
// of it: the topology without the peerings, the VNets' locations, the
// subnets' route tables and service endpoints and the route tables; the
// failed appliances (as a set) and the naive flag. place holds the rest:
// each VNet's location, each subnet's route table and service endpoints
// (in the VNets' and subnets' order, which walk fixes), and the route
// tables' ids. Equal walk keys build the same structure but those fields
// (shareWalk); both keys together are as injective as one.
func structKeys(t *model.Topology, failures []model.Failure, naive bool, hintWalk, hintPlace []byte) (walk, place []byte) {
	w, pl := newKey(hintWalk), newKey(hintPlace)
	w, pl = keyenc.Num(w, uint64(len(t.VNets))), keyenc.Num(pl, uint64(len(t.VNets)))
	for i := range t.VNets {
		w, pl = writeVNet(w, pl, &t.VNets[i])
	}
	w = keyenc.List(w, t.VMs, writeVM)
	w = keyenc.List(w, t.LoadBalancers, writeLB)
	w = keyenc.List(w, t.PublicIPAddresses, writePublicIP)
	w = keyenc.List(w, t.NatGateways, writeNatGateway)
	w = keyenc.List(w, t.NSGs, writeNSG)
	w = keyenc.List(w, t.PrivateEndpoints, writePrivateEndpoint)
	w = keyenc.List(w, failuresOf(failures, model.ApplianceDown), writeFailure)
	w = keyenc.Flag(w, naive)
	pl = keyenc.List(pl, t.RouteTables, func(b []byte, r *model.RouteTable) []byte { return keyenc.Str(b, r.ID) })
	return w, pl
}

// failuresOf returns the failures of one kind, sorted and without
// duplicates: the structure reads failed appliances (their NICs) and its
// links failed peerings; the other failures only change the hybrid control
// plane.
func failuresOf(fs []model.Failure, kind string) []model.Failure {
	var out []model.Failure
	for _, f := range fs {
		if f.Kind == kind {
			out = append(out, f)
		}
	}
	return sortedFailures(out)
}

// sortedFailures sorts fs (in place) and drops duplicates.
func sortedFailures(fs []model.Failure) []model.Failure {
	slices.SortFunc(fs, func(a, b model.Failure) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Target, b.Target))
	})
	return slices.Compact(fs)
}

// writePrivateEndpoint encodes what routing reads of a private endpoint
// (its DNS zone group and names are name resolution's).
func writePrivateEndpoint(b []byte, pe *model.PrivateEndpoint) []byte {
	b = keyenc.Str(b, pe.ID)
	b = keyenc.Str(b, pe.Subnet)
	b = keyenc.Str(b, pe.PrivateIPAddress)
	b = keyenc.Str(b, pe.PrivateLinkServiceID)
	b = keyenc.Strs(b, pe.GroupIDs)
	b = keyenc.Str(b, pe.ConnectionState)
	b = keyenc.Str(b, pe.Fqdn)
	return keyenc.Str(b, pe.PublicIPAddress)
}

func writeFailure(b []byte, f *model.Failure) []byte {
	return keyenc.Str(keyenc.Str(b, f.Kind), f.Target)
}

func writeAddressSpace(b []byte, a *model.AddressSpace) []byte {
	return keyenc.Strs(b, a.AddressPrefixes)
}

// writeVNet encodes v's walk inputs to w and its placement (location,
// subnets' route tables and service endpoints) to pl.
func writeVNet(w, pl []byte, v *model.VNet) ([]byte, []byte) {
	w = keyenc.Str(w, v.ID)
	pl = keyenc.Str(pl, v.Location)
	w = writeAddressSpace(w, &v.AddressSpace)
	w, pl = keyenc.Num(w, uint64(len(v.Subnets))), keyenc.Num(pl, uint64(len(v.Subnets)))
	for i := range v.Subnets {
		w, pl = writeSubnet(w, pl, &v.Subnets[i])
	}
	return keyenc.Strs(w, v.SummarizedGatewayPrefixes), pl
}

// writeSubnet encodes s's walk inputs to w and its route table and
// service endpoints to pl.
func writeSubnet(w, pl []byte, s *model.Subnet) ([]byte, []byte) {
	w = keyenc.Str(w, s.Name)
	w = keyenc.Str(w, s.AddressPrefix)
	pl = keyenc.Str(pl, s.RouteTable)
	w = keyenc.Str(w, s.NetworkSecurityGroup)
	pl = keyenc.List(pl, s.ServiceEndpoints, func(b []byte, e *model.ServiceEndpoint) []byte { return keyenc.Str(b, e.Service) })
	w = keyenc.Str(w, s.NatGateway)
	w = keyenc.Str(w, s.PrivateEndpointNetworkPolicies)
	return keyenc.Ptr(w, s.DefaultOutboundAccess, func(b []byte, v *bool) []byte { return keyenc.Flag(b, *v) }), pl
}

func writeVM(b []byte, vm *model.VM) []byte {
	b = keyenc.Str(b, vm.ID)
	b = keyenc.Flag(b, vm.GuestIPForwarding)
	b = keyenc.Flag(b, vm.Stateful)
	b = keyenc.List(b, vm.NetworksBehind, func(b []byte, n *model.NetworkBehind) []byte {
		b = keyenc.Strs(keyenc.Str(b, n.Name), n.AddressPrefixes)
		return keyenc.List(b, n.Hosts, func(b []byte, h *model.Host) []byte { return keyenc.Str(keyenc.Str(b, h.ID), h.IPAddress) })
	})
	return keyenc.List(b, vm.NICs, writeNIC)
}

func writeNIC(b []byte, n *model.NIC) []byte {
	b = keyenc.Str(b, n.Name)
	b = keyenc.Str(b, n.Subnet)
	b = keyenc.Str(b, n.PrivateIPAddress)
	b = keyenc.Flag(b, n.EnableIPForwarding)
	b = keyenc.Str(b, n.NetworkSecurityGroup)
	b = keyenc.Flag(b, n.Primary) // which NIC the reference "vm" is
	return keyenc.Str(b, n.PublicIPAddress)
}

func writeLB(b []byte, lb *model.LoadBalancer) []byte {
	b = keyenc.Str(b, lb.ID)
	b = keyenc.Str(b, lb.Sku)
	b = keyenc.Str(b, lb.Subnet)
	b = keyenc.Str(b, lb.FrontendPrivateIPAddress)
	b = keyenc.Strs(b, lb.Backends)
	return writePublicLB(b, lb) // edge.go
}

func writeNSG(b []byte, n *model.NSG) []byte {
	b = keyenc.Str(b, n.ID)
	b = keyenc.Str(b, n.Location)
	return keyenc.List(b, n.SecurityRules, writeSecurityRule)
}

func writeSecurityRule(b []byte, r *model.SecurityRule) []byte {
	b = keyenc.Str(b, r.Name)
	b = keyenc.Int(b, r.Priority)
	b = keyenc.Str(b, r.Direction)
	b = keyenc.Str(b, r.Access)
	b = keyenc.Str(b, r.Protocol)
	b = keyenc.Str(b, r.SourceAddressPrefix)
	b = keyenc.Strs(b, r.SourceAddressPrefixes)
	b = keyenc.Str(b, r.SourcePortRange)
	b = keyenc.Strs(b, r.SourcePortRanges)
	b = keyenc.Str(b, r.DestinationAddressPrefix)
	b = keyenc.Strs(b, r.DestinationAddressPrefixes)
	b = keyenc.Str(b, r.DestinationPortRange)
	return keyenc.Strs(b, r.DestinationPortRanges)
}

func writePeering(b []byte, p *model.Peering) []byte {
	b = keyenc.Str(b, p.ID)
	b = writePeeringLink(b, &p.A)
	return writePeeringLink(b, &p.B)
}

func writePeeringLink(b []byte, l *model.PeeringLink) []byte {
	b = keyenc.Str(b, l.VNet)
	b = keyenc.Str(b, l.Lifecycle)
	b = keyenc.Ptr(b, l.AllowVirtualNetworkAccess, func(b []byte, v *bool) []byte { return keyenc.Flag(b, *v) })
	b = keyenc.Flag(b, l.AllowForwardedTraffic)
	b = keyenc.Flag(b, l.AllowGatewayTransit)
	b = keyenc.Flag(b, l.UseRemoteGateways)
	return keyenc.Ptr(b, l.RemoteAddressSpace, writeAddressSpace)
}

func writeBgpSettings(b []byte, s *model.BgpSettings) []byte {
	return keyenc.Str(keyenc.Num(b, uint64(s.Asn)), s.BgpPeeringAddress)
}

func writeGateway(b []byte, g *model.VirtualNetworkGateway) []byte {
	b = keyenc.Str(b, g.ID)
	b = keyenc.Str(b, g.VNet)
	b = keyenc.Str(b, g.GatewayType)
	b = keyenc.Str(b, g.VpnType)
	b = keyenc.Str(b, g.Sku)
	b = keyenc.Flag(b, g.ActiveActive)
	b = keyenc.Flag(b, g.EnableBgp)
	b = keyenc.Ptr(b, g.BgpSettings, writeBgpSettings)
	b = keyenc.Str(b, g.GatewayDefaultSite)
	return keyenc.Ptr(b, g.VpnClientConfiguration, writeVpnClient)
}

func writeVpnClient(b []byte, c *model.VpnClientConfiguration) []byte {
	b = writeAddressSpace(b, &c.VpnClientAddressPool)
	b = keyenc.Strs(b, c.VpnClientProtocols)
	b = keyenc.Ptr(b, c.CustomRoutes, writeAddressSpace)
	return keyenc.List(b, c.Clients, func(b []byte, x *model.P2SClient) []byte {
		return keyenc.Str(keyenc.Str(keyenc.Str(b, x.ID), x.IPAddress), x.OS)
	})
}

func writeLNG(b []byte, l *model.LocalNetworkGateway) []byte {
	b = keyenc.Str(b, l.ID)
	b = keyenc.Str(b, l.Site)
	b = keyenc.Str(b, l.GatewayIPAddress)
	b = writeAddressSpace(b, &l.LocalNetworkAddressSpace)
	b = keyenc.Ptr(b, l.BgpSettings, writeBgpSettings)
	return keyenc.Strs(b, l.ExportPrefixList)
}

func writeSite(b []byte, s *model.Site) []byte {
	b = keyenc.Str(b, s.ID)
	b = keyenc.Strs(b, s.AddressPrefixes)
	b = keyenc.Num(b, uint64(s.Asn))
	b = keyenc.Strs(b, s.AdvertisedPrefixes)
	b = keyenc.Flag(b, s.PreferExpressRoute)
	return keyenc.List(b, s.Hosts, func(b []byte, h *model.Host) []byte { return keyenc.Str(keyenc.Str(b, h.ID), h.IPAddress) })
}

func writeConnection(b []byte, c *model.Connection) []byte {
	b = keyenc.Str(b, c.ID)
	b = keyenc.Str(b, c.ConnectionType)
	b = keyenc.Str(b, c.VirtualNetworkGateway1)
	b = keyenc.Str(b, c.VirtualNetworkGateway2)
	b = keyenc.Str(b, c.LocalNetworkGateway2)
	b = keyenc.Str(b, c.Peer)
	b = keyenc.Flag(b, c.EnableBgp)
	b = keyenc.Int(b, c.RoutingWeight)
	return keyenc.Flag(b, c.UsePolicyBasedTrafficSelectors)
}

func writeCircuit(b []byte, c *model.ExpressRouteCircuit) []byte {
	b = keyenc.Str(b, c.ID)
	b = keyenc.Str(b, c.Site)
	b = keyenc.Num(b, uint64(c.PeerASN))
	b = keyenc.Strs(b, c.GlobalReach)
	b = keyenc.Str(b, c.PrimaryPeerAddressPrefix)
	b = keyenc.Str(b, c.SecondaryPeerAddressPrefix)
	b = keyenc.Flag(b, c.PremiumAddOn)
	return keyenc.Strs(b, c.ExportPrefixList)
}

func writeRouteServer(b []byte, r *model.RouteServer) []byte {
	b = keyenc.Str(b, r.ID)
	b = keyenc.Str(b, r.VNet)
	b = keyenc.Flag(b, r.AllowBranchToBranchTraffic)
	b = keyenc.Str(b, r.HubRoutingPreference)
	return keyenc.List(b, r.BgpConnections, writeRouteServerPeer)
}

func writeRouteServerPeer(b []byte, p *model.RouteServerPeer) []byte {
	b = keyenc.Str(b, p.Name)
	b = keyenc.Str(b, p.PeerIP)
	b = keyenc.Num(b, uint64(p.PeerAsn))
	b = keyenc.List(b, p.Advertise, func(b []byte, a *model.Advertisement) []byte {
		b = keyenc.Str(keyenc.Str(b, a.Prefix), a.Origin)
		return keyenc.Flag(keyenc.Int(b, a.AsPathPrepend), a.NoAdvertise)
	})
	return keyenc.Strs(b, p.ExportPrefixList)
}
