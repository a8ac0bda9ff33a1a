package dataplane

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"net/netip"
	"slices"

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

// num appends an unsigned integer.
func num(b []byte, u uint64) []byte { return binary.AppendUvarint(b, u) }

// integer appends a signed integer.
func integer(b []byte, i int) []byte { return binary.AppendVarint(b, int64(i)) }

// str appends a string.
func str(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

// flag appends a bool.
func flag(b []byte, v bool) []byte {
	if v {
		return append(b, 1)
	}
	return append(b, 0)
}

// strs appends a list of strings.
func strs(b []byte, ss []string) []byte {
	b = num(b, uint64(len(ss)))
	for _, s := range ss {
		b = str(b, s)
	}
	return b
}

// list appends the length of a list, then each element with f.
func list[T any](b []byte, xs []T, f func([]byte, *T) []byte) []byte {
	b = num(b, uint64(len(xs)))
	for i := range xs {
		b = f(b, &xs[i])
	}
	return b
}

// ptr appends whether p is set, then *p with f.
func ptr[T any](b []byte, p *T, f func([]byte, *T) []byte) []byte {
	b = flag(b, p != nil)
	if p != nil {
		b = f(b, p)
	}
	return b
}

// sameKey reports whether two keys are present and equal.
func sameKey(a, b []byte) bool { return a != nil && b != nil && bytes.Equal(a, b) }

// newKey returns an empty key with room for one as long as hint.
func newKey(hint []byte) []byte { return make([]byte, 0, len(hint)+64) }

// hybridKey encodes the peerings and hybrid resources, read whole by BGP
// and by the structure. hint is the previous key (its length sizes the
// buffer).
func hybridKey(t *model.Topology, hint []byte) []byte {
	b := newKey(hint)
	b = list(b, t.Peerings, writePeering)
	b = list(b, t.Gateways, writeGateway)
	b = list(b, t.LocalNetworkGateways, writeLNG)
	b = list(b, t.Sites, writeSite)
	b = list(b, t.Connections, writeConnection)
	b = list(b, t.Circuits, writeCircuit)
	return list(b, t.RouteServers, writeRouteServer)
}

// bgpKey encodes, with hybridKey, what bgp.Compute reads: each VNet's id,
// address space, summaries, GatewaySubnet and RouteServerSubnet (not its
// location, route tables, NSGs or other subnets); each VM's id and NIC
// addresses; and the failures it reads (bgpFailures).
func bgpKey(t *model.Topology, failures []model.Failure, hint []byte) []byte {
	b := newKey(hint)
	b = list(b, t.VNets, writeBGPVNet)
	b = list(b, t.VMs, func(b []byte, vm *model.VM) []byte {
		b = str(b, vm.ID)
		return list(b, vm.NICs, func(b []byte, n *model.NIC) []byte { return str(b, n.PrivateIPAddress) })
	})
	return list(b, bgpFailures(t, failures), writeFailure)
}

// bgpFailures are the failures that can change bgp.Compute's result, as a
// set (sorted, without duplicates: it reads them through a set). A failed
// appliance counts only when one of its NICs has the address of a Route
// Server peer: BGP reads appliances only to find the VM behind a peer IP
// (an NVA whose BGP session goes down with it).
func bgpFailures(t *model.Topology, fs []model.Failure) []model.Failure {
	var out []model.Failure
	var peers map[netip.Addr]bool
	for _, f := range fs {
		if f.Kind == model.ApplianceDown {
			if peers == nil {
				peers = routeServerPeerIPs(t)
			}
			if !holdsAny(t, f.Target, peers) {
				continue
			}
		}
		out = append(out, f)
	}
	return sortedFailures(out)
}

// routeServerPeerIPs are the parsed peer addresses of every Route Server
// BGP connection.
func routeServerPeerIPs(t *model.Topology) map[netip.Addr]bool {
	out := map[netip.Addr]bool{}
	for _, rs := range t.RouteServers {
		for _, c := range rs.BgpConnections {
			if ip, err := netip.ParseAddr(c.PeerIP); err == nil {
				out[ip] = true
			}
		}
	}
	return out
}

// holdsAny reports whether a VM with id vm has a NIC whose address is in
// ips.
func holdsAny(t *model.Topology, vm string, ips map[netip.Addr]bool) bool {
	for _, v := range t.VMs {
		if v.ID != vm {
			continue
		}
		for _, n := range v.NICs {
			if ip, err := netip.ParseAddr(n.PrivateIPAddress); err == nil && ips[ip] {
				return true
			}
		}
	}
	return false
}

// sortedFailures sorts fs (in place) and drops duplicates.
func sortedFailures(fs []model.Failure) []model.Failure {
	slices.SortFunc(fs, func(a, b model.Failure) int {
		return cmp.Or(cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.Target, b.Target))
	})
	return slices.Compact(fs)
}

// writeBGPVNet appends what BGP reads of a VNet.
func writeBGPVNet(b []byte, v *model.VNet) []byte {
	b = str(b, v.ID)
	b = strs(b, v.AddressSpace.AddressPrefixes)
	b = strs(b, v.SummarizedGatewayPrefixes)
	for i := range v.Subnets {
		if s := &v.Subnets[i]; s.Name == model.GatewaySubnet || s.Name == model.RouteServerSubnet {
			b = flag(b, true)
			b = str(b, s.Name)
			b = str(b, s.AddressPrefix)
		}
	}
	return flag(b, false)
}

// structKey encodes, with hybridKey, what the structure is built from: the
// topology without the route tables' contents (only which ids exist), the
// failures the structure reads (failed peerings and appliances, as a set)
// and the naive flag.
func structKey(t *model.Topology, failures []model.Failure, naive bool, hint []byte) []byte {
	b := newKey(hint)
	b = list(b, t.VNets, writeVNet)
	b = list(b, t.VMs, writeVM)
	b = list(b, t.LoadBalancers, writeLB)
	b = list(b, t.NSGs, writeNSG)
	b = list(b, t.RouteTables, func(b []byte, r *model.RouteTable) []byte { return str(b, r.ID) })
	b = list(b, structuralFailures(failures), writeFailure)
	return flag(b, naive)
}

// structuralFailures are the failures buildStructure reads (a failed
// peering's links, a failed appliance's NICs), sorted and without
// duplicates: the others only change the hybrid control plane.
func structuralFailures(fs []model.Failure) []model.Failure {
	var out []model.Failure
	for _, f := range fs {
		if f.Kind == model.PeeringDown || f.Kind == model.ApplianceDown {
			out = append(out, f)
		}
	}
	return sortedFailures(out)
}

func writeFailure(b []byte, f *model.Failure) []byte {
	return str(str(b, f.Kind), f.Target)
}

func writeAddressSpace(b []byte, a *model.AddressSpace) []byte { return strs(b, a.AddressPrefixes) }

func writeVNet(b []byte, v *model.VNet) []byte {
	b = str(b, v.ID)
	b = str(b, v.Location)
	b = writeAddressSpace(b, &v.AddressSpace)
	b = list(b, v.Subnets, writeSubnet)
	return strs(b, v.SummarizedGatewayPrefixes)
}

func writeSubnet(b []byte, s *model.Subnet) []byte {
	b = str(b, s.Name)
	b = str(b, s.AddressPrefix)
	b = str(b, s.RouteTable)
	b = str(b, s.NetworkSecurityGroup)
	return list(b, s.ServiceEndpoints, func(b []byte, e *model.ServiceEndpoint) []byte { return str(b, e.Service) })
}

func writeVM(b []byte, vm *model.VM) []byte {
	b = str(b, vm.ID)
	b = flag(b, vm.GuestIPForwarding)
	b = flag(b, vm.Stateful)
	return list(b, vm.NICs, writeNIC)
}

func writeNIC(b []byte, n *model.NIC) []byte {
	b = str(b, n.Name)
	b = str(b, n.Subnet)
	b = str(b, n.PrivateIPAddress)
	b = flag(b, n.EnableIPForwarding)
	return str(b, n.NetworkSecurityGroup)
}

func writeLB(b []byte, lb *model.LoadBalancer) []byte {
	b = str(b, lb.ID)
	b = str(b, lb.Sku)
	b = str(b, lb.Subnet)
	b = str(b, lb.FrontendPrivateIPAddress)
	return strs(b, lb.Backends)
}

func writeNSG(b []byte, n *model.NSG) []byte {
	b = str(b, n.ID)
	b = str(b, n.Location)
	return list(b, n.SecurityRules, writeSecurityRule)
}

func writeSecurityRule(b []byte, r *model.SecurityRule) []byte {
	b = str(b, r.Name)
	b = integer(b, r.Priority)
	b = str(b, r.Direction)
	b = str(b, r.Access)
	b = str(b, r.Protocol)
	b = str(b, r.SourceAddressPrefix)
	b = strs(b, r.SourceAddressPrefixes)
	b = str(b, r.SourcePortRange)
	b = strs(b, r.SourcePortRanges)
	b = str(b, r.DestinationAddressPrefix)
	b = strs(b, r.DestinationAddressPrefixes)
	b = str(b, r.DestinationPortRange)
	return strs(b, r.DestinationPortRanges)
}

func writePeering(b []byte, p *model.Peering) []byte {
	b = str(b, p.ID)
	b = writePeeringLink(b, &p.A)
	return writePeeringLink(b, &p.B)
}

func writePeeringLink(b []byte, l *model.PeeringLink) []byte {
	b = str(b, l.VNet)
	b = str(b, l.Lifecycle)
	b = ptr(b, l.AllowVirtualNetworkAccess, func(b []byte, v *bool) []byte { return flag(b, *v) })
	b = flag(b, l.AllowForwardedTraffic)
	b = flag(b, l.AllowGatewayTransit)
	b = flag(b, l.UseRemoteGateways)
	return ptr(b, l.RemoteAddressSpace, writeAddressSpace)
}

func writeBgpSettings(b []byte, s *model.BgpSettings) []byte {
	return str(num(b, uint64(s.Asn)), s.BgpPeeringAddress)
}

func writeGateway(b []byte, g *model.VirtualNetworkGateway) []byte {
	b = str(b, g.ID)
	b = str(b, g.VNet)
	b = str(b, g.GatewayType)
	b = str(b, g.VpnType)
	b = str(b, g.Sku)
	b = flag(b, g.ActiveActive)
	b = flag(b, g.EnableBgp)
	b = ptr(b, g.BgpSettings, writeBgpSettings)
	b = str(b, g.GatewayDefaultSite)
	return ptr(b, g.VpnClientConfiguration, writeVpnClient)
}

func writeVpnClient(b []byte, c *model.VpnClientConfiguration) []byte {
	b = writeAddressSpace(b, &c.VpnClientAddressPool)
	b = strs(b, c.VpnClientProtocols)
	b = ptr(b, c.CustomRoutes, writeAddressSpace)
	return list(b, c.Clients, func(b []byte, x *model.P2SClient) []byte {
		return str(str(str(b, x.ID), x.IPAddress), x.OS)
	})
}

func writeLNG(b []byte, l *model.LocalNetworkGateway) []byte {
	b = str(b, l.ID)
	b = str(b, l.Site)
	b = str(b, l.GatewayIPAddress)
	b = writeAddressSpace(b, &l.LocalNetworkAddressSpace)
	b = ptr(b, l.BgpSettings, writeBgpSettings)
	return strs(b, l.ExportPrefixList)
}

func writeSite(b []byte, s *model.Site) []byte {
	b = str(b, s.ID)
	b = strs(b, s.AddressPrefixes)
	b = num(b, uint64(s.Asn))
	b = strs(b, s.AdvertisedPrefixes)
	b = flag(b, s.PreferExpressRoute)
	return list(b, s.Hosts, func(b []byte, h *model.Host) []byte { return str(str(b, h.ID), h.IPAddress) })
}

func writeConnection(b []byte, c *model.Connection) []byte {
	b = str(b, c.ID)
	b = str(b, c.ConnectionType)
	b = str(b, c.VirtualNetworkGateway1)
	b = str(b, c.VirtualNetworkGateway2)
	b = str(b, c.LocalNetworkGateway2)
	b = str(b, c.Peer)
	b = flag(b, c.EnableBgp)
	b = integer(b, c.RoutingWeight)
	return flag(b, c.UsePolicyBasedTrafficSelectors)
}

func writeCircuit(b []byte, c *model.ExpressRouteCircuit) []byte {
	b = str(b, c.ID)
	b = str(b, c.Site)
	b = num(b, uint64(c.PeerASN))
	b = strs(b, c.GlobalReach)
	b = str(b, c.PrimaryPeerAddressPrefix)
	b = str(b, c.SecondaryPeerAddressPrefix)
	b = flag(b, c.PremiumAddOn)
	return strs(b, c.ExportPrefixList)
}

func writeRouteServer(b []byte, r *model.RouteServer) []byte {
	b = str(b, r.ID)
	b = str(b, r.VNet)
	b = flag(b, r.AllowBranchToBranchTraffic)
	b = str(b, r.HubRoutingPreference)
	return list(b, r.BgpConnections, writeRouteServerPeer)
}

func writeRouteServerPeer(b []byte, p *model.RouteServerPeer) []byte {
	b = str(b, p.Name)
	b = str(b, p.PeerIP)
	b = num(b, uint64(p.PeerAsn))
	b = list(b, p.Advertise, func(b []byte, a *model.Advertisement) []byte {
		b = str(str(b, a.Prefix), a.Origin)
		return flag(integer(b, a.AsPathPrepend), a.NoAdvertise)
	})
	return strs(b, p.ExportPrefixList)
}
