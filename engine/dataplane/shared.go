package dataplane

import (
	"net/netip"
	"slices"
)

// Private addresses are unique only within a VNet
// (rule:address-space.private-ip-per-vnet): two VNets that are not peered
// may overlap, and then routinely hold NICs with the same address (every
// portal VNet starts as 10.0.0.0/16, its first VM at 10.0.0.4). The plane
// keeps each address's first holder (by VM id and NIC name, load balancer
// id, endpoint id) in nicByIP, lbByIP and peByIP, and the further holders,
// each in another VNet, in sharedAddrs. Walks resolve an address in the
// VNet the route delivers into (NICIn, LoadBalancerIn, PrivateEndpointIn,
// VNetFrom); NICAt and the other design-wide forms answer only for an
// address one VNet holds.

// addrKind names one of the plane's address maps.
type addrKind uint8

const (
	nicAddrs addrKind = iota
	lbAddrs
	peAddrs
)

// sharedAddrs holds, by kind, the holders of an address after its first
// (each in a VNet none of the others is in), in the order Build met
// them, and the ranges that more than one VNet's address space holds
// (sharedRanges). A plane has one when two VNets' address spaces overlap.
type sharedAddrs struct {
	more   [3]map[netip.Addr][]string
	ranges []netip.Prefix
}

// add records id as a further holder of ip.
func (s *sharedAddrs) add(k addrKind, ip netip.Addr, id string) {
	if s.more[k] == nil {
		s.more[k] = map[netip.Addr][]string{}
	}
	s.more[k][ip] = append(s.more[k][ip], id)
}

// holders is ip's further holders of kind k (nil for a nil s).
func (s *sharedAddrs) holders(k addrKind, ip netip.Addr) []string {
	if s == nil {
		return nil
	}
	return s.more[k][ip]
}

// holderVNet is the VNet of the holder id of kind k.
func (p *Plane) holderVNet(k addrKind, id string) string {
	var subnet string
	switch k {
	case nicAddrs:
		subnet = p.nics[id].Subnet
	case lbAddrs:
		subnet = p.lbs[id].Subnet
	default:
		return p.pes[id].VNet
	}
	if sn, ok := p.subnets[subnet]; ok {
		return sn.VNet
	}
	return ""
}

// sharable reports whether a holder of kind k in VNet vnet may take
// address ip, which first already holds: only in a plane whose VNets
// overlap, and only when no holder of ip is in vnet (Azure refuses an
// address twice in one VNet; model.Validate reports it).
func (p *Plane) sharable(k addrKind, ip netip.Addr, first, vnet string) bool {
	if p.shared == nil || p.holderVNet(k, first) == vnet {
		return false
	}
	return !slices.ContainsFunc(p.shared.holders(k, ip), func(id string) bool { return p.holderVNet(k, id) == vnet })
}

// holderIn is the holder of kind k of address ip in VNet vnet; first is
// the kind's design-wide map. Without overlapping address spaces an
// address has one holder, and holderIn is first's answer whatever vnet is
// (as before VNets could share addresses, also for a holder in a subnet
// outside its VNet's space, which model.Validate refuses).
func (p *Plane) holderIn(k addrKind, first map[netip.Addr]string, vnet string, ip netip.Addr) (string, bool) {
	ip = ip.Unmap()
	id, ok := first[ip]
	if !ok || p.shared == nil || p.holderVNet(k, id) == vnet {
		return id, ok
	}
	for _, id := range p.shared.holders(k, ip) {
		if p.holderVNet(k, id) == vnet {
			return id, true
		}
	}
	return "", false
}

// NICIn returns the NIC with address ip in VNet vnet
// (rule:address-space.private-ip-per-vnet).
func (p *Plane) NICIn(vnet string, ip netip.Addr) (*NIC, bool) {
	id, ok := p.holderIn(nicAddrs, p.nicByIP, vnet, ip)
	if !ok {
		return nil, false
	}
	return p.nics[id], true
}

// LoadBalancerIn returns the load balancer whose frontend is ip in VNet
// vnet.
func (p *Plane) LoadBalancerIn(vnet string, ip netip.Addr) (*LoadBalancer, bool) {
	id, ok := p.holderIn(lbAddrs, p.lbByIP, vnet, ip)
	if !ok {
		return nil, false
	}
	return p.lbs[id], true
}

// SpacesOverlap reports whether two of the plane's VNets have
// overlapping address spaces, so that an address may name a host in each
// (VNetFrom, NICIn). Without overlap, every address is in at most one
// VNet and VNetAt and NICAt are exact.
func (p *Plane) SpacesOverlap() bool { return p.shared != nil }

// VNetsAt returns the VNets whose address space contains ip, by id.
func (p *Plane) VNetsAt(ip netip.Addr) []*VNet {
	if p.shared == nil {
		if v, ok := p.VNetAt(ip); ok {
			return []*VNet{v}
		}
		return nil
	}
	ip = ip.Unmap()
	var out []*VNet
	for _, id := range p.vnetIDs {
		v := p.vnets[id]
		if slices.ContainsFunc(v.Prefixes, func(pr netip.Prefix) bool { return pr.Contains(ip) }) {
			out = append(out, v)
		}
	}
	return out
}

// VNetFrom returns the VNet a packet sent from VNet from to ip lands in:
// from itself when its address space holds ip; else the VNet via (the
// remote VNet of the peering route that carries it, or "") when it holds
// ip; else the first VNet by id peered with from that holds ip; else the
// first VNet by id that holds ip, to which from has no peering (the walk
// says so). Without overlapping address spaces it is VNetAt(ip).
func (p *Plane) VNetFrom(from, via string, ip netip.Addr) (*VNet, bool) {
	if p.shared == nil {
		return p.VNetAt(ip)
	}
	if u := ip.Unmap(); !p.shared.inSharedRange(u) { // one VNet at most holds it
		return p.VNetAt(u)
	}
	vs := p.VNetsAt(ip)
	if len(vs) == 0 {
		return nil, false
	}
	for _, want := range []string{from, via} {
		for _, v := range vs {
			if want != "" && v.ID == want {
				return v, true
			}
		}
	}
	for _, v := range vs {
		if p.Link(from, v.ID) != nil {
			return v, true
		}
	}
	return vs[0], true
}

// sharedRanges lists the ranges that more than one of vnets' address
// spaces hold: sorted, disjoint, nil when no two VNets overlap. Sorted by
// address (then shorter first), the prefixes that contain a prefix's
// address are the ones on a stack of nested prefixes, each inside the one
// below; a prefix overlaps one of another VNet exactly when such a one is
// on the stack, and then lies inside it: the prefix is what both hold. Of
// those, the ones inside another are left out.
func sharedRanges(vnets map[string]*VNet) []netip.Prefix {
	type owned struct {
		p    netip.Prefix
		vnet string
	}
	var all []owned
	for id, v := range vnets {
		for _, pr := range v.Prefixes {
			all = append(all, owned{pr, id})
		}
	}
	slices.SortFunc(all, func(a, b owned) int {
		if c := a.p.Addr().Compare(b.p.Addr()); c != 0 {
			return c
		}
		return a.p.Bits() - b.p.Bits()
	})
	var stack []owned
	var out []netip.Prefix
	for _, o := range all {
		for len(stack) > 0 && !stack[len(stack)-1].p.Contains(o.p.Addr()) {
			stack = stack[:len(stack)-1]
		}
		if slices.ContainsFunc(stack, func(s owned) bool { return s.vnet != o.vnet }) && !inLast(out, o.p) {
			out = append(out, o.p)
		}
		stack = append(stack, o)
	}
	return out
}

// inLast reports whether prefix p, which sorts after every prefix of
// ranges, lies inside the last of them.
func inLast(ranges []netip.Prefix, p netip.Prefix) bool {
	return len(ranges) > 0 && ranges[len(ranges)-1].Bits() <= p.Bits() && ranges[len(ranges)-1].Contains(p.Addr())
}

// inSharedRange reports whether ip lies in a range that more than one
// VNet's address space holds.
func (s *sharedAddrs) inSharedRange(ip netip.Addr) bool {
	// The last range starting at or before ip is the only one that may
	// hold it (the ranges are disjoint and sorted).
	i, _ := slices.BinarySearchFunc(s.ranges, ip, func(r netip.Prefix, a netip.Addr) int {
		if r.Addr().Compare(a) <= 0 {
			return -1
		}
		return 1
	})
	return i > 0 && s.ranges[i-1].Contains(ip)
}

// AddressUnique reports whether ip names the same place from every VNet,
// so that looking it up needs no VNet to look from: VNetFrom(from, via,
// ip) is VNetAt(ip) for every from and via, and in that VNet NICIn,
// LoadBalancerIn and PrivateEndpointIn of ip answer as NICAt,
// LoadBalancerAt and PrivateEndpointAt (rule:address-space.private-ip-per-vnet).
// Without overlapping address spaces every address does. With them, an
// address does when it is unmapped, lies in at most one VNet's address
// space and every NIC, load balancer frontend and private endpoint with
// that address is in that VNet (so there is at most one of each).
func (p *Plane) AddressUnique(ip netip.Addr) bool {
	if p.shared == nil {
		return true
	}
	if ip != ip.Unmap() || p.shared.inSharedRange(ip) {
		return false
	}
	vnet := ""
	if v, ok := p.VNetAt(ip); ok {
		vnet = v.ID
	}
	for k, first := range [3]map[netip.Addr]string{p.nicByIP, p.lbByIP, p.peByIP} {
		id, ok := first[ip]
		if !ok {
			continue
		}
		if vnet == "" || p.holderVNet(addrKind(k), id) != vnet || len(p.shared.holders(addrKind(k), ip)) > 0 {
			return false
		}
	}
	return true
}
